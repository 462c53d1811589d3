#!/usr/bin/env node
// Benchmark (not a test; `npm test` never runs it): compares go-ci-gate's two trimmed cache
// entries (dist/main.js + dist/post.js) with actions/setup-go's single entry on real modules,
// through the real @actions/cache against the local cache service of the tests
// (__tests__/helpers/cacheservice.ts), over a series of simulated commits. See bench/README.md.
import { execFile, execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { node24Path } from '../scripts/node24.mjs'
import {
  GIT_IDENTITY,
  benchDir,
  fail,
  knownNames,
  log,
  makeWritable,
  median,
  repoRoot
} from './common.mjs'

const root = path.join(benchDir, 'cache')
const clientScript = path.join(repoRoot, 'bench', 'cache-client.mjs')
const distMain = path.join(repoRoot, 'dist', 'main.js')
const distPost = path.join(repoRoot, 'dist', 'post.js')
// Copies taken at start (the bundles are self-contained), so a rebuild during a run mixes nothing.
const mainJs = path.join(root, 'dist', 'main.js')
const postJs = path.join(root, 'dist', 'post.js')
const STATE_NAME = 'go-ci-gate-cache'

/**
 * `bump`: the dependency change made by the middle commit. uuid and chi require nothing, so
 * their "bump" adds a first requirement (golang.org/x/sync, used by a new file); viper's moves
 * fsnotify to a newer version. Either way go.sum changes, and with it both layouts' module keys.
 */
const MODULES = {
  uuid: {
    size: 'small',
    module: 'github.com/google/uuid',
    version: 'v1.6.0',
    bump: { dep: 'golang.org/x/sync', to: 'v0.25.0', use: 'errgroup' }
  },
  chi: {
    size: 'medium',
    module: 'github.com/go-chi/chi/v5',
    version: 'v5.1.0',
    // chi says go 1.14: a dependency that needs go 1.24 or later raises that line, and vet's
    // printf check for go 1.24 then fails chi's tests (non-constant format strings).
    bump: { dep: 'golang.org/x/sync', to: 'v0.7.0', use: 'errgroup' }
  },
  viper: {
    size: 'large',
    module: 'github.com/spf13/viper',
    version: 'v1.21.0',
    bump: { dep: 'github.com/fsnotify/fsnotify', to: 'v1.10.1' }
  }
}

const TARGETS = { bytes: 0.6, restore: 0.7, growth: 1.1 }

const defaultNode = fs.existsSync(node24Path()) ? node24Path() : process.execPath

const USAGE = `usage: node bench/cache.mjs [--modules uuid,chi,viper] [--commits N] [--node PATH] [--json FILE]

  --modules LIST   which modules, comma-separated: ${Object.keys(MODULES).join(', ')} (default: all)
  --commits N      simulated commits after the first (cold) job, one of them a dependency
                   change (default 10)
  --node PATH      node that runs dist/main.js and dist/post.js (default: Node 24 from
                   \`node scripts/node24.mjs --install\` when installed, else this node)
  --max-mib N      bytes the in-memory cache service keeps at most, in MiB (default 8192)
  --json FILE      also write every job's raw numbers as JSON
  -h, --help       this text

Everything lives in .bench/cache (ignored by git); each run starts it afresh.`

const { values: flags } = parseArgs({
  options: {
    modules: { type: 'string', default: Object.keys(MODULES).join(',') },
    commits: { type: 'string', default: '10' },
    node: { type: 'string', default: defaultNode },
    'max-mib': { type: 'string', default: '8192' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}
const commits = Number(flags.commits)
if (!Number.isInteger(commits) || commits < 1)
  fail(`--commits: "${flags.commits}" is not a positive integer`)
const maxMiB = Number(flags['max-mib'])
if (!Number.isInteger(maxMiB) || maxMiB < 1)
  fail(`--max-mib: "${flags['max-mib']}" is not a positive integer`)
const names = knownNames('modules', flags.modules, MODULES, 'module')
for (const file of [distMain, distPost]) {
  if (!fs.existsSync(file))
    fail(`${path.relative(process.cwd(), file)} does not exist: run \`npm run build\` first`)
}

/** Runs a command to completion without blocking the event loop (the service lives here). */
function run(command, args, options) {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        encoding: 'utf8',
        maxBuffer: 1024 * 1024 * 1024,
        timeout: options.timeoutMs ?? 30 * 60 * 1000
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') return reject(error)
        resolve({
          ms: performance.now() - started,
          status: error === null ? 0 : error.code,
          stdout,
          stderr
        })
      }
    )
  })
}

