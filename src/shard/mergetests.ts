/**
 * The shards' test results as one run's: a package split over shards becomes one package with
 * the union of its tests. Pure.
 */
import type {
  PackageTestStatus,
  PackageTests,
  TestCase,
  TestCaseStatus,
  TestsReport
} from '../findings.js'
import type { PlanDocument } from './document.js'
import type { ShardRun } from './mergeshards.js'

/** `module\0package`: a package's identity across the plan and the reports. */
export function packageKey(p: { module: string; package: string }): string {
  return `${p.module}\0${p.package}`
}

// Worst first: a package's status is the worst of its parts'; `pass` outranks `skip` because a
// package of which one part passed and another had nothing to run passed.
const PACKAGE_RANK: Record<PackageTestStatus, number> = {
  'build-failed': 0,
  unfinished: 1,
  fail: 2,
  pass: 3,
  skip: 4
}
const TEST_RANK: Record<TestCaseStatus, number> = { fail: 0, unfinished: 1, pass: 2, skip: 3 }

/**
 * The shards' TestsReports as one, or undefined when no shard ran tests.
 *
 * Coverage: a shard reports percentages, not its profile, and the union of two parts' covered
 * statements cannot be computed from their percentages (nor can a total, without each package's
 * statement count). So the merge keeps a package's coverage only when one shard ran that package
 * whole, and leaves the total `coverage` undefined rather than show a number no run measured
 * (an average weighted by package would differ from what one run prints). The caller says so.
 */
export function mergeTestsReports(
  plan: PlanDocument,
  runs: readonly ShardRun[]
): TestsReport | undefined {
  const reports = runs.flatMap((run) => (run.report.tests === undefined ? [] : [run.report.tests]))
  const [first] = reports
  if (first === undefined) return undefined
  const merged: TestsReport = {
    args: first.args,
    race: reports.every((r) => r.race),
    reruns: Math.max(...reports.map((r) => r.reruns)),
    packages: mergePackages(plan, reports)
  }
  const seeds = new Set(reports.map((r) => r.shuffleSeed))
  if (seeds.size === 1 && first.shuffleSeed !== undefined) merged.shuffleSeed = first.shuffleSeed
  const threshold = reports.find((r) => r.coverageThreshold !== undefined)?.coverageThreshold
  if (threshold !== undefined) merged.coverageThreshold = threshold
  return merged
}

/** Every shard's packages, a package in several shards as one, in the plan's order. */
function mergePackages(plan: PlanDocument, reports: readonly TestsReport[]): PackageTests[] {
  const split = new Set(
    plan.shards
      .flat()
      .filter((a) => a.run !== undefined || a.skip !== undefined)
      .map(packageKey)
  )
  const merged = new Map<string, { pkg: PackageTests; parts: number }>()
  for (const report of reports) {
    for (const pkg of report.packages) {
      const key = packageKey(pkg)
      const seen = merged.get(key)
      if (seen === undefined) merged.set(key, { pkg: { ...pkg, tests: [...pkg.tests] }, parts: 1 })
      else merged.set(key, { pkg: joinParts(seen.pkg, pkg), parts: seen.parts + 1 })
    }
  }
  const order = new Map(plan.units.map((u, i) => [packageKey(u), i]))
  const rank = (key: string): number => order.get(key) ?? order.size
  return [...merged.entries()]
    .map(([key, { pkg, parts }], i) => ({ key, pkg, parts, i }))
    .sort((a, b) => rank(a.key) - rank(b.key) || a.i - b.i)
    .map(({ key, pkg, parts }) => {
      // A part's coverage is of the tests it ran: only a package run whole is measured.
      if (parts === 1 && !split.has(key)) return pkg
      const partial = { ...pkg }
      delete partial.coverage
      return partial
    })
}

/** Two shards' parts of one package as one: the union of their tests. */
function joinParts(a: PackageTests, b: PackageTests): PackageTests {
  const tests = new Map<string, TestCase>(a.tests.map((t) => [t.name, t]))
  for (const test of b.tests) {
    const seen = tests.get(test.name)
    // A test in two shards is a problem the merge reports; the listing keeps its worse ending.
    if (seen === undefined || TEST_RANK[test.status] < TEST_RANK[seen.status]) {
      tests.set(test.name, test)
    }
  }
  const joined: PackageTests = {
    ...a,
    status: PACKAGE_RANK[b.status] < PACKAGE_RANK[a.status] ? b.status : a.status,
    tests: [...tests.values()]
  }
  const dir = a.dir ?? b.dir
  if (dir !== undefined) joined.dir = dir
  if (a.elapsed !== undefined || b.elapsed !== undefined) {
    joined.elapsed = roundSeconds((a.elapsed ?? 0) + (b.elapsed ?? 0))
  }
  return joined
}

/** Sums of seconds to the millisecond, so 0.1 + 0.2 reads 0.3. */
function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000
}
