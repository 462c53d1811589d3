/** The finding model: every check speaks in findings, every reporter is made from them. */

import type { RuleId } from './rules.js'

export const SEVERITIES = ['error', 'warning', 'notice'] as const
export type Severity = (typeof SEVERITIES)[number]

export const CHECK_NAMES = [
  'toolchain',
  'env',
  'modfile',
  'download',
  'verify',
  'tidy',
  'vendor',
  'tests',
  'builds'
] as const
export type CheckName = (typeof CHECK_NAMES)[number]

export interface Finding {
  check: CheckName
  /** Stable id `<check>/<name>` (src/rules.ts): what reporters, SARIF and dedup key on, never the title. */
  rule: RuleId
  severity: Severity
  title: string
  message: string
  /** Relative to the repository root, POSIX separators. */
  file?: string
  line?: number
  endLine?: number
  column?: number
  /** One line: what to run or change. */
  fix?: string
  /**
   * The Go package (import path) the finding is about, when it is about one: the tests check's
   * findings carry it, so reporters (JUnit) tie a finding to its package without reading titles.
   */
  package?: string
}

/** A finding as a check returns it: the gate fills in `check` from the check that ran. */
export type CheckFinding = Omit<Finding, 'check'>

export type CheckStatus = 'pass' | 'fail' | 'error' | 'skipped'

export interface CheckResult {
  check: CheckName
  status: CheckStatus
  durationMs: number
  findings: Finding[]
  /** One line for the checks table; for skipped and errored checks, the reason. */
  summary?: string
}

export interface ModuleInfo {
  /** Module path from go.mod. */
  path: string
  /** Directory relative to the repository root, POSIX; "." for the root. */
  dir: string
}

export interface GoCommandRecord {
  args: string[]
  /** Relative to the repository root. */
  cwd: string
  durationMs: number
  exitCode: number | null
}

export interface Report {
  schemaVersion: 1
  tool: { name: 'go-ci-gate'; version: string }
  verdict: 'pass' | 'fail'
  failOn: 'error' | 'warning'
  /**
   * Why the gate could not run its checks (no go, a go that refuses the environment, no module):
   * the verdict is fail, and the command exits 2.
   */
  setupError?: string
  /** The version the checks ran with, without the "go" prefix, e.g. 1.26.8. */
  goVersion?: string
  environment?: EnvironmentFingerprint
  /** The variables the gate set for every child go and exported to later steps. */
  pinned?: Record<string, string>
  modules: ModuleInfo[]
  workspace?: string
  results: CheckResult[]
  /** What the tests check ran and how each test ended, when it ran. */
  tests?: TestsReport
  /** The caches the action restored, when caching is on (never from the command). */
  cache?: CacheEntryReport[]
  commands: GoCommandRecord[]
  startedAt: string
  durationMs: number
  /** The shard this report is of, in a sharded run (mode shard): its tests are that shard's. */
  shard?: ShardMark
  /** In mode plan: the test packages and their top-level tests, for the plan. */
  planned?: TestPackage[]
}

/** Which shard of which plan a report is of: `shard: 2/4`. */
export interface ShardMark {
  index: number
  count: number
  /** The plan's id (shard/document.ts): a report of another plan is refused by the merge. */
  plan: string
}

/** One cache entry as the main step restored it. */
export interface CacheEntryReport {
  name: 'module' | 'build'
  /** The directory: GOMODCACHE or GOCACHE. */
  path: string
  key: string
  /** exact: the key itself; partial: the newest entry a restore key matched; skipped: see note. */
  restore: 'exact' | 'partial' | 'miss' | 'skipped'
  restoredKey?: string
  files?: number
  bytes?: number
  durationMs?: number
  note?: string
}

/** How a test ended. `unfinished`: started, but its binary died or timed out before it ended. */
export type TestCaseStatus = 'pass' | 'fail' | 'skip' | 'unfinished'

export interface TestCase {
  /** `TestX`, or `TestX/sub` for a subtest. */
  name: string
  status: TestCaseStatus
  /** Passed when run again after failing: a flaky warning, not an error. */
  flaky?: boolean
  /**
   * Times it ran, when more than once (`-count=N` in test-flags runs each test N times); with
   * `failedRuns`, how many of those failed. A test that failed in any run is `fail`.
   */
  runs?: number
  failedRuns?: number
  /** Seconds (the sum over its runs). */
  elapsed?: number
  /** Where it failed, else its `func TestX(` line; relative to the repository root, POSIX. */
  file?: string
  line?: number
  /** For failures: the test's output, trimmed to its head and tail. */
  output?: string
}

export type PackageTestStatus = 'pass' | 'fail' | 'skip' | 'unfinished' | 'build-failed'

export interface PackageTests {
  /** Import path. */
  package: string
  /** The module directory, relative to the repository root ("." for the root). */
  module: string
  /** The package directory, relative to the repository root, when go list named it. */
  dir?: string
  status: PackageTestStatus
  /** Seconds. */
  elapsed?: number
  /** Percent of statements covered, when coverage was on. */
  coverage?: number
  tests: TestCase[]
}

export interface TestsReport {
  /** The go test arguments, the same for every module (go test is run in each module's dir). */
  args: string[]
  race: boolean
  /** The shuffle seed, when tests ran in a shuffled order: rerun with -shuffle=<seed>. */
  shuffleSeed?: number
  /** Percent of statements covered across every module, when coverage was on. */
  coverage?: number
  coverageThreshold?: number
  /** Times failed tests were run again. */
  reruns: number
  packages: PackageTests[]
}

/** A package with tests and its top-level Test functions, as the plan job lists them (mode plan). */
export interface TestPackage {
  /** The module directory relative to the repository root ("." for the root). */
  module: string
  /** Import path. */
  package: string
  /** Top-level Test* names, sorted. */
  tests: string[]
}

export interface EnvironmentFingerprint {
  hash: string
  values: Record<string, string>
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 }

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity]
}

/** True when the finding is at or above the fail-on threshold. */
export function failsGate(
  finding: Pick<Finding, 'severity'>,
  failOn: 'error' | 'warning'
): boolean {
  return severityRank(finding.severity) <= severityRank(failOn)
}

/** A check's status from its findings: errors (or warnings under fail-on: warning) fail it. */
export function statusFromFindings(
  findings: readonly Pick<Finding, 'severity'>[],
  failOn: 'error' | 'warning'
): CheckStatus {
  return findings.some((f) => failsGate(f, failOn)) ? 'fail' : 'pass'
}

export function verdictOf(results: CheckResult[], failOn: 'error' | 'warning'): 'pass' | 'fail' {
  const failed = results.some(
    (r) => r.status === 'error' || r.findings.some((f) => failsGate(f, failOn))
  )
  return failed ? 'fail' : 'pass'
}

export function allFindings(results: CheckResult[]): Finding[] {
  return results.flatMap((r) => r.findings)
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  for (const f of findings) counts[f.severity]++
  return counts
}

/** Errors first, then warnings, then notices; located findings before unlocated ones; then by place. */
export function compareFindings(a: CheckFinding, b: CheckFinding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    Number(b.file !== undefined && b.line !== undefined) -
      Number(a.file !== undefined && a.line !== undefined) ||
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0)
  )
}

/** The value without its undefined keys, so findings compare and serialise the same way. */
export function withoutUndefined(finding: Finding): Finding
export function withoutUndefined(finding: CheckFinding): CheckFinding
export function withoutUndefined<T extends object>(value: T): T
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

/** "1 module", "2 modules". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
