// The action's wiring: inputs -> gate -> reporters -> exit status, with @actions/core and the
// gate replaced (the gate itself is tested against real go in the integration and e2e tiers).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import type { GateOptions } from '../../src/gate.js'
import type { Report, TestsReport } from '../../src/findings.js'

const runGate = jest.fn<(options: GateOptions) => Promise<Report>>()
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/gate.js', () => ({ runGate }))
const { run } = await import('../../src/main.js')

const tests: TestsReport = {
  args: ['test', '-json', '-race', './...'],
  race: true,
  reruns: 0,
  coverage: 66.66,
  packages: [
    {
      package: 'example.com/x',
      module: '.',
      dir: '.',
      status: 'fail',
      elapsed: 0.5,
      tests: [
        {
          name: 'TestAdd',
          status: 'fail',
          file: 'x_test.go',
          line: 7,
          output: '    x_test.go:7: got 3, want 4'
        }
      ]
    }
  ]
}

function report(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'go-ci-gate', version: 'test' },
    verdict: 'pass',
    failOn: 'error',
    goVersion: '1.26.8',
    environment: { hash: 'abcdef012345', values: {} },
    pinned: { GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' },
    modules: [{ path: 'example.com/x', dir: '.' }],
    results: [{ check: 'toolchain', status: 'pass', durationMs: 1, findings: [] }],
    commands: [],
    startedAt: new Date(0).toISOString(),
    durationMs: 5,
    ...overrides
  }
}

let workspace: string
let saved: NodeJS.ProcessEnv
let stdout: jest.SpiedFunction<typeof process.stdout.write>

beforeEach(() => {
  saved = { ...process.env }
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-main-'))
  process.env.GITHUB_WORKSPACE = workspace
  process.env.RUNNER_TEMP = workspace
  delete process.env.GITHUB_STEP_SUMMARY
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key]
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})

afterEach(() => {
  stdout.mockRestore()
  process.env = saved
  fs.rmSync(workspace, { recursive: true, force: true })
})

const printed = (): string => stdout.mock.calls.map((c) => String(c[0])).join('')

