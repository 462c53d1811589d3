// Hunting an intermittent failure with `test-flags: -count=5`, through the built dist/main.js
// under Node 24 as a runner runs it: every run counts, the failing test is annotated at its line
// with the runs named, the race seen in one run at the library line it is fixed in, the report
// and JUnit say how many runs failed, and nothing is rerun.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import {
  distFile,
  lineOf,
  node24,
  parseWorkflowCommands,
  readFileCommands,
  reportSchemaErrors,
  runNode,
  runnerEnvironment,
  sandbox,
  stackFrames,
  type ActionStep
} from '../helpers/e2e.js'

const TIMEOUT = 120_000

interface CountReport {
  results: Array<{ check: string; findings: Array<{ rule: string; package?: string }> }>
  tests?: {
    packages: Array<{
      package: string
      status: string
      tests: Array<{ name: string; status: string; runs?: number; failedRuns?: number }>
    }>
  }
}

describe('test-flags: -count=5 on tests that fail or race in some runs', () => {
  let step: ActionStep
  const mark = (file: string, name: string): number =>
    lineOf(path.join(step.runner.workspace, file), new RegExp(`// mark: ${name}$`))

  beforeAll(() => {
    const box = sandbox('count')
    const workspace = box.checkout('tests-count', 'workspace')
    const runner = runnerEnvironment(box, workspace, {
      token: 'ghs_e2eCountToken',
      inputs: { cache: 'false', checks: 'tests', 'test-flags': '-count=5' }
    })
    const main = runNode(node24(), [distFile('main')], { cwd: workspace, env: runner.env })
    const post = runNode(node24(), [distFile('post')], { cwd: workspace, env: runner.env })
    step = { box, runner, main, post, commands: parseWorkflowCommands(main.stdout) }
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('fails, running go test once with the count, and reruns nothing', () => {
    expect({ main: step.main.status, post: step.post.status }).toEqual({ main: 1, post: 0 })
    expect(stackFrames(step.main.stdout + step.main.stderr)).toEqual([])
    const tests = step.box.goCalls().filter((c) => c.startsWith('test '))
    expect(tests).toHaveLength(1)
    expect(tests[0]).toMatch(/^test -json -count=1 -race .* \.\/\.\.\. -count=5$/)
  })

  it('annotates the failing test at its line naming the runs, the race at the library line', () => {
    const annotations = step.commands
      .filter((c) => ['error', 'warning', 'notice'].includes(c.command))
      .filter((c) => c.properties.file !== undefined)
      .map((c) => `${c.command} ${c.properties.file}:${c.properties.line} ${c.properties.title}`)
    const write = mark('box.go', 'write')
    expect(annotations.sort()).toEqual(
      [
        `error sometimes_test.go:${mark('sometimes_test.go', 'fails')} TestSometimes failed in 2 of 5 runs`,
        `error box.go:${write} Data race in TestRacySometimes`,
        `notice sometimes_test.go:${mark('sometimes_test.go', 'read')} The other access of the data race in TestRacySometimes, reported at box.go:${write}`
      ].sort()
    )
    const failed = step.commands.find((c) => c.properties.title?.startsWith('TestSometimes'))
    expect(failed?.message).toContain('Failed in runs 2 and 3 of 5 and passed in the others')
    // No test is blamed as a package failure on line 1 of some file.
    expect(step.commands.some((c) => c.properties.line === '1')).toBe(false)
  })

  it('writes runs and failedRuns in the JSON report, and the package on each finding', () => {
    const outputs = readFileCommands(step.runner.files.output)
    const report = JSON.parse(fs.readFileSync(outputs.report ?? '', 'utf8')) as CountReport
    expect(reportSchemaErrors(report)).toEqual([])
    const [pkg] = report.tests?.packages ?? []
    expect(pkg?.status).toBe('fail')
    expect(pkg?.tests.map((t) => [t.name, t.status, t.runs, t.failedRuns])).toEqual([
      ['TestAlways', 'pass', 5, 0],
      ['TestSometimes', 'fail', 5, 2],
      ['TestRacySometimes', 'fail', 5, 1]
    ])
    const findings = report.results.find((r) => r.check === 'tests')?.findings ?? []
    expect(findings.map((f) => f.package)).toEqual(findings.map(() => 'example.com/testscount'))
  })

  it('writes one JUnit testcase per test, its failure saying how many runs failed', () => {
    const outputs = readFileCommands(step.runner.files.output)
    const junit = fs.readFileSync(outputs.junit ?? '', 'utf8')
    expect(junit.match(/<testcase [^>]*name="TestSometimes"/g)).toHaveLength(1)
    expect(junit).toMatch(
      /<testcase [^>]*name="TestSometimes"[^>]*>\s*<failure message="failed in 2 of 5 runs: sometimes_test\.go:\d+: run \d: got a stale value"/
    )
    expect(junit).toMatch(/<testsuite name="example.com\/testscount" tests="3" failures="2"/)
  })
})
