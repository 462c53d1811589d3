/**
 * What the main step tells the post step about the caches (through GITHUB_STATE): where they
 * are, under which keys, what was restored and when the run started using them. Pure.
 *
 * GITHUB_STATE is a file every later step of the job can append to (a pull request's tests
 * included), so the post step reads it as untrusted input: only the exact shape the main step
 * writes is accepted, and the paths in it are checked against the machine again (verify.ts).
 */
import path from 'node:path'
import { z } from 'zod'
import type { CacheEntryRestore, SavePolicy } from './entries.js'
import { CACHE_KEY_PREFIX, MAX_KEY_LENGTH, MAX_KEYS } from './keys.js'

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

/** The state is there but is not what the main step writes. */
export class InvalidCacheStateError extends Error {
  constructor(readonly problem: string) {
    super(`the cache state is not what the main step writes: ${problem}`)
    this.name = 'InvalidCacheStateError'
  }
}

export function serializeCacheState(state: CacheState): string {
  return JSON.stringify(state)
}

/**
 * The state the main step saved, or undefined when it saved none. Anything else (cut off,
 * another version's, a field it never writes, a path that is not absolute, a key it never makes)
 * throws an InvalidCacheStateError naming the first problem.
 */
export function parseCacheState(text: string): CacheState | undefined {
  if (text.trim() === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new InvalidCacheStateError(`not JSON: ${cut(text)}`)
  }
  const parsed = STATE.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.map(String).join('.') || 'the state'
    throw new InvalidCacheStateError(`${where}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data as CacheState
}

const cut = (text: string): string =>
  JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text)

const absolutePath = z
  .string()
  .max(4096)
  .refine((p) => path.isAbsolute(p) && !p.includes('\0'), {
    error: (issue) => `${cut(String(issue.input))} is not an absolute path`
  })

/** A key or restore key as cacheKeys makes them (keys.ts): the kind, an optional (suffix), segments. */
const KEY = new RegExp(
  `^${CACHE_KEY_PREFIX}-(mod|build)(\\([A-Za-z0-9._-]{1,100}\\))?-[A-Za-z0-9._+~-]+$`
)
const KIND: Record<CacheEntryRestore['name'], string> = { module: 'mod', build: 'build' }
const cacheKey = z
  .string()
  .max(MAX_KEY_LENGTH)
  .regex(KEY, { error: (issue) => `${cut(String(issue.input))} is not a go-ci-gate cache key` })

const count = z.number().int().nonnegative()

const ENTRY = z
  .strictObject({
    name: z.enum(['module', 'build']),
    path: absolutePath,
    key: cacheKey,
    restoreKeys: z.array(cacheKey).max(MAX_KEYS - 1),
    matchedKey: cacheKey.optional(),
    skipped: z.string().max(10_000).optional(),
    populated: z.boolean().optional(),
    size: z.strictObject({ files: count, bytes: count }).optional(),
    durationMs: count.optional()
  })
  .refine(
    (e) =>
      [e.key, ...e.restoreKeys, e.matchedKey ?? e.key].every(
        (k) => KEY.exec(k)?.[1] === KIND[e.name]
      ),
    { error: 'a key is of the other cache' }
  )

// session.ts: the toolchain module go switched to, golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64.
const TOOLCHAIN_MODULE = /^golang\.org\/toolchain@v0\.0\.1-go1[0-9A-Za-z.+-]*\.[a-z0-9]+-[a-z0-9]+$/

const STATE = z.strictObject({
  version: z.literal(1),
  startedAt: count,
  savePolicy: z.enum(['auto', 'always', 'never']),
  // The cache-timeout input's range: 1 s to 1 h.
  timeoutMs: z.number().min(1000).max(3_600_000),
  sums: z
    .array(
      absolutePath.refine((p) => ['go.sum', 'go.work.sum'].includes(path.basename(p)), {
        error: (issue) => `${cut(String(issue.input))} is not a go.sum or go.work.sum`
      })
    )
    .max(10_000),
  keepModules: z
    .array(
      z.string().regex(TOOLCHAIN_MODULE, {
        error: (issue) => `${cut(String(issue.input))} is not a Go toolchain module`
      })
    )
    .max(2),
  entries: z
    .array(ENTRY)
    .max(2)
    .refine((list) => new Set(list.map((e) => e.name)).size === list.length, {
      error: 'an entry is named twice'
    })
})
