// Writes a synthetic `go test -json` stream (cmd/test2json's events) of a chosen size, for
// bench/testjson.mjs. Deterministic for a seed; written in 1 MiB pieces, so memory stays small
// whatever the size. See bench/README.md ("The test2json stream") for the mix it produces.
import fs from 'node:fs'

const MODULE = 'example.com/acme/platform'
const CHECKOUT = '/home/runner/work/platform/platform'
const GOROOT = '/opt/hostedtoolcache/go/1.24.4/x64'

const AREAS = [
  'api',
  'auth',
  'billing',
  'cache',
  'cmd',
  'config',
  'db',
  'events',
  'gateway',
  'inventory',
  'jobs',
  'mail',
  'metrics',
  'notify',
  'orders',
  'payments',
  'queue',
  'search',
  'storage',
  'users'
]
const SUBS = [
  'client',
  'server',
  'store',
  'handler',
  'worker',
  'codec',
  'migrate',
  'policy',
  'ratelimit',
  'retry',
  'schema',
  'session',
  'sql',
  'stream',
  'token',
  'tracing',
  'validate',
  'webhook',
  'internal/util',
  'internal/testutil'
]
const VERBS = [
  'Parse',
  'Load',
  'Handle',
  'Create',
  'Delete',
  'Update',
  'List',
  'Get',
  'Encode',
  'Decode',
  'Validate',
  'Retry',
  'Close',
  'Open',
  'Flush',
  'Merge',
  'Resolve',
  'Apply',
  'Render',
  'Sign'
]
const NOUNS = [
  'Config',
  'Request',
  'Order',
  'User',
  'Token',
  'Invoice',
  'Batch',
  'Event',
  'Query',
  'Schema',
  'Session',
  'Route',
  'Header',
  'Payload',
  'Record',
  'Snapshot',
  'Window',
  'Limit',
  'Cursor',
  'Stream'
]
const CASES = [
  'empty',
  'nil_input',
  'valid',
  'invalid_utf8',
  'too_long',
  'unicode_name',
  'zero_value',
  'negative',
  'max_int',
  'duplicate_key',
  'missing_field',
  'extra_field',
  'timeout',
  'canceled_context',
  'happy_path',
  'retry_then_ok',
  'not_found',
  'conflict',
  'unauthorized',
  'large_payload'
]
const SKIP_REASONS = [
  'requires docker',
  'skipping integration test in -short mode',
  'set TEST_DATABASE_URL to run',
  'flaky on CI, see #4211',
  'not supported on linux'
]

/** mulberry32: small, fast, good enough for a benchmark's mix. */
class Rng {
  constructor(seed) {
    this.state = seed >>> 0
  }

  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** lo..hi inclusive. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  /** lo..hi inclusive, most values near lo (power > 1 skews harder). */
  skewed(lo, hi, power) {
    return lo + Math.floor((hi - lo + 1) * this.next() ** power)
  }

  chance(p) {
    return this.next() < p
  }

  pick(items) {
    return items[Math.floor(this.next() * items.length)]
  }

  hex(n) {
    let s = ''
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)]
    return s
  }
}

/** encoding/json's escaping of a string: JSON plus <, >, & and U+2028/9 as \u escapes. */
function goString(s) {
  const json = JSON.stringify(s)
  if (!/[<>&\u2028\u2029]/.test(json)) return json
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/** Buffers the text and writes it in pieces of about 1 MiB. */
class Sink {
  constructor(fd) {
    this.fd = fd
    this.parts = []
    this.pendingChars = 0
    this.bytes = 0
  }

  write(text) {
    this.parts.push(text)
    this.pendingChars += text.length
    if (this.pendingChars >= 1 << 20) this.flush()
  }

  /** Bytes written plus pending: never less than the file will hold (UTF-8 ≥ 1 byte a char). */
  get size() {
    return this.bytes + this.pendingChars
  }

  flush() {
    if (this.parts.length === 0) return
    const buf = Buffer.from(this.parts.join(''), 'utf8')
    this.parts = []
    this.pendingChars = 0
    let off = 0
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off)
    this.bytes += buf.length
  }
}

/** RFC 3339 with nanoseconds, trailing zeros trimmed, as Go's time.Time marshals in UTC. */
class Clock {
  constructor(rng) {
    this.rng = rng
    this.baseMs = Date.UTC(2025, 5, 2, 9, 14, 3)
    this.ns = rng.int(0, 999_999_999)
    this.cachedSecond = -1
    this.prefix = ''
  }

  advanceMicros(us) {
    this.ns += us * 1000 + this.rng.int(0, 999)
  }

