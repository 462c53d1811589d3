// The action as a runner runs it: dist/main.js then dist/post.js under Node 24, in a temp
// runner environment (workspace checkout, file commands, event payload, INPUT_*), with the
// real go behind a shim that logs every go invocation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type * as Sarif from 'sarif'
import {
  cleanEnv,
  distFile,
  goEnv,
  lineOf,
  node24,
  parseFileCommands,
  parseWorkflowCommands,
  readActionInputs,
  readFileCommands,
  realGo,
  reportSchemaErrors,
  runNode,
  runnerEnvironment,
  sandbox,
  stackFrames,
  type ActionStep,
  type Sandbox,
  type WorkflowCommand
} from '../helpers/e2e.js'
import { fileProxyUrl } from '../helpers/goproxy.js'
import { sarifSchemaErrors, sarifValidatorFindings } from '../helpers/sarif.js'

const TIMEOUT = 120_000
const MERGE_SHA = 'f00d'.repeat(10)
const TOKEN = `ghs_e2eFakeToken${Math.random().toString(36).slice(2, 12)}`

type Step = ActionStep

/** Checks out the fixture, makes the runner environment, runs main then post. */
function runAction(
  fixture: string,
  options: {
    inputs?: Record<string, string>
    path?: (box: Sandbox) => string
    env?: (box: Sandbox) => Record<string, string>
  } = {}
): Step {
  const box = sandbox(fixture)
  const workspace = box.checkout(fixture, 'workspace')
  const runner = runnerEnvironment(box, workspace, {
    token: TOKEN,
    // These runners have no cache service; cache.test.ts gives the action one.
    inputs: { cache: 'false', ...options.inputs },
    path: options.path?.(box),
    env: options.env?.(box)
  })
  const main = runNode(node24(), [distFile('main')], { cwd: workspace, env: runner.env })
  const post = runNode(node24(), [distFile('post')], { cwd: workspace, env: runner.env })
  return { box, runner, main, post, commands: parseWorkflowCommands(main.stdout) }
}

const ofKind = (commands: WorkflowCommand[], kind: string): WorkflowCommand[] =>
  commands.filter((c) => c.command === kind)

/** The job summary escapes markdown in titles; the same escape, to find them in it. */
const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>|~&$]/g, '\\$&')

interface ReportFinding {
  check: string
  severity: string
  title: string
  message: string
  file?: string
  line?: number
}
interface ReportJson {
  verdict: string
  goVersion?: string
  environment?: { hash: string }
  pinned?: Record<string, string>
  results: Array<{ check: string; status: string; findings: ReportFinding[] }>
  commands: Array<{ args: string[]; cwd: string }>
}

describe('action.yml inputs as the runner passes them', () => {
  it('the e2e helper reads every input and its default from action.yml', () => {
    // Unset inputs arrive empty, so the configuration file can set them.
    expect(readActionInputs()).toEqual([
      { name: 'config' },
      { name: 'working-directory' },
      { name: 'go-version' },
      { name: 'go-version-file' },
      { name: 'goproxy' },
      { name: 'gosumdb' },
      { name: 'goprivate' },
      { name: 'gotoolchain' },
      { name: 'checks' },
      { name: 'fail-on' },
      { name: 'allow-local-replace' },
      { name: 'download-retries' },
      { name: 'download-timeout' },
      { name: 'vendor' },
      { name: 'race' },
      { name: 'packages' },
      { name: 'tags' },
      { name: 'timeout' },
      { name: 'shuffle' },
      { name: 'test-flags' },
      { name: 'coverage' },
      { name: 'coverage-threshold' },
      { name: 'rerun-failed' },
      { name: 'junit' },
      { name: 'sarif' },
      { name: 'build-targets' },
      { name: 'vet-tags' },
      { name: 'cache' },
      { name: 'cache-save' },
      { name: 'cache-key-suffix' },
      { name: 'cache-timeout' },
      { name: 'annotations' },
      { name: 'check-run-id', default: '${{ job.check_run_id }}' },
      { name: 'check-name' },
      { name: 'comment' },
      { name: 'mode' },
      { name: 'shards' },
      { name: 'shard-target' },
      { name: 'shard' },
      { name: 'plan' },
      { name: 'github-token', default: '${{ github.token }}' }
    ])
  })
})

