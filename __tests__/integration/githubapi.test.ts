// The GitHub API stand-in (__tests__/helpers/githubapi.ts) driven by the reporters' own client:
// githubClient from src/report/githubclient.ts, the toolkit's Octokit with the retry and
// throttling plugins, so what passes here is what the action's code meets.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { githubClient, type GitHubClient } from '../../src/report/githubclient.js'
import { startGitHubApi, type GitHubApi, type PullFile } from '../helpers/githubapi.js'
import { githubOperations } from '../helpers/githubapischema.js'

// The throttling plugin spaces writes 1 s apart (comments 3 s); retries wait 1 s.
jest.setTimeout(60_000)

const TOKEN = 'ghs_standintoken'
const owner = 'octo-org'
const repo = 'hello-go'
let api: GitHubApi
let octokit: GitHubClient

beforeAll(async () => {
  api = await startGitHubApi({ token: TOKEN })
  octokit = githubClient(TOKEN, { baseUrl: api.url })
})
afterAll(async () => api.close())
afterEach(() => api.clearFaults())

function annotation(i: number, level: 'notice' | 'warning' | 'failure' = 'failure') {
  return {
    path: `pkg/file${i}.go`,
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: level,
    message: `finding ${i}`
  }
}

/** Requests and violations made by one test body. */
async function during<T>(run: () => Promise<T>) {
  const [r0, v0] = [api.requests.length, api.violations.length]
  const outcome = await run().then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error: error as Error & { status?: number } })
  )
  return { ...outcome, requests: api.requests.slice(r0), violations: api.violations.slice(v0) }
}

