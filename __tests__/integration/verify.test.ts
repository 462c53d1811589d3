// The verify check with the real go against __fixtures__/go/verify-deps, through the hermetic
// file:// proxy: each test downloads the fixture's two dependencies into a module cache of its
// own, tampers with it the way a poisoned CI cache would be, and runs the check.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import type { CheckOutcome } from '../../src/checks/types.js'
import { verifyCheck } from '../../src/checks/verify.js'
import type { CheckFinding } from '../../src/findings.js'
import { runCheck } from '../../src/runcheck.js'
import { cleanProcessEnv, contextFor, fixtureRepo, lineOf } from '../helpers/fixtures.js'
import { escapeModulePath, fileProxyUrl, freshModCache, hermeticGoEnv } from '../helpers/goproxy.js'

// go mod download from a file:// proxy, then verify: a few seconds; the first run of the suite
// also fills the shared test cache from the real proxy.
jest.setTimeout(120_000)

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

const SUMMARY_TAIL = 'vendor/ is not covered (the vendor check compares it)'

interface Setup {
  root: string
  modcache: string
  processEnv: Record<string, string | undefined>
}

/** The fixture in a fresh checkout, its dependencies downloaded into a fresh module cache. */
function setup(fixture = 'verify-deps', download = true): Setup {
  const repo = fixtureRepo(fixture)
  const cache = freshModCache()
  cleanups.push(repo.cleanup, cache.cleanup)
  const processEnv = cleanProcessEnv(hermeticGoEnv(cache.dir, fileProxyUrl()))
  if (download) {
    execFileSync('go', ['mod', 'download'], {
      cwd: repo.root,
      env: { ...processEnv, GOTOOLCHAIN: 'local' } as NodeJS.ProcessEnv,
      stdio: 'ignore'
    })
  }
  return { root: repo.root, modcache: cache.dir, processEnv }
}

async function verify(s: Setup): Promise<{ outcome: CheckOutcome; goflags: string }> {
  const context = await contextFor(s.root, {}, s.processEnv)
  try {
    return { outcome: await verifyCheck.run(context), goflags: context.pinned.GOFLAGS }
  } finally {
    context.abort()
  }
}

/** file:line severity title, the way the reply lists them. */
function ownBrief(findings: CheckFinding[]): string[] {
  // Every finding is the verify check's own.
  expect(findings.map((f) => f.rule.split('/')[0])).toEqual(findings.map(() => 'verify'))
  return findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'} ${f.severity} ${f.title}`)
}

/** Module cache files are read-only (-modcacherw only opens the directories): open one to write. */
function writable(file: string): string {
  fs.chmodSync(file, 0o644)
  return file
}

function extracted(modcache: string, mod: string, version: string): string {
  return path.join(modcache, `${escapeModulePath(mod)}@${version}`)
}

function downloaded(modcache: string, mod: string, version: string, ext: string): string {
  return path.join(modcache, 'cache', 'download', escapeModulePath(mod), '@v', `${version}.${ext}`)
}

