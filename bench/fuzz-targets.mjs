// The parsers bench/fuzz.mjs feeds, each with where its real inputs come from (recorded go
// output and the fixtures' files), how it makes one input, and how it calls the parser. A target's
// `run` returns `{ value, problem }`: `value` is what the parser made (measured against the input),
// `problem` what the target's own oracle found wrong (chunkings that disagree, values of the wrong
// type, a config error that is not one line), else undefined.
import fs from 'node:fs'
import path from 'node:path'
import {
  ODD_NUMBERS,
  Rng,
  compilerLines,
  failureLines,
  goVersion,
  hash,
  longLine,
  modulePath,
  mutate,
  mutateJson,
  mutateText,
  oddValue,
  panicReport,
  raceReport,
  testName,
  timeoutReport,
  toJson,
  version
} from './fuzz-gen.mjs'

/** The parsers, in the order of the table (makeTargets makes one target per name). */
export const PARSERS = [
  'test2json',
  'judge',
  'compiler-errors',
  'races',
  'panics',
  'timeouts',
  'failure-locations',
  'mod-json',
  'work-json',
  'directives',
  'tidy-diff',
  'vendor-consistency',
  'modules-txt',
  'go-sum',
  'download',
  'verify',
  'config'
]

const read = (file) => fs.readFileSync(file, 'utf8')

/** Files under `dir` (recursively) whose base name passes `keep`, sorted. */
function filesUnder(dir, keep) {
  const found = []
  const walk = (d) => {
    for (const e of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (keep(e.name)) found.push(p)
    }
  }
  walk(dir)
  return found
}

/** The real inputs: recorded go output and the fixtures' files. */
export function loadCorpus(repoRoot, { TestRun, parseTestStream }) {
  const recorded = path.join(repoRoot, '__fixtures__', 'recorded')
  const fixtures = path.join(repoRoot, '__fixtures__', 'go')
  const t2j = path.join(recorded, 'test2json')
  const testIndex = JSON.parse(read(path.join(t2j, 'index.json')))
  const streams = Object.entries(testIndex.recordings).map(([name, info]) => ({
    name,
    info,
    text: read(path.join(t2j, `${name}.jsonl`)),
    stderr: read(path.join(t2j, `${name}.stderr`))
  }))
  // Every test's, package's and build's output, joined into lines as the checks see it.
  const outputs = []
  for (const s of streams) {
    const run = new TestRun({ keepPassedOutput: true }).addAll(parseTestStream(s.text)).finish()
    for (const pkg of run.packages.values()) {
      if (pkg.output) outputs.push(pkg.output.text)
      for (const t of pkg.tests.values()) if (t.output) outputs.push(t.output.text)
    }
    for (const b of run.builds.values()) outputs.push(b.output.text)
    if (s.stderr.trim() !== '') outputs.push(s.stderr)
  }
  const recordedFiles = fs.readdirSync(recorded).sort()
  const fixtureFiles = (base) => filesUnder(fixtures, (n) => n === base).map(read)
  return {
    index: testIndex,
    streams,
    outputs: outputs.filter((o) => o.trim() !== ''),
    modEditJson: recordedFiles
      .filter((f) => /^mod-edit-.*\.json$/.test(f))
      .map((f) => read(path.join(recorded, f))),
    goStderr: recordedFiles
      .filter((f) => f.endsWith('.stderr'))
      .map((f) => read(path.join(recorded, f))),
    downloadJson: recordedFiles
      .filter((f) => /^download-.*\.json$/.test(f))
      .map((f) => read(path.join(recorded, f))),
    goMods: fixtureFiles('go.mod'),
    goWorks: fixtureFiles('go.work'),
    goSums: fixtureFiles('go.sum'),
    modulesTxts: fixtureFiles('modules.txt'),
    fixtures
  }
}

const lines = (text) => text.split('\n')

/** A text from the corpus or the grammar, then mutated. */
function textInput(r, corpus, grammar, options) {
  const base = corpus.length > 0 && r.chance(0.6) ? r.pick(corpus) : grammar(r)
  // One in ten inputs is left as it was made: the parser must get real output right, too.
  return r.chance(0.1) ? base : mutate(r, base, corpus, options)
}

/** A JSON document from the corpus or the grammar, its values changed, then maybe its text. */
function jsonInput(r, corpus, grammar) {
  let value
  const base = corpus.length > 0 && r.chance(0.5) ? r.pick(corpus) : JSON.stringify(grammar(r))
  try {
    value = JSON.parse(base)
  } catch {
    return mutate(r, base, corpus)
  }
  const big = r.chance(0.005)
  for (let n = r.range(0, 3); n > 0; n--) value = mutateJson(r, value, big)
  const text = toJson(value, r.chance(0.7) ? '\t' : undefined)
  return r.chance(0.7) ? text : mutate(r, text, corpus)
}

// ---------------------------------------------------------------------------------------------
// Grammars for the outputs that have no recording.

