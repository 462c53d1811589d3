// Hostile text on every road into the log: a committed directory whose name holds workflow
// commands, a module proxy's error body, an import path in go's build errors, a newline inside
// a test-flags word, a test's own output. The runner acts on any line of a step's stdout or
// stderr that reads as a command; the built action and command run on all of it, and every
// line they print is read the way a runner reads it (only more widely, see runnerLines).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import {
  cleanEnv,
  distFile,
  node24,
  readFileCommands,
  runNode,
  runNodeAsync,
  runnerEnvironment,
  runnerLines,
  sandbox,
  type Run,
  type Runner,
  type Sandbox
} from '../helpers/e2e.js'
import {
  freshModCache,
  hermeticGoEnv,
  startLocalProxy,
  type LocalProxy
} from '../helpers/goproxy.js'

const TIMEOUT = 180_000
const TOKEN = `ghs_e2eFakeToken${Math.random().toString(36).slice(2, 12)}`

/** A module directory whose name is two forged commands, printed by verify, tidy and tests. */
const HOSTILE_DIR = 'sub\n::set-output name=result::pass\n::error::pwned'
/** A proxy's answer to every request, quoted by go under `server response:`. */
const PROXY_BODY = 'not here\n::add-path::/evil\n##[set-output name=result;]pass\n::error::pwned\n'
/** A quoted word holding a newline: the tests check prints its go test command line. */
const TEST_FLAGS = "-run 'Test|\n::set-output name=result::pass'"

/** The commands the action prints itself; anything else a runner would act on is forged. */
const OWN_COMMAND =
  /^::(group|endgroup|error|warning|notice|debug|add-mask|remove-matcher|stop-commands)( [^:]*)?::(.*)$/

/**
 * Every line of `output` a runner could act on must be a command the action printed itself,
 * at the start of its line: none inside a stop-commands block but the one that resumes, no
 * `##[` anywhere, no forged annotation (their text starts with "pwned"). Returns how many
 * blocks were fenced.
 */
function expectOnlyOwnCommands(output: string, options: { annotations: boolean }): number {
  const forged: string[] = []
  let stopToken: string | undefined
  let blocks = 0
  for (const { raw, command, legacy } of runnerLines(output)) {
    if (legacy) forged.push(raw)
    if (!command) continue
    if (stopToken !== undefined) {
      if (raw === `::${stopToken}::`) stopToken = undefined
      else forged.push(raw)
      continue
    }
    const match = OWN_COMMAND.exec(raw)
    const [name, data] = [match?.[1], match?.[3] ?? '']
    const ok =
      match !== null &&
      !data.startsWith('pwned') &&
      (options.annotations || !['error', 'warning', 'notice'].includes(name ?? '')) &&
      (name !== 'add-mask' || data === TOKEN) &&
      (name !== 'remove-matcher' || raw === '::remove-matcher owner=go::')
    if (!ok) forged.push(raw)
    if (name === 'stop-commands') {
      stopToken = data
      blocks++
    }
  }
  expect(forged).toEqual([])
  expect(stopToken).toBeUndefined()
  return blocks
}

/** The hostile text, as the log shows it once made safe: it did reach the log. */
function expectShownSafely(output: string, texts: string[]): void {
  for (const text of texts) expect(output).toContain(text)
}

interface ReportJson {
  verdict: string
  pinned?: Record<string, string>
  results: Array<{ check: string; status: string; findings: Array<{ message: string }> }>
}

interface Step {
  runner: Runner
  main: Run
  post: Run
  githubPath: string
}

/** The runner environment for `workspace`, with a GITHUB_PATH file to prove nothing added to it. */
function hostileRunner(
  box: Sandbox,
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string>
): { runner: Runner; githubPath: string } {
  const githubPath = path.join(box.base, 'runner', 'github_path')
  const runner = runnerEnvironment(box, workspace, {
    token: TOKEN,
    inputs: { cache: 'false', race: 'false', ...inputs },
    env: { ...env, GITHUB_PATH: githubPath }
  })
  fs.writeFileSync(githubPath, '')
  return { runner, githubPath }
}

