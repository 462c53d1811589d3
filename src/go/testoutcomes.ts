/** What go test -json says about each package and test: what TestRun (testjson.ts) fills. */
import type { OutputLines } from './outputlines.js'

/** `unfinished`: ran (or its package started) but the stream ended with no final event for it. */
export type TestStatus = 'running' | 'pass' | 'fail' | 'skip' | 'unfinished'

export interface TestResult {
  package: string
  /** `TestX`, or `TestX/sub` for a subtest. */
  name: string
  /** `fail` when any run failed (a later passing run does not undo it), else the last run's. */
  status: TestStatus
  /** Seconds, from the final events: the sum over the runs. */
  elapsed?: number
  /**
   * Released (undefined) when the test passed or was skipped, unless kept on request. When runs
   * failed, the output of every failed run (and of an unfinished last one), in order.
   */
  output?: OutputLines
  /** t.Attr key/values (attr events). */
  attrs?: Record<string, string>
  /**
   * Runs started: go test -count=N runs each test N times in one binary, each run a `run` event
   * and a final event under the same name. With keepPassedTests false, the passed runs before a
   * test's first failure are not counted (the test was let go of).
   */
  runs: number
  /** Runs that failed. */
  failedRuns: number
  /** Their 1-based numbers, the first {@link MAX_RUN_NUMBERS}. */
  failedRunNumbers: number[]
  /** The failed runs' output while a later run is going: kept only if that run fails too. */
  earlierFailures?: OutputLines
}

/** Failed run numbers kept per test: enough to name them, bounded however large -count is. */
export const MAX_RUN_NUMBERS = 100

export interface PackageResult {
  name: string
  status: TestStatus
  elapsed?: number
  /**
   * The package ID whose build failed, when that is why this package failed: go's FailedBuild
   * (1.24+). Older go (and GODEBUG=gotestjsonbuildtext=1) names no ID and prints the errors on
   * stderr; there a `FAIL\t<package> [build failed]` (or `[setup failed]`) line in the package's
   * output sets it to the package's own import path.
   */
  failedBuild?: string
  /** Output outside any test: PASS/FAIL/ok lines, races after PASS or in TestMain. */
  output?: OutputLines
  tests: Map<string, TestResult>
  /** Events with an action this reader does not know, counted. */
  unknownActions: number
  /** Tests that passed or were skipped and were let go of (keepPassedTests: false). */
  dropped: { pass: number; skip: number }
  /** Tests whose final event go did not send, read from their `--- PASS` lines instead. */
  lostFinalEvents: LostFinalEvent[]
}

/**
 * A test's `--- PASS/FAIL/SKIP` line that test2json took for output: it came right after output
 * without a newline that filled test2json's 4 KiB reads exactly, so go sent no final event.
 */
export interface LostFinalEvent {
  test: string
  status: 'pass' | 'fail' | 'skip'
  /** Characters the test printed without a newline right before the line. */
  unterminated: number
}

export interface BuildResult {
  /** e.g. `example.com/m [example.com/m.test]`; empty for output go tied to no package. */
  importPath: string
  output: OutputLines
  failed: boolean
}