function goModJson(r) {
  const mv = () => ({ Path: modulePath(r), ...(r.chance(0.7) ? { Version: version(r) } : {}) })
  const list = (make) => (r.chance(0.3) ? null : Array.from({ length: r.range(0, 5) }, make))
  return {
    Module: { Path: modulePath(r), ...(r.chance(0.1) ? { Deprecated: 'use v2' } : {}) },
    ...(r.chance(0.9) ? { Go: goVersion(r) } : {}),
    ...(r.chance(0.3) ? { Toolchain: `go${goVersion(r)}` } : {}),
    Require: list(() => ({
      Path: modulePath(r),
      Version: version(r),
      ...(r.chance(0.3) ? { Indirect: true } : {})
    })),
    Exclude: list(mv),
    Replace: list(() => ({
      Old: mv(),
      New: r.chance(0.5) ? { Path: r.pick(['../fork', './local', '/abs']) } : mv()
    })),
    Retract: list(() => ({ Low: version(r), High: version(r), Rationale: 'broken' })),
    Tool: null,
    Ignore: null
  }
}

function goWorkJson(r) {
  const mv = () => ({ Path: modulePath(r), ...(r.chance(0.7) ? { Version: version(r) } : {}) })
  return {
    ...(r.chance(0.9) ? { Go: goVersion(r) } : {}),
    ...(r.chance(0.2) ? { Toolchain: `go${goVersion(r)}` } : {}),
    Use: r.chance(0.2)
      ? null
      : Array.from({ length: r.range(0, 4) }, () => ({
          DiskPath: r.pick(['./a', './b', '.', '../x', 'c d']),
          ...(r.chance(0.5) ? { ModPath: modulePath(r) } : {})
        })),
    Replace: r.chance(0.5)
      ? null
      : Array.from({ length: r.range(0, 3) }, () => ({ Old: mv(), New: mv() })),
    Godebug: null
  }
}

function goModText(r) {
  const out = [`module ${modulePath(r)}`, '', `go ${goVersion(r)}`]
  if (r.chance(0.3)) out.push(`toolchain go${goVersion(r)}`)
  const block = (verb, make) => {
    const n = r.range(0, 4)
    if (r.chance(0.5)) for (let i = 0; i < n; i++) out.push(`${verb} ${make()}`)
    else out.push(`${verb} (`, ...Array.from({ length: n }, () => `\t${make()}`), ')')
  }
  block('require', () => `${modulePath(r)} ${version(r)}${r.chance(0.3) ? ' // indirect' : ''}`)
  block(
    'replace',
    () =>
      `${modulePath(r)}${r.chance(0.5) ? ` ${version(r)}` : ''} => ${r.chance(0.5) ? '../fork' : `${modulePath(r)} ${version(r)}`}`
  )
  block('exclude', () => `${modulePath(r)} ${version(r)}`)
  if (r.chance(0.3)) out.push(`retract [${version(r)}, ${version(r)}] // broken`)
  if (r.chance(0.2)) out.push('use ./a', 'godebug default=go1.21')
  return out.join('\n') + '\n'
}

function goSumText(r) {
  const out = []
  for (let n = r.range(1, 8); n > 0; n--) {
    const m = modulePath(r)
    const v = version(r)
    if (r.chance(0.8)) out.push(`${m} ${v} ${hash(r)}`)
    out.push(`${m} ${v}/go.mod ${hash(r)}`)
  }
  return out.join('\n') + '\n'
}

function modulesTxtText(r) {
  const out = r.chance(0.2) ? ['## workspace'] : []
  for (let n = r.range(1, 5); n > 0; n--) {
    const m = modulePath(r)
    const replaced = r.chance(0.2)
      ? ` => ${r.chance(0.5) ? '../fork' : `${modulePath(r)} ${version(r)}`}`
      : ''
    out.push(r.chance(0.1) ? `# ${m}${replaced || ' => ../x'}` : `# ${m} ${version(r)}${replaced}`)
    if (r.chance(0.8)) out.push(`## ${r.pick(['explicit', 'explicit; go 1.22', 'go 1.21', ''])}`)
    for (let k = r.range(0, 3); k > 0; k--)
      out.push(`${m}${r.chance(0.5) ? '' : `/${r.pick(['internal', 'sub', 'v2'])}`}`)
  }
  return out.join('\n') + '\n'
}

/** A unified diff of one of the fixtures' go.mod or go.sum against an edited copy, as go prints it. */
function tidyDiffText(r, corpus) {
  const out = []
  for (let files = r.range(1, 2); files > 0; files--) {
    const file = r.pick(['go.mod', 'go.sum'])
    const source = lines((file === 'go.mod' ? r.pick(corpus.goMods) : r.pick(corpus.goSums)) ?? '')
    out.push(`diff current/${file} tidy/${file}`, `--- current/${file}`, `+++ tidy/${file}`)
    let at = r.int(Math.max(source.length, 1))
    for (let hunks = r.range(1, 3); hunks > 0 && at <= source.length; hunks--) {
      const context = source.slice(Math.max(0, at - 3), at)
      const removed = source.slice(at, at + r.range(0, 3))
      const added = Array.from({ length: r.range(removed.length === 0 ? 1 : 0, 3) }, () =>
        file === 'go.mod'
          ? `\t${modulePath(r)} ${version(r)}`
          : `${modulePath(r)} ${version(r)} ${hash(r)}`
      )
      const after = source.slice(at + removed.length, at + removed.length + 3)
      const oldCount = context.length + removed.length + after.length
      const newCount = context.length + added.length + after.length
      const start = at - context.length + 1
      out.push(
        `@@ -${oldCount === 0 ? 0 : start},${oldCount} +${newCount === 0 ? 0 : start},${newCount} @@`
      )
      out.push(
        ...context.map((l) => ` ${l}`),
        ...removed.map((l) => `-${l}`),
        ...added.map((l) => `+${l}`),
        ...after.map((l) => ` ${l}`)
      )
      if (r.chance(0.1)) out.push('\\ No newline at end of file')
      at += removed.length + after.length + r.range(4, 20)
    }
  }
  return out.join('\n') + '\n'
}

