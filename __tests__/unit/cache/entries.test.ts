// Restore and save decisions, with the in-memory CacheClient of __fixtures__/cache.ts, which
// records what it was asked: the service itself is exercised for real in the end-to-end tier.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { fakeCacheClient, recordingCacheLog, useTempDirs } from '../../../__fixtures__/cache.js'
import {
  CacheKeyTakenError,
  restoreEntries,
  saveEntries,
  whyNotSave,
  type CacheClient,
  type CacheEntryPlan,
  type CacheEntryRestore
} from '../../../src/cache/entries.js'
import { softenCacheCommand } from '../../../src/report/cachecommands.js'

const tempDir = useTempDirs('gcg-cache-')

const plan = (dir: string, name: 'module' | 'build' = 'module'): CacheEntryPlan => ({
  name,
  path: dir,
  key: `k-${name}-abc`,
  restoreKeys: [`k-${name}-`]
})

describe('restoreEntries', () => {
  it('restores into an empty directory and reports the nearest key', async () => {
    const dir = path.join(tempDir(), 'mod')
    const log = recordingCacheLog()
    const fake = fakeCacheClient({
      restore: (_key, restoreKeys, target) => {
        fs.mkdirSync(target, { recursive: true })
        fs.writeFileSync(path.join(target, 'a'), 'xyz')
        return `${restoreKeys[0]}older`
      }
    })
    const [result] = await restoreEntries([plan(dir)], fake, log)
    expect(result).toMatchObject({ matchedKey: 'k-module-older', size: { files: 1, bytes: 3 } })
    expect(log.lines[0]).toMatch(
      /^info: module cache \(GOMODCACHE\): restored nearest key k-module-older, 1 files/
    )
  })

  it('never extracts over a directory that already holds files: a notice, no restore call', async () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'ab'))
    const present = path.join(dir, 'ab', 'present')
    fs.writeFileSync(present, '')
    const runStartedAt = Date.now()
    fs.utimesSync(present, new Date(runStartedAt - 60_000), new Date(runStartedAt - 60_000))
    const log = recordingCacheLog()
    const fake = fakeCacheClient({})
    const [result] = await restoreEntries([plan(dir)], fake, log, { runStartedAt })
    expect(fake.calls).toEqual([])
    expect(result).toMatchObject({ populated: true })
    expect(result?.skipped).toContain('already holds files')
    expect(log.lines).toEqual([expect.stringMatching(/^notice: .*not restoring over it$/)])
    // The post step leaves such a directory alone: it is not the gate's to trim.
    const [save] = await saveEntries([result as CacheEntryRestore], fake, log)
    expect(save).toMatchObject({ saved: false, reason: 'the directory held files before the run' })
    expect(fake.calls).toEqual([])
  })

  it('restores into a directory holding only what this run wrote (go env caches compiler queries)', async () => {
    const dir = tempDir()
    const runStartedAt = Date.now() - 1000
    fs.writeFileSync(path.join(dir, 'written-by-go-env-a'), 'v1')
    const fake = fakeCacheClient({ restore: () => 'k-module-abc' })
    const [result] = await restoreEntries([plan(dir)], fake, recordingCacheLog(), { runStartedAt })
    expect(fake.calls).toEqual(['restore k-module-abc'])
    expect(result).toMatchObject({ matchedKey: 'k-module-abc' })
  })

  it('gives up on a call that outlives the timeout, with a warning', async () => {
    const log = recordingCacheLog()
    const never: CacheClient = {
      isFeatureAvailable: () => true,
      restoreCache: () => new Promise(() => undefined),
      saveCache: () => new Promise(() => undefined)
    }
    const [result] = await restoreEntries([plan(tempDir())], never, log, { timeoutMs: 50 })
    expect(result?.skipped).toBe(
      'restore failed: the cache service did not finish the restore within 0.05 s'
    )
    expect(log.lines).toEqual([expect.stringMatching(/^warning: module cache .*within 0.05 s$/)])
  })

  it('turns a failure into a warning and goes on', async () => {
    const log = recordingCacheLog()
    const results = await restoreEntries(
      [plan(path.join(tempDir(), 'm')), plan(path.join(tempDir(), 'b'), 'build')],
      fakeCacheClient({ fail: new Error('socket hang up') }),
      log
    )
    expect(results.map((r) => r.skipped)).toEqual([
      'restore failed: socket hang up',
      'restore failed: socket hang up'
    ])
    expect(log.lines.every((l) => l.startsWith('warning: '))).toBe(true)
  })

  it('warns once and skips when the cache service is not configured', async () => {
    const log = recordingCacheLog()
    const fake = fakeCacheClient({ available: false })
    const results = await restoreEntries([plan(tempDir())], fake, log)
    expect(fake.calls).toEqual([])
    expect(results[0]?.skipped).toBe('the cache service is not configured')
    expect(log.lines).toEqual([
      expect.stringMatching(/^warning: the GitHub cache service is not configured/)
    ])
  })
})

