// Every finding reaches the pull request: dist/main.js under Node 24 against the GitHub REST API
// stand-in (__tests__/helpers/githubapi.ts, which checks each request against GitHub's OpenAPI
// description). The fixture e2e-many has 120 failing tests in four files of two packages; the
// pull request changed beta/d_test.go, whose first two tests are on its changed lines.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import {
  cleanEnv,
  distFile,
  node24,
  parseWorkflowCommands,
  runNodeAsync,
  runnerEnvironment,
  sandbox,
  type Run,
  type Runner,
  type Sandbox,
  type WorkflowCommand
} from '../helpers/e2e.js'
import {
  startGitHubApi,
  type ApiRequest,
  type GitHubApi,
  type PullFile
} from '../helpers/githubapi.js'

jest.setTimeout(240_000)

const TOKEN = `ghs_e2eCheckRunToken${Math.random().toString(36).slice(2, 12)}`
const OWNER = 'octo-org'
const REPO = 'planted'
const PULL = 7
const CHANGED = 'beta/d_test.go'
/** The line of TestX<n>'s t.Errorf in the fixture: six lines a test, the first at line 5. */
const errorLine = (n: number): number => 5 + (n - 1) * 6 + 2
const FIXTURE_FILES = ['alpha/a_test.go', 'alpha/b_test.go', 'beta/c_test.go', CHANGED]

interface Step {
  box: Sandbox
  runner: Runner
  main: Run
  commands: WorkflowCommand[]
  summary: string
  /** The API requests this run made. */
  requests: ApiRequest[]
}

let api: GitHubApi
beforeAll(async () => {
  api = await startGitHubApi({ token: TOKEN })
  // The pull request: TestD01 and TestD02 rewritten, and 249 other files (3 pages of 100).
  const files: PullFile[] = Array.from({ length: 249 }, (_, i) => ({
    filename: `docs/page${String(i).padStart(3, '0')}.md`,
    status: 'modified',
    patch: '@@ -1 +1 @@\n-old\n+new'
  }))
  const hunk = ['@@ -5,12 +5,12 @@']
  for (let line = 5; line <= 16; line++) hunk.push(`-old ${line}`)
  for (let line = 5; line <= 16; line++) hunk.push(`+new ${line}`)
  files.splice(120, 0, { filename: CHANGED, status: 'modified', patch: hunk.join('\n') })
  api.setPullFiles(OWNER, REPO, PULL, files)
})
afterAll(() => api?.close())

async function runAction(
  inputs: Record<string, string>,
  checkRunId: number | undefined
): Promise<Step> {
  const box = sandbox('checkrun')
  const workspace = box.checkout('e2e-many', 'workspace')
  const runner = runnerEnvironment(box, workspace, {
    token: TOKEN,
    inputs: {
      cache: 'false',
      checks: 'tests',
      race: 'false',
      'rerun-failed': '0',
      ...inputs
    },
    api: { url: api.url, checkRunId }
  })
  const before = api.requests.length
  const main = await runNodeAsync(node24(), [distFile('main')], { cwd: workspace, env: runner.env })
  return {
    box,
    runner,
    main,
    commands: parseWorkflowCommands(main.stdout),
    summary: fs.readFileSync(runner.files.summary, 'utf8'),
    requests: api.requests.slice(before)
  }
}

const of = (step: Step, operationId: string): ApiRequest[] =>
  step.requests.filter((r) => r.operationId === operationId)
const annotationsSent = (request: ApiRequest): Array<{ path: string; start_line: number }> =>
  (request.body as { output?: { annotations?: Array<{ path: string; start_line: number }> } })
    .output?.annotations ?? []
const located = (commands: WorkflowCommand[]): WorkflowCommand[] =>
  commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command) && c.properties.file)