describe('check runs', () => {
  it('appends annotations across updates of at most 50, as GitHub does', async () => {
    const id = api.addCheckRun(owner, repo, {
      name: 'go-ci-gate',
      headSha: 'c0ffee'.padEnd(40, '0')
    })
    const batches = [50, 50, 20]
    let first = 0
    const { error, requests, violations } = await during(async () => {
      const counts: number[] = []
      for (const size of batches) {
        const annotations = Array.from({ length: size }, (_, k) => annotation(first + k))
        first += size
        const { data } = await octokit.rest.checks.update({
          owner,
          repo,
          check_run_id: id,
          output: { title: 'go-ci-gate', summary: `batch of ${size}`, annotations }
        })
        counts.push(data.output.annotations_count)
      }
      expect(counts).toEqual([50, 100, 120])
    })
    expect(error).toBeUndefined()
    expect(violations).toEqual([])
    expect(requests.map((r) => [r.method, r.operationId, r.status])).toEqual([
      ['PATCH', 'checks/update', 200],
      ['PATCH', 'checks/update', 200],
      ['PATCH', 'checks/update', 200]
    ])
    const sent = requests.map((r) => (r.body as { output: { annotations: unknown[] } }).output)
    expect(sent.map((o) => o.annotations.length)).toEqual(batches)
    expect(requests[0]?.headers.authorization).toBe(`token ${TOKEN}`)
    const run = api.checkRun(id)
    expect(run?.output.summary).toBe('batch of 20')
    expect(run?.annotations).toHaveLength(120)
    expect(run?.annotations[119]).toEqual({
      path: 'pkg/file119.go',
      blob_href: `https://github.com/${owner}/${repo}/blob/${'c0ffee'.padEnd(40, '0')}/pkg/file119.go`,
      start_line: 120,
      end_line: 120,
      start_column: null,
      end_column: null,
      annotation_level: 'failure',
      title: null,
      message: 'finding 119',
      raw_details: null
    })
    // Read back through the API, 100 a page.
    const listed = await octokit.paginate(octokit.rest.checks.listAnnotations, {
      owner,
      repo,
      check_run_id: id,
      per_page: 100
    })
    expect(listed.map((a) => a.message)).toEqual(run?.annotations.map((a) => a.message))
  })

  it('refuses 51 annotations in one request with GitHub 422 and stores none', async () => {
    const id = api.addCheckRun(owner, repo)
    const annotations = Array.from({ length: 51 }, (_, k) => annotation(k))
    const { error, requests, violations } = await during(() =>
      octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: id,
        output: { title: 't', summary: 's', annotations }
      })
    )
    expect(error?.constructor.name).toBe('RequestError')
    expect(error?.status).toBe(422)
    expect((error as unknown as { response: { data: unknown } }).response.data).toEqual({
      message: 'Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.',
      documentation_url: 'https://docs.github.com/rest/checks/runs#update-a-check-run',
      status: '422'
    })
    expect(requests.map((r) => r.status)).toEqual([422])
    expect(api.annotations(id)).toEqual([])
    // Recorded as a request GitHub refuses; the stand-in's own 422 passed the response schema.
    expect(violations.map((v) => [v.kind, v.status, v.problems])).toEqual([
      ['request', 422, ['No more than 50 items are allowed; 51 were supplied.']]
    ])
  })

  it('refuses a wrong annotation_level and records the violation', async () => {
    const id = api.addCheckRun(owner, repo)
    const { error, violations } = await during(() =>
      octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: id,
        output: {
          title: 't',
          summary: 's',
          annotations: [{ ...annotation(1), annotation_level: 'error' as 'failure' }]
        }
      })
    )
    expect(error?.status).toBe(422)
    const problem = `For 'properties/annotation_level', "error" is not a member of ["notice", "warning", "failure"].`
    expect(error?.message).toContain(problem)
    expect(violations).toEqual([
      {
        kind: 'request',
        method: 'PATCH',
        path: `/repos/${owner}/${repo}/check-runs/${id}`,
        operationId: 'checks/update',
        status: 422,
        problems: [problem]
      }
    ])
  })

  it("enforces GitHub's rules beyond the schema: columns, summary bytes, conclusion, title", async () => {
    const id = api.addCheckRun(owner, repo)
    // Bodies the client's types would refuse: sent as plain parameters.
    const update = (output: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      during(() =>
        octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}' as string, {
          owner,
          repo,
          check_run_id: id,
          output,
          ...extra
        })
      )
    const columns = await update({
      title: 't',
      summary: 's',
      annotations: [{ ...annotation(1), end_line: 5, start_column: 3, end_column: 9 }]
    })
    expect(columns.requests[0]?.status).toBe(422)
    expect((columns.error as unknown as { response: { data: unknown } }).response.data).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'CheckRun', code: 'invalid', field: 'annotations' }],
      documentation_url: 'https://docs.github.com/rest/checks/runs#update-a-check-run',
      status: '422'
    })
    // 40000 two-byte characters: within the schema's 65535 characters, over GitHub's bytes.
    const bytes = await update({ title: 't', summary: 'é'.repeat(40_000) })
    expect(bytes.error?.message).toContain('summary exceeds a maximum bytesize of 65535')
    const completed = await update({ title: 't', summary: 's' }, { status: 'completed' })
    expect(completed.error?.message).toContain(`"conclusion" wasn't supplied.`)
    const untitled = await update({ summary: 's' })
    expect(untitled.error?.message).toContain(`"title" wasn't supplied.`)
    expect(api.checkRun(id)?.output.summary).toBeNull()
    expect([columns, bytes, completed, untitled].map((c) => c.violations.length)).toEqual([
      1, 1, 1, 1
    ])
  })

  it('creates a check run and completes it with a conclusion', async () => {
    const { value } = await during(() =>
      octokit.rest.checks.create({
        owner,
        repo,
        name: 'go-ci-gate',
        head_sha: 'b'.repeat(40),
        conclusion: 'failure',
        output: { title: 'gate', summary: '2 findings', annotations: [annotation(3, 'warning')] }
      })
    )
    expect(value?.status).toBe(201)
    expect(value?.data).toMatchObject({ status: 'completed', conclusion: 'failure' })
    const run = api.checkRun(value?.data.id ?? 0)
    expect(run?.annotations.map((a) => a.annotation_level)).toEqual(['warning'])
  })
})

