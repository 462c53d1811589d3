// vendor against fixture modules whose vendor/ the real `go mod vendor` / `go work vendor` wrote,
// with the real go and a hermetic module proxy; each test plants its drift in a fresh copy.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import type { CheckOutcome } from '../../src/checks/types.js'
import { vendorCheck } from '../../src/checks/vendor.js'
import type { RawInputs } from '../../src/config.js'
import type { CheckResult, CheckFinding } from '../../src/findings.js'
import { runCheck } from '../../src/runcheck.js'
import {
  cleanProcessEnv,
  contextFor,
  fixtureRepo,
  goFixtures,
  brief,
  lineOf
} from '../helpers/fixtures.js'
import { freshModCache, hermeticGoEnv } from '../helpers/goproxy.js'

// go mod vendor extracts the modules into a fresh cache, then go list loads the packages.
jest.setTimeout(120_000)

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

function repo(name: string): string {
  const r = fixtureRepo(name)
  cleanups.push(r.cleanup)
  return r.root
}

/** The check's outcome and the status the gate gives it, with a module cache of its own. */
async function vendor(
  root: string,
  inputs: RawInputs = {}
): Promise<Omit<CheckOutcome, 'status'> & { status: CheckResult['status'] }> {
  const cache = freshModCache()
  cleanups.push(cache.cleanup)
  const context = await contextFor(root, inputs, cleanProcessEnv(hermeticGoEnv(cache.dir)))
  try {
    const result = await runCheck(vendorCheck, context)
    return { findings: result.findings, summary: result.summary, status: result.status }
  } finally {
    context.abort()
  }
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const abs = path.join(root, file)
  const before = fs.readFileSync(abs, 'utf8')
  const after = change(before)
  if (after === before) throw new Error(`the edit of ${file} changed nothing`)
  fs.writeFileSync(abs, after)
}

/** What git sees in the checkout: the check must leave it as the test left it. */
function gitStatus(root: string): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root })
    .toString()
    .trimEnd()
}

const UUID = 'vendor/github.com/google/uuid'