async function check(command, args, options) {
  const result = await run(command, args, options)
  if (result.status !== 0) {
    fail(
      `${command} ${args.join(' ')} (in ${options.cwd}) exited ${result.status}:\n${result.stderr.trim()}`
    )
  }
  return result
}

// ---------------------------------------------------------------------------------------------
// The local cache service: the test helper, transpiled to ESM (it imports node built-ins only).

async function loadCacheService() {
  const { default: ts } = await import('typescript')
  const source = fs.readFileSync(
    path.join(repoRoot, '__tests__', 'helpers', 'cacheservice.ts'),
    'utf8'
  )
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
  })
  const file = path.join(benchDir, 'cacheservice.mjs')
  fs.mkdirSync(benchDir, { recursive: true })
  fs.writeFileSync(file, out.outputText)
  return import(`${pathToFileURL(file).href}?t=${Date.now()}`)
}

// ---------------------------------------------------------------------------------------------
// Environments

/** The machine's Go settings as `go env` reports them, before GOENV=off hides a `go env -w` file. */
const machineGo = JSON.parse(
  execFileSync(
    'go',
    ['env', '-json', 'GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOSUMDB', 'GOVERSION'],
    {
      encoding: 'utf8'
    }
  )
)
const goVersion = machineGo.GOVERSION

/** This process's environment without Go settings or a surrounding job's variables. */
function baseEnv(extra) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (
      /^GO(FLAGS|TOOLCHAIN|SUMDB|PROXY|PRIVATE|NOSUMDB|NOPROXY|INSECURE|111MODULE|WORK|ENV|MODCACHE|CACHE)$/.test(
        key
      )
    )
      continue
    if (/^(GITHUB_|RUNNER_|INPUT_|ACTIONS_|STATE_)/.test(key)) continue
    if (/^(NODE_OPTIONS|NODE_NO_WARNINGS|FORCE_COLOR|NO_COLOR|CI)$/.test(key)) continue
    env[key] = value
  }
  env.GOENV = 'off'
  for (const name of ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOSUMDB']) {
    if (machineGo[name]) env[name] = machineGo[name]
  }
  return { ...env, ...extra }
}

/** action.yml's inputs and their defaults (the file's simple shape: `  name:` / `    default:`). */
function actionInputs() {
  const lines = fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8').split('\n')
  const inputs = []
  let inInputs = false
  for (const line of lines) {
    if (/^\S/.test(line)) inInputs = line.startsWith('inputs:')
    if (!inInputs) continue
    const name = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line)
    if (name) inputs.push({ name: name[1], default: '' })
    const def = /^ {4}default:\s*(.*)$/.exec(line)
    if (def && inputs.length > 0) {
      let value = def[1].trim()
      if (/^'.*'$/.test(value) || /^".*"$/.test(value)) value = value.slice(1, -1)
      inputs[inputs.length - 1].default = value
    }
  }
  return inputs
}

const RUNNER_TOKEN = 'ghs_benchBenchBenchBenchBenchBench0000'
const inputEnv = Object.fromEntries(
  actionInputs().map((input) => [
    `INPUT_${input.name.replace(/ /g, '_').toUpperCase()}`,
    input.default.replace(/\$\{\{\s*github\.token\s*\}\}/g, RUNNER_TOKEN)
  ])
)

