import fs from 'node:fs'
import path from 'node:path'
import {
  goEnvFailure,
  goflagsFailure,
  goMissingFailure,
  noModuleFailure,
  pinnedGoFailure,
  setupResults,
  type GoEnvProblem,
  type SetupFailure
} from './checks/setup.js'
import {
  checkTimeoutMs,
  type Check,
  type CheckContext,
  type CheckOutcome,
  type ProxyUnreachable
} from './checks/types.js'
import { isInside } from './files.js'
import type { Config, InputName } from './config.js'
import {
  countBySeverity,
  statusFromFindings,
  verdictOf,
  type CheckName,
  type CheckResult,
  type Report,
  type TestsReport
} from './findings.js'
import { describeEnding, GoNotFoundError, GoRunner, succeeded } from './go/command.js'
import { childEnvironment } from './go/childenv.js'
import { formatGoDuration, goDurationMs } from './go/duration.js'
import { environmentFingerprint, parseGoEnvJson, pinEnvironment, type GoEnv } from './go/env.js'
import { discoverModuleDirs, loadModule, loadWorkspace } from './go/modules.js'
import { checkBuildTargets } from './go/targets.js'
import { parseGoVersion, formatGoVersion } from './go/version.js'
import type { Logger } from './report/logger.js'

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
            log: (line) => lines.push(line),
            progress: (line) => logger.info(`${check.name}: ${line}`)
          })
          const { tests: testsReport, proxyUnreachable, ...result } = ran
          if (testsReport !== undefined) tests = testsReport
          if (proxyUnreachable !== undefined) {
            stageContext = offlineContext(stageContext, proxyUnreachable)
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
    commands: go.commands,
    durationMs: Date.now() - started
  }
}

type Prepared =
  | { context: CheckContext & { abort: (reason?: Error) => void }; setup?: SetupFailure }
  | { failure: SetupFailure }

/**
 * Pins the environment, asks go what it now sees, and reads every module in scope. A set-up
 * that leaves nothing to check comes back as `failure`; one that leaves only the static checks
 * to run comes back as `setup`, next to the context they run with.
 */
export async function prepareContext(
  config: Config,
  runnerGo: GoRunner,
  runnerGoEnv: GoEnv,
  childEnv: Record<string, string | undefined>,
  processEnv: Record<string, string | undefined> = childEnv
): Promise<Prepared> {
  const moduleDirs = discoverModuleDirs(config.workingDirectory)
  const vendored = [config.workingDirectory, ...moduleDirs].some((dir) =>
    fs.existsSync(path.join(dir, 'vendor', 'modules.txt'))
  )
  const pinned = pinEnvironment(runnerGoEnv, config, { vendored })
  const go = runnerGo.withEnvironment({ ...childEnv, ...pinned })
  // go env ignores GOFLAGS; every other go command parses it first: probe with the cheapest.
  const probe = await go.run(['version'], {
    cwd: config.workingDirectory,
    env: { GOTOOLCHAIN: 'local' },
    timeoutMs: GO_ENV_TIMEOUT_MS
  })
  if (!succeeded(probe) && /\$GOFLAGS/.test(probe.stderr)) {
    return { failure: goflagsFailure(pinned.GOFLAGS, probe.stderr) }
  }
  // With GOTOOLCHAIN other than local, go may switch toolchains here: that is the point.
  let effectiveGoEnv = runnerGoEnv
  let effectiveGoEnvError: string | undefined
  try {
    effectiveGoEnv = await readGoEnv(go, config.workingDirectory, {}, TOOLCHAIN_SWITCH_TIMEOUT_MS)
  } catch (error) {
    effectiveGoEnvError = error instanceof Error ? error.message : String(error)
  }
  const modules = await Promise.all(moduleDirs.map((dir) => loadModule(go, config.root, dir)))
  const workspace = await loadWorkspace(go, config.root, config.workingDirectory)
  const controller = new AbortController()
  const context: CheckContext & { abort: (reason?: Error) => void } = {
    config,
    go,
    runnerGoEnv,
    effectiveGoEnv,
    effectiveGoEnvError,
    pinned,
    processEnv,
    modules,
    workspace,
    signal: controller.signal,
    log: () => undefined,
    progress: () => undefined,
    abort: (reason?: Error) => controller.abort(reason)
  }
  if (modules.length === 0) {
    const enclosing = enclosingGoMod(config.root, config.workingDirectory)
    const failure = noModuleFailure({
      workingDirectory: config.workingDirectory,
      root: config.root,
      ...(enclosing === undefined ? {} : { enclosing })
    })
    return { context, setup: failure }
  }
  if (effectiveGoEnvError !== undefined) {
    return { context, setup: pinnedGoFailure(config.gotoolchain) }
  }
  return { context }
}

/** A go.mod in a directory above `dir`, up to the repository root. */
function enclosingGoMod(root: string, dir: string): string | undefined {
  for (let current = path.dirname(dir); isInside(root, current); current = path.dirname(current)) {
    const file = path.join(current, 'go.mod')
    if (fs.existsSync(file)) return file
    if (current === path.dirname(current)) break
  }
  return undefined
}

