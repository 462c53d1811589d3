// One configuration for CI and the laptop: the same .github/go-ci-gate.yml read by the action
// (dist/main.js in a fake runner) and by the command (dist/cli.js with no flags) gives the same
// verdict from the same checks; an input or a flag overrides it; a bad file stops both alike.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import {
  cleanEnv,
  distFile,
  node24,
  readFileCommands,
  runNode,
  runnerEnvironment,
  sandbox,
  type Run,
  type Sandbox
} from '../helpers/e2e.js'

const TIMEOUT = 120_000
const FILE = '.github/go-ci-gate.yml'
// GONOSUMCHECK is a variable go does not read: the env check warns, so fail-on decides.
const CONFIG =
  '# yaml-language-server: $schema=../schema/config.schema.json\nchecks: [env, modfile]\nfail-on: warning\n'
const EXTRA_ENV = { GONOSUMCHECK: 'example.com' }

let box: Sandbox
let workspace: string

interface Verdict {
  verdict: string
  checks: string[]
  rules: string[]
}

function verdictOf(reportText: string): Verdict {
  const report = JSON.parse(reportText) as {
    verdict: string
    results: Array<{ check: string; findings: Array<{ rule: string }> }>
  }
  return {
    verdict: report.verdict,
    checks: report.results.map((r) => r.check),
    rules: report.results.flatMap((r) => r.findings.map((f) => f.rule)).sort()
  }
}

function action(inputs: Record<string, string> = {}): Run & { verdict?: Verdict; summary: string } {
  const runner = runnerEnvironment(box, workspace, { inputs, token: '', env: EXTRA_ENV })
  const run = runNode(node24(), [distFile('main')], { cwd: workspace, env: runner.env })
  const reportPath = readFileCommands(runner.files.output).report
  const summary = fs.existsSync(runner.files.summary)
    ? fs.readFileSync(runner.files.summary, 'utf8')
    : ''
  return {
    ...run,
    summary,
    verdict:
      reportPath === undefined || reportPath === ''
        ? undefined
        : verdictOf(fs.readFileSync(reportPath, 'utf8'))
  }
}

function command(args: string[] = []): Run & { verdict?: Verdict } {
  const env = cleanEnv({
    PATH: `${box.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    ...EXTRA_ENV
  })
  const run = runNode(node24(), [distFile('cli'), '--format', 'json', ...args], {
    cwd: workspace,
    env
  })
  return { ...run, verdict: run.stdout.trim() === '' ? undefined : verdictOf(run.stdout) }
}

beforeAll(() => {
  box = sandbox('configfile')
  workspace = box.checkout('e2e-clean', 'clean')
  fs.mkdirSync(path.join(workspace, '.github'))
  fs.writeFileSync(path.join(workspace, FILE), CONFIG)
  box.commit(workspace, 'configuration file')
}, TIMEOUT)
afterAll(() => box?.cleanup())

describe('the configuration file, through the action and the command', () => {
  it(
    'gives the same failing verdict from the same checks, with no inputs and no flags',
    () => {
      const fromAction = action()
      const fromCommand = command()
      expect([fromAction.status, fromCommand.status]).toEqual([1, 1])
      expect(fromAction.verdict).toEqual({
        verdict: 'fail',
        checks: ['env', 'modfile'],
        rules: [expect.stringMatching(/^env\//)]
      })
      expect(fromCommand.verdict).toEqual(fromAction.verdict)
      expect(fromAction.stdout).toContain('(fail-on: warning)')
      expect(fromAction.summary).toContain('<details><summary>Configuration</summary>')
      expect(fromAction.summary).toContain('| `fail-on` | warning | `.github/go-ci-gate.yml` |')
    },
    TIMEOUT
  )

  it(
    'an input or a flag overrides the file, and the summary says so',
    () => {
      const fromAction = action({ 'fail-on': 'error' })
      const fromCommand = command(['--fail-on', 'error'])
      expect([fromAction.status, fromCommand.status]).toEqual([0, 0])
      expect(fromAction.verdict?.verdict).toBe('pass')
      expect(fromCommand.verdict).toEqual(fromAction.verdict)
      expect(fromAction.verdict?.checks).toEqual(['env', 'modfile'])
      expect(fromAction.summary).toContain('| `fail-on` | error | input (over the file) |')
    },
    TIMEOUT
  )

  it(
    'a bad value stops both before anything runs, with the same line naming file:line:key',
    () => {
      fs.writeFileSync(path.join(workspace, FILE), `${CONFIG}race: sometimes\n`)
      try {
        const expected = `${FILE}:4: race: "sometimes" is not a boolean; use true or false`
        fs.writeFileSync(box.goLog, '')
        const fromAction = action()
        const fromCommand = command()
        expect([fromAction.status, fromCommand.status]).toEqual([1, 2])
        expect(fromAction.stdout).toContain(`::error::${expected}`)
        expect(fromCommand.stderr).toBe(`go-ci-gate: ${expected}\n`)
        expect(box.goCalls()).toEqual([])
      } finally {
        fs.writeFileSync(path.join(workspace, FILE), CONFIG)
      }
    },
    TIMEOUT
  )
})
