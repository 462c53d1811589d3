#!/usr/bin/env node
// Fuzzing (not a test; `npm test` never runs it): feeds every parser of go's output, and the
// config parser, generated inputs (real recorded go output mutated, and made-up output from small
// grammars) and checks that none throws, none returns much more than it was given, and none takes
// much longer than the input's size warrants. See bench/README.md ("The parsers under fuzzing").
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import ts from 'typescript'
import { benchDir, fail, knownNames, log, repoRoot } from './common.mjs'
import { emptyStats, merge } from './fuzz-stats.mjs'
import { PARSERS } from './fuzz-targets.mjs'

/** Output may be at most this many times the input, plus a constant: more is a violation. */
const OUTPUT_FACTOR = 4
const OUTPUT_CONSTANT = 4096
/**
 * Time an input may take: a constant plus a time per character (0.5 ms per KiB, 2 MB/s). The
 * bound is for super-linear blowups (seconds to hours on the big inputs), not for linear costs:
 * the constant covers work a parser caps by design (diffLines' 4M-cell table takes 50-150 ms
 * here), the rate the slowest linear input (every line a `{` that is not JSON, an exception each
 * in JSON.parse: about 4.5 MB/s) on a loaded machine.
 */
const TIME_BASE_MS = 250
const TIME_PER_CHAR_MS = 1 / 2048
const TIME_RATE = '0.5 ms per KiB'

const USAGE = `usage: node bench/fuzz.mjs [--seed N] [--count N] [--parsers LIST] [--json FILE]
       node bench/fuzz.mjs --replay FILE

  --seed N         seed of the generators (default 1): the same seed, the same inputs
  --count N        inputs per parser (default 100000)
  --parsers LIST   which parsers, comma-separated (default: all of them):
                   ${PARSERS.join(', ')}
  --json FILE      also write every parser's figures and failures as JSON
  --replay FILE    run the parser a reproducer file (.bench/fuzz/*.json) names on its input,
                   and print what happens
  -h, --help       this text

A failure is a throw, an output over ${OUTPUT_FACTOR}× the input + ${OUTPUT_CONSTANT} (output size: every value
counts 1, every distinct string its length), an input slower than ${TIME_BASE_MS} ms + ${TIME_RATE} on
its best of 3 tries (one still running after 10 s is stopped), or what a parser's own check finds
(see bench/README.md). Each failure is shrunk and saved under .bench/fuzz/. The exit status is 1
when any input failed, 2 when a generator failed (those inputs were not run).`

const { values: flags } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '100000' },
    parsers: { type: 'string' },
    json: { type: 'string' },
    replay: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}
const seed = Number(flags.seed)
if (!Number.isInteger(seed)) fail(`--seed: "${flags.seed}" is not an integer`)
const count = Number(flags.count)
if (!Number.isInteger(count) || count < 1)
  fail(`--count: "${flags.count}" is not a positive integer`)

const outDir = path.join(benchDir, 'fuzz')
fs.mkdirSync(outDir, { recursive: true })

/**
 * src/ as ES modules under .bench/fuzz/src: each file transpiled alone (the imports already name
 * .js files), so node resolves zod, semver and shlex from the repository's node_modules.
 */
function transpileSources() {
  const from = path.join(repoRoot, 'src')
  const to = path.join(outDir, 'src')
  fs.rmSync(to, { recursive: true, force: true })
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.name.endsWith('.ts')) {
        const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
          fileName: file
        })
        const target = path.join(to, path.relative(from, file)).replace(/\.ts$/, '.js')
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.writeFileSync(target, out.outputText)
      }
    }
  }
  walk(from)
  return to
}

const srcDir = transpileSources()
const bounds = { OUTPUT_FACTOR, OUTPUT_CONSTANT, TIME_BASE_MS, TIME_PER_CHAR_MS }
const workerFile = new URL('./fuzz-worker.mjs', import.meta.url)
const workerData = (parser, more) => ({
  srcDir,
  scratch: outDir,
  repoRoot,
  parser,
  bounds,
  ...more
})

