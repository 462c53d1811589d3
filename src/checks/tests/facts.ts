/** What the tests check gathers about one module's run, and what judging it returns. */
import type { CheckFinding } from '../../findings.js'
import type { CoverageProfile } from '../../go/coverprofile.js'
import type { GoPackage } from '../../go/packages.js'
import type { TestRun } from '../../go/testjson.js'

/** A place in the repository: a POSIX path relative to its root and a 1-based line. */
export interface Place {
  file: string
  line: number
  column?: number
}

export interface RepoPaths {
  /** Absolute repository root. */
  root: string
  goroot?: string
  gomodcache?: string
}

/** One module's test run, as the tests check gathered it. */
export interface TestModuleFacts {
  module: { relDir: string; path: string }
  /** What `go list -e -json` said about the packages the patterns match. */
  packages: GoPackage[]
  /** Declared test functions: import path -> test name -> its `func` line. */
  funcs: Map<string, Map<string, Place>>
  run: TestRun
  /** go's stderr (build errors of older go, go's own complaints), capped. */
  stderr: string
  exitCode: number | null
  /** The signal that ended go test, when it did not exit by itself. */
  signal?: string | null
  /** Why the gate stopped go test itself (its watchdog, its time limit), when it did. */
  stopped?: string
  /** The go test arguments, to say how to reproduce. */
  args: string[]
  coverage?: CoverageProfile
}

/** A test that failed for no reason the gate recognised: a candidate for a rerun. */
export interface TestFailure {
  package: string
  test: string
  place?: Place
  /** The failure message (the location's message), or the output's tail. */
  message: string
  /** Passed on rerun `flakyOn` (1-based). */
  flakyOn?: number
  /** Passes in source order, fails again when the shuffle seed's order is replayed. */
  orderDependent?: boolean
  /** Reruns done (alone, with -run). */
  reruns: number
}

export interface ModuleJudgement {
  /** Findings that need no rerun to be sure of: build errors, races, panics, timeouts. */
  findings: CheckFinding[]
  failures: TestFailure[]
  /** Why failed tests are not rerun: a rerun would only hide a real problem. */
  noRerun?: string
  /**
   * package -> tests already explained by a finding (a race, a panic, a timeout, a failure in
   * some of its runs), with where that finding is.
   */
  explained: Map<string, Map<string, Place | undefined>>
}

/** Records that a finding explains a test (with where it lands), so it is not blamed again. */
export type Explain = (pkg: string, test: string, place: Place | undefined) => void
