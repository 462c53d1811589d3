// What a pull request or push changed, learned from real git repositories built here.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type ChangedRanges, learnChanges } from '../../src/report/changes.js'
import type { GitHubClient } from '../../src/report/githubclient.js'
import { changedRangesOf, parseGitDiff } from '../../src/report/patch.js'

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Gopher',
  GIT_AUTHOR_EMAIL: 'gopher@example.com',
  GIT_COMMITTER_NAME: 'Gopher',
  GIT_COMMITTER_EMAIL: 'gopher@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim()
}

function write(root: string, file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
  fs.writeFileSync(path.join(root, file), content)
}

const lines = (count: number, label: string): string =>
  Array.from({ length: count }, (_, i) => `// ${label} line ${i + 1}`).join('\n') + '\n'

function edit(root: string, file: string, change: (lines: string[]) => void): void {
  const all = fs.readFileSync(path.join(root, file), 'utf8').split('\n')
  change(all)
  fs.writeFileSync(path.join(root, file), all.join('\n'))
}

const TAB_FILE = 'weird/tab\there.go'
const ACCENT_FILE = 'weird/café.go'

let tmp: string
let repo: string
let shallow: string
let base: string // the base branch's tip when the pull request event fired
let forkPoint: string // where the pull request's branch left the base branch
let head: string

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-changes-'))
  repo = path.join(tmp, 'repo')
  fs.mkdirSync(repo)
  git(repo, 'init', '-q', '-b', 'main')
  write(repo, 'calc/calc.go', lines(20, 'calc'))
  write(repo, 'old/name.go', lines(10, 'renamed as is'))
  write(repo, 'old/edited.go', lines(30, 'renamed and edited'))
  write(repo, 'gone.go', lines(5, 'deleted'))
  write(repo, 'logo.bin', Buffer.from([0, 1, 2, 3, 0, 255]))
  write(repo, TAB_FILE, lines(4, 'tab'))
  write(repo, ACCENT_FILE, lines(4, 'accent'))
  write(repo, 'main-only.go', lines(3, 'main only'))
  git(repo, 'add', '.')
  git(repo, 'commit', '-q', '-m', 'base')
  forkPoint = git(repo, 'rev-parse', 'HEAD')

  git(repo, 'checkout', '-q', '-b', 'feature')
  edit(repo, 'calc/calc.go', (all) => {
    all[4] = '// line 5, modified'
    all.splice(14, 2, '// line 15, modified', '// line 16, modified', '// inserted after 16')
    all.splice(18, 1) // line 19 of the old file deleted: no new line changes for it
  })
  fs.mkdirSync(path.join(repo, 'new'))
  git(repo, 'mv', 'old/name.go', 'new/name.go')
  git(repo, 'mv', 'old/edited.go', 'new/edited.go')
  edit(repo, 'new/edited.go', (all) => {
    all[11] = '// line 12, edited after the move'
  })
  git(repo, 'rm', '-q', 'gone.go')
  write(repo, 'logo.bin', Buffer.from([0, 9, 9, 9, 0, 255]))
  write(repo, 'added.go', lines(3, 'added'))
  edit(repo, TAB_FILE, (all) => {
    all[1] = '// tab line 2, modified'
  })
  edit(repo, ACCENT_FILE, (all) => {
    all.splice(4, 0, '// accent line 5, appended')
  })
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', 'feature')
  head = git(repo, 'rev-parse', 'HEAD')

  // The base branch moves on after the pull request left it: its changes are not the PR's.
  git(repo, 'checkout', '-q', 'main')
  edit(repo, 'main-only.go', (all) => {
    all[0] = '// changed on main'
  })
  git(repo, 'commit', '-q', '-am', 'main moves on')
  base = git(repo, 'rev-parse', 'HEAD')
  git(repo, 'checkout', '-q', 'feature')

  shallow = path.join(tmp, 'shallow')
  git(tmp, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo}`, shallow)
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const PR_CHANGES: Record<string, ChangedRanges> = {
  'calc/calc.go': [
    { start: 5, end: 5 },
    { start: 15, end: 17 }
  ],
  'new/name.go': 'file',
  'new/edited.go': [{ start: 12, end: 12 }],
  'logo.bin': 'file',
  'added.go': [{ start: 1, end: 3 }],
  [TAB_FILE]: [{ start: 2, end: 2 }],
  [ACCENT_FILE]: [{ start: 5, end: 5 }]
}

function event(payload: unknown, name: string): NodeJS.ProcessEnv {
  const file = path.join(tmp, `event-${Math.random().toString(36).slice(2)}.json`)
  fs.writeFileSync(file, JSON.stringify(payload))
  return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file, GITHUB_REPOSITORY: 'octo/planted' }
}

const pullRequest = (changedFiles = 8, name = 'pull_request') =>
  event(
    {
      number: 12,
      pull_request: {
        number: 12,
        changed_files: changedFiles,
        base: { sha: base },
        head: { sha: head }
      }
    },
    name
  )

/** A client whose files API answers with `files`, or fails with an HTTP status. */
function filesClient(answer: unknown[] | number): GitHubClient {
  const listFiles = () => undefined
  return {
    rest: { pulls: { listFiles } },
    paginate: async (method: unknown) => {
      expect(method).toBe(listFiles)
      if (typeof answer === 'number') {
        throw Object.assign(new Error(`HTTP ${answer}`), { status: answer })
      }
      return answer
    }
  } as unknown as GitHubClient
}

describe('learnChanges on a pull_request event', () => {
  it('without a client, reads git diff --merge-base: renames, binaries, deletions, odd names', async () => {
    const changes = await learnChanges({ env: pullRequest(), root: repo })
    expect(changes).toEqual({
      known: true,
      set: { source: 'pull request #12', via: 'git diff --merge-base', files: expect.any(Map) }
    })
    if (changes?.known !== true) return
    expect(Object.fromEntries(changes.set.files)).toEqual(PR_CHANGES)
  })

  it('does the same for pull_request_target', async () => {
    const changes = await learnChanges({ env: pullRequest(8, 'pull_request_target'), root: repo })
    expect(changes?.known && Object.fromEntries(changes.set.files)).toEqual(PR_CHANGES)
  })

  it('maps paths to a root below the top level and drops the files outside it', async () => {
    const changes = await learnChanges({ env: pullRequest(), root: path.join(repo, 'weird') })
    expect(changes?.known && Object.fromEntries(changes.set.files)).toEqual({
      'tab\there.go': [{ start: 2, end: 2 }],
      'café.go': [{ start: 5, end: 5 }]
    })
  })

  it('falls back to git when the files API answers 403', async () => {
    const changes = await learnChanges({
      env: pullRequest(),
      root: repo,
      client: filesClient(403)
    })
    expect(changes?.known && changes.set.via).toBe('git diff --merge-base')
  })

  it('falls back to git when the files API lists fewer files than the pull request has', async () => {
    const listed = [{ filename: 'added.go', status: 'added', patch: '@@ -0,0 +1,3 @@\n+a\n+b\n+c' }]
    const changes = await learnChanges({
      env: pullRequest(3001),
      root: repo,
      client: filesClient(listed)
    })
    expect(changes?.known && changes.set.via).toBe('git diff --merge-base')
    expect(changes?.known && Object.fromEntries(changes.set.files)).toEqual(PR_CHANGES)
  })

  it('uses a complete files API answer: patches parsed, removed files ignored, no patch = whole file', async () => {
    const listed = [
      { filename: 'weird/café.go', status: 'modified', patch: '@@ -4,0 +5 @@\n+appended' },
      { filename: 'weird/logo.bin', status: 'modified' },
      { filename: 'weird/gone.go', status: 'removed', patch: '@@ -1 +0,0 @@\n-x' },
      { filename: 'calc/calc.go', status: 'modified', patch: '@@ -5 +5 @@\n-a\n+b' }
    ]
    const changes = await learnChanges({
      env: pullRequest(4),
      root: path.join(repo, 'weird'),
      client: filesClient(listed)
    })
    expect(changes?.known && changes.set.via).toBe('the pull request files API')
    expect(changes?.known && Object.fromEntries(changes.set.files)).toEqual({
      'café.go': [{ start: 5, end: 5 }],
      'logo.bin': 'file'
    })
  })

  it('in a shallow clone, says why the diff is unknown and how to get it', async () => {
    const changes = await learnChanges({ env: pullRequest(), root: shallow })
    expect(changes).toEqual({
      known: false,
      reason:
        "the pull request's diff could not be read: there is no GitHub token to read the pull " +
        `request files API and the checkout has no base commit ${base.slice(0, 7)} ` +
        '(fetch-depth: 0 would give it)'
    })
    const denied = await learnChanges({
      env: pullRequest(),
      root: shallow,
      client: filesClient(403)
    })
    expect(denied).toMatchObject({ known: false })
    expect(denied?.known === false && denied.reason).toMatch(
      /^the pull request's diff could not be read: GitHub answered 403 to the pull request files API and the checkout has no base commit/
    )
  })

  it('says so when the event payload cannot be read', async () => {
    const env = { ...pullRequest(), GITHUB_EVENT_PATH: path.join(tmp, 'missing.json') }
    const changes = await learnChanges({ env, root: repo })
    expect(changes?.known === false && changes.reason).toMatch(
      /^the pull_request event could not be read: its payload \(GITHUB_EVENT_PATH\) is unreadable/
    )
  })
})

describe('learnChanges on a push event', () => {
  it('reads git diff before..after when the checkout has both', async () => {
    const changes = await learnChanges({
      env: event({ before: forkPoint, after: head }, 'push'),
      root: repo
    })
    expect(changes).toEqual({
      known: true,
      set: {
        source: `push ${forkPoint.slice(0, 7)}..${head.slice(0, 7)}`,
        via: 'git diff',
        files: expect.any(Map)
      }
    })
    expect(changes?.known && Object.fromEntries(changes.set.files)).toEqual(PR_CHANGES)
  })

  it('is unknown, with the reason, for a new branch and in a shallow clone', async () => {
    const created = await learnChanges({
      env: event({ before: '0'.repeat(40), after: head, created: true }, 'push'),
      root: repo
    })
    expect(created).toEqual({
      known: false,
      reason: 'the push created the branch, so there is no earlier commit to compare with'
    })
    const shallowPush = await learnChanges({
      env: event({ before: forkPoint, after: head }, 'push'),
      root: shallow
    })
    expect(shallowPush).toEqual({
      known: false,
      reason:
        `the push's diff could not be read: the checkout has no earlier commit ` +
        `${forkPoint.slice(0, 7)} (fetch-depth: 0 would give it)`
    })
  })
})