  advanceSeconds(s) {
    this.ns += Math.round(s * 1e9)
  }

  get text() {
    const second = Math.floor(this.ns / 1e9)
    if (second !== this.cachedSecond) {
      this.cachedSecond = second
      this.prefix = new Date(this.baseMs + second * 1000).toISOString().slice(0, 19)
    }
    const frac = this.ns - second * 1e9
    if (frac === 0) return `${this.prefix}Z`
    return `${this.prefix}.${String(frac).padStart(9, '0').replace(/0+$/, '')}Z`
  }
}

/**
 * Generates the stream into `file` until it holds at least `targetBytes` bytes (it stops after
 * the package that crosses the size). Returns what it wrote: sizes and counts.
 */
export function generateStream(file, targetBytes, seed = 1) {
  const gen = new Generator(seed)
  const fd = fs.openSync(file, 'w')
  try {
    gen.sink = new Sink(fd)
    let index = 0
    while (gen.sink.size < targetBytes) gen.pkg(index++)
    gen.sink.flush()
  } finally {
    fs.closeSync(fd)
  }
  return { bytes: gen.sink.bytes, seed, ...gen.counts }
}

class Generator {
  constructor(seed) {
    this.rng = new Rng(seed)
    this.clock = new Clock(this.rng)
    this.names = new Set()
    this.raceDue = false
    this.counts = {
      packages: 0,
      packagesFailed: 0,
      packagesNoTests: 0,
      packagesBuildFailed: 0,
      tests: 0,
      passed: 0,
      failed: 0,
      skipped: 0,
      races: 0,
      events: 0,
      splitLines: 0
    }
  }

  packageName(index) {
    const rng = this.rng
    const base = `${MODULE}/${rng.pick(AREAS)}/${rng.pick(SUBS)}`
    let name = base
    for (let n = 2; this.names.has(name); n++) name = `${base}${n}`
    this.names.add(name)
    // Keeps the Set small: names are only compared with recent ones after the first few hundred.
    if (index > 0 && index % 4000 === 0) this.names.clear()
    return name
  }

  /** One event line, fields in test2json's order. */
  event(action, test, output, elapsed) {
    this.clock.advanceMicros(this.rng.skewed(1, 400, 3))
    let line = `{"Time":"${this.clock.text}","Action":"${action}","Package":"${this.pkgName}"`
    if (test !== undefined) line += `,"Test":"${test}"`
    if (elapsed !== undefined) line += `,"Elapsed":${elapsed}`
    if (output !== undefined) line += `,"Output":${goString(output)}`
    this.sink.write(`${line}}\n`)
    this.counts.events++
  }

  pkg(index) {
    const rng = this.rng
    const name = this.packageName(index)
    this.pkgName = name
    this.counts.packages++
    const dir = name.slice(MODULE.length + 1)
    const leaf = dir.slice(dir.lastIndexOf('/') + 1).replace(/\d+$/, '')
    const ctx = {
      dir,
      leaf,
      files: [`${leaf}_test.go`, `${leaf}_internal_test.go`, 'example_test.go', 'bench_test.go'],
      // A few packages are broken (the second always, so even a small stream fails); most fail
      // nothing.
      failRate: index === 1 || rng.chance(0.12) ? 0.002 + rng.next() * 0.05 : 0,
      // The first race turns up early (in the first package with tests from the fourth on), so
      // even a small stream has one.
      race: this.raceDue || index === 3 || rng.chance(0.01),
      parallel: rng.chance(0.3)
    }

    this.raceDue = ctx.race
    if (rng.chance(0.01) && index > 5) {
      this.buildFailure(ctx)
      return
    }
    if (rng.chance(0.08)) {
      this.event('start')
      this.event('output', undefined, `?   \t${name}\t[no test files]\n`)
      this.event('skip', undefined, undefined, 0)
      this.counts.packagesNoTests++
      return
    }

    this.event('start')
    if (rng.chance(0.05)) {
      // TestMain logging before the tests.
      for (let i = rng.int(1, 6); i > 0; i--) this.event('output', undefined, this.slogLine())
    }
    this.raceDue = false
    const top = rng.skewed(1, 400, 2.5)
    const raceAt = ctx.race ? rng.int(0, top - 1) : -1
    const used = new Set()
    const sequential = []
    const parallel = []
    let failed = false
    let elapsed = 0
    for (let i = 0; i < top; i++) {
      let testName = `Test${rng.pick(VERBS)}${rng.pick(NOUNS)}`
      if (rng.chance(0.3)) testName += `_${rng.pick(VERBS)}`
      for (let n = 2; used.has(testName); n++) testName = `${testName.replace(/\d+$/, '')}${n}`
      used.add(testName)
      const steps = []
      const result = this.test(ctx, testName, 0, steps, i === raceAt)
      if (result.status === 'fail') failed = true
      elapsed += result.elapsed
      if (ctx.parallel && rng.chance(0.5)) parallel.push({ name: testName, steps })
      else sequential.push({ name: testName, steps })
      // Runs sequential tests as they come; parallel ones pause and wait for the end.
      const last = sequential.at(-1)
      if (last !== undefined && last.name === testName) this.emit(steps)
      else this.pause(testName, steps)
    }
    if (parallel.length > 0) this.runParallel(parallel)

    const pkgElapsed = Number((elapsed + rng.next() * 0.3 + 0.004).toFixed(3))
    if (failed) {
      this.counts.packagesFailed++
      this.event('output', undefined, 'FAIL\n')
      this.event('output', undefined, `FAIL\t${name}\t${pkgElapsed.toFixed(3)}s\n`)
      this.event('fail', undefined, undefined, pkgElapsed)
    } else {
      this.event('output', undefined, 'PASS\n')
      const coverage = rng.chance(0.3)
        ? `\tcoverage: ${(rng.next() * 100).toFixed(1)}% of statements`
        : ''
      this.event('output', undefined, `ok  \t${name}\t${pkgElapsed.toFixed(3)}s${coverage}\n`)
      this.event('pass', undefined, undefined, pkgElapsed)
    }
  }

