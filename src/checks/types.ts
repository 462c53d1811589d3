import type { Config } from '../config.js'
import type { CheckName, CheckStatus, CheckFinding, TestPackage, TestsReport } from '../findings.js'
import type { GoRunner } from '../go/command.js'
import type { GoEnv, PinnedEnvironment } from '../go/env.js'
import type { GoModule, GoWorkspace } from '../go/modules.js'

/** What every check may read. Checks never print: they return data. */
export interface CheckContext {
  config: Config
  /** Runs go with the pinned environment. */
  go: GoRunner
  /** `go env -json` under GOTOOLCHAIN=local with the runner's own environment, before pinning. */
  runnerGoEnv: GoEnv
  /** `go env -json` with the pinned environment: what every child go actually sees. */
  effectiveGoEnv: GoEnv
  /** Why `go env` failed under the pinned environment (e.g. GOTOOLCHAIN names a missing release). */
  effectiveGoEnvError?: string
  /**
   * Modules this check must leave alone, by directory relative to the root, with why: an earlier
   * check found the root cause that would make this one fail the same way there (go.sum missing,
   * a dependency that cannot be downloaded, a module proxy that could not be reached). The gate
   * fills it in from the earlier checks' `blocked`.
   */
  unavailable?: ReadonlyMap<string, string>
  pinned: PinnedEnvironment
  /** The runner's process environment, as the gate found it. */
  processEnv: Record<string, string | undefined>
  modules: GoModule[]
  workspace?: GoWorkspace
  signal: AbortSignal
  /** Progress for the log (retries, per-module steps); never findings. */
  log: (message: string) => void
  /** A line printed at once, not held for the check's group: a long run must not be silent. */
  progress: (message: string) => void
}

export interface CheckOutcome {
  findings: CheckFinding[]
  /** Overrides the status the findings imply (e.g. skipped when there was nothing to check). */
  status?: Extract<CheckStatus, 'skipped'>
  summary?: string
  /** The tests check's results, for the report, the summary and JUnit. */
  tests?: TestsReport
  /** In mode plan: the test packages the tests check listed instead of running them. */
  planned?: TestPackage[]
  /**
   * Root causes this check found that make the later checks fail the same way in some modules:
   * they skip those modules saying why, so the author reads one finding, not one per check.
   */
  blocked?: BlockedModules[]
  /**
   * The download check could not reach the module proxy (no answer, a 5xx, a refused or reset
   * connection, after its retries): the later checks must not try again (they run with
   * GOPROXY=off).
   */
  proxyUnreachable?: ProxyUnreachable
}

export interface BlockedModules {
  /** By directory relative to the root. */
  moduleDirs: string[]
  /** As the skipping checks say it: `go.sum is missing (modfile)`. */
  reason: string
  /** The later checks that would fail the same way; every later check when absent. */
  checks?: CheckName[]
}

export interface ProxyUnreachable {
  /** `no answer within 2m`, `503 Service Unavailable`. */
  reason: string
  /** The modules whose download failed that way, by directory relative to the root. */
  moduleDirs: string[]
}

export interface Check {
  name: CheckName
  /** 0: no network; 1: needs the network; 2: the rest, run concurrently. */
  stage: 0 | 1 | 2
  /** The check's own limit: a number, or one that follows the inputs and the modules. */
  timeoutMs: number | ((context: CheckContext) => number)
  run(context: CheckContext): Promise<CheckOutcome>
}

/** The check's limit for this run. */
export function checkTimeoutMs(check: Pick<Check, 'timeoutMs'>, context: CheckContext): number {
  return typeof check.timeoutMs === 'function' ? check.timeoutMs(context) : check.timeoutMs
}