/** A worker that answers one input at a time, restarted when an input does not come back. */
class Server {
  constructor(parser) {
    this.parser = parser
  }

  async start() {
    this.worker = new Worker(workerFile, { workerData: workerData(this.parser, { mode: 'serve' }) })
    await new Promise((resolve, reject) => {
      this.worker.once('message', resolve)
      this.worker.once('error', reject)
    })
  }

  /** Input `index` of the seed, as the range workers made it, and its size. */
  async make(seed, index) {
    return this.ask({ make: { seed, index } }, HANG_MS)
  }

  /** The outcome of one input; a time failure when it takes longer than `limitMs`. */
  async attempt(input, limitMs) {
    return this.ask({ input }, limitMs)
  }

  async ask(message, limitMs) {
    if (this.worker === undefined) await this.start()
    const worker = this.worker
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        worker.removeAllListeners('message')
        void worker.terminate()
        this.worker = undefined
        resolve({
          failure: {
            kind: 'time',
            key: 'time',
            detail: `still running after ${limitMs} ms (stopped)`
          }
        })
      }, limitMs)
      worker.once('message', (outcome) => {
        clearTimeout(timer)
        resolve(outcome)
      })
      worker.postMessage(message)
    })
  }

  async stop() {
    await this.worker?.terminate()
  }
}

// ---------------------------------------------------------------------------------------------
// Shrinking: the smallest input that still fails the same way.

/** The string fields of an input (the input itself when it is a string), to shrink one by one. */
function stringFields(input) {
  if (typeof input === 'string') return [null]
  return Object.keys(input).filter((k) => typeof input[k] === 'string')
}

const withField = (input, key, text) => (key === null ? text : { ...input, [key]: text })
const fieldOf = (input, key) => (key === null ? input : input[key])

/**
 * Delta debugging over the lines, then the characters, of each string field: drops pieces while
 * `fails` still holds, within `budget` evaluations.
 */
async function shrink(input, fails, budget, dropKeys) {
  let current = input
  let left = budget
  const still = async (candidate) => left-- > 0 && (await fails(candidate))
  for (const key of stringFields(current)) {
    for (const unit of ['\n', '']) {
      let parts = unit === '\n' ? fieldOf(current, key).split('\n') : [...fieldOf(current, key)]
      if (unit === '' && parts.length > 4000) continue
      let chunks = 2
      while (parts.length >= 2 && left > 0) {
        const size = Math.ceil(parts.length / chunks)
        let removed = false
        for (let start = 0; start < parts.length && left > 0; start += size) {
          const rest = [...parts.slice(0, start), ...parts.slice(start + size)]
          const candidate = withField(current, key, rest.join(unit))
          if (await still(candidate)) {
            parts = rest
            current = candidate
            removed = true
            break
          }
        }
        if (removed) chunks = Math.max(chunks - 1, 2)
        else if (size === 1) break
        else chunks = Math.min(chunks * 2, parts.length)
      }
    }
  }
  // Config inputs: drop whole inputs too.
  if (dropKeys) {
    for (const key of Object.keys(current)) {
      const rest = { ...current }
      delete rest[key]
      if (Object.keys(rest).length > 0 && (await still(rest))) current = rest
    }
  }
  return current
}

/** How long one input may run in a worker before it counts as hanging. */
const HANG_MS = 10_000

// ---------------------------------------------------------------------------------------------

if (flags.replay !== undefined) {
  const saved = JSON.parse(fs.readFileSync(flags.replay, 'utf8'))
  if (!PARSERS.includes(saved.parser))
    fail(`--replay: ${flags.replay} names no known parser ("${saved.parser}")`)
  const server = new Server(saved.parser)
  const outcome = await server.attempt(saved.input, HANG_MS)
  await server.stop()
  console.log(
    JSON.stringify(
      {
        parser: saved.parser,
        size: outcome.size,
        ms: outcome.ms && Math.round(outcome.ms),
        out: outcome.out,
        failure: outcome.failure ?? null
      },
      null,
      2
    )
  )
  process.exit(outcome.failure === undefined ? 0 : 1)
}

