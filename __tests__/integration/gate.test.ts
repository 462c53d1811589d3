import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Check } from '../../src/checks/types.js'
import { parseConfig } from '../../src/config.js'
import { runGate } from '../../src/gate.js'
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
            check: 'modfile',
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
      summary: 'check crashed: did not finish within 0.1s'
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
})