/** GITHUB_STATE / GITHUB_ENV as the runner reads them: `name<<delimiter` heredocs or `name=value`. */
function parseFileCommands(text) {
  const entries = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      if (end < 0) throw new Error(`unterminated heredoc for ${heredoc[1]}`)
      entries.push([heredoc[1], lines.slice(i + 1, end).join('\n')])
      i = end
      continue
    }
    const eq = line.indexOf('=')
    if (eq > 0) entries.push([line.slice(0, eq), line.slice(eq + 1)])
  }
  return entries
}

// ---------------------------------------------------------------------------------------------
// Files

function emptyDir(dir) {
  if (fs.existsSync(dir)) {
    try {
      fs.rmSync(dir, { recursive: true, force: true })
    } catch {
      execFileSync('chmod', ['-R', 'u+w', dir])
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  fs.mkdirSync(dir, { recursive: true })
}

function countFiles(dir) {
  let files = 0
  let bytes = 0
  const walk = (d) => {
    let list
    try {
      list = fs.readdirSync(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of list) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) {
        files++
        bytes += fs.statSync(p).size
      }
    }
  }
  walk(dir)
  return { files, bytes }
}

/** Files and bytes of a layout's two directories together. */
function countLayout(dirs) {
  const mod = countFiles(dirs.mod)
  const build = countFiles(dirs.build)
  return { files: mod.files + build.files, bytes: mod.bytes + build.bytes }
}

const mib = (bytes) => (bytes / (1024 * 1024)).toFixed(1)

// ---------------------------------------------------------------------------------------------
// The module checkout and its commits

const git = (cwd, ...args) => check('git', [...GIT_IDENTITY, ...args], { cwd, env: process.env })
/** go commands that edit the checkout use the machine's own caches, never the measured ones. */
const editEnv = () => ({ ...process.env, GOFLAGS: '-mod=mod' })

async function prepare(name, dir) {
  const { module, version } = MODULES[name]
  const source = `${module}@${version}`
  log(`${name}: go mod download ${source}`)
  emptyDir(dir)
  fs.rmSync(dir, { recursive: true, force: true })
  const info = JSON.parse(
    (await check('go', ['mod', 'download', '-json', source], { cwd: os.tmpdir(), env: editEnv() }))
      .stdout
  )
  if (!info.Dir) fail(`go mod download ${source} reported no Dir: ${JSON.stringify(info)}`)
  fs.cpSync(info.Dir, dir, { recursive: true })
  fs.chmodSync(dir, 0o755)
  makeWritable(dir)
  await git(dir, 'init', '-q', '-b', 'main')
  await git(dir, 'add', '-A')
  await git(dir, 'commit', '-q', '-m', `${source} from the module proxy`)
}

/** A non-test .go file of the root package, the one every edit appends to. */
function editTarget(dir) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .sort()
  if (files.length === 0) fail(`${dir} has no .go file in its root package`)
  return path.join(dir, files[0])
}

function packageName(file) {
  const m = /^package\s+(\w+)/m.exec(fs.readFileSync(file, 'utf8'))
  return m[1]
}

/** Commit i: a function appended to a .go file, or (commit `bumpAt`) the dependency change. */
async function makeCommit(name, dir, i, bumpAt) {
  const target = editTarget(dir)
  if (i === bumpAt) {
    const { dep, to, use } = MODULES[name].bump
    if (use === 'errgroup') {
      fs.writeFileSync(
        path.join(dir, 'benchdep.go'),
        `package ${packageName(target)}\n\nimport "golang.org/x/sync/errgroup"\n\n` +
          `// benchGroup exists so that the module requires ${dep}.\n` +
          `func benchGroup() *errgroup.Group { return new(errgroup.Group) }\n`
      )
    }
    await check('go', ['get', `${dep}@${to}`], { cwd: dir, env: editEnv() })
    await check('go', ['mod', 'tidy'], { cwd: dir, env: editEnv() })
    await git(dir, 'add', '-A')
    await git(dir, 'commit', '-q', '-m', `bench: go get ${dep}@${to}`)
    return `${use ? 'add' : 'bump'} ${dep}@${to}`
  }
  fs.appendFileSync(
    target,
    `\n// benchEdit${i} is commit ${i} of the cache benchmark.\nfunc benchEdit${i}() int { return ${i} }\n`
  )
  await git(dir, 'add', '-A')
  await git(dir, 'commit', '-q', '-m', `bench: edit ${i}`)
  return `edit ${path.basename(target)}`
}

