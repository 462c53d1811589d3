// The download check's decisions, on facts made by hand: when to retry, how long to wait, and
// which line each failure lands on. The real go runs in __tests__/integration/download.test.ts.
import { describe, expect, it } from '@jest/globals'
import { assessDownload } from '../../../src/checks/download.js'
import {
  backoffDelay,
  retryDecision,
  type AttemptFacts,
  type DownloadFacts,
  type TargetFacts
} from '../../../src/checks/downloadfacts.js'
import { absolutePathEdits } from '../../../src/checks/downloadrun.js'
import { planTargets } from '../../../src/checks/moduletargets.js'
import { parseDownloadOutput } from '../../../src/go/downloaderrors.js'
import { locateDirectives, type GoModJson } from '../../../src/go/gomod.js'
import type { GoModule, GoWorkspace } from '../../../src/go/modules.js'

const GO_MOD = [
  'module example.com/app', // 1
  '', // 2
  'go 1.24.0', // 3
  '', // 4
  'require (', // 5
  '\tgithub.com/x/y v1.2.3', // 6
  '\tgithub.com/old/z v1.0.0', // 7
  ')', // 8
  '', // 9
  'replace github.com/old/z => github.com/fork/z v1.0.1' // 10
].join('\n')
const GO_SUM = [
  'github.com/x/y v1.2.3 h1:AAAA=', // 1
  'github.com/x/y v1.2.3/go.mod h1:BBBB=' // 2
].join('\n')
const JSON_MOD: GoModJson = {
  Module: { Path: 'example.com/app' },
  Go: '1.24.0',
  Require: [
    { Path: 'github.com/x/y', Version: 'v1.2.3' },
    { Path: 'github.com/old/z', Version: 'v1.0.0' }
  ],
  Exclude: null,
  Replace: [
    {
      Old: { Path: 'github.com/old/z' },
      New: { Path: 'github.com/fork/z', Version: 'v1.0.1' }
    }
  ],
  Retract: null
}

function attempt(stderr: string, extra: Partial<AttemptFacts> = {}): AttemptFacts {
  return {
    exitCode: stderr === '' ? 0 : 1,
    timedOut: false,
    timeoutMs: 300_000,
    output: parseDownloadOutput('', stderr),
    stderr,
    ...extra
  }
}

function facts(attempts: AttemptFacts[], extra: Partial<TargetFacts> = {}): DownloadFacts {
  const target: TargetFacts = {
    target: {
      kind: 'module',
      label: 'go.mod',
      dir: '/repo',
      modules: [
        {
          dir: '/repo',
          relDir: '.',
          relPath: 'go.mod',
          directives: locateDirectives(GO_MOD),
          json: JSON_MOD
        }
      ]
    },
    attempts,
    maxAttempts: 4,
    sums: { relPath: 'go.sum', before: GO_SUM, after: GO_SUM },
    goSums: [{ relPath: 'go.sum', text: GO_SUM }],
    goMod: { before: GO_MOD, after: GO_MOD },
    copyFile: '/tmp/copy/go.mod',
    ...extra
  }
  return {
    targets: [target],
    skipped: [],
    goproxy: 'https://proxy.example.com',
    downloadRetries: 3,
    root: '/repo'
  }
}

const E503 =
  'go: github.com/x/y@v1.2.3: reading https://proxy.example.com/github.com/x/y/@v/v1.2.3.zip: 503 Service Unavailable'
const E404 =
  'go: github.com/fork/z@v1.0.1: reading https://proxy.example.com/github.com/fork/z/@v/v1.0.1.mod: 404 Not Found'

describe('retryDecision', () => {
  it('does not retry a success', () => {
    expect(retryDecision(attempt('')).retry).toBe(false)
  })

  it('retries when every failure is transient, naming the first', () => {
    expect(retryDecision(attempt(E503))).toEqual({
      retry: true,
      cause: '503 Service Unavailable',
      subject: 'github.com/x/y@v1.2.3'
    })
  })

  it('does not retry when one failure is permanent', () => {
    expect(retryDecision(attempt(`${E503}\n${E404}`)).retry).toBe(false)
  })

  it('retries an attempt it had to stop, naming what go waited for', () => {
    const hung = attempt('# get https://proxy.example.com/github.com/x/y/@v/v1.2.3.mod', {
      exitCode: null,
      timedOut: true,
      timeoutMs: 1500
    })
    expect(retryDecision(hung)).toEqual({
      retry: true,
      cause: 'no answer within 1.5s',
      subject: 'github.com/x/y@v1.2.3'
    })
  })

  it('does not retry a failure it cannot name', () => {
    expect(retryDecision(attempt('something odd happened')).retry).toBe(false)
  })
})

