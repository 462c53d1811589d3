// The command's argument handling and exit statuses; a full run against real go is in e2e.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { INPUT_NAMES } from '../../src/config.js'
import { isCommandLike } from '../../src/report/safetext.js'
import type { Report } from '../../src/findings.js'
import type { GateOptions } from '../../src/gate.js'
import { VERSION } from '../../src/version.js'

// The gate is replaced: these tests are about the command's flags and what it writes.
const runGate = jest.fn<(options: GateOptions) => Promise<Report>>()
jest.unstable_mockModule('../../src/gate.js', () => ({ runGate }))
const { run, USAGE } = await import('../../src/cli.js')

function io(cwd = os.tmpdir()) {
  const out: string[] = []
  const err: string[] = []
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _enc, done) {
        into.push(String(chunk))
        done()
      }
    })
  return {
    io: { stdout: sink(out), stderr: sink(err), env: process.env, cwd },
    out: () => out.join(''),
    err: () => err.join('')
  }
}

describe('go-ci-gate command', () => {
  it('prints usage with --help and exits 0', async () => {
    const t = io()
    expect(await run(['--help'], t.io)).toBe(0)
    expect(t.out()).toBe(`${USAGE}\n`)
  })

  it('prints its version', async () => {
    const t = io()
    expect(await run(['-v'], t.io)).toBe(0)
    expect(t.out()).toBe(`go-ci-gate ${VERSION}\n`)
  })

  it.each([
    [['--frobnicate'], /^go-ci-gate: Unknown option '--frobnicate'/],
    [
      ['--format', 'xml'],
      /^go-ci-gate: --format: "xml" is not allowed; use text, json, sarif or github\n$/
    ],
    [['a', 'b'], /^go-ci-gate: give one directory, either as an argument or with -C\n$/],
    [
      ['--fail-on', 'fatal'],
      /^go-ci-gate: --fail-on: "fatal" is not allowed; use error or warning\n$/
    ],
    [['--checks', 'lint'], /^go-ci-gate: --checks: "lint" is not a check; use all or /],
    [
      ['does-not-exist-dir'],
      /^go-ci-gate: --working-directory: "does-not-exist-dir" is not a directory/
    ]
  ])('exits 2 with one line for bad usage %j', async (argv, message) => {
    const t = io()
    expect(await run(argv, t.io)).toBe(2)
    expect(t.err()).toMatch(message)
    expect(t.err()).not.toMatch(/\n\s+at /)
    expect(t.out()).toBe('')
  })
})

function gateReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'go-ci-gate', version: 'test' },
    verdict: 'fail',
    failOn: 'error',
    modules: [{ path: 'example.com/x', dir: '.' }],
    results: [{ check: 'tests', status: 'fail', durationMs: 1, findings: [] }],
    tests: {
      args: ['test', '-json', '-race', './...'],
      race: true,
      reruns: 0,
      packages: [
        {
          package: 'example.com/x',
          module: '.',
          dir: '.',
          status: 'fail',
          tests: [
            { name: 'TestA', status: 'pass', file: 'x_test.go', line: 3 },
            { name: 'TestB', status: 'fail', file: 'x_test.go', line: 9, output: 'x_test.go:9: no' }
          ]
        }
      ]
    },
    commands: [],
    startedAt: new Date(0).toISOString(),
    durationMs: 5,
    ...overrides
  }
}

function failedTest(): Report['results'][number] {
  return {
    check: 'tests',
    status: 'fail',
    durationMs: 1,
    findings: [
      {
        check: 'tests',
        rule: 'tests/failed',
        severity: 'error',
        title: 'TestB failed',
        message: 'x_test.go:9: no',
        file: 'x_test.go',
        line: 9
      }
    ]
  }
}

