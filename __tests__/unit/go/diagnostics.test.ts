// Failure locations, data races, panics, timeouts and compiler errors in `go test -race -json`
// output recorded from the installed go by `npm run record:tests` in the __fixtures__/go/tests-*
// modules. The recordings were made in temporary copies of the fixtures: the module directory a
// check would know is recovered here from the paths go printed, never assumed.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { failureLocation, parseShuffleSeed } from '../../../src/go/diagnostics.js'
import {
  firstRepoFrame,
  functionName,
  parseFrames,
  repoRelative,
  type Frame
} from '../../../src/go/stackframes.js'
import {
  goroutineOfTest,
  parseGoroutines,
  parsePanic,
  parseTimeout
} from '../../../src/go/panics.js'
import { parseCompilerErrors } from '../../../src/go/compilererrors.js'
import { parseRaces, raceKey, type RaceReport } from '../../../src/go/races.js'
import { TestRun } from '../../../src/go/testjson.js'
import { parseTestStream } from '../../../src/go/testevents.js'

const recorded = path.resolve('__fixtures__/recorded/test2json')
const fixtures = path.resolve('__fixtures__/go')
const read = (name: string): string => fs.readFileSync(path.join(recorded, `${name}.jsonl`), 'utf8')
const run = (name: string): TestRun => new TestRun().addAll(parseTestStream(read(name))).finish()

function outputOf(name: string, pkg: string, test?: string): string[] {
  const p = run(name).packages.get(pkg)
  const out = test === undefined ? p?.output : p?.tests.get(test)?.output
  if (out === undefined) throw new Error(`no output for ${pkg} ${test ?? ''}`)
  return out.lines()
}

