// Which package patterns match in a module, on go list output recorded from the installed go
// (`npm run record`: list-modules-*.json of __fixtures__/go/tests-modules, list-load-errors.json).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { LIST_FIELDS, parseGoListJson, type GoPackage } from '../../../src/go/packages.js'
import { cleanPattern, isNoPackage, matchPatterns } from '../../../src/go/patterns.js'

const recorded = path.resolve('__fixtures__/recorded')
const index = JSON.parse(fs.readFileSync(path.join(recorded, 'index.json'), 'utf8')) as {
  recordings: Record<string, { command: string; exitCode: number; root?: string }>
}
const read = (name: string): string => fs.readFileSync(path.join(recorded, name), 'utf8')
const listed = (name: string): GoPackage[] => parseGoListJson(read(name))

/** The patterns a recorded go list was given (after `--`). */
function patternsOf(name: string): string[] {
  const words = index.recordings[name]?.command.split(' ') ?? []
  return words.slice(words.indexOf('--') + 1)
}

/** pattern -> the import paths it matched, or `none: <go's reason>` with the root cut out. */
function matched(name: string): Record<string, string[] | string> {
  const root = index.recordings[name]?.root ?? ''
  const matches = matchPatterns(patternsOf(name), listed(name))
  if (matches === undefined) throw new Error(`${name}: patterns not understood`)
  return Object.fromEntries(
    matches.map((m) => [
      m.pattern,
      m.noPackage === undefined
        ? m.packages.map((p) => p.ImportPath)
        : `none: ${m.noPackage.split(root).join('<root>')}`
    ])
  )
}

describe('recorded go list of the package patterns', () => {
  it('was asked for the fields the gate asks for', () => {
    const names = Object.keys(index.recordings).filter((n) => /^list-(modules|load)/.test(n))
    expect(names.length).toBeGreaterThanOrEqual(6)
    for (const name of names) {
      expect(index.recordings[name]?.command).toContain(` -json=${LIST_FIELDS.join(',')} `)
      expect(index.recordings[name]?.exitCode).toBe(0)
    }
  })

  it('root module: ./..., ./core match core; a missing directory, module or wildcard root match none', () => {
    expect(matched('list-modules-root.json')).toEqual({
      './...': ['example.com/multi/core'],
      './core': ['example.com/multi/core'],
      './lib/': 'none: stat <root>/lib: directory not found',
      'example.com/multi/exp/lib': expect.stringMatching(
        /^none: no required module provides package example\.com\/multi\/exp\/lib/
      ),
      './internal/...':
        'none: pattern ./internal/...: lstat ./internal/: no such file or directory',
      './zapcore': 'none: stat <root>/zapcore: directory not found'
    })
  })

  it('exp module: ./lib/ (cleaned to ./lib by go) and the import path match lib', () => {
    expect(matched('list-modules-exp.json')).toMatchObject({
      './...': ['example.com/multi/exp/lib'],
      './core': 'none: stat <root>/exp/core: directory not found',
      './lib/': ['example.com/multi/exp/lib'],
      'example.com/multi/exp/lib': ['example.com/multi/exp/lib']
    })
  })

  it.each(['assets', 'tools', 'winsvc'])(
    '%s module: ./... matches no package, go only warns',
    (module) => {
      expect(matched(`list-modules-${module}.json`)['./...']).toBe(
        'none: go list matched no packages'
      )
      expect(read(`list-modules-${module}.stderr`)).toBe(
        'go: warning: "./..." matched no packages\n'
      )
      // What go test does there, which the gate no longer runs into.
      if (module === 'assets') {
        expect(read('test-no-packages.stderr')).toContain('no packages to test')
        expect(index.recordings['test-no-packages.stderr']?.exitCode).toBe(1)
      }
    }
  )

  it('packages that exist but fail to load are packages; a directory excluded by GOOS or without Go files is none', () => {
    const root = index.recordings['list-load-errors.json']?.root ?? ''
    const all = listed('list-load-errors.json')
    const syntax = all.find((p) => p.ImportPath === 'example.com/loaderrors/syntax')
    expect(syntax?.Error?.Err).toBe("expected 'package', found packag")
    expect(isNoPackage(syntax as GoPackage)).toBe(false)
    expect(matched('list-load-errors.json')).toEqual({
      './...': [
        'example.com/loaderrors/missing',
        'example.com/loaderrors/syntax',
        'example.com/loaderrors/testonly'
      ],
      './windows': 'none: build constraints exclude all Go files in <root>/windows',
      '.': 'none: no Go files in <root>'
    })
    expect(root).not.toBe('')
  })
})

describe('cleanPattern', () => {
  it.each([
    ['./core/', './core'],
    ['.//core', './core'],
    ['./a/../b', './b'],
    ['./.', '.'],
    ['./', '.'],
    ['.', '.'],
    ['./...', './...'],
    ['../x/./y/', '../x/y'],
    ['example.com/m/pkg/', 'example.com/m/pkg'],
    ['example.com/m//pkg@v1.0.0', 'example.com/m/pkg@v1.0.0'],
    ['all', 'all'],
    ['.\\core', './core']
  ])('%s is %s', (given, cleaned) => {
    expect(cleanPattern(given)).toBe(cleaned)
  })

  // go cleans once; without a version or a backslash (which go rewrites first), cleaning is
  // path.Clean's and a cleaned pattern is its own clean form.
  it('is idempotent on paths', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[./a-z]{1,12}$/), (p) => {
        expect(cleanPattern(cleanPattern(p))).toBe(cleanPattern(p))
      })
    )
  })
})

describe('matchPatterns', () => {
  const core: GoPackage = { ImportPath: 'example.com/m/core', GoFiles: ['c.go'], Match: ['./...'] }

  it('cannot tell (undefined) when go names a pattern it was not given, or no pattern', () => {
    expect(matchPatterns(['./...'], [{ ...core, Match: ['./other'] }])).toBeUndefined()
    expect(matchPatterns(['./...'], [{ ImportPath: 'x', GoFiles: ['x.go'] }])).toBeUndefined()
  })

  it('a pattern that matched nothing and no error says go matched no packages', () => {
    expect(matchPatterns(['./...', './a/...'], [core])).toEqual([
      { pattern: './...', packages: [core] },
      { pattern: './a/...', packages: [], noPackage: 'go list matched no packages' }
    ])
  })

  it('a package with an error and no Go file is none; with a file it is a package', () => {
    const empty = { ImportPath: './x', Match: ['./x'], Error: { Err: 'no Go files in /r/x' } }
    expect(isNoPackage(empty)).toBe(true)
    expect(isNoPackage({ ...empty, InvalidGoFiles: ['x.go'] })).toBe(false)
    expect(isNoPackage({ ...empty, TestGoFiles: ['x_test.go'] })).toBe(false)
    expect(isNoPackage({ ImportPath: 'ok' })).toBe(false)
  })
})
