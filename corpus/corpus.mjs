#!/usr/bin/env node
// Corpus tier (not part of `npm test`): runs the built command, dist/cli.js, on real Go modules
// from the module proxy and fails when a clean module gets an error or warning finding that
// corpus/modules.mjs does not expect, or an expected one does not appear. See corpus/README.md.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { GIT_IDENTITY, log, makeWritable, repoRoot } from '../bench/common.mjs'
import { MODULES } from './modules.mjs'

/** Everything the corpus creates lives here (ignored by git): work trees and reports. */
const corpusDir = path.join(repoRoot, '.corpus')
const reportsDir = path.join(corpusDir, 'reports')
const cli = path.join(repoRoot, 'dist', 'cli.js')
/** A safety net only: the gate's own go test -timeout (10m by default) ends a stuck test first. */
const GATE_KILL_AFTER_MS = 60 * 60 * 1000
const FINDING_KEYS = ['rule', 'check', 'severity', 'file', 'line', 'title']
/** Some tests fail only as root (a read-only file is writable to root); see asRoot. */
const runsAsRoot = process.getuid?.() === 0

const USAGE = `usage: node corpus/corpus.mjs [--fast] [--only NAME[,NAME]] [--keep] [--json FILE]

  --fast          only the entries marked fast in corpus/modules.mjs
  --only LIST     only these entries, comma-separated: ${MODULES.map((m) => m.name).join(', ')}
  --keep          keep each module's work tree in .corpus/<name> (default: removed after its run)
  --json FILE     also write every module's outcome as JSON

Exit status: 0 when every module got exactly its expected error/warning findings, 1 when not,
2 when the corpus could not run (bad flags, no dist/cli.js, a bad corpus/modules.mjs).`

/** One line on stderr, exit 2: the corpus could not run. */
function fail(message) {
  console.error(`corpus: ${message}`)
  process.exit(2)
}

let flags
try {
  ;({ values: flags } = parseArgs({
    options: {
      fast: { type: 'boolean', default: false },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  }))
} catch (error) {
  fail(`${error.message}\n${USAGE.split('\n')[0]}`)
}
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}

validateModules(MODULES)
const selected = select(MODULES)
if (!fs.existsSync(cli))
  fail(`${path.relative(process.cwd(), cli)} does not exist: run \`npm run build\` first`)

/** Fails naming the first entry of corpus/modules.mjs that is not what this script reads. */
function validateModules(modules) {
  const names = new Set()
  for (const [i, m] of modules.entries()) {
    const where = `corpus/modules.mjs entry ${i + 1} (${m.name ?? 'no name'})`
    if (typeof m.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(m.name))
      fail(`${where}: name must be lower-case letters, digits and dashes`)
    if (names.has(m.name)) fail(`${where}: name is used twice`)
    names.add(m.name)
    if (!isModuleVersion(m.module))
      fail(`${where}: module must be path@version, e.g. x.org/y@v1.2.3`)
    for (const step of m.layout ?? []) {
      if (step.module !== undefined) {
        if (!isModuleVersion(step.module)) fail(`${where}: layout module must be path@version`)
        if (!isInsideDir(step.dir)) fail(`${where}: layout module needs a dir inside the root`)
      } else if (step.file !== undefined) {
        if (!isModuleVersion(step.from)) fail(`${where}: layout file needs from: path@version`)
        if (!isInsideDir(step.file)) fail(`${where}: layout file must be inside the root`)
      } else if (Array.isArray(step.go) && step.go.every((a) => typeof a === 'string')) {
        if (step.dir !== undefined && !isInsideDir(step.dir))
          fail(`${where}: layout go step dir must be inside the root`)
      } else {
        fail(`${where}: a layout step is { module, dir }, { file, from } or { go: [args], dir? }`)
      }
    }
    if (
      m.args !== undefined &&
      !(Array.isArray(m.args) && m.args.every((a) => typeof a === 'string'))
    )
      fail(`${where}: args must be an array of strings`)
    for (const e of m.expected ?? []) {
      if (typeof e.reason !== 'string' || e.reason.trim() === '')
        fail(`${where}: every expected finding needs a reason`)
      if (!FINDING_KEYS.some((k) => e[k] !== undefined))
        fail(`${where}: an expected finding needs one of ${FINDING_KEYS.join(', ')}`)
      if (e.rule === undefined && e.title === undefined)
        fail(`${where}: an expected finding needs a rule or a title, not only a check`)
      if (e.asRoot !== undefined && typeof e.asRoot !== 'boolean')
        fail(`${where}: asRoot must be true or false`)
    }
  }
}

function isModuleVersion(value) {
  return typeof value === 'string' && /^[^@\s]+@v\S+$/.test(value)
}

function isInsideDir(dir) {
  return (
    typeof dir === 'string' &&
    dir !== '' &&
    !path.isAbsolute(dir) &&
    !path.normalize(dir).startsWith('..')
  )
}

