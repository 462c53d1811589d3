// What the GitHub API stand-in keeps (check runs, annotations, pull request files, comments) and
// the JSON GitHub answers for each, in the shapes of its OpenAPI description (check-run,
// check-annotation, diff-entry, issue-comment). API URLs point at the stand-in, web URLs at
// `server` (github.com by default); the writer is GITHUB_TOKEN's github-actions[bot] and check
// runs belong to the GitHub Actions app, as in a workflow run.

export type DiffStatus =
  'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged'

/** A file of a pull request, as a test configures it; counts default from the patch. */
export interface PullFile {
  filename: string
  status?: DiffStatus
  additions?: number
  deletions?: number
  changes?: number
  patch?: string
  previous_filename?: string
  sha?: string
}

/** An annotation as GitHub stores it and lists it (checks/list-annotations). */
export interface StoredAnnotation {
  path: string
  blob_href: string
  start_line: number
  end_line: number
  start_column: number | null
  end_column: number | null
  annotation_level: string
  title: string | null
  message: string
  raw_details: string | null
}

export interface CheckRun {
  id: number
  owner: string
  repo: string
  name: string
  headSha: string
  status: string
  conclusion: string | null
  startedAt: string | null
  completedAt: string | null
  detailsUrl: string | null
  externalId: string | null
  output: { title: string | null; summary: string | null; text: string | null }
  annotations: StoredAnnotation[]
}

export interface IssueComment {
  id: number
  owner: string
  repo: string
  issueNumber: number
  body: string
  createdAt: string
  updatedAt: string
}

/** The stand-in's API root and the web host, both without a trailing slash. */
export interface Urls {
  api: string
  server: string
}

type Json = Record<string, unknown>

const APP = {
  id: 15368,
  slug: 'github-actions',
  node_id: 'MDM6QXBwMTUzNjg=',
  name: 'GitHub Actions',
  description: 'Automate your workflow from idea to production',
  external_url: 'https://help.github.com/en/actions',
  created_at: '2018-07-30T09:30:17Z',
  updated_at: '2019-12-10T19:04:12Z',
  permissions: { checks: 'write', contents: 'write', issues: 'write', metadata: 'read' },
  events: ['check_run', 'check_suite', 'pull_request', 'push']
}

/** GitHub's time format: ISO 8601 to the second, UTC. */
export function githubTime(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function storedAnnotation(run: CheckRun, a: Json, urls: Urls): StoredAnnotation {
  const opt = <T>(key: string): T | null => (a[key] === undefined ? null : (a[key] as T))
  const path = a.path as string
  return {
    path,
    blob_href: `${urls.server}/${run.owner}/${run.repo}/blob/${run.headSha}/${path}`,
    start_line: a.start_line as number,
    end_line: a.end_line as number,
    start_column: opt('start_column'),
    end_column: opt('end_column'),
    annotation_level: a.annotation_level as string,
    title: opt('title'),
    message: a.message as string,
    raw_details: opt('raw_details')
  }
}

export function checkRunJson(run: CheckRun, urls: Urls): Json {
  const url = `${urls.api}/repos/${run.owner}/${run.repo}/check-runs/${run.id}`
  const owner = account(urls, 'github', 9919, 'MDEyOk9yZ2FuaXphdGlvbjk5MTk=', 'Organization')
  return {
    id: run.id,
    node_id: `CR_${Buffer.from(String(run.id)).toString('base64url')}`,
    head_sha: run.headSha,
    external_id: run.externalId,
    url,
    html_url: `${urls.server}/${run.owner}/${run.repo}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      ...run.output,
      annotations_count: run.annotations.length,
      annotations_url: `${url}/annotations`
    },
    name: run.name,
    check_suite: { id: 1 },
    app: { ...APP, owner, html_url: `${urls.server}/apps/github-actions` },
    pull_requests: []
  }
}

export function diffEntryJson(owner: string, repo: string, f: PullFile, urls: Urls): Json {
  const lines = (f.patch ?? '').split('\n')
  const additions = f.additions ?? lines.filter((l) => /^\+(?!\+\+)/.test(l)).length
  const deletions = f.deletions ?? lines.filter((l) => /^-(?!--)/.test(l)).length
  const sha = f.sha ?? '0'.repeat(40)
  const file = encodeURIComponent(f.filename).replace(/%2F/g, '/')
  return {
    sha,
    filename: f.filename,
    status: f.status ?? 'modified',
    additions,
    deletions,
    changes: f.changes ?? additions + deletions,
    blob_url: `${urls.server}/${owner}/${repo}/blob/${sha}/${file}`,
    raw_url: `${urls.server}/${owner}/${repo}/raw/${sha}/${file}`,
    contents_url: `${urls.api}/repos/${owner}/${repo}/contents/${file}?ref=${sha}`,
    ...(f.patch === undefined ? {} : { patch: f.patch }),
    ...(f.previous_filename === undefined ? {} : { previous_filename: f.previous_filename })
  }
}

/** A comment; on a pull request (`isPull`) its html_url names /pull/, as GitHub's does. */
export function commentJson(c: IssueComment, isPull: boolean, urls: Urls): Json & { url: string } {
  const repoPath = `${c.owner}/${c.repo}`
  const page = `${urls.server}/${repoPath}/${isPull ? 'pull' : 'issues'}/${c.issueNumber}`
  return {
    id: c.id,
    node_id: `IC_${Buffer.from(String(c.id)).toString('base64url')}`,
    url: `${urls.api}/repos/${repoPath}/issues/comments/${c.id}`,
    html_url: `${page}#issuecomment-${c.id}`,
    body: c.body,
    user: account(urls, 'github-actions[bot]', 41898282, 'MDM6Qm90NDE4OTgyODI=', 'Bot'),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${urls.api}/repos/${repoPath}/issues/${c.issueNumber}`,
    author_association: 'NONE',
    performed_via_github_app: null
  }
}

/** A simple-user: the bot that writes, or the organization that owns the app. */
function account(urls: Urls, login: string, id: number, nodeId: string, type: string): Json {
  const url = `${urls.api}/users/${encodeURIComponent(login)}`
  const bot = type === 'Bot'
  return {
    login,
    id,
    node_id: nodeId,
    avatar_url: bot
      ? 'https://avatars.githubusercontent.com/in/15368?v=4'
      : `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: bot ? `${urls.server}/apps/github-actions` : `${urls.server}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    site_admin: false
  }
}
