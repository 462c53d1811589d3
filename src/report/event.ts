/** The run's event: GITHUB_EVENT_NAME and the payload at GITHUB_EVENT_PATH, read one way for every reporter. */

import fs from 'node:fs'
import { errorMessage } from '../text.js'

export type ReadFile = (file: string) => string
export const readFileUtf8: ReadFile = (file) => fs.readFileSync(file, 'utf8')

/** pull_request and pull_request_target: the events a pull request's files and comments belong to. */
export function isPullRequestEvent(name: string | undefined): boolean {
  return name === 'pull_request' || name === 'pull_request_target'
}

/** The payload as a JSON object, or why it could not be had. */
export function readEventPayload(
  env: NodeJS.ProcessEnv,
  readFile: ReadFile = readFileUtf8
): Record<string, unknown> | string {
  const file = env.GITHUB_EVENT_PATH
  if (!file) return 'GITHUB_EVENT_PATH is not set'
  try {
    const parsed: unknown = JSON.parse(readFile(file))
    if (typeof parsed !== 'object' || parsed === null) return 'its payload is not a JSON object'
    return parsed as Record<string, unknown>
  } catch (error) {
    const reason = errorMessage(error)
    return `its payload (GITHUB_EVENT_PATH) is unreadable (${reason})`
  }
}

export interface PullRequestEvent {
  number: number
  /** The base and head commits the pull request compares. */
  base: string
  head: string
  /** How many files GitHub counts as changed (the files API lists at most 3000). */
  changedFiles?: number
}

interface PullRequestPayload {
  number?: unknown
  changed_files?: unknown
  base?: { sha?: unknown }
  head?: { sha?: unknown }
}

const pullRequestPayload = (payload: Record<string, unknown>): PullRequestPayload | undefined =>
  typeof payload.pull_request === 'object' && payload.pull_request !== null
    ? (payload.pull_request as PullRequestPayload)
    : undefined

/** The pull request's number, when the payload names a whole number. */
export function pullRequestNumber(payload: Record<string, unknown>): number | undefined {
  const number = pullRequestPayload(payload)?.number ?? payload.number
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 1
    ? number
    : undefined
}

/** The pull request's head commit, when the payload names one. */
export function pullRequestHead(payload: Record<string, unknown>): string | undefined {
  const sha = pullRequestPayload(payload)?.head?.sha
  return typeof sha === 'string' ? sha : undefined
}

/** The pull request with its base and head commits; undefined when the payload lacks any. */
export function pullRequestOf(payload: Record<string, unknown>): PullRequestEvent | undefined {
  const pr = pullRequestPayload(payload)
  const number = pullRequestNumber(payload)
  const base = pr?.base?.sha
  const head = pullRequestHead(payload)
  if (number === undefined || typeof base !== 'string' || head === undefined) return undefined
  const changedFiles = typeof pr?.changed_files === 'number' ? pr.changed_files : undefined
  return { number, base, head, changedFiles }
}
