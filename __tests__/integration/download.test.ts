// download against the fixtures with the real go: a file:// proxy made from the shared test
// module cache, a local HTTP proxy on 127.0.0.1 that fails, 404s or hangs as told, and (once)
// the real Go module proxy. Every test has a module cache of its own.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import {
  createDownloadCheck,
  downloadCheck,
  type DownloadCheckOptions
} from '../../src/checks/download.js'
import { testsCheck } from '../../src/checks/tests.js'
import { tidyCheck } from '../../src/checks/tidy.js'
import { checkTimeoutMs } from '../../src/checks/types.js'
import { verifyCheck } from '../../src/checks/verify.js'
import { parseConfig, type RawInputs } from '../../src/config.js'
import type { CheckResult, CheckFinding } from '../../src/findings.js'
import { runGate } from '../../src/gate.js'
import { runCheck } from '../../src/runcheck.js'
import type { Logger } from '../../src/report/logger.js'
import {
  cleanProcessEnv,
  contextFor,
  fixtureRepo,
  type FixtureRepo,
  brief,
  lineOf
} from '../helpers/fixtures.js'
import {
  fileProxyUrl,
  freshModCache,
  hermeticGoEnv,
  startLocalProxy,
  type LocalProxy,
  type ProxyBehaviour
} from '../helpers/goproxy.js'

// Each test runs go a handful of times; the hanging proxy costs two 1.5 s attempts.
jest.setTimeout(120_000)

const quiet: Logger = {
  info: () => undefined,
  warning: () => undefined,
  group: (_name, fn) => fn(),
  block: () => undefined
}

/** Short waits for tests: the production defaults (1 s backoff, 2 min per attempt) would crawl. */
const FAST: DownloadCheckOptions = { backoffMs: 10, attemptTimeoutMs: 60_000 }

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

function repo(name: string): FixtureRepo {
  const r = fixtureRepo(name)
  cleanups.push(r.cleanup)
  return r
}

function modCache(): string {
  const cache = freshModCache()
  cleanups.push(cache.cleanup)
  return cache.dir
}

async function proxy(behaviour: ProxyBehaviour): Promise<LocalProxy> {
  const p = await startLocalProxy(behaviour)
  cleanups.push(p.close)
  return p
}

interface Run {
  result: CheckResult
  logs: string[]
  commands: Array<{ args: string[]; cwd: string }>
  /** What the gate pinned for every child go. */
  goproxy: string
}

/** Runs the check the way the gate does, with a hermetic go environment. */
async function download(
  root: string,
  goEnv: Record<string, string>,
  options: DownloadCheckOptions = FAST,
  inputs: RawInputs = {}
): Promise<Run> {
  const context = await contextFor(root, inputs, cleanProcessEnv(goEnv))
  const logs: string[] = []
  try {
    const result = await runCheck(createDownloadCheck(options), {
      ...context,
      log: (line) => logs.push(line)
    })
    return { result, logs, commands: context.go.commands, goproxy: context.pinned.GOPROXY }
  } finally {
    context.abort()
  }
}

