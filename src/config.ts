import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import semver from 'semver'
import { split as splitShellWords } from 'shlex'
import { z } from 'zod'
import { isDirectory, isInside, resolveSymlinks } from './files.js'
import { validateCacheKeySuffix } from './cache/keys.js'
import { CHECK_NAMES, type CheckName } from './findings.js'
import { goDurationNs, nsToMs } from './go/duration.js'
import { isTrackedSync } from './go/git.js'
import { GOPROXY_FIX, GOSUMDB_FIX, goproxyProblem, gosumdbProblem } from './go/proxysyntax.js'
import { refusedTestFlag } from './go/testflags.js'
import { printableValue } from './text.js'

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
  'download-timeout',
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
  /** How long one `go mod download` attempt may take, in ms; a longer one is stopped and retried. */
  downloadTimeoutMs: number
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

const TRUE_WORDS = ['true', 'True', 'TRUE']
const FALSE_WORDS = ['false', 'False', 'FALSE']
const MAX_DOWNLOAD_RETRIES = 10
const MAX_RERUNS = 5
const TAG = /^[A-Za-z0-9_.]+$/
const SECOND_NS = 1_000_000_000n
const HOUR_NS = 3600n * SECOND_NS
/**
 * The longest test timeout: go test arms its own kill timer at the timeout plus a tenth, in a
 * time.Duration, so above about 2329134h21m (checked with go 1.26) that sum overflows and go
 * test fails at once with "context deadline exceeded". A round number of hours below it.
 */
const MAX_TEST_TIMEOUT = '2329134h'
const MAX_TEST_TIMEOUT_NS = goDurationNs(MAX_TEST_TIMEOUT) ?? 0n
const TARGET = /^([a-z0-9]+)\/([a-z0-9]+)$/
/** Names a JUnit report must never take: go would read the XML as its own file. */
const GO_FILE_NAME = /^(go\.mod|go\.sum|go\.work|go\.work\.sum)$|\.go$/
const GOTOOLCHAIN_PATTERN = /^(local|auto|path|go1(\.\d+){1,2}((rc|beta)\d+)?(\+(auto|path))?)$/

/** A value in an error line: quoted, cut when long, control characters escaped. */
function quoted(value: string): string {
  return `"${printableValue(value)}"`
}

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

/** Build tags as -tags takes them, or the first tag that is not an identifier. */
function tagList(value: string): { tags: string[] } | { bad: string } {
  const tags = value
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '')
  const bad = tags.find((t) => !TAG.test(t))
  return bad === undefined ? { tags } : { bad }
}

