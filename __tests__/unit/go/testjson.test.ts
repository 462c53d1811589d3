// The streaming test2json reader on `go test -race -json` output recorded from the installed go
// by `npm run record:tests` (scripts/record-test-output.mjs) in the __fixtures__/go/tests-*
// modules; __fixtures__/recorded/test2json/index.json says which command printed each file.
// test2json-recorded.test.ts reads every recording and checks what each yields; this file
// looks closer at the reader and TestRun, and at what they do with arbitrary input.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { buildIdPackage, TestRun } from '../../../src/go/testjson.js'
import {
  isNonJson,
  parseLine,
  parseTestStream,
  TestEventReader,
  type StreamItem,
  type TestEvent
} from '../../../src/go/testevents.js'
import { OutputLines } from '../../../src/go/outputlines.js'

const recorded = path.resolve('__fixtures__/recorded/test2json')
const index = JSON.parse(fs.readFileSync(path.join(recorded, 'index.json'), 'utf8')) as {
  recordings: Record<string, unknown>
}
const read = (name: string): string => fs.readFileSync(path.join(recorded, `${name}.jsonl`), 'utf8')
const run = (name: string, keepPassedOutput = false): TestRun =>
  new TestRun({ keepPassedOutput }).addAll(parseTestStream(read(name))).finish()
const events = (name: string): TestEvent[] =>
  parseTestStream(read(name)).filter((e): e is TestEvent => !isNonJson(e))

function pkgOf(r: TestRun, name: string) {
  const pkg = r.packages.get(name)
  if (pkg === undefined) throw new Error(`no package ${name}`)
  return pkg
}
function testOf(r: TestRun, pkg: string, test: string) {
  const t = pkgOf(r, pkg).tests.get(test)
  if (t === undefined) throw new Error(`no test ${test}`)
  return t
}

/** Feeds `text` to a reader in the chunks the cut points make. */
function chunked(text: string | Uint8Array, cuts: number[]): StreamItem[] {
  const reader = new TestEventReader()
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  const items: StreamItem[] = []
  let last = 0
  for (const p of [...points, text.length]) {
    items.push(...reader.push(text.slice(last, p)))
    last = p
  }
  return [...items, ...reader.end()]
}

/** What a run learned, as plain data, to compare runs. */
function summary(r: TestRun): unknown {
  return [...r.packages.values()].map((p) => ({
    name: p.name,
    status: p.status,
    elapsed: p.elapsed,
    failedBuild: p.failedBuild,
    output: p.output?.lines(),
    tests: [...p.tests.values()].map((t) => ({
      name: t.name,
      status: t.status,
      output: t.output?.lines(),
      attrs: t.attrs
    }))
  }))
}

