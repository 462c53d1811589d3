/** The sticky pull request comment: found again by its marker and edited in place, never doubled. */

import type { Finding, Report } from '../findings.js'
import { capText, oneLine } from './format.js'
import {
  isPullRequestEvent,
  pullRequestNumber,
  readEventPayload,
  readFileUtf8,
  type ReadFile
} from './event.js'
import { commentBody, commentMarker, type CommentMode, runUrl } from './commentbody.js'
import {
  apiUrlFromEnv,
  githubClient,
  type GitHubClient,
  repositoryFromEnv,
  type RepositoryRef
} from './githubclient.js'
import { linkBaseFromEnv } from './links.js'

/** What became of the comment. A warning is said once by the caller; it never changes the verdict. */
export type StickyCommentResult =
  | { action: 'created' | 'updated'; url?: string }
  | { action: 'skipped'; reason: string }
  | { warning: string }

export interface StickyCommentRequest {
  client: GitHubClient
  repository: RepositoryRef
  pullNumber: number
  mode: CommentMode
  report: Pick<Report, 'verdict'>
  /** commentBody(): starts with `marker`. */
  body: string
  marker: string
  /** Debug lines: which comment was found. */
  log?: (message: string) => void
}

/**
 * Authors whose comment carrying the marker is taken as the gate's own. Anyone who can read a
 * public repository can comment on its pull requests, and could plant the marker to have the
 * gate write into their comment (then edit it to say something else under the gate's heading).
 * The gate writes as its token's account: github-actions[bot] or another app (type Bot; an app
 * posts as itself only where it is installed), or, with a personal token, someone with write
 * access to the repository.
 */
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR'])

interface ListedComment {
  id: number
  body?: string
  user: { type?: string } | null
  author_association: string
}

function isOurs(comment: ListedComment, marker: string): boolean {
  if (comment.body?.startsWith(marker) !== true) return false
  return comment.user?.type === 'Bot' || TRUSTED_ASSOCIATIONS.has(comment.author_association)
}

/** The newest comment on the pull request that carries the marker and was written by a trusted author. */
async function findStickyComment(
  request: StickyCommentRequest
): Promise<ListedComment | undefined> {
  const { client, repository, pullNumber, marker } = request
  const comments: ListedComment[] = await client.paginate(client.rest.issues.listComments, {
    owner: repository.owner,
    repo: repository.repo,
    issue_number: pullNumber,
    per_page: 100
  })
  let newest: ListedComment | undefined
  for (const comment of comments) {
    if (isOurs(comment, marker) && (newest === undefined || comment.id > newest.id)) {
      newest = comment
    }
  }
  return newest
}

/**
 * Creates or edits the job's comment as the mode says: off, nothing; always, create or edit;
 * on-failure, create or edit while the gate fails, and once it passes only edit an earlier one
 * (the body then says it passes now). Any failure of the API is one warning.
 */
export async function postStickyComment(
  request: StickyCommentRequest
): Promise<StickyCommentResult> {
  const { client, repository, pullNumber, mode, body, log } = request
  if (mode === 'off') return { action: 'skipped', reason: 'the comment input is off' }
  const passes = request.report.verdict === 'pass'
  try {
    const existing = await findStickyComment(request)
    if (existing !== undefined) {
      log?.(`editing pull request comment ${existing.id}`)
      const { data } = await client.rest.issues.updateComment({
        owner: repository.owner,
        repo: repository.repo,
        comment_id: existing.id,
        body
      })
      return { action: 'updated', url: data.html_url }
    }
    if (mode === 'on-failure' && passes) {
      return {
        action: 'skipped',
        reason: 'the gate passes and the pull request has no earlier comment of this job to edit'
      }
    }
    const { data } = await client.rest.issues.createComment({
      owner: repository.owner,
      repo: repository.repo,
      issue_number: pullNumber,
      body
    })
    return { action: 'created', url: data.html_url }
  } catch (error) {
    return { warning: commentWarning(error) }
  }
}

const PREFIX = 'could not comment on the pull request'

/** GitHub's answer to a failed request, or undefined when none came (a network error). */
function answer(error: unknown): { status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  // Octokit gives a network error a status of 500 too, but no response.
  const { status, message, response } = error as {
    status?: unknown
    message?: unknown
    response?: unknown
  }
  if (typeof status !== 'number' || response === undefined) return undefined
  // Octokit appends the documentation link to GitHub's message.
  const text = typeof message === 'string' ? message.replace(/ - https?:\/\/\S+$/, '') : ''
  return { status, message: oneLine(capText(text, 200)) }
}

