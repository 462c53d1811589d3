import path from 'node:path'
import * as core from '@actions/core'
import {
  LOG_LABEL,
  saveEntries,
  whyNotSave,
  type CacheEntryRestore,
  type CacheEntrySave,
  type CacheLog
} from './cache/entries.js'
import { checkEntries, sumsProblem } from './cache/statecheck.js'
import {
  CACHE_STATE_NAME,
  InvalidCacheStateError,
  parseCacheState,
  type CacheState
} from './cache/state.js'
import { trimBuildCache, trimModuleCache, type TrimResult } from './cache/trim.js'
import { isDirectory, readIfFile } from './files.js'
import { readGoCacheDirs, type GoCacheDirs } from './go/cachedirs.js'
import { GoRunner } from './go/command.js'
import { actionsCacheClient } from './report/cacheclient.js'
import { formatSize } from './report/format.js'
import { actionsCacheLog } from './report/logger.js'
import { safeText } from './report/safetext.js'
import { childEnvironment } from './go/childenv.js'
import { renderCacheSaves, writeSummary } from './report/summary.js'
import { errorMessage } from './text.js'

/**
 * The action's post step: runs after every job, whatever the gate decided (the caches are valid
 * either way), trims each cache to what the run used and saves it. It never fails the job:
 * caching is an optimisation, so every problem is a warning.
 *
 * The state it reads is a file any step of the job may have written (statecheck.ts): a state
 * that is not what the main step writes saves nothing, and an entry is saved only from the
 * directory go itself names for that cache.
 */
export async function run(): Promise<void> {
  try {
    let state: CacheState | undefined
    try {
      state = parseCacheState(core.getState(CACHE_STATE_NAME))
    } catch (error) {
      if (!(error instanceof InvalidCacheStateError)) throw error
      return await refuse(error.message)
    }
    if (state === undefined) {
      core.info(
        'go-ci-gate post: no cache to save (caching is off, the cache service is not configured, or the main step stopped before restoring)'
      )
      return
    }
    const why = whyNotSave(state.savePolicy, process.env.GITHUB_EVENT_NAME)
    if (why !== undefined) {
      core.info(safeText(`go-ci-gate post: not saving the caches: ${why}`))
      await writeSummary(renderCacheSaves([], `Not saved: ${why}.`))
      return
    }
    const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd())
    const sums = sumsProblem(state.sums, workspace)
    if (sums !== undefined) return await refuse(`the cache state's go.sum list: ${sums}`)
    let dirs: GoCacheDirs
    try {
      const cwd = isDirectory(workspace) ? workspace : process.cwd()
      dirs = await readGoCacheDirs(
        new GoRunner({ root: cwd, env: childEnvironment(process.env) }),
        cwd
      )
    } catch (error) {
      return await refuse(
        `go must say where its caches are before anything is saved from them: ${message(error)}`
      )
    }
    const log = actionsCacheLog()
    await writeSummary(renderCacheSaves(await saveChecked(state, dirs, log)))
  } catch (error) {
    core.warning(safeText(`go-ci-gate post: ${message(error)}`))
  }
}

/** Nothing is saved: a warning, and the summary says why. */
async function refuse(why: string): Promise<void> {
  core.warning(`go-ci-gate post: nothing saved: ${why}`)
  await writeSummary(renderCacheSaves([], `Not saved: ${why}.`))
}

/** Saves the entries whose directory is where go keeps that cache; warns about the others. */
async function saveChecked(
  state: CacheState,
  dirs: GoCacheDirs,
  log: CacheLog
): Promise<CacheEntrySave[]> {
  const checks = checkEntries(state.entries, dirs)
  const accepted: CacheEntryRestore[] = []
  for (const check of checks) {
    if ('entry' in check) accepted.push(check.entry)
    else log.warning(`${LOG_LABEL[check.rejected.name]}: not saved: ${check.rejected.reason}`)
  }
  const saved =
    accepted.length === 0
      ? []
      : await saveEntries(accepted, actionsCacheClient(), log, {
          timeoutMs: state.timeoutMs,
          prepare: (entry) => trim(entry, state, log)
        })
  // In the state's order, rejected entries included.
  return checks.map((check) =>
    'entry' in check ? (saved.shift() as CacheEntrySave) : check.rejected
  )
}

/** Keeps what this run used: the build entries it touched, the modules its go.sum files list. */
function trim(entry: CacheEntryRestore, state: CacheState, log: CacheLog): void {
  const started = Date.now()
  let result: TrimResult
  if (entry.name === 'build') {
    result = trimBuildCache(entry.path, state.startedAt)
  } else {
    // Read now, not when the key was made: a later step that changed go.sum also changed what
    // the next run needs (the key then names the older files: a restore key finds it anyway).
    const sums = state.sums.map((file) => ({ content: readIfFile(file) ?? '' }))
    result = trimModuleCache(entry.path, sums, { keep: state.keepModules })
  }
  const unit = entry.name === 'build' ? 'entries' : 'module versions'
  log.info(
    `${LOG_LABEL[entry.name]}: ` +
      `kept ${result.kept.entries} ${unit} (${formatSize(result.kept.bytes)}), ` +
      `removed ${result.removed.entries} unused (${formatSize(result.removed.bytes)}) ` +
      `in ${Date.now() - started} ms` +
      (result.skipped !== undefined ? `; nothing removed: ${result.skipped}` : '')
  )
}

function message(error: unknown): string {
  return errorMessage(error)
}
