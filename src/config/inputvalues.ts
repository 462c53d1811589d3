/** The pieces input validation is made of: value parsers, limits and how a value is quoted in an error. */

import path from 'node:path'
import semver from 'semver'
import { z } from 'zod'
import { isDirectory, isInside, resolveSymlinks } from '../files.js'
import { goDurationNs, nsToMs } from '../go/duration.js'
import { isTrackedSync } from '../go/git.js'
import { printableValue, errorMessage } from '../text.js'

export const VERSION_FILE_NAMES = ['go.mod', 'go.work', '.go-version', '.tool-versions'] as const

export const TRUE_WORDS = ['true', 'True', 'TRUE']
export const FALSE_WORDS = ['false', 'False', 'FALSE']
export const MAX_DOWNLOAD_RETRIES = 10
export const MAX_RERUNS = 5
export const TAG = /^[A-Za-z0-9_.]+$/
export const SECOND_NS = 1_000_000_000n
export const HOUR_NS = 3600n * SECOND_NS
/**
 * The longest test timeout: go test arms its own kill timer at the timeout plus a tenth, in a
 * time.Duration, so above about 2329134h21m (checked with go 1.26) that sum overflows and go
 * test fails at once with "context deadline exceeded". A round number of hours below it.
 */
export const MAX_TEST_TIMEOUT = '2329134h'
export const MAX_TEST_TIMEOUT_NS = goDurationNs(MAX_TEST_TIMEOUT) ?? 0n
export const TARGET = /^([a-z0-9]+)\/([a-z0-9]+)$/
/** Names a JUnit report must never take: go would read the XML as its own file. */
export const GO_FILE_NAME = /^(go\.mod|go\.sum|go\.work|go\.work\.sum)$|\.go$/
export const GOTOOLCHAIN_PATTERN =
  /^(local|auto|path|go1(\.\d+){1,2}((rc|beta)\d+)?(\+(auto|path))?)$/

/** A value in an error line: quoted, cut when long, control characters escaped. */
export function quoted(value: string): string {
  return `"${printableValue(value)}"`
}

/** Blank inputs mean "not given", as on a runner where every declared input is set. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

export function booleanInput(defaultValue: boolean) {
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

export function listOf(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** Build tags as -tags takes them, or the first tag that is not an identifier. */
export function tagList(value: string): { tags: string[] } | { bad: string } {
  const tags = value
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '')
  const bad = tags.find((t) => !TAG.test(t))
  return bad === undefined ? { tags } : { bad }
}

/** A Go duration from 1s to 1h, in ms: how long one attempt at something may take. */
export function boundedDurationInput(defaultValue: string, examples: string) {
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

export function wholeNumberInput(defaultValue: number, max: number) {
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
export function outsideRoot(
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
 * Where a report file (JUnit, SARIF) goes (symbolic links followed), or why it must not be
 * written at `file`. Allowed: inside the repository or the temporary directory once links are
 * followed; never a directory, a Go file, or a file git tracks (the report would overwrite it).
 * `example` is the path the errors suggest.
 */
export function reportFile(
  value: string,
  file: string,
  places: JunitPlaces,
  example = 'reports/junit.xml'
): { file: string } | string {
  let real: string
  try {
    real = resolveSymlinks(file)
  } catch (error) {
    return `${quoted(value)} cannot be resolved (${errorMessage(error)}); use a path inside the repository or ${places.tempDir}`
  }
  const where = real === file ? '' : ` (it leads to ${printableValue(real)})`
  const inRoot = isInside(places.realRoot, real)
  if (!inRoot && !isInside(resolveSymlinks(places.tempDir), real)) {
    return `${quoted(value)} is outside the repository and ${places.tempDir}${where}; use a path inside either, e.g. ${example}`
  }
  if (isDirectory(real)) {
    return `${quoted(value)} is a directory${where}; use a file path, e.g. ${printableValue(path.join(value, path.basename(example)))}`
  }
  if (inRoot && isTrackedSync(places.realRoot, path.relative(places.realRoot, real))) {
    return `${quoted(value)} is a file git tracks${where}, which the report would overwrite; use a path git does not track, e.g. ${example}`
  }
  if (GO_FILE_NAME.test(path.basename(real))) {
    return `${quoted(value)} is a Go file${where}; use a path of its own, e.g. ${example}`
  }
  return { file: real }
}

/** The JUnit report's place, checked by reportFile's rules. */
export const junitFile = reportFile

export interface JunitPlaces {
  realRoot: string
  tempDir: string
}

export interface BuildTarget {
  goos: string
  goarch: string
}