describe('TestRun on recorded runs', () => {
  it('tests-fail: per test status, subtests by their full name, passed output released', () => {
    const r = run('tests-fail')
    const pkg = pkgOf(r, 'example.com/testsfail')
    expect(pkg.status).toBe('fail')
    expect(pkg.elapsed).toBeGreaterThan(0)
    expect(Object.fromEntries([...pkg.tests.values()].map((t) => [t.name, t.status]))).toEqual({
      TestAddPositive: 'pass',
      TestAddNegative: 'fail',
      TestAddTable: 'fail',
      'TestAddTable/zero': 'pass',
      'TestAddTable/negative': 'fail'
    })
    expect(testOf(r, 'example.com/testsfail', 'TestAddPositive').output).toBeUndefined()
    expect(testOf(r, 'example.com/testsfail', 'TestAddNegative').output?.lines()).toEqual([
      '=== RUN   TestAddNegative',
      '    calc_test.go:14: Add(-1, 2) = 2, want 1',
      '--- FAIL: TestAddNegative (0.00s)'
    ])
    expect(testOf(r, 'example.com/testsfail', 'TestAddTable/negative').output?.lines()).toContain(
      '    calc_test.go:26: Add(-2, -3) = -4, want -5'
    )
    expect(r.failedTests().map((t) => t.name)).toEqual([
      'TestAddNegative',
      'TestAddTable',
      'TestAddTable/negative'
    ])
    expect(pkg.output?.lines()).toEqual([
      'FAIL',
      expect.stringMatching(/^FAIL\texample\.com\/testsfail\t/)
    ])
  })

  it('tests-fail: keeps the attr action as go printed it and collects t.Attr values', () => {
    const attr = events('tests-fail').filter((e) => e.Action === 'attr')
    expect(attr).toEqual([
      expect.objectContaining({ Test: 'TestAddPositive', Key: 'owner', Value: 'calc' })
    ])
    expect(testOf(run('tests-fail'), 'example.com/testsfail', 'TestAddPositive').attrs).toEqual({
      owner: 'calc'
    })
  })

  // Reproducer from bench/fuzz.mjs: each attr copied the ones before it, so a test with a few
  // thousand attrs took minutes to read.
  it('collects thousands of attrs of one test, and a key named __proto__ like any other', () => {
    const events: TestEvent[] = [{ Action: 'run', Package: 'p', Test: 'TestA' }]
    for (let i = 0; i < 20_000; i++) {
      events.push({ Action: 'attr', Package: 'p', Test: 'TestA', Key: `k${i}`, Value: `${i}` })
    }
    events.push({ Action: 'attr', Package: 'p', Test: 'TestA', Key: '__proto__', Value: 'v' })
    const text = events.map((e) => JSON.stringify(e)).join('\n')
    const attrs = testOf(new TestRun().addAll(parseTestStream(text)).finish(), 'p', 'TestA').attrs
    expect(Object.keys(attrs ?? {})).toHaveLength(20_001)
    expect(attrs?.k19999).toBe('19999')
    expect(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value).toBe('v')
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype)
  })

  it('keepPassedOutput keeps the output of tests that passed', () => {
    expect(
      testOf(run('tests-fail', true), 'example.com/testsfail', 'TestAddPositive').output?.lines()
    ).toEqual([
      '=== RUN   TestAddPositive',
      '=== ATTR  TestAddPositive owner calc',
      '--- PASS: TestAddPositive (0.00s)'
    ])
  })

  it('keepPassedTests false: passed and skipped tests are counted, not kept; failures stay', () => {
    for (const name of ['tests-fail', 'tests-timeout', 'tests-panic-goroutine', 'tests-race']) {
      const all = run(name)
      const lean = new TestRun({ keepPassedTests: false })
        .addAll(parseTestStream(fs.readFileSync(path.join(recorded, `${name}.jsonl`), 'utf8')))
        .finish()
      for (const [pkgName, pkg] of all.packages) {
        const kept = lean.packages.get(pkgName)
        const tests = [...pkg.tests.values()]
        expect(kept?.status).toBe(pkg.status)
        expect(kept?.dropped).toEqual({
          pass: tests.filter((t) => t.status === 'pass').length,
          skip: tests.filter((t) => t.status === 'skip').length
        })
        expect([...(kept?.tests.values() ?? [])].map((t) => [t.name, t.status])).toEqual(
          tests
            .filter((t) => t.status !== 'pass' && t.status !== 'skip')
            .map((t) => [t.name, t.status])
        )
      }
      expect(lean.failedTests().map((t) => t.name)).toEqual(all.failedTests().map((t) => t.name))
    }
  })

  it('keepPassedTests false: output for a test already let go of goes to its package', () => {
    const lean = new TestRun({ keepPassedTests: false }).addAll([
      { Action: 'run', Package: 'p', Test: 'TestA' },
      { Action: 'pass', Package: 'p', Test: 'TestA', Elapsed: 0 },
      { Action: 'output', Package: 'p', Test: 'TestA', Output: 'late line\n' },
      { Action: 'fail', Package: 'p', Elapsed: 1 }
    ])
    lean.finish()
    const pkg = lean.packages.get('p')
    expect(pkg?.tests.size).toBe(0)
    expect(pkg?.dropped).toEqual({ pass: 1, skip: 0 })
    expect(pkg?.output?.lines()).toEqual(['late line'])
  })

  it('tests-nolocation: a failure with nothing but --- FAIL', () => {
    const t = testOf(run('tests-nolocation'), 'example.com/testsnolocation', 'TestReady')
    expect(t.status).toBe('fail')
    expect(t.output?.lines()).toEqual(['=== RUN   TestReady', '--- FAIL: TestReady (0.00s)'])
  })

  it('tests-race: the race report stays in the output of the test it landed in', () => {
    const t = testOf(run('tests-race'), 'example.com/testsrace/counter', 'TestCounterConcurrent')
    expect(t.status).toBe('fail')
    const lines = t.output?.lines() ?? []
    expect(lines.filter((l) => l === '==================')).toHaveLength(2)
    expect(lines).toContain('WARNING: DATA RACE')
    expect(lines).toContain('    testing.go:1712: race detected during execution of test')
  })

  it("tests-race-testmain: a race after the package's PASS lands in the package output", () => {
    const r = run('tests-race-testmain')
    const pkg = pkgOf(r, 'example.com/testsracetestmain')
    expect(pkg.status).toBe('fail')
    expect(testOf(r, pkg.name, 'TestHit').status).toBe('pass')
    const lines = pkg.output?.lines() ?? []
    expect(lines[0]).toBe('PASS')
    expect(lines.indexOf('WARNING: DATA RACE')).toBeGreaterThan(lines.indexOf('PASS'))
    expect(lines).toContain('Found 1 data race(s)')
  })

  it('tests-panic-goroutine: the test the panic killed ran but has no final event', () => {
    const r = run('tests-panic-goroutine')
    const pkg = pkgOf(r, 'example.com/testspanic')
    expect(pkg.status).toBe('fail')
    expect(testOf(r, pkg.name, 'TestFirst').status).toBe('pass')
    const t = testOf(r, pkg.name, 'TestBackground')
    expect(t.status).toBe('unfinished')
    expect(t.elapsed).toBeUndefined()
    expect(t.output?.lines()).toContain(
      'panic: runtime error: index out of range [0] with length 0'
    )
    expect(r.failedTests().map((x) => x.name)).toEqual(['TestBackground'])
  })

  it('tests-timeout: both stuck tests are unfinished, the quick one passed', () => {
    const r = run('tests-timeout')
    const pkg = pkgOf(r, 'example.com/teststimeout')
    expect(pkg.status).toBe('fail')
    expect(pkg.elapsed).toBeGreaterThanOrEqual(2)
    expect(Object.fromEntries([...pkg.tests.values()].map((t) => [t.name, t.status]))).toEqual({
      TestQuick: 'pass',
      TestStuckA: 'unfinished',
      TestStuckB: 'unfinished'
    })
  })

  it('tests-build: build-output/build-fail by ImportPath, FailedBuild on the package', () => {
    const r = run('tests-build')
    const id = 'example.com/testsbuild [example.com/testsbuild.test]'
    expect([...r.builds.keys()]).toEqual([id])
    const build = r.builds.get(id)
    expect(build?.failed).toBe(true)
    expect(build?.output.lines()).toEqual([
      '# example.com/testsbuild [example.com/testsbuild.test]',
      './parse_test.go:7:26: undefined: want'
    ])
    const pkg = pkgOf(r, 'example.com/testsbuild')
    expect(pkg.status).toBe('fail')
    expect(pkg.failedBuild).toBe(id)
    expect(pkg.tests.size).toBe(0)
    expect(buildIdPackage(id)).toBe('example.com/testsbuild')
  })

  it('older go: the `[build failed]` line stands for the FailedBuild go did not name', () => {
    const text = run('tests-build-text')
    expect(text.builds.size).toBe(0)
    expect(pkgOf(text, 'example.com/testsbuildnontest').failedBuild).toBe(
      'example.com/testsbuildnontest'
    )
    expect(pkgOf(run('tests-build-nontest'), 'example.com/testsbuildnontest').failedBuild).toBe(
      'example.com/testsbuildnontest [example.com/testsbuildnontest.test]'
    )
    const r = (lines: string[], action = 'fail'): TestRun =>
      new TestRun()
        .addAll(
          [
            ...lines.map((l) => ({ Action: 'output', Package: 'p/q', Output: `${l}\n` })),
            { Action: action, Package: 'p/q' }
          ].map((e) => e as TestEvent)
        )
        .finish()
    expect(pkgOf(r(['FAIL\tp/q [setup failed]']), 'p/q').failedBuild).toBe('p/q')
    // Another package's line, a test's failure, a pass: none is this package's build.
    expect(pkgOf(r(['FAIL\tp/r [build failed]']), 'p/q').failedBuild).toBeUndefined()
    expect(pkgOf(r(['FAIL\tp/q\t0.01s']), 'p/q').failedBuild).toBeUndefined()
    expect(pkgOf(r(['FAIL\tp/q [build failed]'], 'pass'), 'p/q').failedBuild).toBeUndefined()
  })

  it('tests-longline: a line over 1 KiB arrives split and is joined back into one line', () => {
    const pieces = events('tests-longline').filter(
      (e) => e.Action === 'output' && e.Test === 'TestRow' && !e.Output?.endsWith('\n')
    )
    expect(pieces.length).toBeGreaterThanOrEqual(2)
    const lines = testOf(
      run('tests-longline'),
      'example.com/testslongline',
      'TestRow'
    ).output?.lines()
    const long = lines?.filter((l) => l.includes('dump_test.go')) ?? []
    expect(long).toHaveLength(1)
    expect(long[0]?.length).toBeGreaterThan(1024)
    expect(long[0]).toBe(
      `    dump_test.go:11: Row(600) = ${'cell,'.repeat(600)}, want no trailing comma`
    )
  })

  it('tests-count: every run counts; a test that failed in any run is failed, with those runs output', () => {
    const r = run('tests-count')
    const pkg = 'example.com/testscount'
    const summary = (name: string) => {
      const t = testOf(r, pkg, name)
      return [t.status, t.runs, t.failedRuns, t.failedRunNumbers]
    }
    expect(summary('TestAlways')).toEqual(['pass', 5, 0, []])
    expect(summary('TestSometimes')).toEqual(['fail', 5, 2, [2, 3]])
    // The race detector reports a race once per binary: the 3rd run raced unseen and passed.
    expect(summary('TestRacySometimes')).toEqual(['fail', 5, 1, [2]])
    const lines = testOf(r, pkg, 'TestSometimes').output?.lines() ?? []
    expect(lines.filter((l) => l.includes('sometimes_test.go'))).toEqual([
      '    sometimes_test.go:18: run 2: got a stale value',
      '    sometimes_test.go:18: run 3: got a stale value'
    ])
    // Only the failed runs' output: two runs' framing, not five.
    expect(lines.filter((l) => l.startsWith('=== RUN'))).toHaveLength(2)
    expect(testOf(r, pkg, 'TestAlways').output).toBeUndefined()
    expect(pkgOf(r, pkg).status).toBe('fail')
  })

  it('repeated runs: elapsed adds up, and a last run the binary did not finish stays unfinished', () => {
    const r = new TestRun()
      .addAll([
        { Action: 'run', Package: 'p', Test: 'TestA' },
        { Action: 'output', Package: 'p', Test: 'TestA', Output: '    a_test.go:3: one\n' },
        { Action: 'fail', Package: 'p', Test: 'TestA', Elapsed: 0.5 },
        { Action: 'run', Package: 'p', Test: 'TestA' },
        { Action: 'output', Package: 'p', Test: 'TestA', Output: 'passing run\n' },
        { Action: 'pass', Package: 'p', Test: 'TestA', Elapsed: 0.25 },
        { Action: 'run', Package: 'p', Test: 'TestA' },
        { Action: 'output', Package: 'p', Test: 'TestA', Output: 'panic: boom\n' }
      ])
      .finish()
    const a = testOf(r, 'p', 'TestA')
    expect([a.status, a.runs, a.failedRuns, a.elapsed]).toEqual(['unfinished', 3, 1, 0.75])
    expect(a.output?.lines()).toEqual(['    a_test.go:3: one', 'panic: boom'])
  })

  it('keepPassedTests false: a test that fails in a later run is kept, failed', () => {
    const lean = new TestRun({ keepPassedTests: false })
      .addAll([
        { Action: 'run', Package: 'p', Test: 'TestA' },
        { Action: 'pass', Package: 'p', Test: 'TestA', Elapsed: 0 },
        { Action: 'run', Package: 'p', Test: 'TestA' },
        { Action: 'output', Package: 'p', Test: 'TestA', Output: '    a_test.go:3: no\n' },
        { Action: 'fail', Package: 'p', Test: 'TestA', Elapsed: 0 },
        { Action: 'run', Package: 'p', Test: 'TestA' },
        { Action: 'pass', Package: 'p', Test: 'TestA', Elapsed: 0 },
        { Action: 'fail', Package: 'p', Elapsed: 1 }
      ])
      .finish()
    const a = testOf(lean, 'p', 'TestA')
    expect([a.status, a.failedRuns]).toEqual(['fail', 1])
    expect(a.output?.lines()).toEqual(['    a_test.go:3: no'])
  })

  it('tests-flaky: fails on the first run, passes on the rerun', () => {
    const first = run('tests-flaky')
    expect(testOf(first, 'example.com/testsflaky', 'TestFlaky').status).toBe('fail')
    expect(testOf(first, 'example.com/testsflaky', 'TestStable').status).toBe('pass')
    const rerun = run('tests-flaky-rerun')
    expect(pkgOf(rerun, 'example.com/testsflaky').status).toBe('pass')
    expect(
      [...pkgOf(rerun, 'example.com/testsflaky').tests.values()].map((t) => [t.name, t.status])
    ).toEqual([['TestFlaky', 'pass']])
  })
})

