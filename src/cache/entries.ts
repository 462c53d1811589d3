/**
 * Restoring and saving the two cache entries (module cache, build cache) through GitHub's cache
 * service. Every problem here is a warning: the gate's verdict never depends on the cache.
 *
 * Restore runs before any go command that could write to GOMODCACHE: extracting over files go
 * already wrote fails ("Cannot open: File exists", the module cache is read-only), so a
 * directory that already holds entries (a self-hosted runner, a second step in the job) is left
 * as it is, with a notice.
 */
import type { CacheEntryReport } from '../findings.js'
import { formatSize } from '../report/format.js'
import { someFile, treeSize, type DirectorySize } from './tree.js'
import { errorMessage } from '../text.js'

/**
 * The part of @actions/cache the gate uses; the real module in the action, a fake in unit tests.
 * `saveCache` rejects with a `CacheKeyTakenError` when another job holds the key, and with any
 * other error when the service failed.
 */
export interface CacheClient {
  isFeatureAvailable(): boolean
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[]
  ): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

export type CacheEntryName = 'module' | 'build'

/** Another job saved the key (or is uploading it): expected when parallel jobs share keys. */
export class CacheKeyTakenError extends Error {
  constructor(readonly key: string) {
    super(`another job holds the cache key ${key}`)
    this.name = 'CacheKeyTakenError'
  }
}

export interface CacheEntryPlan {
  name: CacheEntryName
  /** Absolute directory: GOMODCACHE or GOCACHE. */
  path: string
  key: string
  restoreKeys: string[]
}

export interface CacheEntryRestore extends CacheEntryPlan {
  /** The key the restored entry was saved under (the primary key on an exact hit). */
  matchedKey?: string
  /** Why nothing was restored, when that was not a plain miss. */
  skipped?: string
  /** The directory held files before the restore: not the gate's to trim or save. */
  populated?: boolean
  size?: DirectorySize
  durationMs?: number
}

export interface CacheLog {
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
}

/** How the log names each entry. */
export const LOG_LABEL: Record<CacheEntryName, string> = {
  module: 'module cache (GOMODCACHE)',
  build: 'build cache (GOCACHE)'
}

/** Restores each entry into its directory unless the directory already holds something. */
export async function restoreEntries(
  plans: CacheEntryPlan[],
  client: CacheClient,
  log: CacheLog,
  options: CacheCallOptions = {}
): Promise<CacheEntryRestore[]> {
  if (!featureAvailable(client, log)) {
    return plans.map((p) => ({ ...p, skipped: NOT_CONFIGURED }))
  }
  const results: CacheEntryRestore[] = []
  for (const plan of plans) {
    if (holdsFilesFrom(plan.path, options.runStartedAt ?? Date.now())) {
      const skipped = `${plan.path} already holds files`
      log.notice(
        `${LOG_LABEL[plan.name]}: ${skipped} (a self-hosted runner, or an earlier step): not restoring over it`
      )
      results.push({ ...plan, skipped, populated: true })
      continue
    }
    const started = Date.now()
    try {
      const matchedKey = await withDeadline(
        client.restoreCache([plan.path], plan.key, plan.restoreKeys),
        options.timeoutMs,
        'restore'
      )
      const durationMs = Date.now() - started
      const result: CacheEntryRestore = { ...plan, durationMs }
      if (matchedKey === undefined) {
        log.info(`${LOG_LABEL[plan.name]}: no entry for ${plan.key} or its restore keys`)
      } else {
        result.matchedKey = matchedKey
        result.size = treeSize(plan.path)
        log.info(
          `${LOG_LABEL[plan.name]}: restored ${matchedKey === plan.key ? 'exact key' : `nearest key ${matchedKey}`}, ` +
            `${describeSize(result.size)} in ${durationMs} ms`
        )
      }
      results.push(result)
    } catch (error) {
      log.warning(`${LOG_LABEL[plan.name]}: restore failed, going on without it: ${message(error)}`)
      results.push({ ...plan, skipped: `restore failed: ${message(error)}` })
    }
  }
  return results
}

/** `skipped` of every entry when the job has no cache service. */
export const NOT_CONFIGURED = 'the cache service is not configured'

export type SavePolicy = 'auto' | 'always' | 'never'

/** Why the post step saves nothing at all, or undefined when it may save. */
export function whyNotSave(policy: SavePolicy, eventName: string | undefined): string | undefined {
  if (policy === 'never') return 'cache-save is never'
  // A pull request's entries are scoped to its merge ref: no other branch can restore them.
  if (policy === 'auto' && eventName !== undefined && /^pull_request/.test(eventName)) {
    return `cache-save is auto and this is a ${eventName} event: restore only (its entries would never be shared)`
  }
  return undefined
}

export interface CacheEntrySave {
  name: CacheEntryName
  key: string
  saved: boolean
  /** Why it was not saved. */
  reason?: string
  size?: DirectorySize
  durationMs?: number
}

/**
 * Saves each entry whose exact key was not restored (an entry is immutable: the same key holds
 * the same content). `prepare` trims the directory first. A key another job saved in the
 * meantime is a notice; any other failure a warning.
 */