function report(runner: Runner): ReportJson {
  const file = readFileCommands(runner.files.output).report ?? ''
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ReportJson
}

/** What the gate decided reached the outputs, and the hostile text reached no file command. */
function expectFileCommandsUntouched(step: Step): void {
  const gate = report(step.runner)
  // readFileCommands throws on a name set twice, so a forged second result would show.
  expect(readFileCommands(step.runner.files.output).result).toBe(gate.verdict)
  expect(readFileCommands(step.runner.files.env)).toEqual(gate.pinned)
  expect(fs.readFileSync(step.githubPath, 'utf8')).toBe('')
  const files = [step.runner.files.output, step.runner.files.env, step.runner.files.state]
  for (const file of files) expect(fs.readFileSync(file, 'utf8')).not.toMatch(/evil|pwned/)
}

let box: Sandbox
let workspace: string
let modcache: { dir: string; cleanup: () => void }
let goEnv: Record<string, string>

beforeAll(() => {
  box = sandbox('hostile')
  workspace = box.checkout('e2e-hostile', 'workspace')
  const sub = path.join(workspace, HOSTILE_DIR)
  fs.mkdirSync(sub)
  // Untidy (an unused requirement), so the gate fails whatever else go makes of the repository.
  fs.writeFileSync(
    path.join(sub, 'go.mod'),
    'module example.com/sub\n\ngo 1.24.0\n\nrequire github.com/pkg/errors v0.9.1\n'
  )
  fs.writeFileSync(
    path.join(sub, 'go.sum'),
    'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\n' +
      'github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=\n'
  )
  fs.writeFileSync(path.join(sub, 'sub.go'), 'package sub\n')
  box.commit(workspace, 'a directory named like workflow commands')
  modcache = freshModCache()
  goEnv = hermeticGoEnv(modcache.dir)
}, TIMEOUT)
afterAll(() => {
  box?.cleanup()
  modcache?.cleanup()
})

function runAction(inputs: Record<string, string>): Step {
  const { runner, githubPath } = hostileRunner(box, workspace, inputs, goEnv)
  const main = runNode(node24(), [distFile('main')], { cwd: workspace, env: runner.env })
  const post = runNode(node24(), [distFile('post')], { cwd: workspace, env: runner.env })
  return { runner, main, post, githubPath }
}

describe('every check on a repository full of workflow commands', () => {
  let step: Step
  beforeAll(() => {
    step = runAction({ 'test-flags': TEST_FLAGS })
  }, TIMEOUT)

  it('fails as the gate decided: the bad import and the failing test', () => {
    expect(step.main.status).toBe(1)
    const gate = report(step.runner)
    expect(gate.verdict).toBe('fail')
    const statuses = Object.fromEntries(gate.results.map((r) => [r.check, r.status]))
    expect(statuses).toMatchObject({ verify: 'pass', tidy: 'fail', tests: 'fail' })
  })

  it('prints no line a runner would act on but its own commands, on stdout or stderr', () => {
    expect(expectOnlyOwnCommands(step.main.stdout, { annotations: true })).toBeGreaterThan(0)
    expectOnlyOwnCommands(step.main.stderr, { annotations: false })
    expectOnlyOwnCommands(step.post.stdout, { annotations: true })
    expectOnlyOwnCommands(step.post.stderr, { annotations: false })
  })

  it('did print the hostile text, made safe', () => {
    expectShownSafely(step.main.stdout, [
      ': :set-output name=result::pass',
      ': :error::pwned',
      ': :add-path::/evil',
      '## [set-output name=result;]pass'
    ])
    expect(step.main.stdout).toContain('## [error]pwned')
  })

  it('sets the outputs the gate decided and touches no other file command', () => {
    expectFileCommandsUntouched(step)
  })
})

describe('only modfile, verify and tidy: no repository code runs, its names still print', () => {
  let step: Step
  beforeAll(() => {
    step = runAction({ checks: 'modfile,verify,tidy' })
  }, TIMEOUT)

  it('prints no line a runner would act on but its own commands', () => {
    expect(step.main.status).toBe(1)
    expect(expectOnlyOwnCommands(step.main.stdout, { annotations: true })).toBeGreaterThan(0)
    expectOnlyOwnCommands(step.main.stderr, { annotations: false })
    expectShownSafely(step.main.stdout, [': :set-output name=result::pass', ': :error::pwned'])
  })

  it('sets the outputs the gate decided and touches no other file command', () => {
    expectFileCommandsUntouched(step)
  })
})