function vendorConsistencyText(r) {
  const mv = () => `${modulePath(r)}${r.chance(0.8) ? `@${version(r)}` : ''}`
  const details = [
    () =>
      `${mv()}: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt`,
    () => `${mv()}: is explicitly required in go.mod, but vendor/modules.txt indicates ${mv()}`,
    () =>
      `${mv()}: is replaced in ${r.pick(['go.mod', 'b/go.mod', 'go.work'])}, but not marked as replaced in vendor/modules.txt`,
    () =>
      `${mv()}: is replaced by ${mv()} in go.mod, but marked as replaced by ${mv()} in vendor/modules.txt`,
    () =>
      `${mv()}: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod`,
    () =>
      `${mv()}: is marked as replaced in vendor/modules.txt, but not replaced in ${r.pick(['go.mod', 'the workspace'])}`,
    () => `${mv()}: something go may say one day`
  ]
  const out = []
  if (r.chance(0.2))
    out.push(
      `go: ${modulePath(r)} in vendor/modules.txt requires go >= ${goVersion(r)} (running go ${goVersion(r)}; GOTOOLCHAIN=local)`
    )
  if (r.chance(0.2))
    out.push(
      `go: ignoring package ${modulePath(r)} which exists in the vendor directory but is missing from vendor/modules.txt. To sync the vendor directory run go mod vendor.`
    )
  out.push(
    `go: inconsistent vendoring in ${r.pick(['/home/runner/work/m/m', 'C:\\work\\m', '/a b/c:d'])}:`
  )
  for (let n = r.range(1, 5); n > 0; n--) out.push(`\t${r.pick(details)()}`)
  out.push(
    '',
    '\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.',
    '\tTo sync the vendor directory, run:',
    `\t\tgo ${r.pick(['mod', 'work'])} vendor`
  )
  return out.join('\n') + '\n'
}

function verifyStderr(r) {
  const out = []
  for (let n = r.range(0, 5); n > 0; n--) {
    const head = `${modulePath(r)} ${version(r)}: `
    out.push(
      head +
        r.pick([
          `dir has been modified (/root/go/pkg/mod/${modulePath(r)}@${version(r)})`,
          `zip has been modified (/root/go/pkg/mod/cache/download/x/@v/${version(r)}.zip)`,
          `missing ziphash: open /root/go/pkg/mod/cache/download/x/@v/${version(r)}.ziphash: no such file or directory`,
          'zip: not a valid zip file',
          'missing ziphash'
        ])
    )
  }
  if (r.chance(0.3)) out.push(`go: downloading ${modulePath(r)} ${version(r)}`)
  if (r.chance(0.3))
    out.push(
      `go: ${r.pick(['go.mod', '/abs/go.mod', 'a/go.mod'])}:${r.range(1, 40)}:${r.range(1, 9)}: unknown directive: frobnicate`
    )
  if (r.chance(0.2)) out.push(`go: ${modulePath(r)}@${version(r)}: missing go.sum entry`)
  return out.join('\n') + '\n'
}

function downloadStderr(r) {
  const url = () =>
    `${r.pick(['http://127.0.0.1:36767', 'https://proxy.example.com/prefix', 'file:///tmp/proxy'])}/${modulePath(r)}/@v/${version(r)}.${r.pick(['zip', 'mod', 'info'])}`
  const out = []
  for (let n = r.range(1, 6); n > 0; n--) {
    out.push(
      r.pick([
        () => `# get ${url()}`,
        () => `# get ${url()}: 200 OK (0.001s)`,
        () =>
          `go: ${modulePath(r)}@${version(r)}: reading ${url()}: ${r.pick(['503 Service Unavailable', '404 Not Found', '410 Gone', 'dial tcp 127.0.0.1:1: connect: connection refused'])}`,
        () => `go: downloading ${modulePath(r)} ${version(r)}`,
        () =>
          `verifying ${modulePath(r)}@${version(r)}${r.pick(['', '/go.mod'])}: checksum mismatch\n\tdownloaded: ${hash(r)}\n\tgo.sum:     ${hash(r)}\n\nSECURITY ERROR\nThis download does NOT match.\n\nFor more information, see 'go help module-auth'.`,
        () =>
          `go: errors parsing go.mod:\n${r.pick(['go.mod', '/a/go.mod'])}:${r.range(1, 50)}: unknown directive: x`,
        () => `go: ${modulePath(r)}@${version(r)}: Get "${url()}": net/http: TLS handshake timeout`,
        () =>
          `go: ${modulePath(r)}@${version(r)}: reading ${url()}: 404 Not Found\n\tserver response: not found: module ${modulePath(r)}: ${r.pick(['no matching versions', 'repository does not exist', 'unknown revision v1'])}`
      ])()
    )
  }
  return out.join('\n') + '\n'
}

