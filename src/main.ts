import os from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { reportCacheEntry } from './cache/entries.js'
import { CacheSession } from './cache/session.js'
import { CACHE_STATE_NAME, serializeCacheState } from './cache/state.js'
import { CHECKS } from './checks/index.js'
import { ConfigError, parseConfig, type Config, type InputName } from './config.js'
import { allFindings, countBySeverity, type Report } from './findings.js'
import { runGate } from './gate.js'
import { readActionInputs } from './inputs.js'
import { emitAnnotations } from './report/annotations.js'
import { actionsCacheClient } from './report/cacheclient.js'
import { writeJsonReport } from './report/json.js'
import { renderJunit, writeJunit } from './report/junit.js'
import { linkBaseFromEnv } from './report/links.js'
import { actionsCacheLog, actionsLogger } from './report/logger.js'
import {
  exportEnvironment,
  maskSecret,
  removeGoProblemMatcher,
  setOutputs
} from './report/outputs.js'
import { redactCredentials, redactReport, urlCredentials } from './report/redact.js'
import { safeText } from './report/safetext.js'
import { renderSarif, writeSarif } from './report/sarif.js'
import { renderSummary, writeSummary } from './report/summary.js'
import { VERSION } from './version.js'

/** The action's main step: validate inputs, run the gate, report, and set the exit status. */
export async function run(): Promise<void> {
  try {
    const root = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd())
    const inputs = readActionInputs(process.env)
    maskSecret(inputs['github-token'] ?? '')
    // Before anything is printed: a proxy URL may carry a user and password.
    maskUrlCredentials(inputs.goproxy, inputs.gosumdb, process.env.GOPROXY, process.env.GOSUMDB)
    const label = (name: InputName): string => `input "${name}"`
    const tempDir = process.env.RUNNER_TEMP || os.tmpdir()
    const config = parseConfig(inputs, { cwd: root, root, label, tempDir })

    // setup-go's problem matcher would annotate go's compiler lines a second time.
    removeGoProblemMatcher()
    const cache = config.cache
      ? new CacheSession({
          config,
          client: actionsCacheClient(),
          log: actionsCacheLog(),
          env: process.env
        })
      : undefined
    const gateReport = await runGate({
      config,
      checks: CHECKS,
      logger: actionsLogger(),
      processEnv: process.env,
      toolVersion: VERSION,
      inputLabel: label,
      hooks: {
        beforeModuleCache: async (env) => {
          // go env may name a proxy from the go env file: masked before any check prints it.
          maskUrlCredentials(env.GOPROXY, env.GOSUMDB)
          await cache?.restoreModuleCache(env)
        },
        beforeBuildCache: async (env) => cache?.restoreBuildCache(env)
      }
    })
    await report(gateReport, config, root, tempDir, cache)
  } catch (error) {
    if (error instanceof ConfigError) core.setFailed(safeText(redactCredentials(error.message)))
    else
      core.setFailed(
        safeText(
          redactCredentials(
            `go-ci-gate crashed: ${error instanceof Error ? error.stack : String(error)}`
          )
        )
      )
  }
}

/**
 * Everything the step shows and leaves behind. Each part fails alone, with a warning: an
 * unwritable summary, RUNNER_TEMP or GITHUB_OUTPUT never costs the annotations, the other
 * outputs or the verdict, and never turns a pass into a failure.
 */
