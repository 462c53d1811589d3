/**
 * The engine: plans the checks, runs them in stages, and returns the report. The set-up lives in
 * gatecontext.ts, one check's run under its limit in runcheck.ts.
 */
import { goEnvFailure, goMissingFailure, setupResults, type SetupFailure } from './checks/setup.js'
import { recordRootCauses, unavailableFor, type RootCauses } from './checks/rootcause.js'
import type { Check, CheckContext } from './checks/types.js'
import type { Config, InputName } from './config.js'
import {
  verdictOf,
  type CheckName,
  type CheckResult,
  type Report,
  type TestPackage,
  type TestsReport
} from './findings.js'
import { GoNotFoundError, GoRunner } from './go/command.js'
import { childEnvironment } from './go/childenv.js'
import { formatGoDuration, goDurationMs } from './go/duration.js'
import { environmentFingerprint, type GoEnv } from './go/env.js'
import { checkBuildTargets } from './go/targets.js'
import { parseGoVersion, formatGoVersion } from './go/version.js'
import { GoEnvError, prepareContext, readGoEnv } from './gatecontext.js'
import type { Logger } from './report/logger.js'
import { CheckStopped, describeResult, runCheck, stopReason } from './runcheck.js'

export interface GateOptions {
  config: Config
  checks: Check[]
  logger: Logger
  /** The runner's environment; the gate layers the pinned variables over it. */
  processEnv: Record<string, string | undefined>
  toolVersion: string
  goBinary?: string
  /** How to name an input in an error found only now, with go: `input "x"` or `--x`. */
  inputLabel?: (input: InputName) => string
  hooks?: GateHooks
  /** How long the first `go env` may take (tests make a hanging go cost seconds, not 30 s). */
  goEnvTimeoutMs?: number
  /** The run's deadline in ms, instead of gateDeadlineMs (tests make it cost seconds). */
  deadlineMs?: number
}

/** Work that must happen at fixed points of the run: the action restores its caches there. */
export interface GateHooks {
  /** After the runner's `go env` (GOTOOLCHAIN=local), before any go command could write to GOMODCACHE. */
  beforeModuleCache?: (runnerGoEnv: GoEnv) => Promise<void>
  /** After pinning, with the go env every check sees, before any go command builds. */
  beforeBuildCache?: (effectiveGoEnv: GoEnv) => Promise<void>
}

/**
 * Plans and runs the checks in stages: static ones first, then those needing the network, then
 * the rest concurrently. A check that throws or overruns is `error`; the others still run.
 */
