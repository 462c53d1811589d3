/** The one GitHub REST client the reporters share: the toolkit's Octokit with GitHub's retry and rate-limit plugins. */

import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

export type GitHubClient = ReturnType<typeof getOctokit>

/** The repository the run belongs to, from GITHUB_REPOSITORY. */
export interface RepositoryRef {
  owner: string
  repo: string
}

/** How long the gate will wait for GitHub's rate limit to reset before it gives up on the API. */
export const RATE_LIMIT_WAIT_SECONDS = 60

export interface ClientOptions {
  /** GITHUB_API_URL: github.com's API, or a GitHub Enterprise Server's `/api/v3`. */
  baseUrl: string
  /** Retries after a 5xx or a network error (the retry plugin's own backoff); default its 3. */
  retries?: number
  /** Where the plugins' own messages go; they never reach stdout, where the runner reads commands. */
  log?: (message: string) => void
}

/**
 * An Octokit for the token. The retry plugin retries 5xx answers and dropped connections; the
 * throttling plugin waits out a primary or secondary rate limit once when the wait is short, and
 * otherwise lets the request fail, so a reporter falls back instead of holding the job.
 */
export function githubClient(token: string, options: ClientOptions): GitHubClient {
  const log = options.log ?? (() => undefined)
  const waitOnce = (retryAfter: number, retryCount: number): boolean =>
    retryCount < 1 && retryAfter <= RATE_LIMIT_WAIT_SECONDS
  return getOctokit(
    token,
    {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
      // Under `retry`, not `request`: request options would replace the toolkit's proxy-aware
      // fetch, and the plugin retries every error (403 and 422 too) when told retries there.
      retry: options.retries === undefined ? {} : { retries: options.retries },
      throttle: {
        onRateLimit: (
          retryAfter: number,
          _request: unknown,
          _octokit: unknown,
          retryCount: number
        ) => waitOnce(retryAfter, retryCount),
        onSecondaryRateLimit: (
          retryAfter: number,
          _request: unknown,
          _octokit: unknown,
          retryCount: number
        ) => waitOnce(retryAfter, retryCount)
      }
    },
    retry,
    throttling
  )
}

/** owner/repo from GITHUB_REPOSITORY; undefined when it is missing or not of that shape. */
export function repositoryFromEnv(env: NodeJS.ProcessEnv): RepositoryRef | undefined {
  const [, owner, repo] =
    /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(env.GITHUB_REPOSITORY ?? '') ?? []
  return owner === undefined || repo === undefined ? undefined : { owner, repo }
}

/** GITHUB_API_URL, or github.com's API when the runner does not set it. */
export function apiUrlFromEnv(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_API_URL || 'https://api.github.com'
}

/** The HTTP status of an Octokit request error, or undefined for anything else (a network error). */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined
  const status = (error as { status: unknown }).status
  return typeof status === 'number' ? status : undefined
}
