/**
 * download: can CI fetch every module the repository requires, and is it what go.sum promises?
 * `go mod download` for each module in scope; with a go.work, once for the workspace and per
 * module (GOWORK=off) only for the modules the workspace does not use. Transient failures
 * (timeouts, resets, refused connections, 5xx from the proxy) are retried with exponential
 * backoff, up to download-retries times, each retry logged; permanent ones (404/410, unknown
 * revision, checksum mismatch) are not, and become errors on the line to fix.
 *
 * The user's files are never written. `go mod download` adds missing go.sum lines (and even
 * rewrites go.mod, e.g. `v1.6` to `v1.6.0`) under -mod=readonly, so it runs on copies: a module
 * with `-modfile=<tmp>/go.mod` (go then uses <tmp>/go.sum; relative replace paths still resolve
 * from the module directory), a workspace with GOWORK=<tmp>/go.work, a copy whose `use` and local
 * `replace` paths are made absolute (go refuses -modfile in workspace mode; in workspace mode go
 * writes new sums only to the go.work.sum next to go.work, never to the modules' go.sum). What go
 * added to the copies is what the repository lacks: that is a finding, not a silent fix.
 */
import type { Config } from '../config.js'
import { compareFindings, withoutUndefined, type CheckFinding } from '../findings.js'
import {
  backoffDelay,
  proxyUnreachable,
  type DownloadFacts,
  type TargetFacts
} from './downloadfacts.js'
import { failureFindings, goModChangeFinding, sumFindings, summaryOf } from './downloadfindings.js'
import { downloadTarget, notTried, type DownloadSettings } from './downloadrun.js'
import { planTargets } from './moduletargets.js'
import { blockModules, modulesFromVendor, rootCause } from './rootcause.js'
import { nothingToRun } from './scope.js'
import type { BlockedModules, Check, CheckContext, CheckOutcome } from './types.js'

export interface DownloadCheckOptions {
  /** The first retry waits this long; each later one waits twice as long as the one before. */
  backoffMs?: number
  /**
   * One `go mod download` is stopped after this long and counted as a transient failure.
   * Default: the download-timeout input.
   */
  attemptTimeoutMs?: number
  /**
   * The check's own limit (the gate marks it errored after this). Default: downloadBudgetMs
   * for every target, and a margin.
   */
  timeoutMs?: number
}

/** Production values: a blip gets 1 s, 2 s, 4 s… before the next try. */
export const DOWNLOAD_DEFAULTS = { backoffMs: 1000 }

/** Retries stop this long before the check's limit, so the check ends with findings, not an overrun. */
const BUDGET_MARGIN_MS = 30_000

/**
 * The check with its timings. A factory rather than module-level settings or an environment
 * variable: tests need a proxy that hangs to cost seconds, not minutes, and the values a test
 * uses must be visible in the test, not a global that leaks into every other check and test.
 */
export function createDownloadCheck(options: DownloadCheckOptions = {}): Check {
  const given = { ...DOWNLOAD_DEFAULTS, ...withoutUndefined(options) }
  const settings = (config: Config): DownloadSettings => {
    const attemptTimeoutMs = given.attemptTimeoutMs ?? config.downloadTimeoutMs
    const budgetMs = downloadBudgetMs(1 + config.downloadRetries, attemptTimeoutMs, given.backoffMs)
    return { backoffMs: given.backoffMs, attemptTimeoutMs, budgetMs }
  }
  return {
    name: 'download',
    stage: 1,
    timeoutMs: (context) =>
      given.timeoutMs ??
      Math.max(1, planTargets(context).targets.length) * settings(context.config).budgetMs +
        BUDGET_MARGIN_MS,
    run: (context) => runDownload(context, settings(context.config))
  }
}

/**
 * The longest the attempts can take together: every attempt running to its limit, and the
 * waits between them. The check's limit is this plus a margin, so it ends with findings.
 */
export function downloadBudgetMs(attempts: number, attemptMs: number, backoffMs: number): number {
  let waits = 0
  for (let n = 1; n < attempts; n++) waits += backoffDelay(backoffMs, n)
  return attempts * attemptMs + waits
}

export const downloadCheck: Check = createDownloadCheck()

async function runDownload(
  context: CheckContext,
  settings: DownloadSettings
): Promise<CheckOutcome> {
  const { targets, skipped } = planTargets(context)
  if (targets.length === 0) {
    return nothingToRun(skipped)
  }
  const facts: TargetFacts[] = []
  for (const target of targets) {
    // A proxy that could not be reached for one target would only make the next ones wait.
    const down = proxyUnreachable(facts)
    if (down !== undefined) {
      facts.push(notTried(target, 1 + context.config.downloadRetries, down.reason))
      continue
    }
    facts.push(await downloadTarget(context, target, settings, Date.now() + settings.budgetMs))
  }
  return assessDownload({
    targets: facts,
    skipped,
    goproxy: context.pinned.GOPROXY,
    downloadRetries: context.config.downloadRetries,
    root: context.config.root,
    fromVendor: [...modulesFromVendor(context)]
  })
}

/**
 * Pure: the findings for every target, and the modules whose failure is the root cause the later
 * checks would hit again (a dependency go could not download, go.sum lines or a go.mod go had to
 * add or rewrite: go build with -mod=readonly stops at each).
 */
export function assessDownload(facts: DownloadFacts): CheckOutcome {
  const findings: CheckFinding[] = []
  const blocked: BlockedModules[] = []
  let retries = 0
  const downloaded = new Set<string>()
  let failed = 0
  const unreachable = proxyUnreachable(facts.targets)
  const fromVendor = new Set(facts.fromVendor ?? [])
  for (const target of facts.targets) {
    retries += Math.max(0, target.attempts.length - 1)
    const last = target.attempts[target.attempts.length - 1]
    for (const m of last?.output.modules ?? []) {
      if (m.error === undefined) downloaded.add(`${m.path}@${m.version}`)
    }
    const failures = failureFindings(target, facts)
    failed += failures.length
    const goModFinding = goModChangeFinding(target)
    const own = [...failures, ...sumFindings(target), ...(goModFinding ? [goModFinding] : [])]
    findings.push(...own)
    const first = own.filter((f) => f.severity === 'error').sort(compareFindings)[0]
    if (first === undefined) continue
    const dirs = target.target.modules.map((m) => m.relDir)
    const reason =
      unreachable !== undefined && dirs.some((dir) => unreachable.moduleDirs.includes(dir))
        ? `download could not reach the module proxy (${unreachable.reason})`
        : rootCause('download', first.title)
    blocked.push(...blockModules(dirs, reason, fromVendor))
  }
  findings.sort(compareFindings)
  const outcome: CheckOutcome = {
    findings,
    summary: summaryOf(facts, downloaded.size, failed, retries)
  }
  if (blocked.length > 0) outcome.blocked = blocked
  if (unreachable !== undefined) outcome.proxyUnreachable = unreachable
  return outcome
}
