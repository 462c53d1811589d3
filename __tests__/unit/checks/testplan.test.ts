// Where the packages patterns apply across modules, planned from go list output recorded in the
// modules of __fixtures__/go/tests-modules (`npm run record`: list-modules-*.json).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { planTests, type ModuleListing } from '../../../src/checks/testplan.js'
import type { GoModule } from '../../../src/go/modules.js'
import { parseGoListJson, type GoPackage } from '../../../src/go/packages.js'
import { cleanPattern } from '../../../src/go/patterns.js'

const recorded = path.resolve('__fixtures__/recorded')
const index = JSON.parse(fs.readFileSync(path.join(recorded, 'index.json'), 'utf8')) as {
  recordings: Record<string, { root?: string }>
}
const MODULES = ['.', 'assets', 'exp', 'tools', 'winsvc']
const root = index.recordings['list-modules-root.json']?.root ?? ''

function moduleAt(relDir: string): GoModule {
  return {
    dir: path.join(root, relDir),
    relDir,
    file: path.join(root, relDir, 'go.mod'),
    relPath: relDir === '.' ? 'go.mod' : `${relDir}/go.mod`,
    text: '',
    directives: []
  }
}

/**
 * What go list prints in the module for some of the recorded patterns: the recorded packages
 * those patterns matched, their Match cut down to them (go lists each package once, naming every
 * pattern given that matched it).
 */
function listing(relDir: string, patterns: string[]): ModuleListing {
  const name = `list-modules-${relDir === '.' ? 'root' : relDir}.json`
  const keys = new Set(patterns.map(cleanPattern))
  const packages: GoPackage[] = []
  for (const pkg of parseGoListJson(fs.readFileSync(path.join(recorded, name), 'utf8'))) {
    const match = (pkg.Match ?? []).filter((m) => keys.has(m))
    if (match.length > 0) packages.push({ ...pkg, Match: match })
  }
  return { module: moduleAt(relDir), listing: { packages } }
}

function plan(patterns: string[], modules = MODULES, searchedAll = true) {
  const result = planTests(
    patterns,
    modules.map((m) => listing(m, patterns)),
    root,
    searchedAll
  )
  return {
    runs: result.runs.map((r) => ({
      module: r.module.relDir,
      patterns: r.patterns,
      packages: r.packages.map((p) => p.ImportPath),
      left: r.left.map((l) => l.pattern)
    })),
    skipped: result.skipped.map((s) => `${s.module.relDir}: ${s.reason}`),
    unmatched: result.unmatched,
    notes: result.notes
  }
}

describe('planTests on recorded go list output', () => {
  it('./...: modules without packages (a README, a tools.go, windows-only) are skipped, not failed', () => {
    expect(plan(['./...'])).toMatchObject({
      runs: [
        { module: '.', patterns: ['./...'], packages: ['example.com/multi/core'], left: [] },
        { module: 'exp', patterns: ['./...'], packages: ['example.com/multi/exp/lib'], left: [] }
      ],
      skipped: [
        'assets: no packages to test (./... matches none)',
        'tools: no packages to test (./... matches none)',
        'winsvc: no packages to test (./... matches none)'
      ],
      unmatched: []
    })
  })

  it('./... matching nothing in any module skips every module: never an input error', () => {
    const result = plan(['./...'], ['assets', 'tools', 'winsvc'])
    expect(result.runs).toEqual([])
    expect(result.skipped).toHaveLength(3)
    expect(result.unmatched).toEqual([])
  })

  it('a directory pattern applies where it exists; the other modules are skipped with go’s reason in the log', () => {
    const result = plan(['./core'])
    expect(result.runs).toEqual([
      { module: '.', patterns: ['./core'], packages: ['example.com/multi/core'], left: [] }
    ])
    expect(result.skipped).toContain('exp: no packages to test (./core matches none)')
    expect(result.notes).toContain(
      'exp: ./core matches no package (stat exp/core: directory not found)'
    )
    expect(result.unmatched).toEqual([])
  })

  it('patterns that match in different modules each run where they match', () => {
    const result = plan(['./core', './lib/'])
    expect(result.runs).toEqual([
      { module: '.', patterns: ['./core'], packages: ['example.com/multi/core'], left: ['./lib/'] },
      {
        module: 'exp',
        patterns: ['./lib/'],
        packages: ['example.com/multi/exp/lib'],
        left: ['./core']
      }
    ])
    expect(result.skipped).toContain('assets: no packages to test (./core and ./lib/ match none)')
    expect(result.unmatched).toEqual([])
  })

  it('an import path applies in the module that provides it', () => {
    const result = plan(['example.com/multi/exp/lib'])
    expect(result.runs.map((r) => r.module)).toEqual(['exp'])
    expect(result.unmatched).toEqual([])
  })

  it('a pattern that matches nothing in any module is one input error naming it and the modules', () => {
    const result = plan(['./core', './zapcore'])
    expect(result.unmatched).toHaveLength(1)
    const finding = result.unmatched[0]
    expect(finding).toMatchObject({
      rule: 'tests/packages-unmatched',
      severity: 'error',
      title:
        'packages: "./zapcore" matches no package in any module (modules: ., assets, exp, tools, winsvc)'
    })
    expect(finding?.message.split('\n').slice(1)).toEqual([
      '  .: stat zapcore: directory not found',
      '  assets: stat assets/zapcore: directory not found',
      '  exp: stat exp/zapcore: directory not found',
      '  tools: stat tools/zapcore: directory not found',
      '  winsvc: stat winsvc/zapcore: directory not found'
    ])
    expect(finding?.fix).toContain('go list ./zapcore')
  })

  it('a wildcard whose directory is nowhere is an input error too', () => {
    expect(plan(['./internal/...']).unmatched.map((f) => f.title)).toEqual([
      'packages: "./internal/..." matches no package in any module (modules: ., assets, exp, tools, winsvc)'
    ])
  })

  it('claims no input error when a module was not searched, or its listing could not be read', () => {
    expect(plan(['./zapcore'], MODULES, false).unmatched).toEqual([])
    const listings = MODULES.map((m) => listing(m, ['./zapcore']))
    listings[2] = {
      ...(listings[2] as ModuleListing),
      listing: { packages: [], failure: 'go list exited 1: go: errors parsing go.mod' }
    }
    const result = planTests(['./zapcore'], listings, root, true)
    expect(result.unmatched).toEqual([])
    // The module go list failed in runs every pattern: go test says what is wrong there.
    expect(result.runs.map((r) => [r.module.relDir, r.patterns])).toEqual([['exp', ['./zapcore']]])
    expect(result.notes).toContain(
      'exp: go list exited 1: go: errors parsing go.mod; go test runs with every pattern'
    )
  })

  it('names ten modules in the title at most', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      module: moduleAt(`m${i}`),
      listing: {
        packages: [{ ImportPath: './x', Match: ['./x'], Error: { Err: 'directory not found' } }]
      }
    }))
    const [finding] = planTests(['./x'], many, root, true).unmatched
    expect(finding?.title).toBe(
      'packages: "./x" matches no package in any module (modules: m0, m1, m2, m3, m4, m5, m6, m7, m8, m9 and 2 more)'
    )
    expect(finding?.message.split('\n')).toHaveLength(13)
  })
})
