// The main step's side of caching, with the in-memory cache service of __fixtures__/cache.ts, a
// real Config over a temp repository and real GOMODCACHE / GOCACHE directories.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import {
  fakeCacheClient,
  readFiles,
  recordingCacheLog,
  useTempDirs,
  writeFiles,
  type FakeCacheClient
} from '../../../__fixtures__/cache.js'
import { NOT_CONFIGURED, type CacheClient } from '../../../src/cache/entries.js'
import { findSumFiles, planBuildCache, planModuleCache } from '../../../src/cache/plan.js'
import { CacheSession } from '../../../src/cache/session.js'
import { AGE_MS } from '../../../src/cache/usage.js'
import { parseConfig, type RawInputs } from '../../../src/config.js'
import type { GoEnv } from '../../../src/go/env.js'

const tempDir = useTempDirs('gcg-session-')

const SHA = '0123456789abcdef0123456789abcdef01234567'
const RUNNER = { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64', GITHUB_SHA: SHA }
const GO_SUM = 'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n'

const INDEX = `ab/${'a'.repeat(64)}-a`
const OUTPUT = `cd/${'c'.repeat(64)}-d`
/** A build cache entry as an earlier run saved it: an index, its output, go's README. */
const BUILD_FILES = { [INDEX]: 'v1 index\n', [OUTPUT]: 'output', README: 'go build cache\n' }
const MODULE_FILES = {
  'github.com/google/uuid@v1.6.0/uuid.go': 'package uuid\n',
  'cache/download/github.com/google/uuid/@v/v1.6.0.mod': 'module github.com/google/uuid\n'
}

interface Setup {
  root: string
  gomodcache: string
  gocache: string
  /** go env of the runner's go (GOTOOLCHAIN=local). */
  runnerEnv: GoEnv
  /** go env of the go the checks run, after pinning. */
  effectiveEnv: (over?: GoEnv) => GoEnv
  session: CacheSession
  log: ReturnType<typeof recordingCacheLog>
  now: number
}

function setup(client: CacheClient, inputs: RawInputs = {}, runnerOver: GoEnv = {}): Setup {
  const root = tempDir()
  writeFiles(root, { 'go.mod': 'module example.com/x\n\ngo 1.26.0\n', 'go.sum': GO_SUM })
  const home = tempDir()
  const gomodcache = path.join(home, 'go', 'pkg', 'mod')
  const gocache = path.join(home, '.cache', 'go-build')
  const base: GoEnv = {
    GOVERSION: 'go1.26.8',
    GOHOSTOS: 'linux',
    GOHOSTARCH: 'amd64',
    GOFLAGS: '',
    CGO_ENABLED: '1',
    GOMODCACHE: gomodcache,
    GOCACHE: gocache,
    GOWORK: ''
  }
  const runnerEnv = { ...base, ...runnerOver }
  const config = parseConfig(inputs, { cwd: root, root, label: (n) => `input "${n}"` })
  const log = recordingCacheLog()
  const now = Date.now()
  const session = new CacheSession({ config, client, log, env: RUNNER, now: () => now })
  return {
    root,
    gomodcache,
    gocache,
    runnerEnv,
    effectiveEnv: (over = {}) => ({ ...base, GOFLAGS: '-mod=readonly', ...over }),
    session,
    log,
    now
  }
}

/** The keys the session should ask for, made by the planner from the same inputs. */
function expectedKeys(s: Setup, effectiveEnv: GoEnv): { module: string; build: string } {
  const config = parseConfig({}, { cwd: s.root, root: s.root, label: (n) => n })
  const sums = findSumFiles(config, s.runnerEnv)
  return {
    module: planModuleCache({ config, env: RUNNER, sums }, s.runnerEnv).key,
    build: planBuildCache({ config, env: RUNNER, sums }, effectiveEnv).key
  }
}

/** An old file in `dir`, as a self-hosted runner's earlier job leaves it. */
function leftBehind(dir: string, rel: string, before: number): string {
  writeFiles(dir, { [rel]: 'from an earlier job' })
  const file = path.join(dir, ...rel.split('/'))
  const old = new Date(before - 60 * 60 * 1000)
  fs.utimesSync(file, old, old)
  return file
}

const withService = (entries: Record<string, Record<string, string>> = {}): FakeCacheClient =>
  fakeCacheClient({ entries })

describe('CacheSession', () => {
  it('restores the module cache with the runner go first, then the build cache with the effective go', async () => {
    const fake = withService({
      'go-ci-gate-mod-Linux-X64-00000000000000000000': MODULE_FILES,
      'go-ci-gate-build-Linux-X64-go1.26.8-norace-00000000-aaaaaaaaaaaa': BUILD_FILES
    })
    const s = setup(fake)
    await s.session.restoreModuleCache(s.runnerEnv)
    expect(fake.calls).toHaveLength(1)
    // Restored before any go command could write there.
    expect(readFiles(s.gomodcache)).toEqual(MODULE_FILES)
    expect(readFiles(s.gocache)).toEqual({})

    const effective = s.effectiveEnv()
    await s.session.restoreBuildCache(effective)
    const keys = expectedKeys(s, effective)
    expect(fake.calls).toEqual([`restore ${keys.module}`, `restore ${keys.build}`])
    expect(readFiles(s.gocache)).toEqual(BUILD_FILES)
    expect(s.session.entries.map((e) => [e.name, e.path, e.key, e.matchedKey])).toEqual([
      ['module', s.gomodcache, keys.module, 'go-ci-gate-mod-Linux-X64-00000000000000000000'],
      [
        'build',
        s.gocache,
        keys.build,
        'go-ci-gate-build-Linux-X64-go1.26.8-norace-00000000-aaaaaaaaaaaa'
      ]
    ])
    expect(s.log.lines).toEqual([
      expect.stringMatching(
        /^info: module cache \(GOMODCACHE\): restored nearest key go-ci-gate-mod-Linux-X64-0{20}, 2 files, 43 B in \d+ ms$/
      ),
      expect.stringMatching(
        /^info: build cache \(GOCACHE\): restored nearest key go-ci-gate-build-Linux-X64-go1\.26\.8-norace-00000000-a{12}, 3 files, 30 B in \d+ ms$/
      ),
      'info: build cache (GOCACHE): 2 entries aged'
    ])
  })

  it('ages restored build entries to a day before the run, so go marks what it uses', async () => {
    const fake = withService({ 'go-ci-gate-build-Linux-X64-go1.26.8-x': BUILD_FILES })
    const s = setup(fake)
    await s.session.restoreModuleCache(s.runnerEnv)
    await s.session.restoreBuildCache(s.effectiveEnv())
    for (const rel of [INDEX, OUTPUT]) {
      const mtime = fs.statSync(path.join(s.gocache, ...rel.split('/'))).mtimeMs
      expect(Math.abs(mtime - (s.now - AGE_MS))).toBeLessThan(1000)
    }
    // README is not an entry: left as restored.
    expect(fs.statSync(path.join(s.gocache, 'README')).mtimeMs).toBeGreaterThan(s.now - 60_000)
  })

  it('hands the post step everything it needs', async () => {
    const s = setup(withService(), { 'cache-save': 'always', 'cache-timeout': '90s' })
    await s.session.restoreModuleCache(s.runnerEnv)
    await s.session.restoreBuildCache(s.effectiveEnv())
    expect(s.session.state()).toEqual({
      version: 1,
      startedAt: s.now,
      savePolicy: 'always',
      timeoutMs: 90_000,
      sums: [path.join(s.root, 'go.sum')],
      keepModules: [],
      entries: s.session.entries
    })
    // A miss is no entry to report as restored, and nothing to age.
    expect(s.session.entries.map((e) => e.matchedKey)).toEqual([undefined, undefined])
    expect(s.log.lines.map((l) => l.replace(/ for .*/, ''))).toEqual([
      'info: module cache (GOMODCACHE): no entry',
      'info: build cache (GOCACHE): no entry'
    ])
  })

  it('keeps the toolchain go switched to: it lives in the module cache, listed by no go.sum', async () => {
    const s = setup(withService(), {}, { GOVERSION: 'go1.25.0' })
    await s.session.restoreModuleCache(s.runnerEnv)
    await s.session.restoreBuildCache(
      s.effectiveEnv({ GOVERSION: 'go1.26.8', GOHOSTOS: 'darwin', GOHOSTARCH: 'arm64' })
    )
    expect(s.session.state()?.keepModules).toEqual([
      'golang.org/toolchain@v0.0.1-go1.26.8.darwin-arm64'
    ])
    // The build key names the go the checks run, not the runner's.
    expect(s.session.entries[1]?.key).toMatch(/^go-ci-gate-build-Linux-X64-go1\.26\.8-race-/)
  })

  it('keeps no toolchain module when go did not switch', async () => {
    const s = setup(withService())
    await s.session.restoreModuleCache(s.runnerEnv)
    await s.session.restoreBuildCache(s.effectiveEnv())
    expect(s.session.state()?.keepModules).toEqual([])
  })

  describe('state() is undefined when the post step has nothing to do', () => {
    it('before anything was planned', () => {
      expect(setup(withService()).session.state()).toBeUndefined()
    })

    it('when the cache service is not configured: one warning, no calls', async () => {
      const fake = fakeCacheClient({ available: false })
      const s = setup(fake)
      await s.session.restoreModuleCache(s.runnerEnv)
      await s.session.restoreBuildCache(s.effectiveEnv())
      expect(s.session.state()).toBeUndefined()
      expect(fake.calls).toEqual([])
      expect(s.session.entries.map((e) => [e.name, e.skipped])).toEqual([
        ['module', NOT_CONFIGURED],
        ['build', NOT_CONFIGURED]
      ])
      expect(s.log.lines.filter((l) => !l.startsWith('info: '))).toEqual([
        'warning: the GitHub cache service is not configured for this job (no ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL): caching is skipped'
      ])
    })

    it('without a service, a runner s own GOCACHE keeps its mtimes: nothing was restored', async () => {
      const s = setup(fakeCacheClient({ available: false }))
      const own = leftBehind(s.gocache, `ef/${'e'.repeat(64)}-a`, s.now)
      const mtime = fs.statSync(own).mtimeMs
      await s.session.restoreModuleCache(s.runnerEnv)
      await s.session.restoreBuildCache(s.effectiveEnv())
      expect(fs.statSync(own).mtimeMs).toBe(mtime)
      expect(s.log.lines.filter((l) => l.includes('aged'))).toEqual([])
    })

    it('when neither cache has a directory go would use', async () => {
      const fake = withService()
      const s = setup(fake, {}, { GOMODCACHE: '' })
      await s.session.restoreModuleCache(s.runnerEnv)
      await s.session.restoreBuildCache(s.effectiveEnv({ GOCACHE: 'off' }))
      expect(s.session.state()).toBeUndefined()
      expect(fake.calls).toEqual([])
      expect(s.log.lines).toEqual([
        'warning: module cache: not restored or saved: go env GOMODCACHE is empty: no directory to cache',
        'warning: build cache: not restored or saved: go env GOCACHE is "off": no directory to cache'
      ])
    })
  })

  describe('a directory that already holds files', () => {
    it('is neither restored over nor aged: skipped and populated', async () => {
      const fake = withService({
        'go-ci-gate-mod-Linux-X64-x': MODULE_FILES,
        'go-ci-gate-build-Linux-X64-go1.26.8-x': BUILD_FILES
      })
      const s = setup(fake)
      leftBehind(s.gomodcache, 'example.com/old@v1.0.0/old.go', s.now)
      const oldEntry = leftBehind(s.gocache, `ef/${'e'.repeat(64)}-a`, s.now)
      const oldMtime = fs.statSync(oldEntry).mtimeMs
      await s.session.restoreModuleCache(s.runnerEnv)
      await s.session.restoreBuildCache(s.effectiveEnv())

      expect(fake.calls).toEqual([])
      expect(s.session.entries.map((e) => [e.name, e.skipped, e.populated])).toEqual([
        ['module', `${s.gomodcache} already holds files`, true],
        ['build', `${s.gocache} already holds files`, true]
      ])
      expect(s.log.lines).toEqual([
        `notice: module cache (GOMODCACHE): ${s.gomodcache} already holds files (a self-hosted runner, or an earlier step): not restoring over it`,
        `notice: build cache (GOCACHE): ${s.gocache} already holds files (a self-hosted runner, or an earlier step): not restoring over it`
      ])
      expect(fs.statSync(oldEntry).mtimeMs).toBe(oldMtime)
      expect(Object.keys(readFiles(s.gocache))).toEqual([`ef/${'e'.repeat(64)}-a`])
      // The post step is told, and leaves them alone.
      expect(s.session.state()?.entries.map((e) => e.populated)).toEqual([true, true])
    })

    it('counts only files from before the run: what go env wrote since is the run own', async () => {
      const fake = withService({ 'go-ci-gate-build-Linux-X64-go1.26.8-x': BUILD_FILES })
      const s = setup(fake)
      writeFiles(s.gocache, { [`12/${'1'.repeat(64)}-a`]: 'go env wrote this' })
      await s.session.restoreModuleCache(s.runnerEnv)
      await s.session.restoreBuildCache(s.effectiveEnv())
      expect(s.session.entries[1]).toMatchObject({
        matchedKey: 'go-ci-gate-build-Linux-X64-go1.26.8-x'
      })
      expect(s.session.entries[1]?.populated).toBeUndefined()
      expect(s.log.lines.at(-1)).toBe('info: build cache (GOCACHE): 3 entries aged')
    })
  })

  describe('errors are warnings, never exceptions', () => {
    it('a failing service: both restores warn, the run goes on', async () => {
      const fake = fakeCacheClient({ fail: new Error('socket hang up') })
      const s = setup(fake)
      await expect(s.session.restoreModuleCache(s.runnerEnv)).resolves.toBeUndefined()
      await expect(s.session.restoreBuildCache(s.effectiveEnv())).resolves.toBeUndefined()
      expect(fake.calls).toHaveLength(2)
      expect(s.log.lines).toEqual([
        'warning: module cache (GOMODCACHE): restore failed, going on without it: socket hang up',
        'warning: build cache (GOCACHE): restore failed, going on without it: socket hang up'
      ])
      expect(s.session.state()?.entries.map((e) => e.skipped)).toEqual([
        'restore failed: socket hang up',
        'restore failed: socket hang up'
      ])
    })

    it('a service that does not answer within cache-timeout', async () => {
      const never: CacheClient = {
        isFeatureAvailable: () => true,
        restoreCache: () => new Promise(() => undefined),
        saveCache: () => new Promise(() => undefined)
      }
      const s = setup(never, { 'cache-timeout': '1s' })
      await s.session.restoreModuleCache(s.runnerEnv)
      expect(s.log.lines).toEqual([
        'warning: module cache (GOMODCACHE): restore failed, going on without it: the cache service did not finish the restore within 1 s'
      ])
    })

    it('isFeatureAvailable throwing reads as a service that is not configured', async () => {
      const fake = fakeCacheClient()
      const s = setup({
        ...fake,
        isFeatureAvailable: () => {
          throw new Error('no ACTIONS_RUNTIME_TOKEN')
        }
      })
      await s.session.restoreModuleCache(s.runnerEnv)
      expect(fake.calls).toEqual([])
      expect(s.session.entries[0]?.skipped).toBe(NOT_CONFIGURED)
      expect(s.log.lines).toEqual([expect.stringMatching(/^warning: the GitHub cache service/)])
    })

    it('a cache that cannot be planned is a warning; the other one is still restored', async () => {
      const fake = withService({ 'go-ci-gate-build-Linux-X64-go1.26.8-x': BUILD_FILES })
      const s = setup(fake, {}, { GOMODCACHE: 'relative/mod' })
      await s.session.restoreModuleCache(s.runnerEnv)
      await s.session.restoreBuildCache(s.effectiveEnv())
      expect(s.log.lines[0]).toBe(
        'warning: module cache: not restored or saved: go env GOMODCACHE is "relative/mod": no directory to cache'
      )
      expect(fake.calls).toEqual([expect.stringMatching(/^restore go-ci-gate-build-/)])
      expect(s.session.state()?.entries.map((e) => e.name)).toEqual(['build'])
    })
  })
})