describe('TestEventReader', () => {
  it('keeps non-JSON lines, JSON that is not an event, and unknown actions', () => {
    const items = parseTestStream(
      [
        'exit status 2',
        '123',
        '{"Action":5}',
        '{"Action":"output"',
        '{"Action":"frobnicate","Package":"p","Test":"TestX","Extra":[1]}',
        ''
      ].join('\r\n')
    )
    expect(items).toEqual([
      { action: 'non-json', text: 'exit status 2' },
      { action: 'non-json', text: '123' },
      { action: 'non-json', text: '{"Action":5}' },
      { action: 'non-json', text: '{"Action":"output"' },
      { Action: 'frobnicate', Package: 'p', Test: 'TestX', Extra: [1] }
    ])
    const r = new TestRun().addAll(items).finish()
    expect(r.nonJson).toEqual(['exit status 2', '123', '{"Action":5}', '{"Action":"output"'])
    expect(r.packages.get('p')?.unknownActions).toBe(1)
    expect(r.packages.get('p')?.tests.get('TestX')?.status).toBe('unfinished')
  })

  it('emits the last line at end() when the stream has no final newline', () => {
    const reader = new TestEventReader()
    expect(reader.push('{"Action":"start","Package":"p"}\n{"Action":"pass"')).toEqual([
      { Action: 'start', Package: 'p' }
    ])
    expect(reader.push(',"Package":"p"}')).toEqual([])
    expect(reader.end()).toEqual([{ Action: 'pass', Package: 'p' }])
    expect(reader.end()).toEqual([])
  })

  it('caps an endless line and says how much it cut', () => {
    const reader = new TestEventReader({ maxLine: 10 })
    expect(reader.push('x'.repeat(8))).toEqual([])
    expect(reader.push('y'.repeat(1000))).toEqual([])
    expect(reader.push('z\nok\n')).toEqual([
      { action: 'non-json', text: 'xxxxxxxxyy', truncated: 999 },
      { action: 'non-json', text: 'ok' }
    ])
  })

  it('parseLine: an event only when it is an object with a string Action', () => {
    expect(parseLine('{"Action":"run","Test":"T"}')).toEqual({ Action: 'run', Test: 'T' })
    expect(parseLine('[{"Action":"run"}]')).toEqual({
      action: 'non-json',
      text: '[{"Action":"run"}]'
    })
    expect(parseLine('null')).toEqual({ action: 'non-json', text: 'null' })
  })
})

