// env with the real go: the runner's environment as go reads it, then pinned by the gate.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { envCheck } from '../../src/checks/env.js'
import type { CheckOutcome } from '../../src/checks/types.js'
import type { CheckFinding } from '../../src/findings.js'
import { runCheck } from '../../src/runcheck.js'
import { cleanProcessEnv, contextFor, fixtureRepo, type FixtureRepo } from '../helpers/fixtures.js'

jest.setTimeout(60_000)

let repo: FixtureRepo
let outside: string
/** A go env file outside the repository, so the developer's own `go env -w` settings stay out. */
let emptyGoEnv: string

beforeAll(() => {
  repo = fixtureRepo('monorepo-replace')
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-goenv-'))
  emptyGoEnv = path.join(outside, 'empty.env')
  fs.writeFileSync(emptyGoEnv, '')
})
afterAll(() => {
  repo.cleanup()
  fs.rmSync(outside, { recursive: true, force: true })
})

async function envFor(
  extra: Record<string, string>
): Promise<{ outcome: CheckOutcome; pinnedGoflags: string; effectiveGoflags?: string }> {
  const context = await contextFor(repo.root, {}, cleanProcessEnv({ GOENV: emptyGoEnv, ...extra }))
  try {
    return {
      outcome: await envCheck.run(context),
      pinnedGoflags: context.pinned.GOFLAGS,
      effectiveGoflags: context.effectiveGoEnv.GOFLAGS
    }
  } finally {
    context.abort()
  }
}

function titled(findings: CheckFinding[], title: string): CheckFinding {
  const found = findings.find((f) => f.title === title)
  if (found === undefined) {
    throw new Error(`no finding "${title}" in ${JSON.stringify(findings.map((f) => f.title))}`)
  }
  return found
}

describe('env', () => {
  it('is a stage 0 check named env with a one-minute limit', () => {
    expect(envCheck).toMatchObject({ name: 'env', stage: 0, timeoutMs: 60_000 })
  })

  it('finds nothing in a clean environment and names the pinned values', async () => {
    const { outcome } = await envFor({})
    expect(outcome.findings).toEqual([])
    expect(outcome.summary).toMatch(
      /^pinned GOPROXY=\S+ GOSUMDB=\S+ GOFLAGS=-mod=readonly GOTOOLCHAIN=local$/
    )
  })

  it('warns on each variable that defeats the pinning, and pins GOFLAGS to -mod=readonly', async () => {
    const { outcome, pinnedGoflags, effectiveGoflags } = await envFor({
      GOSUMDB: 'off',
      GONOSUMCHECK: '1',
      GOFLAGS: '-mod=mod',
      GOPRIVATE: 'github.com/*'
    })
    expect(pinnedGoflags).toBe('-mod=readonly')
    // What the child go really saw.
    expect(effectiveGoflags).toBe('-mod=readonly')

    expect(outcome.findings.map((f) => f.title).sort()).toEqual(
      [
        'Checksum database disabled',
        'GOFLAGS -mod=mod replaced by -mod=readonly',
        'GONOSUMCHECK is not a Go variable',
        'GOPRIVATE covers public code hosts'
      ].sort()
    )
    for (const f of outcome.findings) {
      expect(f).toMatchObject({ severity: 'warning' })
      expect(f.rule).toMatch(/^env\//)
      expect(f.file).toBeUndefined()
      expect(f.fix).toMatch(/^[^\n]+$/)
    }
    expect(titled(outcome.findings, 'Checksum database disabled').message).toContain('GOSUMDB=off')
    expect(titled(outcome.findings, 'GONOSUMCHECK is not a Go variable').message).toContain(
      'did you mean GONOSUMDB?'
    )
    expect(
      titled(outcome.findings, 'GOFLAGS -mod=mod replaced by -mod=readonly').message
    ).toContain('GOFLAGS=-mod=mod')
    expect(titled(outcome.findings, 'GOPRIVATE covers public code hosts').message).toContain(
      'GOPRIVATE=github.com/*'
    )
    expect(outcome.summary).toContain('GOSUMDB=off')
    expect(outcome.summary).toContain('GOFLAGS=-mod=readonly')
  })

  it('knows the variables the installed go lists and the runtime ones it does not', async () => {
    const { outcome } = await envFor({
      GOGC: '200',
      GOMAXPROCS: '2',
      GOAMD64: 'v1',
      GOCACHEPROG: '',
      GOFIPS140: 'off',
      GOMEMLIMIT: '1GiB',
      GOPROXYY: 'https://proxy.example.com'
    })
    expect(outcome.findings.map((f) => f.title)).toEqual(['GOPROXYY is not a Go variable'])
    expect(outcome.findings[0]?.message).toContain('did you mean GOPROXY?')
  })

  it('annotates a go env file inside the repository at the line that sets the value', async () => {
    fs.mkdirSync(path.join(repo.root, 'ci'), { recursive: true })
    const file = path.join(repo.root, 'ci', 'go.env')
    fs.writeFileSync(file, '# CI settings\nGOINSECURE=git.corp.example.com\nGO111MODULE=auto\n')
    try {
      const { outcome } = await envFor({ GOENV: file })
      expect(
        outcome.findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'} ${f.severity} ${f.title}`)
      ).toEqual([
        'ci/go.env:2 warning Insecure module fetching enabled',
        'ci/go.env:3 warning GO111MODULE=auto'
      ])
    } finally {
      fs.rmSync(path.join(repo.root, 'ci'), { recursive: true, force: true })
    }
  })

  it('names a go env file outside the repository without annotating it', async () => {
    const file = path.join(outside, 'user.env')
    fs.writeFileSync(file, 'GOSUMDB=off\n')
    const { outcome } = await envFor({ GOENV: file })
    expect(outcome.findings).toHaveLength(1)
    const f = outcome.findings[0] as CheckFinding
    expect(f.title).toBe('Checksum database disabled')
    expect(f.message).toContain(file)
    expect(f.fix).toContain('go env -u GOSUMDB')
    expect(f.file).toBeUndefined()
    expect(f.line).toBeUndefined()
  })

  it('passes through the gate with warnings, and fails under fail-on: warning', async () => {
    const processEnv = cleanProcessEnv({ GOENV: emptyGoEnv, GOSUMDB: 'off' })
    const lenient = await contextFor(repo.root, {}, processEnv)
    const strict = await contextFor(repo.root, { 'fail-on': 'warning' }, processEnv)
    try {
      expect((await runCheck(envCheck, lenient)).status).toBe('pass')
      expect((await runCheck(envCheck, strict)).status).toBe('fail')
    } finally {
      lenient.abort()
      strict.abort()
    }
  })
})
