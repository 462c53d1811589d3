// A gate that cannot be fooled, through the built action and command: a go that dies by a
// signal, no module at all, an environment go rejects, a cancelled run, credentials in the proxy
// URL, the code under test reaching for the job's secrets, report files that cannot be written.
// Each case is something that once gave a false pass, a leak, a hang or a stack trace.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
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
  stackFrames,
  type ActionStep,
  type Runner,
  type Sandbox
} from '../helpers/e2e.js'
import { startGitHubApi, type GitHubApi } from '../helpers/githubapi.js'
import { freshModCache, hermeticGoEnv, startLocalProxy } from '../helpers/goproxy.js'
import { isRunning } from '../helpers/processes.js'

const TIMEOUT = 180_000
const TOKEN = `ghs_e2eFakeToken${Math.random().toString(36).slice(2, 12)}`

type Step = ActionStep

/** main then post, on a checkout of the fixture, with the runner environment adjusted. */
function runAction(
  fixture: string | undefined,
  options: {
    inputs?: Record<string, string>
    env?: (box: Sandbox, runner: Runner) => Record<string, string>
  } = {}
): Step {
  const box = sandbox(fixture ?? 'empty')
  let workspace: string
  if (fixture === undefined) {
    workspace = path.join(box.base, 'workspace')
    fs.mkdirSync(workspace)
    fs.writeFileSync(path.join(workspace, 'README.md'), 'no Go here\n')
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: workspace, env: cleanEnv() })
    box.commit(workspace, 'no module')
  } else {
    workspace = box.checkout(fixture, 'workspace')
  }
  const runner = runnerEnvironment(box, workspace, {
    token: TOKEN,
    inputs: { cache: 'false', ...options.inputs }
  })
  const env = { ...runner.env, ...options.env?.(box, runner) }
  const main = runNode(node24(), [distFile('main')], { cwd: workspace, env })
  const post = runNode(node24(), [distFile('post')], { cwd: workspace, env })
  return { box, runner, main, post, commands: parseWorkflowCommands(main.stdout) }
}

const messagesOf = (step: Step, kind: string): string[] =>
  step.commands.filter((c) => c.command === kind).map((c) => c.message)