async function report(
  gateReport: Report,
  config: Config,
  root: string,
  tempDir: string,
  cache: CacheSession | undefined
): Promise<void> {
  const cacheState = cache?.state()
  // Saved first: the post step saves the caches whatever happens to the reporting below.
  if (cacheState !== undefined) {
    attempt('the cache state for the post step (the caches will not be saved)', () =>
      core.saveState(CACHE_STATE_NAME, serializeCacheState(cacheState))
    )
  }
  // Later steps get the real values; everything shown has credentials redacted.
  const pinned = gateReport.pinned
  if (pinned !== undefined) {
    attempt('the pinned environment to GITHUB_ENV', () => exportEnvironment(pinned))
  }
  const shown = redactReport(
    cache === undefined ? gateReport : { ...gateReport, cache: cache.entries.map(reportCacheEntry) }
  )

  const findings = allFindings(shown.results)
  const selection = (config.annotations
    ? attempt('the annotations', () => emitAnnotations(findings, root))
    : undefined) ?? { shown: [], hidden: countBySeverity(findings) }
  const outputDir = path.join(tempDir, 'go-ci-gate')
  const reportPath = await attemptAsync('the JSON report', async () => {
    const file = path.join(outputDir, 'report.json')
    await writeJsonReport(shown, file)
    return file
  })
  const junitPath = await junitReport(shown, config.junit ?? path.join(outputDir, 'junit.xml'))
  const sarifPath = await sarifReport(shown, config.sarif, root)
  await attemptAsync('the job summary', () =>
    writeSummary(
      renderSummary(shown, {
        hiddenAnnotations: selection.hidden,
        links: linkBaseFromEnv(process.env)
      })
    )
  )
  attempt('the step outputs', () =>
    setOutputs(shown, { reportPath: reportPath ?? '', junitPath, sarifPath })
  )

  if (shown.setupError !== undefined) {
    core.setFailed(safeText(`go-ci-gate could not run its checks: ${shown.setupError}`))
  } else if (shown.verdict === 'fail') {
    const counts = countBySeverity(findings)
    const errored = shown.results.filter((r) => r.status === 'error').map((r) => r.check)
    core.setFailed(
      safeText(
        `go-ci-gate failed: ${counts.error} error(s), ${counts.warning} warning(s)` +
          (errored.length > 0 ? `; check(s) errored: ${errored.join(', ')}` : '') +
          ` (fail-on: ${config.failOn})`
      )
    )
  }
}

/** Masks the credentials of every URL in these values (GOPROXY, GOSUMDB). */
function maskUrlCredentials(...values: Array<string | undefined>): void {
  for (const secret of urlCredentials(values.filter((v) => v !== undefined).join(' '))) {
    maskSecret(secret)
  }
}

/** Runs one part of the reporting; a failure is a warning naming it, never the step's end. */
function attempt<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn()
  } catch (error) {
    warnNotWritten(what, error)
    return undefined
  }
}

async function attemptAsync<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn()
  } catch (error) {
    warnNotWritten(what, error)
    return undefined
  }
}

function warnNotWritten(what: string, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error)
  core.warning(safeText(redactCredentials(`go-ci-gate could not write ${what}: ${reason}`)))
}

/**
 * Writes the findings as SARIF when the sarif input names a file; returns the path, or undefined
 * when none was asked for or writing failed (a warning: the verdict stands without it).
 */
async function sarifReport(
  report: Report,
  file: string | undefined,
  root: string
): Promise<string | undefined> {
  if (file === undefined) return undefined
  return attemptAsync(`the SARIF report to ${file}`, async () => {
    await writeSarif(file, renderSarif(report, { root, informationUri: actionRepositoryUri() }))
    return file
  })
}

/** The action's own repository on its GitHub server, when the runner names it. */
function actionRepositoryUri(): string | undefined {
  const repository = process.env.GITHUB_ACTION_REPOSITORY
  if (repository === undefined || !/^[\w.-]+\/[\w.-]+$/.test(repository)) return undefined
  const server = (process.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  return `${server}/${repository}`
}

/**
 * Writes the tests as JUnit XML when the tests check ran; returns the path, or undefined when
 * there was nothing to write or writing failed (a warning: the gate's verdict stands without it).
 */
async function junitReport(report: Report, file: string): Promise<string | undefined> {
  if (report.tests === undefined) return undefined
  try {
    const findings = report.results.find((r) => r.check === 'tests')?.findings ?? []
    await writeJunit(file, renderJunit(report.tests, { findings, timestamp: report.startedAt }))
    return file
  } catch (error) {
    warnNotWritten(`the JUnit report to ${file}`, error)
    return undefined
  }
}
