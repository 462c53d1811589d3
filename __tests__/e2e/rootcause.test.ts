// One cause, one finding, through the built action and command: a repository with one module
// that is fine and one whose go.sum is missing (or whose private dependency the proxy refuses)
// gets exactly one error, and every later check says it skipped that module and why.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import {
  cleanEnv,
  distFile,
  lineOf,
  node24,
  parseWorkflowCommands,
  readFileCommands,
  runNode,
  runNodeAsync,
  runnerEnvironment,
  sandbox,
  type ActionStep,
  type Run,
  type Sandbox
} from '../helpers/e2e.js'
import {
  fileProxyUrl,
  freshModCache,
  hermeticGoEnv,
  startLocalProxy,
  type LocalProxy
} from '../helpers/goproxy.js'

const TIMEOUT = 180_000
const TOKEN = `ghs_e2eFakeToken${Math.random().toString(36).slice(2, 12)}`
/** race: false keeps the runs short; a GOOS/GOARCH pair so the builds check runs too. */
const INPUTS = { cache: 'false', race: 'false', 'build-targets': 'windows/amd64' }

interface ReportResult {
  check: string
  status: string
  summary?: string
  findings: Array<{ check: string; severity: string; title: string; file?: string; line?: number }>
}

const errorsOf = (results: ReportResult[]) =>
  results.flatMap((r) => r.findings).filter((f) => f.severity === 'error')
const summaries = (results: ReportResult[]) =>
  Object.fromEntries(results.map((r) => [r.check, `${r.status}: ${r.summary ?? ''}`]))

describe('the action on a module whose go.sum is missing, next to one that is fine', () => {
  const modcache = freshModCache()
  let step: ActionStep
  let requireLine: number
  beforeAll(() => {
    const box = sandbox('cause-sum')
    const workspace = box.checkout('cause-missing-sum', 'workspace')
    requireLine = lineOf(path.join(workspace, 'nosum', 'go.mod'), /^require /)
    const runner = runnerEnvironment(box, workspace, {
      token: TOKEN,
      inputs: INPUTS,
      env: hermeticGoEnv(modcache.dir, fileProxyUrl())
    })
    const main = runNode(node24(), [distFile('main')], { cwd: workspace, env: runner.env })
    const post = runNode(node24(), [distFile('post')], { cwd: workspace, env: runner.env })
    step = { box, runner, main, post, commands: parseWorkflowCommands(main.stdout) }
  }, TIMEOUT)
  afterAll(() => {
    step?.box.cleanup()
    modcache.cleanup()
  })

  it('fails with exactly one error annotation: the missing go.sum, on the require line', () => {
    expect(step.main.status).toBe(1)
    const errors = step.commands.filter((c) => c.command === 'error')
    expect(errors.map((c) => [c.properties.file, c.properties.line, c.properties.title])).toEqual([
      ['nosum/go.mod', `${requireLine}`, 'go.sum is missing'],
      // The step's own failure line, which counts them.
      [undefined, undefined, undefined]
    ])
    expect(errors[1]?.message).toMatch(/^go-ci-gate failed: 1 error\(s\), /)
  })

  it('says in the report and the job summary that each later check skipped nosum for that cause', () => {
    const reportFile = readFileCommands(step.runner.files.output).report ?? ''
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { results: ReportResult[] }
    expect(errorsOf(report.results).map((f) => [f.check, f.title])).toEqual([
      ['modfile', 'go.sum is missing']
    ])
    const skipped = 'skipped nosum: go.sum is missing (modfile)'
    expect(summaries(report.results)).toMatchObject({
      modfile: 'fail: 2 modules',
      download: `pass: 1 module downloaded; ${skipped}`,
      verify: `pass: 1 module verified; ${skipped}; vendor/ is not covered (the vendor check compares it)`,
      tidy: `pass: 1 module tidy; ${skipped}`,
      vendor: `skipped: no vendor/ (vendor: auto); ${skipped}`,
      tests: `pass: 1 passed in 1 package (no race); ${skipped}`,
      builds: `pass: 1 target on 1 module; ${skipped}`
    })
    // The job summary says the shared reason once, under the verdict; each row points at it.
    const summary = fs.readFileSync(step.runner.files.summary, 'utf8')
    expect(summary.split('go.sum is missing (modfile)')).toHaveLength(2)
    const verdict = summary.slice(0, summary.indexOf('\n### '))
    expect(verdict).toContain(
      '⏭️ download, verify, tidy, vendor, tests, builds skipped module `nosum`: go.sum is missing (modfile)'
    )
    for (const check of ['download', 'verify', 'tidy', 'vendor', 'tests', 'builds']) {
      const row = summary.split('\n').find((l) => l.startsWith(`| ${check} |`)) ?? ''
      expect(row).toContain('skipped nosum (see above)')
    }
  })
})

describe('the command on a module whose private dependency the proxy refuses, next to one that is fine', () => {
  const modcache = freshModCache()
  let box: Sandbox
  let proxy: LocalProxy
  let run: Run
  let requireLine: number
  beforeAll(async () => {
    proxy = await startLocalProxy({ kind: 'refuse', prefix: '/example.com/private/', status: 403 })
    box = sandbox('cause-private')
    const root = box.checkout('cause-private', 'repo')
    requireLine = lineOf(path.join(root, 'private', 'go.mod'), /^require /)
    const flags = ['--race=false', '--build-targets', 'windows/amd64', '--format', 'json']
    // Async: this process serves the proxy the command talks to.
    run = await runNodeAsync(node24(), [distFile('cli'), ...flags], {
      cwd: root,
      env: cleanEnv({
        PATH: `${box.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
        ...hermeticGoEnv(modcache.dir, proxy.url)
      })
    })
  }, TIMEOUT)
  afterAll(async () => {
    box?.cleanup()
    modcache.cleanup()
    await proxy?.close()
  })

  it('exits 1 with exactly one error: the module download could not fetch, on its require line', () => {
    expect(run.status).toBe(1)
    const report = JSON.parse(run.stdout) as { results: ReportResult[] }
    expect(errorsOf(report.results).map((f) => [f.check, f.file, f.line, f.title])).toEqual([
      [
        'download',
        'private/go.mod',
        requireLine,
        'Could not download example.com/private/lib@v1.0.0'
      ]
    ])
  })

  it('skips private in every later check, saying why, and asks the proxy for it only once', () => {
    const report = JSON.parse(run.stdout) as { results: ReportResult[] }
    const skipped = 'skipped private: Could not download example.com/private/lib@v1.0.0 (download)'
    expect(summaries(report.results)).toMatchObject({
      download: 'fail: 1 module downloaded, 1 failed',
      verify: `pass: 1 module verified; ${skipped}; vendor/ is not covered (the vendor check compares it)`,
      tidy: `pass: 1 module tidy; ${skipped}`,
      tests: `pass: 1 passed in 1 package (no race); ${skipped}`,
      builds: `pass: 1 target on 1 module; ${skipped}`
    })
    expect(proxy.requests.filter((r) => r.startsWith('/example.com/private/'))).toEqual([
      '/example.com/private/lib/@v/v1.0.0.mod'
    ])
  })
})