describe('planted module: main then post under Node 24', () => {
  let step: Step
  let goMod: string
  let goLine: number
  let replaceLine: number
  let expectedGo: Record<string, string>

  beforeAll(() => {
    // A pull request's GITHUB_SHA is the merge commit; the summary must link the head commit.
    step = runAction('e2e-planted', {
      inputs: { sarif: 'reports/go-ci-gate.sarif' },
      env: () => ({ GITHUB_ACTION_REPOSITORY: 'go-ci-gate/go-ci-gate', GITHUB_SHA: MERGE_SHA })
    })
    goMod = path.join(step.runner.workspace, 'go.mod')
    goLine = lineOf(goMod, /^go 1\.99\.0\s*$/)
    replaceLine = lineOf(goMod, /^replace example\.com\/fork => /)
    expectedGo = goEnv(['GOVERSION', 'GOPROXY', 'GOSUMDB', 'GOPRIVATE'], step.runner.env)
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('main exits 1 (the gate failed), post exits 0, neither prints a stack trace', () => {
    expect({ main: step.main.status, post: step.post.status }).toEqual({ main: 1, post: 0 })
    expect(stackFrames(step.main.stdout + step.main.stderr)).toEqual([])
    expect(stackFrames(step.post.stdout + step.post.stderr)).toEqual([])
    expect(step.main.stderr).toBe('')
  })

  it('ran the real go, with the workspace as working directory', () => {
    expect(step.box.goCalls()).toContain('env -json')
    expect(step.box.goCalls()).toContain('mod edit -json')
  })

  // These runners have no GitHub API, so no token to mask (checkrun.test.ts has both).
  it('prints ::remove-matcher owner=go:: once, before every other command', () => {
    const removes = step.commands.filter((c) => c.command === 'remove-matcher')
    expect(removes.map((c) => c.raw)).toEqual(['::remove-matcher owner=go::'])
    const before = step.commands.filter((c) => c.line < (removes[0]?.line ?? -1))
    expect(before.map((c) => c.command)).toEqual([])
    // Something must come after it, or the order proved nothing.
    expect(
      step.commands.filter((c) => c.line > (removes[0]?.line ?? Infinity)).length
    ).toBeGreaterThan(0)
  })

  // Known bug (reported): the stage's checks run concurrently, each inside core.group, so the
  // log opens every group before closing any. GitHub does not nest groups: lines a check logs
  // would land in the wrong one. Flip to `it` when groups are balanced and sequential.
  it('opens and closes log groups one at a time', () => {
    let open = 0
    for (const c of step.commands) {
      if (c.command === 'group') open++
      if (c.command === 'endgroup') open--
      expect(open === 0 || open === 1).toBe(true)
    }
    expect(ofKind(step.commands, 'group').length).toBeGreaterThan(0)
  })

  it('annotates exactly the two planted problems on their go.mod lines', () => {
    const located = ofKind(step.commands, 'error').filter((c) => c.properties.file !== undefined)
    expect(located.map((c) => c.properties)).toEqual([
      { title: 'Go older than go.mod', file: 'go.mod', line: `${goLine}`, endLine: `${goLine}` },
      {
        title: 'Local replace of example.com/fork points outside the repository',
        file: 'go.mod',
        line: `${replaceLine}`,
        endLine: `${replaceLine}`
      }
    ])
    const version = expectedGo.GOVERSION?.replace(/^go/, '')
    expect(located[0]?.message).toMatch(
      new RegExp(
        `^go\\.mod requires go >= 1\\.99\\.0 \\(running go ${version?.replace(/\./g, '\\.')}; GOTOOLCHAIN=local\\)\\nFix: .+`
      )
    )
    expect(located[1]?.message).toMatch(
      /^replace example\.com\/fork => \.\.\/\.\.\/outside: .+\nFix: .+/
    )
    expect(ofKind(step.commands, 'warning')).toEqual([])
    expect(ofKind(step.commands, 'notice')).toEqual([])
  })

  it('fails the step with one unlocated error that counts the findings', () => {
    const unlocated = ofKind(step.commands, 'error').filter((c) => c.properties.file === undefined)
    expect(unlocated.map((c) => c.message)).toEqual([
      'go-ci-gate failed: 2 error(s), 0 warning(s) (fail-on: error)'
    ])
  })

  it('sets every output in GITHUB_OUTPUT', () => {
    const outputs = readFileCommands(step.runner.files.output)
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'build-cache-hit',
        'cache-hit',
        'coverage',
        'env-fingerprint',
        'errors',
        'go-version',
        'junit',
        'notices',
        'report',
        'result',
        'sarif',
        'warnings'
      ].sort()
    )
    expect(outputs).toMatchObject({ result: 'fail', errors: '2', warnings: '0', notices: '0' })
    expect(outputs['go-version']).toBe(expectedGo.GOVERSION?.replace(/^go/, ''))
    expect(outputs['go-version']).toMatch(/^\d+\.\d+(\.\d+)?$/)
    expect(outputs['env-fingerprint']).toMatch(/^[0-9a-f]{12}$/)
    expect(path.dirname(outputs.report ?? '')).toBe(path.join(step.runner.runnerTemp, 'go-ci-gate'))
  })

  it('writes a JSON report that validates against the schema and holds the findings', () => {
    const outputs = readFileCommands(step.runner.files.output)
    const report = JSON.parse(fs.readFileSync(outputs.report ?? '', 'utf8')) as ReportJson
    expect(reportSchemaErrors(report)).toEqual([])
    expect(report.verdict).toBe('fail')
    expect(report.environment?.hash).toBe(outputs['env-fingerprint'])
    const findings = report.results.flatMap((r) => r.findings)
    expect(findings.map((f) => [f.check, f.severity, f.file, f.line])).toEqual([
      ['toolchain', 'error', 'go.mod', goLine],
      ['modfile', 'error', 'go.mod', replaceLine]
    ])
    const annotated = ofKind(step.commands, 'error').filter((c) => c.properties.file !== undefined)
    expect(annotated.map((c) => c.properties.title)).toEqual(findings.map((f) => f.title))
    expect(report.commands.length).toBeGreaterThan(0)
  })

  it(
    'writes the SARIF log the sarif input names, valid by the schema and Microsoft’s validator',
    () => {
      const outputs = readFileCommands(step.runner.files.output)
      expect(outputs.sarif).toBe(path.join(step.runner.workspace, 'reports', 'go-ci-gate.sarif'))
      const log = JSON.parse(fs.readFileSync(outputs.sarif ?? '', 'utf8')) as Sarif.Log
      expect(sarifSchemaErrors(log)).toEqual([])
      expect(sarifValidatorFindings(outputs.sarif ?? '')).toEqual([])
      const run = log.runs[0]
      expect(run?.tool.driver).toMatchObject({
        name: 'go-ci-gate',
        informationUri: 'https://github.com/go-ci-gate/go-ci-gate'
      })
      expect(
        (run?.results ?? []).map((r) => {
          const where = r.locations?.[0]?.physicalLocation
          return [r.ruleId, r.level, where?.artifactLocation?.uri, where?.region?.startLine]
        })
      ).toEqual([
        ['toolchain/go-too-old', 'error', 'go.mod', goLine],
        ['modfile/local-replace', 'error', 'go.mod', replaceLine]
      ])
      expect(run?.tool.driver.rules?.map((r) => r.id)).toEqual([
        'toolchain/go-too-old',
        'modfile/local-replace'
      ])
    },
    TIMEOUT
  )

  it('exports the pinned environment to later steps in GITHUB_ENV', () => {
    expect(readFileCommands(step.runner.files.env)).toEqual({
      GOPROXY: expectedGo.GOPROXY,
      GOSUMDB: expectedGo.GOSUMDB,
      GOPRIVATE: expectedGo.GOPRIVATE,
      GOFLAGS: '-mod=readonly',
      GOTOOLCHAIN: 'local',
      GO111MODULE: 'on'
    })
    expect(expectedGo.GOPROXY).not.toBe('')
  })

  it('writes a job summary: the verdict, every finding linked to its line at the head commit, the checks, the folded fingerprint', () => {
    const summary = fs.readFileSync(step.runner.files.summary, 'utf8')
    const outputs = readFileCommands(step.runner.files.output)
    expect(summary).toContain('## ❌ go-ci-gate: fail')
    expect(summary).toContain(`Fingerprint: \`${outputs['env-fingerprint']}\``)
    const report = JSON.parse(fs.readFileSync(outputs.report ?? '', 'utf8')) as ReportJson
    const findings = report.results.flatMap((r) => r.findings)
    expect(findings).toHaveLength(2)
    const event = JSON.parse(fs.readFileSync(step.runner.env.GITHUB_EVENT_PATH ?? '', 'utf8')) as {
      pull_request: { head: { sha: string } }
    }
    const blob = `https://github.com/octo-org/planted/blob/${event.pull_request.head.sha}`
    for (const f of findings) {
      expect(summary).toContain(
        `[\`${f.file}:${f.line}\`](${blob}/${f.file}#L${f.line}) · **${escapeMarkdown(f.title)}**`
      )
    }
    expect(summary).not.toContain(MERGE_SHA)
    const order = ['## ❌', '### Findings', '### Checks', '<details><summary>Environment</summary>']
    const positions = order.map((marker) => summary.indexOf(marker))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('leaves GITHUB_STATE empty, and post writes no workflow commands but a log line', () => {
    expect(parseFileCommands(fs.readFileSync(step.runner.files.state, 'utf8'))).toEqual([])
    expect(parseWorkflowCommands(step.post.stdout)).toEqual([])
    expect(step.post.stdout).toMatch(/^go-ci-gate post: /m)
  })
})

describe('clean module', () => {
  let step: Step
  beforeAll(() => {
    step = runAction('e2e-clean')
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('passes: exit 0, result=pass, no error, warning or notice annotation', () => {
    expect({ main: step.main.status, post: step.post.status }).toEqual({ main: 0, post: 0 })
    const outputs = readFileCommands(step.runner.files.output)
    expect(outputs).toMatchObject({ result: 'pass', errors: '0', warnings: '0', notices: '0' })
    const annotations = step.commands.filter((c) =>
      ['error', 'warning', 'notice'].includes(c.command)
    )
    expect(annotations).toEqual([])
    expect(fs.readFileSync(step.runner.files.summary, 'utf8')).toContain('## ✅ go-ci-gate: pass')
    expect(step.box.goCalls().length).toBeGreaterThan(0)
  })
})

describe('a bad input', () => {
  let step: Step
  beforeAll(() => {
    step = runAction('e2e-planted', { inputs: { 'fail-on': 'fatal' } })
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('stops with exit 1 and one error naming the input, the value and what is allowed', () => {
    expect(step.main.status).toBe(1)
    expect(ofKind(step.commands, 'error').map((c) => c.raw)).toEqual([
      '::error::input "fail-on": "fatal" is not allowed; use error or warning'
    ])
    expect(stackFrames(step.main.stdout + step.main.stderr)).toEqual([])
  })

  it('runs nothing before validation: no go command, no matcher removal, no outputs', () => {
    expect(step.box.goCalls()).toEqual([])
    expect(step.commands.map((c) => c.command)).toEqual(['error'])
    expect(fs.readFileSync(step.runner.files.output, 'utf8')).toBe('')
    expect(fs.readFileSync(step.runner.files.env, 'utf8')).toBe('')
    expect(fs.readFileSync(step.runner.files.summary, 'utf8')).toBe('')
  })
})

describe('no go on PATH', () => {
  let step: Step
  beforeAll(() => {
    step = runAction('e2e-planted', {
      path: (box) => {
        // Only git: a runner where actions/setup-go was forgotten (and no system go).
        const onlyGit = path.join(box.base, 'only-git')
        fs.mkdirSync(onlyGit)
        const gitBinary = (process.env.PATH ?? '')
          .split(path.delimiter)
          .map((dir) => path.join(dir, 'git'))
          .find((file) => fs.existsSync(file))
        if (gitBinary === undefined) throw new Error('git is not on PATH')
        fs.symlinkSync(gitBinary, path.join(onlyGit, 'git'))
        return onlyGit
      }
    })
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('fails with one error annotation that says to add actions/setup-go', () => {
    expect(step.main.status).toBe(1)
    const errors = ofKind(step.commands, 'error')
    const setupGo = errors.filter((c) => c.message.includes('actions/setup-go'))
    expect(setupGo).toHaveLength(1)
    expect(setupGo[0]?.properties).toEqual({ title: 'Go is not installed' })
    expect(
      errors.filter((c) => !c.message.includes('actions/setup-go')).map((c) => c.message)
    ).toEqual(['go-ci-gate could not run its checks: go was not found'])
    expect(stackFrames(step.main.stdout + step.main.stderr)).toEqual([])
    expect(step.box.goCalls()).toEqual([])
  })

  it('still sets result=fail and errors=1, and post exits 0', () => {
    expect(readFileCommands(step.runner.files.output)).toMatchObject({
      result: 'fail',
      errors: '1'
    })
    expect(step.post.status).toBe(0)
  })
})

describe('a module cache tampered with after go.sum was written', () => {
  let step: Step
  let sumLine: number
  beforeAll(() => {
    step = runAction('e2e-tampered', {
      env: (box) => {
        // The job's module cache, as a cache restore would leave it, with one file changed.
        const modcache = path.join(box.base, 'gomodcache')
        const env = { GOMODCACHE: modcache, GOPROXY: fileProxyUrl(), GOSUMDB: 'off' }
        execFileSync(
          realGo(),
          ['mod', 'download', '-modcacherw', 'github.com/google/uuid@v1.6.0'],
          {
            cwd: box.base,
            env: cleanEnv(env),
            stdio: 'ignore'
          }
        )
        const source = path.join(modcache, 'github.com', 'google', 'uuid@v1.6.0', 'uuid.go')
        fs.appendFileSync(source, '\n// tampered\n')
        return env
      }
    })
    sumLine = lineOf(
      path.join(step.runner.workspace, 'go.sum'),
      /^github\.com\/google\/uuid v1\.6\.0 h1:/
    )
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('fails with an error annotation on the go.sum line of the tampered module', () => {
    expect(step.main.status).toBe(1)
    const onGoSum = ofKind(step.commands, 'error').filter((c) => c.properties.file === 'go.sum')
    expect(onGoSum).toHaveLength(1)
    expect(onGoSum[0]?.properties.line).toBe(`${sumLine}`)
    expect(onGoSum[0]?.message).toMatch(/github\.com\/google\/uuid v1\.6\.0/)
    expect(onGoSum[0]?.message).toMatch(/modified/)
  })

  it('reports it from the verify check, and the other checks still pass', () => {
    const report = JSON.parse(
      fs.readFileSync(readFileCommands(step.runner.files.output).report ?? '', 'utf8')
    ) as ReportJson
    const status = Object.fromEntries(report.results.map((r) => [r.check, r.status]))
    expect(status).toMatchObject({
      verify: 'fail',
      download: 'pass',
      tidy: 'pass',
      toolchain: 'pass'
    })
    expect(report.results.find((r) => r.check === 'verify')?.findings).toEqual([
      expect.objectContaining({ severity: 'error', file: 'go.sum', line: sumLine })
    ])
  })
})

describe('a data race in a test', () => {
  let step: Step
  let raceLine: number
  beforeAll(() => {
    step = runAction('tests-race', { inputs: { checks: 'tests', sarif: 'go-ci-gate.sarif' } })
    raceLine = lineOf(path.join(step.runner.workspace, 'counter', 'counter.go'), /c\.n\+\+/)
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('annotates the race at its line in the repository, with both accesses, and fails', () => {
    expect(step.main.status).toBe(1)
    expect(step.box.goCalls().some((c) => c.startsWith('test -json -count=1 -race'))).toBe(true)
    const located = ofKind(step.commands, 'error').filter((c) => c.properties.file !== undefined)
    expect(located.map((c) => c.properties)).toEqual([
      {
        title: 'Data race in TestCounterConcurrent',
        file: 'counter/counter.go',
        line: `${raceLine}`,
        endLine: `${raceLine}`
      }
    ])
    expect(located[0]?.message).toMatch(/^Read by goroutine \d+:\n {2}counter\.\(\*Counter\)\.Inc/)
    expect(located[0]?.message).toContain('Previous write by goroutine')
    expect(located[0]?.message).toContain('counter/counter_test.go:')
    expect(located[0]?.message).not.toContain(goEnv(['GOROOT'], step.runner.env).GOROOT ?? '/')
  })

  it('writes the test results: the JSON report, JUnit with file and line, and the summary', () => {
    const outputs = readFileCommands(step.runner.files.output)
    const report = JSON.parse(fs.readFileSync(outputs.report ?? '', 'utf8')) as ReportJson & {
      tests?: { race: boolean; packages: Array<{ package: string; status: string }> }
    }
    expect(reportSchemaErrors(report)).toEqual([])
    expect(report.tests?.race).toBe(true)
    expect(report.tests?.packages.map((p) => [p.package, p.status])).toEqual([
      ['example.com/testsrace/counter', 'fail']
    ])
    expect(outputs.junit).toBe(path.join(step.runner.runnerTemp, 'go-ci-gate', 'junit.xml'))
    const junit = fs.readFileSync(outputs.junit ?? '', 'utf8')
    expect(junit).toContain('name="TestCounterConcurrent"')
    expect(junit).toMatch(new RegExp(`file="counter/counter.go" line="${raceLine}"`))
    const summary = fs.readFileSync(step.runner.files.summary, 'utf8')
    expect(summary).toContain('Data race in TestCounterConcurrent')
    expect(summary).toContain('example.com/testsrace/counter')
  })

  it(
    'puts the race in the SARIF log at the same line, as the validator wants it',
    () => {
      const outputs = readFileCommands(step.runner.files.output)
      const log = JSON.parse(fs.readFileSync(outputs.sarif ?? '', 'utf8')) as Sarif.Log
      expect(sarifSchemaErrors(log)).toEqual([])
      // No GITHUB_ACTION_REPOSITORY here: the validator's informationUri recommendation only.
      expect(sarifValidatorFindings(outputs.sarif ?? '')).toEqual([
        'SARIF2005 warning: runs[0].tool.driver | go-ci-gate'
      ])
      const race = log.runs[0]?.results?.find((r) => r.ruleId === 'tests/race')
      expect(race?.locations?.[0]?.physicalLocation).toEqual({
        artifactLocation: { uri: 'counter/counter.go', uriBaseId: '%SRCROOT%' },
        region: { startLine: raceLine, endLine: raceLine }
      })
      expect(race?.message.text).toMatch(/^Data race in TestCounterConcurrent\n\n/)
    },
    TIMEOUT
  )
})

describe('a build target go does not know', () => {
  let step: Step
  beforeAll(() => {
    step = runAction('e2e-clean', { inputs: { 'build-targets': 'linux/arm64,plan9/sparc' } })
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('stops before any check with one error naming the input and the value', () => {
    expect(step.main.status).toBe(1)
    const errors = ofKind(step.commands, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/^input "build-targets": "plan9\/sparc" is not a target /)
    expect(step.box.goCalls()).toContain('tool dist list')
    expect(step.box.goCalls().some((c) => c.startsWith('test ') || c.startsWith('build '))).toBe(
      false
    )
    expect(stackFrames(step.main.stdout + step.main.stderr)).toEqual([])
  })
})
