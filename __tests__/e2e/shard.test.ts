// The action's three modes through dist/main.js under Node 24, as the jobs of two workflow runs:
// the artifact service stand-in carries the shards' reports to the merge, the cache service
// stand-in the timings from the first run's merge (a push to main) to the second run's plan (a
// pull request). Fixture shard-packages: six test packages, p1 slow (split once timed), p6 failing.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import type { Report } from '../../src/findings.js'
import type { PlanDocument } from '../../src/shard/document.js'
import { startArtifactService, type ArtifactService } from '../helpers/artifactservice.js'
import { startCacheService, type CacheService } from '../helpers/cacheservice.js'
import {
  distFile,
  node24,
  parseWorkflowCommands,
  readFileCommands,
  runNodeAsync,
  runnerEnvironment,
  sandbox,
  type Run,
  type Sandbox,
  type WorkflowCommand
} from '../helpers/e2e.js'
import { startResultsRouter, type ResultsRouter } from '../helpers/resultsrouter.js'

jest.setTimeout(300_000)

const TOKEN = `ghs_e2eShardToken${Math.random().toString(36).slice(2, 12)}`

interface Job {
  main: Run
  commands: WorkflowCommand[]
  outputs: Record<string, string>
  summary: string
  /** The JSON report as the job left it (the next job of this runner writes the same path). */
  report?: Report
}

let box: Sandbox
let workspace: string
let artifacts: ArtifactService
let cache: CacheService
let router: ResultsRouter
const jobTokens = new Set<string>()

beforeAll(async () => {
  artifacts = await startArtifactService()
  // Each job has its own runtime token, issued by the artifact service, and the cache takes them.
  cache = await startCacheService({
    authorize: (authorization) => jobTokens.has((authorization ?? '').replace(/^Bearer /, ''))
  })
  router = await startResultsRouter({ cache: cache.url, artifacts: artifacts.url })
  box = sandbox('shard')
  workspace = box.checkout('shard-packages', 'workspace')
})
afterAll(async () => {
  box?.cleanup()
  await router?.close()
  await cache?.close()
  await artifacts?.close()
})

/** One job of workflow run `run`: dist/main.js with these inputs, as that event's runner runs it. */
async function job(
  run: string,
  event: 'push' | 'pull_request',
  inputs: Record<string, string>
): Promise<Job> {
  const identity = artifacts.job({ workflowRunBackendId: run })
  jobTokens.add(identity.token)
  const runner = runnerEnvironment(box, workspace, {
    token: TOKEN,
    inputs: { cache: 'false', race: 'false', 'rerun-failed': '0', ...inputs },
    env: {
      ...identity.env,
      ACTIONS_RESULTS_URL: router.url,
      ACTIONS_CACHE_SERVICE_V2: 'true',
      GITHUB_EVENT_NAME: event,
      GITHUB_REF: event === 'push' ? 'refs/heads/main' : 'refs/pull/7/merge',
      GITHUB_RUN_ID: run.slice(0, 8)
    }
  })
  const main = await runNodeAsync(node24(), [distFile('main')], { cwd: workspace, env: runner.env })
  const outputs = readFileCommands(runner.files.output)
  return {
    main,
    commands: parseWorkflowCommands(main.stdout),
    outputs,
    summary: fs.readFileSync(runner.files.summary, 'utf8'),
    report: outputs.report
      ? (JSON.parse(fs.readFileSync(outputs.report, 'utf8')) as Report)
      : undefined
  }
}

const findingsOf = (report: Report): string[] =>
  report.results.flatMap((r) => r.findings).map((f) => `${f.rule} ${f.file ?? ''}:${f.line ?? ''}`)
const reportOf = (j: Job): Report => {
  if (j.report === undefined) throw new Error(`no report: ${j.main.stdout.slice(-2000)}`)
  return j.report
}
const testsOf = (report: Report): string[] =>
  (report.tests?.packages ?? [])
    .flatMap((p) => p.tests.map((t) => `${p.package.replace('example.com/shards/', '')} ${t.name}`))
    .sort()

