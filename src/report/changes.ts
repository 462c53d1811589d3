/**
 * What the pull request (or push) changed, so every report can put findings on changed lines
 * first. Learned from GitHub's pull request files API, else from `git diff` when the checkout has
 * both commits; when neither can tell, the reason is kept so the summary says it once, and no
 * report narrows silently.
 */

import { runGit } from '../go/git.js'
import {
  isPullRequestEvent,
  pullRequestOf,
  readEventPayload,
  type PullRequestEvent,
  type ReadFile
} from './event.js'
import { type GitHubClient, httpStatus, repositoryFromEnv } from './githubclient.js'
import { changedRangesOf, parseGitDiff, parsePatch, type ChangedRanges } from './patch.js'
import { errorMessage } from '../text.js'

export type { ChangedRanges, LineRange } from './patch.js'

export interface ChangeSet {
  /** What changed, for people: "pull request #12", "push 0123abc..4567def". */
  source: string
  /** How it was learned: "the pull request files API", "git diff --merge-base". */
  via?: string
  /** Paths relative to the gate's root (the findings' root), POSIX. */
  files: ReadonlyMap<string, ChangedRanges>
}

export type Changes = { known: true; set: ChangeSet } | { known: false; reason: string }

export interface LearnOptions {
  env: NodeJS.ProcessEnv
  /** The root findings are relative to (GITHUB_WORKSPACE in the action). */
  root: string
  /** Without one (no token), only git can tell. */
  client?: GitHubClient
  /** Reads the event payload at GITHUB_EVENT_PATH. */
  readEvent?: ReadFile
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/
const ZERO_SHA = /^0+$/
const FETCH_ALL = 'fetch-depth: 0 would give it'

/** The changes of this run's event; undefined for events without a diff (schedule, workflow_dispatch, outside Actions). */
export async function learnChanges(options: LearnOptions): Promise<Changes | undefined> {
  const { env } = options
  const name = env.GITHUB_EVENT_NAME ?? ''
  const isPullRequest = isPullRequestEvent(name)
  if (!isPullRequest && name !== 'push') return undefined

  const payload = readEventPayload(env, options.readEvent)
  if (typeof payload === 'string') return unknown(`the ${name} event could not be read: ${payload}`)
  const git = await gitContext(options.root)
  if (isPullRequest) {
    const event = pullRequestOf(payload)
    if (event === undefined) {
      return unknown('the event payload names no pull request with base and head commits')
    }
    return pullRequestChanges(event, options, git)
  }
  return pushChanges(payload, git)
}

function unknown(reason: string): Changes {
  return { known: false, reason }
}

async function pullRequestChanges(
  event: PullRequestEvent,
  options: LearnOptions,
  git: GitContext
): Promise<Changes> {
  const source = `pull request #${event.number}`
  const api = await fromFilesApi(event, options, git)
  if (typeof api !== 'string') return { known: true, set: { source, ...api } }

  const diff = await gitDiff(git, event.base, event.head, 'merge-base')
  if (typeof diff !== 'string') {
    return { known: true, set: { source, via: 'git diff --merge-base', files: diff } }
  }
  return unknown(`the pull request's diff could not be read: ${api} and ${diff}`)
}

type Learned = { via: string; files: ReadonlyMap<string, ChangedRanges> }

/** The files API's answer as a change set, or why it could not give a complete one. */
async function fromFilesApi(
  event: PullRequestEvent,
  options: LearnOptions,
  git: GitContext
): Promise<Learned | string> {
  const { client } = options
  if (client === undefined) return 'there is no GitHub token to read the pull request files API'
  const repository = repositoryFromEnv(options.env)
  if (repository === undefined) return 'GITHUB_REPOSITORY does not name the repository'
  let listed
  try {
    listed = await client.paginate(client.rest.pulls.listFiles, {
      ...repository,
      pull_number: event.number,
      per_page: 100
    })
  } catch (error) {
    const status = httpStatus(error)
    return status === undefined
      ? `the pull request files API could not be reached (${errorMessage(error)})`
      : `GitHub answered ${status} to the pull request files API`
  }
  if (event.changedFiles !== undefined && event.changedFiles > listed.length) {
    // GitHub lists at most 3000 files; a set missing some would call their lines "elsewhere".
    return (
      `the pull request files API listed ${listed.length} of the pull request's ` +
      `${event.changedFiles} files (GitHub lists at most 3000)`
    )
  }
  const files = new Map<string, ChangedRanges>()
  for (const file of listed) {
    if (file.status === 'removed') continue
    const local = git.toLocal(file.filename)
    if (local === undefined) continue
    files.set(local, file.patch ? parsePatch(file.patch) : 'file')
  }
  return { via: 'the pull request files API', files }
}

async function pushChanges(payload: Record<string, unknown>, git: GitContext): Promise<Changes> {
  const before = payload.before
  const after = payload.after
  if (typeof before !== 'string' || typeof after !== 'string') {
    return unknown('the push event names no before and after commits')
  }
  if (ZERO_SHA.test(before)) {
    return unknown('the push created the branch, so there is no earlier commit to compare with')
  }
  const diff = await gitDiff(git, before, after, 'two-dot')
  if (typeof diff === 'string') return unknown(`the push's diff could not be read: ${diff}`)
  return {
    known: true,
    set: { source: `push ${short(before)}..${short(after)}`, via: 'git diff', files: diff }
  }
}

const short = (sha: string): string => sha.slice(0, 7)

/** The checkout as git sees it: where root sits in the repository, when it is one. */
interface GitContext {
  /** The repository's top level, when root is inside a git work tree. */
  top?: string
  /** A path relative to the repository's top level, relative to root instead; undefined outside root. */
  toLocal(path: string): string | undefined
}

async function gitContext(root: string): Promise<GitContext> {
  const [top, prefix] = await Promise.all([
    runGit(root, ['rev-parse', '--show-toplevel']),
    runGit(root, ['rev-parse', '--show-prefix'])
  ])
  if (top.exitCode !== 0 || prefix.exitCode !== 0) {
    // Not a git checkout: GitHub's paths are taken as relative to root, which is the usual case.
    return { toLocal: (path) => path }
  }
  const inside = prefix.stdout.replace(/\n$/, '')
  return {
    top: top.stdout.replace(/\n$/, ''),
    toLocal: (path) =>
      inside === '' ? path : path.startsWith(inside) ? path.slice(inside.length) : undefined
  }
}

/**
 * `git diff` between two commits as a change set, or why it could not be had. `merge-base`
 * compares the head with where it left the base, as a pull request's diff does.
 */
async function gitDiff(
  git: GitContext,
  from: string,
  to: string,
  mode: 'merge-base' | 'two-dot'
): Promise<ReadonlyMap<string, ChangedRanges> | string> {
  if (git.top === undefined) return 'the workspace is not a git checkout'
  if (!SHA.test(from) || !SHA.test(to)) return 'the event names commits that are not commit ids'
  const [hasFrom, hasTo] = await Promise.all([hasCommit(git.top, from), hasCommit(git.top, to)])
  const what = mode === 'merge-base' ? 'base' : 'earlier'
  if (!hasFrom && !hasTo)
    return `the checkout has neither the ${what} nor the head commit (${FETCH_ALL})`
  if (!hasFrom) return `the checkout has no ${what} commit ${short(from)} (${FETCH_ALL})`
  if (!hasTo) return `the checkout has no head commit ${short(to)} (${FETCH_ALL})`

  const result = await runGit(git.top, [
    // Whatever the user's configuration says: git's own prefixes, names printed as they are.
    '-c',
    'core.quotePath=false',
    '-c',
    'diff.noprefix=false',
    '-c',
    'diff.mnemonicPrefix=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-relative',
    '--unified=0',
    '--find-renames',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    ...(mode === 'merge-base' ? ['--merge-base'] : []),
    from,
    to,
    '--'
  ])
  if (result.exitCode !== 0) {
    const said = result.stderr.trim().split('\n')[0] ?? ''
    if (/no merge base/i.test(said)) {
      return `the checkout has no common ancestor of the base and head commits (${FETCH_ALL})`
    }
    return `git diff failed (${said || `exit ${result.exitCode}`})`
  }
  const files = new Map<string, ChangedRanges>()
  for (const [path, ranges] of changedRangesOf(parseGitDiff(result.stdout))) {
    const local = git.toLocal(path)
    if (local !== undefined) files.set(local, ranges)
  }
  return files
}

async function hasCommit(cwd: string, sha: string): Promise<boolean> {
  return (await runGit(cwd, ['cat-file', '-e', `${sha}^{commit}`])).exitCode === 0
}
