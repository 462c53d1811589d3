#!/usr/bin/env node
// Benchmark (not a test; `npm test` never runs it): how fast src/go/testjson.ts parses a large
// `go test -json` stream and how much memory it takes, next to gotestsum and tparse on the same
// file. See bench/README.md ("test2json parser") for what each figure means.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import ts from 'typescript'
import { fail, knownNames, log, median, repoRoot } from './common.mjs'
import { generateStream } from './testjson-gen.mjs'

const source = path.join(repoRoot, 'src', 'go', 'testjson.ts')
const child = path.join(repoRoot, 'bench', 'testjson-child.mjs')

const TARGETS = { throughputOverGotestsum: 1, peakRssMB: 150 }
/** Our parser is run twice per round, once per TestRun mode (the child's third argument). */
const MODES = {
  all: {
    label: 'go-ci-gate, every test kept (as the tests check runs it)',
    short: 'every test kept'
  },
  streaming: {
    label: 'go-ci-gate, streaming (passed tests counted, not kept)',
    short: 'streaming'
  }
}
const TOOLS = {
  gotestsum: { module: 'gotest.tools/gotestsum' },
  tparse: { module: 'github.com/mfridman/tparse' }
}

const USAGE = `usage: node bench/testjson.mjs [--size 1G] [--file PATH] [--keep] [--seed N] [--runs N]
                              [--tools gotestsum,tparse] [--node PATH] [--cpu-prof DIR] [--json FILE]

  --size SIZE      stream to generate: bytes, or with K, M, G (KiB, MiB, GiB); default 1G
  --file PATH      use the stream in PATH; when PATH does not exist, generate it there (kept)
  --keep           keep the generated stream (default: deleted at the end); its path is printed
  --seed N         seed of the generator (default 1): the same seed and size, the same stream
  --runs N         timed runs of each tool (default 1); the table shows medians
  --tools LIST     which other tools, comma-separated: ${Object.keys(TOOLS).join(', ')}, or none
  --node PATH      node binary that runs the parser (default: the one running this script)
  --cpu-prof DIR   also run the parser once more (every test kept) under --cpu-prof, write the
                   profile to DIR and print the functions with the most self time
  --json FILE      also write every run's raw numbers as JSON

Our parser runs in two modes, each a row: every test kept (new TestRun(), as the tests check
runs it) and streaming (new TestRun({ keepPassedTests: false }): passed and skipped tests only
counted).`

const { values: flags } = parseArgs({
  options: {
    size: { type: 'string', default: '1G' },
    file: { type: 'string' },
    keep: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
    tools: { type: 'string', default: Object.keys(TOOLS).join(',') },
    node: { type: 'string', default: process.execPath },
    'cpu-prof': { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}

/** 64M, 1G, 1.5G, 500K or plain bytes; K/M/G are binary (KiB, MiB, GiB). */
function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim())
  if (!m) return NaN
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()]
  return Math.round(Number(m[1]) * unit)
}

const size = parseSize(flags.size)
if (!Number.isFinite(size) || size < 1024) fail(`--size: "${flags.size}" is not a size ≥ 1K`)
const seed = Number(flags.seed)
if (!Number.isInteger(seed)) fail(`--seed: "${flags.seed}" is not an integer`)
const runs = Number(flags.runs)
if (!Number.isInteger(runs) || runs < 1) fail(`--runs: "${flags.runs}" is not a positive integer`)
const toolNames =
  flags.tools.trim() === 'none' ? [] : knownNames('tools', flags.tools, TOOLS, 'tool')

/** What could not run or be measured: printed at the end, and the exit status is 1. */
const problems = []

const MB = 1e6
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-ci-gate-bench-testjson-'))
let generated
function cleanUp() {
  fs.rmSync(scratch, { recursive: true, force: true })
}
process.on('exit', cleanUp)
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143]
]) {
  process.on(signal, () => {
    log(`bench: ${signal}, cleaning up`)
    process.exit(code)
  })
}

/** src/go/testjson.ts as an ES module in the scratch directory (it imports nothing). */
function transpileParser() {
  const text = fs.readFileSync(source, 'utf8')
  const out = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: source
  })
  if (/^\s*import\s/m.test(out.outputText)) {
    fail(
      `${path.relative(repoRoot, source)} now imports other modules; teach this script to follow`
    )
  }
  const file = path.join(scratch, 'testjson.mjs')
  fs.writeFileSync(file, out.outputText)
  return file
}

