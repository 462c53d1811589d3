// End-to-end helpers: run the built dist/ files as child processes the way a GitHub runner (or a
// developer's shell) does, and read back what they printed and wrote. Nothing here imports src/.
import { execFile, execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { node24Path } from '../../scripts/node24.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
export const repoRoot = path.resolve(here, '../..')
export const distDir = path.join(repoRoot, 'dist')
export const goFixtures = path.join(repoRoot, '__fixtures__', 'go')

/** The Node 24 binary action.yml's `using: node24` means; installed by `npm run test:e2e`. */
export function node24(): string {
  const binary = node24Path()
  if (!fs.existsSync(binary)) {
    throw new Error(`no Node 24 at ${binary}: run \`node scripts/node24.mjs --install\``)
  }
  return binary
}

/** A built bundle; the tests never build, so a missing one says how to make it. */
export function distFile(name: 'main' | 'post' | 'cli'): string {
  const file = path.join(distDir, `${name}.js`)
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: run \`npm run build\``)
  return file
}

// ---------------------------------------------------------------------------------------------
// action.yml

export interface ActionInput {
  name: string
  /** undefined when action.yml gives no default. */
  default?: string
}

function unquote(value: string): string {
  const v = value.trim()
  if (
    v.length >= 2 &&
    ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"')))
  ) {
    return v.slice(1, -1)
  }
  return v
}

/**
 * The `inputs:` block of action.yml, read line by line (the yaml package is not a dependency):
 * two-space-indented keys are inputs, their four-space `default:` is the default. Enough for
 * this file's plain scalars; a block scalar default would need a real parser and throws.
 */
export function readActionInputs(file = path.join(repoRoot, 'action.yml')): ActionInput[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/)
  const inputs: ActionInput[] = []
  let inBlock = false
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inBlock = /^inputs:\s*$/.test(line)
      continue
    }
    if (!inBlock) continue
    const input = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line)
    if (input) {
      inputs.push({ name: input[1] as string })
      continue
    }
    const def = /^ {4}default:(.*)$/.exec(line)
    const current = inputs[inputs.length - 1]
    if (def && current) {
      const value = unquote(def[1] as string)
      if (/^[|>]/.test(value)) throw new Error(`block scalar default for ${current.name}`)
      current.default = value
    }
  }
  return inputs
}

/**
 * INPUT_* as the runner sets them: every declared input, named INPUT_<NAME> (upper case, spaces
 * as underscores, hyphens kept), with the workflow's value or else action.yml's default, or ''
 * when there is none. `${{ github.token }}` is the job's token, `${{ job.check_run_id }}` the job's
 * check run id (empty, as on a GitHub Enterprise Server without it, unless a test gives one).
 */
