// Sharding through the command with the real go, on the fixture shard-packages (six test
// packages, p6 with one failing test): plan, three shards, merge, against one full run. Timings
// make p1 long enough to be split by test.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { run, type CliIO } from '../../src/cli.js'
import type { Finding, Report } from '../../src/findings.js'
import type { PlanDocument } from '../../src/shard/document.js'
import { cleanProcessEnv, fixtureRepo, type FixtureRepo } from '../helpers/fixtures.js'

jest.setTimeout(180_000)

interface Ran {
  status: number
  stdout: string
  stderr: string
}

async function cli(args: string[], cwd: string): Promise<Ran> {
  let stdout = ''
  let stderr = ''
  const io: CliIO = {
    stdout: { write: (chunk: string) => ((stdout += chunk), true) } as CliIO['stdout'],
    stderr: { write: (chunk: string) => ((stderr += chunk), true) } as CliIO['stderr'],
    env: cleanProcessEnv({ GOFLAGS: '' }),
    cwd
  }
  const status = await run(args, io)
  return { status, stdout, stderr }
}

const FAST = ['--race', 'false', '--rerun-failed', '0', '--checks', 'tests']
/** What two runs must agree on: each finding's identity, each test's end. */
const findingsOf = (report: Report): string[] =>
  report.results
    .flatMap((r) => r.findings)
    .map((f: Finding) => `${f.rule} ${f.file ?? ''}:${f.line ?? ''} ${f.title}`)
    .sort()
const testsOf = (report: Report): string[] =>
  (report.tests?.packages ?? [])
    .flatMap((p) => p.tests.map((t) => `${p.package} ${t.name} ${t.status}`))
    .sort()

let repo: FixtureRepo
let dir: string
let full: Report
let plan: PlanDocument
let planFile: string
const shardFiles: string[] = []

beforeAll(async () => {
  repo = fixtureRepo('shard-packages')
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-shards-'))
  const single = await cli(['--format', 'json', ...FAST, repo.root], repo.root)
  expect(single.status).toBe(1)
  full = JSON.parse(single.stdout) as Report
  // Timings as an earlier run would leave them: p1's four tests take most of the time.
  const timed: Report = {
    ...full,
    tests: {
      ...(full.tests as NonNullable<Report['tests']>),
      packages: (full.tests?.packages ?? []).map((p) => ({
        ...p,
        elapsed: p.package.endsWith('/p1') ? 41 : 1,
        tests: p.tests.map((t) => ({ ...t, elapsed: p.package.endsWith('/p1') ? 10 : 0.5 }))
      }))
    }
  }
  const timings = path.join(dir, 'last.json')
  fs.writeFileSync(timings, JSON.stringify(timed))
  const planned = await cli(
    ['plan', '--shards', '3', '--timings', timings, ...FAST, repo.root],
    repo.root
  )
  expect(planned.status).toBe(0)
  plan = JSON.parse(planned.stdout) as PlanDocument
  planFile = path.join(dir, 'plan.json')
  fs.writeFileSync(planFile, planned.stdout)
  for (let k = 1; k <= 3; k++) {
    const shard = await cli(
      ['--shard', `${k}/3`, '--plan', planFile, '--format', 'json', ...FAST, repo.root],
      repo.root
    )
    expect([0, 1]).toContain(shard.status)
    const file = path.join(dir, `shard-${k}.json`)
    fs.writeFileSync(file, shard.stdout)
    shardFiles.push(file)
  }
})
afterAll(() => {
  repo?.cleanup()
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true })
})

describe('go-ci-gate plan', () => {
  it('lists the six test packages, leaves lib out, and splits the long p1 by test', () => {
    expect(plan.units.map((u) => u.package.replace('example.com/shards/', ''))).toEqual([
      'p1',
      'p2',
      'p3',
      'p4',
      'p5',
      'p6'
    ])
    const p1 = plan.shards.flat().filter((a) => a.package.endsWith('/p1'))
    expect(p1.length).toBeGreaterThan(1)
    expect(p1.filter((a) => a.skip !== undefined)).toHaveLength(1)
    const inRun = p1.flatMap((a) => a.run ?? [])
    expect(new Set(inRun).size).toBe(inRun.length)
  })
})

describe('go-ci-gate --shard K/N and merge', () => {
  it('runs each shard marked with the plan, and only its share', () => {
    for (const [index, file] of shardFiles.entries()) {
      const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report
      expect(report.shard).toEqual({ index: index + 1, count: 3, plan: plan.id })
    }
    const perShard = shardFiles.map(
      (file) => testsOf(JSON.parse(fs.readFileSync(file, 'utf8')) as Report).length
    )
    expect(perShard.every((n) => n > 0 && n < testsOf(full).length)).toBe(true)
  })

  it('merges into the verdict, findings and tests of one full run, every test once', async () => {
    const merged = await cli(
      ['merge', '--plan', planFile, '--format', 'json', ...shardFiles],
      repo.root
    )
    expect(merged.status).toBe(1)
    const report = JSON.parse(merged.stdout) as Report
    expect(report.verdict).toBe(full.verdict)
    expect(findingsOf(report)).toEqual(findingsOf(full))
    expect(testsOf(report)).toEqual(testsOf(full))
  })

  it('fails the merge with one finding when a shard sent no report', async () => {
    const merged = await cli(
      ['merge', '--plan', planFile, '--format', 'json', ...shardFiles.slice(0, 2)],
      repo.root
    )
    expect(merged.status).toBe(1)
    const report = JSON.parse(merged.stdout) as Report
    const missing = report.results
      .flatMap((r) => r.findings)
      .filter((f) => f.rule === 'tests/shard-missing')
    expect(missing).toHaveLength(1)
    expect(missing[0]?.message).toMatch(/3\/3/)
  })

  it('runs a test added after the plan exactly once: the split package leftovers', async () => {
    const testFile = path.join(repo.root, 'p1', 'p1_test.go')
    fs.appendFileSync(testFile, '\nfunc TestAddedLater(t *testing.T) {}\n')
    try {
      const files: string[] = []
      for (let k = 1; k <= 3; k++) {
        const shard = await cli(
          ['--shard', `${k}/3`, '--plan', planFile, '--format', 'json', ...FAST, repo.root],
          repo.root
        )
        const file = path.join(dir, `late-${k}.json`)
        fs.writeFileSync(file, shard.stdout)
        files.push(file)
      }
      const merged = await cli(
        ['merge', '--plan', planFile, '--format', 'json', ...files],
        repo.root
      )
      const report = JSON.parse(merged.stdout) as Report
      expect(testsOf(report).filter((t) => t.includes('TestAddedLater'))).toEqual([
        'example.com/shards/p1 TestAddedLater pass'
      ])
      expect(findingsOf(report)).toEqual(findingsOf(full))
    } finally {
      fs.writeFileSync(
        testFile,
        fs.readFileSync(testFile, 'utf8').replace(/\nfunc TestAddedLater[^\n]*\n$/, '')
      )
    }
  })

  it('refuses a shard of another plan before running anything', async () => {
    const ran = await cli(['--shard', '4/4', '--plan', planFile, ...FAST, repo.root], repo.root)
    expect(ran.status).toBe(2)
    expect(ran.stderr).toMatch(
      /^go-ci-gate: --shard: "4\/4" does not fit the plan, which has 3 shards/
    )
  })
})
