// The worker thread of bench/fuzz.mjs: it loads the transpiled parsers and runs inputs through
// them, so a parser that never returns can be stopped from the main thread (a worker can be
// terminated mid-computation; the main thread cannot). Two modes (workerData.mode):
//   range  inputs `from` to `count` of one parser: writes the index it is at into shared memory
//          (the main thread's watchdog reads it), posts each new kind of failure, and posts its
//          figures every so often (checkpoints) and at the end;
//   serve  answers { input } messages with the outcome of that one input (for shrinking and
//          --replay).
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { parentPort, workerData } from 'node:worker_threads'
import { Rng } from './fuzz-gen.mjs'
import { count, emptyStats } from './fuzz-stats.mjs'
import { loadCorpus, makeTargets } from './fuzz-targets.mjs'

const { srcDir, scratch, repoRoot, parser, bounds } = workerData
const load = (rel) => import(pathToFileURL(`${srcDir}/${rel}`).href)
const modules = {
  testjson: await load('go/testjson.js'),
  diagnostics: await load('go/diagnostics.js'),
  gomod: await load('go/gomod.js'),
  tidydiff: await load('go/tidydiff.js'),
  vendorconsistency: await load('go/vendorconsistency.js'),
  vendortree: await load('go/vendortree.js'),
  gosum: await load('go/gosum.js'),
  downloaderrors: await load('go/downloaderrors.js'),
  verifyoutput: await load('go/verifyoutput.js'),
  testfuncs: await load('go/testfuncs.js'),
  testresults: await load('checks/testresults.js'),
  config: await load('config.js')
}
const target = makeTargets(modules, loadCorpus(repoRoot, modules.testjson), scratch).find(
  (t) => t.name === parser
)

const outputBound = (size) => bounds.OUTPUT_FACTOR * size + bounds.OUTPUT_CONSTANT
const timeBound = (size) => bounds.TIME_BASE_MS + size * bounds.TIME_PER_CHAR_MS

/**
 * Size of a parser's result: every value counts 1, every distinct string its length once (the
 * parsers share strings: a string kept in several places costs one copy). Maps, sets and class
 * instances are walked like objects; nothing is walked twice.
 */
function outputSize(value) {
  const objects = new Set()
  const strings = new Set()
  let size = 0
  const stack = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    size++
    if (typeof v === 'string') {
      if (!strings.has(v)) {
        strings.add(v)
        size += v.length
      }
      continue
    }
    if (v === null || typeof v !== 'object' || objects.has(v)) continue
    objects.add(v)
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x)
    else if (v instanceof Set) for (const x of v) stack.push(x)
    else if (ArrayBuffer.isView(v)) size += v.byteLength
    else for (const k of Object.keys(v)) stack.push(v[k])
  }
  return size
}

function describeError(error) {
  if (!(error instanceof Error)) return `threw ${String(error)}`
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((l) => l.trim().startsWith('at '))
    .slice(0, 4)
  return [
    `${error.name}: ${error.message.slice(0, 300)}`,
    ...frames.map((f) => f.replace(srcDir, 'src'))
  ].join('\n')
}

/** Two throws are the same when the error's type and where it was thrown are. */
function errorKey(error) {
  if (!(error instanceof Error)) return `threw ${typeof error}`
  const at = (error.stack ?? '').split('\n').find((l) => l.trim().startsWith('at ')) ?? ''
  return `${error.name} ${at.trim().replace(srcDir, 'src')}`
}

/** One input through the parser: its size, time, output size, and the failure if any. */
function attempt(input) {
  const size = target.size(input)
  const start = performance.now()
  let result
  try {
    result = target.run(input)
  } catch (error) {
    const ms = performance.now() - start
    return {
      size,
      ms,
      failure: { kind: 'throw', detail: describeError(error), key: errorKey(error) }
    }
  }
  const ms = performance.now() - start
  const out = outputSize(result.value)
  if (result.problem !== undefined) {
    const key = result.problem.split(':')[0].replace(/\d+/g, 'N')
    return { size, ms, out, failure: { kind: 'check', detail: result.problem, key } }
  }
  if (out > outputBound(size)) {
    const detail = `output ${out} > ${bounds.OUTPUT_FACTOR} × ${size} + ${bounds.OUTPUT_CONSTANT}`
    return { size, ms, out, failure: { kind: 'output', detail, key: 'output' } }
  }
  if (ms > timeBound(size)) {
    // A pause of the machine is not the parser's: slow three times over, it is.
    let best = ms
    for (let k = 0; k < 2 && best > timeBound(size); k++) {
      const again = performance.now()
      target.run(input)
      best = Math.min(best, performance.now() - again)
    }
    if (best > timeBound(size)) {
      const detail = `${best.toFixed(0)} ms > ${timeBound(size).toFixed(0)} ms for ${size} characters`
      return { size, ms: best, out, failure: { kind: 'time', detail, key: 'time' } }
    }
  }
  return { size, ms, out }
}

if (workerData.mode === 'range') {
  const { seed, from, count: total, progress, skip, seen } = workerData
  const skipped = new Set(skip)
  const known = new Set(seen)
  // [input index, 1 while the parser runs]: the watchdog times the parser, not the generator.
  const at = new Int32Array(progress)
  let stats = emptyStats()
  let lastPost = performance.now()
  let sinceCheckpoint = 0
  for (let i = from; i < total; i++) {
    Atomics.store(at, 0, i)
    if (skipped.has(i)) continue
    let input
    try {
      input = target.make(new Rng(`${seed}/${parser}/${i}`))
    } catch (error) {
      // The generator's own fault: said, and the input skipped (not counted).
      parentPort.postMessage({ type: 'generator', index: i, error: String(error) })
      continue
    }
    Atomics.store(at, 1, 1)
    const outcome = attempt(input)
    Atomics.store(at, 1, 0)
    count(stats, outcome)
    sinceCheckpoint++
    if (outcome.failure !== undefined) {
      const id = `${outcome.failure.kind} ${outcome.failure.key}`
      if (!known.has(id)) {
        known.add(id)
        parentPort.postMessage({ type: 'failure', id, index: i, input, failure: outcome.failure })
      }
    }
    if (sinceCheckpoint >= 500 || performance.now() - lastPost > 2000) {
      parentPort.postMessage({ type: 'checkpoint', next: i + 1, stats })
      stats = emptyStats()
      sinceCheckpoint = 0
      lastPost = performance.now()
    }
  }
  parentPort.postMessage({ type: 'checkpoint', next: total, stats })
  parentPort.postMessage({ type: 'done' })
} else {
  parentPort.on('message', ({ input, make }) => {
    if (make === undefined) {
      parentPort.postMessage(attempt(input))
    } else {
      const made = target.make(new Rng(`${make.seed}/${parser}/${make.index}`))
      parentPort.postMessage({ input: made, size: target.size(made) })
    }
  })
  parentPort.postMessage({ type: 'ready' })
}