function select(modules) {
  let chosen = flags.fast ? modules.filter((m) => m.fast === true) : modules
  if (flags.only !== undefined) {
    const names = flags.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    if (names.length === 0) fail('--only: give one or more names')
    for (const name of names) {
      if (!modules.some((m) => m.name === name))
        fail(`--only: unknown module "${name}"; use ${modules.map((m) => m.name).join(', ')}`)
    }
    chosen = chosen.filter((m) => names.includes(m.name))
    if (chosen.length === 0) fail('--only with --fast selects no module')
  }
  return chosen
}

/** Runs a command to completion, never through a shell; throws with its stderr when it fails. */
function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  if (result.error) throw result.error
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}: ${result.stderr.trim()}`
    )
  return result.stdout
}

/** The module's files out of the module cache, fetched through the configured proxy. */
function download(moduleVersion) {
  // Outside any module, so the download is not tied to this repository's go.mod or go.work.
  const info = JSON.parse(run('go', ['mod', 'download', '-json', moduleVersion], os.tmpdir()))
  if (!info.Dir)
    throw new Error(`go mod download ${moduleVersion} reported no Dir: ${info.Error ?? ''}`)
  return info.Dir
}

function copyModule(moduleVersion, dest) {
  fs.cpSync(download(moduleVersion), dest, { recursive: true })
  fs.chmodSync(dest, 0o755)
  makeWritable(dest)
}

/**
 * .corpus/<name>: the module as published, plus its layout steps, committed to a fresh git
 * repository, so the gate sees a checkout whose go.sum is committed, as in CI.
 */
function prepare(entry) {
  const dir = path.join(corpusDir, entry.name)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(corpusDir, { recursive: true })
  log(`${entry.name}: go mod download ${entry.module}`)
  copyModule(entry.module, dir)
  for (const step of entry.layout ?? []) {
    if (step.module !== undefined) {
      log(`${entry.name}: go mod download ${step.module} -> ${step.dir}/`)
      copyModule(step.module, path.join(dir, step.dir))
    } else if (step.file !== undefined) {
      log(`${entry.name}: ${step.file} from ${step.from}`)
      const dest = path.join(dir, step.file)
      fs.copyFileSync(path.join(download(step.from), step.file), dest)
      fs.chmodSync(dest, 0o644)
    } else {
      log(`${entry.name}: go ${step.go.join(' ')}${step.dir ? ` (in ${step.dir}/)` : ''}`)
      run('go', step.go, path.join(dir, step.dir ?? '.'))
    }
  }
  const git = (...args) => run('git', [...GIT_IDENTITY, ...args], dir)
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-q', '-m', `${entry.module} from the module proxy`)
  return dir
}

/** The gate's verdict on the checkout: its JSON report, or why there is none. */
function runGate(entry, dir) {
  const args = [cli, '--format', 'json', ...(entry.args ?? []), dir]
  log(`${entry.name}: node dist/cli.js ${args.slice(1, -1).join(' ')} .corpus/${entry.name}`)
  const result = spawnSync(process.execPath, args, {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    timeout: GATE_KILL_AFTER_MS,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  if (result.error) return { problem: `dist/cli.js did not finish: ${result.error.message}` }
  const tail = result.stderr.trim().split('\n').slice(-5).join(' | ')
  let report
  try {
    report = JSON.parse(result.stdout)
  } catch {
    return { problem: `dist/cli.js exited ${result.status} without a JSON report: ${tail}` }
  }
  fs.mkdirSync(reportsDir, { recursive: true })
  fs.writeFileSync(
    path.join(reportsDir, `${entry.name}.json`),
    `${JSON.stringify(report, null, 2)}\n`
  )
  if (result.status === 3) return { report, problem: `dist/cli.js failed itself (exit 3): ${tail}` }
  return { report, exitCode: result.status }
}

/**
 * Every error and warning finding of the report, plus what is as bad as one: a check that
 * errored and a set-up the gate could not run in.
 */
function findingsOf(report) {
  const findings = []
  if (report.setupError !== undefined)
    findings.push({
      check: 'setup',
      severity: 'error',
      title: `set-up error: ${report.setupError}`
    })
  for (const result of report.results ?? []) {
    if (result.status === 'error')
      findings.push({
        check: result.check,
        severity: 'error',
        title: `check errored: ${result.summary ?? '(no reason given)'}`
      })
    for (const f of result.findings) {
      if (f.severity === 'error' || f.severity === 'warning') findings.push(f)
    }
  }
  return findings
}

function matches(expectation, finding) {
  return FINDING_KEYS.every((key) => {
    if (expectation[key] === undefined) return true
    if (key === 'title') return (finding.title ?? '').includes(expectation.title)
    return finding[key] === expectation[key]
  })
}

function checkModule(entry) {
  const started = performance.now()
  const outcome = {
    name: entry.name,
    module: entry.module,
    findings: [],
    stale: [],
    problems: []
  }
  // A report left by an earlier run must not pass for this run's.
  fs.rmSync(path.join(reportsDir, `${entry.name}.json`), { force: true })
  let dir
  try {
    dir = prepare(entry)
  } catch (error) {
    outcome.problems.push(`preparing the checkout failed: ${error.message}`)
  }
  outcome.prepareMs = performance.now() - started
  if (dir !== undefined) {
    const gateStarted = performance.now()
    const { report, problem, exitCode } = runGate(entry, dir)
    outcome.gateMs = performance.now() - gateStarted
    if (problem !== undefined) outcome.problems.push(problem)
    if (report !== undefined) {
      outcome.verdict = report.verdict
      outcome.exitCode = exitCode
      outcome.testsMs = report.results?.find((r) => r.check === 'tests')?.durationMs
      const expected = (entry.expected ?? []).filter((e) => e.asRoot !== true || runsAsRoot)
      outcome.findings = findingsOf(report).map((finding) => {
        const match = expected.find((e) => matches(e, finding))
        return { ...finding, expectedBecause: match?.reason }
      })
      outcome.stale = expected.filter((e) => !outcome.findings.some((f) => matches(e, f)))
    }
    if (!flags.keep) fs.rmSync(dir, { recursive: true, force: true })
  }
  outcome.totalMs = performance.now() - started
  outcome.unexpected = outcome.findings.filter((f) => f.expectedBecause === undefined).length
  outcome.ok =
    outcome.problems.length === 0 && outcome.unexpected === 0 && outcome.stale.length === 0
  printOutcome(outcome)
  return outcome
}

const seconds = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`)