/** The innermost message of an error's causes: `connect ECONNREFUSED …` rather than `fetch failed`. */
function networkReason(error: unknown): string {
  let reason = 'no answer'
  for (let cause = error, depth = 0; depth < 5; depth++) {
    if (typeof cause !== 'object' || cause === null) break
    const { message } = cause as { message?: unknown }
    // 'Unknown Error' is what Octokit says when it could not read the cause it wraps.
    if (typeof message === 'string' && message !== '' && message !== 'Unknown Error') {
      reason = message
    }
    cause = (cause as { cause?: unknown }).cause
  }
  return oneLine(capText(reason, 200))
}

/** One line that says what GitHub answered and, when it is the token's permission, what to grant. */
export function commentWarning(error: unknown): string {
  const answered = answer(error)
  if (answered === undefined) {
    return `${PREFIX}: GitHub could not be reached (${networkReason(error)})`
  }
  const said = `GitHub answered ${answered.status}${answered.message === '' ? '' : ` (${answered.message})`}`
  if (
    (answered.status === 403 || answered.status === 429) &&
    /rate limit/i.test(answered.message)
  ) {
    return `${PREFIX}: ${said}; the token's API rate limit is spent, the next run comments again`
  }
  if (answered.status === 403 || answered.status === 404) {
    return (
      `${PREFIX}: ${said}; give the job \`permissions: pull-requests: write\` ` +
      '(a pull request from a fork gets a read-only token whatever the workflow asks)'
    )
  }
  return `${PREFIX}: ${said}`
}

/** The pull request the event is about, why there is none, or a warning for a payload without it. */
export type PullRequestTarget = { number: number } | { skip: string } | { warning: string }

export function pullRequestFromEnv(
  env: NodeJS.ProcessEnv,
  readFile: ReadFile = readFileUtf8
): PullRequestTarget {
  const event = env.GITHUB_EVENT_NAME ?? ''
  if (!isPullRequestEvent(event)) {
    return {
      skip: `no pull request comment: the run is ${event === '' ? 'not from an event' : `a ${event} event`}, not pull_request or pull_request_target`
    }
  }
  const payload = readEventPayload(env, readFile)
  if (typeof payload === 'string') {
    return { warning: `${PREFIX}: the event could not be read: ${oneLine(capText(payload, 200))}` }
  }
  const number = pullRequestNumber(payload)
  if (number === undefined) {
    return { warning: `${PREFIX}: the ${event} event payload names no pull request number` }
  }
  return { number }
}

export interface CommentRun {
  mode: CommentMode
  checkName: string
  token: string | undefined
  /** The redacted report. */
  report: Report
  /** The findings in the order to list them (changed lines first); default: errors first. */
  findings?: readonly Finding[]
  env: NodeJS.ProcessEnv
  readFile?: (file: string) => string
  /** Retries after a 5xx or a dropped connection (githubClient's default when undefined). */
  retries?: number
  /** Debug lines and the client plugins' messages. */
  log?: (message: string) => void
  /** The client the other reporters use, when the action made one; else one for the token. */
  client?: GitHubClient
}

/** The whole reporter for the action: the runner's environment in, the comment's fate out. */
export async function stickyCommentFromEnv(run: CommentRun): Promise<StickyCommentResult> {
  const { mode, env } = run
  if (mode === 'off') return { action: 'skipped', reason: 'the comment input is off' }
  const target = pullRequestFromEnv(env, run.readFile)
  if ('skip' in target) return { action: 'skipped', reason: target.skip }
  if ('warning' in target) return target
  const repository = repositoryFromEnv(env)
  if (repository === undefined) return { warning: `${PREFIX}: GITHUB_REPOSITORY is not owner/repo` }
  if (run.token === undefined || run.token === '') {
    return { warning: `${PREFIX}: the github-token input is empty` }
  }
  const links = linkBaseFromEnv(env, run.readFile)
  const marker = commentMarker(env.GITHUB_JOB ?? '', run.checkName)
  const body = commentBody(run.report, {
    marker,
    mode,
    findings: run.findings,
    links,
    runUrl: links === undefined ? undefined : runUrl(links, env),
    checkName: run.checkName
  })
  const client =
    run.client ??
    githubClient(run.token, { baseUrl: apiUrlFromEnv(env), retries: run.retries, log: run.log })
  return postStickyComment({
    client,
    repository,
    pullNumber: target.number,
    mode,
    report: run.report,
    body,
    marker,
    log: run.log
  })
}
