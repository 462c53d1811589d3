// A local stand-in for GitHub's REST API on 127.0.0.1, for tests: point GITHUB_API_URL (or
// githubClient's baseUrl) at `url`. It serves the operations the reporters use (checks/create,
// checks/update, checks/list-annotations, pulls/list-files, issues/list-comments,
// issues/create-comment, issues/update-comment) from memory (githubapistore.ts), checks every
// request and every answer against GitHub's OpenAPI description (githubapischema.ts), and
// answers the faults a test scripts (githubapifaults.ts). Node built-ins plus ajv.
// What GitHub does that it copies:
// - a request GitHub's schema refuses gets 422 `{"message":"Invalid request.\n\n<problem>",
//   "documentation_url":...}`; an unparseable body 400 `Problems parsing JSON`; no token 401
//   `Requires authentication`, another token 401 `Bad credentials`; an unknown path, or a method
//   the path does not take, 404 `Not Found` (GitHub answers 404, not 405). Each of these is also
//   recorded in `violations`: the code under test sent what GitHub would refuse;
// - every answer carries x-ratelimit-limit/-remaining/-reset/-used/-resource (core), counting
//   down from `rateLimit` (default 5000) per request;
// - Link headers name this server's own path (GitHub's name /repositories/<id>/...; Octokit
//   follows either).
// An answer the stand-in builds that the schema refuses (or a crash) is a bug of the stand-in: it
// is recorded as a `response` violation, printed, and answered 500 so no test can pass over it.
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  Faults,
  faultAnswer,
  type FailFault,
  type RateLimitFault,
  type SecondaryRateLimitFault
} from './githubapifaults.js'
import { githubOperations, type Operation, type OperationId } from './githubapischema.js'
import {
  githubTime,
  type CheckRun,
  type IssueComment,
  type PullFile,
  type StoredAnnotation
} from './githubapishapes.js'
import { GitHubStore, githubError, type Answer } from './githubapistore.js'

export type { FailFault, RateLimitFault, SecondaryRateLimitFault } from './githubapifaults.js'
export type { OperationId } from './githubapischema.js'
export type {
  CheckRun,
  DiffStatus,
  IssueComment,
  PullFile,
  StoredAnnotation
} from './githubapishapes.js'

export interface GitHubApiOptions {
  /** The token every request must carry (`Authorization: token …` or `Bearer …`); any when unset. */
  token?: string
  /** The web host in html_url and blob_href; default https://github.com. */
  serverUrl?: string
  /** x-ratelimit-limit; default 5000 (an installation token's hourly limit). */
  rateLimit?: number
}

export interface ApiRequest {
  /** Milliseconds since the stand-in started. */
  at: number
  method: string
  /** The path without the query. */
  path: string
  operationId?: OperationId
  query: Record<string, string>
  headers: {
    authorization?: string
    accept?: string
    'content-type'?: string
    'user-agent'?: string
    'x-github-api-version'?: string
  }
  /** The JSON body as parsed, or the raw text when it does not parse; undefined when empty. */
  body?: unknown
  status: number
  fault?: 'fail' | 'rate-limit' | 'secondary-rate-limit'
}

export interface Violation {
  /** request: GitHub would refuse it; auth: no or another token; route: GitHub has no such
   * operation (or the stand-in does not serve it); response: the stand-in broke the schema. */
  kind: 'request' | 'auth' | 'route' | 'response'
  method: string
  path: string
  operationId?: OperationId
  status: number
  problems: string[]
}

