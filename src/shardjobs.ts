/**
 * The action's jobs of a sharded run (README: Sharding over a job matrix). plan: the module-level
 * checks and the plan, as outputs for the matrix; shard: one shard's tests, its report uploaded as
 * an artifact; merge: every shard's report downloaded and merged into the one verdict, and on a
 * push to the default branch the tests' timings saved for the next plan.
 */
import fs from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import type { Config } from './config.js'
import type { Report } from './findings.js'
import { downloadReports, uploadReport } from './report/artifacts.js'
import { actionsCacheClient } from './report/cacheclient.js'
import { readEventPayload } from './report/event.js'
import { renderPlanSummary } from './report/plansummary.js'
import { safeText } from './report/safetext.js'
import { writeSummary } from './report/summary.js'
import { shardMatrix, type PlanDocument } from './shard/document.js'
import { makePlanDocument } from './shard/make.js'
import { mergeShards } from './shard/merge.js'
import {
  compactTimings,
  readStoredTimings,
  timingsFromReports,
  type Timings
} from './shard/timings.js'
import { parseShardReport } from './shard/validate.js'
import { errorMessage } from './text.js'

/** A job output may hold 1 MB; the plan leaves room for the matrix. */
const PLAN_OUTPUT_BYTES = 900 * 1024
const PLAN_ARTIFACT = 'go-ci-gate-plan'
const SHARD_ARTIFACT = 'go-ci-gate-shard-'
const TIMINGS_KEY = 'go-ci-gate-timings-'
const NO_TIMINGS: Timings = { packages: {}, tests: {} }

/** The artifact a shard's report travels in: `go-ci-gate-shard-2-of-4`. */
export function shardArtifactName(index: number, count: number): string {
  return `${SHARD_ARTIFACT}${index}-of-${count}`
}

/** mode plan: the plan from the listing and earlier timings, as the outputs matrix and plan. */
export async function planJob(report: Report, config: Config, tempDir: string): Promise<void> {
  const timings = await restoreTimings(tempDir)
  const plan = makePlanDocument({
    report,
    shards: config.shards,
    targetSeconds: config.shardTargetMs / 1000,
    timings
  })
  let text = JSON.stringify(plan)
  if (Buffer.byteLength(text) > PLAN_OUTPUT_BYTES) {
    // Too large for a job output: the plan travels as an artifact, the output names it.
    const file = path.join(tempDir, 'go-ci-gate', 'plan.json')
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, text)
      await uploadReport(PLAN_ARTIFACT, file)
    } catch (error) {
      core.setFailed(safeText(`go-ci-gate could not hand on the plan: ${errorMessage(error)}`))
      return
    }
    text = JSON.stringify({ version: 1, artifact: PLAN_ARTIFACT, id: plan.id })
  }
  core.setOutput('matrix', JSON.stringify(shardMatrix(plan.shards.length)))
  core.setOutput('plan', text)
  try {
    await writeSummary(renderPlanSummary(plan, timings))
  } catch (error) {
    warn(`could not write the job summary: ${errorMessage(error)}`)
  }
  if (report.setupError !== undefined) {
    core.setFailed(safeText(`go-ci-gate could not run its checks: ${report.setupError}`))
  }
}

/** mode shard: the shard's JSON report to an artifact, for the merge job. */
export async function uploadShardReport(file: string | undefined, config: Config): Promise<void> {
  if (config.shard === undefined) return
  const name = shardArtifactName(config.shard.index, config.shard.count)
  if (file === undefined) {
    warn(
      `could not upload ${name}: the JSON report was not written; the merge will miss this shard`
    )
    return
  }
  try {
    await uploadReport(name, file)
  } catch (error) {
    warn(`${errorMessage(error)}; the merge will miss this shard`)
  }
}

/**
 * mode merge: the shards' reports from the run's artifacts, merged under the plan. A report that
 * cannot be read is left out, so the merge says its shard is missing.
 */
export async function mergeJob(plan: PlanDocument, tempDir: string): Promise<Report> {
  const dir = fs.mkdtempSync(path.join(tempDir, 'go-ci-gate-shards-'))
  const reports: Report[] = []
  try {
    for (const downloaded of await downloadReports(SHARD_ARTIFACT, dir)) {
      const parsed = parseShardReport(fs.readFileSync(downloaded.file, 'utf8'))
      if (typeof parsed === 'string') warn(`the artifact ${downloaded.name}: ${parsed}`)
      else reports.push(parsed)
    }
  } catch (error) {
    warn(errorMessage(error))
  }
  return mergeShards({ plan, reports }).report
}

/**
 * The merged tests' timings for the next plan, on a push to the default branch (pull requests'
 * cache entries are never shared, and their timings are of code not merged yet).
 */
export async function saveTimings(report: Report, env: NodeJS.ProcessEnv, tempDir: string) {
  if (env.GITHUB_EVENT_NAME !== 'push' || report.tests === undefined) return
  const payload = readEventPayload(env)
  const defaultBranch =
    typeof payload === 'string'
      ? undefined
      : (payload.repository as { default_branch?: unknown } | undefined)?.default_branch
  if (typeof defaultBranch !== 'string' || env.GITHUB_REF !== `refs/heads/${defaultBranch}`) return
  const file = timingsFile(tempDir)
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, JSON.stringify(compactTimings(timingsFromReports([report]))))
    const key = `${TIMINGS_KEY}${env.GITHUB_RUN_ID ?? Date.now()}-${env.GITHUB_RUN_ATTEMPT ?? 1}`
    await actionsCacheClient().saveCache([file], key)
  } catch (error) {
    warn(`could not save the tests' timings for the next plan: ${errorMessage(error)}`)
  }
}

/** The last timings a merge saved (restore keys: the newest entry), else none: medians then. */
async function restoreTimings(tempDir: string): Promise<Timings> {
  const file = timingsFile(tempDir)
  try {
    const client = actionsCacheClient()
    if (!client.isFeatureAvailable()) return NO_TIMINGS
    const hit = await client.restoreCache([file], `${TIMINGS_KEY}none`, [TIMINGS_KEY])
    if (hit === undefined) return NO_TIMINGS
    return readStoredTimings(JSON.parse(fs.readFileSync(file, 'utf8'))) ?? NO_TIMINGS
  } catch (error) {
    warn(
      `could not restore the tests' timings (the plan uses equal estimates): ${errorMessage(error)}`
    )
    return NO_TIMINGS
  }
}

function timingsFile(tempDir: string): string {
  return path.join(tempDir, 'go-ci-gate-timings', 'timings.json')
}

function warn(message: string): void {
  core.warning(safeText(`go-ci-gate ${message}`))
}

/**
 * The plan input as the shard and merge jobs get it: the plan itself, or, for a plan too large for
 * a job output, the reference the plan job put there instead, resolved by downloading the artifact.
 */
export async function resolvePlanInput(
  value: string | undefined,
  tempDir: string
): Promise<string | undefined> {
  if (value === undefined || !value.includes(`"artifact":"${PLAN_ARTIFACT}"`)) return value
  let reference: { artifact?: unknown; id?: unknown }
  try {
    reference = JSON.parse(value) as typeof reference
  } catch {
    return value
  }
  if (reference.artifact !== PLAN_ARTIFACT) return value
  const dir = fs.mkdtempSync(path.join(tempDir, 'go-ci-gate-plan-'))
  const [downloaded] = await downloadReports(PLAN_ARTIFACT, dir)
  if (downloaded === undefined) {
    throw new Error(`the plan's artifact ${PLAN_ARTIFACT} is not in this run`)
  }
  return fs.readFileSync(downloaded.file, 'utf8')
}
