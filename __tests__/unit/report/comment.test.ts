// The sticky comment against a small HTTP server on 127.0.0.1 that answers the three issue-comment
// endpoints as GitHub does (shapes, pagination by Link header, error bodies), through the real
// githubClient: Octokit, its retry and throttling plugins, and its pagination.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  commentWarning,
  postStickyComment,
  pullRequestFromEnv,
  stickyCommentFromEnv,
  type StickyCommentRequest
} from '../../../src/report/comment.js'
import { commentMarker } from '../../../src/report/commentbody.js'
import { githubClient } from '../../../src/report/githubclient.js'
import { finding, report, result } from './fixtures.js'

const OWNER = 'octo-org'
const REPO = 'planted'
const PULL = 7
const MARKER = commentMarker('gate', 'go-ci-gate')
const BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
const PERSON = { login: 'mallory', id: 99, type: 'User' }

interface StoredComment {
  id: number
  body: string
  user: { login: string; id: number; type: string }
  author_association: string
}

interface Recorded {
  method: string
  path: string
  authorization: string | undefined
  body?: { body?: unknown }
}

interface Failure {
  /** Only for requests of this method; any request when unset. */
  method?: string
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** GitHub's issue comments for one pull request, kept in memory. */
class CommentsServer {
  readonly comments: StoredComment[] = []
  readonly requests: Recorded[] = []
  /** Answers for the next requests (of their method), in order, before any real handling. */
  readonly failures: Failure[] = []
  private nextId = 1000
  private server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
    req.on('end', () => this.handle(req, raw, res))
  })
  url = ''

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  add(body: string, user = BOT, association = 'NONE'): StoredComment {
    const comment = { id: this.nextId++, body, user, author_association: association }
    this.comments.push(comment)
    return comment
  }

  writes(): Recorded[] {
    return this.requests.filter((r) => r.method !== 'GET')
  }

  private shape(comment: StoredComment): object {
    const at = '2025-01-02T03:04:05Z'
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${this.url}/repos/${OWNER}/${REPO}/issues/comments/${comment.id}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${PULL}#issuecomment-${comment.id}`,
      issue_url: `${this.url}/repos/${OWNER}/${REPO}/issues/${PULL}`,
      body: comment.body,
      user: { ...comment.user, node_id: `U_${comment.user.id}`, site_admin: false },
      author_association: comment.author_association,
      created_at: at,
      updated_at: at
    }
  }

  private handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url)
    const body = raw === '' ? undefined : (JSON.parse(raw) as { body?: unknown })
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      authorization: req.headers.authorization,
      ...(body === undefined ? {} : { body })
    })
    const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(data))
    }
    const index = this.failures.findIndex((f) => f.method === undefined || f.method === req.method)
    const [failure] = index === -1 ? [] : this.failures.splice(index, 1)
    if (failure !== undefined) return send(failure.status, failure.body, failure.headers)

    const list = `/repos/${OWNER}/${REPO}/issues/${PULL}/comments`
    const one = new RegExp(`^/repos/${OWNER}/${REPO}/issues/comments/(\\d+)$`).exec(url.pathname)
    if (req.method === 'GET' && url.pathname === list) {
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100)
      const page = Number(url.searchParams.get('page') ?? 1)
      const pages = Math.max(1, Math.ceil(this.comments.length / perPage))
      const links: string[] = []
      const link = (p: number, rel: string): string =>
        `<${this.url}${list}?per_page=${perPage}&page=${p}>; rel="${rel}"`
      if (page < pages) links.push(link(page + 1, 'next'), link(pages, 'last'))
      const slice = this.comments.slice((page - 1) * perPage, page * perPage)
      return send(
        200,
        slice.map((c) => this.shape(c)),
        links.length > 0 ? { link: links.join(', ') } : {}
      )
    }
    if (req.method === 'POST' && url.pathname === list && typeof body?.body === 'string') {
      return send(201, this.shape(this.add(body.body)))
    }
    const existing = this.comments.find((c) => c.id === Number(one?.[1]))
    if (req.method === 'PATCH' && existing !== undefined && typeof body?.body === 'string') {
      existing.body = body.body
      return send(200, this.shape(existing))
    }
    send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
  }
}