/** go env with the job's environment: it never downloads, so it answers quickly or is stuck. */
const GO_ENV_TIMEOUT_MS = 30_000
/** go env with the pinned GOTOOLCHAIN may download a whole toolchain first. */
const TOOLCHAIN_SWITCH_TIMEOUT_MS = 5 * 60_000

/** go env -json failed: how, for the set-up finding. */
export class GoEnvError extends Error {
  constructor(readonly problem: GoEnvProblem) {
    super(
      problem.kind === 'timed-out'
        ? `go env -json timed out after ${problem.seconds} s`
        : problem.kind === 'not-json'
          ? 'go env -json did not print JSON'
          : `go env -json failed: ${problem.stderr.trim() || problem.ending}`
    )
    this.name = 'GoEnvError'
  }
}

export async function readGoEnv(
  go: GoRunner,
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = GO_ENV_TIMEOUT_MS
): Promise<GoEnv> {
  const result = await go.run(['env', '-json'], { cwd, env, timeoutMs })
  if (result.timedOut) {
    throw new GoEnvError({ kind: 'timed-out', seconds: Math.round(timeoutMs / 1000) })
  }
  if (!succeeded(result)) {
    throw new GoEnvError({ kind: 'failed', ending: describeEnding(result), stderr: result.stderr })
  }
  try {
    return parseGoEnvJson(result.stdout)
  } catch {
    throw new GoEnvError({ kind: 'not-json', output: result.stdout })
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

/** A check or the gate stopped on purpose (a time limit), as opposed to a crash. */
export class CheckStopped extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CheckStopped'
  }
}

function stopReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason.message : 'the gate was stopped'
}

/**
 * The context for the checks after a download that could not reach the module proxy: they read
 * only what the module cache holds (GOPROXY=off), and leave the modules that failed alone.
 */
function offlineContext(context: CheckContext, unreachable: ProxyUnreachable): CheckContext {
  const why = `download could not reach the module proxy (${unreachable.reason})`
  const unavailable = new Map(context.unavailable ?? [])
  for (const dir of unreachable.moduleDirs) unavailable.set(dir, why)
  return {
    ...context,
    go: context.go.withEnvironment(context.go.environment({ GOPROXY: 'off' })),
    unavailable
  }
}

/** Runs one check under its time limit; a throw or an overrun becomes status `error`. */
export async function runCheck(
  check: Check,
  context: CheckContext
): Promise<CheckResult & Pick<CheckOutcome, 'tests' | 'proxyUnreachable'>> {
  const started = Date.now()
  // An overrun check's go commands are killed, so they cannot run on into the next stage.
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let rejectStopped: (error: Error) => void = () => undefined
  const abortWithGate = (): void => {
    controller.abort()
    rejectStopped(new CheckStopped(`stopped: ${stopReason(context.signal)}`))
  }
  const limitMs = checkTimeoutMs(check, context)
  const deadline = new Promise<never>((_, reject) => {
    rejectStopped = reject
    timer = setTimeout(() => {
      controller.abort()
      reject(new CheckStopped(`stopped: did not finish within ${formatGoDuration(limitMs)}`))
    }, limitMs)
  })
  if (context.signal.aborted) abortWithGate()
  else context.signal.addEventListener('abort', abortWithGate)
  const own: CheckContext = {
    ...context,
    go: context.go.withSignal(controller.signal),
    signal: controller.signal
  }
  try {
    const outcome: CheckOutcome = await Promise.race([check.run(own), deadline])
    const result: CheckResult & Pick<CheckOutcome, 'tests' | 'proxyUnreachable'> = {
      check: check.name,
      status: outcome.status ?? statusFromFindings(outcome.findings, context.config.failOn),
      durationMs: Date.now() - started,
      findings: outcome.findings.map((finding) => ({ check: check.name, ...finding })),
      summary: outcome.summary
    }
    if (outcome.tests !== undefined) result.tests = outcome.tests
    if (outcome.proxyUnreachable !== undefined) result.proxyUnreachable = outcome.proxyUnreachable
    return result
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      check: check.name,
      status: 'error',
      durationMs: Date.now() - started,
      findings: [],
      summary: error instanceof CheckStopped ? reason : `check crashed: ${reason}`
    }
  } finally {
    clearTimeout(timer)
    context.signal.removeEventListener('abort', abortWithGate)
  }
}

/** "fail, 2 errors, 1 warning, 120 ms" for the log line that heads a check's group. */
function describeResult(result: CheckResult): string {
  const counts = countBySeverity(result.findings)
  const parts: string[] = [result.status]
  if (counts.error > 0) parts.push(`${counts.error} error(s)`)
  if (counts.warning > 0) parts.push(`${counts.warning} warning(s)`)
  if (counts.notice > 0) parts.push(`${counts.notice} notice(s)`)
  if (result.status === 'error' || result.status === 'skipped') parts.push(result.summary ?? '')
  parts.push(`${result.durationMs} ms`)
  return parts.filter((p) => p !== '').join(', ')
}

function sortByPlan(results: CheckResult[], order: CheckName[]): CheckResult[] {
  return [...results].sort((a, b) => order.indexOf(a.check) - order.indexOf(b.check))
}