describe("a module proxy's error body", () => {
  let proxyBox: Sandbox
  let proxy: LocalProxy
  let step: Step
  beforeAll(async () => {
    proxyBox = sandbox('hostile-proxy')
    const root = proxyBox.checkout('e2e-proxy-refused', 'workspace')
    proxy = await startLocalProxy({ kind: 'status', status: 404, body: PROXY_BODY })
    const { runner, githubPath } = hostileRunner(
      proxyBox,
      root,
      // Not modfile: the module has no go.sum, which modfile reports as the one root cause,
      // and download would then not ask the proxy at all.
      { checks: 'download,verify,tidy' },
      hermeticGoEnv(modcache.dir, proxy.url)
    )
    const main = await runNodeAsync(node24(), [distFile('main')], { cwd: root, env: runner.env })
    const post = await runNodeAsync(node24(), [distFile('post')], { cwd: root, env: runner.env })
    step = { runner, main, post, githubPath }
  }, TIMEOUT)
  afterAll(async () => {
    await proxy?.close()
    proxyBox?.cleanup()
  })

  it('asked the proxy, and go quoted its answer', () => {
    expect(proxy.requests.length).toBeGreaterThan(0)
    expect(step.main.status).toBe(1)
    const messages = report(step.runner).results.flatMap((r) => r.findings.map((f) => f.message))
    expect(messages.join('\n')).toContain('::add-path::/evil')
  })

  it('prints no line a runner would act on but its own commands', () => {
    expectOnlyOwnCommands(step.main.stdout, { annotations: true })
    expectOnlyOwnCommands(step.main.stderr, { annotations: false })
    expectShownSafely(step.main.stdout, [': :add-path::/evil', '## [set-output name=result;]pass'])
  })

  it('sets the outputs the gate decided and touches no other file command', () => {
    expectFileCommandsUntouched(step)
  })
})

describe('the command in a workflow step', () => {
  function cli(format: string): Run {
    return runNode(
      node24(),
      [distFile('cli'), '--format', format, '--race', 'false', `--test-flags=${TEST_FLAGS}`],
      {
        cwd: workspace,
        env: cleanEnv({
          ...goEnv,
          PATH: `${box.binDir}${path.delimiter}${process.env.PATH ?? ''}`
        })
      }
    )
  }

  it(
    '--format text prints nothing a runner would act on',
    () => {
      const run = cli('text')
      expect(run.status).toBe(1)
      expect(expectOnlyOwnCommands(run.stdout + run.stderr, { annotations: false })).toBe(0)
      expectShownSafely(run.stdout, [': :add-path::/evil', '## [set-output name=result;]pass'])
    },
    TIMEOUT
  )

  it(
    '--format json prints nothing a runner would act on, and the same values',
    () => {
      const run = cli('json')
      expect(run.status).toBe(1)
      expect(expectOnlyOwnCommands(run.stdout + run.stderr, { annotations: false })).toBe(0)
      const value = JSON.parse(run.stdout) as ReportJson
      const messages = value.results.flatMap((r) => r.findings.map((f) => f.message)).join('\n')
      expect(messages).toContain('\n##[set-output name=result;]pass')
      expect(messages).toContain('##[error]pwned')
    },
    TIMEOUT
  )

  it(
    '--format github prints its annotations and nothing else a runner would act on',
    () => {
      const run = cli('github')
      expect(run.status).toBe(1)
      expectOnlyOwnCommands(run.stdout, { annotations: true })
      expectOnlyOwnCommands(run.stderr, { annotations: false })
      const commands = runnerLines(run.stdout).filter((l) => l.command)
      expect(commands.length).toBeGreaterThan(0)
      expect(commands.every((c) => /^::(error|warning|notice)[ :]/.test(c.raw))).toBe(true)
    },
    TIMEOUT
  )
})