/** GNU time's peak RSS (%M, KiB), when /usr/bin/time is GNU time. */
const gnuTime = (() => {
  try {
    const text = execFileSync('/usr/bin/time', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
    return /GNU/.test(text) ? '/usr/bin/time' : undefined
  } catch (error) {
    return /GNU/.test(String(error.stderr ?? '')) ? '/usr/bin/time' : undefined
  }
})()

/** Peak RSS of a running process, from /proc/<pid>/status (VmHWM is already a high-water mark). */
function readHwmKiB(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

/**
 * Runs a command to its exit: wall time from spawn to exit, peak RSS in KiB (GNU time's %M, or
 * VmHWM polled every 20 ms), the tail of stdout when asked (else it goes to /dev/null), the tail
 * of stderr. Never a shell.
 */
function measure(command, args, { keepStdout = false } = {}) {
  return new Promise((resolve) => {
    const timeFile = path.join(scratch, 'time.txt')
    fs.rmSync(timeFile, { force: true })
    const argv = gnuTime
      ? [gnuTime, '-f', '%e %M', '-o', timeFile, command, ...args]
      : [command, ...args]
    const devNull = fs.openSync('/dev/null', 'w')
    const started = performance.now()
    const proc = spawn(argv[0], argv.slice(1), {
      stdio: ['ignore', keepStdout ? 'pipe' : devNull, 'pipe']
    })
    fs.closeSync(devNull)
    const tail = (limit) => {
      let text = ''
      return {
        add(chunk) {
          text = (text + chunk).slice(-limit)
        },
        get text() {
          return text
        }
      }
    }
    const out = tail(64 * 1024)
    const err = tail(16 * 1024)
    proc.stdout?.setEncoding('utf8').on('data', (c) => out.add(c))
    proc.stderr.setEncoding('utf8').on('data', (c) => err.add(c))
    let hwm
    const poll = gnuTime
      ? undefined
      : setInterval(() => {
          const v = readHwmKiB(proc.pid)
          if (v !== undefined) hwm = Math.max(hwm ?? 0, v)
        }, 20)
    let settled = false
    proc.on('error', (error) => {
      if (poll) clearInterval(poll)
      if (settled) return
      settled = true
      // Could not start: reported like an exit with the reason on stderr.
      resolve({
        ms: 0,
        status: null,
        signal: error.code ?? 'error',
        stdout: '',
        stderr: error.message
      })
    })
    proc.on('close', (status, signal) => {
      const ms = performance.now() - started
      if (poll) clearInterval(poll)
      if (settled) return
      settled = true
      let rssKiB = hwm
      if (gnuTime && fs.existsSync(timeFile)) {
        // GNU time writes "Command exited with non-zero status N" above the figures.
        const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)
        const m = /^([\d.]+) (\d+)$/.exec(last ?? '')
        if (m) rssKiB = Number(m[2])
      }
      resolve({ ms, rssKiB, status, signal, stdout: out.text, stderr: err.text })
    })
  })
}

/** go install MODULE@latest into GOBIN=<os tmpdir>/go-ci-gate-bench-tools/bin, once. */
function installTool(name) {
  const bin = path.join(os.tmpdir(), 'go-ci-gate-bench-tools', 'bin')
  const file = path.join(bin, name)
  if (fs.existsSync(file)) return file
  const { module } = TOOLS[name]
  log(`${name}: go install ${module}@latest (GOBIN=${bin})`)
  fs.mkdirSync(bin, { recursive: true })
  try {
    // Outside any module, with the environment as it is (GOPROXY and all).
    execFileSync('go', ['install', `${module}@latest`], {
      cwd: os.tmpdir(),
      env: { ...process.env, GOBIN: bin },
      stdio: ['ignore', 'inherit', 'inherit']
    })
  } catch (error) {
    problems.push(`${name}: go install ${module}@latest failed (${error.message.split('\n')[0]})`)
    return undefined
  }
  return fs.existsSync(file) ? file : undefined
}

function toolVersion(name, file) {
  try {
    const text = execFileSync('go', ['version', '-m', file], { encoding: 'utf8' })
    const m = new RegExp(
      `^\\s*mod\\s+${TOOLS[name].module.replace(/\./g, '\\.')}\\s+(\\S+)`,
      'm'
    ).exec(text)
    return m ? m[1] : '?'
  } catch {
    return '?'
  }
}

const mib = (kib) => (kib === undefined ? 'not measured' : `${(kib / 1024).toFixed(0)} MiB`)

/** Self time per function of a .cpuprofile, most first. */
function profileSummary(file, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    total += dt
    const { functionName, url, lineNumber } = byId.get(id).callFrame
    const where = url ? `${path.basename(url)}:${lineNumber + 1}` : ''
    const key = `${functionName || '(anonymous)'} ${where}`.trim()
    self.set(key, (self.get(key) ?? 0) + dt)
  })
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([name, us]) =>
        `  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`
    )
    .join('\n')
}

