// Test timings for the shard planner, made from earlier runs' JSON reports, and the compact shape
// they are stored in between runs. Pure: reports in, data out.
import type { PackageTests, Report } from '../findings.js'

/** Seconds, from earlier runs' JSON reports: per package and per top-level test, by import path. */
export interface Timings {
  /** The package's go test: its test binary's run as test2json reports it (not its compilation). */
  packages: Record<string, number>
  /** Top-level tests only (`TestX`, never `TestX/sub`): what a `-run` list can name. */
  tests: Record<string, Record<string, number>>
}

/** Timings as stored between runs: seconds rounded to milliseconds, keys sorted, versioned. */
export interface StoredTimings extends Timings {
  version: 1
}

/** A package's cost besides its top-level tests (init, TestMain, the harness): never below 0. */
function fixedCost(entry: PackageTests): number | undefined {
  if (typeof entry.elapsed !== 'number') return undefined
  return Math.max(0, entry.elapsed - sumOf(topLevelTimes(entry)))
}

function topLevelTimes(entry: PackageTests): Map<string, number> {
  const times = new Map<string, number>()
  for (const test of entry.tests) {
    if (test.name.includes('/') || typeof test.elapsed !== 'number') continue
    if (test.status === 'unfinished') continue
    times.set(test.name, test.elapsed)
  }
  return times
}

const sumOf = (times: Map<string, number>): number => [...times.values()].reduce((a, b) => a + b, 0)

/**
 * Timings from reports, oldest first. Across reports the later one wins, per package and per
 * test: timings follow the code, and a mean would keep a test that was made slower (or faster)
 * wrong for as many runs as it averaged; one run's noise costs little, as balancing only needs
 * the rough proportions. Within one report, several entries of one package are the shards that
 * ran parts of it (a split package): its time is then the largest part's fixed cost plus all its
 * tests, the cost of running it whole. A package whose binary never ran (build-failed) or never
 * reported its time gives no package time; its tests that did end still count.
 */
export function timingsFromReports(reports: readonly Pick<Report, 'tests'>[]): Timings {
  const timings: Timings = { packages: {}, tests: {} }
  for (const report of reports) {
    const entries = new Map<string, PackageTests[]>()
    for (const entry of report.tests?.packages ?? []) {
      const list = entries.get(entry.package) ?? []
      list.push(entry)
      entries.set(entry.package, list)
    }
    for (const [pkg, list] of entries) {
      const tests = new Map<string, number>()
      for (const entry of list) for (const [name, s] of topLevelTimes(entry)) tests.set(name, s)
      if (tests.size > 0) {
        timings.tests[pkg] = { ...timings.tests[pkg], ...Object.fromEntries(tests) }
      }
      const timed = list.filter((e) => e.status !== 'build-failed' && fixedCost(e) !== undefined)
      if (timed.length === 1) {
        timings.packages[pkg] = timed[0]!.elapsed!
      } else if (timed.length > 1) {
        timings.packages[pkg] = Math.max(...timed.map((e) => fixedCost(e)!)) + sumOf(tests)
      }
    }
  }
  return timings
}

const roundMs = (seconds: number): number => Math.round(seconds * 1000) / 1000

function sortedRounded(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(values)
      .sort()
      .map((key) => [key, roundMs(values[key]!)])
  )
}

/** The stored shape: milliseconds, sorted keys, so the same timings always give the same JSON. */
export function compactTimings(timings: Timings): StoredTimings {
  const tests = Object.keys(timings.tests)
    .sort()
    .filter((pkg) => Object.keys(timings.tests[pkg]!).length > 0)
    .map((pkg) => [pkg, sortedRounded(timings.tests[pkg]!)])
  return { version: 1, packages: sortedRounded(timings.packages), tests: Object.fromEntries(tests) }
}

const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0

function isSecondsRecord(v: unknown): v is Record<string, number> {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isSeconds)
  )
}

/**
 * Stored timings read back (parsed JSON of any origin: a cache entry can be stale or damaged).
 * Undefined when the value is not that shape: the plan then has no timings, not wrong ones.
 */
export function readStoredTimings(value: unknown): Timings | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { version, packages, tests } = value as Partial<StoredTimings>
  if (version !== 1 || !isSecondsRecord(packages)) return undefined
  if (typeof tests !== 'object' || tests === null || Array.isArray(tests)) return undefined
  if (!Object.values(tests).every(isSecondsRecord)) return undefined
  return { packages, tests }
}

/** Timings from a file's text: stored timings, or a go-ci-gate JSON report; undefined for neither. */
export function timingsFromText(text: string): Timings | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const stored = readStoredTimings(value)
  if (stored !== undefined) return stored
  const report = value as Partial<Report>
  if (typeof value !== 'object' || value === null || report.schemaVersion !== 1) return undefined
  return timingsFromReports([report as Report])
}