describe('OutputLines', () => {
  it('joins pieces before splitting lines', () => {
    const out = new OutputLines(1000)
    for (const piece of ['ab', 'c\nde', '', 'f\n\n', 'g']) out.write(piece)
    expect(out.lines()).toEqual(['abc', 'def', '', 'g'])
    out.flush()
    expect(out.lines()).toEqual(['abc', 'def', '', 'g'])
    expect(out.droppedLines).toBe(0)
    expect(out.droppedAt).toBeUndefined()
  })

  it('keeps the head and the tail within its cap and counts what it dropped', () => {
    const out = new OutputLines(40)
    for (let i = 0; i < 100; i++) out.write(`line ${String(i).padStart(2, '0')}\n`)
    const lines = out.lines()
    // 8 characters a line: 2 in the head (20 characters), 2 in the tail.
    expect(lines).toEqual(['line 00', 'line 01', 'line 98', 'line 99'])
    expect(out.droppedAt).toBe(2)
    expect(out.droppedLines).toBe(96)
    expect(out.droppedChars).toBe(96 * 8)
  })

  it('cuts an endless line at the cap', () => {
    const out = new OutputLines(10)
    out.write('a'.repeat(25))
    out.write('b'.repeat(5))
    out.flush()
    // Half the cap: the head or the tail always has room for a line.
    expect(out.lines()).toEqual(['a'.repeat(5)])
    expect(out.droppedChars).toBe(25)
    expect(out.droppedLines).toBe(0)
  })
})