let server: CommentsServer
beforeEach(async () => {
  server = new CommentsServer()
  await server.start()
})
afterEach(async () => {
  await server.stop()
})

const failing = report([result({ status: 'fail', findings: [finding()] })])
const passing = report([result()])

function request(overrides: Partial<StickyCommentRequest> = {}): StickyCommentRequest {
  return {
    client: githubClient('ghs_test', { baseUrl: server.url, retries: 0 }),
    repository: { owner: OWNER, repo: REPO },
    pullNumber: PULL,
    mode: 'always',
    report: failing,
    body: `${MARKER}\n\nnew body`,
    marker: MARKER,
    ...overrides
  }
}

const FORBIDDEN = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
  status: '403'
}

describe('postStickyComment: the modes', () => {
  it('off: asks GitHub nothing', async () => {
    const outcome = await postStickyComment(request({ mode: 'off' }))
    expect(outcome).toEqual({ action: 'skipped', reason: 'the comment input is off' })
    expect(server.requests).toEqual([])
  })

  it('always: creates the comment when the pull request has none', async () => {
    server.add('a review comment', PERSON)
    const outcome = await postStickyComment(request())
    const created = server.comments[1]
    expect(outcome).toEqual({
      action: 'created',
      url: `https://github.com/${OWNER}/${REPO}/pull/${PULL}#issuecomment-${created?.id}`
    })
    expect(server.writes()).toEqual([
      {
        method: 'POST',
        path: `/repos/${OWNER}/${REPO}/issues/${PULL}/comments`,
        authorization: 'token ghs_test',
        body: { body: `${MARKER}\n\nnew body` }
      }
    ])
  })

  it('always: edits the newest of its own comments, found across pages, a pass too', async () => {
    const older = server.add(`${MARKER}\n\nold body`)
    for (let i = 0; i < 150; i++) server.add(`comment ${i}`, PERSON)
    const newer = server.add(`${MARKER}\n\nnewer body`)
    for (let i = 0; i < 60; i++) server.add(`comment ${150 + i}`, PERSON)
    const outcome = await postStickyComment(request({ report: passing }))
    expect(outcome).toEqual({ action: 'updated', url: expect.stringContaining(`-${newer.id}`) })
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(3)
    expect(server.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: `/repos/${OWNER}/${REPO}/issues/comments/${newer.id}`,
        body: { body: `${MARKER}\n\nnew body` }
      })
    ])
    expect(older.body).toBe(`${MARKER}\n\nold body`)
  })

  it("leaves another job's comment and a marker planted by someone without write access", async () => {
    server.add(`${commentMarker('lint', 'go-ci-gate')}\n\nthe lint job's`)
    server.add(`${MARKER}\n\nplanted`, PERSON, 'CONTRIBUTOR')
    server.add(`quoting it: ${MARKER}`)
    const outcome = await postStickyComment(request())
    expect(outcome).toMatchObject({ action: 'created' })
    expect(server.writes().map((r) => r.method)).toEqual(['POST'])
    expect(server.comments.map((c) => c.body).slice(0, 3)).toEqual([
      `${commentMarker('lint', 'go-ci-gate')}\n\nthe lint job's`,
      `${MARKER}\n\nplanted`,
      `quoting it: ${MARKER}`
    ])
  })

  it('edits a comment made with a personal token of someone with write access', async () => {
    const own = server.add(
      `${MARKER}\n\nold`,
      { login: 'maintainer', id: 5, type: 'User' },
      'MEMBER'
    )
    const outcome = await postStickyComment(request())
    expect(outcome).toMatchObject({ action: 'updated' })
    expect(own.body).toBe(`${MARKER}\n\nnew body`)
  })

  it('on-failure: a pass edits the earlier comment', async () => {
    const earlier = server.add(`${MARKER}\n\nfails`)
    const outcome = await postStickyComment(
      request({ mode: 'on-failure', report: passing, body: `${MARKER}\n\npasses now` })
    )
    expect(outcome).toMatchObject({ action: 'updated' })
    expect(earlier.body).toBe(`${MARKER}\n\npasses now`)
    expect(server.comments).toHaveLength(1)
  })

  it('on-failure: a pass with no earlier comment makes none', async () => {
    const outcome = await postStickyComment(request({ mode: 'on-failure', report: passing }))
    expect(outcome).toEqual({
      action: 'skipped',
      reason: 'the gate passes and the pull request has no earlier comment of this job to edit'
    })
    expect(server.writes()).toEqual([])
  })
})