  /** go 1.24+: build-output/build-fail events, then the package fails with FailedBuild. */
  buildFailure(ctx) {
    const name = this.pkgName
    const id = `${name} [${name}.test]`
    const line = (text) => {
      this.sink.write(`{"ImportPath":"${id}","Action":"build-output","Output":${goString(text)}}\n`)
      this.counts.events++
    }
    line(`# ${id}\n`)
    for (let i = this.rng.int(1, 4); i > 0; i--) {
      line(
        `${ctx.dir}/${this.rng.pick(ctx.files)}:${this.rng.int(10, 400)}:${this.rng.int(2, 30)}: undefined: new${this.rng.pick(NOUNS)}\n`
      )
    }
    this.sink.write(`{"ImportPath":"${id}","Action":"build-fail"}\n`)
    this.counts.events++
    this.event('start')
    this.event('output', undefined, `FAIL\t${name} [build failed]\n`)
    this.clock.advanceMicros(10)
    this.sink.write(
      `{"Time":"${this.clock.text}","Action":"fail","Package":"${name}","Elapsed":0,"FailedBuild":"${id}"}\n`
    )
    this.counts.events++
    this.counts.packagesBuildFailed++
    this.counts.packagesFailed++
  }

  emit(steps) {
    for (const [action, test, output, elapsed] of steps) {
      if (action === 'sleep') this.clock.advanceSeconds(elapsed)
      else this.event(action, test, output, elapsed)
    }
  }

  /** A parallel test's run, then t.Parallel() pauses it; its remaining steps wait. */
  pause(name, steps) {
    this.emit(steps.splice(0, 2))
    this.event('output', name, `=== PAUSE ${name}\n`)
    this.event('pause', name)
  }

  /** The paused tests continue together: their output interleaves, with === NAME on switches. */
  runParallel(tests) {
    for (const { name } of tests) {
      this.event('output', name, `=== CONT  ${name}\n`)
      this.event('cont', name)
    }
    const running = tests.map(({ name, steps }) => ({ name, steps, at: 0 }))
    let current = ''
    while (running.length > 0) {
      const i = this.rng.int(0, running.length - 1)
      const t = running[i]
      for (let n = this.rng.int(1, 6); n > 0 && t.at < t.steps.length; n--) {
        const [action, test, output, elapsed] = t.steps[t.at++]
        if (action === 'sleep') continue
        if (action === 'output' && test !== current && !output.startsWith('=== RUN')) {
          this.event('output', test, `=== NAME  ${test}\n`)
        }
        if (action === 'output') current = test
        this.event(action, test, output, elapsed)
      }
      if (t.at >= t.steps.length) running.splice(i, 1)
    }
  }