function sumHash(dir) {
  const file = path.join(dir, 'go.sum')
  const content = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0)
  return crypto.createHash('sha256').update(content).digest('hex')
}

// ---------------------------------------------------------------------------------------------
// The two layouts' jobs

let clientRuns = 0

/** bench/cache-client.mjs in a child node: @actions/cache as setup-go uses it. */
async function client(ctx, spec) {
  const out = path.join(ctx.base, `client-${++clientRuns}.json`)
  const runnerTemp = path.join(ctx.base, `client-temp-${clientRuns}`)
  fs.mkdirSync(runnerTemp, { recursive: true })
  const env = baseEnv({
    ...ctx.service.env,
    GITHUB_WORKSPACE: ctx.dir,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64'
  })
  const result = await run(process.execPath, [clientScript, JSON.stringify({ ...spec, out })], {
    cwd: ctx.dir,
    env
  })
  fs.rmSync(runnerTemp, { recursive: true, force: true })
  if (!fs.existsSync(out))
    fail(`cache client exited ${result.status} without a result:\n${result.stderr.trim()}`)
  const value = JSON.parse(fs.readFileSync(out, 'utf8'))
  if (value.threw) fail(`cache client ${spec.op} threw: ${value.message}`)
  return { ...value, wallMs: result.ms, stdout: result.stdout }
}

const newEntries = (service, before) => service.entries.slice(before)

/** go-ci-gate: dist/main.js, then dist/post.js, in a runner-like environment (a push). */
async function gateJob(ctx, job) {
  const { dir, layout } = ctx
  emptyDir(layout.gate.mod)
  emptyDir(layout.gate.build)
  const runner = path.join(ctx.base, `gate-runner-${job}`)
  emptyDir(runner)
  const files = {
    output: path.join(runner, 'github_output'),
    env: path.join(runner, 'github_env'),
    state: path.join(runner, 'github_state'),
    summary: path.join(runner, 'step_summary.md'),
    event: path.join(runner, 'event.json')
  }
  for (const file of [files.output, files.env, files.state, files.summary])
    fs.writeFileSync(file, '')
  const sha = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim()
  const repository = `bench/${ctx.name}`
  fs.writeFileSync(
    files.event,
    JSON.stringify({
      ref: 'refs/heads/main',
      after: sha,
      head_commit: { id: sha },
      repository: { full_name: repository, name: ctx.name, owner: { login: 'bench' } }
    })
  )
  const runnerTemp = path.join(runner, 'temp')
  fs.mkdirSync(runnerTemp, { recursive: true })
  const env = baseEnv({
    ...ctx.service.env,
    GOMODCACHE: layout.gate.mod,
    GOCACHE: layout.gate.build,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: repository,
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_RUN_ID: String(job + 1),
    GITHUB_JOB: 'gate',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...inputEnv
  })
  const before = ctx.service.entries.length
  const main = await run(flags.node, [mainJs], { cwd: dir, env })
  const state = Object.fromEntries(parseFileCommands(fs.readFileSync(files.state, 'utf8')))
  const exported = Object.fromEntries(parseFileCommands(fs.readFileSync(files.env, 'utf8')))
  const afterMain = countLayout(layout.gate)
  // The runner gives the post step the job's environment, what main exported, and its state.
  const postEnv = { ...env, ...exported }
  for (const [key, value] of Object.entries(state)) postEnv[`STATE_${key}`] = value
  const post = await run(flags.node, [postJs], { cwd: dir, env: postEnv })
  const saved = newEntries(ctx.service, before)
  const kept = countLayout(layout.gate)
  const lines = (text) =>
    text
      .split('\n')
      .filter((l) => /GOMODCACHE|GOCACHE|cache|::warning|::error/i.test(l))
      .filter((l) => !/^::debug::/.test(l))
  const sumMs = (text, pattern) =>
    [...text.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0)
  const restoreMs = sumMs(main.stdout, /: restored .* in (\d+) ms/g)
  // Each saved entry's log line: its trim, archive and upload.
  const saveMs = sumMs(post.stdout, /: saved .* in (\d+) ms/g)
  // The go commands the gate ran, which the setup-go layout runs too: the same work, cached two ways.
  const outputs = Object.fromEntries(parseFileCommands(fs.readFileSync(files.output, 'utf8')))
  const report = outputs.report ? JSON.parse(fs.readFileSync(outputs.report, 'utf8')) : undefined
  if (report === undefined) fail(`${ctx.name}: dist/main.js wrote no report`)
  const result = {
    sha,
    mainMs: main.ms,
    mainStatus: main.status,
    postMs: post.ms,
    postStatus: post.status,
    hasState: STATE_NAME in state,
    actionRestoreMs: restoreMs,
    saveMs,
    commands: report.commands,
    pinned: report.pinned ?? {},
    saved: saved.map((e) => ({ key: e.key, size: e.size })),
    savedBytes: saved.reduce((s, e) => s + e.size, 0),
    filesAfterMain: afterMain.files,
    files: kept.files,
    diskBytes: kept.bytes,
    mainLog: lines(main.stdout),
    postLog: lines(post.stdout)
  }
  if (main.status !== 0 && main.status !== 1)
    log(`${ctx.name}: dist/main.js exited ${main.status}:\n${main.stderr.trim()}`)
  if (!result.hasState) log(`${ctx.name}: dist/main.js wrote no ${STATE_NAME} state`)
  if (post.status !== 0) log(`${ctx.name}: dist/post.js exited ${post.status}`)
  return result
}

