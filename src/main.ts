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
import { inputsWithConfigFile } from './config/configfile.js'
import { actionsCacheClient } from './report/cacheclient.js'
import { learnChanges, type Changes } from './report/changes.js'
import { apiUrlFromEnv, githubClient, repositoryFromEnv } from './report/githubclient.js'
import { linkBaseFromEnv, type LinkBase } from './report/links.js'
import { actionsCacheLog, actionsLogger } from './report/logger.js'
import { orderFindings } from './report/order.js'
import {
  exportEnvironment,
  maskSecret,
  removeGoProblemMatcher,
  setOutputs
} from './report/outputs.js'
import { redactCredentials, redactReport, urlCredentials } from './report/redact.js'
import type { GitHubAccess, ReportContext } from './report/reporters/context.js'
import { actionReporters, nothingDelivered, runReporters } from './report/reporters/index.js'
import { safeText } from './report/safetext.js'
import { actionSink } from './report/sinks.js'
import { markShard } from './shard/document.js'
import { mergeJob, planJob, resolvePlanInput, saveTimings, uploadShardReport } from './shardjobs.js'
import { VERSION } from './version.js'
import { errorMessage } from './text.js'

/** The action's main step: validate inputs, run the gate, report, and set the exit status. */
export async function run(): Promise<void> {
  try {
    const root = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd())
    const given = readActionInputs(process.env)
    maskSecret(given['github-token'] ?? '')
    // Before anything is printed: a proxy URL may carry a user and password.
    maskUrlCredentials(given.goproxy, given.gosumdb, process.env.GOPROXY, process.env.GOSUMDB)
    // The repository's configuration file, under the inputs the workflow set.
    const merged = inputsWithConfigFile(given, {
      root,
      base: root,
      label: (name: InputName): string => `input "${name}"`,
      overrideKind: 'input'
    })
    const inputs = merged.raw
    maskUrlCredentials(inputs.goproxy, inputs.gosumdb)
    const label = merged.label
    const tempDir = process.env.RUNNER_TEMP || os.tmpdir()
    // A plan too large for a job output comes as an artifact; the shard or merge job fetches it.
    inputs.plan = await resolvePlanInput(inputs.plan, tempDir).catch((error: unknown) => {
      throw new ConfigError(`input "plan": ${errorMessage(error)}`)
    })
    const config: Config = {
      ...parseConfig(inputs, { cwd: root, root, label, tempDir }),
      configFile: merged.sources
    }

    if (config.mode === 'merge' && config.plan !== undefined) {
      // The shards ran the tests and the plan job the other checks: no go runs here.
      const merged = await mergeJob(config.plan, tempDir)
      await report(merged, config, root, tempDir, undefined)
      await saveTimings(merged, process.env, tempDir)
      return
    }
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
    if (config.mode === 'plan') {
      await planJob(gateReport, config, tempDir)
      return
    }
    await report(markShard(gateReport, config), config, root, tempDir, cache)
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
 * Everything the step shows and leaves behind, through the reporters' registry. Each part fails
 * alone, with a warning: an unwritable summary, RUNNER_TEMP or GITHUB_OUTPUT, or a GitHub API
 * that refuses, never costs the other reports, the outputs or the verdict.
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

  const env = process.env
  const links = linkBaseFromEnv(env)
  const github = githubAccess(config, env, links)
  // Learning the diff never costs the report: any surprise is a reason the summary gives.
  const changes = await learnChanges({ env, root, client: github?.client }).catch(
    (error: unknown): Changes => ({
      known: false,
      reason: `the changes could not be learned: ${errorMessage(error)}`
    })
  )
  const context: ReportContext = {
    report: shown,
    config,
    root,
    env,
    findings: orderFindings(
      allFindings(shown.results),
      changes?.known === true ? changes.set : undefined
    ),
    changes,
    links,
    github,
    sink: actionSink(),
    delivered: nothingDelivered()
  }
  await runReporters(actionReporters(config, tempDir), context)
  const files = context.delivered.files
  if (config.mode === 'shard') await uploadShardReport(files.json, config)
  attempt('the step outputs', () =>
    setOutputs(shown, {
      reportPath: files.json ?? '',
      junitPath: files.junit,
      sarifPath: files.sarif
    })
  )

  if (shown.setupError !== undefined) {
    core.setFailed(safeText(`go-ci-gate could not run its checks: ${shown.setupError}`))
  } else if (shown.verdict === 'fail') {
    const counts = countBySeverity(context.findings)
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

/** The GitHub API for the reporters, when there is a token and the runner names the repository. */
function githubAccess(
  config: Config,
  env: NodeJS.ProcessEnv,
  links: LinkBase | undefined
): GitHubAccess | undefined {
  const repository = repositoryFromEnv(env)
  if (config.githubToken === undefined || repository === undefined) return undefined
  const client = githubClient(config.githubToken, {
    baseUrl: apiUrlFromEnv(env),
    log: (message) => core.debug(safeText(redactCredentials(message)))
  })
  return { client, repository, headSha: links?.sha ?? env.GITHUB_SHA }
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

function warnNotWritten(what: string, error: unknown): void {
  const reason = errorMessage(error)
  core.warning(safeText(redactCredentials(`go-ci-gate could not write ${what}: ${reason}`)))
}
