#!/usr/bin/env node
// Benchmark (not a test; `npm test` never runs it): how evenly the shard planner splits the
// recorded tests of real modules (bench/timings/, made by scripts/record-timings.mjs) over N
// shards: the planned slowest shard against the ideal (total / N), with whole packages and with
// slow packages split by test. It runs src/shard/ itself, transpiled (bench/shard-src.mjs); it
// runs no go. See bench/README.md.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fail, log, repoRoot } from './common.mjs'
import { loadShardModules } from './shard-src.mjs'

/** The targets for the slowest shard with test-level splitting, as a multiple of ideal. */
const TARGETS = [
  { upTo: 8, ratio: 1.1 },
  { upTo: 16, ratio: 1.25 }
]

const USAGE = `usage: node bench/shard.mjs [--shards 2,4,8,16] [--json FILE]

  --shards LIST  the shard counts, comma-separated (default 2,4,8,16)
  --json FILE    also write every figure as JSON`

const { values: flags } = parseArgs({
  options: {
    shards: { type: 'string', default: '2,4,8,16' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}
const counts = flags.shards.split(',').map((s) => Number(s.trim()))
for (const [i, n] of counts.entries()) {
  if (!Number.isInteger(n) || n < 1) {
    fail(`--shards: "${flags.shards.split(',')[i]}" is not a positive integer`)
  }
}

const {
  plan,
  timings: timingsModule,
  estimate
} = await loadShardModules(['plan', 'timings', 'estimate'])

const timingsDir = path.join(repoRoot, 'bench', 'timings')
const files = fs.existsSync(timingsDir)
  ? fs
      .readdirSync(timingsDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : []
if (files.length === 0) fail(`no timings in ${timingsDir}: run node scripts/record-timings.mjs`)

/** What the plan job would find: every package that ran, with the top-level tests that ended. */
function unitsOf(timings) {
  const packages = new Set([...Object.keys(timings.packages), ...Object.keys(timings.tests)])
  return [...packages].sort().map((pkg) => ({
    module: '.',
    package: pkg,
    tests: Object.keys(timings.tests[pkg] ?? {}).sort()
  }))
}

const targetFor = (n) => TARGETS.find((t) => n <= t.upTo)?.ratio
const slowest = (p) => Math.max(...p.estimates)
const sum = (values) => values.reduce((a, b) => a + b, 0)

const results = []
for (const file of files) {
  const record = JSON.parse(fs.readFileSync(path.join(timingsDir, file), 'utf8'))
  const timings = timingsModule.readStoredTimings(record.timings)
  if (!timings) fail(`${file}: timings of an unknown shape`)
  const units = unitsOf(timings)
  const estimates = estimate.estimatePackages(units, timings)
  const floor = plan.floorOf(estimates)
  const rows = counts.map((n) => {
    const whole = plan.planShards(units, timings, n, { splitTests: false })
    const split = plan.planShards(units, timings, n)
    const ideal = split.total / n
    return {
      shards: n,
      ideal,
      floor: Math.max(ideal, floor),
      packageLevel: slowest(whole),
      testLevel: slowest(split),
      // What splitting adds: each extra piece of a package pays its build and init again.
      addedSeconds: sum(split.estimates) - split.total,
      pieces: split.shards.reduce((k, s) => k + s.length, 0),
      target: targetFor(n)
    }
  })
  results.push({
    module: record.module,
    version: record.version,
    recorded: { go: record.go, command: record.command, wallSeconds: record.wallSeconds },
    packages: units.length,
    tests: sum(units.map((u) => u.tests.length)),
    total: sum(estimates.map((e) => e.seconds)),
    rows
  })
}

function formatTable(result) {
  const s = (x) => x.toFixed(1)
  const r = (x, ideal) => `${(x / ideal).toFixed(2)}×`
  const header = [
    'N',
    'ideal s',
    'package-level s',
    '÷ ideal',
    'test-level s',
    '÷ ideal',
    'target',
    'floor ÷ ideal',
    'test-level ÷ floor',
    'pieces',
    'build+init added s'
  ]
  const rows = result.rows.map((row) => [
    String(row.shards),
    s(row.ideal),
    s(row.packageLevel),
    r(row.packageLevel, row.ideal),
    s(row.testLevel),
    r(row.testLevel, row.ideal),
    row.target === undefined
      ? '-'
      : `≤ ${row.target.toFixed(2)}× ${
          row.testLevel / row.ideal <= row.target
            ? '✓'
            : row.floor / row.ideal > row.target
              ? '✗ (floor)'
              : '✗'
        }`,
    r(row.floor, row.ideal),
    r(row.testLevel, row.floor),
    String(row.pieces),
    s(row.addedSeconds)
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

log(`bench: ${files.length} recorded module(s) in ${path.relative(process.cwd(), timingsDir)}`)
for (const result of results) {
  console.log(
    `\n${result.module}@${result.version}: ${result.packages} packages, ${result.tests} top-level tests, ` +
      `${result.total.toFixed(1)} s of test time (recorded with ${result.recorded.go}: ` +
      `${result.recorded.command}, ${result.recorded.wallSeconds} s wall)\n`
  )
  console.log(formatTable(result))
}
console.log(
  '\nslowest planned shard against the ideal (total / N): package-level places whole packages\n' +
    '(splitTests: false), test-level splits a package longer than the ideal by its top-level tests.\n' +
    'floor: the longest piece no split can cut (a one-test package, or a build + init + longest test),\n' +
    'or the ideal when longer: no plan beats it; "✗ (floor)": the floor alone misses the target.\n' +
    'Estimates, not runs: see bench/README.md.'
)
if (flags.json) {
  fs.writeFileSync(flags.json, `${JSON.stringify(results, null, 2)}\n`)
  log(`bench: figures in ${flags.json}`)
}