// --- main -------------------------------------------------------------------------------------

const nodeVersion = execFileSync(flags.node, ['--version'], { encoding: 'utf8' }).trim()
let goVersion = 'no go'
try {
  goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim()
} catch {
  if (toolNames.length > 0) problems.push('go is not on PATH: gotestsum and tparse not installed')
}
log(
  `bench: node ${nodeVersion}; ${goVersion}; ${os.availableParallelism()} CPUs; ` +
    `peak RSS from ${gnuTime ? 'GNU time (%M)' : '/proc/<pid>/status VmHWM, polled every 20 ms'}`
)

const parser = transpileParser()
const tools = {}
if (goVersion !== 'no go') {
  for (const name of toolNames) {
    const file = installTool(name)
    if (file) tools[name] = { file, version: toolVersion(name, file) }
  }
}

let file = flags.file ? path.resolve(flags.file) : path.join(scratch, 'stream.json')
let meta
if (flags.file && fs.existsSync(file)) {
  const metaFile = `${file}.meta.json`
  if (fs.existsSync(metaFile)) meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'))
  log(`bench: using ${file} (${(fs.statSync(file).size / MB).toFixed(1)} MB)`)
} else {
  if (!flags.file && flags.keep)
    file = path.join(os.tmpdir(), `go-ci-gate-testjson-${size}-${seed}.json`)
  log(`bench: generating ${(size / MB).toFixed(1)} MB of go test -json (seed ${seed}) into ${file}`)
  const started = performance.now()
  generated = file
  meta = generateStream(file, size, seed)
  const s = (performance.now() - started) / 1000
  log(
    `bench: generated ${(meta.bytes / MB).toFixed(1)} MB in ${s.toFixed(1)} s: ${meta.packages} packages ` +
      `(${meta.packagesFailed} failed, ${meta.packagesBuildFailed} of them builds; ${meta.packagesNoTests} without tests), ` +
      `${meta.tests} tests (${meta.failed} failed, ${meta.skipped} skipped; ${meta.races} races), ${meta.events} events`
  )
  if (flags.file || flags.keep)
    fs.writeFileSync(`${file}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`)
}
const bytes = fs.statSync(file).size

// Untimed: pages the file in, so every tool reads it from the page cache.
await measure('cat', [file])