function describeExpectation(e) {
  return FINDING_KEYS.filter((k) => e[k] !== undefined)
    .map((k) => `${k} ${JSON.stringify(e[k])}`)
    .join(', ')
}

function printOutcome(o) {
  const lines = [
    '',
    `${o.ok ? 'ok  ' : 'FAIL'} ${o.name} (${o.module}): gate ${o.verdict ?? 'no verdict'}` +
      `${o.exitCode !== undefined ? `, exit ${o.exitCode}` : ''}; prepare ${seconds(o.prepareMs)}, ` +
      `gate ${seconds(o.gateMs)} (tests check ${seconds(o.testsMs)})`
  ]
  for (const p of o.problems) lines.push(`  problem: ${p}`)
  for (const f of o.findings) {
    const where =
      f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : '-'
    lines.push(
      `  ${f.severity.padEnd(7)} ${(f.rule ?? f.check).padEnd(10)} ${where}  ${f.title}` +
        (f.expectedBecause !== undefined ? `  [expected: ${f.expectedBecause}]` : '  [UNEXPECTED]')
    )
    const first = (f.message ?? '').split('\n').find((l) => l.trim() !== '')
    if (first !== undefined && first !== f.title) lines.push(`            ${first.slice(0, 240)}`)
  }
  for (const e of o.stale)
    lines.push(`  stale expectation (no such finding): ${describeExpectation(e)} — ${e.reason}`)
  console.log(lines.join('\n'))
}

function table(outcomes) {
  const header = [
    'module',
    'result',
    'gate',
    'errors',
    'warnings',
    'unexpected',
    'stale',
    'prepare',
    'gate time',
    'tests'
  ]
  const rows = outcomes.map((o) => [
    `${o.name} (${o.module})`,
    o.ok ? 'ok' : o.problems.length > 0 ? 'FAIL (problem)' : 'FAIL',
    o.verdict ?? '-',
    String(o.findings.filter((f) => f.severity === 'error').length),
    String(o.findings.filter((f) => f.severity === 'warning').length),
    String(o.unexpected),
    String(o.stale.length),
    seconds(o.prepareMs),
    seconds(o.gateMs),
    seconds(o.testsMs)
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

const goVersion = run('go', ['env', 'GOVERSION'], os.tmpdir()).trim()
log(
  `corpus: ${selected.length} module(s), one after another; ${goVersion}; node ${process.version}; ` +
    `${os.availableParallelism()} CPUs`
)
const started = performance.now()
const outcomes = selected.map(checkModule)
const wallMs = performance.now() - started
if (!flags.keep && fs.existsSync(corpusDir)) {
  // Only the reports stay behind.
  for (const name of fs.readdirSync(corpusDir)) {
    if (name !== 'reports') fs.rmSync(path.join(corpusDir, name), { recursive: true, force: true })
  }
}
const failed = outcomes.filter((o) => !o.ok)
console.log(`\ngo-ci-gate corpus: dist/cli.js, ${goVersion}, node ${process.version}\n`)
console.log(table(outcomes))
console.log(
  `\n${outcomes.length - failed.length} of ${outcomes.length} module(s) as expected; ` +
    `wall time ${seconds(wallMs)}; reports in ${path.relative(process.cwd(), reportsDir) || '.'}/`
)
if (flags.json) {
  fs.writeFileSync(
    flags.json,
    `${JSON.stringify({ goVersion, nodeVersion: process.version, wallMs, outcomes }, null, 2)}\n`
  )
  log(`corpus: outcomes in ${flags.json}`)
}
if (failed.length > 0) {
  console.log(`corpus: FAIL: ${failed.map((o) => o.name).join(', ')}`)
  process.exit(1)
}