function downloadJson(r) {
  return Array.from({ length: r.range(0, 3) }, () =>
    JSON.stringify(
      {
        Path: modulePath(r),
        Version: version(r),
        ...(r.chance(0.3)
          ? { Error: `${modulePath(r)}@${version(r)}: reading x: 503 Service Unavailable` }
          : {}),
        ...(r.chance(0.5) ? { Sum: hash(r), GoModSum: hash(r), Zip: '/tmp/x.zip' } : {})
      },
      null,
      '\t'
    )
  ).join('\n')
}

/** Lines of a test's output as go prints them: failures, races, panics, timeouts, compiler errors. */
function testOutput(r) {
  const parts = [r.pick(['=== RUN   TestX', '-test.shuffle 1712', ''])]
  for (let n = r.range(1, 3); n > 0; n--) {
    parts.push(...r.pick([failureLines, raceReport, panicReport, timeoutReport, compilerLines])(r))
  }
  if (r.chance(0.5))
    parts.push(
      r.pick(['--- FAIL: TestX (0.00s)', 'FAIL', 'exit status 2', 'FAIL\texample.com/m\t0.01s'])
    )
  return parts.join('\n')
}

/**
 * A go test -json stream made up from events. One in fifty is big: thousands of tests, or a test
 * with thousands of attributes (what a per-test or per-failure cost shows on).
 */
function test2jsonStream(r) {
  const big = r.chance(0.02)
  const pkg = r.chance(0.9) ? modulePath(r) : r.pick(['', '__proto__', 'constructor'])
  const out = [{ Action: 'start', Package: pkg }]
  for (let n = big ? r.logRange(500, 8000) : r.range(0, 5); n > 0; n--) {
    const name = big ? `Test${r.pick(['A', 'B/sub', 'C/x/y'])}${n}` : testName(r)
    out.push({ Action: 'run', Package: pkg, Test: name })
    out.push({ Action: 'output', Package: pkg, Test: name, Output: `=== RUN   ${name}\n` })
    for (const line of r.chance(big ? 0.1 : 0.5) ? testOutput(r).split('\n') : []) {
      // test2json splits lines over 1 KiB; output without a newline is common too.
      out.push({
        Action: 'output',
        Package: pkg,
        Test: name,
        Output: r.chance(0.9) ? `${line}\n` : line
      })
    }
    const attrs = big && r.chance(0.01) ? r.logRange(100, 8000) : r.chance(0.2) ? r.range(1, 3) : 0
    for (let k = 0; k < attrs; k++) {
      out.push({
        Action: 'attr',
        Package: pkg,
        Test: name,
        Key: r.pick([`k${k}`, '__proto__', '']),
        Value: 'v'
      })
    }
    if (r.chance(0.85)) {
      const verdict = big
        ? r.pick(['pass', 'fail'])
        : r.pick(['pass', 'fail', 'skip', 'bench', 'pause', 'cont', 'future'])
      out.push({
        Action: 'output',
        Package: pkg,
        Test: name,
        Output: `--- ${verdict.toUpperCase()}: ${name} (0.00s)\n`
      })
      out.push({
        Action: verdict,
        Package: pkg,
        Test: name,
        Elapsed: r.chance(0.9) ? 0.01 : Number(r.pick(ODD_NUMBERS))
      })
    }
  }
  if (r.chance(0.2)) {
    const id = `${pkg} [${pkg}.test]`
    for (const line of compilerLines(r))
      out.push({ Action: 'build-output', ImportPath: id, Output: `${line}\n` })
    out.push({ Action: 'build-fail', ImportPath: id })
    out.push({ Action: 'fail', Package: pkg, FailedBuild: id })
  } else if (r.chance(0.9)) {
    const verdict = r.pick(['pass', 'fail', 'skip'])
    out.push({
      Action: 'output',
      Package: pkg,
      Output: `${verdict === 'fail' ? 'FAIL' : 'PASS'}\n`
    })
    out.push({ Action: verdict, Package: pkg, Elapsed: 0.2 })
  }
  return out.map((e) => JSON.stringify(e)).join('\n') + (r.chance(0.9) ? '\n' : '')
}

// ---------------------------------------------------------------------------------------------
// Oracles: values of the types the parsers declare (the checks use them without looking again).

const isString = (v) => typeof v === 'string'
const isOptional = (v, check) => v === undefined || check(v)
/** go prints an empty list as null; the checks read a missing one as empty too. */
const isListOrNull = (v, item) => v == null || (Array.isArray(v) && v.every(item))
const isModuleVersion = (v) =>
  typeof v === 'object' && v !== null && isString(v.Path) && isOptional(v.Version, isString)

