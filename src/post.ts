import * as core from '@actions/core'
import { saveEntries, whyNotSave, type CacheEntryRestore, type CacheLog } from './cache/entries.js'
import { CACHE_STATE_NAME, parseCacheState, type CacheState } from './cache/state.js'
import { trimBuildCache, trimModuleCache, type TrimResult } from './cache/trim.js'
import { readIfFile } from './files.js'
import { actionsCacheClient } from './report/cacheclient.js'
import { formatSize } from './report/format.js'
import { actionsCacheLog } from './report/logger.js'
import { safeText } from './report/safetext.js'
import { renderCacheSaves, writeSummary } from './report/summary.js'

/**
 * The action's post step: runs after every job, whatever the gate decided (the caches are valid
 * either way), trims each cache to what the run used and saves it. It never fails the job:
 * caching is an optimisation, so every problem is a warning.
 */
export async function run(): Promise<void> {
  try {
    const state = parseCacheState(core.getState(CACHE_STATE_NAME))
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
    const log = actionsCacheLog()
    const saves = await saveEntries(state.entries, actionsCacheClient(), log, {
      timeoutMs: state.timeoutMs,
      prepare: (entry) => trim(entry, state, log)
    })
    await writeSummary(renderCacheSaves(saves))
  } catch (error) {
    core.warning(
      safeText(`go-ci-gate post: ${error instanceof Error ? error.message : String(error)}`)
    )
  }
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
    `${entry.name === 'build' ? 'build cache (GOCACHE)' : 'module cache (GOMODCACHE)'}: ` +
      `kept ${result.kept.entries} ${unit} (${formatSize(result.kept.bytes)}), ` +
      `removed ${result.removed.entries} unused (${formatSize(result.removed.bytes)}) ` +
      `in ${Date.now() - started} ms` +
      (result.skipped !== undefined ? `; nothing removed: ${result.skipped}` : '')
  )
}