describe('the job check run takes every finding', () => {
  let step: Step
  let checkRunId: number
  beforeAll(async () => {
    checkRunId = api.addCheckRun(OWNER, REPO, { name: 'gate' })
    // One 502 (the retry plugin tries again) and one spent rate limit (the throttling plugin waits).
    api.fail('checks/update', { status: 502, times: 1 })
    api.rateLimitOnce('pulls/list-files')
    step = await runAction({ comment: 'on-failure' }, checkRunId)
    api.clearFaults()
  })
  afterAll(() => step?.box.cleanup())

  it('fails the step, and GitHub would have accepted every request it sent', () => {
    expect(step.main.status).toBe(1)
    expect(api.violations).toEqual([])
    expect(step.requests.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true)
  })

  it('sends the 120 annotations in three updates of 50, 50 and 20, after one 502 retried', () => {
    const updates = of(step, 'checks/update')
    expect(updates.map((r) => r.status)).toEqual([502, 200, 200, 200])
    expect(updates.slice(1).map((r) => annotationsSent(r).length)).toEqual([50, 50, 20])
    const run = api.checkRun(checkRunId)
    expect(run?.annotations).toHaveLength(120)
    expect(run?.output.title).toBe('go-ci-gate: fail (120 errors, 0 warnings)')
    expect(run?.output.summary).toMatch(/^## ❌ go-ci-gate: fail/)
    // The runner owns the job's status and conclusion: the gate only writes the output.
    for (const update of updates) expect(update.body).not.toHaveProperty('conclusion')
  })

  it("puts the pull request's changed lines first, then the rest of its changed file", () => {
    const stored = api.annotations(checkRunId)
    expect(stored.slice(0, 2).map((a) => `${a.path}:${a.start_line}`)).toEqual([
      `${CHANGED}:${errorLine(1)}`,
      `${CHANGED}:${errorLine(2)}`
    ])
    expect(stored.slice(0, 30).every((a) => a.path === CHANGED)).toBe(true)
    expect(new Set(stored.map((a) => a.path))).toEqual(new Set(FIXTURE_FILES))
    expect(stored.every((a) => a.annotation_level === 'failure')).toBe(true)
  })

  it('read the pull request files over 3 pages, after waiting out the rate limit', () => {
    const pages = of(step, 'pulls/list-files')
    expect(pages.map((r) => r.status)).toEqual([403, 200, 200, 200])
    expect(pages.slice(1).map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3'])
  })

  it('prints no located finding as a workflow command: none shows twice', () => {
    expect(located(step.commands)).toEqual([])
    expect(step.commands.filter((c) => c.command === 'warning')).toEqual([])
  })

  it('says in the summary where the annotations are and how many findings lie outside the diff', () => {
    expect(step.summary).toContain(
      '📌 120 findings are annotated on their lines in the [check run]('
    )
    expect(step.summary).toMatch(/90 of 120 findings lie outside the changes of pull request #7/)
    expect(step.summary).not.toMatch(/annotations? (was|were) not shown inline/)
    expect(step.summary.indexOf('#### On changed lines')).toBeLessThan(
      step.summary.indexOf('#### Elsewhere')
    )
  })

  it('creates one sticky comment that lists the changed lines first', () => {
    const comments = api.comments(OWNER, REPO, PULL)
    expect(comments).toHaveLength(1)
    const body = comments[0]?.body ?? ''
    expect(body.startsWith('<!-- go-ci-gate:comment gate/go-ci-gate -->')).toBe(true)
    // The top 10 are all in the changed file, its changed lines first; the rest are counted.
    const listed = [...body.matchAll(/\[`([^`]+)`\]/g)].map((m) => m[1])
    expect(listed).toHaveLength(10)
    expect(listed.slice(0, 2)).toEqual([`${CHANGED}:${errorLine(1)}`, `${CHANGED}:${errorLine(2)}`])
    expect(listed.every((place) => place?.startsWith(`${CHANGED}:`))).toBe(true)
    expect(body).toMatch(/and 110 more findings/)
    expect(of(step, 'issues/create-comment')).toHaveLength(1)
  })

  it('masks the token first and writes it nowhere else', () => {
    expect(step.commands[0]?.raw).toBe(`::add-mask::${TOKEN}`)
    expect(step.main.stdout.split('\n').filter((l) => l.includes(TOKEN))).toEqual([
      `::add-mask::${TOKEN}`
    ])
    expect(step.main.stderr).not.toContain(TOKEN)
    for (const file of Object.values(step.runner.files)) {
      if (file !== step.runner.files.event)
        expect(fs.readFileSync(file, 'utf8')).not.toContain(TOKEN)
    }
    expect(
      api
        .comments(OWNER, REPO, PULL)
        .map((c) => c.body)
        .join('')
    ).not.toContain(TOKEN)
  })
})

describe('a token without checks: write (a fork)', () => {
  let step: Step
  beforeAll(async () => {
    api.fail('checks/update', { status: 403 })
    step = await runAction({ comment: 'on-failure' }, api.addCheckRun(OWNER, REPO))
    api.clearFaults()
  })
  afterAll(() => step?.box.cleanup())

  it('says once which permission is missing, and still fails on the verdict', () => {
    expect(step.main.status).toBe(1)
    const warnings = step.commands.filter((c) => c.command === 'warning').map((c) => c.message)
    expect(warnings).toEqual([
      expect.stringMatching(
        /^go-ci-gate could not annotate the job's check run \(\d+\): GitHub answered 403 \(Resource not accessible by integration.*\); give the job `permissions: checks: write`/
      )
    ])
    expect(of(step, 'checks/update')).toHaveLength(1)
  })

  it('prints 10 error annotations instead, the changed lines first, at most 3 from one file', () => {
    const shown = located(step.commands)
    expect(shown).toHaveLength(10)
    expect(shown.every((c) => c.command === 'error')).toBe(true)
    expect(shown.slice(0, 2).map((c) => `${c.properties.file}:${c.properties.line}`)).toEqual([
      `${CHANGED}:${errorLine(1)}`,
      `${CHANGED}:${errorLine(2)}`
    ])
    const perFile = new Map<string, number>()
    for (const c of shown)
      perFile.set(c.properties.file ?? '', (perFile.get(c.properties.file ?? '') ?? 0) + 1)
    expect(new Set(perFile.keys())).toEqual(new Set(FIXTURE_FILES))
    expect(Math.max(...perFile.values())).toBeLessThanOrEqual(3)
    expect(step.summary).toMatch(/110 annotations were not shown inline/)
  })

  it('edits the sticky comment in place instead of adding a second one', () => {
    expect(api.comments(OWNER, REPO, PULL)).toHaveLength(1)
    expect(of(step, 'issues/update-comment').map((r) => r.status)).toEqual([200])
    expect(of(step, 'issues/create-comment')).toEqual([])
  })
})

describe('no job.check_run_id (an older GitHub Enterprise Server)', () => {
  let step: Step
  let head: string
  beforeAll(async () => {
    step = await runAction({ 'check-name': 'gate (linux)' }, undefined)
    const event = JSON.parse(fs.readFileSync(step.runner.files.event, 'utf8')) as {
      pull_request: { head: { sha: string } }
    }
    head = event.pull_request.head.sha
  })
  afterAll(() => step?.box.cleanup())

  it('creates a completed check run named by check-name on the head commit, then appends', () => {
    const [create, ...rest] = of(step, 'checks/create')
    expect(rest).toEqual([])
    expect(create?.body).toMatchObject({
      name: 'gate (linux)',
      head_sha: head,
      status: 'completed',
      conclusion: 'failure'
    })
    expect(annotationsSent(create as ApiRequest)).toHaveLength(50)
    expect(of(step, 'checks/update').map((r) => annotationsSent(r).length)).toEqual([50, 20])
    expect(api.violations).toEqual([])
    expect(located(step.commands)).toEqual([])
  })

  it('comments on nothing with the default comment: off', () => {
    expect(of(step, 'issues/list-comments')).toEqual([])
  })
})

describe('the command', () => {
  it('orders its annotations as the action does (--format github), with no API', async () => {
    const box = sandbox('checkrun-cli')
    try {
      const workspace = box.checkout('e2e-many', 'workspace')
      const run = await runNodeAsync(
        node24(),
        [
          distFile('cli'),
          '--format',
          'github',
          '--checks',
          'tests',
          '--race',
          'false',
          '--rerun-failed',
          '0',
          workspace
        ],
        {
          cwd: workspace,
          env: cleanEnv({ PATH: `${box.binDir}${path.delimiter}${process.env.PATH ?? ''}` })
        }
      )
      expect(run.status).toBe(1)
      const shown = located(parseWorkflowCommands(run.stdout))
      expect(shown).toHaveLength(10)
      const files = shown.map((c) => path.posix.basename(c.properties.file ?? ''))
      expect(new Set(files).size).toBe(4)
    } finally {
      box.cleanup()
    }
  })
})
