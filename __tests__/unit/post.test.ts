// The action's post step: state in, caches trimmed and saved, summary written, with
// @actions/core replaced and the in-memory cache service of __fixtures__/cache.ts in place of
// @actions/cache. Trimming runs for real on GOCACHE / GOMODCACHE trees in temp dirs, and the
// real go says where those caches are (GOMODCACHE and GOCACHE point it at them).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  fakeCacheClient,
  readFiles,
  removeTree,
  writeFiles,
  type CacheFiles,
  type FakeCacheClient
} from '../../__fixtures__/cache.js'
import * as core from '../../__fixtures__/core.js'
import type { CacheClient, CacheEntryRestore } from '../../src/cache/entries.js'
import { serializeCacheState, type CacheState } from '../../src/cache/state.js'
import { GOCACHE_README } from '../../src/cache/statecheck.js'
import { AGE_MS } from '../../src/cache/usage.js'

const actionsCacheClient = jest.fn<() => CacheClient>()
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/report/cacheclient.js', () => ({ actionsCacheClient }))
const { run } = await import('../../src/post.js')

const USED = `ab/${'a'.repeat(64)}-a`
const UNUSED = `cd/${'c'.repeat(64)}-a`
const TOOLCHAIN = 'golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64'
const GO_SUM = [
  'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
  'github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=',
  ''
].join('\n')
const KEPT_MODULES: CacheFiles = {
  'cache/download/github.com/google/uuid/@v/v1.6.0.mod': 'module github.com/google/uuid\n',
  'cache/download/github.com/google/uuid/@v/v1.6.0.zip': 'zip',
  'github.com/google/uuid@v1.6.0/uuid.go': 'package uuid\n',
  [`${TOOLCHAIN}/bin/go`]: 'go binary'
}
const UNUSED_MODULES: CacheFiles = {
  'cache/download/example.com/old/@v/v0.1.0.zip': 'old zip',
  'example.com/old@v0.1.0/old.go': 'package old\n'
}

const README = `${GOCACHE_README}\nRun "go clean -cache" if the directory is getting too large.\n`

let home: string
let saved: NodeJS.ProcessEnv
let client: FakeCacheClient

beforeEach(() => {
  saved = { ...process.env }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-post-'))
  process.env.GITHUB_STEP_SUMMARY = path.join(home, 'summary.md')
  process.env.GITHUB_EVENT_NAME = 'push'
  process.env.GITHUB_WORKSPACE = path.join(home, 'repo')
  // The caches of finishedRun, as go will report them; no go env file of the developer's.
  process.env.GOMODCACHE = path.join(home, 'mod')
  process.env.GOCACHE = path.join(home, 'go-build')
  process.env.GOENV = 'off'
  client = fakeCacheClient()
  actionsCacheClient.mockReturnValue(client)
  core.getState.mockReturnValue('')
})

afterEach(() => {
  process.env = saved
  removeTree(home)
  // Caching is an optimisation: whatever happened, the post step never fails the job.
  expect(core.setFailed).not.toHaveBeenCalled()
})

interface Run {
  gocache: string
  gomodcache: string
  state: CacheState
}

/**
 * A run as the main step leaves it: GOCACHE with one entry used since the run started and one
 * left aged, GOMODCACHE with the modules go.sum lists, a switched-to toolchain and one module
 * nothing lists any more (read-only, as go extracts it), and the state naming them.
 */
function finishedRun(entries: (gocache: string, gomodcache: string) => CacheEntryRestore[]): Run {
  const startedAt = Date.now() - 5 * 60 * 1000
  const gocache = path.join(home, 'go-build')
  const gomodcache = path.join(home, 'mod')
  writeFiles(gocache, { README, [USED]: 'used', [UNUSED]: 'unused' })
  const aged = new Date(startedAt - AGE_MS)
  fs.utimesSync(path.join(gocache, ...UNUSED.split('/')), aged, aged)
  writeFiles(gomodcache, { ...KEPT_MODULES, ...UNUSED_MODULES })
  fs.chmodSync(path.join(gomodcache, 'example.com', 'old@v0.1.0'), 0o555)
  writeFiles(home, { 'repo/go.sum': GO_SUM })
  const state: CacheState = {
    version: 1,
    startedAt,
    savePolicy: 'auto',
    timeoutMs: 60_000,
    sums: [path.join(home, 'repo', 'go.sum')],
    keepModules: [TOOLCHAIN],
    entries: entries(gocache, gomodcache)
  }
  core.getState.mockReturnValue(serializeCacheState(state))
  return { gocache, gomodcache, state }
}