function setupGoKey(dir) {
  return `setup-go-Linux-X64-go-${goVersion.replace(/^go/, '')}-${sumHash(dir)}`
}

/**
 * actions/setup-go: one entry for GOMODCACHE + GOCACHE, no restore keys, no trimming; between
 * its restore and save, the go commands the gate ran in this commit's job (its report's
 * `commands`, in order, with the environment it pinned), so both layouts cache the same work.
 */
async function setupGoJob(ctx, gate) {
  const { dir, layout } = ctx
  emptyDir(layout.setup.mod)
  emptyDir(layout.setup.build)
  const paths = [layout.setup.mod, layout.setup.build]
  const key = setupGoKey(dir)
  const env = baseEnv({
    ...gate.pinned,
    GOMODCACHE: layout.setup.mod,
    GOCACHE: layout.setup.build
  })
  const restore = await client(ctx, { op: 'restore', calls: [{ paths, key, restoreKeys: [] }] })
  const matched = restore.calls[0].matched
  const goStarted = performance.now()
  let testsPassed = true
  for (const command of gate.commands) {
    // The download check's -modfile copy was a temporary file of the gate's.
    const args = command.args.filter((a) => !a.startsWith('-modfile='))
    const r = await run('go', args, { cwd: path.join(dir, command.cwd), env })
    if (command.args[0] === 'test' && r.status !== 0) testsPassed = false
  }
  const goMs = performance.now() - goStarted
  const { files, bytes: diskBytes } = countLayout(layout.setup)
  const before = ctx.service.entries.length
  let save
  // setup-go's post step: "Cache hit occurred on the primary key ..., not saving cache."
  if (matched !== key) save = await client(ctx, { op: 'save', paths, key })
  const saved = newEntries(ctx.service, before)
  return {
    key,
    matched,
    restoreMs: restore.calls[0].ms,
    goMs,
    testsPassed,
    saveMs: save?.saveMs,
    saved: saved.map((e) => ({ key: e.key, size: e.size })),
    savedBytes: saved.reduce((s, e) => s + e.size, 0),
    files,
    diskBytes
  }
}

const newest = (service, prefix) =>
  [...service.entries].reverse().find((e) => e.key.startsWith(prefix))

