/**
 * Cache keys for the two entries. Pure: strings in, keys out.
 *
 *   module: go-ci-gate-mod-<os>-<arch>-<hash of every go.sum and go.work.sum>
 *           restore: go-ci-gate-mod-<os>-<arch>-
 *   build:  go-ci-gate-build-<os>-<arch>-go<version>-<race|norace>-<flags hash>-<rolling>
 *           restore: ...-<race|norace>-<flags hash>-   then   ...-go<version>-
 *
 * With a cache-key-suffix the kind reads `mod(<suffix>)` / `build(<suffix>)`. A restore key is a
 * prefix, and GitHub restores the newest entry it prefixes: the suffix sits between parentheses
 * (which a suffix cannot contain) so that no job's restore key is a prefix of another suffix's
 * keys ("a" must not restore "a-b"'s entries, nor a job without a suffix anyone's). For the same
 * reason every segment before a restore key's end is free of '-' or of fixed width.
 *
 * The build key's rolling part is the commit (`rollingPart`): the build cache is saved again
 * whenever the source changes, and only then (a rerun of the same commit restores the exact
 * key, and an exact hit is not saved again). Its restore keys find the newest entry for the same
 * go and flags, usually the parent commit's, so a push compiles what changed and no more. A
 * weekly part would churn less but compile everything changed since the week began in every run
 * until the next week; the churn a commit key costs is bounded by the trim (each entry holds one
 * run's working set) and by `cache-save: auto`, which saves on pushes, not on pull requests.
 * An entry from other flags is the last resort: the packages they share are reused, the trim
 * drops the rest. A build cache never crosses go versions: go's action IDs include the compiler.
 *
 * GitHub's limits (@actions/cache checkKey): a key is at most 512 characters without commas, and
 * a restore asks with at most 10 keys, the primary one included. Every free-form part (tags,
 * targets, other flags) goes in through a hash, the suffix is validated, and the result is
 * checked against the limits before it leaves.
 */
import { createHash } from 'node:crypto'
import { printableValue } from '../text.js'

export const CACHE_KEY_PREFIX = 'go-ci-gate'
export const MAX_KEY_LENGTH = 512
export const MAX_KEYS = 10
export const MAX_CACHE_KEY_SUFFIX = 100

export interface SumFile {
  /** Repository-relative, forward slashes, e.g. tools/go.sum. */
  path: string
  content: string
}

export interface CacheKeyInputs {
  /** The runner's OS, as RUNNER_OS names it: Linux, Windows, macOS. */
  os: string
  /** The runner's architecture, as RUNNER_ARCH names it: X64, ARM64. */
  arch: string
  /** go env GOVERSION or the bare version: go1.26.8, 1.26.8. */
  goVersion: string
  /** Every go.sum and go.work.sum in scope, in any order. */
  sums: readonly SumFile[]
  race: boolean
  /** Build tags of the test run: a list, or as -tags takes them (comma-separated). */
  tags?: string | readonly string[]
  /** Extra GOOS/GOARCH build targets, e.g. linux/arm64. */
  targets?: readonly string[]
  /** Anything else that changes what go compiles, e.g. cover, vet tag sets ("vet:integration"). */
  buildFlags?: readonly string[]
  /** The cache-key-suffix input. */
  suffix?: string
  /** The build key's rolling part: `rollingPart(commit)`. */
  rolling: string
  prefix?: string
}

export interface CacheKey {
  key: string
  restoreKeys: string[]
}

export interface CacheKeys {
  module: CacheKey
  build: CacheKey
}

const SUFFIX = /^[A-Za-z0-9._-]+$/
const ROLLING = /^[A-Za-z0-9._]{1,64}$/

/** Why a cache-key-suffix value cannot be used, or undefined when it can. */
export function validateCacheKeySuffix(value: string): string | undefined {
  const fix = `use up to ${MAX_CACHE_KEY_SUFFIX} letters, digits, dots, dashes and underscores, e.g. \${{ matrix.os }}-race`
  if (value === '') return `the value is empty; ${fix}`
  if (value.length > MAX_CACHE_KEY_SUFFIX) {
    return `"${printableValue(value.slice(0, 20))}..." is ${value.length} characters long; ${fix} (GitHub allows 512 characters per cache key)`
  }
  if (value.includes(',')) {
    return `"${printableValue(value)}" contains a comma, which GitHub does not allow in cache keys; ${fix}`
  }
  const bad = [...value].find((c) => !SUFFIX.test(c))
  if (bad !== undefined) {
    return `"${printableValue(value)}" contains ${JSON.stringify(bad)}; ${fix}`
  }
  return undefined
}

