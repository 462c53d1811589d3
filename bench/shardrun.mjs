#!/usr/bin/env node
// Benchmark (not a test; `npm test` never runs it): the real wall time of a sharded run against
// one full run of the built command, dist/cli.js, on a real module from the Go module proxy. The
// full run's JSON report is the timings the plan estimates from; the shards then run one after
// another on this machine, so the figures are each shard's wall time (what a matrix job would
// take), the slowest of them against the full run, and the sum against the full run: what every
// shard compiling its own packages costs in runner time. See bench/README.md.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { benchDir, fail, log, prepareModule, repoRoot } from './common.mjs'

const cli = path.join(repoRoot, 'dist', 'cli.js')
const USAGE = `usage: node bench/shardrun.mjs [--module PATH@VERSION] [--shards N] [--race]

  --module   the module to run (default golang.org/x/text@v0.44.0)
  --shards   how many shards (default 3)
  --race     run the tests with the race detector (default: without, as bench/timings were taken)`

const { values: flags } = parseArgs({
  options: {
    module: { type: 'string', default: 'golang.org/x/text@v0.44.0' },
    shards: { type: 'string', default: '3' },
    race: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}
const shards = Number(flags.shards)
if (!Number.isInteger(shards) || shards < 1 || shards > 256) fail(`--shards: ${flags.shards}`)
if (!fs.existsSync(cli)) fail('dist/cli.js is missing: npm run build first')

const name = `shardrun-${flags.module.replace(/[^A-Za-z0-9.-]+/g, '_')}`
const dir = prepareModule(name, flags.module)
const out = path.join(benchDir, name)
fs.mkdirSync(out, { recursive: true })
const common = ['--checks', 'tests', '--race', String(flags.race), '--rerun-failed', '0']

/** One command run: its wall time in seconds and its stdout, written to `file`. */
function timedRun(label, args, file) {
  log(`${label}: node dist/cli.js ${args.join(' ')}`)
  const started = performance.now()
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024
  })
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0 && result.status !== 1) {
    fail(`${label} exited ${result.status}:\n${(result.stderr ?? '').trim().slice(-2000)}`)
  }
  fs.writeFileSync(file, result.stdout)
  return { seconds, status: result.status }
}

// A warm build cache for the full run as for the shards: the first run compiles, untimed.
timedRun('warm-up', ['--format', 'json', ...common, '.'], path.join(out, 'warm.json'))
const full = timedRun('full', ['--format', 'json', ...common, '.'], path.join(out, 'full.json'))
const planned = timedRun(
  'plan',
  ['plan', '--shards', String(shards), '--timings', path.join(out, 'full.json'), ...common, '.'],
  path.join(out, 'plan.json')
)
const plan = JSON.parse(fs.readFileSync(path.join(out, 'plan.json'), 'utf8'))
const runs = []
for (let k = 1; k <= shards; k++) {
  const file = path.join(out, `shard-${k}.json`)
  runs.push({
    k,
    file,
    ...timedRun(
      `shard ${k}/${shards}`,
      [
        '--shard',
        `${k}/${shards}`,
        '--plan',
        path.join(out, 'plan.json'),
        '--format',
        'json',
        ...common,
        '.'
      ],
      file
    )
  })
}
const merged = timedRun(
  'merge',
  ['merge', '--plan', path.join(out, 'plan.json'), '--format', 'json', ...runs.map((r) => r.file)],
  path.join(out, 'merged.json')
)
const mergedReport = JSON.parse(fs.readFileSync(path.join(out, 'merged.json'), 'utf8'))
const fullReport = JSON.parse(fs.readFileSync(path.join(out, 'full.json'), 'utf8'))
const count = (report) => (report.tests?.packages ?? []).reduce((n, p) => n + p.tests.length, 0)
const problems = mergedReport.results
  .flatMap((r) => r.findings)
  .filter((f) => f.rule.startsWith('tests/shard-'))

const slowest = Math.max(...runs.map((r) => r.seconds))
const sum = runs.reduce((a, r) => a + r.seconds, 0)
const f = (s) => `${s.toFixed(1)} s`
console.log(
  `\n${flags.module}, ${shards} shards, race ${flags.race ? 'on' : 'off'}, ${plan.units.length} test packages\n`
)
console.log('| run | wall time | planned |')
console.log('| --- | ---: | ---: |')
console.log(`| full (one job) | ${f(full.seconds)} | |`)
console.log(`| plan (command: listing and planning) | ${f(planned.seconds)} | |`)
for (const r of runs)
  console.log(`| shard ${r.k}/${shards} | ${f(r.seconds)} | ${f(plan.estimates[r.k - 1] ?? 0)} |`)
console.log(`| merge | ${f(merged.seconds)} | |`)
console.log('')
console.log(
  `slowest shard / full: ${(slowest / full.seconds).toFixed(2)} (ideal ${(1 / shards).toFixed(2)})`
)
console.log(
  `sum of shards / full: ${(sum / full.seconds).toFixed(2)} (what each shard building its own packages costs in runner time)`
)
console.log(
  `tests: full ${count(fullReport)}, merged ${count(mergedReport)}; merge problems: ${problems.length}; verdicts: full ${fullReport.verdict}, merged ${mergedReport.verdict}`
)