/** The entries the next run of each layout would restore. */
function nextEntries(ctx) {
  return {
    mod: newest(ctx.service, 'go-ci-gate-mod-'),
    build: newest(ctx.service, 'go-ci-gate-build-'),
    setup: [...ctx.service.entries].reverse().find((e) => e.key === setupGoKey(ctx.dir))
  }
}

/** What the next run of each layout would restore, and its bytes. */
function cacheSizes(ctx) {
  const { mod, build, setup } = nextEntries(ctx)
  return {
    gate: (mod?.size ?? 0) + (build?.size ?? 0),
    gateKeys: [mod?.key, build?.key].filter(Boolean),
    setup: setup?.size ?? 0,
    setupKey: setup?.key
  }
}

/**
 * Warm restore into empty directories, timed the same way for both layouts: a child node
 * process running @actions/cache's restoreCache for the entries the next run would get (the
 * action's two entries one after the other, as its main step restores them).
 */
async function warmRestores(ctx) {
  const { layout } = ctx
  const { mod, build, setup } = nextEntries(ctx)
  const out = {}
  emptyDir(layout.gate.mod)
  emptyDir(layout.gate.build)
  // Whichever of the two exists: a module without dependencies has no module entry.
  const calls = [
    ...(mod ? [{ paths: [layout.gate.mod], key: mod.key }] : []),
    ...(build ? [{ paths: [layout.gate.build], key: build.key }] : [])
  ]
  if (calls.length > 0) {
    const r = await client(ctx, { op: 'restore', calls })
    if (r.calls.some((c) => c.matched === null)) fail(`warm restore missed: ${JSON.stringify(r)}`)
    // restoreCache's own time, both entries: the child's node start and import are the same
    // for both layouts and not part of a restore.
    out.gateMs = r.calls.reduce((sum, c) => sum + c.ms, 0)
    out.gateWallMs = r.wallMs
    out.gateFiles = countLayout(layout.gate).files
  }
  emptyDir(layout.setup.mod)
  emptyDir(layout.setup.build)
  if (setup) {
    const r = await client(ctx, {
      op: 'restore',
      calls: [{ paths: [layout.setup.mod, layout.setup.build], key: setup.key }]
    })
    if (r.calls[0].matched === null) fail(`warm restore missed: ${JSON.stringify(r)}`)
    out.setupMs = r.calls.reduce((sum, c) => sum + c.ms, 0)
    out.setupWallMs = r.wallMs
    out.setupFiles = countLayout(layout.setup).files
  }
  emptyDir(layout.gate.mod)
  emptyDir(layout.gate.build)
  emptyDir(layout.setup.mod)
  emptyDir(layout.setup.build)
  return out
}

async function benchmark(name, startCacheService) {
  const base = path.join(root, name)
  emptyDir(base)
  const dir = path.join(base, 'src')
  await prepare(name, dir)
  const layout = {
    gate: { mod: path.join(base, 'gate', 'gomodcache'), build: path.join(base, 'gate', 'gocache') },
    setup: {
      mod: path.join(base, 'setup-go', 'gomodcache'),
      build: path.join(base, 'setup-go', 'gocache')
    }
  }
  const service = await startCacheService({ maxBytes: maxMiB * 1024 * 1024 })
  const ctx = { name, base, dir, layout, service }
  const bumpAt = Math.ceil(commits / 2)
  const jobs = []
  try {
    for (let i = 0; i <= commits; i++) {
      const change = i === 0 ? 'first job (cold)' : await makeCommit(name, dir, i, bumpAt)
      const restore = i === 0 ? {} : await warmRestores(ctx)
      const gate = await gateJob(ctx, i)
      const setup = await setupGoJob(ctx, gate)
      const sizes = cacheSizes(ctx)
      jobs.push({ commit: i, change, restore, gate, setup, sizes })
      log(
        `${name}: ${i === 0 ? 'job 0 (cold)' : `commit ${i}/${commits} (${change})`}: ` +
          `go-ci-gate main ${gate.mainMs.toFixed(0)} ms (exit ${gate.mainStatus}), post ${gate.postMs.toFixed(0)} ms, ` +
          `saved ${gate.saved.length} (${mib(gate.savedBytes)} MiB), cache ${mib(sizes.gate)} MiB` +
          (restore.gateMs ? `, warm restore ${restore.gateMs.toFixed(0)} ms` : '') +
          `; setup-go ${setup.matched === setup.key ? 'hit' : 'miss'}, go ${setup.goMs.toFixed(0)} ms, ` +
          `saved ${setup.saved.length} (${mib(setup.savedBytes)} MiB), cache ${mib(sizes.setup)} MiB` +
          (restore.setupMs ? `, warm restore ${restore.setupMs.toFixed(0)} ms` : '')
      )
    }
  } finally {
    await service.close()
  }
  return { name, ...MODULES[name], bumpAt, jobs }
}