describe('faults', () => {
  it('answers a scripted 403 like a read-only token, and Octokit does not retry it', async () => {
    const id = api.addCheckRun(owner, repo)
    api.fail('checks/update', { status: 403, times: 1 })
    const refused = await during(() =>
      octokit.rest.checks.update({ owner, repo, check_run_id: id, status: 'in_progress' })
    )
    expect(refused.error?.constructor.name).toBe('RequestError')
    expect(refused.error?.status).toBe(403)
    expect(refused.error?.message).toContain('Resource not accessible by integration')
    expect(refused.requests.map((r) => [r.status, r.fault])).toEqual([[403, 'fail']])
    const again = await during(() =>
      octokit.rest.checks.update({ owner, repo, check_run_id: id, status: 'in_progress' })
    )
    expect(again.requests.map((r) => r.status)).toEqual([200])
    expect(api.checkRun(id)?.status).toBe('in_progress')
  })

  it('answers 500 once; the retry plugin tries again and succeeds', async () => {
    api.setPullFiles(owner, repo, 7, [{ filename: 'go.mod', additions: 1, deletions: 1 }])
    api.fail('pulls/list-files', { status: 500, times: 1 })
    const { value, requests } = await during(() =>
      octokit.rest.pulls.listFiles({ owner, repo, pull_number: 7 })
    )
    expect(requests.map((r) => r.status)).toEqual([500, 200])
    expect(value?.data.map((f) => [f.filename, f.changes])).toEqual([['go.mod', 2]])
  })

  it('answers a primary rate limit once; the throttling plugin waits for the reset', async () => {
    api.setPullFiles(owner, repo, 8, [{ filename: 'main.go', status: 'added' }])
    api.rateLimitOnce('pulls/list-files')
    const { value, requests } = await during(() =>
      octokit.rest.pulls.listFiles({ owner, repo, pull_number: 8 })
    )
    expect(requests.map((r) => [r.status, r.fault])).toEqual([
      [403, 'rate-limit'],
      [200, undefined]
    ])
    expect(value?.data.map((f) => f.status)).toEqual(['added'])
    expect(value?.headers['x-ratelimit-resource']).toBe('core')
    expect(Number(value?.headers['x-ratelimit-remaining'])).toBeGreaterThan(0)
  })

  it('answers a secondary rate limit once; the throttling plugin waits retry-after', async () => {
    api.setPullFiles(owner, repo, 10, [{ filename: 'go.sum', status: 'removed', deletions: 4 }])
    api.secondaryRateLimit('pulls/list-files', { retryAfter: 1 })
    const { value, requests } = await during(() =>
      octokit.rest.pulls.listFiles({ owner, repo, pull_number: 10 })
    )
    expect(requests.map((r) => [r.status, r.fault])).toEqual([
      [403, 'secondary-rate-limit'],
      [200, undefined]
    ])
    expect(value?.data.map((f) => [f.status, f.deletions, f.changes])).toEqual([['removed', 4, 4]])
  })

  it('answers 404 for an unknown check run and for a path GitHub does not have', async () => {
    const unknown = await during(() =>
      octokit.rest.checks.update({ owner, repo, check_run_id: 1, status: 'in_progress' })
    )
    expect(unknown.error?.status).toBe(404)
    expect(unknown.violations).toEqual([])
    const noRoute = await during(() =>
      octokit.request('GET /repos/{owner}/{repo}/nothing', { owner, repo })
    )
    expect(noRoute.error?.status).toBe(404)
    expect(noRoute.violations.map((v) => v.kind)).toEqual(['route'])
    const anonymous = await fetch(`${api.url}/repos/${owner}/${repo}/pulls/7/files`)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toMatchObject({ message: 'Requires authentication' })
    const stranger = await fetch(`${api.url}/repos/${owner}/${repo}/pulls/7/files`, {
      headers: { authorization: 'token ghs_someoneelse' }
    })
    expect(stranger.status).toBe(401)
    expect(await stranger.json()).toMatchObject({ message: 'Bad credentials' })
    expect(api.violations.slice(-2).map((v) => v.kind)).toEqual(['auth', 'auth'])
  })
})