/**
 * The build key's rolling part: the first 12 hex digits of the commit being built (GITHUB_SHA),
 * or, without one (a local run), the UTC day: `d20250131`.
 */
export function rollingPart(commit: string | undefined, now: Date = new Date()): string {
  const sha = commit?.trim().toLowerCase() ?? ''
  if (/^[0-9a-f]{7,64}$/.test(sha)) return sha.slice(0, 12)
  return `d${now.toISOString().slice(0, 10).replace(/-/g, '')}`
}

/** The module and build cache keys and restore keys. Throws on input no key can hold. */
export function cacheKeys(inputs: CacheKeyInputs): CacheKeys {
  const prefix = inputs.prefix ?? CACHE_KEY_PREFIX
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(prefix)) {
    throw new Error(`invalid cache key prefix "${prefix}"`)
  }
  let kindSuffix = ''
  if (inputs.suffix !== undefined) {
    const problem = validateCacheKeySuffix(inputs.suffix)
    if (problem !== undefined) throw new Error(`cache-key-suffix: ${problem}`)
    kindSuffix = `(${inputs.suffix})`
  }
  if (!ROLLING.test(inputs.rolling)) {
    throw new Error(
      `invalid rolling cache key part "${inputs.rolling}": use up to 64 letters, digits, dots and underscores (rollingPart makes one)`
    )
  }
  const platform = `${segment(inputs.os)}-${segment(inputs.arch)}`

  const moduleBase = `${prefix}-mod${kindSuffix}-${platform}-`
  const module: CacheKey = {
    key: `${moduleBase}${sumsHash(inputs.sums)}`,
    restoreKeys: [moduleBase]
  }

  const goBase = `${prefix}-build${kindSuffix}-${platform}-${goSegment(inputs.goVersion)}-`
  const flagsBase = `${goBase}${inputs.race ? 'race' : 'norace'}-${flagsHash(inputs)}-`
  const build: CacheKey = {
    key: `${flagsBase}${inputs.rolling}`,
    restoreKeys: [flagsBase, goBase]
  }

  for (const k of [module, build]) checkLimits(k)
  return { module, build }
}

/**
 * The module key's hash: every go.sum and go.work.sum by path and content, sorted by path, so
 * the order files were found in does not matter and a change to any of them changes the key.
 * Line endings are normalised (a CRLF checkout lists the same modules).
 */
export function sumsHash(sums: readonly SumFile[]): string {
  const parts = sums
    .map((s) => ({
      path: s.path.replace(/\\/g, '/').replace(/^(\.\/)+/, ''),
      content: sha256(s.content.replace(/\r\n/g, '\n'))
    }))
    .map((s) => `${s.path}\0${s.content}\n`)
    .sort()
  return sha256(`go.sum v1\n${parts.join('')}`).slice(0, 20)
}

/** The hash of everything besides -race that changes build output: order does not matter. */
export function flagsHash(inputs: Pick<CacheKeyInputs, 'tags' | 'targets' | 'buildFlags'>): string {
  const tags = typeof inputs.tags === 'string' ? inputs.tags.split(/[\s,]+/) : (inputs.tags ?? [])
  const canon = (list: readonly string[]): string[] =>
    [...new Set(list.map((s) => s.trim()).filter((s) => s !== ''))].sort()
  const text = JSON.stringify({
    tags: canon(tags.flatMap((t) => t.split(/[\s,]+/))),
    targets: canon(inputs.targets ?? []),
    flags: canon(inputs.buildFlags ?? [])
  })
  return sha256(text).slice(0, 8)
}

/** go1.26.8 from 1.26.8 or go1.26.8. */
function goSegment(version: string): string {
  const v = version.trim()
  return segment(v.startsWith('go') ? v : `go${v}`, 48)
}

/**
 * A key segment without '-' (the separator), commas or anything unusual: other characters
 * become '_' and a segment that had any, or is too long, ends in a hash of the original.
 */
function segment(raw: string, max = 32): string {
  const value = raw.trim()
  const clean = value.replace(/[^A-Za-z0-9._+]/g, '_')
  if (clean !== '' && clean === value && clean.length <= max) return clean
  return `${clean.slice(0, max - 9)}~${sha256(value).slice(0, 8)}`
}

function checkLimits(k: CacheKey): void {
  const keys = [k.key, ...k.restoreKeys]
  if (keys.length > MAX_KEYS) {
    throw new Error(`internal error: ${keys.length} cache keys, GitHub allows ${MAX_KEYS}`)
  }
  for (const key of keys) {
    if (key.length > MAX_KEY_LENGTH || key.includes(',')) {
      throw new Error(`internal error: cache key "${key}" breaks GitHub's key limits`)
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