  /**
   * One test (and its subtests) as steps [action, test, output, elapsed]; emitted by the caller
   * at once or, for parallel tests, interleaved with others.
   */
  test(ctx, name, depth, steps, race) {
    const rng = this.rng
    this.counts.tests++
    const indent = '    '.repeat(depth + 1)
    const file = rng.pick(ctx.files)
    steps.push(['run', name], ['output', name, `=== RUN   ${name}\n`])

    const heavy = rng.chance(0.03)
    const logs = heavy ? rng.skewed(40, 600, 2) : rng.skewed(0, 8, 3)
    for (let i = 0; i < logs; i++) steps.push(['output', name, this.logLine(indent, file)])
    if (rng.chance(0.015)) this.longLine(name, indent, file, steps)

    let status = 'pass'
    let elapsed = rng.chance(0.85) ? 0 : Number((rng.next() ** 6 * 2).toFixed(2))
    if (rng.chance(0.02)) {
      status = 'skip'
      steps.push([
        'output',
        name,
        `${indent}${file}:${rng.int(20, 900)}: ${rng.pick(SKIP_REASONS)}\n`
      ])
    } else {
      if (depth < 2 && rng.chance(depth === 0 ? 0.25 : 0.1)) {
        const subs = rng.skewed(1, depth === 0 ? 60 : 12, 2)
        const used = new Set()
        for (let i = 0; i < subs; i++) {
          // Like t.Run: a repeated name gets #01, #02, ...
          const base = `${name}/${rng.chance(0.8) ? rng.pick(CASES) : `case_${i}`}`
          let sub = base
          for (let n = 1; used.has(sub); n++) sub = `${base}#${String(n).padStart(2, '0')}`
          used.add(sub)
          const result = this.test(ctx, sub, depth + 1, steps, false)
          if (result.status === 'fail') status = 'fail'
          elapsed += result.elapsed
        }
        elapsed = Number(elapsed.toFixed(2))
      }
      if (race) {
        this.raceReport(ctx, name, steps)
        status = 'fail'
      } else if (ctx.failRate > 0 && rng.chance(ctx.failRate)) {
        this.failure(name, indent, file, steps)
        status = 'fail'
      }
    }
    steps.push(['sleep', undefined, undefined, elapsed])
    const word = status.toUpperCase()
    steps.push([
      'output',
      name,
      `${'    '.repeat(depth)}--- ${word}: ${name} (${elapsed.toFixed(2)}s)\n`
    ])
    steps.push([status, name, undefined, elapsed])
    if (status === 'pass') this.counts.passed++
    else if (status === 'fail') this.counts.failed++
    else this.counts.skipped++
    return { status, elapsed }
  }

  logLine(indent, file) {
    const rng = this.rng
    const line = rng.int(12, 1400)
    switch (rng.int(0, 9)) {
      case 0:
        return `${indent}${file}:${line}: GET /api/v1/${rng.pick(NOUNS).toLowerCase()}s/${rng.int(1, 99999)}?expand=items&limit=${rng.int(1, 500)} -> ${rng.pick([200, 200, 201, 204, 404, 409])} (${(rng.next() * 40).toFixed(3)}ms)\n`
      case 1:
        return `${indent}${file}:${line}: payload: {"id":${rng.int(1, 1e6)},"name":"${rng.pick(NOUNS)} ${rng.pick(['ünïcode', 'café', '日本語', 'plain', 'tab\there'])}","tags":["a","b"],"next":null}\n`
      case 2:
        return `${indent}${file}:${line}: err = <nil>, got ${rng.int(0, 1000)} rows & ${rng.int(0, 9)} warnings\n`
      case 3:
        return this.slogLine()
      case 4:
        return `${indent}${file}:${line}: retrying in ${rng.int(1, 500)}ms (attempt ${rng.int(1, 5)}/5): dial tcp 127.0.0.1:${rng.int(20000, 60000)}: connect: connection refused\n`
      case 5:
        return `${indent}${file}:${line}: \u001b[32mok\u001b[0m migrated schema to version ${rng.int(1, 300)} in ${(rng.next() * 3).toFixed(2)}s\n`
      case 6:
        return `${indent}${file}:${line}: state: map[string]int{"active":${rng.int(0, 50)}, "idle":${rng.int(0, 50)}, "closed":${rng.int(0, 50)}}\n`
      case 7:
        return `${indent}${file}:${line}: token=${rng.hex(32)} expires=2025-06-02T10:14:03Z\n`
      default:
        return `${indent}${file}:${line}: ${rng.pick(VERBS).toLowerCase()} ${rng.pick(NOUNS).toLowerCase()} ${rng.int(0, 1e5)}: done\n`
    }
  }

