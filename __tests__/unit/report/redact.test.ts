import { describe, expect, it } from '@jest/globals'
import { redactCredentials, redactReport, urlCredentials } from '../../../src/report/redact.js'
import { report } from './fixtures.js'

describe('redactCredentials', () => {
  it.each([
    ['https://user:p%40ss@proxy.example.com/go', 'https://***@proxy.example.com/go'],
    [
      'GOPROXY=https://tok123@proxy.example.com,direct',
      'GOPROXY=https://***@proxy.example.com,direct'
    ],
    ['a|http://u:p@127.0.0.1:8080|file:///x', 'a|http://***@127.0.0.1:8080|file:///x'],
    [
      'reading https://u:p@h.example/x/@v/list: 503',
      'reading https://***@h.example/x/@v/list: 503'
    ],
    // No userinfo: unchanged, @ in paths (module versions) included.
    [
      'https://proxy.example.com/github.com/x/y/@v/v1.0.0.zip',
      'https://proxy.example.com/github.com/x/y/@v/v1.0.0.zip'
    ],
    ['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
    ['example.com/m@v1.2.3', 'example.com/m@v1.2.3']
  ])('%s -> %s', (text, redacted) => {
    expect(redactCredentials(text)).toBe(redacted)
  })
})

describe('urlCredentials', () => {
  it('names the userinfo, the password and its decoded form, never the user alone', () => {
    expect(urlCredentials('https://user:p%40ss@proxy.example.com,direct').sort()).toEqual(
      ['p%40ss', 'p@ss', 'user:p%40ss'].sort()
    )
  })

  it('names a token given as the user', () => {
    expect(urlCredentials('https://ghp_abc@proxy.example.com')).toEqual(['ghp_abc'])
  })

  it('names nothing without credentials', () => {
    expect(urlCredentials('https://proxy.example.com,direct off')).toEqual([])
  })
})

describe('redactReport', () => {
  it('redacts every string of the report, the pinned values and findings included', () => {
    const secret = 'https://u:hunter2@proxy.example.com'
    const shown = redactReport({
      ...report([
        {
          check: 'download',
          status: 'fail',
          durationMs: 1,
          findings: [
            {
              check: 'download',
              rule: 'download/failed',
              severity: 'error',
              title: 'Could not download x',
              message: `reading ${secret}/x/@v/list`,
              fix: `check that GOPROXY (${secret}) is reachable`
            }
          ]
        }
      ]),
      pinned: { GOPROXY: secret },
      environment: { hash: 'abc', values: { GOPROXY: secret } }
    })
    expect(JSON.stringify(shown)).not.toContain('hunter2')
    expect(shown.pinned?.GOPROXY).toBe('https://***@proxy.example.com')
    expect(shown.results[0]?.findings[0]?.fix).toBe(
      'check that GOPROXY (https://***@proxy.example.com) is reachable'
    )
  })
})
