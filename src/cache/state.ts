/**
 * What the main step tells the post step about the caches (through GITHUB_STATE): where they
 * are, under which keys, what was restored and when the run started using them. Pure.
 */
import type { CacheEntryRestore, SavePolicy } from './entries.js'

export interface CacheState {
  version: 1
  /** When the main step began using the caches (ms since the epoch): entries used since are kept. */
  startedAt: number
  /** The cache-save input: the post step reads no inputs of its own. */
  savePolicy: SavePolicy
  /** The cache-timeout input, in ms. */
  timeoutMs: number
  /** Absolute paths of the go.sum and go.work.sum files whose modules the module cache keeps. */
  sums: string[]
  /** `path@version` modules to keep though no go.sum lists them (a toolchain go switched to). */
  keepModules: string[]
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
      typeof value.timeoutMs !== 'number' ||
      !['auto', 'always', 'never'].includes(value.savePolicy ?? '') ||
      !Array.isArray(value.sums) ||
      !Array.isArray(value.keepModules) ||
      !Array.isArray(value.entries)
    ) {
      return undefined
    }
    return value as CacheState
  } catch {
    return undefined
  }
}
