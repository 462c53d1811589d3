/**
 * What the main step tells the post step about the caches (through GITHUB_STATE): where they
 * are, under which keys, what was restored and when the run started using them. Pure.
 */
import type { CacheEntryRestore } from './entries.js'

export interface CacheState {
  version: 1
  /** When the main step began using the caches (ms since the epoch): entries used since are kept. */
  startedAt: number
  /** Absolute paths of the go.sum and go.work.sum files whose modules the module cache keeps. */
  sums: string[]
  entries: CacheEntryRestore[]
}

export const CACHE_STATE_NAME = 'go-ci-gate-cache'

export function serializeCacheState(state: CacheState): string {
  return JSON.stringify(state)
}

/** The state the main step saved, or undefined when it saved none (or something unreadable). */
export function parseCacheState(text: string): CacheState | undefined {
  if (text.trim() === '') return undefined
  try {
    const value = JSON.parse(text) as Partial<CacheState>
    if (
      value.version !== 1 ||
      typeof value.startedAt !== 'number' ||
      !Array.isArray(value.sums) ||
      !Array.isArray(value.entries)
    ) {
      return undefined
    }
    return value as CacheState
  } catch {
    return undefined
  }
}
