/** Links from a finding's file:line to that line on GitHub, at the commit the checks ran on. */

import type { Finding } from '../findings.js'
import { pullRequestHead, readEventPayload, readFileUtf8, type ReadFile } from './event.js'
import type { LineLink } from './markdown.js'

/** Where blob links point: `${server}/${repository}/blob/${sha}/`. */
export interface LinkBase {
  server: string
  repository: string
  sha: string
}

// What GitHub puts in these variables; anything else makes no link rather than a broken one.
const SERVER = /^https?:\/\/[^\s/()<>"'`\\]+(?:\/[^\s()<>"'`\\]*)?$/
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i

/**
 * The link base from the runner's environment. A pull_request event checks out a merge commit
 * (GITHUB_SHA) that is not on any branch, so its lines link to the pull request's head commit,
 * read from the event payload; other events link to GITHUB_SHA. Undefined when any part is missing.
 */
export function linkBaseFromEnv(
  env: NodeJS.ProcessEnv,
  readFile: ReadFile = readFileUtf8
): LinkBase | undefined {
  const server = (env.GITHUB_SERVER_URL ?? '').replace(/\/+$/, '')
  const repository = env.GITHUB_REPOSITORY ?? ''
  const sha = headOfPullRequest(env, readFile) ?? env.GITHUB_SHA ?? ''
  if (!SERVER.test(server) || !REPOSITORY.test(repository) || !SHA.test(sha)) return undefined
  return { server, repository, sha }
}

/** The pull request's head commit on pull_request events; an unreadable payload costs only the exact commit. */
function headOfPullRequest(env: NodeJS.ProcessEnv, readFile: ReadFile): string | undefined {
  if (!/^pull_request/.test(env.GITHUB_EVENT_NAME ?? '')) return undefined
  const payload = readEventPayload(env, readFile)
  return typeof payload === 'string' ? undefined : pullRequestHead(payload)
}

// encodeURIComponent leaves these alone; a Markdown link destination must not hold them bare.
const encodeSegment = (segment: string): string =>
  encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )

/** A file inside the repository: relative, POSIX, no `..` step, no control characters. */
function insideRepository(file: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (file === '' || file.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(file)) return false
  return !file.split('/').some((segment) => segment === '..' || segment === '')
}

/** `…/blob/SHA/dir/file.go#L12` (or `#L12-L14`); undefined for a file outside the repository. */
export function blobUrl(
  base: LinkBase,
  place: Pick<Finding, 'file' | 'line' | 'endLine'>
): string | undefined {
  if (place.file === undefined || !insideRepository(place.file)) return undefined
  const file = place.file.replace(/^(\.\/)+/, '')
  if (!insideRepository(file)) return undefined
  let url = `${base.server}/${base.repository}/blob/${base.sha}/${file.split('/').map(encodeSegment).join('/')}`
  if (place.line !== undefined && place.line > 0) {
    url += `#L${place.line}`
    if (place.endLine !== undefined && place.endLine > place.line) url += `-L${place.endLine}`
  }
  return url
}

/** The summary's line links, or undefined (plain file:line) without a base. */
export function lineLinks(base: LinkBase | undefined): LineLink | undefined {
  return base === undefined ? undefined : (place) => blobUrl(base, place)
}
