// The action on a repository of several modules (__fixtures__/go/tests-modules: a root module
// with core/, an exp module with lib/, and assets, tools and winsvc modules with no package for
// go test), as a runner runs it: dist/main.js then dist/post.js under Node 24.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import {
  distFile,
  node24,
  parseWorkflowCommands,
  readFileCommands,
  runNode,
  runnerEnvironment,
  sandbox,
  stackFrames,
  type ActionStep
} from '../helpers/e2e.js'

const TIMEOUT = 180_000
const TOKEN = `ghs_e2eFakeToken${Math.random().toString(36).slice(2, 12)}`

function runAction(inputs: Record<string, string>): ActionStep {
  const box = sandbox('tests-modules')
  const workspace = box.checkout('tests-modules', 'workspace')
  const runner = runnerEnvironment(box, workspace, {
    token: TOKEN,
    inputs: { cache: 'false', ...inputs }
  })
  const main = runNode(node24(), [distFile('main')], { cwd: workspace, env: runner.env })
  const post = runNode(node24(), [distFile('post')], { cwd: workspace, env: runner.env })
  return { box, runner, main, post, commands: parseWorkflowCommands(main.stdout) }
}

const annotations = (step: ActionStep): string[] =>
  step.commands
    .filter((c) => ['error', 'warning', 'notice'].includes(c.command))
    .map((c) => `${c.command} ${c.properties.title ?? ''}: ${c.message.split('\n')[0] ?? ''}`)

describe('a clean repository of several modules, three of them without packages', () => {
  let step: ActionStep
  beforeAll(() => {
    step = runAction({})
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('passes: exit 0, no annotation, go test run only where there are packages', () => {
    expect({ main: step.main.status, post: step.post.status }).toEqual({ main: 0, post: 0 })
    expect(annotations(step)).toEqual([])
    expect(readFileCommands(step.runner.files.output)).toMatchObject({
      result: 'pass',
      errors: '0'
    })
    const tests = step.box.goCalls().filter((c) => c.startsWith('test '))
    expect(tests).toHaveLength(2)
    expect(tests.every((c) => c.endsWith(' ./...'))).toBe(true)
  })

  it('says in the job summary which modules had no package to test', () => {
    const summary = fs.readFileSync(step.runner.files.summary, 'utf8')
    expect(summary).toContain('## ✅ go-ci-gate: pass')
    const row = summary.split('\n').find((l) => l.startsWith('| tests |')) ?? ''
    expect(row).toContain('2 passed in 2 packages (race)')
    for (const module of ['assets', 'tools', 'winsvc']) {
      expect(row).toContain(`skipped ${module}: no packages to test (./... matches none)`)
    }
    expect(summary).toContain('example.com/multi/core')
    expect(summary).toContain('example.com/multi/exp/lib')
  })
})

describe('a packages pattern that matches nothing in any module', () => {
  let step: ActionStep
  beforeAll(() => {
    step = runAction({ packages: './core ./zapcore' })
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('fails with one input error naming the pattern and the modules; no test runs', () => {
    expect({ main: step.main.status, post: step.post.status }).toEqual({ main: 1, post: 0 })
    expect(stackFrames(step.main.stdout + step.main.stderr)).toEqual([])
    const title =
      'packages: "./zapcore" matches no package in any module (modules: ., assets, exp, tools, winsvc)'
    const errors = step.commands.filter((c) => c.command === 'error')
    const finding = errors.find((c) => c.properties.title === title)
    expect(finding?.message).toContain('exp: stat exp/zapcore: directory not found')
    expect(annotations(step)).toEqual([
      `error ${title}: The packages input names "./zapcore", and go list finds no package for it in any module, so no test ran. A pattern is relative to each module's directory (the one holding its go.mod); go said:`,
      'error : go-ci-gate failed: 1 error(s), 0 warning(s) (fail-on: error)'
    ])
    expect(step.box.goCalls().filter((c) => c.startsWith('test '))).toEqual([])
    expect(readFileCommands(step.runner.files.output)).toMatchObject({ result: 'fail' })
    const summary = fs.readFileSync(step.runner.files.summary, 'utf8')
    expect(summary).toContain('no test ran: packages: "./zapcore" matches no package')
  })
})
