// The GitHub API stand-in's memory (check runs with their annotations, pull request files, issue
// comments) and the answer each served operation gives to a request the schema accepts (shapes
// in githubapishapes.ts; the server checks every answer). What GitHub does that this copies:
// - an update appends `output.annotations` to the run's list and replaces title/summary/text;
//   `conclusion` sets `status: completed`; the answer counts the annotations so far;
// - at most 50 annotations a request (the schema's maxItems); columns only when an annotation
//   starts and ends on one line, lines and columns from 1, ends not before starts (GitHub answers
//   `Validation Failed` with code `invalid` on field `annotations`, as issues quote it);
// - summary and text at most 65535 bytes (`summary exceeds a maximum bytesize of 65535`, as
//   quoted in github/docs#35252; the schema's maxLength counts characters);
// - lists page with `per_page` (default 30, at most 100) and `page`, and a Link header with
//   rel="prev"/"next"/"last"/"first" as GitHub sends it; a pull request lists at most 3000 files.
import type { OperationId } from './githubapischema.js'
import {
  checkRunJson,
  commentJson,
  diffEntryJson,
  githubTime,
  storedAnnotation,
  type CheckRun,
  type IssueComment,
  type PullFile,
  type Urls
} from './githubapishapes.js'

export interface Answer {
  status: number
  body: unknown
  headers?: Record<string, string>
}

type Body = Record<string, unknown>
type Params = Record<string, string | number>

const MAX_OUTPUT_BYTES = 65535
const MAX_PULL_FILES = 3000

export function githubError(message: string, docsUrl: string, status: number): Answer {
  return { status, body: { message, documentation_url: docsUrl, status: String(status) } }
}

export class GitHubStore {
  readonly checkRuns = new Map<number, CheckRun>()
  readonly comments = new Map<number, IssueComment>()
  readonly pullFiles = new Map<string, PullFile[]>()
  private nextId = 4_000_000_001

  constructor(private readonly urls: Urls) {}

  newId(): number {
    return this.nextId++
  }

  /** The answer to a valid request (parameters typed, body checked against the schema). */
  handle(id: OperationId, p: Params, q: Params, body: Body, url: URL, docs: string): Answer {
    const notFound = githubError('Not Found', docs, 404)
    const { owner, repo } = p as { owner: string; repo: string }
    switch (id) {
      case 'checks/create': {
        const run = this.createRun(owner, repo, body.name as string, body.head_sha as string)
        return this.applyUpdate(run, body, docs, 201)
      }
      case 'checks/update': {
        const run = this.runOf(owner, repo, p.check_run_id as number)
        return run === undefined ? notFound : this.applyUpdate(run, body, docs, 200)
      }
      case 'checks/list-annotations': {
        const run = this.runOf(owner, repo, p.check_run_id as number)
        return run === undefined ? notFound : page(run.annotations, q, url)
      }
      case 'pulls/list-files': {
        const files = this.pullFiles.get(`${owner}/${repo}#${p.pull_number}`)
        if (files === undefined) return notFound
        const entries = files
          .slice(0, MAX_PULL_FILES)
          .map((f) => diffEntryJson(owner, repo, f, this.urls))
        return page(entries, q, url)
      }
      case 'issues/list-comments': {
        const since = typeof q.since === 'string' ? Date.parse(q.since) : -Infinity
        const list = [...this.comments.values()].filter(
          (c) =>
            c.owner === owner &&
            c.repo === repo &&
            c.issueNumber === p.issue_number &&
            Date.parse(c.updatedAt) >= since
        )
        return page(
          list.map((c) => this.commentJson(c)),
          q,
          url
        )
      }
      case 'issues/create-comment': {
        const now = githubTime()
        const comment: IssueComment = {
          id: this.newId(),
          owner,
          repo,
          issueNumber: p.issue_number as number,
          body: body.body as string,
          createdAt: now,
          updatedAt: now
        }
        this.comments.set(comment.id, comment)
        const json = this.commentJson(comment)
        return { status: 201, body: json, headers: { location: json.url } }
      }
      case 'issues/update-comment': {
        const comment = this.comments.get(p.comment_id as number)
        if (comment === undefined || comment.owner !== owner || comment.repo !== repo) {
          return notFound
        }
        comment.body = body.body as string
        comment.updatedAt = githubTime()
        return { status: 200, body: this.commentJson(comment) }
      }
    }
  }