// ---------------------------------------------------------------------------------------------
// Report

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

const mark = (ok) => (ok ? '✓' : '✗')
const ratio = (a, b) => (b > 0 ? a / b : NaN)
const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a')

function summarize(result) {
  const first = result.jobs[0]
  const last = result.jobs[result.jobs.length - 1]
  const warm = result.jobs.slice(1)
  const gateSaves = result.jobs.filter((j) => j.gate.saved.length > 0)
  const setupSaves = result.jobs.filter((j) => j.setup.saved.length > 0)
  return {
    gate: {
      bytes: first.gate.savedBytes,
      files: first.gate.files,
      saveMs: first.gate.saveMs,
      saveMsMedian: median(gateSaves.map((j) => j.gate.saveMs)),
      restoreMs: median(warm.map((j) => j.restore.gateMs)),
      actionRestoreMs: median(warm.map((j) => j.gate.actionRestoreMs)),
      firstSize: first.sizes.gate,
      lastSize: last.sizes.gate,
      saves: gateSaves.length
    },
    setup: {
      bytes: first.setup.savedBytes,
      files: first.setup.files,
      saveMs: first.setup.saveMs,
      saveMsMedian: median(setupSaves.map((j) => j.setup.saveMs)),
      restoreMs: median(warm.map((j) => j.restore.setupMs)),
      firstSize: first.sizes.setup,
      lastSize: last.sizes.setup,
      saves: setupSaves.length
    }
  }
}

function formatModule(result) {
  const s = summarize(result)
  const n = result.jobs.length - 1
  const row = (label, x) => [
    label,
    `${mib(x.bytes)}`,
    String(x.files),
    `${x.saveMs?.toFixed(0) ?? '-'}`,
    `${Number.isFinite(x.saveMsMedian) ? x.saveMsMedian.toFixed(0) : '-'} (${x.saves} saves)`,
    Number.isFinite(x.restoreMs) ? x.restoreMs.toFixed(0) : '-',
    mib(x.firstSize),
    mib(x.lastSize),
    fmtRatio(ratio(x.lastSize, x.firstSize))
  ]
  const header = [
    'layout',
    'archive MiB (job 0)',
    'files (job 0)',
    'save ms (job 0)',
    'save ms median',
    `warm restore ms, restoreCache (median of ${n})`,
    'cache MiB (job 0)',
    `cache MiB (commit ${n})`,
    'growth'
  ]
  const summary = table(header, [row('go-ci-gate', s.gate), row('setup-go', s.setup)])
  const bytesRatio = ratio(s.gate.bytes, s.setup.bytes)
  const restoreRatio = ratio(s.gate.restoreMs, s.setup.restoreMs)
  const growth = ratio(s.gate.lastSize, s.gate.firstSize)
  const ratios = table(
    ['target', 'measured', 'met'],
    [
      [
        `go-ci-gate archive bytes ≤ ${TARGETS.bytes}× setup-go's (job 0)`,
        fmtRatio(bytesRatio),
        mark(bytesRatio <= TARGETS.bytes)
      ],
      [
        `go-ci-gate warm restore ≤ ${TARGETS.restore}× setup-go's (medians)`,
        fmtRatio(restoreRatio),
        mark(restoreRatio <= TARGETS.restore)
      ],
      [
        `go-ci-gate cache after commit ${n} ≤ ${TARGETS.growth}× after job 0`,
        fmtRatio(growth),
        mark(growth <= TARGETS.growth)
      ]
    ]
  )
  const perCommit = table(
    [
      'commit',
      'change',
      'go-ci-gate saved',
      'go-ci-gate cache MiB',
      'go-ci-gate main ms',
      'setup-go key',
      'setup-go saved',
      'setup-go cache MiB',
      'setup-go go cmds ms'
    ],
    result.jobs.map((j) => [
      String(j.commit),
      j.change,
      j.gate.saved.length === 0
        ? 'nothing'
        : j.gate.saved
            .map((e) => `${e.key.startsWith('go-ci-gate-mod') ? 'mod' : 'build'} ${mib(e.size)}`)
            .join(', '),
      mib(j.sizes.gate),
      `${j.gate.mainMs.toFixed(0)}${j.gate.mainStatus === 0 ? '' : ` (exit ${j.gate.mainStatus})`}`,
      j.setup.matched === j.setup.key ? 'hit' : 'miss',
      j.setup.saved.length === 0 ? 'nothing' : mib(j.setup.savedBytes),
      mib(j.sizes.setup),
      `${j.setup.goMs.toFixed(0)}${j.setup.testsPassed ? '' : ' (tests failed)'}`
    ])
  )
  return (
    `### ${result.name} (${result.module}@${result.version}, ${result.size}; commit ${result.bumpAt} changes go.sum)\n\n` +
    `${summary}\n\n${ratios}\n\n${perCommit}`
  )
}