  slogLine() {
    const rng = this.rng
    return `time=${this.clock.text} level=${rng.pick(['DEBUG', 'INFO', 'INFO', 'WARN', 'ERROR'])} msg="${rng.pick(VERBS).toLowerCase()} ${rng.pick(NOUNS).toLowerCase()}" request_id=${rng.hex(16)} duration=${rng.int(1, 9000)}µs\n`
  }

  /** A line over 1 KiB: test2json cuts it into 1 KiB output events, the last one ends it. */
  longLine(name, indent, file, steps) {
    const rng = this.rng
    let text = `${indent}${file}:${rng.int(12, 900)}: response body: `
    const size = rng.int(1200, 9000)
    while (text.length < size) text += `{"k":"${rng.hex(24)}","v":${rng.int(0, 1e6)}},`
    text += '\n'
    for (let at = 0; at < text.length; at += 1024) {
      steps.push(['output', name, text.slice(at, at + 1024)])
    }
    this.counts.splitLines++
  }

  failure(name, indent, file, steps) {
    const rng = this.rng
    const line = rng.int(20, 900)
    switch (rng.int(0, 3)) {
      case 0:
        steps.push([
          'output',
          name,
          `${indent}${file}:${line}: expected status 200, got ${rng.pick([400, 409, 500, 503])}\n`
        ])
        break
      case 1:
        steps.push([
          'output',
          name,
          `${indent}${file}:${line}: ${rng.pick(NOUNS)} mismatch (-want +got):\n`
        ])
        for (let i = rng.int(2, 12); i > 0; i--) {
          const sign = rng.pick([' ', ' ', '-', '+'])
          steps.push([
            'output',
            name,
            `${indent}    ${sign} \t"${rng.pick(CASES)}": ${rng.int(0, 1000)},\n`
          ])
        }
        break
      case 2:
        steps.push([
          'output',
          name,
          `${indent}${file}:${line}: Error Trace:\t${CHECKOUT}/${file}:${line}\n`
        ])
        steps.push([
          'output',
          name,
          `${indent}        \tError:      \tNot equal: \n${indent}        \t            \texpected: "${rng.hex(8)}"\n${indent}        \t            \tactual  : "${rng.hex(8)}"\n`
        ])
        steps.push(['output', name, `${indent}        \tTest:       \t${name}\n`])
        break
      default:
        steps.push([
          'output',
          name,
          `${indent}${file}:${line}: context deadline exceeded after ${rng.int(1, 30)}s\n`
        ])
    }
  }

  raceReport(ctx, name, steps) {
    const rng = this.rng
    const pkg = this.pkgName
    const addr = `0x00c${rng.hex(9)}`
    const frame = (fn, path, line) => [`  ${fn}()\n`, `      ${path}:${line} +0x${rng.hex(3)}\n`]
    const lines = [
      '==================\n',
      'WARNING: DATA RACE\n',
      `Write at ${addr} by goroutine ${rng.int(20, 90)}:\n`,
      ...frame(
        `${pkg}.(*${rng.pick(NOUNS)}).Add`,
        `${CHECKOUT}/${ctx.dir}/${ctx.leaf}.go`,
        rng.int(20, 300)
      ),
      ...frame(`${pkg}.${name}.func2`, `${CHECKOUT}/${ctx.dir}/${ctx.files[0]}`, rng.int(20, 300)),
      '\n',
      `Previous read at ${addr} by goroutine ${rng.int(20, 90)}:\n`,
      ...frame(
        `${pkg}.(*${rng.pick(NOUNS)}).Get`,
        `${CHECKOUT}/${ctx.dir}/${ctx.leaf}.go`,
        rng.int(20, 300)
      ),
      ...frame(`${pkg}.${name}.func1`, `${CHECKOUT}/${ctx.dir}/${ctx.files[0]}`, rng.int(20, 300)),
      '\n',
      `Goroutine ${rng.int(20, 90)} (running) created at:\n`,
      ...frame(`${pkg}.${name}`, `${CHECKOUT}/${ctx.dir}/${ctx.files[0]}`, rng.int(20, 300)),
      ...frame('testing.tRunner', `${GOROOT}/src/testing/testing.go`, 1792),
      ...frame('testing.(*T).Run.gowrap1', `${GOROOT}/src/testing/testing.go`, 1851),
      '\n',
      `Goroutine ${rng.int(20, 90)} (finished) created at:\n`,
      ...frame(`${pkg}.${name}`, `${CHECKOUT}/${ctx.dir}/${ctx.files[0]}`, rng.int(20, 300)),
      '==================\n',
      `    testing.go:1490: race detected during execution of test\n`
    ]
    for (const line of lines) steps.push(['output', name, line])
    this.counts.races++
  }
}
