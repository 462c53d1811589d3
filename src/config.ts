import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import { split as splitShellWords } from 'shlex'
import { z } from 'zod'
import { isDirectory, isInside } from './files.js'
import { validateCacheKeySuffix } from './cache/keys.js'
import { CHECK_NAMES, type CheckName } from './findings.js'

/** Every input the action and the command share, by its action name. */
export const INPUT_NAMES = [
  'working-directory',
  'go-version',
  'go-version-file',
  'goproxy',
  'gosumdb',
  'goprivate',
  'gotoolchain',
  'checks',
  'fail-on',
  'allow-local-replace',
  'download-retries',
  'vendor',
  'race',
  'packages',
  'tags',
  'timeout',
  'shuffle',
  'test-flags',
  'coverage',
  'coverage-threshold',
  'rerun-failed',
  'junit',
  'build-targets',
  'vet-tags',
  'cache',
  'cache-save',
  'cache-key-suffix',
  'cache-timeout',
  'annotations',
  'github-token'
] as const
export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Partial<Record<InputName, string>>

export const VERSION_FILE_NAMES = ['go.mod', 'go.work', '.go-version', '.tool-versions'] as const

export interface Config {
  /** Absolute repository root: annotation paths are relative to it. */
  root: string
  /** Absolute directory the gate looks for modules in. */
  workingDirectory: string
  /** A semver range the toolchain must satisfy, without "go" prefixes. */
  goVersion?: string
  /** Absolute path of the file naming the required version. */
  goVersionFile?: string
  /** Undefined: use what `go env` reports on this machine. */
  goproxy?: string
  gosumdb?: string
  goprivate?: string
  gotoolchain: string
  checks: CheckName[]
  failOn: 'error' | 'warning'
  allowLocalReplace: boolean
  /** Retries of `go mod download` after a transient failure (timeouts, resets, 5xx). */
  downloadRetries: number
  /** auto: check vendor/ where it exists; required: a module without vendor/ fails; off. */
  vendor: 'auto' | 'required' | 'off'
  /** Run the tests with -race. */
  race: boolean
  /** Package patterns for go test, e.g. ./... */
  packages: string[]
  /** Build tags for go test, comma-separated as -tags takes them. */
  tags?: string
  /** go test -timeout: a Go duration. */
  testTimeout: string
  /** off, on (a seed the gate picks and prints), or a seed. */
  shuffle: 'off' | 'on' | number
  /** Extra go test flags, split like a shell splits words, never run through one. */
  testFlags: string[]
  coverage: boolean
  /** Percent of statements; below it the tests check fails. Implies coverage. */
  coverageThreshold?: number
  /** How many times failed tests are run again to tell flaky from failing. */
  rerunFailed: number
  /** Absolute path of the JUnit XML file to write, when one is wanted. */
  junit?: string
  /** GOOS/GOARCH pairs to build for with CGO_ENABLED=0. */
  buildTargets: BuildTarget[]
  /** Tag sets for go vet, each a list of tags. */
  vetTags: string[][]
  /** Restore GOMODCACHE and GOCACHE before the checks, save them in the post step. */
  cache: boolean
  /** auto: save on pushes and schedules, restore only on pull requests; always; never. */
  cacheSave: 'auto' | 'always' | 'never'
  /** Added to every cache key, so matrix jobs that build differently never share an entry. */
  cacheKeySuffix?: string
  /** How long one cache restore or save may take, in ms. */
  cacheTimeoutMs: number
  annotations: boolean
  githubToken?: string
}

export interface BuildTarget {
  goos: string
  goarch: string
}

/** A user mistake in the inputs: one line, no stack trace. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Longer values are cut in error lines. */
const MAX_SHOWN = 200

/**
 * Text from the user as an error line shows it: on one line, and cut when long, so the error
 * stays one readable line whatever was given.
 */
function shown(text: string): string {
  const line = oneLine(text)
  return line.length > MAX_SHOWN ? `${line.slice(0, MAX_SHOWN - 3)}...` : line
}

const quoted = (value: string | undefined): string => `"${shown(value ?? '')}"`

/** Control characters (newlines among them) escaped as in a JSON string. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    c < ' ' ? JSON.stringify(c).slice(1, -1) : `\\u${c.charCodeAt(0).toString(16)}`
  )
}

const TRUE_WORDS = ['true', 'True', 'TRUE']
const FALSE_WORDS = ['false', 'False', 'FALSE']
const MAX_DOWNLOAD_RETRIES = 10
const MAX_RERUNS = 5
const TAG = /^[A-Za-z0-9_.]+$/
const MAX_CACHE_TIMEOUT_MS = 60 * 60 * 1000
const GO_DURATION = /^(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/
const TARGET = /^([a-z0-9]+)\/([a-z0-9]+)$/

/**
 * go test flags that another input owns, or that would break the run: the reason each is refused.
 * Matched as `-name`, `--name`, `-name=value` and `-test.name`.
 */