describe('githubClient with `retries` set', () => {
  // Under `retry: { retries }`: as `request.retries` the plugin would retry every error, 403 and
  // 422 too (octokit/plugin-retry.js#576), and replace the toolkit's proxy-aware fetch.
  it('does not send a refused request twice, and still retries a 502', async () => {
    const client = githubClient(TOKEN, { baseUrl: api.url, retries: 1 })
    const id = api.addCheckRun(owner, repo)
    api.fail('checks/update', { status: 403, times: 1 })
    const refused = await during(() =>
      client.rest.checks.update({ owner, repo, check_run_id: id, status: 'in_progress' })
    )
    expect(refused.error?.status).toBe(403)
    expect(refused.requests.map((r) => r.status)).toEqual([403])

    api.fail('checks/update', { status: 502, times: 1 })
    const retried = await during(() =>
      client.rest.checks.update({ owner, repo, check_run_id: id, status: 'in_progress' })
    )
    expect(retried.error).toBeUndefined()
    expect(retried.requests.map((r) => r.status)).toEqual([502, 200])
  })
})

describe('lists', () => {
  it('pages 250 pull request files over 3 requests with a Link header Octokit follows', async () => {
    const files: PullFile[] = Array.from({ length: 250 }, (_, i) => ({
      filename: `pkg/f${String(i).padStart(3, '0')}.go`,
      patch: '@@ -1 +1,2 @@\n-a\n+b\n+c'
    }))
    api.setPullFiles(owner, repo, 42, files)
    const { value, requests, violations } = await during(() =>
      octokit.paginate(octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: 42,
        per_page: 100
      })
    )
    expect(violations).toEqual([])
    expect(requests.map((r) => r.query)).toEqual([
      { per_page: '100' },
      { per_page: '100', page: '2' },
      { per_page: '100', page: '3' }
    ])
    expect(value?.map((f) => f.filename)).toEqual(files.map((f) => f.filename))
    expect(value?.[0]).toMatchObject({ additions: 2, deletions: 1, changes: 3, status: 'modified' })
    const middle = await octokit.rest.pulls.listFiles({
      owner,
      repo,
      pull_number: 42,
      per_page: 100,
      page: 2
    })
    const link = `${api.url}/repos/${owner}/${repo}/pulls/42/files?per_page=100&page=`
    expect(middle.headers.link).toBe(
      `<${link}1>; rel="prev", <${link}3>; rel="next", <${link}3>; rel="last", <${link}1>; rel="first"`
    )
  })

  it('creates, lists and edits a pull request comment', async () => {
    api.setPullFiles(owner, repo, 9, [])
    const older = api.addComment(owner, repo, 9, 'an earlier run')
    const created = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: 9,
      body: 'first'
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      body: 'first',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: `https://github.com/${owner}/${repo}/pull/9#issuecomment-${created.data.id}`
    })
    expect(created.headers.location).toBe(created.data.url)
    const listed = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: 9
    })
    expect(listed.map((c) => [c.id, c.body])).toEqual([
      [older, 'an earlier run'],
      [created.data.id, 'first']
    ])
    const edited = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: older,
      body: 'edited'
    })
    expect(edited.data.body).toBe('edited')
    expect(api.comments(owner, repo, 9).map((c) => c.body)).toEqual(['edited', 'first'])
    const post = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments' as string
    const misspelt = await during(() =>
      octokit.request(post, { owner, repo, issue_number: 9, bdy: 'typo' })
    )
    expect(misspelt.error?.message).toContain(`"body" wasn't supplied.`)
    // Octokit sends no body at all when there is no body parameter.
    const empty = await during(() => octokit.request(post, { owner, repo, issue_number: 9 }))
    expect(empty.error?.message).toContain(`For 'links/0/schema', nil is not an object.`)
    expect([...misspelt.violations, ...empty.violations].map((v) => v.status)).toEqual([422, 422])
    expect(api.comments(owner, repo, 9)).toHaveLength(2)
  })
})

describe("the stand-in's answers", () => {
  it("are checked against GitHub's response schemas, which refuse a wrong one", () => {
    const update = githubOperations().find((o) => o.id === 'checks/update')
    expect(update?.responseProblems(200, { id: 'one' })).toEqual(
      expect.arrayContaining(["/: must have required property 'node_id'", '/id: must be integer'])
    )
    expect(api.violations.filter((v) => v.kind === 'response')).toEqual([])
  })
})