describe('backoff and durations', () => {
  it('doubles from the base', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(1000, n))).toEqual([1000, 2000, 4000, 8000])
  })
})

describe('assessDownload', () => {
  it('puts a not-found replacement on its replace line', () => {
    const outcome = assessDownload(facts([attempt(E404)]))
    expect(outcome.findings.map((f) => [f.file, f.line, f.severity, f.title])).toEqual([
      ['go.mod', 10, 'error', 'github.com/fork/z@v1.0.1 not found']
    ])
  })

  it('says how many attempts a transient failure got', () => {
    const outcome = assessDownload(
      facts([attempt(E503), attempt(E503), attempt(E503), attempt(E503)])
    )
    expect(outcome.findings).toHaveLength(1)
    expect(outcome.findings[0]).toMatchObject({ file: 'go.mod', line: 6 })
    expect(outcome.findings[0]?.message).toContain('4 attempts (download-retries: 3)')
    expect(outcome.summary).toBe('0 modules downloaded, 1 failed (3 retries)')
  })

  it('puts a checksum database mismatch on the go.sum line, and says not to edit go.sum', () => {
    const stderr = [
      'verifying github.com/x/y@v1.2.3: checksum mismatch',
      '\tdownloaded: h1:CCCC=',
      '\tsum.example.com: h1:AAAA=',
      '',
      'SECURITY ERROR'
    ].join('\n')
    const f = assessDownload(facts([attempt(stderr)])).findings
    expect(f.map((x) => [x.file, x.line, x.title])).toEqual([
      ['go.sum', 1, 'Checksum mismatch for github.com/x/y v1.2.3']
    ])
    expect(f[0]?.message).toContain('the checksum database sum.example.com has h1:AAAA=')
    expect(f[0]?.fix).toMatch(/^do not update go.sum/)
  })

  it('falls back to the require line when go.sum has no line for the mismatch', () => {
    const stderr =
      'verifying github.com/x/y@v1.2.3/go.mod: checksum mismatch\n\tdownloaded: h1:DDDD=\n\tgo.sum:     h1:EEEE='
    const f = assessDownload(facts([attempt(stderr)])).findings
    expect(f.map((x) => [x.file, x.line])).toEqual([['go.mod', 6]])
  })

  it('reports lines go added to its copy of go.sum, once per module version', () => {
    const after = `${GO_SUM}\ngithub.com/fork/z v1.0.1 h1:FFFF=\ngithub.com/fork/z v1.0.1/go.mod h1:GGGG=\n`
    const f = assessDownload(
      facts([attempt('')], { sums: { relPath: 'go.sum', before: GO_SUM, after } })
    ).findings
    expect(f.map((x) => [x.file, x.line, x.title])).toEqual([
      ['go.mod', 10, 'go.sum lacks checksums for github.com/fork/z v1.0.1']
    ])
    expect(f[0]?.message).toContain('github.com/fork/z v1.0.1/go.mod h1:GGGG=')
  })

  it.each(['../tmp/copy/go.mod', '/tmp/copy/go.mod'])(
    'shows the user file, not the copy (%s), in go messages',
    (copy) => {
      const stderr = `go: errors parsing ${copy}:\n${copy}:6: require github.com/x/y: version "v2.0.0" invalid: should be v0 or v1, not v2`
      const f = assessDownload(facts([attempt(stderr)])).findings
      expect(f.map((x) => [x.file, x.line, x.title])).toEqual([
        ['go.mod', 6, 'go mod download failed']
      ])
      expect(f[0]?.message).toBe(
        'go.mod:6: require github.com/x/y: version "v2.0.0" invalid: should be v0 or v1, not v2'
      )
    }
  )
})

