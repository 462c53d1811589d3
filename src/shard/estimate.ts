// How long each package's tests will take, from earlier runs' timings, with medians standing in
// for what was never timed. Pure.
import type { Timings } from './timings.js'

/** One package's tests, as the plan job found them (go list + the top-level Test functions in its _test.go files). */
export interface PackageUnit {
  /** The module directory relative to the repository root, "." for the root. */
  module: string
  /** Import path. */
  package: string
  /** Top-level Test* names, sorted. */
  tests: string[]
}

export interface TestEstimate {
  name: string
  seconds: number
  /** False when the seconds are a median standing in for a test never timed. */
  timed: boolean
}

export interface PackageEstimate {
  module: string
  package: string
  /** Whether earlier runs timed the package itself. */
  timed: boolean
  /** Running the whole package once. */
  seconds: number
  /** Its cost besides its top-level tests (init, TestMain, the harness): what every part of it pays. */
  overhead: number
  /** Sorted by name, each once. */
  tests: TestEstimate[]
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const unitKey = (u: PackageUnit) => ({ module: u.module, package: u.package })

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)

/** Timings only count when they are finite and not negative (stored files can be hand-edited). */
// To the microsecond: timings are kept in milliseconds, and sums of tinier values (denormals)
// would tie or not depending on the order they were added in.
const seconds = (v: number | undefined): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v * 1e6) / 1e6 : undefined

/** The units with one entry per module and package (tests merged), in a stable order. */
export function normalizeUnits(units: readonly PackageUnit[]): PackageUnit[] {
  const byKey = new Map<string, { module: string; package: string; tests: Set<string> }>()
  for (const unit of units) {
    const key = `${unit.module}\0${unit.package}`
    const entry = byKey.get(key) ?? { module: unit.module, package: unit.package, tests: new Set() }
    for (const test of unit.tests) entry.tests.add(test)
    byKey.set(key, entry)
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => ({ module: e.module, package: e.package, tests: [...e.tests].sort() }))
}

/**
 * Each unit's estimate. A package never timed gets the median time of the timed ones; a test
 * never timed gets the median of its package's timed tests, else of every timed test, else an
 * even share of its package. A timed package's time grows by the tests added since its tests
 * were timed. Estimates are seconds of the package's run, overlap shared out (see below).
 */
export function estimatePackages(
  units: readonly PackageUnit[],
  timings: Timings
): PackageEstimate[] {
  const normalized = normalizeUnits(units)
  const packageTimes = normalized
    .map((u) => seconds(timings.packages[u.package]))
    .filter((s): s is number => s !== undefined)
  const allTestTimes = normalized.flatMap((u) =>
    Object.values(timings.tests[u.package] ?? {})
      .map(seconds)
      .filter((s): s is number => s !== undefined)
  )
  const medianPackage = median(packageTimes) ?? 1
  const medianTest = median(allTestTimes)

  return normalized.map((unit) => {
    const recorded = timings.tests[unit.package] ?? {}
    const ownTimes = Object.values(recorded)
      .map(seconds)
      .filter((s): s is number => s !== undefined)
    const packageTime = seconds(timings.packages[unit.package])
    // Parallel tests (t.Parallel) overlap: their times add up to more than the package took.
    // Each then counts for its share of the package's time, so its groups add up to the package.
    const overlap =
      packageTime !== undefined && sum(ownTimes) > packageTime ? packageTime / sum(ownTimes) : 1
    const ownMedian = median(ownTimes)
    const stand = ownMedian !== undefined ? ownMedian * overlap : medianTest
    const whole = packageTime ?? medianPackage
    const evenShare = whole / Math.max(1, unit.tests.length)
    const tests = unit.tests.map((name): TestEstimate => {
      const own = seconds(recorded[name])
      return own !== undefined
        ? { name, seconds: own * overlap, timed: true }
        : { name, seconds: stand ?? evenShare, timed: false }
    })
    const untimed = sum(tests.filter((t) => !t.timed).map((t) => t.seconds))
    if (packageTime === undefined) {
      const overhead = Math.max(0, whole - sum(tests.map((t) => t.seconds)))
      return { ...unitKey(unit), timed: false, seconds: whole, overhead, tests }
    }
    // Measured against every test the timings hold, so a test deleted since is not taken for init.
    const overhead = Math.max(0, packageTime - sum(ownTimes))
    // Tests are new only against a package whose tests were timed: without any, its time holds them.
    const grown = ownTimes.length > 0 ? packageTime + untimed : packageTime
    return { ...unitKey(unit), timed: true, seconds: grown, overhead, tests }
  })
}