export async function saveEntries(
  entries: CacheEntryRestore[],
  client: CacheClient,
  log: CacheLog,
  options: CacheCallOptions & { prepare?: (entry: CacheEntryRestore) => void } = {}
): Promise<CacheEntrySave[]> {
  const prepare = options.prepare ?? (() => undefined)
  if (!featureAvailable(client, log)) {
    return entries.map((e) => ({
      name: e.name,
      key: e.key,
      saved: false,
      reason: NOT_CONFIGURED
    }))
  }
  const results: CacheEntrySave[] = []
  for (const entry of entries) {
    const base = { name: entry.name, key: entry.key }
    if (entry.populated === true) {
      log.info(
        `${LOG_LABEL[entry.name]}: ${entry.path} held files before this run, so it is neither trimmed nor saved`
      )
      results.push({ ...base, saved: false, reason: 'the directory held files before the run' })
      continue
    }
    if (entry.matchedKey === entry.key) {
      log.info(`${LOG_LABEL[entry.name]}: ${entry.key} was restored exactly, nothing new to save`)
      results.push({ ...base, saved: false, reason: 'exact key restored' })
      continue
    }
    if (treeSize(entry.path, 1).files === 0) {
      log.info(`${LOG_LABEL[entry.name]}: ${entry.path} is empty, nothing to save`)
      results.push({ ...base, saved: false, reason: 'empty' })
      continue
    }
    const started = Date.now()
    try {
      prepare(entry)
      const size = treeSize(entry.path)
      // @actions/cache logs its own failures and returns -1 rather than throwing most of them.
      const id = await withDeadline(
        client.saveCache([entry.path], entry.key),
        options.timeoutMs,
        'save'
      )
      const durationMs = Date.now() - started
      if (id === -1) {
        log.info(
          `${LOG_LABEL[entry.name]}: ${entry.key} was not saved (the cache log above says why)`
        )
        results.push({ ...base, saved: false, reason: 'not saved by the cache service' })
        continue
      }
      log.info(
        `${LOG_LABEL[entry.name]}: saved ${entry.key}, ${describeSize(size)} in ${durationMs} ms`
      )
      results.push({ ...base, saved: true, size, durationMs })
    } catch (error) {
      if (isKeyTaken(error)) {
        log.notice(
          `${LOG_LABEL[entry.name]}: another job saved ${entry.key} first (parallel jobs share keys; cache-key-suffix tells them apart)`
        )
        results.push({ ...base, saved: false, reason: 'saved by another job' })
      } else {
        log.warning(`${LOG_LABEL[entry.name]}: save failed: ${message(error)}`)
        results.push({ ...base, saved: false, reason: `save failed: ${message(error)}` })
      }
    }
  }
  return results
}

/**
 * Whether `dir` holds a file last written before `before` (ms since the epoch): something other
 * than this run filled it. go itself writes a few build cache entries (its cached compiler
 * queries) from the first `go env` on, so files this run wrote do not count.
 */
export function holdsFilesFrom(dir: string, before: number): boolean {
  // File systems that keep whole seconds round a write just after the start down.
  const threshold = before - 2000
  return someFile(dir, (stat) => stat.mtimeMs < threshold)
}

export interface CacheCallOptions {
  /**
   * How long one restore or save may take. @actions/cache puts no limit on a call to the cache
   * service, so a service that never answers would hold the job until GitHub cancels it.
   */
  timeoutMs?: number
  /** When the run began (restore): files written since are the run's own, not a populated dir. */
  runStartedAt?: number
}

/** `promise`, or a rejection once `ms` have passed; the timer never holds the process open. */
function withDeadline<T>(promise: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (ms === undefined) return promise
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the cache service did not finish the ${what} within ${ms / 1000} s`)),
      ms
    )
    timer.unref()
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

function featureAvailable(client: CacheClient, log: CacheLog): boolean {
  try {
    if (client.isFeatureAvailable()) return true
  } catch {
    // Treated as not configured below.
  }
  log.warning(
    'the GitHub cache service is not configured for this job (no ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL): caching is skipped'
  )
  return false
}

/** By name: the client and this module may come from different bundles. */
function isKeyTaken(error: unknown): boolean {
  return error instanceof Error && error.name === 'CacheKeyTakenError'
}

export function describeSize(size: DirectorySize): string {
  return `${size.files} files, ${formatSize(size.bytes)}`
}

/** An entry as the report and the summary show it. */
export function reportCacheEntry(entry: CacheEntryRestore): CacheEntryReport {
  const restore =
    entry.skipped !== undefined
      ? 'skipped'
      : entry.matchedKey === undefined
        ? 'miss'
        : entry.matchedKey === entry.key
          ? 'exact'
          : 'partial'
  return {
    name: entry.name,
    path: entry.path,
    key: entry.key,
    restore,
    ...(entry.matchedKey !== undefined ? { restoredKey: entry.matchedKey } : {}),
    ...(entry.size !== undefined ? { files: entry.size.files, bytes: entry.size.bytes } : {}),
    ...(entry.durationMs !== undefined ? { durationMs: entry.durationMs } : {}),
    ...(entry.skipped !== undefined ? { note: entry.skipped } : {})
  }
}

function message(error: unknown): string {
  return errorMessage(error)
}