const names =
  flags.parsers === undefined
    ? PARSERS
    : knownNames(
        'parsers',
        flags.parsers,
        Object.fromEntries(PARSERS.map((p) => [p, true])),
        'parser'
      )

/**
 * Every input of one parser, in workers: a watchdog stops a worker whose input has run for
 * HANG_MS, counts that input as a time failure, and starts a new worker after the last
 * checkpoint, skipping it.
 */
async function fuzzParser(name) {
  const stats = emptyStats()
  const firsts = new Map()
  const skip = new Set()
  const progress = new SharedArrayBuffer(8)
  const at = new Int32Array(progress)
  let from = 0
  let generatorErrors = 0
  let lastLog = performance.now()
  while (from < count) {
    Atomics.store(at, 0, from)
    Atomics.store(at, 1, 0)
    const worker = new Worker(workerFile, {
      workerData: workerData(name, {
        mode: 'range',
        seed,
        from,
        count,
        progress,
        skip: [...skip],
        seen: [...firsts.keys()]
      })
    })
    const ended = await new Promise((resolve, reject) => {
      let watched = Atomics.load(at, 0)
      let since = performance.now()
      const watchdog = setInterval(() => {
        const now = Atomics.load(at, 0)
        const parsing = Atomics.load(at, 1) === 1
        if (now !== watched || !parsing) {
          watched = now
          since = performance.now()
        } else if (performance.now() - since > HANG_MS) {
          clearInterval(watchdog)
          void worker.terminate()
          resolve({ hung: now })
        }
      }, 100)
      worker.on('message', (message) => {
        if (message.type === 'generator') {
          log(`${name}: the generator failed on input ${message.index} (skipped): ${message.error}`)
          generatorErrors++
        } else if (message.type === 'failure') {
          firsts.set(message.id, message)
        } else if (message.type === 'checkpoint') {
          merge(stats, message.stats)
          from = message.next
          if (performance.now() - lastLog > 10_000) {
            log(`${name}: ${from}/${count}`)
            lastLog = performance.now()
          }
        } else if (message.type === 'done') {
          clearInterval(watchdog)
          resolve({})
        }
      })
      worker.on('error', (error) => {
        clearInterval(watchdog)
        reject(error)
      })
    })
    await worker.terminate()
    if (ended.hung !== undefined) {
      const index = ended.hung
      skip.add(index)
      const maker = new Server(name)
      const { input, size } = await maker.make(seed, index)
      await maker.stop()
      const failure = {
        kind: 'time',
        key: 'time',
        detail: `still running after ${HANG_MS} ms (stopped)`
      }
      merge(stats, {
        ...emptyStats(),
        inputs: 1,
        inputChars: size,
        largestInput: size,
        time: 1,
        slowestMs: HANG_MS,
        slowestSize: size
      })
      if (!firsts.has('time time')) firsts.set('time time', { index, input, failure })
      log(`${name}: input ${index} still running after ${HANG_MS} ms: stopped, going on after it`)
    }
  }
  stats.generatorErrors = generatorErrors
  return { stats, firsts }
}