const MODULE_KEY = 'go-ci-gate-mod-Linux-X64-0123456789abcdef0123'
const BUILD_KEY = 'go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-0123456789ab'

/** Both entries missed (or restored a nearest key): both are the run's to save. */
const bothMissed = (gocache: string, gomodcache: string): CacheEntryRestore[] => [
  { name: 'module', path: gomodcache, key: MODULE_KEY, restoreKeys: ['go-ci-gate-mod-Linux-X64-'] },
  {
    name: 'build',
    path: gocache,
    key: BUILD_KEY,
    restoreKeys: ['go-ci-gate-build-Linux-X64-go1.26.8-'],
    matchedKey: 'go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-fedcba987654'
  }
]
const buildOnly = (gocache: string): CacheEntryRestore[] => [
  { name: 'build', path: gocache, key: BUILD_KEY, restoreKeys: [] }
]

const infos = (): string[] => core.info.mock.calls.map((c) => String(c[0]))
const summaries = (): string[] => core.summary.addRaw.mock.calls.map((c) => c[0])
/** Timings vary: `12 ms` -> `N ms`. */
const untimed = (text: string): string => text.replace(/\d+ ms/g, 'N ms')

describe('run', () => {
  it('says there is nothing to save when the main step left no state, and saves nothing', async () => {
    await run()
    expect(core.getState).toHaveBeenCalledWith('go-ci-gate-cache')
    expect(infos()).toEqual([
      'go-ci-gate post: no cache to save (caching is off, the cache service is not configured, or the main step stopped before restoring)'
    ])
    expect(actionsCacheClient).not.toHaveBeenCalled()
    expect(summaries()).toEqual([])
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('warns and saves nothing when the state is not what the main step writes', async () => {
    core.getState.mockReturnValue('{"version":1,"startedAt":')
    await run()
    const why =
      'the cache state is not what the main step writes: not JSON: "{\\"version\\":1,\\"startedAt\\":"'
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning).toHaveBeenCalledWith(`go-ci-gate post: nothing saved: ${why}`)
    expect(actionsCacheClient).not.toHaveBeenCalled()
    expect(summaries()).toEqual([expect.stringContaining('Not saved: the cache state is not')])
  })

  it('trims each cache to what the run used and saves it on a push', async () => {
    const { gocache, gomodcache } = finishedRun(bothMissed)
    await run()

    const trimmedBuild = { README, [USED]: 'used' }
    expect(readFiles(gocache)).toEqual(trimmedBuild)
    expect(readFiles(gomodcache)).toEqual(KEPT_MODULES)
    expect(client.calls).toEqual([`save ${MODULE_KEY}`, `save ${BUILD_KEY}`])
    expect(client.entries.get(MODULE_KEY)).toEqual(KEPT_MODULES)
    expect(client.entries.get(BUILD_KEY)).toEqual(trimmedBuild)

    expect(infos().map(untimed)).toEqual([
      'module cache (GOMODCACHE): kept 2 module versions (55 B), removed 1 unused (19 B) in N ms',
      `module cache (GOMODCACHE): saved ${MODULE_KEY}, 4 files, 55 B in N ms`,
      'build cache (GOCACHE): kept 1 entries (4 B), removed 1 unused (6 B) in N ms',
      `build cache (GOCACHE): saved ${BUILD_KEY}, 2 files, 135 B in N ms`
    ])
    expect(summaries().map(untimed)).toEqual([
      [
        '### go-ci-gate: caches saved',
        '',
        '| Cache | Key | Saved | Size | Time |',
        '| --- | --- | --- | ---: | ---: |',
        `| modules (GOMODCACHE) | \`${MODULE_KEY}\` | ✅ saved | 4 files, 55 B | N ms |`,
        `| build (GOCACHE) | \`${BUILD_KEY}\` | ✅ saved | 2 files, 135 B | N ms |`,
        ''
      ].join('\n')
    ])
    expect(core.summary.write).toHaveBeenCalledTimes(1)
    expect(core.warning).not.toHaveBeenCalled()
    expect(core.notice).not.toHaveBeenCalled()
  })

  it('passes the cache-timeout on: a save that never finishes is a warning', async () => {
    const { state } = finishedRun(buildOnly)
    core.getState.mockReturnValue(serializeCacheState({ ...state, timeoutMs: 1000 }))
    actionsCacheClient.mockReturnValue({
      ...client,
      saveCache: () => new Promise(() => undefined)
    })
    await run()
    expect(core.warning).toHaveBeenCalledWith(
      'build cache (GOCACHE): save failed: the cache service did not finish the save within 1 s'
    )
  })

  it.each([
    ['never', 'push', 'cache-save is never'],
    [
      'auto',
      'pull_request',
      'cache-save is auto and this is a pull_request event: restore only (its entries would never be shared)'
    ]
  ] as const)(
    'saves nothing with cache-save %s on %s, and says why in the summary',
    async (savePolicy, event, why) => {
      process.env.GITHUB_EVENT_NAME = event
      const { gocache, gomodcache, state } = finishedRun(bothMissed)
      core.getState.mockReturnValue(serializeCacheState({ ...state, savePolicy }))
      await run()
      expect(infos()).toEqual([`go-ci-gate post: not saving the caches: ${why}`])
      expect(actionsCacheClient).not.toHaveBeenCalled()
      expect(client.calls).toEqual([])
      // Not trimmed either: trimming is for saving.
      expect(Object.keys(readFiles(gocache))).toContain(UNUSED)
      expect(Object.keys(readFiles(gomodcache))).toContain('example.com/old@v0.1.0/old.go')
      expect(summaries()).toEqual([
        `### go-ci-gate: caches saved\n\nNot saved: ${why.replace(/_/g, '\\_')}.\n`
      ])
    }
  )

  it('saves on a pull request when cache-save is always', async () => {
    process.env.GITHUB_EVENT_NAME = 'pull_request'
    const { state } = finishedRun(buildOnly)
    core.getState.mockReturnValue(serializeCacheState({ ...state, savePolicy: 'always' }))
    await run()
    expect(client.calls).toEqual([`save ${BUILD_KEY}`])
  })

  it('does not save (or trim) an entry whose exact key was restored', async () => {
    const { gocache } = finishedRun((dir) => [
      { name: 'build', path: dir, key: BUILD_KEY, restoreKeys: [], matchedKey: BUILD_KEY }
    ])
    await run()
    expect(client.calls).toEqual([])
    expect(Object.keys(readFiles(gocache))).toContain(UNUSED)
    expect(infos()).toEqual([
      `build cache (GOCACHE): ${BUILD_KEY} was restored exactly, nothing new to save`
    ])
    expect(summaries()).toEqual([
      [
        '### go-ci-gate: caches saved',
        '',
        '| Cache | Key | Saved | Size | Time |',
        '| --- | --- | --- | ---: | ---: |',
        `| build (GOCACHE) | \`${BUILD_KEY}\` | ⏭️ not saved: exact key restored |  |  |`,
        ''
      ].join('\n')
    ])
  })

  it('leaves a directory that held files before the run alone', async () => {
    const { gocache } = finishedRun((dir) => [
      { ...buildOnly(dir)[0]!, skipped: `${dir} already holds files`, populated: true }
    ])
    await run()
    expect(client.calls).toEqual([])
    expect(Object.keys(readFiles(gocache))).toContain(UNUSED)
    expect(infos()).toEqual([
      `build cache (GOCACHE): ${gocache} held files before this run, so it is neither trimmed nor saved`
    ])
  })

  it('makes a key another job saved first a notice, not a warning', async () => {
    finishedRun(buildOnly)
    client.entries.set(BUILD_KEY, { 'ab/other-a': 'saved by a parallel job' })
    await run()
    expect(client.calls).toEqual([`save ${BUILD_KEY}`])
    expect(core.notice).toHaveBeenCalledTimes(1)
    expect(core.notice).toHaveBeenCalledWith(
      `build cache (GOCACHE): another job saved ${BUILD_KEY} first (parallel jobs share keys; cache-key-suffix tells them apart)`
    )
    expect(core.warning).not.toHaveBeenCalled()
    expect(summaries()[0]).toContain(
      `| build (GOCACHE) | \`${BUILD_KEY}\` | ⏭️ not saved: saved by another job |  |  |`
    )
  })

  it('makes any other save failure a warning, and goes on to the next entry', async () => {
    finishedRun(bothMissed)
    let saves = 0
    actionsCacheClient.mockReturnValue({
      ...client,
      async saveCache() {
        saves++
        if (saves === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:443')
        return 7
      }
    })
    await run()
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning).toHaveBeenCalledWith(
      'module cache (GOMODCACHE): save failed: connect ECONNREFUSED 127.0.0.1:443'
    )
    expect(core.notice).not.toHaveBeenCalled()
    expect(saves).toBe(2)
    expect(untimed(summaries()[0] ?? '')).toContain(
      `| modules (GOMODCACHE) | \`${MODULE_KEY}\` | ⏭️ not saved: save failed: connect ECONNREFUSED 127.0.0.1:443 |  |  |\n` +
        `| build (GOCACHE) | \`${BUILD_KEY}\` | ✅ saved | 2 files, 135 B | N ms |\n`
    )
  })

  it('warns once and saves nothing when the cache service is gone in the post step', async () => {
    finishedRun(bothMissed)
    const gone = fakeCacheClient({ available: false })
    actionsCacheClient.mockReturnValue(gone)
    await run()
    expect(gone.calls).toEqual([])
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringMatching(/^the GitHub cache service is not configured for this job/)
    )
    expect(summaries()[0]).toContain('⏭️ not saved: the cache service is not configured')
  })

  it('turns anything else that throws into a warning', async () => {
    finishedRun(buildOnly)
    core.summary.write.mockRejectedValueOnce(new Error('EACCES: permission denied, open summary'))
    await run()
    expect(client.calls).toEqual([`save ${BUILD_KEY}`])
    expect(core.warning).toHaveBeenCalledWith(
      'go-ci-gate post: EACCES: permission denied, open summary'
    )
  })

  it('warns with the thrown value itself when it is not an Error', async () => {
    finishedRun(buildOnly)
    actionsCacheClient.mockImplementation(() => {
      throw 'no cache module'
    })
    await expect(run()).resolves.toBeUndefined()
    expect(core.warning).toHaveBeenCalledWith('go-ci-gate post: no cache module')
    expect(core.setFailed).not.toHaveBeenCalled()
  })
})

