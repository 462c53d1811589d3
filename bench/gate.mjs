#!/usr/bin/env node
// Benchmark (not a test; `npm test` never runs it): times the built command, dist/cli.js, on
// real modules from the Go module proxy against the go commands it stands for. See
// bench/README.md for what each column means and how to read the result.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { benchDir, fail, knownNames, log, median, prepareModule, repoRoot } from './common.mjs'

const cli = path.join(repoRoot, 'dist', 'cli.js')
const probe = path.join(repoRoot, 'bench', 'cpu-probe.mjs')

/**
 * small: one package, tests in about a second. medium: two packages whose tests mostly wait on
 * timers (about 30 s of wall time, little CPU). large: 63 packages with big tables, race-enabled
 * tests about 2 minutes on 2 CPUs with a warm build cache. (cobra's tests fail when run as root,
 * which is why it is not the medium one.)
 */
const MODULES = {
  uuid: { size: 'small', module: 'github.com/google/uuid', version: 'v1.6.0' },
  chi: { size: 'medium', module: 'github.com/go-chi/chi/v5', version: 'v5.1.0' },
  text: { size: 'large', module: 'golang.org/x/text', version: 'v0.43.0' }
}

const TARGETS = { gateOverBare: 1.05, gateOverSequential: 0.8, nodeCpuShare: 0.03 }

const USAGE = `usage: node bench/gate.mjs [--runs N] [--modules uuid,chi,text] [--node PATH] [--json FILE] [--fresh]

  --runs N        timed runs of each measurement per module (default 3); medians are reported
  --modules LIST  which modules, comma-separated: ${Object.keys(MODULES).join(', ')} (default: all)
  --node PATH     node binary that runs dist/cli.js (default: the one running this script)
  --json FILE     also write every run's raw numbers as JSON
  --fresh         copy the modules out of the module cache again instead of reusing .bench/work`

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    modules: { type: 'string', default: Object.keys(MODULES).join(',') },
    node: { type: 'string', default: process.execPath },
    json: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}
const runs = Number(flags.runs)
if (!Number.isInteger(runs) || runs < 1) fail(`--runs: "${flags.runs}" is not a positive integer`)
const names = knownNames('modules', flags.modules, MODULES, 'module')
if (!fs.existsSync(cli))
  fail(`${path.relative(process.cwd(), cli)} does not exist: run \`npm run build\` first`)
if (process.platform !== 'linux') fail('the CPU probe reads /proc/self/stat: run on Linux')

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100