describe('properties', () => {
  const all = Object.keys(index.recordings).map(read).join('')
  // Non-JSON lines and multi-byte characters, so byte chunks can split a UTF-8 sequence.
  const mixed = `exit status 2\nnot json: ünïcødé ✓ 😀\n${read('tests-longline')}${read('tests-race')}partial {"Action":`
  const expected = parseTestStream(mixed)

  it('any chunking of the text yields the same events', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        expect(chunked(mixed, cuts)).toEqual(expected)
      }),
      { numRuns: 150 }
    )
  })

  it('any chunking of the bytes yields the same events', () => {
    const bytes = new TextEncoder().encode(mixed)
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        expect(chunked(bytes, cuts)).toEqual(expected)
      }),
      { numRuns: 150 }
    )
  })

  it('any chunking of every recording gives the same per-test results', () => {
    const want = summary(new TestRun().addAll(parseTestStream(all)).finish())
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (cuts) => {
        expect(summary(new TestRun().addAll(chunked(all, cuts)).finish())).toEqual(want)
      }),
      { numRuns: 60 }
    )
  })

  it('arbitrary bytes never throw: one item a line, each within the line cap', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer({ min: 1, max: 64 }),
        (bytes, cuts, maxLine) => {
          const reader = new TestEventReader({ maxLine })
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
          const items: StreamItem[] = []
          let last = 0
          for (const p of [...points, bytes.length]) {
            items.push(...reader.push(bytes.subarray(last, p)))
            last = p
          }
          items.push(...reader.end())
          const newlines = bytes.filter((b) => b === 10).length
          const trailing = bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? 1 : 0
          expect(items).toHaveLength(newlines + trailing)
          for (const item of items) {
            if (isNonJson(item)) expect(item.text.length).toBeLessThanOrEqual(maxLine)
          }
          const r = new TestRun({ maxOutputPerTest: 16, maxNonJsonLines: 3 }).addAll(items).finish()
          expect(r.nonJson.length).toBeLessThanOrEqual(3)
          expect(r.nonJson.length + r.nonJsonDropped).toBe(items.filter(isNonJson).length)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('a recording cut anywhere: nothing left running, what finished finished as in the whole', () => {
    const names = Object.keys(index.recordings)
    const whole = new Map(
      names.map((n) => [n, new TestRun().addAll(parseTestStream(read(n))).finish()])
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (name, where, cuts) => {
          const bytes = new TextEncoder().encode(read(name))
          // Cut at any byte, even inside a UTF-8 sequence or a JSON string.
          const prefix = bytes.subarray(0, Math.floor(where * bytes.length))
          const r = new TestRun().addAll(chunked(prefix, cuts)).finish()
          const full = whole.get(name) as TestRun
          for (const pkg of r.packages.values()) {
            const fullPkg = full.packages.get(pkg.name)
            expect(fullPkg).toBeDefined()
            expect(pkg.status).not.toBe('running')
            if (pkg.status !== 'unfinished') expect(pkg.status).toBe(fullPkg?.status)
            for (const t of pkg.tests.values()) {
              expect(t.status).not.toBe('running')
              const fullTest = fullPkg?.tests.get(t.name)
              expect(fullTest).toBeDefined()
              // Under -count a later run may still fail: only a test's last run is final.
              if (t.status !== 'unfinished' && t.runs === fullTest?.runs)
                expect([t.name, t.status]).toEqual([t.name, fullTest?.status])
            }
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it('output stays within its cap per test and per package, whatever arrives', () => {
    const max = 48
    const within = (out: OutputLines | undefined): void => {
      if (out === undefined) return
      const kept = out.lines().reduce((n, l) => n + l.length + 1, 0)
      expect(kept).toBeLessThanOrEqual(1.5 * max + 2)
    }
    const output = fc.record({
      Action: fc.constantFrom('output', 'output', 'output', 'run', 'fail', 'pass'),
      Package: fc.constantFrom('p', 'q'),
      Test: fc.option(fc.constantFrom('T', 'T/s', 'U'), { nil: undefined }),
      Output: fc.oneof(
        fc.string({ maxLength: 70 }),
        fc.constantFrom('\n', 'line\n', 'x'.repeat(200))
      )
    })
    fc.assert(
      fc.property(fc.array(output, { maxLength: 200 }), (events) => {
        const r = new TestRun({ maxOutputPerTest: max, keepPassedOutput: true })
        for (const e of events) {
          r.add(e)
          for (const pkg of r.packages.values()) {
            within(pkg.output)
            for (const t of pkg.tests.values()) within(t.output)
          }
        }
        r.finish()
        for (const pkg of r.packages.values()) {
          within(pkg.output)
          for (const t of pkg.tests.values()) within(t.output)
        }
      }),
      { numRuns: 200 }
    )
  })

  it('arbitrary junk never throws, and every line becomes exactly one item', () => {
    const junk = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc
        .array(
          fc.oneof(
            fc.json(),
            fc.constantFrom('{"Action":"output","Package":"p","Test":"T","Output":"x', '\n', '{'),
            fc
              .record({
                Action: fc.constantFrom(
                  'run',
                  'output',
                  'pass',
                  'fail',
                  'skip',
                  'build-fail',
                  'zzz'
                ),
                Package: fc.option(fc.constantFrom('p', 'q'), { nil: undefined }),
                Test: fc.option(fc.constantFrom('T', 'T/s', ''), { nil: undefined }),
                Output: fc.option(fc.string(), { nil: undefined }),
                Elapsed: fc.option(fc.double(), { nil: undefined })
              })
              .map((e) => JSON.stringify(e))
          ),
          { maxLength: 30 }
        )
        .map((parts) => parts.join('\n'))
    )
    fc.assert(
      fc.property(junk, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const items = chunked(text, cuts)
        const lines = text.split('\n')
        if (lines[lines.length - 1] === '') lines.pop()
        expect(items).toHaveLength(lines.length)
        const r = new TestRun({ maxOutputPerTest: 64 }).addAll(items).finish()
        for (const pkg of r.packages.values()) {
          expect(pkg.status).not.toBe('running')
          for (const t of pkg.tests.values()) expect(t.status).not.toBe('running')
        }
      }),
      { numRuns: 300 }
    )
  })
})