const REFUSED_TEST_FLAGS: Record<string, string> = {
  v: '-json already reports every test, and -v lowers what test2json can tell apart',
  json: 'the gate always runs go test -json',
  race: 'use the race input',
  timeout: 'use the timeout input',
  shuffle: 'use the shuffle input',
  tags: 'use the tags input',
  cover: 'use the coverage input',
  coverprofile: 'use the coverage input',
  covermode: 'use the coverage input',
  c: 'the gate must run the tests, not only compile them',
  o: 'the gate must run the tests, not only compile them',
  n: 'the gate must run the tests, not print the commands',
  exec: 'the gate reads the test binary output itself'
}
const GOTOOLCHAIN_PATTERN = /^(local|auto|path|go1(\.\d+){1,2}((rc|beta)\d+)?(\+(auto|path))?)$/

/** Blank inputs mean "not given", as on a runner where every declared input is set. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

function booleanInput(defaultValue: boolean) {
  return optionalText.transform((value, ctx) => {
    if (value === undefined) return defaultValue
    if (TRUE_WORDS.includes(value)) return true
    if (FALSE_WORDS.includes(value)) return false
    ctx.addIssue({
      code: 'custom',
      message: `${quoted(value)} is not a boolean; use true or false`
    })
    return z.NEVER
  })
}

/** Accepts what people write in workflows (1.26, 1.26.x, >=1.25, go1.26.1) as a semver range. */
export function normaliseVersionRange(value: string): string | undefined {
  const withoutPrefix = value.replace(/(^|[\s<>=^~])go(?=\d)/g, '$1')
  const range = semver.validRange(withoutPrefix, { loose: false })
  return range === null ? undefined : withoutPrefix
}

function listOf(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

const DURATION_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000
}

/** A Go duration (already matched by GO_DURATION) in milliseconds. */
function goDurationMs(text: string): number {
  let ms = 0
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    ms += Number(amount) * (DURATION_UNIT_MS[unit as string] ?? 0)
  }
  return ms
}

/** Build tags as -tags takes them, or the first tag that is not an identifier. */
function tagList(value: string): { tags: string[] } | { bad: string } {
  const tags = value
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '')
  const bad = tags.find((t) => !TAG.test(t))
  return bad === undefined ? { tags } : { bad }
}