describe('postStickyComment: when GitHub says no', () => {
  const permission =
    'give the job `permissions: pull-requests: write` ' +
    '(a pull request from a fork gets a read-only token whatever the workflow asks)'

  it('403: one warning naming the permission', async () => {
    server.failures.push({ status: 403, body: FORBIDDEN })
    const outcome = await postStickyComment(request())
    expect(outcome).toEqual({
      warning:
        'could not comment on the pull request: GitHub answered 403 ' +
        `(Resource not accessible by integration); ${permission}`
    })
    expect(server.requests).toHaveLength(1)
  })

  it('403 on the edit after a readable list: the same warning', async () => {
    server.add(`${MARKER}\n\nold`)
    server.failures.push({ method: 'PATCH', status: 403, body: FORBIDDEN })
    const outcome = await postStickyComment(request())
    expect(outcome).toEqual({ warning: expect.stringContaining(`403 (Resource not accessible`) })
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PATCH'])
  })

  it('404 (a private repository the token cannot see): the permission too', async () => {
    server.failures.push({ status: 404, body: { message: 'Not Found' } })
    const outcome = await postStickyComment(request())
    expect(outcome).toEqual({
      warning: `could not comment on the pull request: GitHub answered 404 (Not Found); ${permission}`
    })
  })

  it('a spent rate limit: says so, and does not wait an hour for it', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    server.failures.push({
      status: 403,
      body: { message: 'API rate limit exceeded for installation ID 1.' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }
    })
    const outcome = await postStickyComment(request())
    expect(outcome).toEqual({
      warning:
        'could not comment on the pull request: GitHub answered 403 (API rate limit ' +
        "exceeded for installation ID 1.); the token's API rate limit is spent, the next run comments again"
    })
  })

  it('a 5xx is retried by the client, and a later success counts', async () => {
    const own = server.add(`${MARKER}\n\nold`)
    server.failures.push({ status: 502, body: { message: 'Bad Gateway' } })
    const client = githubClient('ghs_test', { baseUrl: server.url, retries: 1 })
    const outcome = await postStickyComment(request({ client }))
    expect(outcome).toMatchObject({ action: 'updated' })
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PATCH'])
    expect(own.body).toBe(`${MARKER}\n\nnew body`)
  })

  it('a 5xx after the retries: a warning with what GitHub said', async () => {
    server.failures.push({ status: 500, body: { message: 'Server Error' } })
    const outcome = await postStickyComment(request())
    expect(outcome).toEqual({
      warning: 'could not comment on the pull request: GitHub answered 500 (Server Error)'
    })
  })

  it('no answer at all: a warning that GitHub could not be reached', async () => {
    const closed = new CommentsServer()
    await closed.start()
    await closed.stop()
    const client = githubClient('ghs_test', { baseUrl: closed.url, retries: 0 })
    const outcome = await postStickyComment(request({ client }))
    expect(outcome).toEqual({
      warning: expect.stringMatching(
        /^could not comment on the pull request: GitHub could not be reached \(.*ECONNREFUSED.*\)$/
      )
    })
  })

  it('commentWarning keeps to one line however GitHub answers', () => {
    const error = Object.assign(new Error(`bad\nthing ${'x'.repeat(500)}`), {
      status: 422,
      response: {}
    })
    const warning = commentWarning(error)
    expect(warning).not.toContain('\n')
    expect(warning.length).toBeLessThan(400)
  })
})

