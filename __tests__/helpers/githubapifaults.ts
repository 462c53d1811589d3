// Faults a test scripts into the GitHub API stand-in, per operation, and the answers GitHub gives
// in those cases: a status N times (403 `Resource not accessible by integration` with the
// permission GitHub names in x-accepted-github-permissions, as a fork's read-only GITHUB_TOKEN
// gets; 404; 5xx), a primary rate limit (403 or 429 with x-ratelimit-remaining 0 and
// x-ratelimit-reset ahead, which @octokit/plugin-throttling waits out) and a secondary one (403
// naming the secondary rate limit, with retry-after). Messages are GitHub's as its answers print
// them; the request id in them is random, as GitHub's is.
import crypto from 'node:crypto'
import http from 'node:http'
import type { Operation, OperationId } from './githubapischema.js'
import { githubError, type Answer } from './githubapistore.js'

/** Answer `status` `times` times (every time when omitted), then normally. */
export interface FailFault {
  status: number
  times?: number
  /** The error message; GitHub's usual one for the status when omitted. */
  message?: string
}

export interface RateLimitFault {
  /** 403 (default) or 429: GitHub uses both for an exhausted primary rate limit. */
  status?: 403 | 429
  /** Seconds until x-ratelimit-reset; default 1. */
  resetSeconds?: number
  /** Default 1. */
  times?: number
}

export interface SecondaryRateLimitFault {
  /** The retry-after header, in seconds; default 1. */
  retryAfter?: number
  /** Default 1. */
  times?: number
}

export type ArmedFault =
  | ({ type: 'fail'; left: number } & FailFault)
  | ({ type: 'rate-limit'; left: number } & RateLimitFault)
  | ({ type: 'secondary-rate-limit'; left: number } & SecondaryRateLimitFault)

const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'
const FAIL_MESSAGES: Record<number, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  410: 'Gone',
  422: 'Validation Failed',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable'
}
/** What GitHub names, on a 403, as the permission the token lacked. */
const PERMISSIONS: Record<OperationId, string> = {
  'checks/create': 'checks=write',
  'checks/update': 'checks=write',
  'checks/list-annotations': 'checks=read',
  'pulls/list-files': 'pull_requests=read; contents=read',
  'issues/list-comments': 'issues=read; pull_requests=read',
  'issues/create-comment': 'issues=write; pull_requests=write',
  'issues/update-comment': 'issues=write; pull_requests=write'
}

/** The faults armed per operation; each request takes the first one with turns left. */
export class Faults {
  private readonly armed = new Map<OperationId, ArmedFault[]>()

  fail(id: OperationId, fault: FailFault): void {
    this.arm(id, { type: 'fail', left: fault.times ?? Infinity, ...fault })
  }

  rateLimit(id: OperationId, fault: RateLimitFault = {}): void {
    this.arm(id, { type: 'rate-limit', left: fault.times ?? 1, ...fault })
  }

  secondaryRateLimit(id: OperationId, fault: SecondaryRateLimitFault = {}): void {
    this.arm(id, { type: 'secondary-rate-limit', left: fault.times ?? 1, ...fault })
  }

  clear(): void {
    this.armed.clear()
  }

  take(id: OperationId): ArmedFault | undefined {
    const fault = (this.armed.get(id) ?? []).find((f) => f.left > 0)
    if (fault !== undefined) fault.left -= 1
    return fault
  }

  private arm(id: OperationId, fault: ArmedFault): void {
    this.armed.set(id, [...(this.armed.get(id) ?? []), fault])
  }
}

/** GitHub's answer for the fault; `limit` is the x-ratelimit-limit the stand-in announces. */
export function faultAnswer(fault: ArmedFault, operation: Operation, limit: number): Answer {
  const requestId = crypto.randomBytes(8).toString('hex').toUpperCase()
  const support = `If you reach out to GitHub Support for help, please include the request ID ${requestId}.`
  if (fault.type === 'fail') {
    const message = fault.message ?? FAIL_MESSAGES[fault.status] ?? http.STATUS_CODES[fault.status]
    const answer = githubError(message ?? 'Error', operation.docsUrl, fault.status)
    if (fault.status === 403) {
      answer.headers = { 'x-accepted-github-permissions': PERMISSIONS[operation.id] }
    }
    return answer
  }
  if (fault.type === 'rate-limit') {
    const message = `API rate limit exceeded for installation ID 1. ${support}`
    const answer = githubError(message, RATE_LIMIT_DOCS, fault.status ?? 403)
    answer.headers = {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': String(limit),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + (fault.resetSeconds ?? 1))
    }
    return answer
  }
  const message = `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ${support}`
  const answer = githubError(message, `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`, 403)
  answer.headers = { 'retry-after': String(fault.retryAfter ?? 1) }
  return answer
}