function wholeNumberInput(defaultValue: number, max: number) {
  return optionalText.transform((value, ctx) => {
    if (value === undefined) return defaultValue
    if (!/^\d+$/.test(value) || Number(value) > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(value)} is not allowed; use a whole number from 0 to ${max}`
      })
      return z.NEVER
    }
    return Number(value)
  })
}

/** The flag a word of test-flags names (`-run=x` -> run, `-test.v` -> v), or undefined. */
function flagName(word: string): string | undefined {
  const m = /^--?(?:test\.)?([A-Za-z][\w.-]*)(?:=|$)/.exec(word)
  return m?.[1]
}

function schema(cwd: string, root: string) {
  return z.object({
    'working-directory': optionalText.transform((value, ctx) => {
      const dir = path.resolve(cwd, value ?? '.')
      if (!isDirectory(dir)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is not a directory (looked for ${shown(dir)})`
        })
        return z.NEVER
      }
      if (!isInside(root, dir)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is outside the repository root ${root}`
        })
        return z.NEVER
      }
      return dir
    }),
    'go-version': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const range = normaliseVersionRange(value)
      if (range === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is not a version or range; use e.g. 1.26, 1.26.x, ^1.25.0 or >=1.24 <1.27`
        })
        return z.NEVER
      }
      return range
    }),
    'go-version-file': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const file = path.resolve(cwd, value)
      const base = path.basename(file)
      if (!(VERSION_FILE_NAMES as readonly string[]).includes(base)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is not a version file; use one of ${VERSION_FILE_NAMES.join(', ')}`
        })
        return z.NEVER
      }
      if (!fs.existsSync(file)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} does not exist (looked for ${shown(file)})`
        })
        return z.NEVER
      }
      return file
    }),
    goproxy: optionalText.refine((v) => v === undefined || !/\s/.test(v), {
      message:
        'must be a comma- or pipe-separated list of proxy URLs, direct or off, without spaces'
    }),
    gosumdb: optionalText.refine((v) => v === undefined || !/[\n\r]/.test(v), {
      message: 'must be one line: off, a database name, or "name+key url"'
    }),
    goprivate: optionalText.refine((v) => v === undefined || !/\s/.test(v), {
      message: 'must be a comma-separated list of module path patterns, without spaces'
    }),
    gotoolchain: optionalText.transform((value, ctx) => {
      const toolchain = value ?? 'local'
      if (!GOTOOLCHAIN_PATTERN.test(toolchain)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(toolchain)} is not a GOTOOLCHAIN value; use local, auto, path, go1.N.P, go1.N.P+auto or go1.N.P+path`
        })
        return z.NEVER
      }
      return toolchain
    }),
    checks: optionalText.transform((value, ctx) => {
      if (value === undefined || value === 'all') return [...CHECK_NAMES]
      const names = listOf(value)
      const unknown = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n))
      if (unknown.length > 0 || names.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(unknown[0] ?? value)} is not a check; use all or a comma-separated list of ${CHECK_NAMES.join(', ')}`
        })
        return z.NEVER
      }
      // Keep the gate's own order, whatever order the user wrote.
      return CHECK_NAMES.filter((n) => names.includes(n))
    }),
    'fail-on': optionalText.transform((value, ctx) => {
      const failOn = value ?? 'error'
      if (failOn !== 'error' && failOn !== 'warning') {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(failOn)} is not allowed; use error or warning`
        })
        return z.NEVER
      }
      return failOn
    }),
    'allow-local-replace': booleanInput(false),
    'download-retries': wholeNumberInput(3, MAX_DOWNLOAD_RETRIES),
    vendor: optionalText.transform((value, ctx) => {
      const mode = value ?? 'auto'
      if (mode === 'auto') return 'auto' as const
      if (TRUE_WORDS.includes(mode)) return 'required' as const
      if (FALSE_WORDS.includes(mode)) return 'off' as const
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(mode)} is not allowed; use auto, true or false`
      })
      return z.NEVER
    }),
    race: booleanInput(true),
    packages: optionalText.transform((value, ctx) => {
      const patterns = value === undefined ? ['./...'] : value.split(/[\s,]+/).filter((p) => p)
      const flag = patterns.find((p) => p.startsWith('-'))
      if (flag !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(flag)} is not a package pattern; put go test flags in test-flags`
        })
        return z.NEVER
      }
      return patterns
    }),
    tags: optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const parsed = tagList(value)
      if ('bad' in parsed) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(parsed.bad)} is not a build tag; use comma-separated identifiers such as integration,linux`
        })
        return z.NEVER
      }
      return parsed.tags.join(',')
    }),
    timeout: optionalText.transform((value, ctx) => {
      const timeout = value ?? '10m'
      if (!GO_DURATION.test(timeout)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(timeout)} is not a Go duration; use e.g. 90s, 10m or 1h30m (0 for none)`
        })
        return z.NEVER
      }
      return timeout
    }),
    shuffle: optionalText.transform((value, ctx) => {
      const shuffle = value ?? 'off'
      if (shuffle === 'off' || shuffle === 'on') return shuffle
      if (/^\d{1,15}$/.test(shuffle)) return Number(shuffle)
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(shuffle)} is not allowed; use off, on, or a seed (a whole number of at most 15 digits) to replay an order`
      })
      return z.NEVER
    }),
    'test-flags': optionalText.transform((value, ctx) => {
      if (value === undefined) return []
      let words: string[]
      try {
        words = splitShellWords(value)
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} cannot be split into words: ${error instanceof Error ? error.message : String(error)}`
        })
        return z.NEVER
      }
      for (const word of words) {
        if (word === '-args' || word === '--args') break
        const name = flagName(word)
        const reason = name === undefined ? undefined : REFUSED_TEST_FLAGS[name]
        if (reason !== undefined) {
          ctx.addIssue({ code: 'custom', message: `${quoted(word)} is not allowed: ${reason}` })
          return z.NEVER
        }
      }
      return words
    }),
    coverage: booleanInput(false),
    'coverage-threshold': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const percent = Number(value.replace(/%$/, ''))
      if (!/^\d+(\.\d+)?%?$/.test(value) || percent > 100) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is not allowed; use a percentage from 0 to 100, e.g. 80 or 72.5`
        })
        return z.NEVER
      }
      return percent
    }),
    'rerun-failed': wholeNumberInput(1, MAX_RERUNS),
    junit: optionalText.transform((value) =>
      value === undefined ? undefined : path.resolve(cwd, value)
    ),
    'build-targets': optionalText.transform((value, ctx) => {
      const targets: BuildTarget[] = []
      for (const word of value === undefined ? [] : listOf(value)) {
        const m = TARGET.exec(word)
        if (!m) {
          ctx.addIssue({
            code: 'custom',
            message: `${quoted(word)} is not a GOOS/GOARCH pair; use e.g. linux/arm64,windows/amd64 (go tool dist list names them all)`
          })
          return z.NEVER
        }
        const target = { goos: m[1] as string, goarch: m[2] as string }
        if (!targets.some((t) => t.goos === target.goos && t.goarch === target.goarch)) {
          targets.push(target)
        }
      }
      return targets
    }),
    'vet-tags': optionalText.transform((value, ctx) => {
      const sets: string[][] = []
      for (const line of value === undefined ? [] : value.split('\n')) {
        if (line.trim() === '') continue
        const parsed = tagList(line)
        if ('bad' in parsed) {
          ctx.addIssue({
            code: 'custom',
            message: `${quoted(parsed.bad)} is not a build tag; give one tag set per line, e.g. integration or linux,cgo`
          })
          return z.NEVER
        }
        sets.push(parsed.tags)
      }
      return sets
    }),
    cache: booleanInput(true),
    'cache-save': optionalText.transform((value, ctx) => {
      const mode = value ?? 'auto'
      if (mode === 'auto' || mode === 'always' || mode === 'never') return mode
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(mode)} is not allowed; use auto (save on pushes and schedules, restore only on pull requests), always or never`
      })
      return z.NEVER
    }),
    'cache-key-suffix': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const problem = validateCacheKeySuffix(value)
      if (problem === undefined) return value
      ctx.addIssue({ code: 'custom', message: problem })
      return z.NEVER
    }),
    'cache-timeout': optionalText.transform((value, ctx) => {
      const text = value ?? '5m'
      const ms = GO_DURATION.test(text) ? goDurationMs(text) : 0
      if (ms < 1000 || ms > MAX_CACHE_TIMEOUT_MS) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(text)} is not allowed; use a Go duration from 1s to 1h, e.g. 90s or 5m`
        })
        return z.NEVER
      }
      return ms
    }),
    annotations: booleanInput(true),
    'github-token': optionalText
  })
}