const samples = { cat: [], all: [], streaming: [], gotestsum: [], tparse: [] }
/** The child's report per mode (the last run's). */
const oursReports = {}
let gotestsumDone
for (let i = 1; i <= runs; i++) {
  const cat = await measure('cat', [file])
  samples.cat.push(cat)
  log(`run ${i}/${runs}: cat ${(cat.ms / 1000).toFixed(2)} s`)

  for (const mode of Object.keys(MODES)) {
    const ours = await measure(flags.node, [child, parser, file, mode], { keepStdout: true })
    if (ours.status !== 0) {
      problems.push(
        `our parser (${mode}) exited ${ours.status ?? ours.signal}: ${ours.stderr.trim().split('\n').slice(-5).join(' | ')}`
      )
      continue
    }
    const report = JSON.parse(ours.stdout.trim().split('\n').at(-1))
    oursReports[mode] = report
    // The child's own peak when nothing else measured it.
    ours.rssKiB ??= report.maxRssKiB
    ours.selfRssKiB = report.maxRssKiB
    ours.parseMs = report.parseMs
    samples[mode].push(ours)
    log(
      `run ${i}/${runs}: ours, ${MODES[mode].short}: ${(ours.ms / 1000).toFixed(2)} s ` +
        `(parse ${(ours.parseMs / 1000).toFixed(2)} s), peak RSS ${mib(ours.rssKiB)}`
    )
  }

  if (tools.gotestsum) {
    const r = await measure(
      tools.gotestsum.file,
      ['--format', 'standard-quiet', '--no-color', '--raw-command', '--', 'cat', file],
      { keepStdout: true }
    )
    if (r.signal || (r.status !== 0 && r.status !== 1)) {
      problems.push(
        `gotestsum exited ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`
      )
    } else {
      gotestsumDone = /^DONE .*$/m.exec(r.stdout)?.[0]
      samples.gotestsum.push(r)
      log(`run ${i}/${runs}: gotestsum ${(r.ms / 1000).toFixed(2)} s, peak RSS ${mib(r.rssKiB)}`)
    }
  }
  if (tools.tparse) {
    const r = await measure(tools.tparse.file, ['-file', file, '-nocolor'])
    // tparse exits 1 when tests failed.
    if (r.signal || (r.status !== 0 && r.status !== 1)) {
      problems.push(
        `tparse exited ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`
      )
    } else {
      samples.tparse.push(r)
      log(`run ${i}/${runs}: tparse ${(r.ms / 1000).toFixed(2)} s, peak RSS ${mib(r.rssKiB)}`)
    }
  }
}

let profile
if (flags['cpu-prof'] && oursReports.all) {
  const dir = path.resolve(flags['cpu-prof'])
  fs.mkdirSync(dir, { recursive: true })
  const before = new Set(fs.readdirSync(dir))
  log(`bench: profiling the parser (every test kept; untimed) into ${dir}`)
  const r = await measure(flags.node, [
    '--cpu-prof',
    '--cpu-prof-dir',
    dir,
    child,
    parser,
    file,
    'all'
  ])
  const made = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f))
  if (r.status !== 0 || made.length === 0) problems.push('the profiled run wrote no .cpuprofile')
  else profile = { file: path.join(dir, made[0]), summary: profileSummary(path.join(dir, made[0])) }
}

// --- report -----------------------------------------------------------------------------------

const summary = (list) =>
  list.length === 0
    ? undefined
    : {
        ms: median(list.map((r) => r.ms)),
        rssKiB: list.some((r) => r.rssKiB === undefined)
          ? undefined
          : median(list.map((r) => r.rssKiB))
      }
const results = Object.fromEntries(
  Object.entries(samples).map(([name, list]) => [name, summary(list)])
)
const mbps = (r) => bytes / MB / (r.ms / 1000)
const rssMB = (r) => (r.rssKiB * 1024) / MB
const mark = (ok) => (ok ? '✓' : '✗')
const others = ['gotestsum', 'tparse'].filter((name) => results[name])