export async function runGate(options: GateOptions): Promise<Report> {
  const { config, logger, processEnv } = options
  const started = Date.now()
  const startedAt = new Date(started).toISOString()
  const planned = options.checks.filter((c) => config.checks.includes(c.name))
  // go, and the tests through it, never see the action's inputs, tokens or file commands.
  const childEnv = childEnvironment(processEnv)
  const runnerGo = new GoRunner({ root: config.root, env: childEnv, binary: options.goBinary })
  const base = {
    schemaVersion: 1 as const,
    tool: { name: 'go-ci-gate' as const, version: options.toolVersion },
    failOn: config.failOn,
    startedAt
  }
  const failedSetup = (failure: SetupFailure, ran = new Map<CheckName, CheckResult>()): Report => {
    const results = setupResults(planned, failure, ran)
    return {
      ...base,
      verdict: 'fail',
      setupError: failure.reason,
      modules: [],
      results: sortByPlan(results, config.checks),
      commands: runnerGo.commands,
      durationMs: Date.now() - started
    }
  }

  let runnerGoEnv: GoEnv
  try {
    runnerGoEnv = await readGoEnv(
      runnerGo,
      config.workingDirectory,
      { GOTOOLCHAIN: 'local' },
      options.goEnvTimeoutMs
    )
  } catch (error) {
    if (error instanceof GoNotFoundError) return failedSetup(goMissingFailure(error))
    if (error instanceof GoEnvError) return failedSetup(goEnvFailure(error.problem, processEnv))
    throw error
  }

  // A toolchain switch or a download while reading the modules below would write to GOMODCACHE.
  await options.hooks?.beforeModuleCache?.(runnerGoEnv)
  const prepared = await prepareContext(config, runnerGo, runnerGoEnv, childEnv, processEnv)
  if ('failure' in prepared) return failedSetup(prepared.failure)
  const context: CheckContext & { abort: (reason?: Error) => void } = {
    ...prepared.context,
    log: (message) => logger.info(message),
    progress: (message) => logger.info(message)
  }
  const { effectiveGoEnv, modules, workspace, go } = context
  await options.hooks?.beforeBuildCache?.(effectiveGoEnv)
  // Inputs only go can judge are still judged before any check runs.
  try {
    await checkBuildTargets(go, config.workingDirectory, config.buildTargets, {
      label: options.inputLabel,
      log: (message) => logger.info(message)
    })
  } catch (error) {
    context.abort()
    throw error
  }
  logger.info(
    `go-ci-gate: ${effectiveGoEnv.GOVERSION ?? 'go'}, ${modules.length} module(s)` +
      (workspace ? `, workspace ${workspace.relPath}` : '')
  )

  const setup = prepared.setup
  const results: CheckResult[] = []
  let tests: TestsReport | undefined
  let listedTests: TestPackage[] | undefined
  let printing: Promise<void> = Promise.resolve()
  // No run outlives its deadline: whatever still runs then is stopped and reported as such.
  const deadlineMs = options.deadlineMs ?? gateDeadlineMs(config)
  const deadline =
    deadlineMs === undefined
      ? undefined
      : setTimeout(
          () => {
            context.abort(
              new CheckStopped(
                `the gate's deadline passed (${formatGoDuration(deadlineMs)}: ${DEADLINE_RULE})`
              )
            )
          },
          deadlineMs - (Date.now() - started)
        )
  deadline?.unref()
  let stageContext: CheckContext = context
  const rootCauses: RootCauses = new Map()
  let offline: string | undefined
  try {
    for (const stage of [0, 1, 2] as const) {
      const inStage = planned.filter(
        (c) => c.stage === stage && (setup === undefined || setup.runnable.includes(c.name))
      )
      if (context.signal.aborted) {
        const reason = stopReason(context.signal)
        for (const check of inStage) {
          results.push({
            check: check.name,
            status: 'skipped',
            durationMs: 0,
            findings: [],
            summary: `not run: ${reason}`
          })
        }
        continue
      }
      const stageResults = await Promise.all(
        inStage.map(async (check) => {
          // Checks of a stage run together; each one's log is printed as one group when it
          // ends, so lines never land in another check's group.
          const lines: string[] = []
          const ran = await runCheck(check, {
            ...stageContext,
            unavailable: unavailableFor(rootCauses, check.name),
            log: (line) => lines.push(line),
            progress: (line) => logger.info(`${check.name}: ${line}`)
          })
          const { tests: testsReport, planned: listed, blocked, proxyUnreachable, ...result } = ran
          if (testsReport !== undefined) tests = testsReport
          if (listed !== undefined) listedTests = listed
          // One cause, one finding: the later checks skip the modules it blocks, saying why.
          if (blocked !== undefined) recordRootCauses(rootCauses, blocked)
          if (proxyUnreachable !== undefined) {
            stageContext = offlineContext(stageContext)
            offline = proxyUnreachable.reason
          } else if (offline !== undefined && stage === 2 && result.status !== 'skipped') {
            result.summary = [result.summary, OFFLINE_NOTE].filter((s) => s).join('; ')
          }
          printing = printing.then(() =>
            logger.group(`${check.name}: ${describeResult(result)}`, async () =>
              logger.block(lines)
            )
          )
          return result
        })
      )
      results.push(...stageResults)
    }
  } finally {
    clearTimeout(deadline)
  }
  await printing
  context.abort()

  const version = parseGoVersion(effectiveGoEnv.GOVERSION ?? '')
  const ran = setup === undefined ? results : undefined
  return {
    ...base,
    verdict: setup === undefined ? verdictOf(results, config.failOn) : 'fail',
    ...(setup === undefined ? {} : { setupError: setup.reason }),
    goVersion: version ? formatGoVersion(version) : effectiveGoEnv.GOVERSION,
    environment: environmentFingerprint(effectiveGoEnv, processEnv),
    pinned: { ...context.pinned },
    modules: modules.map((m) => ({ path: m.json?.Module.Path ?? '', dir: m.relDir })),
    workspace: workspace?.relPath,
    results: sortByPlan(
      ran ??
        setupResults(planned, setup as SetupFailure, new Map(results.map((r) => [r.check, r]))),
      config.checks
    ),
    ...(tests !== undefined ? { tests } : {}),
    ...(listedTests !== undefined ? { planned: listedTests } : {}),
    commands: go.commands,
    durationMs: Date.now() - started
  }
}

/**
 * The most a run may take, so a hang (a module proxy that accepts and never answers, a stuck
 * test outside go's -timeout) cannot hold a runner for hours: the tests' timeout plus every
 * download attempt at its limit plus half an hour for the rest. No deadline with timeout 0.
 */
export function gateDeadlineMs(
  config: Pick<Config, 'testTimeout' | 'downloadRetries' | 'downloadTimeoutMs'>
): number | undefined {
  const testsMs = goDurationMs(config.testTimeout)
  if (testsMs === 0) return undefined
  return testsMs + (config.downloadRetries + 1) * config.downloadTimeoutMs + DEADLINE_SLACK_MS
}

const DEADLINE_SLACK_MS = 30 * 60_000
const DEADLINE_RULE = 'timeout + (download-retries + 1) × download-timeout + 30m'
const OFFLINE_NOTE = 'ran with GOPROXY=off: download could not reach the module proxy'

/**
 * The context for the checks after a download that could not reach the module proxy: they read
 * only what the module cache holds (GOPROXY=off). The modules whose download failed are blocked
 * by the download check's root causes, as any other.
 */
function offlineContext(context: CheckContext): CheckContext {
  return { ...context, go: context.go.withEnvironment(context.go.environment({ GOPROXY: 'off' })) }
}

function sortByPlan(results: CheckResult[], order: CheckName[]): CheckResult[] {
  return [...results].sort((a, b) => order.indexOf(a.check) - order.indexOf(b.check))
}
