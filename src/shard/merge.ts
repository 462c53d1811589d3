/**
 * The merge of a sharded run: the plan job's report (the module-level checks) and every shard's
 * report (its share of the tests) become one report, as if one job had run everything, with one
 * verdict. What makes the merge untrustworthy (a shard missing, a report of another plan, a
 * planned test run by no shard or by two) is a problem: an error finding of the tests check, so
 * the gate never passes on tests it cannot account for. Pure: reports in, report out.
 */
import {
  CHECK_NAMES,
  plural,
  statusFromFindings,
  verdictOf,
  type CheckFinding,
  type CheckResult,
  type CheckStatus,
  type Finding,
  type Report,
  type TestsReport
} from '../findings.js'
import { testsSummaryLine } from '../checks/tests/summaryline.js'
import type { PlanDocument } from './document.js'
import { auditTests } from './mergeaudit.js'
import { acceptShards, type ShardRun } from './mergeshards.js'
import { mergeTestsReports } from './mergetests.js'

export interface MergeInput {
  plan: PlanDocument
  /** The shard jobs' JSON reports, as downloaded. */
  reports: Report[]
  /** Where each report came from (file or artifact names), to name them in problems. */
  sources?: string[]
}

export interface MergeResult {
  /** One report, as if one job had run everything. */
  report: Report
  /** What the merge itself found (already inside report, under the tests check). */
  problems: CheckFinding[]
}

export function mergeShards({ plan, reports, sources }: MergeInput): MergeResult {
  const accepted = acceptShards(plan.id, plan.shards, reports, sources)
  const { runs, missing } = accepted
  const tests = mergeTestsReports(plan, runs)
  const problems = [
    ...accepted.problems,
    ...auditTests(plan, runs, missing),
    ...coverageProblems(runs),
    ...goVersionProblems(plan.report, runs)
  ]
  const testsResult = mergeTestsResults(plan, runs, problems, tests)

  const results = withTestsResult(plan.report.results, testsResult)
  const setupError = plan.report.setupError ?? shardSetupError(runs)
  const report: Report = {
    ...plan.report,
    verdict: setupError !== undefined ? 'fail' : verdictOf(results, plan.report.failOn),
    results,
    commands: [...plan.report.commands, ...runs.flatMap((run) => run.report.commands)],
    durationMs: plan.report.durationMs + slowest(runs.map((run) => run.report.durationMs))
  }
  // One report of the whole run: no shard's mark, and the tests are the shards'.
  delete report.shard
  delete report.tests
  delete report.setupError
  if (setupError !== undefined) report.setupError = setupError
  if (tests !== undefined) report.tests = tests
  return { report, problems }
}

/** The shards' tests results as one: the wall time of the matrix, its slowest shard. */
function mergeTestsResults(
  plan: PlanDocument,
  runs: readonly ShardRun[],
  problems: readonly CheckFinding[],
  tests: TestsReport | undefined
): CheckResult {
  const failOn = plan.report.failOn
  const parts = runs.map((run) => ({ run, result: testsResultOf(run.report) }))
  // A shard's coverage finding judged its share only; the merge cannot judge the whole (below).
  const shardFindings = parts.flatMap(({ result }) =>
    (result?.findings ?? []).filter((f) => f.rule !== 'tests/coverage')
  )
  const findings = dedupe([...problems.map(asTestsFinding), ...shardFindings])

  let status: CheckStatus
  if (
    problems.some((p) => p.severity === 'error') ||
    runs.some((run) => run.report.setupError !== undefined) ||
    parts.some(({ result }) => result?.status === 'error')
  ) {
    status = 'error'
  } else if (
    parts.some(({ result }) => result?.status === 'fail') ||
    statusFromFindings(findings, failOn) === 'fail'
  ) {
    status = 'fail'
  } else if (parts.length > 0 && parts.every(({ result }) => result?.status === 'skipped')) {
    status = 'skipped'
  } else {
    status = 'pass'
  }

  const notes = parts.flatMap(({ run, result }) =>
    result !== undefined && result.status === 'skipped' && result.summary !== undefined
      ? [`shard ${run.label}: ${result.summary}`]
      : []
  )
  if (runs.some((run) => run.report.tests?.coverage !== undefined)) {
    notes.push('coverage not merged: shards report percentages, not their profiles')
  }
  const errors = problems.filter((p) => p.severity === 'error').map((p) => p.title)
  const errorsText =
    errors.length > 3
      ? `${errors.slice(0, 3).join('; ')} and ${errors.length - 3} more`
      : errors.join('; ')
  const summary = [errorsText, describeTests(tests, runs.length, plan.shards.length), ...notes]
    .filter((s) => s !== '')
    .join('; ')
  return {
    check: 'tests',
    status,
    durationMs: slowest(parts.map(({ result }) => result?.durationMs ?? 0)),
    findings,
    summary
  }
}