describe('verify', () => {
  it('is a stage 2 check named verify', () => {
    expect(verifyCheck).toMatchObject({ name: 'verify', stage: 2 })
  })

  it('passes a clean cache and says vendor/ is not covered', async () => {
    const s = setup()
    const { outcome, goflags } = await verify(s)
    expect(outcome.findings).toEqual([])
    expect(outcome.status).toBeUndefined()
    expect(outcome.summary).toBe(`2 modules verified; ${SUMMARY_TAIL}`)
    // What reaches the child go: the hermetic -modcacherw survives pinning.
    expect(goflags.split(' ')).toEqual(['-modcacherw', '-mod=readonly'])
  })

  it('says when nothing was in the cache to verify', async () => {
    const s = setup('verify-deps', false)
    const { outcome } = await verify(s)
    expect(outcome.findings).toEqual([])
    expect(outcome.summary).toBe(
      `0 modules verified; 2 not in the module cache (nothing to verify: go checks them against go.sum when it downloads them); ${SUMMARY_TAIL}`
    )
  })

  it('errors on the go.sum line of a module whose extracted files were edited', async () => {
    const s = setup()
    const dir = extracted(s.modcache, 'github.com/pkg/errors', 'v0.9.1')
    fs.appendFileSync(writable(path.join(dir, 'errors.go')), '\n// tampered\n')
    const { outcome } = await verify(s)
    const line = lineOf(s.root, 'go.sum', 'github.com/pkg/errors v0.9.1 h1:', 'startsWith')
    expect(line).toBe(3)
    expect(ownBrief(outcome.findings)).toEqual([
      `go.sum:${line} error Module cache copy of github.com/pkg/errors v0.9.1 has been modified`
    ])
    const f = outcome.findings[0] as CheckFinding
    expect(f.rule).toMatch(/^verify\//)
    expect(f.message).toContain(`github.com/pkg/errors v0.9.1: dir has been modified (${dir})`)
    expect(f.message).toContain(
      `go.sum line ${line} vouches for h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=`
    )
    expect(f.fix).toContain('go clean -modcache')
    expect(f.fix).toMatch(/^[^\n]+$/)
    expect(outcome.summary).toBe(`1 of 2 modules failed verification; ${SUMMARY_TAIL}`)
  })

  it('errors on the go.sum line of a module whose zip was replaced', async () => {
    const s = setup()
    const zip = downloaded(s.modcache, 'github.com/google/uuid', 'v1.6.0', 'zip')
    // A valid zip with other content: the v1.5.0 release from the test proxy.
    const other = path.join(
      new URL(fileProxyUrl()).pathname,
      'github.com/google/uuid/@v/v1.5.0.zip'
    )
    fs.copyFileSync(other, writable(zip))
    const { outcome } = await verify(s)
    const line = lineOf(s.root, 'go.sum', 'github.com/google/uuid v1.6.0 h1:', 'startsWith')
    expect(line).toBe(1)
    expect(ownBrief(outcome.findings)).toEqual([
      `go.sum:${line} error Module cache zip of github.com/google/uuid v1.6.0 has been modified`
    ])
    expect(outcome.findings[0]?.message).toContain(
      `github.com/google/uuid v1.6.0: zip has been modified (${zip})`
    )
  })

  it('errors on a truncated zip go cannot even read', async () => {
    const s = setup()
    const zip = downloaded(s.modcache, 'github.com/google/uuid', 'v1.6.0', 'zip')
    fs.truncateSync(writable(zip), 100)
    const { outcome } = await verify(s)
    expect(ownBrief(outcome.findings)).toEqual([
      'go.sum:1 error Module cache entry of github.com/google/uuid v1.6.0 cannot be hashed'
    ])
    expect(outcome.findings[0]?.message).toContain(
      'github.com/google/uuid v1.6.0: zip: not a valid zip file'
    )
  })

  it('errors on a cached module without its recorded hash, and on every tampered module', async () => {
    const s = setup()
    fs.rmSync(downloaded(s.modcache, 'github.com/google/uuid', 'v1.6.0', 'ziphash'))
    const dir = extracted(s.modcache, 'github.com/pkg/errors', 'v0.9.1')
    fs.rmSync(path.join(dir, 'stack.go'))
    const { outcome } = await verify(s)
    expect(ownBrief(outcome.findings)).toEqual([
      'go.sum:1 error Module cache entry of github.com/google/uuid v1.6.0 has no recorded hash',
      'go.sum:3 error Module cache copy of github.com/pkg/errors v0.9.1 has been modified'
    ])
    expect(outcome.findings[0]?.message).toMatch(
      /^github\.com\/google\/uuid v1\.6\.0: missing ziphash: open \S+v1\.6\.0\.ziphash: no such file or directory\n/
    )
    expect(outcome.summary).toBe(`2 of 2 modules failed verification; ${SUMMARY_TAIL}`)
  })

  it("reports go's own message, at the require line it names, when verify cannot run", async () => {
    // Nothing cached and no proxy: go cannot load the module graph.
    const s = setup('verify-deps', false)
    s.processEnv.GOPROXY = 'off'
    const { outcome } = await verify(s)
    const line = lineOf(s.root, 'go.mod', '\tgithub.com/google/uuid v1.6.0', 'startsWith')
    expect(ownBrief(outcome.findings)).toEqual([`go.mod:${line} error go mod verify could not run`])
    expect(outcome.findings[0]?.message).toBe(
      'go: github.com/google/uuid@v1.6.0: module lookup disabled by GOPROXY=off'
    )
    expect(outcome.summary).toBe(`go mod verify could not run in the root module; ${SUMMARY_TAIL}`)
  })

  it('fails the check through the gate, which records the go commands', async () => {
    const s = setup()
    fs.appendFileSync(
      writable(path.join(extracted(s.modcache, 'github.com/google/uuid', 'v1.6.0'), 'uuid.go')),
      '\n'
    )
    const context = await contextFor(s.root, {}, s.processEnv)
    const result = await runCheck(verifyCheck, context)
    context.abort()
    expect(result.status).toBe('fail')
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['go.sum:1'])
    expect(context.go.commands.filter((c) => c.args.join(' ') === 'mod verify')).toEqual([
      expect.objectContaining({ cwd: '.', exitCode: 1 })
    ])
  })

  it('verifies each runnable module of a workspace on its own and says which it skipped', async () => {
    // b/go.mod asks for go 1.99.0: the toolchain check reports that, verify skips b.
    const s = setup('go-work-two-modules', false)
    const context = await contextFor(s.root, {}, s.processEnv)
    const outcome = await verifyCheck.run(context)
    context.abort()
    expect(outcome.findings).toEqual([])
    expect(outcome.summary).toBe(
      `0 modules verified; skipped b: b/go.mod requires go >= 1.99.0 (running go ${context.effectiveGoEnv.GOVERSION?.replace(/^go/, '')}); ${SUMMARY_TAIL}`
    )
    expect(
      context.go.commands.filter((c) => c.args.join(' ') === 'mod verify').map((c) => c.cwd)
    ).toEqual(['a'])
  })
})

describe('verify and replace', () => {
  it('says which replaced modules go mod verify leaves unchecked', async () => {
    // uuid v1.6.0 => v1.5.0: go hashes neither (v1.6.0 is not cached, v1.5.0 is not looked at),
    // even when the cached v1.5.0 was tampered with.
    const s = setup('version-replace')
    const dir = extracted(s.modcache, 'github.com/google/uuid', 'v1.5.0')
    fs.appendFileSync(writable(path.join(dir, 'uuid.go')), '\n// tampered\n')
    const { outcome } = await verify(s)
    expect(outcome.findings).toEqual([])
    expect(outcome.summary).toBe(
      `0 modules verified; 1 replaced (go mod verify does not hash replacements: github.com/google/uuid v1.6.0 => github.com/google/uuid v1.5.0); ${SUMMARY_TAIL}`
    )
  })
})