describe('learnChanges on other events', () => {
  it('has nothing to say for workflow_dispatch, schedule, or outside Actions', async () => {
    expect(await learnChanges({ env: event({}, 'workflow_dispatch'), root: repo })).toBeUndefined()
    expect(await learnChanges({ env: event({}, 'schedule'), root: repo })).toBeUndefined()
    expect(await learnChanges({ env: {}, root: repo })).toBeUndefined()
  })
})

describe('parseGitDiff on real git output', () => {
  it('reads what git prints with its default quoting (octal escapes) too', () => {
    const output = git(
      repo,
      'diff',
      '--no-color',
      '--unified=0',
      '--find-renames',
      `${forkPoint}`,
      `${head}`
    )
    expect(output).toContain('"b/weird/caf\\303\\251.go"')
    expect(output).toContain('"b/weird/tab\\there.go"')
    expect(Object.fromEntries(changedRangesOf(parseGitDiff(output)))).toEqual(PR_CHANGES)
  })

  it('reads the context lines of a default (3-line) diff without taking them as changes', () => {
    const output = git(repo, 'diff', '--no-color', '--find-renames', forkPoint, head)
    expect(Object.fromEntries(changedRangesOf(parseGitDiff(output)))).toEqual(PR_CHANGES)
  })
})
