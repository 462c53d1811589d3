// One cause, one finding: the whole gate with the real go on repositories with one broken module
// next to one that is fine. The root cause is the only error; the later checks skip the broken
// module saying why, and still check the other one fully.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { CHECKS } from '../../src/checks/index.js'
import { createDownloadCheck } from '../../src/checks/download.js'
import { parseConfig, type RawInputs } from '../../src/config.js'
import { allFindings, type Report } from '../../src/findings.js'
import { runGate } from '../../src/gate.js'
import type { Logger } from '../../src/report/logger.js'
import { brief, cleanProcessEnv, fixtureRepo, lineOf } from '../helpers/fixtures.js'
import {
  freshModCache,
  hermeticGoEnv,
  startLocalProxy,
  type ProxyBehaviour
} from '../helpers/goproxy.js'

jest.setTimeout(180_000)

const silent: Logger = {
  info: () => undefined,
  warning: () => undefined,
  group: (_name, fn) => fn(),
  block: () => undefined
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

/** The gate with every check, on a copy of the fixture, through a local proxy behaving as told. */
async function gate(fixture: string, behaviour: ProxyBehaviour, inputs: RawInputs = {}) {
  const repo = fixtureRepo(fixture)
  cleanups.push(repo.cleanup)
  const cache = freshModCache()
  cleanups.push(cache.cleanup)
  const proxy = await startLocalProxy(behaviour)
  cleanups.push(proxy.close)
  const { root } = repo
  const report = await runGate({
    // race: false keeps the run short; the race detector changes nothing here.
    config: parseConfig({ race: 'false', ...inputs }, { cwd: root, root, label: (n) => n }),
    checks: CHECKS.map((c) => (c.name === 'download' ? createDownloadCheck({ backoffMs: 10 }) : c)),
    logger: silent,
    processEnv: cleanProcessEnv(hermeticGoEnv(cache.dir, proxy.url)),
    toolVersion: 'test'
  })
  return { root, report, requests: proxy.requests }
}

/** One GOOS/GOARCH pair, so the builds check runs too. */
const BUILDS: RawInputs = { 'build-targets': 'windows/amd64' }

const errors = (report: Report) => allFindings(report.results).filter((f) => f.severity === 'error')
const lines = (report: Report) => report.results.map((r) => `${r.check} ${r.status}: ${r.summary}`)

describe('one cause, one finding', () => {
  it('a missing go.sum is one modfile error; the later checks skip that module and check the other', async () => {
    const { root, report } = await gate('cause-missing-sum', { kind: 'serve' }, BUILDS)
    expect(brief(errors(report))).toEqual([
      `nosum/go.mod:${lineOf(root, 'nosum/go.mod', 'require')} error go.sum is missing`
    ])
    expect(errors(report)[0]?.check).toBe('modfile')
    const skipped = 'skipped nosum: go.sum is missing (modfile)'
    expect(lines(report)).toEqual([
      expect.stringMatching(/^toolchain pass: /),
      expect.stringMatching(/^env pass: /),
      'modfile fail: 2 modules',
      `download pass: 1 module downloaded; ${skipped}`,
      `verify pass: 1 module verified; ${skipped}; vendor/ is not covered (the vendor check compares it)`,
      `tidy pass: 1 module tidy; ${skipped}`,
      `vendor skipped: no vendor/ (vendor: auto); ${skipped}`,
      `tests pass: 1 passed in 1 package (no race); ${skipped}`,
      `builds pass: 1 target on 1 module; ${skipped}`
    ])
    // The module that is fine was tested.
    expect(report.tests?.packages.map((p) => [p.package, p.status])).toEqual([
      ['example.com/cause/ok', 'pass']
    ])
    expect(report.verdict).toBe('fail')
  })

  it('a module built from vendor/ still compiles and tests without go.sum: only the checks that need go.sum skip it', async () => {
    const repo = fixtureRepo('vendor-module')
    cleanups.push(repo.cleanup)
    fs.rmSync(path.join(repo.root, 'go.sum'))
    // A test that calls into the vendored module: it compiles and runs from vendor/.
    fs.writeFileSync(
      path.join(repo.root, 'id_test.go'),
      'package vendored\n\nimport "testing"\n\nfunc TestNewID(t *testing.T) {\n\tif len(NewID()) != 36 {\n\t\tt.Fatal("not a UUID")\n\t}\n}\n'
    )
    const cache = freshModCache()
    cleanups.push(cache.cleanup)
    const { root } = repo
    const report = await runGate({
      config: parseConfig(
        { race: 'false', checks: 'modfile,download,verify,tidy,vendor,tests,builds', ...BUILDS },
        { cwd: root, root, label: (n) => n }
      ),
      checks: CHECKS,
      logger: silent,
      // No proxy at all: a build from vendor/ needs none.
      processEnv: cleanProcessEnv(hermeticGoEnv(cache.dir, 'off')),
      toolVersion: 'test'
    })
    expect(brief(errors(report))).toEqual(['go.mod:5 error go.sum is missing'])
    const skipped = 'skipped .: go.sum is missing (modfile)'
    expect(lines(report)).toEqual([
      'modfile fail: 1 module',
      `download skipped: ${skipped}`,
      `verify skipped: ${skipped}`,
      `tidy skipped: ${skipped}`,
      `vendor skipped: ${skipped}`,
      'tests pass: 1 passed in 1 package (no race)',
      'builds pass: 1 target on 1 module'
    ])
    expect(report.tests?.packages.map((p) => [p.package, p.status])).toEqual([
      ['example.com/vendored', 'pass']
    ])
  })

  it.each([
    // Without GOPRIVATE a public proxy has never heard of the private module.
    [404, 'example.com/private/lib@v1.0.0 not found'],
    // A proxy that wants credentials CI does not have.
    [403, 'Could not download example.com/private/lib@v1.0.0'],
    [401, 'Could not download example.com/private/lib@v1.0.0']
  ])(
    'a private module the proxy answers %i for is one download error; the later checks skip that module',
    async (status, title) => {
      const { root, report, requests } = await gate(
        'cause-private',
        { kind: 'refuse', prefix: '/example.com/private/', status },
        BUILDS
      )
      const line = lineOf(root, 'private/go.mod', 'require example.com/private/lib')
      expect(brief(errors(report))).toEqual([`private/go.mod:${line} error ${title}`])
      expect(errors(report)[0]?.check).toBe('download')
      const skipped = `skipped private: ${title} (download)`
      expect(lines(report)).toEqual([
        expect.stringMatching(/^toolchain pass: /),
        expect.stringMatching(/^env pass: /),
        'modfile pass: 2 modules',
        'download fail: 1 module downloaded, 1 failed',
        `verify pass: 1 module verified; ${skipped}; vendor/ is not covered (the vendor check compares it)`,
        `tidy pass: 1 module tidy; ${skipped}`,
        `vendor skipped: no vendor/ (vendor: auto); ${skipped}`,
        `tests pass: 1 passed in 1 package (no race); ${skipped}`,
        `builds pass: 1 target on 1 module; ${skipped}`
      ])
      // Only download asked for it, once: no later check tried again.
      expect(requests.filter((r) => r.startsWith('/example.com/private/'))).toEqual([
        '/example.com/private/lib/@v/v1.0.0.mod'
      ])
      expect(report.tests?.packages.map((p) => [p.package, p.status])).toEqual([
        ['example.com/cause/ok', 'pass']
      ])
      expect(report.verdict).toBe('fail')
    }
  )
})
