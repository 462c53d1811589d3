import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { describeSkipped, runnableModules } from '../../../src/checks/scope.js'
import type { GoModJson } from '../../../src/go/gomod.js'
import type { GoModule } from '../../../src/go/modules.js'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-scope-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

function module(relDir: string, json?: Partial<GoModJson>): GoModule {
  const dir = path.join(root, relDir)
  fs.mkdirSync(dir, { recursive: true })
  return {
    dir,
    relDir,
    file: path.join(dir, 'go.mod'),
    relPath: `${relDir}/go.mod`,
    text: '',
    directives: [],
    json:
      json === undefined
        ? undefined
        : {
            Module: { Path: `example.com/${relDir}` },
            Require: null,
            Exclude: null,
            Replace: null,
            Retract: null,
            ...json
          }
  }
}

describe('runnableModules', () => {
  it('keeps modules go can run on and says why it skips the others', () => {
    fs.mkdirSync(path.join(root, 'lib'), { recursive: true })
    fs.writeFileSync(path.join(root, 'lib', 'go.mod'), 'module example.com/lib\n')
    const ok = module('ok', { Go: '1.24.0' })
    const sibling = module('app', {
      Go: '1.24.0',
      Replace: [{ Old: { Path: 'example.com/lib' }, New: { Path: '../lib' } }]
    })
    const versioned = module('pinned', {
      Go: '1.24.0',
      Replace: [
        { Old: { Path: 'example.com/x' }, New: { Path: 'example.com/y', Version: 'v1.0.0' } }
      ]
    })
    const unreadable = module('broken')
    const tooNew = module('future', { Go: '1.99.0' })
    const laptop = module('laptop', {
      Go: '1.24.0',
      Replace: [{ Old: { Path: 'example.com/fork' }, New: { Path: '../../fork' } }]
    })
    const result = runnableModules({
      modules: [ok, sibling, versioned, unreadable, tooNew, laptop],
      effectiveGoEnv: { GOVERSION: 'go1.26.8 X:nodwarf5' }
    })
    expect(result.modules.map((m) => m.relDir)).toEqual(['ok', 'app', 'pinned'])
    expect(describeSkipped(result.skipped)).toBe(
      'skipped broken: go cannot read broken/go.mod; ' +
        'skipped future: future/go.mod requires go >= 1.99.0 (running go 1.26.8); ' +
        'skipped laptop: replacement directory ../../fork has no go.mod'
    )
  })
})