/** Every file of the checkout, byte for byte, so "unchanged" can be asserted. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else files[path.relative(root, full)] = fs.readFileSync(full).toString('base64')
    }
  }
  walk(root)
  return files
}

function gitStatus(root: string): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root })
    .toString()
    .trim()
}

function inCache(cache: string, module: string, version: string, ext: string): boolean {
  return fs.existsSync(path.join(cache, 'cache', 'download', module, '@v', `${version}.${ext}`))
}

const UUID_MOD = '/github.com/google/uuid/@v/v1.6.0.mod'
const UUID_ZIP = '/github.com/google/uuid/@v/v1.6.0.zip'

describe('download', () => {
  it('is a stage 1 check whose limit is each module at download-timeout per attempt, the waits, and 30 s', async () => {
    expect(downloadCheck).toMatchObject({ name: 'download', stage: 1 })
    const { root } = repo('download-one')
    const limit = async (check: typeof downloadCheck, inputs: RawInputs): Promise<number> => {
      const context = await contextFor(root, inputs)
      context.abort()
      return checkTimeoutMs(check, context)
    }
    // Defaults: 4 attempts of 2m, waits of 1 s, 2 s and 4 s.
    expect(await limit(downloadCheck, {})).toBe(4 * 120_000 + 7000 + 30_000)
    expect(await limit(downloadCheck, { 'download-retries': '0', 'download-timeout': '5s' })).toBe(
      5000 + 30_000
    )
    expect(await limit(createDownloadCheck({ timeoutMs: 1000 }), {})).toBe(1000)
  })

  it('downloads a clean module through a file:// proxy and leaves every file as it was', async () => {
    const { root } = repo('download-clean')
    const cache = modCache()
    const before = snapshot(root)
    const { result, logs } = await download(root, hermeticGoEnv(cache, fileProxyUrl()))
    expect(result.findings).toEqual([])
    expect(result.status).toBe('pass')
    expect(result.summary).toBe('2 modules downloaded')
    expect(logs).toEqual([])
    expect(inCache(cache, 'github.com/google/uuid', 'v1.6.0', 'zip')).toBe(true)
    expect(inCache(cache, 'github.com/pkg/errors', 'v0.9.1', 'zip')).toBe(true)
    expect(snapshot(root)).toEqual(before)
    expect(gitStatus(root)).toBe('')
  })

  it('retries a proxy that answers 503 twice, logs each retry, then passes', async () => {
    const { root } = repo('download-one')
    const cache = modCache()
    const local = await proxy({ kind: 'fail-first', failures: 2, status: 503 })
    const { result, logs } = await download(root, hermeticGoEnv(cache, local.url))
    expect(result.findings).toEqual([])
    expect(result.status).toBe('pass')
    expect(result.summary).toBe('1 module downloaded (2 retries)')
    expect(logs).toEqual([
      'download: attempt 2/4 after 503 Service Unavailable from github.com/google/uuid@v1.6.0; retrying in 10ms',
      'download: attempt 3/4 after 503 Service Unavailable from github.com/google/uuid@v1.6.0; retrying in 20ms'
    ])
    // Two failed attempts asked for go.mod once each; the third fetched it and the zip.
    expect(local.requests.slice(0, 3)).toEqual([UUID_MOD, UUID_MOD, UUID_MOD])
    expect(local.requests.filter((r) => r === UUID_ZIP)).toHaveLength(1)
    expect(inCache(cache, 'github.com/google/uuid', 'v1.6.0', 'zip')).toBe(true)
  })

  it.each([
    [404, '404 Not Found'],
    [410, '410 Gone']
  ])(
    'does not retry a proxy answering %i: one attempt, an error on the require line',
    async (status, text) => {
      const { root } = repo('download-one')
      const local = await proxy({ kind: 'status', status })
      const { result, logs } = await download(root, hermeticGoEnv(modCache(), local.url))
      expect(brief(result.findings)).toEqual([
        'go.mod:5 error github.com/google/uuid@v1.6.0 not found'
      ])
      const f = result.findings[0] as CheckFinding
      expect(f.rule).toMatch(/^download\//)
      expect(f.line).toBe(lineOf(root, 'go.mod', 'require github.com/google/uuid v1.6.0'))
      expect(f.message).toContain(`${UUID_MOD.slice(1)}: ${text}`)
      expect(f.message).toContain('not retried')
      expect(f.fix).toBe(
        'check the version exists: `go list -m -versions github.com/google/uuid`; fix the require line'
      )
      expect(result.status).toBe('fail')
      expect(result.summary).toBe('0 modules downloaded, 1 failed')
      expect(logs).toEqual([])
      expect(local.requests).toEqual([UUID_MOD])
    }
  )

  it('stops waiting for a proxy that never answers, retries, then errors naming the module', async () => {
    const { root } = repo('download-one')
    const local = await proxy({ kind: 'hang' })
    const { result, logs } = await download(
      root,
      hermeticGoEnv(modCache(), local.url),
      { backoffMs: 10, attemptTimeoutMs: 1500 },
      { 'download-retries': '1' }
    )
    expect(logs).toEqual([
      'download: attempt 2/2 after no answer within 1.5s from github.com/google/uuid@v1.6.0; retrying in 10ms'
    ])
    expect(brief(result.findings)).toEqual([
      'go.mod:5 error Could not download github.com/google/uuid@v1.6.0'
    ])
    const f = result.findings[0] as CheckFinding
    // The last attempt may get less than 1.5s: what is left of the check's own limit.
    expect(f.message).toMatch(/got no answer within 1\.[0-5]s/)
    expect(f.message).toContain(`waiting for ${local.url}${UUID_MOD}`)
    expect(f.message).toContain('2 attempts (download-retries: 1)')
    expect(f.fix).toContain(`GOPROXY (${local.url})`)
    expect(local.requests).toEqual([UUID_MOD, UUID_MOD])
  })

  it('after a proxy that never answers, the later checks do not wait on it again', async () => {
    const { root } = repo('download-one')
    const local = await proxy({ kind: 'hang' })
    const started = Date.now()
    const report = await runGate({
      config: parseConfig(
        { checks: 'download,verify,tidy,tests', 'download-retries': '0', 'download-timeout': '1s' },
        { cwd: root, root, label: (n) => n }
      ),
      checks: [createDownloadCheck({ backoffMs: 10 }), verifyCheck, tidyCheck, testsCheck],
      logger: quiet,
      processEnv: cleanProcessEnv(hermeticGoEnv(modCache(), local.url)),
      toolVersion: 'test'
    })
    const skipped =
      'skipped go.mod: download could not reach the module proxy (no answer within 1s)'
    expect(report.results.map((r) => `${r.check} ${r.status}: ${r.summary}`)).toEqual([
      'download fail: 0 modules downloaded, 1 failed',
      `verify skipped: ${skipped.replace('go.mod', '.')}`,
      `tidy skipped: ${skipped.replace('go.mod', '.')}`,
      `tests skipped: ${skipped.replace('go.mod', '.')}`
    ])
    // One attempt at the proxy, and nothing else ever asked it.
    expect(local.requests).toEqual([UUID_MOD])
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(report.verdict).toBe('fail')
  })

  it('retries a refused connection until download-retries runs out, then errors', async () => {
    const { root } = repo('download-one')
    const closedPort = await unusedPort()
    const { result, logs } = await download(
      root,
      hermeticGoEnv(modCache(), `http://127.0.0.1:${closedPort}`),
      FAST,
      { 'download-retries': '2' }
    )
    expect(logs).toEqual([
      'download: attempt 2/3 after connection refused from github.com/google/uuid@v1.6.0; retrying in 10ms',
      'download: attempt 3/3 after connection refused from github.com/google/uuid@v1.6.0; retrying in 20ms'
    ])
    expect(brief(result.findings)).toEqual([
      'go.mod:5 error Could not download github.com/google/uuid@v1.6.0'
    ])
    const f = result.findings[0] as CheckFinding
    expect(f.message).toContain(`dial tcp 127.0.0.1:${closedPort}: connect: connection refused`)
    expect(f.message).toContain('3 attempts (download-retries: 2)')
    expect(result.summary).toBe('0 modules downloaded, 1 failed (2 retries)')
  })

  it('errors on the go.sum line whose hash does not match, without retrying', async () => {
    const { root } = repo('download-checksum')
    const local = await proxy({ kind: 'serve' })
    const before = snapshot(root)
    const { result, logs } = await download(root, hermeticGoEnv(modCache(), local.url))
    expect(brief(result.findings)).toEqual([
      'go.sum:1 error Checksum mismatch for github.com/google/uuid v1.6.0'
    ])
    const f = result.findings[0] as CheckFinding
    expect(f.line).toBe(lineOf(root, 'go.sum', 'github.com/google/uuid v1.6.0 h1:AAAA'))
    expect(f.message).toContain(
      'downloaded h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=, go.sum has h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='
    )
    expect(f.message).toContain('SECURITY ERROR')
    expect(f.fix).toMatch(/^`go clean -modcache` and download again; .*`go mod tidy`$/)
    expect(logs).toEqual([])
    expect(local.requests.filter((r) => r === UUID_ZIP)).toHaveLength(1)
    expect(snapshot(root)).toEqual(before)
  })

  it('reports go.sum lines go needed on the require line and leaves go.sum unchanged', async () => {
    const { root } = repo('download-missing-sum')
    const goSum = fs.readFileSync(path.join(root, 'go.sum'))
    const { result } = await download(root, hermeticGoEnv(modCache(), fileProxyUrl()))
    expect(brief(result.findings)).toEqual([
      'go.mod:7 error go.sum lacks checksums for github.com/pkg/errors v0.9.1'
    ])
    const f = result.findings[0] as CheckFinding
    expect(f.line).toBe(lineOf(root, 'go.mod', 'github.com/pkg/errors v0.9.1'))
    expect(f.message).toContain(
      'github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0='
    )
    expect(f.fix).toBe('run `go mod tidy` and commit go.sum')
    expect(result.status).toBe('fail')
    expect(fs.readFileSync(path.join(root, 'go.sum')).equals(goSum)).toBe(true)
    expect(gitStatus(root)).toBe('')
  })

  it('reports a go.mod go had to rewrite and leaves go.mod unchanged', async () => {
    const { root } = repo('download-one')
    // Not canonical: go mod download rewrites it to v1.6.0, even under -mod=readonly.
    const goMod = path.join(root, 'go.mod')
    fs.writeFileSync(goMod, fs.readFileSync(goMod, 'utf8').replace('uuid v1.6.0', 'uuid v1.6'))
    const before = snapshot(root)
    const { result } = await download(root, hermeticGoEnv(modCache(), fileProxyUrl()))
    expect(brief(result.findings)).toEqual(['go.mod:5 error go mod download had to update go.mod'])
    expect(result.findings[0]?.message).toContain(
      '"require github.com/google/uuid v1.6" became "require github.com/google/uuid v1.6.0"'
    )
    expect(result.findings[0]?.fix).toBe('run `go mod tidy` and commit go.mod')
    expect(snapshot(root)).toEqual(before)
  })

  it('downloads a workspace once and modules outside it with GOWORK=off, writing nothing', async () => {
    const { root } = repo('download-workspace')
    const cache = modCache()
    const before = snapshot(root)
    const { result, commands } = await download(root, hermeticGoEnv(cache, fileProxyUrl()))
    expect(brief(result.findings)).toEqual([
      'b/go.mod:5 error b/go.sum lacks checksums for github.com/pkg/errors v0.9.1'
    ])
    const f = result.findings[0] as CheckFinding
    expect(f.message).toContain('github.com/pkg/errors v0.9.1/go.mod h1:')
    expect(f.fix).toBe('run `go mod tidy` in b and commit b/go.sum')
    expect(result.summary).toBe('2 modules downloaded; workspace go.work')
    const downloads = commands.filter((c) => c.args[0] === 'mod' && c.args[1] === 'download')
    expect(downloads.map((c) => c.cwd)).toEqual(['.', 'c'])
    expect(downloads[0]?.args.some((a) => a.startsWith('-modfile='))).toBe(false)
    expect(downloads[1]?.args.some((a) => a.startsWith('-modfile='))).toBe(true)
    expect(fs.existsSync(path.join(root, 'go.work.sum'))).toBe(false)
    expect(snapshot(root)).toEqual(before)
    expect(inCache(cache, 'github.com/google/uuid', 'v1.6.0', 'zip')).toBe(true)
  })

  it('runs through the gate with the pinned proxy, its retries printed in its group', async () => {
    const { root } = repo('download-one')
    const local = await proxy({ kind: 'fail-first', failures: 1, status: 502 })
    const env = cleanProcessEnv(hermeticGoEnv(modCache(), local.url))
    const lines: string[] = []
    const logger: Logger = {
      info: (line) => lines.push(line),
      warning: (line) => lines.push(`warning: ${line}`),
      group: (name, fn) => {
        lines.push(`group: ${name}`)
        return fn()
      },
      block: (body) => lines.push(...body)
    }
    const report = await runGate({
      config: parseConfig({ checks: 'download' }, { cwd: root, root, label: (n) => n }),
      checks: [createDownloadCheck(FAST)],
      logger,
      processEnv: env,
      toolVersion: 'test'
    })
    expect(report.pinned?.GOPROXY).toBe(local.url)
    expect(report.results.map((r) => [r.check, r.status, r.summary])).toEqual([
      ['download', 'pass', '1 module downloaded (1 retry)']
    ])
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^group: download: pass, \d+ ms$/),
      'download: attempt 2/4 after 502 Bad Gateway from github.com/google/uuid@v1.6.0; retrying in 10ms'
    ])
    expect(report.commands.filter((c) => c.args[1] === 'download')).toHaveLength(2)
  })
})

const offline = process.env.GO_CI_GATE_OFFLINE === '1'
;(offline ? describe.skip : describe)('download [network]', () => {
  it('downloads the clean fixture from the real Go module proxy', async () => {
    const { root } = repo('download-clean')
    const cache = modCache()
    const before = snapshot(root)
    // The machine's own GOPROXY and GOSUMDB: only the cache is the test's.
    const { result, goproxy } = await download(root, { GOMODCACHE: cache, GOFLAGS: '-modcacherw' })
    expect(goproxy).not.toMatch(/^(file:|off$|http:\/\/127\.0\.0\.1)/)
    expect(result.findings).toEqual([])
    expect(result.status).toBe('pass')
    expect(result.summary).toBe('2 modules downloaded')
    expect(inCache(cache, 'github.com/google/uuid', 'v1.6.0', 'zip')).toBe(true)
    expect(snapshot(root)).toEqual(before)
  })
})

/** A port nothing listens on: bound once, then released. */
async function unusedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