describe('go-ci-gate command: tests flags', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-cli-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('documents every input it takes as a flag', () => {
    // The cache lives on GitHub's cache service: the command has nothing to restore or save.
    const githubOnly = [
      'annotations',
      'mode',
      'check-run-id',
      'check-name',
      'comment',
      'github-token',
      'cache',
      'cache-save',
      'cache-key-suffix',
      'cache-timeout'
    ]
    for (const name of INPUT_NAMES) {
      if (githubOnly.includes(name)) continue
      expect(USAGE).toMatch(new RegExp(`--${name}[ =]`))
    }
    expect(USAGE).not.toMatch(/--cache/)
  })

  it('passes the tests flags to the gate', async () => {
    runGate.mockResolvedValue(gateReport({ verdict: 'pass' }))
    const t = io(dir)
    const argv = [
      '--race',
      'false',
      '--packages',
      './pkg/...',
      '--tags',
      'integration',
      '--timeout',
      '90s',
      '--shuffle',
      '7',
      '--test-flags=-short -run ^TestA$',
      '--coverage-threshold',
      '80',
      '--rerun-failed',
      '2'
    ]
    expect(await run(argv, t.io)).toBe(0)
    expect(runGate.mock.calls[0]?.[0].config).toMatchObject({
      race: false,
      packages: ['./pkg/...'],
      tags: 'integration',
      testTimeout: '90s',
      shuffle: 7,
      testFlags: ['-short', '-run', '^TestA$'],
      coverage: true,
      coverageThreshold: 80,
      rerunFailed: 2
    })
  })

  it('refuses a race value that is not a boolean, before running anything', async () => {
    const t = io(dir)
    expect(await run(['--race', 'maybe'], t.io)).toBe(2)
    expect(t.err()).toBe('go-ci-gate: --race: "maybe" is not a boolean; use true or false\n')
    expect(runGate).not.toHaveBeenCalled()
  })

  it('writes JUnit XML to the --junit file, relative to where it runs', async () => {
    runGate.mockResolvedValue(gateReport())
    const t = io(dir)
    expect(await run(['--junit', 'out/junit.xml', '--no-color'], t.io)).toBe(1)
    const xml = fs.readFileSync(path.join(dir, 'out', 'junit.xml'), 'utf8')
    expect(xml).toContain('<testsuites name="go test" tests="2" failures="1" errors="0"')
    expect(xml).toContain('name="TestB" time="0.000" file="x_test.go" line="9"')
    expect(t.out()).toContain('tests: 1 passed, 1 failed, 0 skipped in 1 package (race)\n')
    expect(t.err()).toBe('')
  })

  it('takes --junit inside the checkout or the temp dir (RUNNER_TEMP when set), else exits 2', async () => {
    runGate.mockResolvedValue(gateReport())
    const runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-cli-temp-'))
    try {
      const t = io(dir)
      const env = { ...process.env, RUNNER_TEMP: runnerTemp }
      const inTemp = path.join(runnerTemp, 'junit.xml')
      expect(await run(['--junit', inTemp], { ...t.io, env })).toBe(1)
      expect(fs.existsSync(inTemp)).toBe(true)

      const elsewhere = path.join(os.tmpdir(), 'gcg-cli-elsewhere.xml')
      fs.rmSync(elsewhere, { force: true })
      const refused = io(dir)
      expect(await run(['--junit', elsewhere], { ...refused.io, env })).toBe(2)
      expect(refused.err()).toBe(
        `go-ci-gate: --junit: "${elsewhere}" is outside the repository and ${runnerTemp}; use a path inside either, e.g. reports/junit.xml\n`
      )
      expect(fs.existsSync(elsewhere)).toBe(false)
    } finally {
      fs.rmSync(path.join(os.tmpdir(), 'gcg-cli-elsewhere.xml'), { force: true })
      fs.rmSync(runnerTemp, { recursive: true, force: true })
    }
  })

  it('prints SARIF with --format sarif, paths relative to the repository root', async () => {
    const failing = { ...gateReport(), results: [failedTest()] }
    runGate.mockResolvedValue(failing)
    const t = io(dir)
    expect(await run(['--format', 'sarif'], t.io)).toBe(1)
    const log = JSON.parse(t.out()) as {
      version: string
      runs: Array<{ results: Array<{ ruleId: string; locations: unknown[] }> }>
    }
    expect(log.version).toBe('2.1.0')
    expect(log.runs[0]?.results).toMatchObject([
      {
        ruleId: 'tests/failed',
        locations: [{ physicalLocation: { artifactLocation: { uri: 'x_test.go' } } }]
      }
    ])
    expect(t.err()).toBe('')
  })

  it('prints no line a runner would read as a workflow command, whatever the findings say', async () => {
    const hostile = failedTest()
    hostile.findings = hostile.findings.map((f) => ({
      ...f,
      title: '##[error]forged',
      message: '::error file=x::forged\n::add-mask::x'
    }))
    runGate.mockResolvedValue({ ...gateReport(), results: [hostile] })
    const t = io(dir)
    expect(await run(['--format', 'sarif'], t.io)).toBe(1)
    expect(t.out().split('\n').filter(isCommandLike)).toEqual([])
    const log = JSON.parse(t.out()) as {
      runs: Array<{ results: Array<{ message: { text: string } }> }>
    }
    // Only the printing changed: the value read back is the finding's text.
    expect(log.runs[0]?.results[0]?.message.text).toContain('##[error]forged')
  })

  it('writes SARIF to the --sarif file, and warns (keeping the verdict) when it cannot', async () => {
    runGate.mockResolvedValue({ ...gateReport(), results: [failedTest()] })
    let t = io(dir)
    expect(await run(['--sarif', 'out/go-ci-gate.sarif', '--no-color'], t.io)).toBe(1)
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'go-ci-gate.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ ruleId: string }> }>
    }
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toEqual(['tests/failed'])
    expect(t.err()).toBe('')

    fs.writeFileSync(path.join(dir, 'blocker'), 'x')
    t = io(dir)
    expect(await run(['--sarif', 'blocker/go-ci-gate.sarif'], t.io)).toBe(1)
    expect(t.err()).toMatch(/^go-ci-gate: warning: could not write the SARIF report to .*blocker/)
  })

  it('writes no JUnit file without --junit', async () => {
    runGate.mockResolvedValue(gateReport())
    const t = io(dir)
    expect(await run(['--format', 'json'], t.io)).toBe(1)
    expect(fs.readdirSync(dir)).toEqual([])
    expect(JSON.parse(t.out())).toMatchObject({ tests: { race: true } })
  })

  it('warns, and keeps the verdict, when there is no JUnit to write or it cannot be written', async () => {
    runGate.mockResolvedValue(gateReport({ verdict: 'pass', tests: undefined }))
    let t = io(dir)
    expect(await run(['--junit', 'junit.xml'], t.io)).toBe(0)
    expect(t.err()).toMatch(
      /^go-ci-gate: warning: did not write the JUnit report to .*junit\.xml: no test results \(the tests check did not run\)$/m
    )
    expect(fs.existsSync(path.join(dir, 'junit.xml'))).toBe(false)

    fs.writeFileSync(path.join(dir, 'blocker'), 'x')
    runGate.mockResolvedValue(gateReport({ verdict: 'pass' }))
    t = io(dir)
    expect(await run(['--junit', 'blocker/junit.xml'], t.io)).toBe(0)
    expect(t.err()).toMatch(/^go-ci-gate: warning: could not write the JUnit report to .*blocker/)
  })
})