describe('pullRequestFromEnv', () => {
  const payload = (text: string) => (file: string) => {
    if (file !== '/event.json') throw new Error(`ENOENT: no such file, open '${file}'`)
    return text
  }

  it('reads the number of a pull_request or pull_request_target event', () => {
    const read = payload(JSON.stringify({ pull_request: { number: 12 } }))
    const env = { GITHUB_EVENT_PATH: '/event.json' }
    expect(pullRequestFromEnv({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, read)).toEqual({
      number: 12
    })
    expect(pullRequestFromEnv({ ...env, GITHUB_EVENT_NAME: 'pull_request_target' }, read)).toEqual({
      number: 12
    })
  })

  it('skips other events with the reason', () => {
    expect(pullRequestFromEnv({ GITHUB_EVENT_NAME: 'push' })).toEqual({
      skip: 'no pull request comment: the run is a push event, not pull_request or pull_request_target'
    })
    expect(pullRequestFromEnv({})).toEqual({
      skip: 'no pull request comment: the run is not from an event, not pull_request or pull_request_target'
    })
  })

  it('warns when a pull request event has no readable number', () => {
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/event.json' }
    expect(pullRequestFromEnv(env, payload('{"pull_request":{}}'))).toEqual({
      warning:
        'could not comment on the pull request: the pull_request event payload names no pull request number'
    })
    expect(pullRequestFromEnv({ ...env, GITHUB_EVENT_PATH: '/gone.json' }, payload(''))).toEqual({
      warning: expect.stringContaining(
        'the event could not be read: its payload (GITHUB_EVENT_PATH) is unreadable (ENOENT'
      )
    })
  })
})

describe('stickyCommentFromEnv: from the runner environment to the comment', () => {
  const HEAD = 'c'.repeat(40)
  const events: Record<string, string> = {
    '/event.json': JSON.stringify({ pull_request: { number: PULL, head: { sha: HEAD } } })
  }
  const readFile = (file: string): string => {
    const text = events[file]
    if (text === undefined) throw new Error(`ENOENT: ${file}`)
    return text
  }
  const env = (): NodeJS.ProcessEnv => ({
    GITHUB_API_URL: server.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: '/event.json',
    GITHUB_SHA: 'd'.repeat(40),
    GITHUB_JOB: 'gate',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '2'
  })
  const located = report([
    result({
      status: 'fail',
      findings: [finding({ file: 'go.mod', line: 3, title: 'go.sum is missing' })]
    })
  ])

  it('on-failure: comments on a failure, then edits the same comment to say it passes now', async () => {
    const run = {
      mode: 'on-failure' as const,
      checkName: 'go-ci-gate',
      token: 'ghs_test',
      readFile,
      retries: 0
    }
    const first = await stickyCommentFromEnv({ ...run, report: located, env: env() })
    expect(first).toMatchObject({ action: 'created' })
    const body = server.comments[0]?.body ?? ''
    expect(body.split('\n')[0]).toBe(MARKER)
    expect(body).toContain(
      `[\`go.mod:3\`](https://github.com/${OWNER}/${REPO}/blob/${HEAD}/go.mod#L3)`
    )
    expect(body).toContain(`(https://github.com/${OWNER}/${REPO}/actions/runs/42/attempts/2)`)

    const second = await stickyCommentFromEnv({ ...run, report: passing, env: env() })
    expect(second).toMatchObject({ action: 'updated' })
    expect(server.comments).toHaveLength(1)
    expect(server.comments[0]?.body).toContain('### ✅ go-ci-gate passes now (commit `ccccccc`)')
    expect(server.requests.every((r) => r.authorization === 'token ghs_test')).toBe(true)
  })

  it('skips a push without asking GitHub, and warns without a token', async () => {
    const run = { mode: 'always' as const, checkName: 'go-ci-gate', report: located, readFile }
    const push = await stickyCommentFromEnv({
      ...run,
      token: 'ghs_test',
      env: { ...env(), GITHUB_EVENT_NAME: 'push' }
    })
    expect(push).toMatchObject({ action: 'skipped' })
    const tokenless = await stickyCommentFromEnv({ ...run, token: '', env: env() })
    expect(tokenless).toEqual({
      warning: 'could not comment on the pull request: the github-token input is empty'
    })
    expect(server.requests).toEqual([])
  })
})