describe('go test killed by SIGKILL (a test kills the go command)', () => {
  let step: Step
  beforeAll(() => {
    step = runAction('tests-kill-parent', { inputs: { checks: 'tests' } })
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('fails the step with an error naming the signal and the package, never a pass', () => {
    expect(step.main.status).toBe(1)
    expect(readFileCommands(step.runner.files.output)).toMatchObject({ result: 'fail' })
    const killed = step.commands.find(
      (c) =>
        c.command === 'error' && c.properties.title?.startsWith('go test was killed by SIGKILL')
    )
    expect(killed?.message).toContain('never reported a result: example.com/killparent')
    // Whether go's last events (the test's run) got out before it died is a race: when they
    // did, the error sits on the test that was running.
    if (killed?.properties.title?.includes('while TestKillsGo was running')) {
      expect(killed.properties).toMatchObject({
        file: 'parent_test.go',
        line: String(lineOf(path.join(step.runner.workspace, 'parent_test.go'), /mark: kills go/))
      })
    } else {
      expect(killed?.properties.title).toBe('go test was killed by SIGKILL before any test ran')
    }
  })
})

describe('no Go module in the workspace (a missing checkout step)', () => {
  let step: Step
  beforeAll(() => {
    step = runAction(undefined)
  }, TIMEOUT)
  afterAll(() => step?.box.cleanup())

  it('fails with one error saying where it looked, never a pass', () => {
    expect(step.main.status).toBe(1)
    expect(readFileCommands(step.runner.files.output)).toMatchObject({ result: 'fail' })
    const errors = messagesOf(step, 'error')
    expect(errors).toContain(
      'go-ci-gate could not run its checks: no Go module found in the repository root'
    )
    expect(errors.some((m) => m.startsWith('Looked for go.mod in the repository root'))).toBe(true)
    expect(fs.readFileSync(step.runner.files.summary, 'utf8')).toContain(
      '**The gate could not run its checks:** no Go module found in the repository root.'
    )
  })

  it('the command exits 2 (a bad set-up), one finding, no stack trace', () => {
    const run = runNode(node24(), [distFile('cli'), step.runner.workspace], {
      cwd: step.runner.workspace,
      env: cleanEnv({ PATH: step.runner.env.PATH ?? '' })
    })
    expect(run.status).toBe(2)
    expect(run.stdout).toMatch(/^go-ci-gate: error: No Go module found in the repository root/m)
    expect(run.stdout).toContain('go-ci-gate: FAIL (1 error): could not run: no Go module found')
    expect(stackFrames(run.stdout + run.stderr)).toEqual([])
  })
})

describe('an environment go rejects', () => {
  it.each([
    ['GOOS', 'bogus', /unsupported GOOS\/GOARCH pair bogus/],
    ['GO111MODULE', 'maybe', /GO111MODULE=maybe/],
    ['GOCACHE', 'relative/cache', /GOCACHE is not an absolute path/],
    ['GOEXPERIMENT', 'bogus', /unknown GOEXPERIMENT bogus/],
    ['GOFLAGS', '-notaflag', /unknown flag -notaflag/]
  ])(
    '%s=%s: the command exits 2 with one env error naming it; the action fails with it',
    (name, value, said) => {
      const box = sandbox('badenv')
      try {
        const workspace = box.checkout('e2e-clean', 'workspace')
        const cli = runNode(node24(), [distFile('cli'), '--format', 'json', workspace], {
          cwd: workspace,
          env: cleanEnv({
            PATH: `${box.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
            [name]: value
          })
        })
        expect(cli.status).toBe(2)
        const report = JSON.parse(cli.stdout) as {
          setupError: string
          results: Array<{ check: string; findings: Array<{ title: string; message: string }> }>
        }
        const findings = report.results.flatMap((r) =>
          r.findings.map((f) => ({ ...f, check: r.check }))
        )
        expect(findings).toHaveLength(1)
        expect(findings[0]).toMatchObject({ check: 'env', message: expect.stringMatching(said) })
        expect(findings[0]?.title).toContain(name)
        expect(stackFrames(cli.stdout + cli.stderr)).toEqual([])
        const runner = runnerEnvironment(box, workspace, {
          token: TOKEN,
          inputs: { cache: 'false' }
        })
        const main = runNode(node24(), [distFile('main')], {
          cwd: workspace,
          env: { ...runner.env, [name]: value }
        })
        expect(main.status).toBe(1)
        expect(stackFrames(main.stdout + main.stderr)).toEqual([])
        expect(parseWorkflowCommands(main.stdout).map((c) => c.message)).toContain(
          `go-ci-gate could not run its checks: ${report.setupError}`
        )
      } finally {
        box.cleanup()
      }
    },
    TIMEOUT
  )
})

describe("the code under test and the job's secrets", () => {
  let step: Step
  let api: GitHubApi
  beforeAll(async () => {
    // A GitHub API, so the job has a token to keep from the tests, as on a real runner.
    api = await startGitHubApi({ token: TOKEN })
    const box = sandbox('e2e-env')
    const workspace = box.checkout('e2e-env', 'workspace')
    const runner = runnerEnvironment(box, workspace, {
      token: TOKEN,
      inputs: { cache: 'false', checks: 'tests' },
      api: { url: api.url, checkRunId: api.addCheckRun('octo-org', 'planted') },
      env: {
        ACTIONS_RUNTIME_TOKEN: 'runtime-token-e2e',
        ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/results',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-token-e2e',
        GITHUB_PATH: path.join(box.base, 'github_path'),
        GCG_WORKFLOW_VARIABLE: 'kept'
      }
    })
    const main = await runNodeAsync(node24(), [distFile('main')], {
      cwd: workspace,
      env: runner.env
    })
    const post = runNode(node24(), [distFile('post')], { cwd: workspace, env: runner.env })
    step = { box, runner, main, post, commands: parseWorkflowCommands(main.stdout) }
  }, TIMEOUT)
  afterAll(async () => {
    step?.box.cleanup()
    await api?.close()
  })

  it('the tests run without the inputs, tokens and file commands, and pass', () => {
    // The runner environment sets INPUT_GITHUB-TOKEN, GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE.
    expect(step.runner.env['INPUT_GITHUB-TOKEN']).toBe(TOKEN)
    expect(messagesOf(step, 'error')).toEqual([])
    expect(step.main.status).toBe(0)
    expect(readFileCommands(step.runner.files.output)).toMatchObject({ result: 'pass' })
    expect(api.violations).toEqual([])
  })
})

describe('a GOPROXY with a user and password', () => {
  const PASSWORD = `pw${Math.random().toString(36).slice(2, 12)}`
  let step: Step
  let proxyUrl: string
  let close: () => Promise<void>
  beforeAll(async () => {
    // A 503: the download finding's fix names the proxy it could not reach.
    const proxy = await startLocalProxy({ kind: 'status', status: 503 })
    close = proxy.close
    proxyUrl = proxy.url.replace('http://', `http://gcguser:${PASSWORD}@`)
    const modcache = freshModCache()
    const box = sandbox('credentials')
    const workspace = box.checkout('e2e-proxy-refused', 'workspace')
    const runner = runnerEnvironment(box, workspace, {
      token: TOKEN,
      inputs: {
        cache: 'false',
        checks: 'env,download',
        goproxy: proxyUrl,
        'download-retries': '0'
      },
      env: { ...hermeticGoEnv(modcache.dir), GOPROXY: 'off' }
    })
    const main = await runNodeAsync(node24(), [distFile('main')], {
      cwd: workspace,
      env: runner.env
    })
    const post = runNode(node24(), [distFile('post')], { cwd: workspace, env: runner.env })
    step = { box, runner, main, post, commands: parseWorkflowCommands(main.stdout) }
    modcache.cleanup()
  }, TIMEOUT)
  afterAll(async () => {
    step?.box.cleanup()
    await close?.()
  })

  it('masks it first, and shows it nowhere: log, annotations, summary, report, outputs', () => {
    expect(step.main.status).toBe(1)
    const masks = step.commands.filter((c) => c.command === 'add-mask').map((c) => c.message)
    expect(masks).toEqual(expect.arrayContaining([`gcguser:${PASSWORD}`, PASSWORD]))
    const firstMask = step.main.stdout.indexOf(`::add-mask::${PASSWORD}`)
    const shown = [
      step.main.stdout.slice(firstMask + `::add-mask::${PASSWORD}`.length),
      step.main.stderr,
      step.post.stdout,
      fs.readFileSync(step.runner.files.summary, 'utf8'),
      fs.readFileSync(step.runner.files.output, 'utf8'),
      fs.readFileSync(readFileCommands(step.runner.files.output).report ?? '', 'utf8')
    ]
    for (const text of shown) expect(text).not.toContain(PASSWORD)
    // The download finding's fix names the proxy, redacted.
    expect(step.commands.some((c) => c.message.includes('http://***@127.0.0.1'))).toBe(true)
  })

  it('later steps still get the real GOPROXY', () => {
    expect(readFileCommands(step.runner.files.env).GOPROXY).toBe(proxyUrl)
  })
})

describe('report files that cannot be written', () => {
  it.each([
    ['GITHUB_STEP_SUMMARY', () => '/proc/version', 'the job summary'],
    ['GITHUB_STEP_SUMMARY', (box: Sandbox) => box.base, 'the job summary'],
    [
      'RUNNER_TEMP',
      (box: Sandbox) => {
        const file = path.join(box.base, 'a-file')
        fs.writeFileSync(file, '')
        return file
      },
      'the JSON report'
    ],
    ['GITHUB_OUTPUT', (box: Sandbox) => box.base, 'the step outputs'],
    ['GITHUB_ENV', (box: Sandbox) => box.base, 'the pinned environment to GITHUB_ENV']
  ])(
    '%s unwritable: a warning naming it; the verdict, annotations and the rest stand',
    (variable, value, what) => {
      const step = runAction('e2e-planted', {
        inputs: { checks: 'toolchain,modfile' },
        env: (box) => ({ [variable]: value(box) })
      })
      try {
        expect(stackFrames(step.main.stdout + step.main.stderr)).toEqual([])
        expect(step.main.status).toBe(1)
        expect(
          messagesOf(step, 'warning').filter((m) =>
            m.startsWith(`go-ci-gate could not write ${what}`)
          )
        ).toHaveLength(1)
        // Both planted findings are still annotated, and the verdict is the gate's.
        expect(
          step.commands.filter((c) => c.command === 'error' && c.properties.file === 'go.mod')
        ).toHaveLength(2)
        expect(messagesOf(step, 'error')).toContain(
          'go-ci-gate failed: 2 error(s), 0 warning(s) (fail-on: error)'
        )
        if (variable !== 'GITHUB_OUTPUT') {
          expect(readFileCommands(step.runner.files.output)).toMatchObject({ result: 'fail' })
        }
        if (variable !== 'GITHUB_STEP_SUMMARY') {
          expect(fs.readFileSync(step.runner.files.summary, 'utf8')).toContain('go-ci-gate: fail')
        }
        expect(step.post.status).toBe(0)
      } finally {
        step.box.cleanup()
      }
    },
    TIMEOUT
  )

  it(
    'a passing gate stays a pass when the summary cannot be written',
    () => {
      const step = runAction('e2e-clean', {
        inputs: { checks: 'toolchain,env,modfile' },
        env: () => ({ GITHUB_STEP_SUMMARY: '/proc/version' })
      })
      try {
        expect(step.main.status).toBe(0)
        expect(readFileCommands(step.runner.files.output)).toMatchObject({ result: 'pass' })
        expect(
          messagesOf(step, 'warning').filter((m) => m.startsWith('go-ci-gate could not write'))
        ).toEqual([expect.stringMatching(/^go-ci-gate could not write the job summary: /)])
      } finally {
        step.box.cleanup()
      }
    },
    TIMEOUT
  )
})

describe('a cancelled run', () => {
  it.each([
    ['the command', 'cli', 'SIGTERM', 143],
    ['the action', 'main', 'SIGINT', 130]
  ] as const)(
    '%s stops go and the test binary on %s, and exits %i',
    async (_what, entry, signal, status) => {
      const box = sandbox('cancel')
      try {
        const workspace = box.checkout('e2e-sleep', 'workspace')
        const pidFile = path.join(box.base, 'test.pid')
        const runner = runnerEnvironment(box, workspace, {
          token: TOKEN,
          inputs: { cache: 'false', checks: 'tests', race: 'false' }
        })
        const env = { ...runner.env, GCG_PID_FILE: pidFile }
        const args =
          entry === 'cli' ? [distFile('cli'), '--race', 'false', workspace] : [distFile('main')]
        const child = spawn(node24(), args, { cwd: workspace, env, stdio: 'ignore' })
        const exited = new Promise<number | null>((resolve) =>
          child.on('exit', (code) => resolve(code))
        )
        const started = Date.now()
        while (!fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8') === '') {
          if (Date.now() - started > 60_000) throw new Error('the test never started')
          await new Promise((r) => setTimeout(r, 100))
        }
        const testPid = Number(fs.readFileSync(pidFile, 'utf8'))
        child.kill(signal)
        expect(await exited).toBe(status)
        await new Promise((r) => setTimeout(r, 200))
        expect(isRunning(testPid)).toBe(false)
      } finally {
        box.cleanup()
      }
    },
    TIMEOUT
  )
})