function testsResultOf(report: Report): CheckResult | undefined {
  return report.results.find((r) => r.check === 'tests')
}

function asTestsFinding(problem: CheckFinding): Finding {
  return { check: 'tests', ...problem }
}

/**
 * Findings once each: shards that each ran part of a package report its build error (or a
 * failure outside any test) each; the same rule, file, line and title is one finding.
 */
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = [f.rule, f.file ?? '', f.line ?? '', f.title].join('\0')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** The plan's results with the merged tests result in the tests check's place. */
function withTestsResult(results: readonly CheckResult[], tests: CheckResult): CheckResult[] {
  const others = results.filter((r) => r.check !== 'tests')
  const rank = (r: CheckResult): number => CHECK_NAMES.indexOf(r.check)
  const at = others.findIndex((r) => rank(r) > rank(tests))
  return at === -1 ? [...others, tests] : [...others.slice(0, at), tests, ...others.slice(at)]
}

/** The first shard that could not set up, named: the plan's own set-up error comes first. */
function shardSetupError(runs: readonly ShardRun[]): string | undefined {
  const failed = runs.filter((run) => run.report.setupError !== undefined)
  const [first] = failed
  if (first === undefined) return undefined
  const more = failed.length > 1 ? ` (and ${plural(failed.length - 1, 'more shard')})` : ''
  return `shard ${first.label}: ${first.report.setupError}${more}`
}

/** A threshold was asked for, but only the shards' percentages of their shares are known. */
function coverageProblems(runs: readonly ShardRun[]): CheckFinding[] {
  const threshold = runs
    .map((run) => run.report.tests?.coverageThreshold)
    .find((t) => t !== undefined)
  if (threshold === undefined) return []
  return [
    {
      rule: 'tests/shard-coverage',
      severity: 'error',
      title: `Coverage threshold of ${threshold}% not judged: coverage cannot be merged across shards`,
      message:
        'Each shard measured the coverage of its share of the tests and reports it as a percentage; the coverage of all of them together cannot be computed from those, so the threshold was not checked.',
      fix: 'check coverage-threshold in an unsharded run (e.g. on the default branch), not in the sharded workflow'
    }
  ]
}

/** A shard whose go is not the plan job's: its tests ran on another toolchain than the checks. */
function goVersionProblems(plan: Report, runs: readonly ShardRun[]): CheckFinding[] {
  if (plan.goVersion === undefined) return []
  return runs
    .filter((run) => run.report.goVersion !== undefined && run.report.goVersion !== plan.goVersion)
    .map((run): CheckFinding => ({
      rule: 'tests/shard-go-version',
      severity: 'warning',
      title: `Shard ${run.label} ran go ${run.report.goVersion}, the plan job go ${plan.goVersion}`,
      message: `The module-level checks ran with go ${plan.goVersion} in the plan job, but shard ${run.label} ran its tests with go ${run.report.goVersion}: the merged report mixes two toolchains.`,
      fix: 'set up the same go (go-version) in the plan job and in every shard job'
    }))
}

function slowest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), 0)
}

/** "41 passed, 2 failed in 12 packages over 3 shards (race)": the tests row of the checks table. */
function describeTests(tests: TestsReport | undefined, reported: number, count: number): string {
  const over =
    reported === count
      ? `over ${plural(count, 'shard')}`
      : `over ${reported} of ${plural(count, 'shard')}`
  if (tests === undefined) return `no tests ran ${over}`
  return testsSummaryLine(tests.packages, tests, over)
}
