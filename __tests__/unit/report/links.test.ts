import { describe, expect, it } from '@jest/globals'
import { blobUrl, linkBaseFromEnv } from '../../../src/report/links.js'

const HEAD = 'a'.repeat(40)
const MERGE = 'b'.repeat(40)
const BASE = { server: 'https://github.com', repository: 'octo-org/planted', sha: HEAD }

function env(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/planted',
    GITHUB_SHA: MERGE,
    GITHUB_EVENT_NAME: 'push',
    ...overrides
  }
}

describe('linkBaseFromEnv', () => {
  it('links a push to GITHUB_SHA', () => {
    expect(linkBaseFromEnv(env())).toEqual({ ...BASE, sha: MERGE })
  })

  it('links a pull request to its head commit from the event, not the merge commit', () => {
    const events: Record<string, string> = {
      '/event.json': JSON.stringify({ pull_request: { head: { sha: HEAD } } })
    }
    const read = (file: string): string => {
      const text = events[file]
      if (text === undefined) throw new Error(`ENOENT: ${file}`)
      return text
    }
    for (const name of ['pull_request', 'pull_request_target']) {
      const pr = env({ GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: '/event.json' })
      expect(linkBaseFromEnv(pr, read)).toEqual(BASE)
    }
    // An unreadable or odd payload falls back to GITHUB_SHA rather than losing the links.
    const missing = env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/none.json' })
    expect(linkBaseFromEnv(missing, read)?.sha).toBe(MERGE)
    events['/odd.json'] = '{"pull_request": {"head": {"sha": 7}}}'
    const odd = env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/odd.json' })
    expect(linkBaseFromEnv(odd, read)?.sha).toBe(MERGE)
  })

  it('makes no links when a part is missing or not what GitHub sets', () => {
    expect(linkBaseFromEnv({})).toBeUndefined()
    expect(linkBaseFromEnv(env({ GITHUB_SERVER_URL: '' }))).toBeUndefined()
    expect(linkBaseFromEnv(env({ GITHUB_REPOSITORY: 'a/b)c' }))).toBeUndefined()
    expect(linkBaseFromEnv(env({ GITHUB_SHA: 'main' }))).toBeUndefined()
    expect(linkBaseFromEnv(env({ GITHUB_SERVER_URL: 'javascript:alert(1)' }))).toBeUndefined()
    expect(linkBaseFromEnv(env({ GITHUB_SERVER_URL: 'https://ghe.example/' }))?.server).toBe(
      'https://ghe.example'
    )
  })
})

describe('blobUrl', () => {
  const root = `https://github.com/octo-org/planted/blob/${HEAD}`

  it('points at the line, or the range to endLine', () => {
    expect(blobUrl(BASE, { file: 'go.mod', line: 3 })).toBe(`${root}/go.mod#L3`)
    expect(blobUrl(BASE, { file: 'a/b_test.go', line: 12, endLine: 14 })).toBe(
      `${root}/a/b_test.go#L12-L14`
    )
    expect(blobUrl(BASE, { file: 'go.sum' })).toBe(`${root}/go.sum`)
    expect(blobUrl(BASE, { file: './go.mod', line: 1, endLine: 1 })).toBe(`${root}/go.mod#L1`)
  })

  it('encodes each path segment, parentheses and spaces included', () => {
    expect(blobUrl(BASE, { file: 'my dir/(v2)/ä#?.go', line: 1 })).toBe(
      `${root}/my%20dir/%28v2%29/%C3%A4%23%3F.go#L1`
    )
  })

  it('makes no link for a file outside the repository', () => {
    for (const file of ['../x.go', '/etc/passwd', 'a/../../x.go', 'a//b.go', 'a\\b.go', 'a\nb']) {
      expect(blobUrl(BASE, { file, line: 1 })).toBeUndefined()
    }
    expect(blobUrl(BASE, { line: 1 })).toBeUndefined()
  })
})