// ---------------------------------------------------------------------------------------------

const nodeVersion = execFileSync(flags.node, ['--version'], { encoding: 'utf8' }).trim()
const zstd = (() => {
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' })
    return 'zstd'
  } catch {
    return 'gzip'
  }
})()
log(
  `bench: ${commits} commit(s) per module; ${goVersion}; dist/ under node ${nodeVersion}; ` +
    `archives ${zstd}; ${os.availableParallelism()} CPUs`
)
const { startCacheService } = await loadCacheService()
fs.rmSync(root, { recursive: true, force: true })
fs.mkdirSync(path.dirname(mainJs), { recursive: true })
fs.copyFileSync(distMain, mainJs)
fs.copyFileSync(distPost, postJs)
const distSha = Object.fromEntries(
  [mainJs, postJs].map((f) => [
    path.basename(f),
    crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex').slice(0, 12)
  ])
)
log(
  `bench: dist/main.js ${distSha['main.js']}, dist/post.js ${distSha['post.js']} (sha256, copied to ${path.relative(repoRoot, root)}/dist)`
)
const started = Date.now()
const results = []
for (const name of names) results.push(await benchmark(name, startCacheService))
console.log(
  `\ngo-ci-gate cache benchmark: ${goVersion}, dist/ under node ${nodeVersion}, @actions/cache 6 ` +
    `(${zstd}) against the local cache service, ${os.availableParallelism()} CPUs, ` +
    `${commits} commit(s), ${((Date.now() - started) / 60000).toFixed(1)} min; ` +
    `dist/main.js ${distSha['main.js']}, dist/post.js ${distSha['post.js']} (sha256)\n`
)
console.log(results.map(formatModule).join('\n\n'))
console.log(
  `\ntargets: go-ci-gate archive bytes ≤ ${TARGETS.bytes}× setup-go's; warm restore ≤ ${TARGETS.restore}× ` +
    `setup-go's; go-ci-gate cache after the last commit ≤ ${TARGETS.growth}× its first size.\n` +
    'setup-go saves only when its key (go.sum) changes, so its entry goes stale between (see bench/README.md).'
)
if (flags.json) {
  fs.writeFileSync(
    flags.json,
    `${JSON.stringify({ goVersion, nodeVersion, distSha, commits, results: results.map((r) => ({ ...r, summary: summarize(r) })) }, null, 2)}\n`
  )
  log(`bench: raw numbers in ${flags.json}`)
}
