// One cause, one finding: which later checks a root cause blocks, and what each check is told
// to leave alone. The whole gate on real go is in __tests__/integration/rootcause.test.ts.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import {
  blockModules,
  modulesFromVendor,
  recordRootCauses,
  rootCause,
  unavailableFor,
  type RootCauses
} from '../../../src/checks/rootcause.js'
import type { CheckContext } from '../../../src/checks/types.js'
import type { GoModule, GoWorkspace } from '../../../src/go/modules.js'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-rootcause-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

function module(relDir: string, options: { go?: string; vendored?: boolean } = {}): GoModule {
  const dir = path.join(root, relDir)
  fs.mkdirSync(path.join(dir, 'vendor'), { recursive: true })
  if (options.vendored) fs.writeFileSync(path.join(dir, 'vendor', 'modules.txt'), '')
  return {
    dir,
    relDir,
    file: path.join(dir, 'go.mod'),
    relPath: `${relDir}/go.mod`,
    text: '',
    directives: [],
    json: {
      Module: { Path: `example.com/${relDir}` },
      Go: options.go ?? '1.24.0',
      Require: null,
      Exclude: null,
      Replace: null,
      Retract: null
    }
  }
}

const context = (
  modules: GoModule[],
  goflags = '-mod=readonly',
  workspace?: GoWorkspace
): Pick<CheckContext, 'modules' | 'pinned' | 'workspace'> => ({
  modules,
  workspace,
  pinned: {
    GOPROXY: '',
    GOSUMDB: '',
    GOPRIVATE: '',
    GOFLAGS: goflags,
    GOTOOLCHAIN: 'local',
    GO111MODULE: 'on'
  }
})

describe('modulesFromVendor', () => {
  const plain = module('plain')
  const vendored = module('vendored', { vendored: true })
  const old = module('old', { vendored: true, go: '1.13' })

  it('is the modules with vendor/modules.txt that go builds from vendor/ by default', () => {
    expect([...modulesFromVendor(context([plain, vendored, old], ''))]).toEqual(['vendored'])
  })

  it('follows -mod in GOFLAGS: readonly turns vendor mode off, vendor turns it on', () => {
    expect([...modulesFromVendor(context([plain, vendored, old], '-mod=readonly'))]).toEqual([])
    expect([...modulesFromVendor(context([plain, vendored, old], '-mod=vendor'))]).toEqual([
      'vendored',
      'old'
    ])
  })

  it('leaves out a module a go.work uses: workspace mode ignores its vendor/', () => {
    const workspace = {
      file: path.join(root, 'go.work'),
      relPath: 'go.work',
      text: '',
      directives: [],
      json: { Use: [{ DiskPath: './vendored' }], Replace: null }
    } as unknown as GoWorkspace
    expect([...modulesFromVendor(context([vendored], '', workspace))]).toEqual([])
  })
})

describe('blockModules', () => {
  it('blocks every later check, but only those needing go.sum or downloads in a module built from vendor/', () => {
    const reason = rootCause('modfile', 'go.sum is missing')
    expect(reason).toBe('go.sum is missing (modfile)')
    expect(blockModules(['a', 'v', 'b'], reason, new Set(['v']))).toEqual([
      { moduleDirs: ['a', 'b'], reason },
      { moduleDirs: ['v'], reason, checks: ['download', 'verify', 'tidy', 'vendor'] }
    ])
  })
})

describe('unavailableFor', () => {
  it('gives each check the modules blocked for it, with the first cause found', () => {
    const causes: RootCauses = new Map()
    recordRootCauses(causes, [
      { moduleDirs: ['a'], reason: 'go.sum is missing (modfile)' },
      { moduleDirs: ['v'], reason: 'go.sum is missing (modfile)', checks: ['tidy'] }
    ])
    recordRootCauses(causes, [{ moduleDirs: ['a', 'v'], reason: 'x@v1.0.0 not found (download)' }])
    expect([...unavailableFor(causes, 'tidy')]).toEqual([
      ['a', 'go.sum is missing (modfile)'],
      ['v', 'go.sum is missing (modfile)']
    ])
    expect([...unavailableFor(causes, 'tests')]).toEqual([
      ['a', 'go.sum is missing (modfile)'],
      ['v', 'x@v1.0.0 not found (download)']
    ])
    expect([...unavailableFor(new Map(), 'tests')]).toEqual([])
  })
})