function goModShape(json) {
  if (typeof json !== 'object' || json === null) return 'not an object'
  if (typeof json.Module !== 'object' || json.Module === null || !isString(json.Module.Path))
    return 'Module.Path'
  if (!isOptional(json.Go, isString)) return 'Go'
  if (!isOptional(json.Toolchain, isString)) return 'Toolchain'
  if (!isListOrNull(json.Require, (q) => isModuleVersion(q) && isString(q.Version)))
    return 'Require'
  if (!isListOrNull(json.Exclude, isModuleVersion)) return 'Exclude'
  if (
    !isListOrNull(
      json.Replace,
      (p) => typeof p === 'object' && p !== null && isModuleVersion(p.Old) && isModuleVersion(p.New)
    )
  )
    return 'Replace'
  if (!isListOrNull(json.Retract, () => true)) return 'Retract'
  return undefined
}

function goWorkShape(json) {
  if (typeof json !== 'object' || json === null) return 'not an object'
  if (!isOptional(json.Go, isString)) return 'Go'
  if (!isOptional(json.Toolchain, isString)) return 'Toolchain'
  if (
    !isListOrNull(
      json.Use,
      (u) =>
        typeof u === 'object' &&
        u !== null &&
        isString(u.DiskPath) &&
        isOptional(u.ModPath, isString)
    )
  )
    return 'Use'
  if (
    !isListOrNull(
      json.Replace,
      (p) => typeof p === 'object' && p !== null && isModuleVersion(p.Old) && isModuleVersion(p.New)
    )
  )
    return 'Replace'
  return undefined
}

/** What a TestRun learned, as plain data, to compare two feedings of one stream. */
function summary(run) {
  const out = (o) => (o === undefined ? null : [o.lines(), o.droppedLines, o.droppedChars])
  return JSON.stringify({
    packages: [...run.packages.values()].map((p) => [
      p.name,
      p.status,
      p.elapsed,
      p.failedBuild,
      out(p.output),
      p.unknownActions,
      p.dropped,
      [...p.tests.values()].map((t) => [t.name, t.status, t.elapsed, out(t.output), t.attrs])
    ]),
    builds: [...run.builds.values()].map((b) => [b.importPath, b.failed, out(b.output)]),
    nonJson: run.nonJson,
    nonJsonDropped: run.nonJsonDropped
  })
}

/** Feeds `chunks` to a reader and a run. */
function feed(m, chunks, options) {
  const reader = new m.testjson.TestEventReader(
    options.maxLine === undefined ? {} : { maxLine: options.maxLine }
  )
  const run = new m.testjson.TestRun(options)
  for (const chunk of chunks) for (const item of reader.push(chunk)) run.add(item)
  for (const item of reader.end()) run.add(item)
  return run.finish()
}

/** `text` cut at `cuts` (positions as fractions of its length, sorted). */
function cut(text, cuts) {
  const points = cuts.map((c) => Math.floor(c * text.length)).sort((a, b) => a - b)
  const pieces = []
  let last = 0
  for (const p of [...points, text.length]) {
    pieces.push(text.slice(last, p))
    last = p
  }
  return pieces
}

// ---------------------------------------------------------------------------------------------
// Config inputs

/** A one-line error names the value cut short: longer than this, it was not cut. */
const MAX_CONFIG_ERROR = 1000

const CONFIG_VALUES = {
  'working-directory': ['.', 'sub', '../', '/', 'missing', 'go.mod', 'sub/../sub'],
  'go-version': [
    '1.26',
    '1.26.x',
    '^1.25.0',
    '>=1.24 <1.27',
    'go1.26.1',
    'stable',
    '1.2.3.4',
    '>=go1.22'
  ],
  'go-version-file': [
    'go.mod',
    '.go-version',
    'go.work',
    '.tool-versions',
    'README.md',
    'sub/go.mod'
  ],
  goproxy: ['https://proxy.example.com,direct', 'off', 'direct', 'a b'],
  gosumdb: ['off', 'sum.example.com', 'name+key https://x', 'a\nb'],
  goprivate: ['example.com/*', 'a,b', 'a b'],
  gotoolchain: ['local', 'auto', 'path', 'go1.26.1', 'go1.26.1+auto', 'go1.26rc1', 'go1', 'x'],
  checks: ['all', 'tests', 'toolchain,env', 'tests,nope', ',', ''],
  'fail-on': ['error', 'warning', 'notice'],
  'allow-local-replace': ['true', 'false', 'TRUE', 'yes'],
  'download-retries': ['0', '3', '10', '11', '-1', '1.5', '99999999999999999999'],
  vendor: ['auto', 'true', 'false', 'maybe'],
  race: ['true', 'false', 'False', '1'],
  packages: ['./...', './a/... ./b', '-v', 'a,b'],
  tags: ['integration', 'a,b c', 'a-b', 'x.y'],
  timeout: ['10m', '0', '1h30m', '1.5s', '90', 'µs', '5µs'],
  shuffle: ['off', 'on', '1712', '1234567890123456', '-1'],
  'test-flags': [
    '-run=TestX -count=2',
    '-v',
    '-test.v',
    '-args -v',
    '"unclosed',
    "-run 'a b'",
    '--json'
  ],
  coverage: ['true', 'false'],
  'coverage-threshold': ['80', '72.5%', '101', '-1', '80%%', '1e2'],
  'rerun-failed': ['0', '1', '5', '6'],
  junit: ['junit.xml', '../x.xml', ''],
  'build-targets': ['linux/arm64,windows/amd64', 'linux', 'Linux/amd64', 'a/b/c'],
  'vet-tags': ['integration\nlinux,cgo', 'bad-tag', '\n\n'],
  cache: ['true', 'false'],
  'cache-save': ['auto', 'always', 'never', 'sometimes'],
  'cache-key-suffix': ['v1', 'a,b', 'x'.repeat(600), ''],
  'cache-timeout': ['5m', '1s', '0.5s', '2h', '1h', 'x'],
  annotations: ['true', 'false'],
  'github-token': ['ghp_x', '']
}