/** Where go ran the fixture (a temporary copy) and GOROOT when it shows, from the recording. */
function contextOf(name: string, fixture = name): { moduleDir: string; goroot?: string } {
  const text = read(name)
  const moduleDir = new RegExp(`(/[^"\\s]*/${fixture})/`).exec(text)?.[1]
  if (moduleDir === undefined) throw new Error(`no module directory in ${name}`)
  const goroot = /(\/[^"\s]*)\/src\/(?:testing|runtime|sync|time)\/\w+\.go:/.exec(text)?.[1]
  return goroot === undefined ? { moduleDir } : { moduleDir, goroot }
}

/** Line `line` of a fixture file. */
const sourceLine = (file: string, line: number): string =>
  (fs.readFileSync(path.join(fixtures, file), 'utf8').split('\n')[line - 1] ?? '').trim()

const RACE_PKG = 'example.com/testsrace/counter'

describe('failure locations', () => {
  it('t.Errorf: the file, line and message the testing package printed', () => {
    const lines = outputOf('tests-fail', 'example.com/testsfail', 'TestAddNegative')
    expect(failureLocation(lines, { packageDir: '.' })).toEqual({
      file: 'calc_test.go',
      line: 14,
      message: 'Add(-1, 2) = 2, want 1',
      path: 'calc_test.go'
    })
    expect(sourceLine('tests-fail/calc_test.go', 14)).toMatch(/^t\.Errorf\("Add\(-1, 2\)/)
  })

  it('a failing subtest: its own location, under its full name', () => {
    const lines = outputOf('tests-fail', 'example.com/testsfail', 'TestAddTable/negative')
    expect(failureLocation(lines, { packageDir: 'pkg/calc' })).toEqual({
      file: 'calc_test.go',
      line: 26,
      message: 'Add(-2, -3) = -4, want -5',
      path: 'pkg/calc/calc_test.go'
    })
    expect(sourceLine('tests-fail/calc_test.go', 26)).toMatch(/^t\.Errorf\("Add\(-2, -3\)/)
    // The parent failed only because its subtest did: no location of its own.
    expect(
      failureLocation(outputOf('tests-fail', 'example.com/testsfail', 'TestAddTable'))
    ).toBeUndefined()
  })

  it('t.Fail(): no location', () => {
    const lines = outputOf('tests-nolocation', 'example.com/testsnolocation', 'TestReady')
    expect(failureLocation(lines)).toBeUndefined()
  })

  it('a message over 1 KiB, joined from its pieces', () => {
    const lines = outputOf('tests-longline', 'example.com/testslongline', 'TestRow')
    const location = failureLocation(lines)
    expect(location?.file).toBe('dump_test.go')
    expect(location?.line).toBe(11)
    expect(location?.message).toBe(`Row(600) = ${'cell,'.repeat(600)}, want no trailing comma`)
    expect(sourceLine('tests-longline/dump_test.go', 11)).toMatch(/^t\.Errorf/)
  })

  it("testing.go's race line is never the location; package files can be named", () => {
    const lines = outputOf('tests-race', RACE_PKG, 'TestCounterConcurrent')
    expect(lines).toContain('    testing.go:1712: race detected during execution of test')
    expect(failureLocation(lines)).toMatchObject({ file: 'counter_test.go', line: 19 })
    expect(failureLocation(lines, { packageFiles: ['counter.go'] })).toBeUndefined()
  })

  // Issue 10: a file name with a colon was no location at all (the name was read up to the
  // first colon), so the failure fell back to the test's func line.
  it('file names with a colon, a percent sign or a comma, and no path separator', () => {
    expect(failureLocation(['    12:30_test.go:10: at = 12:29'])).toEqual({
      file: '12:30_test.go',
      line: 10,
      message: 'at = 12:29'
    })
    expect(failureLocation(['    100%,done_test.go:8: done'])).toMatchObject({ line: 8 })
    // The first `.go:NN:` that names a file of the package.
    const files = ['x.go:1:y_test.go', 'sp ace_test.go']
    expect(failureLocation(['    x.go:1:y_test.go:5: m'], { packageFiles: files })).toEqual({
      file: 'x.go:1:y_test.go',
      line: 5,
      message: 'm'
    })
    expect(failureLocation(['    sp ace_test.go:3: m'], { packageFiles: files })).toMatchObject({
      file: 'sp ace_test.go'
    })
    // Without the package's files, names with spaces are not taken: `got: a_test.go:3:` is text.
    expect(failureLocation(['    got: a_test.go:3: m'])).toBeUndefined()
    expect(failureLocation(['    dir/a_test.go:3: m', '    a\\b_test.go:4: m'])).toBeUndefined()
  })

  it('multi-line messages keep their continuation lines', () => {
    const lines = [
      '=== RUN   TestX',
      '    x_test.go:7: got:',
      '        a',
      '        b',
      '    helper.go:3: from a helper',
      '--- FAIL: TestX (0.00s)'
    ]
    expect(failureLocation(lines)).toEqual({ file: 'x_test.go', line: 7, message: 'got:\na\nb' })
    expect(failureLocation(lines, { packageFiles: ['helper.go', 'x_test.go'] })).toEqual({
      file: 'helper.go',
      line: 3,
      message: 'from a helper'
    })
  })
})

describe('data races', () => {
  const races = parseRaces(outputOf('tests-race', RACE_PKG, 'TestCounterConcurrent'))
  const context = contextOf('tests-race')

  it('one report, with both accesses and both goroutine creation sites', () => {
    expect(races).toHaveLength(1)
    const race = races[0] as RaceReport
    expect(race.current.kind).toBe('read')
    expect(race.current.atomic).toBe(false)
    expect(race.previous?.kind).toBe('write')
    expect(race.current.goroutine).not.toBe(race.previous?.goroutine)
    expect(race.current.frames.map((f) => [f.function, path.basename(f.file), f.line])).toEqual([
      ['example.com/testsrace/counter.(*Counter).Inc', 'counter.go', 11],
      ['example.com/testsrace/counter.TestCounterConcurrent.func1', 'counter_test.go', 15]
    ])
    expect(race.creations.map((c) => c.goroutine).sort()).toEqual(
      [race.current.goroutine, race.previous?.goroutine].sort()
    )
    for (const creation of race.creations) {
      expect(firstRepoFrame(creation.frames, context)).toMatchObject({
        relative: 'counter/counter_test.go',
        line: 13
      })
    }
  })

  it('located at the increment, the first frame inside the module', () => {
    const race = races[0] as RaceReport
    const frame = firstRepoFrame(race.current.frames, context)
    expect(frame).toMatchObject({ relative: 'counter/counter.go', line: 11 })
    expect(sourceLine(`tests-race/${frame?.relative}`, frame?.line ?? 0)).toBe('c.n++')
    expect(firstRepoFrame(race.previous?.frames ?? [], context)).toMatchObject({
      relative: 'counter/counter.go',
      line: 11
    })
  })

  it('in TestMain after PASS: found in the package output, creation frames skip _testmain.go', () => {
    const lines = outputOf('tests-race-testmain', 'example.com/testsracetestmain')
    const found = parseRaces(lines)
    expect(found).toHaveLength(1)
    const tm = contextOf('tests-race-testmain')
    const race = found[0] as RaceReport
    expect(firstRepoFrame(race.current.frames, tm)).toMatchObject({ relative: 'cache.go', line: 9 })
    expect(sourceLine('tests-race-testmain/cache.go', 9)).toBe('Hits++')
    const creation = race.creations[0]
    expect(creation?.frames.map((f) => f.file)).toContain('_testmain.go')
    expect(firstRepoFrame(creation?.frames ?? [], tm)).toMatchObject({
      relative: 'cache_test.go',
      line: 19
    })
  })

  it('dedup key: the two access stacks, whichever order and goroutines they came in', () => {
    const race = races[0] as RaceReport
    const swapped: RaceReport = {
      ...race,
      current: { ...(race.previous as RaceReport['current']), goroutine: 99 },
      previous: race.current
    }
    expect(raceKey(swapped)).toBe(raceKey(race))
    const other = parseRaces(outputOf('tests-race-testmain', 'example.com/testsracetestmain'))[0]
    expect(raceKey(other as RaceReport)).not.toBe(raceKey(race))
    const moved: RaceReport = {
      ...race,
      current: {
        ...race.current,
        frames: race.current.frames.map((f, i) => (i === 0 ? { ...f, line: 12 } : f))
      }
    }
    expect(raceKey(moved)).not.toBe(raceKey(race))
    // Two different stacks, reported the other way round.
    expect(raceKey({ ...moved, current: race.current, previous: moved.current })).toBe(
      raceKey(moved)
    )
  })

  it('the main goroutine, atomics, a lost stack and the memory location', () => {
    const lines = [
      '==================',
      'WARNING: DATA RACE',
      'Atomic write at 0x00c000012345 by main goroutine:',
      '  example.com/m.f()',
      '      /src/m/f.go:3 +0x1',
      '',
      'Previous read at 0x00c000012345 by goroutine 7:',
      '  [failed to restore the stack]',
      '',
      "Location is global 'x' of size 8 at 0x00c000012345 (m+0x1)",
      '',
      'Goroutine 7 (finished) created at:',
      '  example.com/m.g()',
      '      /src/m/f.go:9 +0x2',
      '=================='
    ]
    const [race] = parseRaces(lines)
    expect(race?.current).toEqual({
      kind: 'write',
      atomic: true,
      goroutine: 1,
      frames: [{ function: 'example.com/m.f', file: '/src/m/f.go', line: 3 }]
    })
    expect(race?.previous).toEqual({ kind: 'read', atomic: false, goroutine: 7, frames: [] })
    expect(race?.location).toBe("Location is global 'x' of size 8 at 0x00c000012345 (m+0x1)")
    expect(race?.creations).toEqual([
      {
        goroutine: 7,
        state: 'finished',
        frames: [{ function: 'example.com/m.g', file: '/src/m/f.go', line: 9 }]
      }
    ])
  })
})

describe('firstRepoFrame', () => {
  const context = {
    moduleDir: '/repo',
    goroot: '/usr/local/go',
    gomodcache: '/repo/.cache/mod',
    modulePath: 'example.com/m'
  }
  const f = (fn: string, file: string, line = 1): Frame => ({ function: fn, file, line })

  it('skips runtime, testing, the standard library, the module cache, vendor and generated code', () => {
    const frames = [
      f('runtime.gopanic', '/usr/local/go/src/runtime/panic.go'),
      f('testing.tRunner', '/usr/local/go/src/testing/testing.go'),
      f('sync.(*Mutex).Lock', '/usr/local/go/src/sync/mutex.go'),
      f('github.com/x/y.Do', '/repo/.cache/mod/github.com/x/y@v1.0.0/y.go'),
      f('github.com/v/w.Do', '/repo/vendor/github.com/v/w/w.go'),
      f('example.com/m.(*T).String', '<autogenerated>'),
      f('main.main', '_testmain.go'),
      f('example.com/m/pkg.Do', '/repo/pkg/do.go', 42),
      f('example.com/m/pkg.TestDo', '/repo/pkg/do_test.go', 7)
    ]
    expect(firstRepoFrame(frames, context)).toEqual({
      ...f('example.com/m/pkg.Do', '/repo/pkg/do.go', 42),
      relative: 'pkg/do.go'
    })
    expect(firstRepoFrame(frames.slice(0, 7), context)).toBeUndefined()
  })

  it('a directory that merely starts like the module is not inside it; -trimpath and Windows paths', () => {
    expect(repoRelative(f('x.F', '/repo-other/x.go'), context)).toBeUndefined()
    expect(repoRelative(f('x.F', 'example.com/m/pkg/x.go'), context)).toBe('pkg/x.go')
    expect(
      repoRelative(f('x.F', 'D:/a/repo/repo/pkg/x.go'), { moduleDir: 'D:\\a\\repo\\repo\\' })
    ).toBe('pkg/x.go')
  })
})

describe('panics', () => {
  it('a panic in a goroutine a test started: located at the first frame in the module', () => {
    const lines = outputOf('tests-panic-goroutine', 'example.com/testspanic', 'TestBackground')
    const panic = parsePanic(lines)
    expect(panic?.kind).toBe('panic')
    expect(panic?.message).toBe('runtime error: index out of range [0] with length 0')
    expect(panic?.goroutine?.state).toBe('running')
    const context = contextOf('tests-panic-goroutine')
    const frame = firstRepoFrame(panic?.goroutine?.frames ?? [], context)
    expect(frame).toMatchObject({
      function: 'example.com/testspanic.First',
      relative: 'worker.go',
      line: 11
    })
    expect(sourceLine('tests-panic-goroutine/worker.go', 11)).toBe('return j.Items[0]')
    expect(panic?.goroutine?.createdBy).toMatchObject({
      function: 'example.com/testspanic.Start',
      line: 16
    })
  })

  it('a panic in the test itself, re-panicked by testing: runtime and testing frames skipped', () => {
    const lines = [
      'panic: boom [recovered]',
      '\tpanic: boom',
      '',
      'goroutine 7 [running]:',
      'testing.tRunner.func1.2({0x5c1a40, 0x6d8f10})',
      '\t/usr/local/go/src/testing/testing.go:1734 +0x21c',
      'panic({0x5c1a40?, 0x6d8f10?})',
      '\t/usr/local/go/src/runtime/panic.go:792 +0x132',
      'example.com/m.TestBoom(0xc000102a80?)',
      '\t/repo/m_test.go:6 +0x25',
      'testing.tRunner(0xc000102a80, 0x6183d8)',
      '\t/usr/local/go/src/testing/testing.go:1792 +0xf4',
      'created by testing.(*T).Run in goroutine 1',
      '\t/usr/local/go/src/testing/testing.go:1851 +0x413',
      'FAIL\texample.com/m\t0.006s'
    ]
    const panic = parsePanic(lines)
    expect(panic?.message).toBe('boom [recovered]\npanic: boom')
    expect(panic?.value).toBe('boom')
    // Since go 1.25 the runtime says it in one line.
    expect(
      parsePanic(['panic: boom [recovered, repanicked]', '', ...lines.slice(3)])
    ).toMatchObject({ message: 'boom [recovered, repanicked]', value: 'boom' })
    // A value that merely mentions it keeps it.
    expect(parsePanic(['panic: [recovered] twice'])?.value).toBe('[recovered] twice')
    expect(panic?.goroutine?.frames.map((x) => x.function)).toEqual([
      'testing.tRunner.func1.2',
      'panic',
      'example.com/m.TestBoom',
      'testing.tRunner'
    ])
    expect(
      firstRepoFrame(panic?.goroutine?.frames ?? [], {
        moduleDir: '/repo',
        goroot: '/usr/local/go'
      })
    ).toMatchObject({ relative: 'm_test.go', line: 6 })
  })

  it('functionName strips only the argument list', () => {
    expect(functionName('example.com/m.(*T).M(0xc000, {0x1, 0x2}, ...)')).toBe(
      'example.com/m.(*T).M'
    )
    expect(functionName('example.com/m.First(...)')).toBe('example.com/m.First')
    expect(functionName('main.main()')).toBe('main.main')
    expect(functionName('panic')).toBe('panic')
  })
})

describe('timeouts', () => {
  const r = run('tests-timeout')
  const tests = [...(r.packages.get('example.com/teststimeout')?.tests.values() ?? [])]
  // test2json attributes the panic to whichever test last printed: look in all of them.
  const withPanic = tests.filter((t) =>
    t.output?.lines().some((l) => l.startsWith('panic: test timed out'))
  )

  it('the running tests list names the stuck tests, not the one the output landed in', () => {
    expect(withPanic).toHaveLength(1)
    const timeout = parseTimeout(withPanic[0]?.output?.lines() ?? [])
    expect(timeout?.after).toBe('2s')
    expect(timeout?.running.map((t) => t.name)).toEqual(['TestStuckA', 'TestStuckB'])
    expect(timeout?.running.every((t) => /^\d/.test(t.duration))).toBe(true)
  })

  it("each stuck test's goroutine: where it blocks, and its own line in the test file", () => {
    const timeout = parseTimeout(withPanic[0]?.output?.lines() ?? [])
    const context = contextOf('tests-timeout')
    const places = ['TestStuckA', 'TestStuckB'].map((name) => {
      const g = goroutineOfTest(timeout?.goroutines ?? [], name)
      const inTest = g?.frames.find((x) => x.function.endsWith(`.${name}`))
      return [
        firstRepoFrame(g?.frames ?? [], context)?.relative,
        firstRepoFrame(g?.frames ?? [], context)?.line,
        inTest?.line
      ]
    })
    expect(places).toEqual([
      ['lock.go', 6, 9],
      ['lock.go', 6, 14]
    ])
    expect(sourceLine('tests-timeout/lock.go', 6)).toBe('<-ch')
    expect(sourceLine('tests-timeout/lock_test.go', 14)).toBe('Wait(make(chan struct{}))')
  })

  it('not a timeout: undefined', () => {
    expect(
      parseTimeout(outputOf('tests-panic-goroutine', 'example.com/testspanic', 'TestBackground'))
    ).toBeUndefined()
  })
})

describe('shuffle seed', () => {
  it('from the first line of a shuffled package, as a string: seeds are int64', () => {
    expect(parseShuffleSeed(['-test.shuffle 1776000000123456789', '=== RUN   TestX'])).toBe(
      '1776000000123456789'
    )
    expect(parseShuffleSeed(['-test.shuffle -5'])).toBe('-5')
    expect(parseShuffleSeed(['PASS', 'ok  \tp\t0.1s'])).toBeUndefined()
    expect(parseShuffleSeed(['    x_test.go:3: -test.shuffle 5'])).toBeUndefined()
  })
})

describe('compiler errors', () => {
  it('build-output of an undefined name in a _test.go: file, line and column', () => {
    const r = run('tests-build')
    const lines = [...r.builds.values()].flatMap((b) => b.output.lines())
    expect(parseCompilerErrors(lines)).toEqual([
      { file: 'parse_test.go', line: 7, column: 26, message: 'undefined: want' }
    ])
    expect(sourceLine('tests-build/parse_test.go', 7).indexOf('want')).toBeGreaterThan(0)
  })

  it('deduplicated, without columns, vet-prefixed, in subdirectories', () => {
    expect(
      parseCompilerErrors([
        '# example.com/m/a',
        'a/a.go:3:2: undefined: x',
        '# example.com/m/b',
        'a/a.go:3:2: undefined: x',
        'vet: b/b_test.go:9:2: fmt.Printf format %d has arg s of wrong type string',
        '/abs/c.go:4: syntax error',
        'FAIL\texample.com/m/a [build failed]'
      ])
    ).toEqual([
      { file: 'a/a.go', line: 3, column: 2, message: 'undefined: x' },
      {
        file: 'b/b_test.go',
        line: 9,
        column: 2,
        message: 'fmt.Printf format %d has arg s of wrong type string'
      },
      { file: '/abs/c.go', line: 4, message: 'syntax error' }
    ])
  })
})

// Reproducers from bench/fuzz.mjs: lines on which a pattern backtracked quadratically (these
// took minutes to hours; what they must yield is asserted, never how long).
describe('long lines', () => {
  it('a stack with a line of 1 MiB of blanks: the frames before it', () => {
    const blanks = `${' \t'.repeat(1 << 19)}x`
    const lines = [
      'goroutine 19 [running]:',
      'example.com/m.TestX.func1()',
      '\t/repo/x_test.go:10 +0x1d',
      'example.com/m.f()',
      blanks
    ]
    expect(parseGoroutines(lines)).toEqual([
      {
        id: 19,
        state: 'running',
        frames: [{ function: 'example.com/m.TestX.func1', file: '/repo/x_test.go', line: 10 }]
      }
    ])
    // Not a file line: a function (its name trimmed), when a file line follows.
    expect(parseFrames([blanks, '\t/repo/x_test.go:10'], 0).frames).toEqual([
      { function: 'x', file: '/repo/x_test.go', line: 10 }
    ])
  })

  it('a build line with 160,000 `.go:N:` and a line separator: its first one', () => {
    const line = `./a_test.go:1: ${'x_test.go:2: '.repeat(160_000)}\u2028end`
    expect(parseCompilerErrors([line])).toEqual([
      { file: 'a_test.go', line: 1, message: line.slice('./a_test.go:1: '.length) }
    ])
  })
})

describe('properties', () => {
  it('arbitrary lines never throw any parser', () => {
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.constantFrom(
        '==================',
        'WARNING: DATA RACE',
        'Read at 0x00c0 by goroutine 3:',
        'Goroutine 3 (running) created at:',
        'panic: test timed out after 1s',
        '\trunning tests:',
        '\t\tTestX (1s)',
        'goroutine 1 [running]:',
        'created by x.Y in goroutine 2',
        '\t/a/b.go:3 +0x1',
        '  f()',
        '    x_test.go:3: m',
        '',
        'x.go:1:2: e',
        'panic: x [recovered, repanicked]',
        '-test.shuffle 7',
        '# [example.com/m]',
        'Previous write at 0x00c0 by main goroutine:',
        '  slices.Index[go.shape.[]int,go.shape.int]()'
      )
    )
    const context = { moduleDir: '/a', goroot: '/g' }
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        failureLocation(lines, { packageDir: 'p' })
        for (const race of parseRaces(lines)) {
          raceKey(race)
          firstRepoFrame(race.current.frames, context)
        }
        const panic = parsePanic(lines)
        if (panic) firstRepoFrame(panic.goroutine?.frames ?? [], context)
        parseTimeout(lines)
        parseCompilerErrors(lines)
        parseShuffleSeed(lines)
        for (let i = 0; i < lines.length; i++) parseFrames(lines, i)
      }),
      { numRuns: 500 }
    )
  })

  it('any window of real output, with lines dropped, parses into sane places', () => {
    const names = fs
      .readdirSync(recorded)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.slice(0, -'.jsonl'.length))
    const outputs = names.flatMap((name) => {
      const r = run(name)
      return [...r.packages.values()].flatMap((p) => [
        p.output?.lines() ?? [],
        ...[...p.tests.values()].map((t) => t.output?.lines() ?? [])
      ])
    })
    const real = outputs.filter((lines) => lines.length > 2)
    const sane = (frames: readonly Frame[]): void => {
      for (const f of frames) {
        expect(f.file).not.toBe('')
        expect(f.line).toBeGreaterThan(0)
        expect(f.function.trim()).toBe(f.function)
      }
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...real),
        fc.nat(),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 5 }),
        (lines, a, b, drop) => {
          const from = a % lines.length
          const window = lines
            .slice(from, from + 1 + (b % lines.length))
            .filter((_, i) => !drop.includes(i))
          const location = failureLocation(window, { packageDir: 'p' })
          if (location) expect(location.line).toBeGreaterThan(0)
          for (const race of parseRaces(window)) {
            sane(race.current.frames)
            sane(race.previous?.frames ?? [])
            for (const c of race.creations) sane(c.frames)
            expect(raceKey(race)).toBe(raceKey(race))
          }
          const panic = parsePanic(window)
          for (const g of panic?.goroutines ?? []) sane(g.frames)
          const timeout = parseTimeout(window)
          for (const t of timeout?.running ?? []) expect(t.name).toMatch(/^Test/)
          for (const e of parseCompilerErrors(window)) expect(e.line).toBeGreaterThan(0)
        }
      ),
      { numRuns: 400 }
    )
  })
})