  createRun(owner: string, repo: string, name: string, headSha: string): CheckRun {
    const run: CheckRun = {
      id: this.newId(),
      owner,
      repo,
      name,
      headSha,
      status: 'queued',
      conclusion: null,
      startedAt: githubTime(),
      completedAt: null,
      detailsUrl: null,
      externalId: null,
      output: { title: null, summary: null, text: null },
      annotations: []
    }
    this.checkRuns.set(run.id, run)
    return run
  }

  private runOf(owner: string, repo: string, id: number): CheckRun | undefined {
    const run = this.checkRuns.get(id)
    return run !== undefined && run.owner === owner && run.repo === repo ? run : undefined
  }

  /** GitHub's own rules beyond the schema, checked before anything is stored. */
  private invalid(body: Body, docs: string): Answer | undefined {
    const output = (body.output ?? {}) as Body
    for (const field of ['summary', 'text']) {
      const value = output[field]
      if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > MAX_OUTPUT_BYTES) {
        const message = `${field} exceeds a maximum bytesize of ${MAX_OUTPUT_BYTES}`
        return validationFailed(docs, { code: 'custom', field, message })
      }
    }
    const annotations = (output.annotations ?? []) as Body[]
    if (annotations.some((a) => !annotationValid(a))) {
      return validationFailed(docs, { code: 'invalid', field: 'annotations' })
    }
    return undefined
  }

  private applyUpdate(run: CheckRun, body: Body, docs: string, status: number): Answer {
    const refused = this.invalid(body, docs)
    if (refused !== undefined) {
      if (status === 201) this.checkRuns.delete(run.id)
      return refused
    }
    const str = (key: string): string | undefined =>
      typeof body[key] === 'string' ? (body[key] as string) : undefined
    run.name = str('name') ?? run.name
    run.detailsUrl = str('details_url') ?? run.detailsUrl
    run.externalId = str('external_id') ?? run.externalId
    run.startedAt = str('started_at') ?? run.startedAt
    run.status = str('status') ?? run.status
    run.conclusion = str('conclusion') ?? run.conclusion
    if (run.conclusion !== null) run.status = 'completed'
    run.completedAt =
      str('completed_at') ?? (run.status === 'completed' ? (run.completedAt ?? githubTime()) : null)
    const output = body.output as Body | undefined
    if (output !== undefined) {
      for (const key of ['title', 'summary', 'text'] as const) {
        if (typeof output[key] === 'string') run.output[key] = output[key] as string
      }
      for (const a of (output.annotations ?? []) as Body[])
        run.annotations.push(storedAnnotation(run, a, this.urls))
    }
    return { status, body: checkRunJson(run, this.urls) }
  }

  private commentJson(c: IssueComment): ReturnType<typeof commentJson> {
    const isPull = this.pullFiles.has(`${c.owner}/${c.repo}#${c.issueNumber}`)
    return commentJson(c, isPull, this.urls)
  }
}

function annotationValid(a: Body): boolean {
  const [start, end] = [a.start_line as number, a.end_line as number]
  const columns = [a.start_column, a.end_column].filter((c) => c !== undefined) as number[]
  if (start < 1 || end < start) return false
  if (columns.length > 0 && start !== end) return false
  if (columns.some((c) => c < 1)) return false
  const [startColumn, endColumn] = [a.start_column, a.end_column] as Array<number | undefined>
  return startColumn === undefined || endColumn === undefined || endColumn >= startColumn
}

function validationFailed(docs: string, error: Record<string, string>): Answer {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'CheckRun', ...error }],
      documentation_url: docs,
      status: '422'
    }
  }
}

/** One page of a list, with GitHub's Link header when there is more than one page. */
function page<T>(items: T[], q: Params, url: URL): Answer {
  const requested = typeof q.per_page === 'number' ? q.per_page : 30
  const perPage = requested < 1 ? 30 : Math.min(requested, 100)
  const current = typeof q.page === 'number' && q.page > 0 ? q.page : 1
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const at = (n: number): string => {
    const target = new URL(url)
    target.searchParams.set('page', String(n))
    return target.href
  }
  const links: string[] = []
  if (current > 1) links.push(`<${at(Math.min(current - 1, last))}>; rel="prev"`)
  if (current < last) links.push(`<${at(current + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`)
  if (current > 1) links.push(`<${at(1)}>; rel="first"`)
  const body = items.slice((current - 1) * perPage, current * perPage)
  return { status: 200, body, headers: links.length > 0 ? { link: links.join(', ') } : {} }
}
