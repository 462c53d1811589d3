import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Check } from '../../src/checks/types.js'
import { parseConfig } from '../../src/config.js'
import { gateDeadlineMs, runGate } from '../../src/gate.js'
import type { Logger } from '../../src/report/logger.js'
import { cleanProcessEnv, fixtureRepo, type FixtureRepo } from '../helpers/fixtures.js'

const silent: Logger = {
  info: () => undefined,
  warning: () => undefined,
  group: (_name, fn) => fn(),
  block: () => undefined
}

function check(
  name: Check['name'],
  stage: Check['stage'],
  run: Check['run'],
  timeoutMs = 10_000
): Check {
  return { name, stage, timeoutMs, run }
}

let repo: FixtureRepo
beforeAll(() => {
  repo = fixtureRepo('clean')
})
afterAll(() => repo.cleanup())

const configFor = (root: string, checks = 'all') =>
  parseConfig({ checks }, { cwd: root, root, label: (n) => n })

describe('runGate', () => {
  it('runs stages in order, the later stage after the earlier one finished', async () => {
    const order: string[] = []
    const checks = [
      check('modfile', 2, async () => (order.push('stage2'), { findings: [] })),
      check('toolchain', 0, async () => {
        await new Promise((r) => setTimeout(r, 50))
        order.push('stage0')
        return { findings: [] }
      }),
      check('env', 1, async () => (order.push('stage1'), { findings: [] }))
    ]
    const report = await runGate({
      config: configFor(repo.root),
      checks,
      logger: silent,
      processEnv: cleanProcessEnv(),
      toolVersion: 'test'
    })
    expect(order).toEqual(['stage0', 'stage1', 'stage2'])
    expect(report.results.map((r) => r.check)).toEqual(['toolchain', 'env', 'modfile'])
    expect(report.verdict).toBe('pass')
  })

  it('reports a check that throws or overruns as error, and still runs the others', async () => {
    let overrunSignal: AbortSignal | undefined
    const checks = [
      check('toolchain', 0, async () => {
        throw new Error('boom')
      }),
      check(
        'env',
        0,
        (ctx) => {
          overrunSignal = ctx.signal
          return new Promise(() => undefined)
        },
        100
      ),
      check('modfile', 0, async (ctx) => ({
        findings: [
          {
            rule: 'modfile/replace',
            severity: 'notice',
            title: 'seen',
            message: `${ctx.modules.length} module(s) at ${ctx.modules[0]?.relPath}`
          }
        ]
      }))
    ]
    const report = await runGate({
      config: configFor(repo.root),
      checks,
      logger: silent,
      processEnv: cleanProcessEnv(),
      toolVersion: 'test'
    })
    const byName = Object.fromEntries(report.results.map((r) => [r.check, r]))
    expect(byName.toolchain).toMatchObject({ status: 'error', summary: 'check crashed: boom' })
    expect(byName.env).toMatchObject({
      status: 'error',
      summary: 'stopped: did not finish within 100ms'
    })
    expect(byName.modfile).toMatchObject({ status: 'pass' })
    // The overrun check's own signal aborted: the go commands it started are killed.
    expect(overrunSignal?.aborted).toBe(true)
    expect(byName.modfile?.findings[0]?.message).toBe('1 module(s) at go.mod')
    expect(report.verdict).toBe('fail')
  })

  it('runs only the checks the config names', async () => {
    const ran: string[] = []
    const checks = (['toolchain', 'env', 'modfile'] as const).map((name) =>
      check(name, 0, async () => (ran.push(name), { findings: [] }))
    )
    const report = await runGate({
      config: configFor(repo.root, 'env'),
      checks,
      logger: silent,
      processEnv: cleanProcessEnv(),
      toolVersion: 'test'
    })
    expect(ran).toEqual(['env'])
    expect(report.results.map((r) => r.check)).toEqual(['env'])
  })

  it('pins the environment, fingerprints it, and records every go command', async () => {
    const report = await runGate({
      config: configFor(repo.root),
      checks: [],
      logger: silent,
      processEnv: cleanProcessEnv({ GOFLAGS: '-mod=mod -count=1' }),
      toolVersion: 'test'
    })
    expect(report.pinned).toMatchObject({
      GOFLAGS: '-count=1 -mod=readonly',
      GOTOOLCHAIN: 'local',
      GO111MODULE: 'on'
    })
    expect(report.environment?.values.GOFLAGS).toBe('-count=1 -mod=readonly')
    expect(report.environment?.hash).toMatch(/^[0-9a-f]{12}$/)
    expect(report.modules).toEqual([{ path: 'example.com/clean', dir: '.' }])
    expect(report.commands.map((c) => c.args.join(' '))).toEqual(
      expect.arrayContaining(['env -json', 'mod edit -json', 'env GOWORK'])
    )
  })

  it('without go, fails with one finding saying to add setup-go and skips the rest', async () => {
    const report = await runGate({
      config: configFor(repo.root),
      checks: (['toolchain', 'env', 'modfile'] as const).map((name) =>
        check(name, 0, async () => ({ findings: [] }))
      ),
      logger: silent,
      processEnv: cleanProcessEnv(),
      toolVersion: 'test',
      goBinary: 'go-missing-binary'
    })
    expect(report.verdict).toBe('fail')
    expect(report.setupError).toBe('go was not found')
    expect(report.results.map((r) => [r.check, r.status])).toEqual([
      ['toolchain', 'fail'],
      ['env', 'skipped'],
      ['modfile', 'skipped']
    ])
    expect(report.results[0]?.findings).toHaveLength(1)
    expect(report.results[0]?.findings[0]?.message).toMatch(/add actions\/setup-go/)
  })

  it('adds no -mod to GOFLAGS where the repository vendors, so go keeps building from vendor/', async () => {
    const vendored = fixtureRepo('vendor-module')
    try {
      const report = await runGate({
        config: configFor(vendored.root),
        checks: [],
        logger: silent,
        processEnv: cleanProcessEnv({ GOFLAGS: '-mod=mod' }),
        toolVersion: 'test'
      })
      expect(report.pinned?.GOFLAGS).toBe('')
    } finally {
      vendored.cleanup()
    }
  })

  it('stops every check still running at the deadline, skips the later ones, and still reports', async () => {
    let stopped: AbortSignal | undefined
    const report = await runGate({
      config: configFor(repo.root),
      checks: [
        check('toolchain', 0, async () => ({ findings: [] })),
        check('download', 1, (ctx) => {
          stopped = ctx.signal
          return new Promise(() => undefined)
        }),
        check('tests', 2, async () => ({ findings: [] }))
      ],
      logger: silent,
      processEnv: cleanProcessEnv(),
      toolVersion: 'test',
      deadlineMs: 1500
    })
    const rule = 'timeout + (download-retries + 1) × download-timeout + 30m'
    expect(report.results.map((r) => `${r.check} ${r.status}: ${r.summary ?? ''}`)).toEqual([
      'toolchain pass: ',
      `download error: stopped: the gate's deadline passed (1.5s: ${rule})`,
      `tests skipped: not run: the gate's deadline passed (1.5s: ${rule})`
    ])
    expect(stopped?.aborted).toBe(true)
    expect(report.verdict).toBe('fail')
  })

  it('sets the deadline from timeout, download-retries and download-timeout; none with timeout 0', () => {
    const config = (inputs: Record<string, string>) =>
      parseConfig(inputs, { cwd: repo.root, root: repo.root, label: (n) => n })
    // 10m + 4 × 2m + 30m
    expect(gateDeadlineMs(config({}))).toBe(48 * 60_000)
    expect(
      gateDeadlineMs(config({ timeout: '1h', 'download-retries': '0', 'download-timeout': '30s' }))
    ).toBe(90 * 60_000 + 30_000)
    expect(gateDeadlineMs(config({ timeout: '0' }))).toBeUndefined()
  })

  describe('a set-up that leaves nothing to check fails, with one finding and the reason', () => {
    const stage0 = (['toolchain', 'env', 'modfile'] as const).map((name) =>
      check(name, 0, async () => ({ findings: [] }))
    )
    const tests = check('tests', 2, async () => ({ findings: [] }))
    const gate = (root: string, env: Record<string, string> = {}, goBinary?: string) =>
      runGate({
        config: configFor(root),
        checks: [...stage0, tests],
        logger: silent,
        processEnv: cleanProcessEnv(env),
        toolVersion: 'test',
        goEnvTimeoutMs: 1000,
        ...(goBinary === undefined ? {} : { goBinary })
      })
    const statuses = (report: Awaited<ReturnType<typeof gate>>) =>
      report.results.map((r) => `${r.check} ${r.status}${r.summary ? `: ${r.summary}` : ''}`)

    it('no go.mod under the directory: a modfile error naming where it looked; only static checks run', async () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-nomodule-'))
      try {
        fs.mkdirSync(path.join(empty, 'testdata', 'm'), { recursive: true })
        // A go.mod where go never looks for one (testdata/) is no module of the repository.
        fs.writeFileSync(path.join(empty, 'testdata', 'm', 'go.mod'), 'module example.com/m\n')
        const report = await gate(empty)
        expect(report.verdict).toBe('fail')
        expect(report.setupError).toBe('no Go module found in the repository root')
        expect(statuses(report)).toEqual([
          'toolchain pass',
          'env pass',
          'modfile fail',
          'tests skipped: not run: no Go module found in the repository root'
        ])
        expect(report.results[2]?.findings[0]?.message).toMatch(
          /Looked for go\.mod in the repository root and every directory below/
        )
      } finally {
        fs.rmSync(empty, { recursive: true, force: true })
      }
    })

    it('a working directory inside a module: says which module to point at', async () => {
      fs.mkdirSync(path.join(repo.root, 'docs'), { recursive: true })
      const config = parseConfig(
        { 'working-directory': 'docs' },
        { cwd: repo.root, root: repo.root, label: (n) => n }
      )
      const report = await runGate({
        config,
        checks: stage0,
        logger: silent,
        processEnv: cleanProcessEnv(),
        toolVersion: 'test'
      })
      const finding = report.results.find((r) => r.check === 'modfile')?.findings[0]
      expect(finding?.title).toBe('No Go module found in docs')
      expect(finding?.fix).toBe('set working-directory to the repository root')
    })

    it.each([
      [
        'GOOS',
        'bogus',
        "go rejects the job's environment: GOOS=bogus",
        /unsupported GOOS\/GOARCH pair bogus/
      ],
      [
        'GO111MODULE',
        'maybe',
        "go rejects the job's environment: GO111MODULE=maybe",
        /GO111MODULE=maybe/
      ],
      [
        'GOEXPERIMENT',
        'bogus',
        "go rejects the job's environment: GOEXPERIMENT=bogus",
        /unknown GOEXPERIMENT bogus/
      ],
      [
        'GOCACHE',
        'relative/cache',
        "go rejects the job's environment: GOCACHE=relative/cache",
        /GOCACHE is not an absolute path/
      ]
    ])(
      "%s=%s: an env error naming the variable and go's own words",
      async (name, value, title, said) => {
        const report = await gate(repo.root, { [name]: value })
        expect(report.setupError).toBe(title)
        expect(statuses(report)).toEqual([
          `toolchain skipped: not run: ${title}`,
          'env fail',
          `modfile skipped: not run: ${title}`,
          `tests skipped: not run: ${title}`
        ])
        const finding = report.results[1]?.findings[0]
        expect(finding?.title).toBe(title)
        expect(finding?.message).toMatch(said)
      }
    )

    it('GOFLAGS go cannot parse: one env error, not a go.mod error', async () => {
      const report = await gate(repo.root, { GOFLAGS: '-notaflag' })
      expect(report.setupError).toBe('go cannot parse GOFLAGS')
      const finding = report.results.find((r) => r.check === 'env')?.findings[0]
      expect(finding?.title).toBe('go cannot parse GOFLAGS=-notaflag -mod=readonly')
      expect(finding?.message).toMatch(/unknown flag -notaflag/)
      expect(report.results.flatMap((r) => r.findings)).toHaveLength(1)
    })

    it('a go that prints junk, exits 2 with nothing said, or hangs: said as such', async () => {
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-badgo-'))
      const fake = (name: string, script: string): string => {
        const file = path.join(bin, name)
        fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 })
        return file
      }
      try {
        const junk = await gate(repo.root, {}, fake('junk', 'echo "<html>not go</html>"'))
        expect(junk.results.find((r) => r.check === 'env')?.findings[0]).toMatchObject({
          title: 'go env -json printed something that is not JSON',
          message: expect.stringContaining('<html>not go</html>')
        })
        const silentExit = await gate(repo.root, {}, fake('exit2', 'exit 2'))
        expect(silentExit.results.find((r) => r.check === 'env')?.findings[0]).toMatchObject({
          title: "go env fails with the job's environment",
          message: '`go env -json` exited 2 without a message'
        })
        const started = Date.now()
        const hung = await gate(repo.root, {}, fake('hang', 'exec sleep 30'))
        expect(Date.now() - started).toBeLessThan(10_000)
        expect(hung.setupError).toBe('go env did not answer within 1 s')
        for (const report of [junk, silentExit, hung]) expect(report.verdict).toBe('fail')
      } finally {
        fs.rmSync(bin, { recursive: true, force: true })
      }
    })
  })
})