/** Runs a command to completion; returns wall time and its output. Never a shell. */
function timed(command, args, options) {
  const started = performance.now()
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const ms = performance.now() - started
  if (result.error) throw result.error
  return { ms, status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function check(command, args, options) {
  const result = timed(command, args, options)
  if (result.status !== 0) {
    fail(
      `${command} ${args.join(' ')} (in ${options.cwd}) exited ${result.status}:\n${result.stderr.trim()}`
    )
  }
  return result
}

function prepare(name) {
  const { module, version } = MODULES[name]
  return prepareModule(name, `${module}@${version}`, { fresh: flags.fresh })
}

/** One run of the command under the CPU probe: wall time, the JSON report, node's CPU share. */
function runGate(dir) {
  const probeFile = path.join(benchDir, `cpu-${process.pid}.json`)
  fs.rmSync(probeFile, { force: true })
  const env = {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(probe).href}`.trim(),
    GO_CI_GATE_CPU_PROBE: probeFile
  }
  const result = timed(flags.node, [cli, '--format', 'json', dir], { cwd: dir, env })
  if (result.status !== 0 && result.status !== 1) {
    fail(`dist/cli.js exited ${result.status} on ${dir}:\n${result.stderr.trim()}`)
  }
  const report = JSON.parse(result.stdout)
  const cpu = JSON.parse(fs.readFileSync(probeFile, 'utf8'))
  fs.rmSync(probeFile, { force: true })
  const nodeMs = (cpu.nodeUserMicros + cpu.nodeSystemMicros) / 1000
  const childrenMs = ((cpu.childrenUserTicks + cpu.childrenSystemTicks) * 1000) / clockTicks
  return {
    ms: result.ms,
    verdict: report.verdict,
    report,
    nodeCpuMs: nodeMs,
    childrenCpuMs: childrenMs,
    nodeShare: nodeMs / (nodeMs + childrenMs)
  }
}

const TEST_ARGS = ['test', '-race', '-json', '-count=1', './...']

/** The pinned environment the gate gave every child go, over this process's. */
const goEnvFor = (report) => ({ ...process.env, ...(report.pinned ?? {}) })

function runBareTests(dir, env) {
  const result = timed('go', TEST_ARGS, { cwd: dir, env })
  return { ms: result.ms, passed: result.status === 0 }
}

/**
 * What a hand-written workflow runs instead of the gate: the gate's go commands one after another
 * (report order; they include its go test -race, and its reruns when tests failed). A report
 * without a go test (the tests check not run) gets the bare tests after them, as a workflow
 * without the gate runs them anyway.
 */
function runSequential(dir, report, env) {
  const started = performance.now()
  for (const command of report.commands) {
    timed('go', command.args, { cwd: path.join(dir, command.cwd), env })
  }
  const commandsMs = performance.now() - started
  const ranTests = report.commands.some((c) => c.args[0] === 'test')
  const tests = ranTests ? undefined : runBareTests(dir, env)
  return { commandsMs, ms: performance.now() - started, testsPassed: tests?.passed ?? true }
}

function benchmark(name) {
  const dir = prepare(name)
  // Warm-up, untimed: builds the race-enabled test binaries into GOCACHE and pages the module in.
  log(`${name}: warm-up (untimed): gate, go commands, go test -race`)
  const warm = runGate(dir)
  const env = goEnvFor(warm.report)
  for (const command of warm.report.commands)
    timed('go', command.args, { cwd: path.join(dir, command.cwd), env })
  const warmTests = runBareTests(dir, env)
  const packages = check('go', ['list', './...'], { cwd: dir, env })
    .stdout.trim()
    .split('\n')
    .filter(Boolean).length

  const samples = []
  for (let i = 1; i <= runs; i++) {
    const gate = runGate(dir)
    const bare = runBareTests(dir, env)
    const sequential = runSequential(dir, gate.report, env)
    log(
      `${name}: run ${i}/${runs}: gate ${gate.ms.toFixed(0)} ms (${gate.verdict}), bare tests ${bare.ms.toFixed(0)} ms, ` +
        `sequential ${sequential.ms.toFixed(0)} ms (go commands ${sequential.commandsMs.toFixed(0)} ms), ` +
        `node CPU ${gate.nodeCpuMs.toFixed(0)} ms of ${(gate.nodeCpuMs + gate.childrenCpuMs).toFixed(0)} ms`
    )
    samples.push({
      gateMs: gate.ms,
      verdict: gate.verdict,
      gateCommands: gate.report.commands.length,
      nodeCpuMs: gate.nodeCpuMs,
      childrenCpuMs: gate.childrenCpuMs,
      nodeShare: gate.nodeShare,
      bareMs: bare.ms,
      bareTestsPassed: bare.passed,
      sequentialMs: sequential.ms,
      sequentialCommandsMs: sequential.commandsMs
    })
  }
  const m = (key) => median(samples.map((s) => s[key]))
  return {
    name,
    ...MODULES[name],
    packages,
    testsPassed: warmTests.passed && samples.every((s) => s.bareTestsPassed),
    gateCommands: warm.report.commands.length,
    gateMs: m('gateMs'),
    bareMs: m('bareMs'),
    sequentialCommandsMs: m('sequentialCommandsMs'),
    sequentialMs: m('sequentialMs'),
    nodeShare: m('nodeShare'),
    samples
  }
}

function formatTable(results) {
  const ratio = (a, b) => {
    const r = a / b
    return `${r < 0.1 ? r.toPrecision(2) : r.toFixed(2)}×`
  }
  const mark = (ok) => (ok ? '✓' : '✗')
  const header = [
    'module',
    'packages',
    'gate ms',
    'bare tests ms',
    'gate cmds seq ms',
    'sequential ms',
    'gate/bare',
    'gate/cmds seq',
    'gate/sequential',
    'node CPU share'
  ]
  const rows = results.map((r) => [
    `${r.name} (${r.module}@${r.version})`,
    String(r.packages),
    r.gateMs.toFixed(0),
    `${r.bareMs.toFixed(0)}${r.testsPassed ? '' : ' (tests failed)'}`,
    r.sequentialCommandsMs.toFixed(0),
    r.sequentialMs.toFixed(0),
    `${ratio(r.gateMs, r.bareMs)} ${mark(r.gateMs / r.bareMs <= TARGETS.gateOverBare)}`,
    ratio(r.gateMs, r.sequentialCommandsMs),
    `${ratio(r.gateMs, r.sequentialMs)} ${mark(r.gateMs / r.sequentialMs <= TARGETS.gateOverSequential)}`,
    `${(r.nodeShare * 100).toFixed(1)}% ${mark(r.nodeShare <= TARGETS.nodeCpuShare)}`
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

const nodeVersion = execFileSync(flags.node, ['--version'], { encoding: 'utf8' }).trim()
const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim()
log(
  `bench: ${runs} run(s) per module; ${goVersion}; node ${nodeVersion}; ${os.availableParallelism()} CPUs`
)

const results = names.map(benchmark)
console.log(
  `\ngo-ci-gate benchmark: dist/cli.js, ${goVersion}, node ${nodeVersion}, ${os.availableParallelism()} CPUs, ` +
    `median of ${runs} run(s)\n`
)
console.log(formatTable(results))
console.log(
  `\ntargets: gate ≤ ${TARGETS.gateOverBare}× bare tests alone; gate ≤ ${TARGETS.gateOverSequential}× sequential; ` +
    `node's own CPU ≤ ${TARGETS.nodeCpuShare * 100}% of the run's CPU`
)
console.log(
  'note: the gate runs every check, its tests check included; sequential runs the same go commands\n' +
    'one after another, so gate/sequential is what running the checks concurrently saves, and\n' +
    'gate/bare what the gate adds to the tests alone (see bench/README.md).'
)
if (flags.json) {
  fs.writeFileSync(
    flags.json,
    `${JSON.stringify({ goVersion, nodeVersion, runs, results }, null, 2)}\n`
  )
  log(`bench: raw numbers in ${flags.json}`)
}
