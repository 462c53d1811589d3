/**
 * The GitHub cache service through @actions/cache, as the CacheClient the cache code asks for.
 * Its workflow commands are softened while it runs (see cachecommands.ts), and a save it gave up
 * on because another job holds the key is told apart from other failures.
 */
import * as cache from '@actions/cache'
import type { CacheClient } from '../cache/entries.js'
import { withSoftCacheCommands } from './cachecommands.js'

// @actions/cache logs this (core.info) and returns -1 when CreateCacheEntry is refused.
const RESERVE_REFUSED = /Failed to save: Unable to reserve cache with key .*another job/

export function actionsCacheClient(): CacheClient {
  return {
    isFeatureAvailable: () => cache.isFeatureAvailable(),
    restoreCache: (paths, key, restoreKeys) =>
      withSoftCacheCommands(() => cache.restoreCache(paths, key, restoreKeys)),
    async saveCache(paths, key) {
      let refused: string | undefined
      const id = await withSoftCacheCommands(() => cache.saveCache(paths, key), {
        seen: (line) => {
          if (RESERVE_REFUSED.test(line)) refused = line.replace(/^.*Failed to save: /, '')
        }
      })
      if (id === -1 && refused !== undefined) {
        throw Object.assign(new Error(refused), { name: 'ReserveCacheError' })
      }
      return id
    }
  }
}