// ---------------------------------------------------------------------------------------------

/**
 * The targets, in the order of the table. `m` holds the transpiled modules, `corpus` the real
 * inputs, `scratch` a directory for the config target's repository.
 */
export function makeTargets(m, corpus, scratch) {
  const { diagnostics: dg } = m
  const outputs = corpus.outputs
  const streamTexts = corpus.streams.map((s) => s.text)
  const lineInput = (grammar) => (r) => textInput(r, outputs, grammar)
  const linesOf = (input) => input.split('\n')
  const context = {
    moduleDir: '/tmp/gcg-record-tests-zAc1LL/tests-race',
    goroot: corpus.index.goroot,
    gomodcache: corpus.index.gomodcache
  }

  // The config target's repository: a go.mod, a subdirectory, a .go-version.
  const repo = path.join(scratch, 'config-repo')
  fs.mkdirSync(path.join(repo, 'sub'), { recursive: true })
  fs.writeFileSync(path.join(repo, 'go.mod'), 'module example.com/m\n\ngo 1.24.0\n')
  fs.writeFileSync(path.join(repo, 'sub', 'go.mod'), 'module example.com/m/sub\n\ngo 1.24.0\n')
  fs.writeFileSync(path.join(repo, '.go-version'), '1.26.1\n')

  const judgeFacts = judgeSetup(m, corpus)

  const targets = [
    {
      name: 'test2json',
      about:
        'TestEventReader + TestRun: the stream whole, then in random chunks (strings or bytes), with random options',
      make: (r) => ({
        text: textInput(r, streamTexts, test2jsonStream),
        cuts: Array.from({ length: r.range(1, 40) }, () => r.float()),
        bytes: r.chance(0.3),
        options: {
          maxOutputPerTest: r.pick([undefined, 64, 1024, 65536]),
          keepPassedOutput: r.chance(0.3),
          keepPassedTests: r.chance(0.7),
          maxNonJsonLines: r.pick([undefined, 0, 3]),
          maxLine: r.pick([undefined, undefined, 256, 4096])
        }
      }),
      size: (input) => input.text.length,
      run: (input) => {
        const whole = input.bytes ? [new TextEncoder().encode(input.text)] : [input.text]
        const run = feed(m, whole, input.options)
        const pieces = input.bytes ? cut(whole[0], input.cuts) : cut(input.text, input.cuts)
        const chunked = feed(m, pieces, input.options)
        const a = summary(run)
        const b = summary(chunked)
        return {
          value: run,
          problem:
            a === b ? undefined : `the result depends on the chunking: ${firstDifference(a, b)}`
        }
      }
    },
    {
      name: 'judge',
      about:
        'judgeTestRun, failureFindings, packageResults, rerunPlan on a fuzzed run of a recorded module',
      make: (r) => {
        const s = r.pick(corpus.streams)
        return {
          recording: s.name,
          text: r.chance(0.8) ? mutate(r, s.text, streamTexts) : test2jsonStream(r),
          stderr: r.chance(0.7)
            ? s.stderr
            : mutate(r, s.stderr || r.pick(corpus.goStderr), corpus.goStderr),
          exitCode: r.pick([0, 1, 1, 2, null])
        }
      },
      size: (input) => input.text.length + input.stderr.length,
      run: (input) => {
        const facts = judgeFacts(input)
        const judgement = m.testresults.judgeTestRun(facts.facts, facts.repo)
        const findings = m.testresults.failureFindings(judgement.failures, facts.facts.args)
        const results = m.testresults.packageResults(facts.facts, judgement, facts.repo)
        const patterns = [...m.testresults.rerunPlan(judgement.failures).values()].map((tests) =>
          m.testresults.runPattern(tests)
        )
        return { value: { judgement, findings, results, patterns } }
      }
    },
    {
      name: 'compiler-errors',
      about: 'parseCompilerErrors on build output and stderr',
      make: lineInput(compilerLines_),
      size: (input) => input.length,
      run: (input) => ({ value: dg.parseCompilerErrors(linesOf(input)) })
    },
    {
      name: 'races',
      about: 'parseRaces, raceKey, firstRepoFrame',
      make: lineInput((r) =>
        [...raceReport(r), ...(r.chance(0.3) ? raceReport(r) : [])].join('\n')
      ),
      size: (input) => input.length,
      run: (input) => {
        const races = dg.parseRaces(linesOf(input))
        return {
          value: races.map((race) => [
            race,
            dg.raceKey(race),
            dg.firstRepoFrame(race.current.frames, context)
          ])
        }
      }
    },
    {
      name: 'panics',
      about: 'parsePanic, goroutineOfTest',
      make: lineInput((r) => panicReport(r).join('\n')),
      size: (input) => input.length,
      run: (input) => {
        const panic = dg.parsePanic(linesOf(input))
        return { value: [panic, panic && dg.goroutineOfTest(panic.goroutines, 'TestX/sub')] }
      }
    },
    {
      name: 'timeouts',
      about: 'parseTimeout',
      make: lineInput((r) => timeoutReport(r).join('\n')),
      size: (input) => input.length,
      run: (input) => ({ value: dg.parseTimeout(linesOf(input)) })
    },
    {
      name: 'failure-locations',
      about: 'failureLocation, with and without the package files',
      make: lineInput((r) => failureLines(r).join('\n')),
      size: (input) => input.length,
      run: (input) => {
        const ls = linesOf(input)
        return {
          value: [
            dg.failureLocation(ls),
            dg.failureLocation(ls, {
              packageDir: 'pkg/dir',
              packageFiles: ['calc_test.go', 'a,b_test.go', 'helper.go', 'c:d_test.go']
            })
          ]
        }
      }
    },
    {
      name: 'mod-json',
      about: 'parseGoModJson; a value must have the declared types',
      make: (r) => jsonInput(r, corpus.modEditJson, goModJson),
      size: (input) => input.length,
      run: (input) => {
        const json = m.gomod.parseGoModJson(input)
        const wrong = json === undefined ? undefined : goModShape(json)
        return {
          value: json,
          problem: wrong && `returned a value whose ${wrong} has the wrong type`
        }
      }
    },
    {
      name: 'work-json',
      about: 'parseGoWorkJson; a value must have the declared types',
      make: (r) => jsonInput(r, [], goWorkJson),
      size: (input) => input.length,
      run: (input) => {
        const json = m.gomod.parseGoWorkJson(input)
        const wrong = json === undefined ? undefined : goWorkShape(json)
        return {
          value: json,
          problem: wrong && `returned a value whose ${wrong} has the wrong type`
        }
      }
    },
    {
      name: 'directives',
      about: 'locateDirectives, findDirectiveLine, findReplaceLine on go.mod and go.work text',
      make: (r) => textInput(r, [...corpus.goMods, ...corpus.goWorks], goModText),
      size: (input) => input.length,
      run: (input) => {
        const directives = m.gomod.locateDirectives(input)
        const replace = directives.find((d) => d.verb === 'replace')
        return {
          value: [
            directives,
            m.gomod.findDirectiveLine(directives, 'go'),
            replace &&
              m.gomod.findReplaceLine(directives, {
                Path: replace.args[0] ?? '',
                Version: replace.args[1]
              })
          ]
        }
      }
    },
    {
      name: 'tidy-diff',
      about: 'hasTidyDiff, parseTidyDiff, hunkModules on go mod tidy -diff output',
      make: (r) => {
        const base = tidyDiffText(r, corpus)
        return r.chance(0.1) ? base : mutate(r, base, [tidyDiffText(r, corpus)])
      },
      size: (input) => input.length,
      run: (input) => {
        const hunks = m.tidydiff.parseTidyDiff(input)
        return {
          value: [m.tidydiff.hasTidyDiff(input), hunks, hunks.map((h) => m.tidydiff.hunkModules(h))]
        }
      }
    },
    {
      name: 'vendor-consistency',
      about: 'parseVendorConsistency on go: inconsistent vendoring stderr',
      make: (r) => {
        const base = vendorConsistencyText(r)
        return r.chance(0.1)
          ? base
          : mutate(r, base, [vendorConsistencyText(r), ...corpus.goStderr])
      },
      size: (input) => input.length,
      run: (input) => ({ value: m.vendorconsistency.parseVendorConsistency(input) })
    },
    {
      name: 'modules-txt',
      about: 'parseModulesTxt, findEntry, diffLines of the text against a changed copy',
      make: (r) => {
        const text = textInput(r, corpus.modulesTxts, modulesTxtText)
        return { text, other: mutateText(r, text, corpus.modulesTxts, false) }
      },
      size: (input) => input.text.length + input.other.length,
      run: (input) => {
        const parsed = m.vendortree.parseModulesTxt(input.text)
        const first = parsed.entries[0]
        return {
          value: [
            parsed,
            first && m.vendortree.findEntry(parsed, first.path, first.version),
            m.vendortree.diffLines(
              m.vendortree.splitLines(input.text),
              m.vendortree.splitLines(input.other)
            )
          ]
        }
      }
    },
    {
      name: 'go-sum',
      about: 'parseGoSum, findGoSumLine',
      make: (r) => textInput(r, corpus.goSums, goSumText),
      size: (input) => input.length,
      run: (input) => {
        const sums = m.gosum.parseGoSum(input)
        const first = sums[0]
        return { value: [sums, first && m.gosum.findGoSumLine(sums, first.module, first.version)] }
      }
    },
    {
      name: 'download',
      about: 'parseDownloadOutput (-json stdout and -x stderr), allTransient',
      make: (r) => ({
        stdout: r.chance(0.5)
          ? jsonInput(r, corpus.downloadJson, (q) => ({ Path: modulePath(q), Version: version(q) }))
          : textInput(r, corpus.downloadJson, downloadJson),
        stderr: textInput(r, corpus.goStderr, downloadStderr)
      }),
      size: (input) => input.stdout.length + input.stderr.length,
      run: (input) => {
        const out = m.downloaderrors.parseDownloadOutput(input.stdout, input.stderr)
        return { value: [out, m.downloaderrors.allTransient(out.errors)] }
      }
    },
    {
      name: 'verify',
      about: 'parseVerifyOutput, goMessage, goModLineIn, moduleVersionsIn',
      make: (r) => ({
        stdout: r.pick(['all modules verified\n', '', 'all modules verified\r\n', 'x']),
        stderr: textInput(r, corpus.goStderr, verifyStderr)
      }),
      size: (input) => input.stdout.length + input.stderr.length,
      run: (input) => {
        const out = m.verifyoutput.parseVerifyOutput(input.stdout, input.stderr)
        const message = m.verifyoutput.goMessage(input.stderr)
        return {
          value: [
            out,
            message.length,
            m.verifyoutput.goModLineIn(message),
            m.verifyoutput.moduleVersionsIn(message)
          ]
        }
      }
    },
    {
      name: 'config',
      about: 'parseConfig: a Config, or a ConfigError of one line',
      make: (r) => {
        const raw = {}
        const names = m.config.INPUT_NAMES
        for (let n = r.range(1, 8); n > 0; n--) {
          const name = r.pick(names)
          const known = CONFIG_VALUES[name] ?? ['x']
          raw[name] = r.weighted([
            [5, () => r.pick(known)],
            [3, () => mutateText(r, r.pick(known), known, r.chance(0.01))],
            [1, () => String(oddValue(r))],
            [1, () => longLine(r, r.pick(known) || 'x', r.logRange(100, 100000))]
          ])()
        }
        return raw
      },
      size: (input) => Object.values(input).reduce((sum, v) => sum + v.length, 0),
      run: (input) => {
        try {
          return {
            value: m.config.parseConfig(input, {
              cwd: repo,
              root: repo,
              label: (n) => `input "${n}"`
            })
          }
        } catch (error) {
          if (!(error instanceof m.config.ConfigError)) throw error
          const message = error.message
          const problem = /[\r\n\u2028\u2029]/.test(message)
            ? 'the ConfigError message is not one line'
            : message.length > MAX_CONFIG_ERROR
              ? `the ConfigError message is ${message.length} characters long`
              : undefined
          return { value: message, problem }
        }
      }
    }
  ]
  if (targets.map((t) => t.name).join() !== PARSERS.join())
    throw new Error('PARSERS and makeTargets disagree')
  return targets
}