export interface GitHubApi {
  /** The API root, without a trailing slash: GITHUB_API_URL. */
  url: string
  env: { GITHUB_API_URL: string }
  readonly requests: ReadonlyArray<ApiRequest>
  readonly violations: ReadonlyArray<Violation>
  /** The files pulls/list-files answers for the pull request (the pull request then exists). */
  setPullFiles(owner: string, repo: string, pullNumber: number, files: PullFile[]): void
  /** A check run that exists before the code runs (the job's own, as Actions creates it). */
  addCheckRun(owner: string, repo: string, init?: { name?: string; headSha?: string }): number
  checkRun(id: number): CheckRun | undefined
  annotations(checkRunId: number): StoredAnnotation[]
  /** A comment already on the issue or pull request (an earlier run's), as the bot wrote it. */
  addComment(owner: string, repo: string, issueNumber: number, body: string): number
  comments(owner: string, repo: string, issueNumber: number): IssueComment[]
  fail(operationId: OperationId, fault: FailFault): void
  rateLimit(operationId: OperationId, fault?: RateLimitFault): void
  rateLimitOnce(operationId: OperationId): void
  secondaryRateLimit(operationId: OperationId, fault?: SecondaryRateLimitFault): void
  clearFaults(): void
  close(): Promise<void>
}