export function runnerInputs(
  given: Record<string, string>,
  token: string,
  checkRunId = ''
): Record<string, string> {
  const env: Record<string, string> = {}
  const declared = readActionInputs()
  for (const name of Object.keys(given)) {
    if (!declared.some((i) => i.name === name)) throw new Error(`action.yml has no input ${name}`)
  }
  for (const input of declared) {
    let value = given[input.name] ?? input.default ?? ''
    value = value
      .replace(/\$\{\{\s*github\.token\s*\}\}/g, token)
      .replace(/\$\{\{\s*job\.check_run_id\s*\}\}/g, checkRunId)
    env[`INPUT_${input.name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return env
}

// ---------------------------------------------------------------------------------------------
// Environments

/**
 * The machine's environment without anything that would make a child behave unlike a fresh
 * runner: the developer's Go settings (GOENV=off also ignores their `go env -w` file), a
 * surrounding Actions job's files and inputs, and jest's NODE_OPTIONS.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (
      /^GO(FLAGS|TOOLCHAIN|SUMDB|PROXY|PRIVATE|NOSUMDB|NOPROXY|INSECURE|111MODULE|WORK|ENV)$/.test(
        key
      )
    )
      continue
    if (/^(GITHUB_|RUNNER_|INPUT_|ACTIONS_|STATE_)/.test(key)) continue
    if (/^(NODE_OPTIONS|NODE_NO_WARNINGS|FORCE_COLOR|NO_COLOR|CI)$/.test(key)) continue
    env[key] = value
  }
  env.GOENV = 'off'
  return { ...env, ...extra }
}

/** The real go binary, resolved once so shims can exec it. */
let realGoCache: string | undefined
export function realGo(): string {
  realGoCache ??= path.join(
    execFileSync('go', ['env', 'GOROOT'], { env: cleanEnv(), encoding: 'utf8' }).trim(),
    'bin',
    'go'
  )
  return realGoCache
}

/** `go env` for the given variables, in the environment the children get. */
export function goEnv(
  names: string[],
  env: Record<string, string>,
  cwd = os.tmpdir()
): Record<string, string> {
  const out = execFileSync(realGo(), ['env', '-json', ...names], { env, cwd, encoding: 'utf8' })
  return JSON.parse(out) as Record<string, string>
}

export interface Sandbox {
  base: string
  /** Directory with the `go` shim that logs every invocation, then execs the real go. */
  binDir: string
  goLog: string
  /** Each go invocation's arguments, one per line. */
  goCalls(): string[]
  /** A fresh git checkout of __fixtures__/go/<fixture> at base/<dir>. */
  checkout(fixture: string, dir?: string): string
  /** Commits everything in the checkout at `dir`, as a push would bring it. */
  commit(dir: string, message: string): void
  cleanup(): void
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore', env: cleanEnv() })
}

function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A')
  git(
    dir,
    '-c',
    'user.name=e2e',
    '-c',
    'user.email=e2e@example.invalid',
    'commit',
    '-q',
    '-m',
    message
  )
}

/** A temp dir for one scenario, with a logging go shim first on PATH. */
export function sandbox(prefix: string): Sandbox {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `gcg-e2e-${prefix}-`)))
  const binDir = path.join(base, 'bin')
  const goLog = path.join(base, 'go-calls.log')
  fs.mkdirSync(binDir)
  fs.writeFileSync(goLog, '')
  fs.writeFileSync(
    path.join(binDir, 'go'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${goLog}'\nexec '${realGo()}' "$@"\n`,
    { mode: 0o755 }
  )
  return {
    base,
    binDir,
    goLog,
    goCalls: () =>
      fs
        .readFileSync(goLog, 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    checkout(fixture, dir = fixture) {
      const root = path.join(base, dir)
      fs.cpSync(path.join(goFixtures, fixture), root, { recursive: true })
      git(root, 'init', '-q', '-b', 'main')
      commitAll(root, 'fixture')
      return root
    },
    commit: commitAll,
    cleanup: () => fs.rmSync(base, { recursive: true, force: true })
  }
}

export interface Runner {
  workspace: string
  env: Record<string, string>
  files: { output: string; env: string; state: string; summary: string; event: string }
  runnerTemp: string
}

/**
 * What a GitHub-hosted runner gives a `pull_request` job's JavaScript step: the workspace (a
 * checkout), empty file-command files, RUNNER_TEMP, the event payload, and INPUT_* for every input.
 */
export function runnerEnvironment(
  box: Sandbox,
  workspace: string,
  options: {
    inputs?: Record<string, string>
    token: string
    path?: string
    /** Extra variables the runner's job would have, e.g. a hermetic GOPROXY and GOMODCACHE. */
    env?: Record<string, string>
    /**
     * A GitHub REST API stand-in (__tests__/helpers/githubapi.ts) and the job's check run id.
     * Without it the step gets no token: there is no GitHub to talk to, and the reporters that
     * need one (check run, changed files, comment) stay off, as with `github-token: ''`.
     */
    api?: { url: string; checkRunId?: number }
  }
): Runner {
  const dir = path.join(box.base, 'runner')
  const runnerTemp = path.join(dir, 'temp')
  fs.mkdirSync(runnerTemp, { recursive: true })
  const files = {
    output: path.join(dir, 'github_output'),
    env: path.join(dir, 'github_env'),
    state: path.join(dir, 'github_state'),
    summary: path.join(dir, 'step_summary.md'),
    event: path.join(dir, 'event.json')
  }
  for (const file of [files.output, files.env, files.state, files.summary])
    fs.writeFileSync(file, '')
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], {
    cwd: workspace,
    encoding: 'utf8'
  }).trim()
  const repository = 'octo-org/planted'
  fs.writeFileSync(
    files.event,
    JSON.stringify(
      {
        action: 'synchronize',
        number: 7,
        pull_request: {
          number: 7,
          state: 'open',
          title: 'Plant some problems',
          head: { ref: 'feature', sha, repo: { full_name: repository } },
          base: { ref: 'main', sha, repo: { full_name: repository } }
        },
        repository: {
          full_name: repository,
          name: 'planted',
          owner: { login: 'octo-org' },
          default_branch: 'main'
        }
      },
      null,
      2
    )
  )
  const env = cleanEnv({
    PATH: options.path ?? `${box.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: repository,
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_HEAD_REF: 'feature',
    GITHUB_BASE_REF: 'main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.api?.url ?? 'https://api.github.com',
    GITHUB_RUN_ID: '1',
    GITHUB_JOB: 'gate',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    ...options.env,
    ...runnerInputs(
      { ...(options.api === undefined ? { 'github-token': '' } : {}), ...options.inputs },
      options.token,
      options.api?.checkRunId === undefined ? '' : String(options.api.checkRunId)
    )
  })
  return { workspace, env, files, runnerTemp }
}

// ---------------------------------------------------------------------------------------------
// Running and reading back

export interface Run {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function runNode(
  node: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> }
): Run {
  const result = spawnSync(node, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024
  })
  if (result.error) throw result.error
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr
  }
}

/**
 * runNode without blocking the test process: needed when the test itself serves what the child
 * talks to (the local cache service), which a synchronous spawn would starve.
 */
export function runNodeAsync(
  node: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number }
): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      node,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number' && !error.signal) return reject(error)
        resolve({
          status: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          signal: error?.signal ?? null,
          stdout,
          stderr
        })
      }
    )
  })
}

/** One run of the action: dist/main.js then dist/post.js, and the commands main printed. */
export interface ActionStep {
  box: Sandbox
  runner: Runner
  main: Run
  post: Run
  commands: WorkflowCommand[]
}

export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  message: string
  /** Zero-based index of the line in stdout. */
  line: number
  raw: string
}

const unescapeData = (s: string): string =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string): string =>
  s
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%')

/** `::name k=v,k=v::message` lines, unescaped the way the runner reads them. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = []
  stdout.split(/\r?\n/).forEach((raw, line) => {
    const m = /^::([A-Za-z][A-Za-z0-9-]*)(?: ([^:]*))?::(.*)$/.exec(raw)
    if (!m) return
    const properties: Record<string, string> = {}
    for (const pair of (m[2] ?? '').split(',')) {
      if (pair === '') continue
      const eq = pair.indexOf('=')
      if (eq <= 0) throw new Error(`malformed property "${pair}" in ${raw}`)
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1))
    }
    commands.push({
      command: m[1] as string,
      properties,
      message: unescapeData(m[3] ?? ''),
      line,
      raw
    })
  })
  return commands
}

/**
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE as the runner reads them: `name<<delimiter` heredocs
 * (what @actions/core writes) or `name=value` lines. Every entry, in order, so duplicates show.
 */
export function parseFileCommands(text: string): Array<[string, string]> {
  const entries: Array<[string, string]> = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (line === '') continue
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    if (heredoc) {
      const delimiter = heredoc[2] as string
      const end = lines.indexOf(delimiter, i + 1)
      if (end < 0) throw new Error(`unterminated heredoc for ${heredoc[1]}`)
      entries.push([heredoc[1] as string, lines.slice(i + 1, end).join('\n')])
      i = end
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`malformed file command line: ${line}`)
    entries.push([line.slice(0, eq), line.slice(eq + 1)])
  }
  return entries
}

export function readFileCommands(file: string): Record<string, string> {
  const entries = parseFileCommands(fs.readFileSync(file, 'utf8'))
  const names = entries.map(([name]) => name)
  const duplicate = names.find((n, i) => names.indexOf(n) !== i)
  if (duplicate !== undefined) throw new Error(`${path.basename(file)} sets ${duplicate} twice`)
  return Object.fromEntries(entries)
}

/** Characters the runner's culture-sensitive comparisons may skip (a superset of ICU's). */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{M}\p{Default_Ignorable_Code_Point}]/gu

export interface RunnerLine {
  /** Zero-based index among the lines the runner sees. */
  line: number
  raw: string
  /** Starts with `::` after whitespace: a workflow command. */
  command: boolean
  /** Holds `##[`: a legacy command. */
  legacy: boolean
}

/**
 * A step's output read as the runner reads it, only more widely: lines end at \n, \r or \r\n;
 * invisible characters are dropped wherever they are (ICU skips them when .NET compares), then a
 * line is a command when it starts with `::` after whitespace (.NET's TrimStart) and a legacy
 * command when it holds `##[` anywhere. Every line comes back, each marked.
 */
export function runnerLines(output: string): RunnerLine[] {
  return output.split(/\r\n|\r|\n/).map((raw, line) => {
    const visible = raw.replace(INVISIBLE, '')
    return {
      line,
      raw,
      command: visible.trimStart().startsWith('::'),
      legacy: visible.includes('##[')
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Report schema

const addFormats = addFormatsModule.default
const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats(ajv)
const validateReport = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'schema', 'report.schema.json'), 'utf8')) as object
)

/** Schema errors of a JSON report, or [] when it validates. */
export function reportSchemaErrors(report: unknown): string[] {
  if (validateReport(report)) return []
  return (validateReport.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
}

/** The 1-based line of the first line of `file` matching `pattern`. */
export function lineOf(file: string, pattern: RegExp): number {
  const index = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => pattern.test(l))
  if (index < 0) throw new Error(`${file} has no line matching ${pattern}`)
  return index + 1
}

/** Lines that look like a JavaScript stack frame. */
export function stackFrames(text: string): string[] {
  return text.split('\n').filter((l) => /^\s+at .+(\(|:\d+:\d+)/.test(l))
}
