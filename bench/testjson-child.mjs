// Run by bench/testjson.mjs in a node process of its own, so the peak RSS is the parser's:
//   node bench/testjson-child.mjs <transpiled testjson module> <stream file> all|streaming
// Reads the file in 64 KiB chunks through TestEventReader into TestRun, finishes the run, and
// prints one JSON line: bytes, parse time, peak RSS (KiB) and what it found.
//   all        new TestRun(): a result for every test, as the tests check keeps them today
//   streaming  new TestRun({ keepPassedTests: false }): tests that passed or were skipped are
//              only counted (pkg.dropped); they are counted here too, so the totals are the same
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import v8 from 'node:v8'

// all: the options src/checks/tests.ts passes (none).
const MODES = { all: {}, streaming: { keepPassedTests: false } }

const [modulePath, file, mode] = process.argv.slice(2)
if (!modulePath || !file || !Object.hasOwn(MODES, mode ?? '')) {
  console.error('usage: node bench/testjson-child.mjs <testjson.mjs> <stream file> all|streaming')
  process.exit(2)
}
const { TestEventReader, TestRun, isNonJson } = await import(pathToFileURL(modulePath).href)

const started = performance.now()
const reader = new TestEventReader()
const run = new TestRun(MODES[mode])
let bytes = 0
let items = 0
let nonJson = 0
const take = (batch) => {
  items += batch.length
  for (const item of batch) {
    if (isNonJson(item)) nonJson++
    run.add(item)
  }
}
for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 })) {
  bytes += chunk.length
  take(reader.push(chunk))
}
take(reader.end())
run.finish()
const parseMs = performance.now() - started

// Every test, kept or only counted: the same totals in both modes.
let keptTests = 0
let droppedTests = 0
const statuses = { pass: 0, fail: 0, skip: 0, unfinished: 0, running: 0 }
const packageStatuses = { pass: 0, fail: 0, skip: 0, unfinished: 0, running: 0 }
for (const pkg of run.packages.values()) {
  packageStatuses[pkg.status]++
  for (const test of pkg.tests.values()) {
    keptTests++
    statuses[test.status]++
  }
  statuses.pass += pkg.dropped.pass
  statuses.skip += pkg.dropped.skip
  droppedTests += pkg.dropped.pass + pkg.dropped.skip
}
const tests = keptTests + droppedTests
const failedTests = run.failedTests()
const keptOutputLines = failedTests.reduce((n, t) => n + (t.output?.lines().length ?? 0), 0)

// Where the memory is at the end (no forced GC): V8 sizes the young generation by itself, the
// old generation holds what the run kept.
const space = (name) => v8.getHeapSpaceStatistics().find((s) => s.space_name === name)
const heap = {
  newSpaceSize: space('new_space')?.space_size ?? 0,
  oldSpaceSize: space('old_space')?.space_size ?? 0,
  oldSpaceUsed: space('old_space')?.space_used_size ?? 0,
  heapUsed: process.memoryUsage().heapUsed
}

console.log(
  JSON.stringify({
    mode,
    bytes,
    parseMs,
    maxRssKiB: process.resourceUsage().maxRSS,
    items,
    nonJson,
    packages: run.packages.size,
    packageStatuses,
    builds: run.builds.size,
    tests,
    keptTests,
    droppedTests,
    statuses,
    failedTests: failedTests.length,
    keptOutputLines,
    heap
  })
)