describe('run', () => {
  it('stops on a bad input with one line, before any go command or matcher change', async () => {
    process.env['INPUT_FAIL-ON'] = 'fatal'
    await run()
    expect(core.setFailed).toHaveBeenCalledWith(
      'input "fail-on": "fatal" is not allowed; use error or warning'
    )
    expect(runGate).not.toHaveBeenCalled()
    expect(printed()).not.toContain('remove-matcher')
  })

  it('masks the token before anything else is printed', async () => {
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_secret'
    runGate.mockResolvedValue(report())
    await run()
    expect(core.setSecret).toHaveBeenCalledWith('ghs_secret')
    expect(core.setSecret.mock.invocationCallOrder[0]).toBeLessThan(
      runGate.mock.invocationCallOrder[0] ?? 0
    )
  })

  it('removes the go problem matcher, runs the gate, and reports a pass', async () => {
    runGate.mockResolvedValue(report())
    await run()
    expect(printed()).toContain(`::remove-matcher owner=go::${os.EOL}`)
    expect(runGate.mock.calls[0]?.[0].config.root).toBe(workspace)
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.setOutput).toHaveBeenCalledWith('result', 'pass')
    expect(core.setOutput).toHaveBeenCalledWith('go-version', '1.26.8')
    expect(core.exportVariable).toHaveBeenCalledWith('GOFLAGS', '-mod=readonly')
    const reportPath = path.join(workspace, 'go-ci-gate', 'report.json')
    expect(core.setOutput).toHaveBeenCalledWith('report', reportPath)
    expect(JSON.parse(fs.readFileSync(reportPath, 'utf8'))).toMatchObject({ verdict: 'pass' })
  })

  it('fails the step with the counts and the errored checks', async () => {
    runGate.mockResolvedValue(
      report({
        verdict: 'fail',
        results: [
          {
            check: 'toolchain',
            status: 'fail',
            durationMs: 1,
            findings: [
              {
                check: 'toolchain',
                rule: 'toolchain/go-too-old',
                severity: 'error',
                title: 't',
                message: 'm',
                file: 'go.mod',
                line: 3
              }
            ]
          },
          {
            check: 'env',
            status: 'error',
            durationMs: 1,
            findings: [],
            summary: 'check crashed: x'
          }
        ]
      })
    )
    await run()
    expect(core.setFailed).toHaveBeenCalledWith(
      'go-ci-gate failed: 1 error(s), 0 warning(s); check(s) errored: env (fail-on: error)'
    )
    expect(core.error).toHaveBeenCalledWith(
      'm',
      expect.objectContaining({ title: 't', file: 'go.mod', startLine: 3 })
    )
  })

  it('does not annotate when annotations is false, but still fails', async () => {
    process.env.INPUT_ANNOTATIONS = 'false'
    runGate.mockResolvedValue(
      report({
        verdict: 'fail',
        results: [
          {
            check: 'modfile',
            status: 'fail',
            durationMs: 1,
            findings: [
              {
                check: 'modfile',
                rule: 'modfile/go-sum',
                severity: 'error',
                title: 't',
                message: 'm',
                file: 'go.mod',
                line: 1
              }
            ]
          }
        ]
      })
    )
    await run()
    expect(core.error).not.toHaveBeenCalled()
    expect(core.setFailed).toHaveBeenCalled()
  })

  it('writes the tests as JUnit XML under RUNNER_TEMP and names it in the outputs', async () => {
    runGate.mockResolvedValue(report({ tests }))
    await run()
    const junit = path.join(workspace, 'go-ci-gate', 'junit.xml')
    expect(core.setOutput).toHaveBeenCalledWith('junit', junit)
    expect(core.setOutput).toHaveBeenCalledWith('coverage', '66.7')
    const xml = fs.readFileSync(junit, 'utf8')
    expect(xml).toContain(
      '<testcase classname="example.com/x" name="TestAdd" time="0.000" file="x_test.go" line="7">'
    )
    expect(xml).toContain('<failure message="x_test.go:7: got 3, want 4" type="failure">')
    expect(xml).toContain('timestamp="1970-01-01T00:00:00"')
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('writes the JUnit file where the junit input says, relative to the workspace', async () => {
    process.env.INPUT_JUNIT = 'reports/go/junit.xml'
    runGate.mockResolvedValue(report({ tests }))
    await run()
    const junit = path.join(workspace, 'reports', 'go', 'junit.xml')
    expect(fs.readFileSync(junit, 'utf8')).toContain('<testsuites name="go test" tests="1"')
    expect(core.setOutput).toHaveBeenCalledWith('junit', junit)
    expect(fs.existsSync(path.join(workspace, 'go-ci-gate', 'junit.xml'))).toBe(false)
  })

  it('takes a junit path under RUNNER_TEMP, and refuses one outside it and the workspace', async () => {
    const runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-main-temp-'))
    try {
      process.env.RUNNER_TEMP = runnerTemp
      process.env.INPUT_JUNIT = path.join(runnerTemp, 'reports', 'junit.xml')
      runGate.mockResolvedValue(report({ tests }))
      await run()
      expect(core.setOutput).toHaveBeenCalledWith('junit', process.env.INPUT_JUNIT)
      expect(fs.existsSync(process.env.INPUT_JUNIT)).toBe(true)

      // os.tmpdir() is neither the workspace nor RUNNER_TEMP here.
      const elsewhere = path.join(os.tmpdir(), 'gcg-main-elsewhere.xml')
      fs.rmSync(elsewhere, { force: true })
      process.env.INPUT_JUNIT = elsewhere
      runGate.mockClear()
      await run()
      expect(core.setFailed).toHaveBeenCalledWith(
        `input "junit": "${elsewhere}" is outside the repository and ${runnerTemp}; use a path inside either, e.g. reports/junit.xml`
      )
      expect(runGate).not.toHaveBeenCalled()
      expect(fs.existsSync(elsewhere)).toBe(false)
    } finally {
      fs.rmSync(path.join(os.tmpdir(), 'gcg-main-elsewhere.xml'), { force: true })
      fs.rmSync(runnerTemp, { recursive: true, force: true })
    }
  })

  it('writes no JUnit file when the tests check did not run', async () => {
    runGate.mockResolvedValue(report())
    await run()
    expect(core.setOutput).toHaveBeenCalledWith('junit', '')
    expect(core.setOutput).toHaveBeenCalledWith('coverage', '')
    expect(fs.existsSync(path.join(workspace, 'go-ci-gate', 'junit.xml'))).toBe(false)
  })

  it('warns, and still reports, when the JUnit file cannot be written', async () => {
    fs.writeFileSync(path.join(workspace, 'blocker'), 'a file, not a directory')
    process.env.INPUT_JUNIT = 'blocker/junit.xml'
    runGate.mockResolvedValue(report({ tests }))
    await run()
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringMatching(
        /^go-ci-gate could not write the JUnit report to .*blocker.junit\.xml: /
      )
    )
    expect(core.setOutput).toHaveBeenCalledWith('junit', '')
    expect(core.setOutput).toHaveBeenCalledWith('result', 'pass')
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('writes no SARIF file without the sarif input', async () => {
    runGate.mockResolvedValue(report())
    await run()
    expect(core.setOutput).toHaveBeenCalledWith('sarif', '')
  })

  it('writes the SARIF log where the sarif input says, naming the action as the tool', async () => {
    process.env.INPUT_SARIF = 'reports/go-ci-gate.sarif'
    process.env.GITHUB_ACTION_REPOSITORY = 'go-ci-gate/go-ci-gate'
    process.env.GITHUB_SERVER_URL = 'https://ghes.example.invalid/'
    const finding = {
      check: 'tests' as const,
      rule: 'tests/failed' as const,
      severity: 'error' as const,
      title: 'TestAdd failed',
      message: 'x_test.go:7: got 3, want 4',
      file: 'x_test.go',
      line: 7
    }
    runGate.mockResolvedValue(
      report({
        verdict: 'fail',
        results: [{ check: 'tests', status: 'fail', durationMs: 1, findings: [finding] }]
      })
    )
    await run()
    const sarif = path.join(workspace, 'reports', 'go-ci-gate.sarif')
    expect(core.setOutput).toHaveBeenCalledWith('sarif', sarif)
    expect(JSON.parse(fs.readFileSync(sarif, 'utf8'))).toMatchObject({
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: { informationUri: 'https://ghes.example.invalid/go-ci-gate/go-ci-gate' }
          },
          results: [{ ruleId: 'tests/failed', level: 'error' }]
        }
      ]
    })
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('warns, and keeps the verdict, when the SARIF file cannot be written', async () => {
    fs.writeFileSync(path.join(workspace, 'blocker'), 'a file, not a directory')
    process.env.INPUT_SARIF = 'blocker/go-ci-gate.sarif'
    runGate.mockResolvedValue(report())
    await run()
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringMatching(
        /^go-ci-gate could not write the SARIF report to .*blocker.go-ci-gate\.sarif: /
      )
    )
    expect(core.setOutput).toHaveBeenCalledWith('sarif', '')
    expect(core.setOutput).toHaveBeenCalledWith('result', 'pass')
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('reports a crash of the gate itself as a failure, not a silent pass', async () => {
    runGate.mockRejectedValue(new Error('disk on fire'))
    await run()
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/^go-ci-gate crashed: Error: disk on fire/)
    )
  })
})