describe('assessDownload: the root cause the later checks would hit again', () => {
  // What git says for a private repository when go fetches it directly without credentials.
  const PROMPT = [
    'go: github.com/x/y@v1.2.3: reading github.com/x/y/go.mod at revision v1.2.3: git ls-remote -q origin in /home/runner/go/pkg/mod/cache/vcs/0123: exit status 128:',
    "\tfatal: could not read Username for 'https://github.com': terminal prompts disabled",
    'Confirm the import path was typed correctly.'
  ].join('\n')
  const E403 =
    'go: github.com/x/y@v1.2.3: reading https://proxy.example.com/github.com/x/y/@v/v1.2.3.mod: 403 Forbidden'

  it.each([
    ['a 404', E404, 'github.com/fork/z@v1.0.1 not found (download)'],
    ['a refusal', E403, 'Could not download github.com/x/y@v1.2.3 (download)'],
    ['terminal prompts disabled', PROMPT, 'Could not download github.com/x/y@v1.2.3 (download)']
  ])('%s blocks the module for every later check, named by its finding', (_, stderr, reason) => {
    const outcome = assessDownload(facts([attempt(stderr)]))
    expect(outcome.findings).toHaveLength(1)
    expect(outcome.blocked).toEqual([{ moduleDirs: ['.'], reason }])
    expect(outcome.proxyUnreachable).toBeUndefined()
  })

  it('a proxy that could not be reached blocks it too, saying so, and the later checks go offline', () => {
    const outcome = assessDownload(
      facts([attempt(E503), attempt(E503), attempt(E503), attempt(E503)])
    )
    expect(outcome.blocked).toEqual([
      {
        moduleDirs: ['.'],
        reason: 'download could not reach the module proxy (503 Service Unavailable)'
      }
    ])
    expect(outcome.proxyUnreachable).toEqual({
      reason: '503 Service Unavailable',
      moduleDirs: ['.']
    })
  })

  it('go.sum lines go had to add block it: builds with -mod=readonly stop at "missing go.sum entry"', () => {
    const after = `${GO_SUM}\ngithub.com/fork/z v1.0.1 h1:FFFF=\n`
    const outcome = assessDownload(
      facts([attempt('')], { sums: { relPath: 'go.sum', before: GO_SUM, after } })
    )
    expect(outcome.blocked).toEqual([
      {
        moduleDirs: ['.'],
        reason: 'go.sum lacks checksums for github.com/fork/z v1.0.1 (download)'
      }
    ])
  })

  it('a module built from vendor/ is blocked only for the checks that download or read go.sum', () => {
    const outcome = assessDownload({ ...facts([attempt(E404)]), fromVendor: ['.'] })
    expect(outcome.blocked).toEqual([
      {
        moduleDirs: ['.'],
        reason: 'github.com/fork/z@v1.0.1 not found (download)',
        checks: ['download', 'verify', 'tidy', 'vendor']
      }
    ])
  })

  it('a clean download blocks nothing', () => {
    const outcome = assessDownload(facts([attempt('')]))
    expect(outcome.findings).toEqual([])
    expect(outcome.blocked).toBeUndefined()
  })
})

describe('planTargets and absolutePathEdits', () => {
  const module = (relDir: string, go = '1.24.0'): GoModule => ({
    dir: `/repo/${relDir}`,
    relDir,
    file: `/repo/${relDir}/go.mod`,
    relPath: `${relDir}/go.mod`,
    text: '',
    directives: [],
    json: { ...JSON_MOD, Go: go }
  })
  const workspace: GoWorkspace = {
    file: '/repo/go.work',
    relPath: 'go.work',
    text: '',
    directives: [],
    json: {
      Go: '1.24.0',
      Use: [{ DiskPath: './a' }, { DiskPath: './b' }],
      Replace: [
        { Old: { Path: 'example.com/lib' }, New: { Path: '../lib' } },
        {
          Old: { Path: 'example.com/v', Version: 'v1.0.0' },
          New: { Path: 'example.com/v', Version: 'v1.0.1' }
        }
      ]
    }
  }
  const env = { GOVERSION: 'go1.26.8' }

  it('runs the workspace once and the modules it does not use on their own', () => {
    const plan = planTargets({
      modules: [module('a'), module('b'), module('c')],
      workspace,
      effectiveGoEnv: env
    })
    expect(plan.targets.map((t) => [t.kind, t.label, t.modules.map((m) => m.relDir)])).toEqual([
      ['workspace', 'go.work', ['a', 'b']],
      ['module', 'c/go.mod', ['c']]
    ])
    expect(plan.skipped).toEqual([])
  })

  it('skips the whole workspace when go cannot run one of its modules', () => {
    const plan = planTargets({
      modules: [module('a'), module('b', '1.99.0'), module('c')],
      workspace,
      effectiveGoEnv: env
    })
    expect(plan.targets.map((t) => t.label)).toEqual(['c/go.mod'])
    expect(plan.skipped.map((s) => [s.module.relDir, s.reason])).toEqual([
      ['b', 'b/go.mod requires go >= 1.99.0 (running go 1.26.8)'],
      ['a', 'go.work uses b, which go cannot run on']
    ])
  })

  it('makes the copy of go.work point at the real directories', () => {
    expect(absolutePathEdits(workspace, '/repo')).toEqual([
      '-dropuse=./a',
      '-use=/repo/a',
      '-dropuse=./b',
      '-use=/repo/b',
      '-dropreplace=example.com/lib',
      '-replace=example.com/lib=/lib'
    ])
  })
})