const rows = []
const row = (label, r, { ratios = true } = {}) => {
  if (!r) return
  rows.push([
    label,
    (r.ms / 1000).toFixed(2),
    mbps(r).toFixed(1),
    r.rssKiB === undefined ? 'not measured' : rssMB(r).toFixed(1),
    ...others.map((name) => (ratios ? `${(mbps(r) / mbps(results[name])).toFixed(2)}×` : ''))
  ])
}
row('cat > /dev/null (I/O floor)', results.cat, { ratios: false })
for (const [mode, { label }] of Object.entries(MODES)) row(label, results[mode])
for (const name of others) {
  const how = name === 'gotestsum' ? '--format standard-quiet --raw-command -- cat' : '-file'
  row(`${name} ${tools[name].version} (${how})`, results[name])
}
const header = [
  'tool',
  'seconds',
  'MB/s',
  'peak RSS MB',
  ...others.map((name) => `MB/s ÷ ${name}'s`)
]
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`

console.log(
  `\ngo-ci-gate test2json parser benchmark: ${(bytes / MB).toFixed(1)} MB stream, node ${nodeVersion}, ${goVersion}, ` +
    `${os.availableParallelism()} CPUs, median of ${runs} run(s); MB = 10^6 bytes\n`
)
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'))
console.log('')
if (meta) {
  console.log(
    `stream: ${meta.packages} packages (${meta.packagesFailed} failed, ${meta.packagesBuildFailed} build failures, ` +
      `${meta.packagesNoTests} without tests), ${meta.tests} tests (${meta.passed} passed, ${meta.failed} failed, ` +
      `${meta.skipped} skipped; ${meta.races} data races), ${meta.events} events, seed ${meta.seed}`
  )
}
for (const [mode, { short }] of Object.entries(MODES)) {
  const report = oursReports[mode]
  if (!report) continue
  const s = report.statuses
  console.log(
    `ours parsed (${short}): ${report.packages} packages (${report.packageStatuses.fail} failed), ${report.tests} tests ` +
      `(${s.pass} passed, ${s.fail} failed, ${s.skip} skipped, ${s.unfinished} unfinished; ` +
      `${report.keptTests} kept, ${report.droppedTests} only counted), ${report.builds} build(s), ` +
      `${report.items} events, ${report.nonJson} non-JSON lines; ` +
      `parse alone ${(report.parseMs / 1000).toFixed(2)} s = ${(bytes / MB / (report.parseMs / 1000)).toFixed(1)} MB/s, ` +
      `maxRSS in the child ${((report.maxRssKiB * 1024) / MB).toFixed(1)} MB`
  )
  const h = report.heap
  console.log(
    `  V8 heap at the end: new space ${(h.newSpaceSize / MB).toFixed(1)} MB committed, ` +
      `old space ${(h.oldSpaceUsed / MB).toFixed(1)} MB used of ${(h.oldSpaceSize / MB).toFixed(1)} MB` +
      // Per test only where every test is kept: streaming keeps next to none.
      (mode === 'all' && report.tests > 0
        ? ` (${(h.oldSpaceUsed / report.tests) | 0} bytes per test)`
        : '')
  )
  if (
    meta &&
    (report.tests !== meta.tests ||
      s.pass !== meta.passed ||
      s.fail !== meta.failed ||
      s.skip !== meta.skipped ||
      report.packages !== meta.packages)
  ) {
    console.log('  ✗ these counts differ from what the generator wrote')
  }
}
if (gotestsumDone) console.log(`gotestsum: ${gotestsumDone}`)
console.log('')
for (const [mode, { short }] of Object.entries(MODES)) {
  const r = results[mode]
  if (results.gotestsum && r) {
    const x = mbps(r) / mbps(results.gotestsum)
    console.log(
      `target (${short}): throughput ≥ gotestsum's: ${x.toFixed(2)}× ${mark(x >= TARGETS.throughputOverGotestsum)}`
    )
  } else {
    console.log(`target (${short}): throughput ≥ gotestsum's: not measured`)
  }
  if (r?.rssKiB !== undefined) {
    console.log(
      `target (${short}): peak RSS ≤ ${TARGETS.peakRssMB} MB: ${rssMB(r).toFixed(1)} MB ${mark(rssMB(r) <= TARGETS.peakRssMB)}`
    )
  } else {
    console.log(`target (${short}): peak RSS ≤ ${TARGETS.peakRssMB} MB: not measured`)
  }
}
if (profile) {
  console.log(
    `\nparser CPU profile, every test kept (${profile.file}), self time:\n${profile.summary}`
  )
}

if (flags.json) {
  const rawSamples = Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      list.map(({ ms, rssKiB, status, signal, selfRssKiB, parseMs }) => ({
        ms,
        rssKiB,
        status,
        signal,
        selfRssKiB,
        parseMs
      }))
    ])
  )
  // samples and results: cat, all (every test kept), streaming, gotestsum, tparse;
  // ours: the child's report per mode.
  fs.writeFileSync(
    flags.json,
    `${JSON.stringify(
      {
        nodeVersion,
        goVersion,
        bytes,
        runs,
        meta,
        modes: Object.fromEntries(Object.entries(MODES).map(([m, { label }]) => [m, label])),
        ours: oursReports,
        tools,
        samples: rawSamples,
        results
      },
      null,
      2
    )}\n`
  )
  log(`bench: raw numbers in ${flags.json}`)
}
if (generated && !flags.file && !flags.keep) fs.rmSync(generated, { force: true })
else if (generated) log(`bench: kept ${generated}`)
if (problems.length > 0) {
  console.log(`\ncould not run or measure:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  process.exit(1)
}
