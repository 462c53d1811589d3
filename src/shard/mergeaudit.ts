/**
 * Whether every planned test ran exactly once across the shards: a test in no shard is a test
 * nobody knows the outcome of, a test in two means the plan's groups overlapped. Tests that ran
 * but were not planned (added since the plan's timings, found by a split package's skip group)
 * are the design, not a problem. Pure.
 */
import { plural, type CheckFinding, type PackageTests } from '../findings.js'
import { topLevelTest } from '../go/testfuncs.js'
import type { PlanDocument } from './document.js'
import type { ShardRun } from './mergeshards.js'
import { packageKey } from './mergetests.js'
import type { Assignment } from './plan.js'

/** Names listed in one finding; the rest are counted. */
const LISTED_AT_MOST = 20

/** Problems with the tests that ran: planned ones in no shard, any in two. */
export function auditTests(
  plan: PlanDocument,
  runs: readonly ShardRun[],
  missing: readonly number[]
): CheckFinding[] {
  const count = plan.shards.length
  const parts = new Map<number, Map<string, PackageTests>>()
  // package -> top-level test -> the shards it ran in
  const ran = new Map<string, Map<string, number[]>>()
  for (const run of runs) {
    const byPackage = new Map<string, PackageTests>()
    parts.set(run.index, byPackage)
    for (const pkg of run.report.tests?.packages ?? []) {
      const key = packageKey(pkg)
      byPackage.set(key, pkg)
      const tests = ran.get(key) ?? new Map<string, number[]>()
      ran.set(key, tests)
      for (const test of pkg.tests) {
        const name = topLevelTest(test.name)
        const shards = tests.get(name) ?? []
        if (!shards.includes(run.index)) shards.push(run.index)
        tests.set(name, shards)
      }
    }
  }
  const reported = new Map(runs.map((run) => [run.index, run]))

  // The tests of a shard's part are not expected when the shard could not run (no report, a
  // set-up error) or the part's test binary ended before running them: each of those fails the
  // gate with its own finding (a missing shard, the set-up error, the build error, the panic).
  const excused = (index: number, key: string): boolean => {
    const run = reported.get(index)
    if (run === undefined || missing.includes(index)) return true
    if (run.report.setupError !== undefined) return true
    const part = parts.get(index)?.get(key)
    const failed = run.report.results.some(
      (r) => r.check === 'tests' && (r.status === 'fail' || r.status === 'error')
    )
    return part !== undefined && failed && endedEarly(part)
  }

  const problems: CheckFinding[] = []
  for (const unit of plan.units) {
    const key = packageKey(unit)
    const unrun: string[] = []
    const owners = new Set<number>()
    for (const test of unit.tests.filter(runsAsTest)) {
      if ((ran.get(key)?.get(test)?.length ?? 0) > 0) continue
      const assigned = assignedShards(plan.shards, key, test)
      if (assigned.some((index) => excused(index, key))) continue
      unrun.push(test)
      for (const index of assigned) owners.add(index)
    }
    if (unrun.length > 0) problems.push(unrunTests(unit.package, unrun, [...owners], count))
  }

  for (const [key, tests] of ran) {
    const twice = [...tests.entries()].filter(([, shards]) => shards.length > 1)
    if (twice.length === 0) continue
    const pkg = key.slice(key.indexOf('\0') + 1)
    problems.push(testsTwice(pkg, twice, count))
  }
  return problems
}

/**
 * Whether go runs a top-level function as a test whatever the flags: TestX and FuzzX (its seed
 * corpus), not TestMain, benchmarks, or examples (run only with an output comment).
 */
function runsAsTest(name: string): boolean {
  return /^(Test|Fuzz)(?![a-z])/.test(name) && name !== 'TestMain'
}

/** The part's test binary stopped before its tests ran to the end, or failed outside any test. */
function endedEarly(part: PackageTests): boolean {
  if (part.status === 'build-failed' || part.status === 'unfinished') return true
  if (part.tests.some((t) => t.status === 'unfinished')) return true
  return part.status === 'fail' && !part.tests.some((t) => t.status === 'fail')
}

/** The shards (1-based) whose assignment covers the test. */
function assignedShards(shards: readonly Assignment[][], key: string, test: string): number[] {
  const covers = (a: Assignment): boolean =>
    packageKey(a) === key &&
    (a.run !== undefined ? a.run.includes(test) : !(a.skip ?? []).includes(test))
  return shards.flatMap((assignments, i) => (assignments.some(covers) ? [i + 1] : []))
}

/** `TestA, TestB, … and 3 more`. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_AT_MOST).join(', ')
  const more = names.length - LISTED_AT_MOST
  return more > 0 ? `${shown} and ${more} more` : shown
}

function shardsText(indexes: readonly number[], count: number): string {
  const labels = [...indexes].sort((a, b) => a - b).map((i) => `${i}/${count}`)
  if (labels.length <= 1) return `shard ${labels.join('')}`
  return `shards ${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`
}

function unrunTests(pkg: string, tests: string[], owners: number[], count: number): CheckFinding {
  const who =
    owners.length === 0
      ? 'the plan gave them to no shard'
      : `the plan gave them to ${shardsText(owners, count)}, which reported without them`
  const title =
    tests.length === 1
      ? `${tests[0]} of ${pkg} ran in no shard`
      : `${plural(tests.length, 'test')} of ${pkg} ran in no shard`
  return {
    rule: 'tests/shard-unrun',
    severity: 'error',
    title,
    message: `Planned, but run by no shard (${who}): ${listed(tests)}. Their outcome is unknown.`,
    fix: 'keep -run, -skip and -failfast out of test-flags in a sharded run; else re-run the plan and its shards',
    package: pkg
  }
}

function testsTwice(pkg: string, tests: [string, number[]][], count: number): CheckFinding {
  const [only] = tests
  const title =
    tests.length === 1 && only !== undefined
      ? `${only[0]} of ${pkg} ran in ${shardsText(only[1], count)}`
      : `${plural(tests.length, 'test')} of ${pkg} ran in more than one shard`
  const entries = tests.map(([name, shards]) => `${name} (${shardsText(shards, count)})`)
  return {
    rule: 'tests/shard-twice',
    severity: 'error',
    title,
    message: `Each test should run in exactly one shard; these ran in more than one: ${listed(entries)}. The plan's groups of the package overlapped.`,
    fix: 'make a new plan and re-run its shards; if it happens again, report the plan',
    package: pkg
  }
}