describe('vendor', () => {
  it('is a stage 2 check named vendor', () => {
    expect(vendorCheck).toMatchObject({ name: 'vendor', stage: 2 })
  })

  describe('a vendored module (vendor-module)', () => {
    it('passes when vendor/ is what go mod vendor writes', async () => {
      const root = repo('vendor-module')
      const outcome = await vendor(root)
      expect(brief(outcome.findings)).toEqual([])
      expect(outcome.status).toBe('pass')
      expect(outcome.summary).toBe('1 module vendored, consistent')
      expect(gitStatus(root)).toBe('')
    })

    it('errors on an edited vendored file, at the edited line, and leaves the checkout alone', async () => {
      const root = repo('vendor-module')
      edit(root, `${UUID}/version4.go`, (t) =>
        t.replace('\treturn Must(NewRandom()).String()', '\treturn "not random"')
      )
      const before = gitStatus(root)
      const outcome = await vendor(root)
      const line = lineOf(root, `${UUID}/version4.go`, '\treturn "not random"')
      expect(brief(outcome.findings)).toEqual([
        `${UUID}/version4.go:${line} error Vendored github.com/google/uuid differs from go mod vendor (1 changed)`
      ])
      const f = outcome.findings[0] as CheckFinding
      expect(f.rule).toMatch(/^vendor\//)
      expect(f.message).toContain(`${UUID}: 1 file changed: version4.go`)
      expect(f.fix).toBe('run `go mod vendor` and commit vendor/')
      expect(outcome.status).toBe('fail')
      expect(outcome.summary).toBe('1 module vendored, 1 out of sync')
      expect(gitStatus(root)).toBe(before)
      expect(before).toBe(` M ${UUID}/version4.go`)
    })

    it('groups several edited files of one module into one finding', async () => {
      const root = repo('vendor-module')
      edit(root, `${UUID}/version4.go`, (t) => `${t}\n// edited\n`)
      edit(root, `${UUID}/hash.go`, (t) => t.replace('package uuid', 'package uuid // edited'))
      const outcome = await vendor(root)
      expect(brief(outcome.findings)).toEqual([
        `${UUID}/hash.go:${lineOf(root, `${UUID}/hash.go`, 'package uuid // edited')} error Vendored github.com/google/uuid differs from go mod vendor (2 changed)`
      ])
      expect(outcome.findings[0]?.message).toContain('2 files changed: hash.go, version4.go')
    })

    it('errors on a deleted vendored file, at the module line of vendor/modules.txt', async () => {
      const root = repo('vendor-module')
      fs.rmSync(path.join(root, UUID, 'hash.go'))
      const outcome = await vendor(root)
      const line = lineOf(root, 'vendor/modules.txt', '# github.com/google/uuid v1.6.0')
      expect(brief(outcome.findings)).toEqual([
        `vendor/modules.txt:${line} error Vendored github.com/google/uuid differs from go mod vendor (1 missing)`
      ])
      expect(outcome.findings[0]?.message).toContain(`${UUID}: 1 missing: hash.go`)
      expect(outcome.status).toBe('fail')
    })

    it('errors on a vendored module go.mod does not require, once, on its modules.txt entry', async () => {
      const root = repo('vendor-module')
      fs.cpSync(
        path.join(goFixtures, 'vendor-workspace/vendor/github.com/pkg'),
        path.join(root, 'vendor/github.com/pkg'),
        { recursive: true }
      )
      fs.appendFileSync(
        path.join(root, 'vendor/modules.txt'),
        '# github.com/pkg/errors v0.9.1\n## explicit\ngithub.com/pkg/errors\n'
      )
      const outcome = await vendor(root)
      const line = lineOf(root, 'vendor/modules.txt', '# github.com/pkg/errors v0.9.1')
      expect(brief(outcome.findings)).toEqual([
        `vendor/modules.txt:${line} error github.com/pkg/errors is vendored but not required`
      ])
      const f = outcome.findings[0] as CheckFinding
      expect(f.endLine).toBe(line + 2)
      // go's own words, and the extra files folded in rather than a second finding.
      expect(f.message).toContain(
        'github.com/pkg/errors@v0.9.1: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod'
      )
      expect(f.message).toContain('vendor/github.com/pkg/errors: 9 extra: .gitignore, .travis.yml')
    })

    it('errors on a vendored directory of no module, at its first Go file', async () => {
      const root = repo('vendor-module')
      fs.cpSync(
        path.join(goFixtures, 'vendor-workspace/vendor/github.com/pkg'),
        path.join(root, 'vendor/github.com/pkg'),
        { recursive: true }
      )
      const outcome = await vendor(root)
      expect(brief(outcome.findings)).toEqual([
        'vendor/github.com/pkg/errors/errors.go:1 error vendor/github.com/pkg/errors holds files go mod vendor does not write (9 extra)'
      ])
    })

    it('puts a dropped `## explicit` marker on the go.mod require line, not on modules.txt', async () => {
      const root = repo('vendor-module')
      edit(root, 'vendor/modules.txt', (t) => t.replace('## explicit\n', ''))
      const outcome = await vendor(root)
      const line = lineOf(root, 'go.mod', 'require github.com/google/uuid v1.6.0')
      expect(brief(outcome.findings)).toEqual([
        `go.mod:${line} error github.com/google/uuid is not marked explicit in vendor/modules.txt`
      ])
      expect(outcome.findings[0]?.message).toContain(
        'github.com/google/uuid@v1.6.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt'
      )
      expect(outcome.status).toBe('fail')
    })

    it('reports a require moved to another version without re-vendoring once, on go.mod', async () => {
      const root = repo('vendor-module')
      edit(root, 'go.mod', (t) =>
        t.replace('github.com/google/uuid v1.6.0', 'github.com/google/uuid v1.5.0')
      )
      // go.sum as `go mod tidy` writes it for v1.5.0 (go mod vendor checks the zip against it).
      fs.writeFileSync(
        path.join(root, 'go.sum'),
        'github.com/google/uuid v1.5.0 h1:1p67kYwdtXjb0gL0BPiP1Av9wiZPo5A8z2cWkTZ+eyU=\n' +
          'github.com/google/uuid v1.5.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n'
      )
      const outcome = await vendor(root)
      const line = lineOf(root, 'go.mod', 'require github.com/google/uuid v1.5.0')
      expect(brief(outcome.findings)).toEqual([
        `go.mod:${line} error github.com/google/uuid is vendored at v1.6.0, not v1.5.0`
      ])
      const message = outcome.findings[0]?.message ?? ''
      expect(message).toContain('github.com/google/uuid@v1.5.0: is explicitly required in go.mod')
      expect(message).toContain(
        'github.com/google/uuid@v1.6.0: is marked as explicit in vendor/modules.txt'
      )
      expect(message).toContain(`${UUID}: 3 files changed: CHANGELOG.md, hash.go, version7.go`)
    })

    it('annotates a modules.txt line go does not complain about at that line', async () => {
      const root = repo('vendor-module')
      edit(root, 'vendor/modules.txt', (t) => `${t}github.com/google/uuid/internal\n`)
      const outcome = await vendor(root)
      const line = lineOf(root, 'vendor/modules.txt', 'github.com/google/uuid/internal')
      expect(brief(outcome.findings)).toEqual([
        `vendor/modules.txt:${line} error vendor/modules.txt differs from go mod vendor`
      ])
      expect(outcome.findings[0]?.message).toContain('- github.com/google/uuid/internal')
    })

    it('skips a module without vendor/ under vendor: auto', async () => {
      const root = repo('vendor-module')
      fs.rmSync(path.join(root, 'vendor'), { recursive: true })
      const outcome = await vendor(root)
      expect(outcome.findings).toEqual([])
      expect(outcome.status).toBe('skipped')
      expect(outcome.summary).toBe('no vendor/ (vendor: auto)')
    })

    it('errors on a module without vendor/ under vendor: true, on its go.mod', async () => {
      const root = repo('vendor-module')
      fs.rmSync(path.join(root, 'vendor'), { recursive: true })
      const outcome = await vendor(root, { vendor: 'true' })
      expect(brief(outcome.findings)).toEqual([
        `go.mod:${lineOf(root, 'go.mod', 'module example.com/vendored')} error vendor/ is missing`
      ])
      expect(outcome.findings[0]?.fix).toBe('run `go mod vendor` and commit vendor/')
      expect(outcome.status).toBe('fail')
      expect(outcome.summary).toBe('1 module without vendor/')
    })

    it('passes a vendored module under vendor: true', async () => {
      const outcome = await vendor(repo('vendor-module'), { vendor: 'true' })
      expect(outcome.findings).toEqual([])
      expect(outcome.status).toBe('pass')
    })

    it('checks nothing under vendor: false, even a drifted vendor/', async () => {
      const root = repo('vendor-module')
      fs.rmSync(path.join(root, UUID, 'hash.go'))
      const outcome = await vendor(root, { vendor: 'false' })
      expect(outcome.findings).toEqual([])
      expect(outcome.status).toBe('skipped')
      expect(outcome.summary).toBe('vendor: false')
    })
  })

  describe('a vendored workspace (vendor-workspace)', () => {
    it('passes when vendor/ is what go work vendor writes', async () => {
      const root = repo('vendor-workspace')
      const outcome = await vendor(root)
      expect(brief(outcome.findings)).toEqual([])
      expect(outcome.status).toBe('pass')
      expect(outcome.summary).toBe('workspace vendored, consistent')
    })

    it('counts the workspace vendor/ for every module it uses under vendor: true', async () => {
      const outcome = await vendor(repo('vendor-workspace'), { vendor: 'true' })
      expect(outcome.findings).toEqual([])
      expect(outcome.status).toBe('pass')
    })

    it('errors on each go.mod requiring a module modules.txt no longer marks explicit', async () => {
      const root = repo('vendor-workspace')
      edit(root, 'vendor/modules.txt', (t) => t.replace('## explicit\n', ''))
      const outcome = await vendor(root)
      const require = 'require github.com/pkg/errors v0.9.1'
      expect(brief(outcome.findings)).toEqual([
        `a/go.mod:${lineOf(root, 'a/go.mod', require)} error github.com/pkg/errors is not marked explicit in vendor/modules.txt`,
        `b/go.mod:${lineOf(root, 'b/go.mod', require)} error github.com/pkg/errors is not marked explicit in vendor/modules.txt`
      ])
      expect(outcome.findings.map((f) => f.fix)).toEqual([
        'run `go work vendor` and commit vendor/',
        'run `go work vendor` and commit vendor/'
      ])
      expect(outcome.summary).toBe('workspace vendored, 1 out of sync')
    })

    /** a/vendor/ as `GOWORK=off go mod vendor` writes it in a: the workspace's, without `## workspace`. */
    function vendorModuleA(root: string): void {
      fs.cpSync(path.join(root, 'vendor'), path.join(root, 'a/vendor'), { recursive: true })
      edit(root, 'a/vendor/modules.txt', (t) => t.replace('## workspace\n', ''))
    }

    it('also checks a used module with a vendor/ of its own, with GOWORK=off', async () => {
      const root = repo('vendor-workspace')
      vendorModuleA(root)
      const outcome = await vendor(root)
      expect(brief(outcome.findings)).toEqual([])
      expect(outcome.status).toBe('pass')
      expect(outcome.summary).toBe('workspace and 1 module vendored, consistent')
    })

    it('errors on an edited file of a module vendor/ inside a workspace, under that module', async () => {
      const root = repo('vendor-workspace')
      vendorModuleA(root)
      const file = 'a/vendor/github.com/pkg/errors/stack.go'
      edit(root, file, (t) => t.replace('package errors', 'package errors // patched'))
      const outcome = await vendor(root)
      expect(brief(outcome.findings)).toEqual([
        `${file}:${lineOf(root, file, 'package errors // patched')} error Vendored github.com/pkg/errors differs from go mod vendor (1 changed)`
      ])
      expect(outcome.findings[0]?.fix).toBe('run `go mod vendor` in a and commit a/vendor/')
      expect(outcome.summary).toBe('workspace and 1 module vendored, 1 out of sync')
    })

    it('errors on an edited file of the workspace vendor/', async () => {
      const root = repo('vendor-workspace')
      const file = 'vendor/github.com/pkg/errors/errors.go'
      edit(root, file, (t) => t.replace('package errors', 'package errors // patched'))
      const outcome = await vendor(root)
      expect(brief(outcome.findings)).toEqual([
        `${file}:${lineOf(root, file, 'package errors // patched')} error Vendored github.com/pkg/errors differs from go work vendor (1 changed)`
      ])
    })
  })
})
