// Trimming the caches with the real go.
//
// Build cache: "used by this run" is exact when the trimmed cache is what the same command needs
// again, no more and no less. Each test fills a private GOCACHE with `go test ./...` over two
// independent packages, ages it, runs `go test ./a`, trims, then ages it once more and runs
// `go test ./a` again: it must pass from the cache without go writing a single new entry (every
// entry it needs was kept) and it must use every entry that is left (nothing else was kept),
// while b's entries are gone (`go test ./b` runs the tests again).
//
// Module cache: after trimming with a go.sum that lists one version, go builds, verifies and
// downloads that version with GOPROXY=off, and the versions it does not list are gone.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { trimBuildCache, trimModuleCache } from '../../src/cache/trim.js'
import { AGE_MS, ageBuildCache, listBuildEntries, usedBuildEntries } from '../../src/cache/usage.js'
import { cleanProcessEnv, fixtureRepo } from '../helpers/fixtures.js'
import { fileProxyUrl, freshModCache, hermeticGoEnv } from '../helpers/goproxy.js'

// Filling a GOCACHE from nothing compiles the standard library packages testing needs.
jest.setTimeout(240_000)

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c()
})

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

interface GoResult {
  status: number
  output: string
}

function go(args: string[], cwd: string, env: Record<string, string | undefined>): GoResult {
  try {
    const output = execFileSync('go', args, {
      cwd,
      env: env as NodeJS.ProcessEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
    return { status: 0, output }
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string }
    return { status: e.status ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

function goOk(args: string[], cwd: string, env: Record<string, string | undefined>): string {
  const result = go(args, cwd, env)
  if (result.status !== 0) throw new Error(`go ${args.join(' ')} failed:\n${result.output}`)
  return result.output
}

const entryNames = (gocache: string): string[] => listBuildEntries(gocache).map((e) => e.name)

describe('build cache: what this run used, exactly', () => {
  let filled: string
  let project: string

  beforeAll(() => {
    const repo = fixtureRepo('cache-two-packages')
    project = repo.root
    filled = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-gocache-filled-'))
    goOk(['test', './...'], project, buildEnv(filled))
    afterAllCleanups.push(repo.cleanup, () => fs.rmSync(filled, { recursive: true, force: true }))
  })

  const afterAllCleanups: Array<() => void> = []
  afterAll(() => {
    for (const c of afterAllCleanups) c()
  })

  function buildEnv(gocache: string): Record<string, string | undefined> {
    return cleanProcessEnv({
      GOCACHE: gocache,
      GOTOOLCHAIN: 'local',
      GOWORK: 'off',
      GOPROXY: 'off'
    })
  }

  /** A copy of the cache `go test ./...` filled, for one test to spend. */
  function copyOfFilled(): string {
    const dir = tempDir('gcg-gocache-')
    fs.cpSync(filled, dir, { recursive: true, preserveTimestamps: true })
    return dir
  }

  /** Ages the cache, runs `go test <pkg>`, and returns the output and the run's start. */
  function runAged(gocache: string, pkg: string): { output: string; since: number } {
    const since = Date.now()
    ageBuildCache(gocache, since)
    return { output: goOk(['test', pkg], project, buildEnv(gocache)), since }
  }

  it('keeps exactly what `go test ./a` needs: the same run again writes nothing and uses all of it', () => {
    const gocache = copyOfFilled()
    const first = runAged(gocache, './a')
    expect(first.output).toMatch(/^ok\s+example\.com\/cachetwo\/a\s+\(cached\)$/m)
    const all = entryNames(gocache)
    const result = trimBuildCache(gocache, first.since)
    expect(result.skipped).toBeUndefined()
    expect(result.removed.entries).toBeGreaterThan(0)
    const kept = entryNames(gocache)
    expect(kept.length).toBe(result.kept.entries)
    expect(kept.length + result.removed.entries).toBe(all.length)
    expect(fs.existsSync(path.join(gocache, 'trim.txt'))).toBe(true)
    expect(fs.existsSync(path.join(gocache, 'README'))).toBe(true)

    const again = runAged(gocache, './a')
    expect(again.output).toMatch(/^ok\s+example\.com\/cachetwo\/a\s+\(cached\)$/m)
    // Sufficient: go found everything it needed and wrote no entry.
    expect(entryNames(gocache)).toEqual(kept)
    // Minimal: go used every entry that was kept.
    expect(usedBuildEntries(gocache, again.since)).toEqual(kept)

    // And b's entries are gone: its tests build and run again, writing new entries.
    const b = goOk(['test', './b'], project, buildEnv(gocache))
    expect(b).toMatch(/^ok\s+example\.com\/cachetwo\/b\s+\d+\.\d+s$/m)
    expect(entryNames(gocache).length).toBeGreaterThan(kept.length)
  })

  it('keeps an output go found already in place although it left that file with its old mtime', () => {
    // A comment changes the action IDs but not the outputs: cache.go copyFile sees an identical
    // output file and returns without touching it, so its mtime alone says "unused".
    const gocache = copyOfFilled()
    const test = path.join(project, 'a', 'a_test.go')
    const original = fs.readFileSync(test, 'utf8')
    fs.appendFileSync(test, '\n// A comment: new action IDs, the same outputs.\n')
    cleanups.push(() => fs.writeFileSync(test, original))

    const first = runAged(gocache, './a')
    const oldOutputs = listBuildEntries(gocache).filter(
      (e) => e.kind === 'd' && e.mtimeMs < first.since - AGE_MS / 2
    )
    const used = new Set(usedBuildEntries(gocache, first.since))
    const keptOnlyThroughIndex = oldOutputs.filter((e) => used.has(e.name))
    // The case exists: without following the index entries these would have been deleted.
    expect(keptOnlyThroughIndex.length).toBeGreaterThan(0)

    trimBuildCache(gocache, first.since)
    const kept = entryNames(gocache)
    const again = runAged(gocache, './a')
    expect(again.output).toMatch(/^ok\s+example\.com\/cachetwo\/a\s+\(cached\)$/m)
    expect(entryNames(gocache)).toEqual(kept)
    expect(usedBuildEntries(gocache, again.since)).toEqual(kept)
  })

  it("protects a restored week-old cache from go's own trim for the length of the run", () => {
    // As tar restores it: the mtimes of the run that saved it, and trim.txt from then too.
    const restore = (): string => {
      const gocache = copyOfFilled()
      const week = new Date(Date.now() - 7 * 24 * 3600 * 1000)
      for (const e of listBuildEntries(gocache)) fs.utimesSync(e.path, week, week)
      fs.writeFileSync(path.join(gocache, 'trim.txt'), String(Math.floor(week.getTime() / 1000)))
      return gocache
    }
    const cachedA = /^ok\s+example\.com\/cachetwo\/a\s+\(cached\)$/m

    // Without ageing, the first go command's trim (work/exec.go Builder.Do -> Close -> Trim)
    // deletes everything it did not use itself: a's results are gone for the next command.
    const bare = restore()
    goOk(['test', './b'], project, buildEnv(bare))
    expect(goOk(['test', './a'], project, buildEnv(bare))).not.toMatch(cachedA)

    const aged = restore()
    ageBuildCache(aged, Date.now())
    goOk(['test', './b'], project, buildEnv(aged))
    expect(goOk(['test', './a'], project, buildEnv(aged))).toMatch(cachedA)
  })
})

describe('module cache: only what go.sum lists', () => {
  it('keeps the listed version for offline builds and drops the others, read-only trees too', () => {
    const repo = fixtureRepo('cache-module-deps')
    const cache = freshModCache()
    // GOFLAGS empty: go extracts modules read-only, as on a runner.
    const env = cleanProcessEnv({
      ...hermeticGoEnv(cache.dir, fileProxyUrl()),
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      GOWORK: 'off'
    })
    cleanups.push(repo.cleanup, cache.cleanup, () => {
      go(['clean', '-modcache'], os.tmpdir(), env)
    })
    goOk(['mod', 'download'], repo.root, env)
    goOk(
      ['mod', 'download', 'github.com/google/uuid@v1.5.0', 'github.com/pkg/errors@v0.9.1'],
      os.tmpdir(),
      env
    )
    const kept = path.join(cache.dir, 'github.com', 'google', 'uuid@v1.6.0')
    const dropped = path.join(cache.dir, 'github.com', 'google', 'uuid@v1.5.0')
    expect(fs.statSync(dropped).mode & 0o222).toBe(0)

    const offline = { ...env, GOPROXY: 'off', GOFLAGS: '-mod=readonly' }
    const downloadOld = ['mod', 'download', 'github.com/google/uuid@v1.5.0']
    // Before the trim the cache serves v1.5.0 offline, so its failure below is the trim's doing.
    expect(go(downloadOld, os.tmpdir(), offline).status).toBe(0)

    const goSum = fs.readFileSync(path.join(repo.root, 'go.sum'), 'utf8')
    const result = trimModuleCache(cache.dir, [{ content: goSum }])
    expect(result.kept.entries).toBe(1)
    expect(result.removed.entries).toBe(2)
    expect(result.removed.bytes).toBeGreaterThan(0)
    expect(fs.existsSync(kept)).toBe(true)
    expect(fs.existsSync(dropped)).toBe(false)
    expect(fs.existsSync(path.join(cache.dir, 'github.com', 'pkg'))).toBe(false)
    expect(fs.existsSync(path.join(cache.dir, 'cache', 'download', 'github.com', 'pkg'))).toBe(
      false
    )

    goOk(['build', './...'], repo.root, offline)
    expect(goOk(['mod', 'verify'], repo.root, offline)).toContain('all modules verified')
    goOk(['mod', 'download'], repo.root, offline)
    const old = go(downloadOld, os.tmpdir(), offline)
    expect(old.status).not.toBe(0)
    expect(old.output).toContain('github.com/google/uuid@v1.5.0')
  })
})
