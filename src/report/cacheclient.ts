/**
 * The GitHub cache service through @actions/cache, as the CacheClient the cache code asks for.
 * Its workflow commands are softened while it runs (see cachecommands.ts), and a save refused
 * because another job holds the key is told apart from a service that failed.
 */
import * as cache from '@actions/cache'
import { CacheKeyTakenError, type CacheClient } from '../cache/entries.js'
import { withSoftCacheCommands } from './cachecommands.js'

/**
 * @actions/cache 6 turns every failed CreateCacheEntry (a 409 for a key another job holds, a 5xx
 * after its five tries, a reset connection, a spent quota) into one ReserveCacheError, logs it
 * with core.info and returns -1. Only its debug line keeps the cause.
 */
const RESERVE_REFUSED = /^Failed to save: Unable to reserve cache with key .*another job/
const RESERVE_CAUSE = /^::debug::Failed to reserve cache: (.*)$/

export function actionsCacheClient(): CacheClient {
  return {
    isFeatureAvailable: () => cache.isFeatureAvailable(),
    restoreCache: (paths, key, restoreKeys) =>
      withSoftCacheCommands(() => cache.restoreCache(paths, key, restoreKeys)),
    async saveCache(paths, key) {
      let refused = false
      let cause: string | undefined
      const id = await withSoftCacheCommands(() => cache.saveCache(paths, key), {
        seen: (line) => {
          if (RESERVE_REFUSED.test(line)) refused = true
          const m = RESERVE_CAUSE.exec(line)
          if (m) cause = unescapeCommandData(m[1] as string)
        }
      })
      if (id === -1 && refused) throw reserveFailure(key, cause)
      return id
    }
  }
}

/**
 * What a refused reservation was, from the cause @actions/cache logged: the service's 409
 * (`already_exists`) is another job's key; anything else, or no cause at all, is a failure.
 */
export function reserveFailure(key: string, cause: string | undefined): Error {
  if (cause !== undefined && /\bFailed request: \(409\)/.test(cause)) {
    return new CacheKeyTakenError(key)
  }
  // `Error: Failed to CreateCacheEntry: ...`; a NetworkError goes on with a second line of advice.
  const reason = cause
    ?.replace(/^[A-Za-z]*Error: /, '')
    .split('\n')[0]
    ?.trim()
  return new Error(
    `the cache service did not reserve ${key}: ${reason || '@actions/cache gave no reason'}`
  )
}

/** A workflow command's message as @actions/core escaped it. */
function unescapeCommandData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
