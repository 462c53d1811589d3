import fs from 'node:fs'
import path from 'node:path'
import type { Check, CheckContext, CheckOutcome } from './checks/types.js'
import type { Config, InputName } from './config.js'
import {
  countBySeverity,
  statusFromFindings,
  verdictOf,
  type CheckName,
  type CheckResult,
  type Finding,
  type Report,
  type TestsReport
} from './findings.js'
import { GoNotFoundError, GoRunner } from './go/command.js'
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
  const runnerGo = new GoRunner({ root: config.root, env: processEnv, binary: options.goBinary })
  const base = {
    schemaVersion: 1 as const,
    tool: { name: 'go-ci-gate' as const, version: options.toolVersion },
    failOn: config.failOn,
    startedAt
  }

  let runnerGoEnv: GoEnv
  try {
    runnerGoEnv = await readGoEnv(runnerGo, config.workingDirectory, { GOTOOLCHAIN: 'local' })
  } catch (error) {
    if (!(error instanceof GoNotFoundError)) throw error
    const results = goMissingResults(planned, error)
    return {
      ...base,
      verdict: 'fail',
      modules: [],
      results,
      commands: runnerGo.commands,
      durationMs: Date.now() - started
    }
  }

  // A toolchain switch or a download while reading the modules below would write to GOMODCACHE.
  await options.hooks?.beforeModuleCache?.(runnerGoEnv)
  const context = await prepareContext(config, runnerGo, runnerGoEnv, processEnv, (message) =>
    logger.info(message)
  )
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

  const results: CheckResult[] = []
  let tests: TestsReport | undefined
  let printing: Promise<void> = Promise.resolve()
  for (const stage of [0, 1, 2] as const) {
    const inStage = planned.filter((c) => c.stage === stage)
    const stageResults = await Promise.all(
      inStage.map(async (check) => {
        // Checks of a stage run together; each one's log is printed as one group when it ends,
        // so lines never land in another check's group.
        const lines: string[] = []
        const { tests: testsReport, ...result } = await runCheck(check, {
          ...context,
          log: (line) => lines.push(line),
          progress: (line) => logger.info(`${check.name}: ${line}`)
        })
        if (testsReport !== undefined) tests = testsReport
        printing = printing.then(() =>
          logger.group(`${check.name}: ${describeResult(result)}`, async () => logger.block(lines))
        )
        return result
      })
    )
    results.push(...stageResults)
  }
  await printing
  context.abort()

  const version = parseGoVersion(effectiveGoEnv.GOVERSION ?? '')
  return {
    ...base,
    verdict: verdictOf(results, config.failOn),
    goVersion: version ? formatGoVersion(version) : effectiveGoEnv.GOVERSION,
    environment: environmentFingerprint(effectiveGoEnv, processEnv),
    pinned: { ...context.pinned },
    modules: modules.map((m) => ({ path: m.json?.Module.Path ?? '', dir: m.relDir })),
    workspace: workspace?.relPath,
    results: sortByPlan(results, config.checks),
    ...(tests !== undefined ? { tests } : {}),
    commands: go.commands,
    durationMs: Date.now() - started
  }
}

/** Pins the environment, asks go what it now sees, and reads every module in scope. */
export async function prepareContext(
  config: Config,
  runnerGo: GoRunner,
  runnerGoEnv: GoEnv,
  processEnv: Record<string, string | undefined>,
  log: (message: string) => void = () => undefined
): Promise<CheckContext & { abort: () => void }> {
  const moduleDirs = discoverModuleDirs(config.workingDirectory)
  const vendored = [config.workingDirectory, ...moduleDirs].some((dir) =>
    fs.existsSync(path.join(dir, 'vendor', 'modules.txt'))
  )
  const pinned = pinEnvironment(runnerGoEnv, config, { vendored })
  const go = runnerGo.withEnvironment({ ...processEnv, ...pinned })
  // With GOTOOLCHAIN other than local, go may switch toolchains here: that is the point.
  let effectiveGoEnv = runnerGoEnv
  let effectiveGoEnvError: string | undefined
  try {
    effectiveGoEnv = await readGoEnv(go, config.workingDirectory)
  } catch (error) {
    effectiveGoEnvError = error instanceof Error ? error.message : String(error)
  }
  const modules = await Promise.all(moduleDirs.map((dir) => loadModule(go, config.root, dir)))
  const workspace = await loadWorkspace(go, config.root, config.workingDirectory)
  const controller = new AbortController()
  return {
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
    log,
    progress: log,
    abort: () => controller.abort()
  }
}

export async function readGoEnv(
  go: GoRunner,
  cwd: string,
  env: Record<string, string> = {}
): Promise<GoEnv> {
  const result = await go.run(['env', '-json'], { cwd, env, timeoutMs: 120_000 })
  if (result.exitCode !== 0) {
    throw new Error(`go env -json failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`)
  }
  return parseGoEnvJson(result.stdout)
}

/** Runs one check under its time limit; a throw or an overrun becomes status `error`. */
export async function runCheck(
  check: Check,
  context: CheckContext
): Promise<CheckResult & { tests?: TestsReport }> {
  const started = Date.now()
  // An overrun check's go commands are killed, so they cannot run on into the next stage.
  const controller = new AbortController()
  const abortWithGate = (): void => controller.abort()
  context.signal.addEventListener('abort', abortWithGate)
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new Error(`did not finish within ${check.timeoutMs / 1000}s`))
    }, check.timeoutMs)
  })
  const own: CheckContext = {
    ...context,
    go: context.go.withSignal(controller.signal),
    signal: controller.signal
  }
  try {
    const outcome: CheckOutcome = await Promise.race([check.run(own), deadline])
    const result: CheckResult & { tests?: TestsReport } = {
      check: check.name,
      status: outcome.status ?? statusFromFindings(outcome.findings, context.config.failOn),
      durationMs: Date.now() - started,
      findings: outcome.findings,
      summary: outcome.summary
    }
    if (outcome.tests !== undefined) result.tests = outcome.tests
    return result
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      check: check.name,
      status: 'error',
      durationMs: Date.now() - started,
      findings: [],
      summary: `check crashed: ${reason}`
    }
  } finally {
    clearTimeout(timer)
    context.signal.removeEventListener('abort', abortWithGate)
  }
}

/** Without go nothing can run: one clear error, every other check skipped with the reason. */
function goMissingResults(planned: Check[], error: GoNotFoundError): CheckResult[] {
  const finding: Finding = {
    check: 'toolchain',
    severity: 'error',
    title: 'Go is not installed',
    message: error.message,
    fix: 'add `- uses: actions/setup-go@v6` with `go-version-file: go.mod` before this step'
  }
  const first = planned.find((c) => c.name === 'toolchain') ?? planned[0]
  return planned.map((c) =>
    c === first
      ? { check: c.name, status: 'fail', durationMs: 0, findings: [{ ...finding, check: c.name }] }
      : { check: c.name, status: 'skipped', durationMs: 0, findings: [], summary: 'go not found' }
  )
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