function compilerLines_(r) {
  return compilerLines(r).join('\n')
}

/** Where two summaries first differ, briefly. */
function firstDifference(a, b) {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 40), i + 40))} vs ${JSON.stringify(b.slice(Math.max(0, i - 40), i + 40))}`
}

/** The facts the tests check would have gathered for a recorded module, around a fuzzed stream. */
function judgeSetup(m, corpus) {
  const byRecording = new Map()
  for (const s of corpus.streams) {
    const fixtureDir = path.resolve(corpus.fixtures, '..', '..', s.info.fixture)
    const goMod = read(path.join(fixtureDir, 'go.mod'))
    const modulePath = /^module\s+(\S+)/m.exec(goMod)?.[1] ?? 'example.com/m'
    const packages = []
    const funcs = new Map()
    const walk = (dir, rel) => {
      const entries = fs.readdirSync(dir, { withFileTypes: true })
      const goFiles = entries
        .filter((e) => e.isFile() && e.name.endsWith('.go'))
        .map((e) => e.name)
        .sort()
      if (goFiles.length > 0) {
        const importPath = rel === '' ? modulePath : `${modulePath}/${rel}`
        packages.push({
          ImportPath: importPath,
          Dir: path.join(s.info.moduleDir, rel),
          GoFiles: goFiles.filter((f) => !f.endsWith('_test.go')),
          TestGoFiles: goFiles.filter((f) => f.endsWith('_test.go'))
        })
        const declared = new Map()
        for (const f of goFiles.filter((g) => g.endsWith('_test.go'))) {
          for (const [name, line] of m.testfuncs.findTestFuncs(read(path.join(dir, f)))) {
            declared.set(name, { file: rel === '' ? f : `${rel}/${f}`, line })
          }
        }
        funcs.set(importPath, declared)
      }
      for (const e of entries)
        if (e.isDirectory()) walk(path.join(dir, e.name), rel === '' ? e.name : `${rel}/${e.name}`)
    }
    walk(fixtureDir, '')
    byRecording.set(s.name, { modulePath, packages, funcs, moduleDir: s.info.moduleDir })
  }
  return (input) => {
    const setup = byRecording.get(input.recording)
    const run = new m.testjson.TestRun().addAll(m.testjson.parseTestStream(input.text)).finish()
    return {
      facts: {
        module: { relDir: '.', path: setup.modulePath },
        packages: setup.packages,
        funcs: setup.funcs,
        run,
        stderr: input.stderr,
        exitCode: input.exitCode,
        args: ['test', '-race', '-json', '-count=1', '-shuffle=on', './...']
      },
      repo: {
        root: setup.moduleDir,
        goroot: corpus.index.goroot,
        gomodcache: corpus.index.gomodcache
      }
    }
  }
}

export { Rng }