const GENERIC_DOCS = 'https://docs.github.com/rest'

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const operations = githubOperations()
  const started = Date.now()
  const requests: ApiRequest[] = []
  const violations: Violation[] = []
  const faults = new Faults()
  const limit = options.rateLimit ?? 5000
  let used = 0
  const resetAt = Math.floor(Date.now() / 1000) + 3600

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', api.url)
      const text = Buffer.concat(chunks).toString('utf8')
      const entry: ApiRequest = {
        at: Date.now() - started,
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: pickHeaders(req.headers),
        body: text === '' ? undefined : parseJson(text).value,
        status: 0
      }
      requests.push(entry)
      let answered: { answer: Answer; operation?: Operation }
      try {
        answered = respond(entry, url, text, req.headers.authorization)
      } catch (error) {
        // A crash of the stand-in is its bug: recorded and printed like a broken answer.
        const problem = `stand-in crashed: ${(error as Error).stack ?? String(error)}`
        violations.push(violationOf(entry, 'response', 500, [problem]))
        console.error(`GitHub API stand-in: ${problem}`)
        answered = { answer: githubError('stand-in crashed', GENERIC_DOCS, 500) }
      }
      send(res, entry, answered.operation, answered.answer)
    })
  })

  function respond(
    entry: ApiRequest,
    url: URL,
    text: string,
    authorization: string | undefined
  ): { answer: Answer; operation?: Operation } {
    const refuse = (kind: Violation['kind'], answer: Answer, problems: string[]) => {
      violations.push(violationOf(entry, kind, answer.status, problems))
      return answer
    }
    const matched = operations.map((o) => ({ o, raw: o.match(url.pathname) }))
    const hit = matched.find((m) => m.raw !== undefined && m.o.method === entry.method)
    if (hit === undefined || hit.raw === undefined) {
      const answer = githubError('Not Found', GENERIC_DOCS, 404)
      return { answer: refuse('route', answer, [`no operation ${entry.method} ${url.pathname}`]) }
    }
    const { o: operation, raw } = hit
    entry.operationId = operation.id
    const given = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1]
    if (given === undefined || (options.token !== undefined && given !== options.token)) {
      const message = given === undefined ? 'Requires authentication' : 'Bad credentials'
      const answer = githubError(message, GENERIC_DOCS, 401)
      return { operation, answer: refuse('auth', answer, [`Authorization: ${message}`]) }
    }
    const fault = faults.take(operation.id)
    if (fault !== undefined) {
      entry.fault = fault.type
      return { operation, answer: faultAnswer(fault, operation, limit) }
    }
    const invalid = (problems: string[]) =>
      githubError(`Invalid request.\n\n${problems.join('\n')}`, operation.docsUrl, 422)
    const parsed = text === '' ? { value: undefined } : parseJson(text)
    if (parsed.error !== undefined) {
      const answer = githubError('Problems parsing JSON', operation.docsUrl, 400)
      return { operation, answer: refuse('request', answer, [parsed.error]) }
    }
    const path = operation.pathParams(raw)
    if ('problem' in path) {
      const answer = githubError('Not Found', operation.docsUrl, 404)
      return { operation, answer: refuse('request', answer, [path.problem]) }
    }
    const query = operation.queryParams(url.searchParams)
    if ('problem' in query) {
      return { operation, answer: refuse('request', invalid([query.problem]), [query.problem]) }
    }
    if (operation.method !== 'GET') {
      // GitHub's words for a missing body, as quoted in github/maven-plugins#137.
      const problems =
        parsed.value === undefined
          ? ["For 'links/0/schema', nil is not an object."]
          : operation.bodyProblems(parsed.value)
      if (problems.length > 0) {
        return { operation, answer: refuse('request', invalid(problems), problems) }
      }
    }
    const body = (parsed.value ?? {}) as Record<string, unknown>
    const answer = store.handle(
      operation.id,
      path.params,
      query.params,
      body,
      url,
      operation.docsUrl
    )
    if (answer.status === 422) refuse('request', answer, [JSON.stringify(answer.body)])
    return { operation, answer }
  }

  function send(res: http.ServerResponse, entry: ApiRequest, op: Operation | undefined, a: Answer) {
    let answer = a
    const problems = op?.responseProblems(answer.status, answer.body) ?? []
    if (problems.length > 0) {
      const violation = violationOf(entry, 'response', answer.status, problems)
      violations.push(violation)
      console.error(`GitHub API stand-in broke GitHub's schema: ${JSON.stringify(violation)}`)
      answer = githubError(
        `stand-in answer breaks the schema: ${problems.join('; ')}`,
        GENERIC_DOCS,
        500
      )
    }
    used += 1
    const payload = JSON.stringify(answer.body)
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': crypto.randomBytes(8).toString('hex').toUpperCase(),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - used)),
      'x-ratelimit-reset': String(resetAt),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
      ...answer.headers
    })
    entry.status = answer.status
    res.end(payload)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const web = (options.serverUrl ?? 'https://github.com').replace(/\/+$/, '')
  const store = new GitHubStore({ api: url, server: web })
  const api: GitHubApi = {
    url,
    env: { GITHUB_API_URL: url },
    requests,
    violations,
    setPullFiles: (owner, repo, pullNumber, files) =>
      void store.pullFiles.set(`${owner}/${repo}#${pullNumber}`, files),
    addCheckRun: (owner, repo, init = {}) =>
      store.createRun(owner, repo, init.name ?? 'gate', init.headSha ?? 'a'.repeat(40)).id,
    checkRun: (id) => store.checkRuns.get(id),
    annotations: (id) => store.checkRuns.get(id)?.annotations ?? [],
    addComment(owner, repo, issueNumber, body) {
      const [id, at] = [store.newId(), githubTime()]
      store.comments.set(id, { id, owner, repo, issueNumber, body, createdAt: at, updatedAt: at })
      return id
    },
    comments: (owner, repo, issueNumber) =>
      [...store.comments.values()].filter(
        (c) => c.owner === owner && c.repo === repo && c.issueNumber === issueNumber
      ),
    fail: (id, fault) => faults.fail(id, fault),
    rateLimit: (id, fault) => faults.rateLimit(id, fault),
    rateLimitOnce: (id) => faults.rateLimit(id),
    secondaryRateLimit: (id, fault) => faults.secondaryRateLimit(id, fault),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
  return api
}

function violationOf(
  entry: ApiRequest,
  kind: Violation['kind'],
  status: number,
  problems: string[]
): Violation {
  const { method, path, operationId } = entry
  return { kind, method, path, operationId, status, problems }
}

function pickHeaders(headers: http.IncomingHttpHeaders): ApiRequest['headers'] {
  const keys = ['authorization', 'accept', 'content-type', 'user-agent', 'x-github-api-version']
  return Object.fromEntries(
    keys.flatMap((k) => (typeof headers[k] === 'string' ? [[k, headers[k]]] : []))
  ) as ApiRequest['headers']
}

function parseJson(text: string): { value: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch (error) {
    return { value: text, error: `body is not JSON: ${(error as Error).message}` }
  }
}