export interface ParseOptions {
  /** Directory relative inputs are resolved against. */
  cwd: string
  /** Repository root; annotation paths are relative to it. */
  root: string
  /** How to name an input in an error: the action says `input "fail-on"`, the command `--fail-on`. */
  label: (input: InputName) => string
}

/** One validated Config, or a ConfigError naming the input, the value and what is allowed. */
export function parseConfig(raw: RawInputs, options: ParseOptions): Config {
  const result = schema(options.cwd, options.root).safeParse(raw)
  if (!result.success) {
    const issue = result.error.issues[0]
    const input = String(issue?.path[0] ?? '') as InputName
    const value = raw[input]
    const message =
      issue?.message.startsWith('"') === true
        ? issue.message
        : `${quoted(value)} is not valid: ${issue?.message ?? 'unknown problem'}`
    // oneLine again for messages made elsewhere (validateCacheKeySuffix quotes its value itself).
    throw new ConfigError(oneLine(`${options.label(input)}: ${message}`))
  }
  const v = result.data
  return {
    root: options.root,
    workingDirectory: v['working-directory'],
    goVersion: v['go-version'],
    goVersionFile: v['go-version-file'],
    goproxy: v.goproxy,
    gosumdb: v.gosumdb,
    goprivate: v.goprivate,
    gotoolchain: v.gotoolchain,
    checks: v.checks,
    failOn: v['fail-on'],
    allowLocalReplace: v['allow-local-replace'],
    downloadRetries: v['download-retries'],
    vendor: v.vendor,
    race: v.race,
    packages: v.packages,
    tags: v.tags,
    testTimeout: v.timeout,
    shuffle: v.shuffle,
    testFlags: v['test-flags'],
    coverage: v.coverage || v['coverage-threshold'] !== undefined,
    coverageThreshold: v['coverage-threshold'],
    rerunFailed: v['rerun-failed'],
    junit: v.junit,
    buildTargets: v['build-targets'],
    vetTags: v['vet-tags'],
    cache: v.cache,
    cacheSave: v['cache-save'],
    cacheKeySuffix: v['cache-key-suffix'],
    cacheTimeoutMs: v['cache-timeout'],
    annotations: v.annotations,
    githubToken: v['github-token']
  }
}