describe('saveEntries', () => {
  it('saves what was not restored exactly, after preparing (trimming) it', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'keep'), 'k')
    fs.writeFileSync(path.join(dir, 'drop'), 'dd')
    const log = recordingCacheLog()
    const fake = fakeCacheClient({})
    const [saved] = await saveEntries([{ ...plan(dir), matchedKey: 'k-module-older' }], fake, log, {
      prepare: () => fs.rmSync(path.join(dir, 'drop'))
    })
    expect(fake.calls).toEqual(['save k-module-abc'])
    expect(saved).toMatchObject({ saved: true, size: { files: 1, bytes: 1 } })
  })

  it('skips an exact hit and an empty directory', async () => {
    const full = tempDir()
    fs.writeFileSync(path.join(full, 'x'), '')
    const fake = fakeCacheClient({})
    const results = await saveEntries(
      [{ ...plan(full), matchedKey: 'k-module-abc' }, { ...plan(tempDir(), 'build') }],
      fake,
      recordingCacheLog()
    )
    expect(fake.calls).toEqual([])
    expect(results.map((r) => r.reason)).toEqual(['exact key restored', 'empty'])
  })

  it('a key another job holds is a notice, any other failure a warning naming it', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'x'), '')
    const log = recordingCacheLog()
    const taken = new CacheKeyTakenError('k-module-abc')
    const [first] = await saveEntries([plan(dir)], fakeCacheClient({ fail: taken }), log)
    // What @actions/cache's ReserveCacheError becomes when the cause was not a 409.
    const failed = new Error(
      'the cache service did not reserve k-module-abc: Failed to CreateCacheEntry: Failed to make request after 5 attempts: Failed request: (500) Internal Server Error'
    )
    const [second] = await saveEntries([plan(dir)], fakeCacheClient({ fail: failed }), log)
    // @actions/cache's own error class is no proof of a conflict: it covers every refusal.
    const reserve = Object.assign(new Error('Unable to reserve cache with key k-module-abc'), {
      name: 'ReserveCacheError'
    })
    const [third] = await saveEntries([plan(dir)], fakeCacheClient({ fail: reserve }), log)
    const [fourth] = await saveEntries([plan(dir)], fakeCacheClient({ save: () => -1 }), log)
    expect([first?.reason, second?.reason, third?.reason, fourth?.reason]).toEqual([
      'saved by another job',
      `save failed: ${failed.message}`,
      'save failed: Unable to reserve cache with key k-module-abc',
      'not saved by the cache service'
    ])
    expect(log.lines).toEqual([
      'notice: module cache (GOMODCACHE): another job saved k-module-abc first (parallel jobs share keys; cache-key-suffix tells them apart)',
      `warning: module cache (GOMODCACHE): save failed: ${failed.message}`,
      'warning: module cache (GOMODCACHE): save failed: Unable to reserve cache with key k-module-abc',
      'info: module cache (GOMODCACHE): k-module-abc was not saved (the cache log above says why)'
    ])
  })
})

describe('whyNotSave', () => {
  it.each([
    ['auto', 'push', undefined],
    ['auto', 'schedule', undefined],
    ['auto', 'pull_request', 'restore only'],
    ['auto', 'pull_request_target', 'restore only'],
    ['always', 'pull_request', undefined],
    ['never', 'push', 'cache-save is never']
  ] as const)('%s on %s', (policy, event, reason) => {
    const why = whyNotSave(policy, event)
    if (reason === undefined) expect(why).toBeUndefined()
    else expect(why).toContain(reason)
  })
})

describe('softenCacheCommand', () => {
  it('makes cache errors warnings and a refused reservation a plain line, leaving the rest', () => {
    expect(softenCacheCommand('::error::Failed to restore: 500 Internal')).toBe(
      '::warning::Failed to restore: 500 Internal'
    )
    expect(softenCacheCommand('::error::Failed to save: 503')).toBe(
      '::warning::Failed to save: 503'
    )
    expect(softenCacheCommand('::warning::Cache reservation failed: already exists')).toBe(
      'Cache reservation failed: already exists'
    )
    expect(softenCacheCommand('::error file=go.mod,line=3::real finding')).toBe(
      '::error file=go.mod,line=3::real finding'
    )
  })
})