const rows = []
const reproducers = []
for (const name of names) {
  const began = performance.now()
  const { stats, firsts } = await fuzzParser(name)
  stats.parser = name
  stats.seconds = (performance.now() - began) / 1000
  const server = new Server(name)
  for (const { index, input, failure } of firsts.values()) {
    const limit = failure.kind === 'time' ? 3 * HANG_MS : HANG_MS
    const sameFailure = async (candidate) => {
      const again = (await server.attempt(candidate, limit)).failure
      return again !== undefined && again.kind === failure.kind && again.key === failure.key
    }
    const minimal = await shrink(
      input,
      sameFailure,
      failure.kind === 'time' ? 30 : 3000,
      name === 'config'
    )
    const detail = (await server.attempt(minimal, limit)).failure?.detail ?? failure.detail
    const file = path.join(
      outDir,
      `${name}-${failure.kind}-${reproducers.filter((x) => x.parser === name).length + 1}.json`
    )
    fs.writeFileSync(
      file,
      `${JSON.stringify({ parser: name, seed, index, kind: failure.kind, detail, input: minimal }, null, 2)}\n`
    )
    reproducers.push({
      parser: name,
      kind: failure.kind,
      index,
      detail,
      file: path.relative(repoRoot, file),
      input: minimal
    })
  }
  await server.stop()
  rows.push(stats)
  log(
    `${name}: ${stats.inputs} inputs in ${stats.seconds.toFixed(1)} s, ${firsts.size} kind(s) of failure`
  )
}

// ---------------------------------------------------------------------------------------------

const number = (n) => n.toLocaleString('en-US')
/** Characters in Ki (1024) or Mi (1024²), whole numbers from 10 on. */
function kib(chars) {
  const [value, unit] =
    chars >= 10 * 1024 ** 2 ? [chars / 1024 ** 2, 'Mi'] : chars >= 1024 ? [chars / 1024, 'Ki'] : []
  return unit === undefined ? `${chars}` : `${value.toFixed(value >= 10 ? 0 : 1)} ${unit}`
}
const header = [
  'parser',
  'inputs',
  'input chars: all (largest)',
  'throws',
  'bound violations (output/time/check)',
  'max out/in',
  'largest output (its input)',
  'slowest input ms (its size)',
  'seconds'
]
const table = rows.map((s) => [
  s.parser,
  number(s.inputs),
  `${kib(s.inputChars)} (${kib(s.largestInput)})`,
  number(s.throws),
  `${number(s.output + s.time + s.check)} (${s.output}/${s.time}/${s.check})`,
  `${s.maxRatio.toFixed(2)}×`,
  `${kib(s.largestOut)} (${kib(s.largestOutSize)})`,
  `${s.slowestMs >= HANG_MS ? `> ${HANG_MS}` : s.slowestMs.toFixed(1)} (${kib(s.slowestSize)})`,
  s.seconds.toFixed(1)
])
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)))
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
console.log(
  `seed ${seed}, ${number(count)} inputs per parser; sizes in characters (Ki = 1024, Mi = 1024²)`
)
console.log('')
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line)].join('\n'))
console.log('')
const failures = rows.reduce((sum, s) => sum + s.throws + s.output + s.time + s.check, 0)
if (failures === 0) {
  console.log(
    `no throws, no bound violations: output ≤ ${OUTPUT_FACTOR}× input + ${OUTPUT_CONSTANT}, time ≤ ${TIME_BASE_MS} ms + ${TIME_RATE}`
  )
} else {
  console.log(`${number(failures)} failing inputs; one shrunk reproducer per kind of failure:`)
  for (const r of reproducers) {
    const text = JSON.stringify(r.input)
    console.log('')
    console.log(`${r.parser} (input ${r.index}), ${r.kind}: ${r.detail}`)
    console.log(
      `  input (${text.length} chars as JSON): ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`
    )
    console.log(`  saved: ${r.file}  (replay: node bench/fuzz.mjs --replay ${r.file})`)
  }
}

const skipped = rows.reduce((sum, s) => sum + s.generatorErrors, 0)
if (skipped > 0) {
  console.log('')
  console.log(
    `the generators failed on ${number(skipped)} inputs, which were skipped: see the log above`
  )
}

if (flags.json !== undefined) {
  fs.writeFileSync(
    flags.json,
    `${JSON.stringify({ seed, count, bounds, hangMs: HANG_MS, parsers: rows, failures: reproducers }, null, 2)}\n`
  )
}
process.exit(failures > 0 ? 1 : skipped > 0 ? 2 : 0)