describe('a push to main: plan, three shards, merge', () => {
  const run = crypto.randomUUID()
  let plan: Job
  let shards: Job[]
  let merge: Job
  beforeAll(async () => {
    plan = await job(run, 'push', { mode: 'plan', shards: '3' })
    shards = []
    for (const shard of ['1/3', '2/3', '3/3']) {
      shards.push(await job(run, 'push', { mode: 'shard', shard, plan: plan.outputs.plan ?? '' }))
    }
    merge = await job(run, 'push', { mode: 'merge', plan: plan.outputs.plan ?? '' })
  })

  it('plans three shards and hands them on as the matrix and the plan', () => {
    expect(plan.main.status).toBe(0)
    expect(JSON.parse(plan.outputs.matrix ?? '')).toEqual({
      include: [{ shard: '1/3' }, { shard: '2/3' }, { shard: '3/3' }]
    })
    const doc = JSON.parse(plan.outputs.plan ?? '') as PlanDocument
    expect(doc.units).toHaveLength(6)
    expect(plan.summary).toMatch(/## 🧩 go-ci-gate: plan of 3 shards/)
  })

  it('runs every shard as its own job, each uploading its report as an artifact', () => {
    expect(
      artifacts.artifacts
        .filter((a) => a.workflowRunBackendId === run)
        .map((a) => a.name)
        .sort()
    ).toEqual(['go-ci-gate-shard-1-of-3', 'go-ci-gate-shard-2-of-3', 'go-ci-gate-shard-3-of-3'])
    // p6's failing test fails the shard it ran in, and only that one.
    expect(shards.map((s) => s.main.status).sort()).toEqual([0, 0, 1])
  })

  it('merges into one failing verdict with p6 failure, every test once, and saves the timings', () => {
    expect(merge.main.status).toBe(1)
    expect(merge.outputs.result).toBe('fail')
    const report = reportOf(merge)
    expect(findingsOf(report)).toEqual([
      expect.stringMatching(/^tests\/failed p6\/p6_test\.go:\d+$/)
    ])
    expect(testsOf(report)).toHaveLength(11)
    expect(new Set(testsOf(report)).size).toBe(11)
    expect(cache.entries.map((e) => e.key)).toEqual([expect.stringMatching(/^go-ci-gate-timings-/)])
  })
})

describe('a pull request: the next plan splits p1 by the saved timings', () => {
  const run = crypto.randomUUID()
  let plan: Job
  let doc: PlanDocument
  let early: Job
  let merge: Job
  beforeAll(async () => {
    plan = await job(run, 'pull_request', { mode: 'plan', shards: '3' })
    doc = JSON.parse(plan.outputs.plan ?? '') as PlanDocument
    // A test written after the timings were taken: the split package's -skip group runs it.
    fs.appendFileSync(
      path.join(workspace, 'p1', 'p1_test.go'),
      '\nfunc TestAddedLater(t *testing.T) {}\n'
    )
    const input = { plan: plan.outputs.plan ?? '' }
    await job(run, 'pull_request', { mode: 'shard', shard: '1/3', ...input })
    await job(run, 'pull_request', { mode: 'shard', shard: '2/3', ...input })
    // Shard 3 has not reported yet (cancelled, or still running): the merge must say so.
    early = await job(run, 'pull_request', { mode: 'merge', ...input })
    await job(run, 'pull_request', { mode: 'shard', shard: '3/3', ...input })
    merge = await job(run, 'pull_request', { mode: 'merge', ...input })
  })

  it('restored the timings and split p1 into -run groups and one -skip group', () => {
    expect(plan.main.status).toBe(0)
    const p1 = doc.shards.flat().filter((a) => a.package.endsWith('/p1'))
    expect(p1.length).toBeGreaterThan(1)
    expect(p1.filter((a) => a.skip !== undefined)).toHaveLength(1)
    expect(plan.summary).toMatch(/6 test packages, 6 of them timed by an earlier run/)
  })

  it('fails the merge with one clear error while a shard has not reported', () => {
    expect(early.main.status).toBe(1)
    const missing = reportOf(early)
      .results.flatMap((r) => r.findings)
      .filter((f) => f.rule === 'tests/shard-missing')
    expect(missing.map((f) => f.title)).toEqual([expect.stringMatching(/3\/3/)])
    expect(
      early.commands
        .filter((c) => c.command === 'error')
        .map((c) => c.message)
        .join('\n')
    ).toMatch(/3\/3/)
  })

  it('merges all three: every planned test once, the late test once, only p6 failing', () => {
    expect(merge.main.status).toBe(1)
    const report = reportOf(merge)
    expect(findingsOf(report)).toEqual([
      expect.stringMatching(/^tests\/failed p6\/p6_test\.go:\d+$/)
    ])
    const tests = testsOf(report)
    expect(tests).toHaveLength(12)
    expect(new Set(tests).size).toBe(12)
    expect(tests).toContain('p1 TestAddedLater')
  })
})