/** A Go duration from 1s to 1h, in ms: how long one attempt at something may take. */
function boundedDurationInput(defaultValue: string, examples: string) {
  return optionalText.transform((value, ctx) => {
    const text = value ?? defaultValue
    const ns = goDurationNs(text) ?? 0n
    if (ns < SECOND_NS || ns > HOUR_NS) {
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(text)} is not allowed; use a Go duration from 1s to 1h, e.g. ${examples}`
      })
      return z.NEVER
    }
    return nsToMs(ns)
  })
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

/**
 * Why a path (already resolved against cwd) must not be used because it leaves the repository,
 * by its name (`..`, an absolute path) or through a symbolic link; undefined when it stays in.
 */
function outsideRoot(
  value: string,
  file: string,
  root: string,
  realRoot: string
): string | undefined {
  if (!isInside(root, file)) return `${quoted(value)} is outside the repository root ${root}`
  const real = resolveSymlinks(file)
  if (!isInside(realRoot, real)) {
    return `${quoted(value)} leads outside the repository root ${root} through a symbolic link (to ${printableValue(real)})`
  }
  return undefined
}

/**
 * Where the JUnit report goes (symbolic links followed), or why it must not be written at `file`.
 * Allowed: inside the repository or the temporary directory once links are followed; never a
 * directory, a Go file, or a file git tracks (the report would overwrite it).
 */
function junitFile(value: string, file: string, places: JunitPlaces): { file: string } | string {
  let real: string
  try {
    real = resolveSymlinks(file)
  } catch (error) {
    return `${quoted(value)} cannot be resolved (${error instanceof Error ? error.message : String(error)}); use a path inside the repository or ${places.tempDir}`
  }
  const where = real === file ? '' : ` (it leads to ${printableValue(real)})`
  const inRoot = isInside(places.realRoot, real)
  if (!inRoot && !isInside(resolveSymlinks(places.tempDir), real)) {
    return `${quoted(value)} is outside the repository and ${places.tempDir}${where}; use a path inside either, e.g. reports/junit.xml`
  }
  if (isDirectory(real)) {
    return `${quoted(value)} is a directory${where}; use a file path, e.g. ${printableValue(path.join(value, 'junit.xml'))}`
  }
  if (inRoot && isTrackedSync(places.realRoot, path.relative(places.realRoot, real))) {
    return `${quoted(value)} is a file git tracks${where}, which the report would overwrite; use a path git does not track, e.g. reports/junit.xml`
  }
  if (GO_FILE_NAME.test(path.basename(real))) {
    return `${quoted(value)} is a Go file${where}; use a path of its own, e.g. reports/junit.xml`
  }
  return { file: real }
}

interface JunitPlaces {
  realRoot: string
  tempDir: string
}

function schema(cwd: string, root: string, tempDir: string) {
  const realRoot = resolveSymlinks(root)
  return z.object({
    'working-directory': optionalText.transform((value, ctx) => {
      const dir = path.resolve(cwd, value ?? '.')
      const shown = value ?? '.'
      if (!isDirectory(dir)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(shown)} is not a directory (looked for ${printableValue(dir)})`
        })
        return z.NEVER
      }
      const outside = outsideRoot(shown, dir, root, realRoot)
      if (outside !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${outside}; use a directory inside it` })
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
      const names = VERSION_FILE_NAMES.join(', ')
      if (!(VERSION_FILE_NAMES as readonly string[]).includes(base)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is not a version file; use one of ${names}`
        })
        return z.NEVER
      }
      if (!fs.existsSync(file)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} does not exist (looked for ${printableValue(file)})`
        })
        return z.NEVER
      }
      const outside = outsideRoot(value, file, root, realRoot)
      if (outside !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${outside}; use a file inside it` })
        return z.NEVER
      }
      if (!fs.statSync(file).isFile()) {
        const what = isDirectory(file) ? 'a directory' : 'not a regular file'
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is ${what}; use the path of a file named ${names}`
        })
        return z.NEVER
      }
      return file
    }),
    goproxy: optionalText.transform((value, ctx) => {
      const problem = value === undefined ? undefined : goproxyProblem(value)
      if (problem === undefined) return value
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(problem.part)} ${problem.reason}; ${GOPROXY_FIX}`
      })
      return z.NEVER
    }),
    gosumdb: optionalText.transform((value, ctx) => {
      const problem = value === undefined ? undefined : gosumdbProblem(value)
      if (problem === undefined) return value
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(problem.part)} ${problem.reason}; ${GOSUMDB_FIX}`
      })
      return z.NEVER
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
    'download-timeout': boundedDurationInput('2m', '30s or 5m'),
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
      const ns = goDurationNs(timeout)
      if (ns === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(timeout)} is not a Go duration; use e.g. 90s, 10m or 1h30m (0 for none)`
        })
        return z.NEVER
      }
      if (ns > MAX_TEST_TIMEOUT_NS) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(timeout)} is longer than go test can wait; use a Go duration up to ${MAX_TEST_TIMEOUT}, e.g. 90s, 10m or 1h30m (0 for none)`
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
      const refused = refusedTestFlag(words)
      if (refused !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(refused.word)} is not allowed: ${refused.reason}`
        })
        return z.NEVER
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
    junit: optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const junit = junitFile(value, path.resolve(cwd, value), { realRoot, tempDir })
      if (typeof junit !== 'string') return junit.file
      ctx.addIssue({ code: 'custom', message: junit })
      return z.NEVER
    }),
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
    'cache-timeout': boundedDurationInput('5m', '90s or 5m'),
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
  /**
   * The temporary directory a junit report may also go to (RUNNER_TEMP on a runner);
   * default os.tmpdir().
   */
  tempDir?: string
}

/** One validated Config, or a ConfigError naming the input, the value and what is allowed. */
export function parseConfig(raw: RawInputs, options: ParseOptions): Config {
  const tempDir = path.resolve(options.tempDir ?? os.tmpdir())
  const result = schema(options.cwd, options.root, tempDir).safeParse(raw)
  if (!result.success) {
    const issue = result.error.issues[0]
    const input = String(issue?.path[0] ?? '') as InputName
    const value = raw[input]
    const message =
      issue?.message.startsWith('"') === true
        ? issue.message
        : `${quoted(value ?? '')} is not valid: ${issue?.message ?? 'unknown problem'}`
    throw new ConfigError(`${options.label(input)}: ${message}`)
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
    downloadTimeoutMs: v['download-timeout'],
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