// GITHUB_STATE is a file any later step of the job can write, a pull request's tests included:
// the post step saves from no directory it cannot re-derive with go itself.
describe('run, with a state the job may have rewritten', () => {
  /** A directory a crafted state points at: dressed up as both caches, with a secret. */
  function otherDirectory(): { dir: string; files: CacheFiles } {
    const dir = path.join(home, 'elsewhere')
    const files: CacheFiles = {
      README,
      'cache/download/x/@v/v1.0.0.zip': 'zip',
      [UNUSED]: 'the trim would remove this',
      id_rsa: 'secret'
    }
    writeFiles(dir, files)
    const aged = new Date(Date.now() - 2 * AGE_MS)
    fs.utimesSync(path.join(dir, ...UNUSED.split('/')), aged, aged)
    return { dir, files }
  }

  it('archives and trims nothing from a directory that is not where go keeps the cache', async () => {
    const { state, gocache, gomodcache } = finishedRun(bothMissed)
    const { dir, files } = otherDirectory()
    core.getState.mockReturnValue(
      serializeCacheState({
        ...state,
        savePolicy: 'always',
        entries: state.entries.map((e) => ({ ...e, path: dir }))
      })
    )
    await run()
    expect(client.calls).toEqual([])
    expect(readFiles(dir)).toEqual(files)
    expect(core.warning.mock.calls.map((c) => c[0])).toEqual([
      `module cache (GOMODCACHE): not saved: the state names ${dir}, which is not go env GOMODCACHE (${gomodcache})`,
      `build cache (GOCACHE): not saved: the state names ${dir}, which is not go env GOCACHE (${gocache})`
    ])
    expect(summaries()[0]).toContain(
      `| modules (GOMODCACHE) | \`${MODULE_KEY}\` | ⏭️ not saved: the state names ${dir}, which is not go env GOMODCACHE (${gomodcache}) |  |  |`
    )
  })

  it('saves the entry go still names and warns about the other', async () => {
    const { gocache } = finishedRun(bothMissed)
    // A later step moved GOCACHE (GITHUB_ENV): the post step's go reports the new one.
    process.env.GOCACHE = path.join(home, 'moved-build')
    await run()
    expect(client.calls).toEqual([`save ${MODULE_KEY}`])
    expect(Object.keys(readFiles(gocache))).toContain(UNUSED)
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning).toHaveBeenCalledWith(
      `build cache (GOCACHE): not saved: the state names ${gocache}, which is not go env GOCACHE (${process.env.GOCACHE})`
    )
  })

  it('refuses a build cache go did not make', async () => {
    const { gocache } = finishedRun(buildOnly)
    fs.writeFileSync(path.join(gocache, 'README'), "not go's\n")
    await run()
    expect(client.calls).toEqual([])
    expect(core.warning).toHaveBeenCalledWith(
      `build cache (GOCACHE): not saved: ${gocache} does not look like a Go build cache (no README written by go)`
    )
  })

  it('warns and saves nothing without go on PATH', async () => {
    const { gocache, gomodcache } = finishedRun(bothMissed)
    process.env.PATH = path.join(home, 'no-go-here')
    await run()
    expect(actionsCacheClient).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning).toHaveBeenCalledWith(
      'go-ci-gate post: nothing saved: go must say where its caches are before anything is saved from them: "go" was not found on PATH: add actions/setup-go (or install Go) before this step'
    )
    expect(Object.keys(readFiles(gocache))).toContain(UNUSED)
    expect(Object.keys(readFiles(gomodcache))).toContain('example.com/old@v0.1.0/old.go')
    expect(summaries()).toEqual([expect.stringContaining('Not saved: go must say where')])
  })

  it('warns and saves nothing when go env fails', async () => {
    finishedRun(bothMissed)
    process.env.GOROOT = path.join(home, 'no-goroot')
    await run()
    expect(actionsCacheClient).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringMatching(
        /^go-ci-gate post: nothing saved: go must say where its caches are before anything is saved from them: go env -json GOMODCACHE GOCACHE exited 2: go: cannot find GOROOT directory: /
      )
    )
  })

  it('trims and saves nothing when a go.sum it would read lies outside the workspace', async () => {
    const { state, gomodcache } = finishedRun(bothMissed)
    writeFiles(home, { 'outside/go.sum': GO_SUM })
    const outside = path.join(home, 'outside', 'go.sum')
    core.getState.mockReturnValue(serializeCacheState({ ...state, sums: [outside] }))
    await run()
    expect(actionsCacheClient).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(
      `go-ci-gate post: nothing saved: the cache state's go.sum list: ${outside} is not inside the workspace ${path.join(home, 'repo')}`
    )
    expect(Object.keys(readFiles(gomodcache))).toContain('example.com/old@v0.1.0/old.go')
  })

  it('saves nothing from a state with a field the main step never writes', async () => {
    const { state } = finishedRun(bothMissed)
    core.getState.mockReturnValue(JSON.stringify({ ...state, extraPaths: ['/'] }))
    await run()
    expect(actionsCacheClient).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(
      'go-ci-gate post: nothing saved: the cache state is not what the main step writes: the state: Unrecognized key: "extraPaths"'
    )
  })
})
