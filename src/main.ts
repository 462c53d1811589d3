import os from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { reportCacheEntry } from './cache/entries.js'
import { CacheSession } from './cache/session.js'
import { CACHE_STATE_NAME, serializeCacheState } from './cache/state.js'
import { CHECKS } from './checks/index.js'
import { ConfigError, parseConfig, type InputName } from './config.js'
import { allFindings, countBySeverity, type Report } from './findings.js'
import { runGate } from './gate.js'
import { readActionInputs } from './inputs.js'
import { emitAnnotations } from './report/annotations.js'
import { actionsCacheClient } from './report/cacheclient.js'
import { writeJsonReport } from './report/json.js'
import { renderJunit, writeJunit } from './report/junit.js'
import { actionsCacheLog, actionsLogger } from './report/logger.js'
import {
  exportEnvironment,
  maskSecret,
  removeGoProblemMatcher,
  setOutputs
} from './report/outputs.js'
import { safeText } from './report/safetext.js'
import { renderSummary, writeSummary } from './report/summary.js'
import { VERSION } from './version.js'

/** The action's main step: validate inputs, run the gate, report, and set the exit status. */
export async function run(): Promise<void> {
  try {
    const root = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd())
    const inputs = readActionInputs(process.env)
    maskSecret(inputs['github-token'] ?? '')
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
      hooks: cache && {
        beforeModuleCache: (env) => cache.restoreModuleCache(env),
        beforeBuildCache: (env) => cache.restoreBuildCache(env)
      }
    })
    const cacheState = cache?.state()
    // Saved first: the post step saves the caches whatever happens to the reporting below.
    if (cacheState !== undefined) core.saveState(CACHE_STATE_NAME, serializeCacheState(cacheState))
    const report =
      cache === undefined
        ? gateReport
        : { ...gateReport, cache: cache.entries.map(reportCacheEntry) }

    const outputDir = path.join(tempDir, 'go-ci-gate')
    const reportPath = path.join(outputDir, 'report.json')
    await writeJsonReport(report, reportPath)
    const junitPath = await junitReport(report, config.junit ?? path.join(outputDir, 'junit.xml'))
    const findings = allFindings(report.results)
    const selection = config.annotations
      ? emitAnnotations(findings, root)
      : { shown: [], hidden: countBySeverity(findings) }
    await writeSummary(renderSummary(report, { hiddenAnnotations: selection.hidden }))
    setOutputs(report, { reportPath, junitPath })
    if (report.pinned) exportEnvironment(report.pinned)

    if (report.setupError !== undefined) {
      core.setFailed(`go-ci-gate could not run its checks: ${report.setupError}`)
    } else if (report.verdict === 'fail') {
      const counts = countBySeverity(findings)
      const errored = report.results.filter((r) => r.status === 'error').map((r) => r.check)
      core.setFailed(
        safeText(
          `go-ci-gate failed: ${counts.error} error(s), ${counts.warning} warning(s)` +
            (errored.length > 0 ? `; check(s) errored: ${errored.join(', ')}` : '') +
            ` (fail-on: ${config.failOn})`
        )
      )
    }
  } catch (error) {
    if (error instanceof ConfigError) core.setFailed(safeText(error.message))
    else
      core.setFailed(
        safeText(`go-ci-gate crashed: ${error instanceof Error ? error.stack : String(error)}`)
      )
  }
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
    core.warning(
      safeText(
        `go-ci-gate could not write the JUnit report to ${file}: ${error instanceof Error ? error.message : String(error)}`
      )
    )
    return undefined
  }
}
