// Every recording of `go test -race -json` in __fixtures__/recorded/test2json (made by
// `npm run record:tests`, scripts/record-test-output.mjs, from the installed go in temporary
// copies of __fixtures__/go/tests-*), read the way the tests check reads go's stdout: through
// TestEventReader in chunks of any size, into a TestRun, then the diagnostics parsers. Each
// recording yields its facts (which tests failed, where, the races, the panic, the timeout, the
// compiler errors), compared with what its fixture's sources say: the lines are found by their
// `// mark: <name>` comments (or their code, in the older fixtures), never written down as
// numbers. index.json gives what a check would know: the module directory go ran in, GOROOT and
// the module cache of the recording go.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { failureLocation, parseShuffleSeed } from '../../../src/go/diagnostics.js'
import {
  firstRepoFrame,
  repoRelative,
  type Frame,
  type RepoContext
} from '../../../src/go/stackframes.js'
import { goroutineOfTest, parsePanic, parseTimeout } from '../../../src/go/panics.js'
import { parseCompilerErrors } from '../../../src/go/compilererrors.js'
import { parseRaces, raceKey } from '../../../src/go/races.js'
import { TestRun } from '../../../src/go/testjson.js'
import {
  isNonJson,
  parseTestStream,
  TestEventReader,
  type StreamItem,
  type TestEvent
} from '../../../src/go/testevents.js'
import { type TestStatus } from '../../../src/go/testoutcomes.js'

const recorded = path.resolve('__fixtures__/recorded/test2json')
const fixtures = path.resolve('__fixtures__/go')

interface Recording {
  command: string
  env?: Record<string, string>
  /** Fixture files the recording's copy had under another name. */
  renamed?: Record<string, string>
  fixture: string
  moduleDir: string
  about: string
  exitCode: number | null
  signal?: string
}
const index = JSON.parse(fs.readFileSync(path.join(recorded, 'index.json'), 'utf8')) as {
  goVersion: string
  goroot: string
  gomodcache: string
  recordings: Record<string, Recording>
}
const recording = (name: string): Recording => {
  const r = index.recordings[name]
  if (r === undefined) throw new Error(`no recording ${name}`)
  return r
}
const stdout = (name: string): string =>
  fs.readFileSync(path.join(recorded, `${name}.jsonl`), 'utf8')
const stderr = (name: string): string[] =>
  fs
    .readFileSync(path.join(recorded, `${name}.stderr`), 'utf8')
    .split('\n')
    .filter((l) => l !== '')

// ---------------------------------------------------------------------------------------------
// Fixture sources

const sources = (fixture: string, file: string): string[] =>
  fs.readFileSync(path.join(fixtures, fixture, file), 'utf8').split('\n')

/** `// mark: name`, as the fixtures write it. */
const mark = (name: string): string => `// mark: ${name}`

/** 1-based number of the one line of a fixture file that holds `text`. */
function lineOf(fixture: string, file: string, text: string): number {
  const lines = sources(fixture, file)
  const found = lines.flatMap((l, i) => (l.includes(text) ? [i + 1] : []))
  if (found.length !== 1)
    throw new Error(`${found.length} lines of ${fixture}/${file} hold ${text}`)
  return found[0] as number
}

/** `file:line` of that line: `file` relative to the fixture (the module). */
const at = (fixture: string, file: string, text: string): string =>
  `${file}:${lineOf(fixture, file, text)}`

/** `file:line:column`: the column (1-based, a tab counts 1, as go counts) where `token` starts. */
function atColumn(fixture: string, file: string, text: string, token: string): string {
  const line = lineOf(fixture, file, text)
  const column = (sources(fixture, file)[line - 1] as string).indexOf(token) + 1
  if (column === 0) throw new Error(`no ${token} on ${fixture}/${file}:${line}`)
  return `${file}:${line}:${column}`
}

/** `file:line` of the first line holding `text` in the body of `func test(`. */
function inFunc(fixture: string, file: string, test: string, text: string): string {
  const start = lineOf(fixture, file, `func ${test}(`)
  const lines = sources(fixture, file)
  for (let i = start; i < lines.length && lines[i] !== '}'; i++) {
    if ((lines[i] as string).includes(text)) return `${file}:${i + 1}`
  }
  throw new Error(`no ${text} in ${test} of ${fixture}/${file}`)
}

/** The line of the `func TestX(` declaration, where a check falls back to. */
const funcLine = (fixture: string, file: string, test: string): string =>
  at(fixture, file, `func ${test}(`)

const modulePath = (fixture: string): string =>
  /^module (\S+)$/m.exec(sources(fixture, 'go.mod').join('\n'))?.[1] ?? ''

// ---------------------------------------------------------------------------------------------
// Reading

/** The stream through a reader in chunks of `size` characters (or bytes). */
function inChunks(text: string | Uint8Array, size: number): StreamItem[] {
  const reader = new TestEventReader()
  const items: StreamItem[] = []
  for (let i = 0; i < text.length; i += size) items.push(...reader.push(text.slice(i, i + size)))
  return [...items, ...reader.end()]
}

/** Everything a run learned, as plain data, to compare two ways of reading. */
function summary(r: TestRun): unknown {
  return {
    nonJson: r.nonJson,
    builds: [...r.builds.values()].map((b) => [b.importPath, b.failed, b.output.lines()]),
    packages: [...r.packages.values()].map((p) => ({
      name: p.name,
      status: p.status,
      elapsed: p.elapsed,
      failedBuild: p.failedBuild,
      output: p.output?.lines(),
      unknownActions: p.unknownActions,
      tests: [...p.tests.values()].map((t) => [
        t.name,
        t.status,
        t.runs,
        t.failedRunNumbers,
        t.output?.lines(),
        t.attrs
      ])
    }))
  }
}

const runs = new Map<string, TestRun>()

/** The recording read whole, in odd chunk sizes and as bytes: the same run every time. */
function load(name: string): TestRun {
  const cached = runs.get(name)
  if (cached !== undefined) return cached
  const text = stdout(name)
  const bytes = new TextEncoder().encode(text)
  const read = (items: StreamItem[]): TestRun => new TestRun().addAll(items).finish()
  const whole = read(parseTestStream(text))
  const want = summary(whole)
  for (const [how, items] of [
    ...[1, 7, 61, 1021].map((n) => [`${n} characters`, inChunks(text, n)] as const),
    ...[3, 4093].map((n) => [`${n} bytes`, inChunks(bytes, n)] as const)
  ]) {
    expect([name, how, summary(read(items))]).toEqual([name, how, want])
  }
  runs.set(name, whole)
  return whole
}

// ---------------------------------------------------------------------------------------------
// Facts: what the tests check needs from a run

interface Facts {
  /** Package import path -> status (and the build that failed it). */
  packages: Record<string, TestStatus | `${TestStatus}, build ${string}`>
  failed: string[]
  unfinished: string[]
  /** Test run more than once (-count) -> `failed <run numbers> of <runs>`. */
  runs: Record<string, string>
  /** Failed test -> failureLocation as `dir/file:line` (package directory resolved), or null. */
  locations: Record<string, string | null>
  /** Distinct races (raceKey): where each landed, its current and previous access. */
  races: Array<{
    in: string
    current: string | null
    /** Frames of the current access before the first in the module (GOROOT ones). */
    currentSkipped: number
    previous: string | null
  }>
  panics: Array<{ in: string; value: string; at: string | null; createdBy?: string | null }>
  timeout?: {
    after: string
    running: string[]
    /** Stuck test -> where its goroutine blocks, then its own line in the test function. */
    blocked: Record<string, [string | null, string | null]>
  }
  /** parseCompilerErrors on the build-output events, as `file:line:column message`. */
  buildErrors: string[]
  /** The same on stderr (older go's text). */
  stderrErrors: string[]
  shuffleSeed?: string
}

function contextOf(name: string): RepoContext {
  return {
    moduleDir: recording(name).moduleDir,
    goroot: index.goroot,
    gomodcache: index.gomodcache
  }
}

const place = (frame: (Frame & { relative: string }) | undefined): string | null =>
  frame === undefined ? null : `${frame.relative}:${frame.line}`

function factsOf(name: string): Facts {
  const r = load(name)
  const fixture = path.basename(recording(name).fixture)
  const module = modulePath(fixture)
  const context = contextOf(name)
  const facts: Facts = {
    packages: {},
    failed: [],
    unfinished: [],
    runs: {},
    locations: {},
    races: [],
    panics: [],
    buildErrors: parseCompilerErrors([...r.builds.values()].flatMap((b) => b.output.lines())).map(
      (e) => `${e.file}:${e.line}:${e.column ?? ''} ${e.message}`
    ),
    stderrErrors: parseCompilerErrors(stderr(name)).map(
      (e) => `${e.file}:${e.line}:${e.column ?? ''} ${e.message}`
    )
  }
  const seenRaces = new Set<string>()
  for (const pkg of r.packages.values()) {
    facts.packages[pkg.name] =
      pkg.failedBuild === undefined ? pkg.status : `${pkg.status}, build ${pkg.failedBuild}`
    const dir = pkg.name === module ? '.' : pkg.name.slice(module.length + 1)
    const sourcesOfPkg: Array<[string, string[]]> = []
    for (const test of pkg.tests.values()) {
      if (test.runs > 1)
        facts.runs[test.name] =
          `failed ${test.failedRunNumbers.join(', ') || 'none'} of ${test.runs}`
      if (test.status !== 'fail' && test.status !== 'unfinished') continue
      const lines = test.output?.lines() ?? []
      ;(test.status === 'fail' ? facts.failed : facts.unfinished).push(test.name)
      const location = failureLocation(lines, { packageDir: dir })
      facts.locations[test.name] =
        location === undefined ? null : `${location.path}:${location.line}`
      sourcesOfPkg.push([test.name, lines])
    }
    sourcesOfPkg.push([`(${pkg.name})`, pkg.output?.lines() ?? []])
    for (const [where, lines] of sourcesOfPkg) {
      for (const race of parseRaces(lines)) {
        const key = raceKey(race)
        if (seenRaces.has(key)) continue
        seenRaces.add(key)
        const current = firstRepoFrame(race.current.frames, context)
        facts.races.push({
          in: where,
          current: place(current),
          currentSkipped: race.current.frames.findIndex(
            (f) => repoRelative(f, context) !== undefined
          ),
          previous: place(firstRepoFrame(race.previous?.frames ?? [], context))
        })
      }
      const timeout = parseTimeout(lines)
      if (timeout !== undefined) {
        facts.timeout = {
          after: timeout.after,
          running: timeout.running.map((t) => t.name),
          blocked: Object.fromEntries(
            timeout.running.map((t) => {
              const g = goroutineOfTest(timeout.goroutines, t.name)
              const own = g?.frames.find((f) => f.function.endsWith(`.${t.name}`))
              const ownAt = own === undefined ? undefined : firstRepoFrame([own], context)
              return [t.name, [place(firstRepoFrame(g?.frames ?? [], context)), place(ownAt)]]
            })
          )
        }
        continue
      }
      const panic = parsePanic(lines)
      if (panic !== undefined) {
        const p: Facts['panics'][number] = {
          in: where,
          value: panic.value ?? '',
          at: place(firstRepoFrame(panic.goroutine?.frames ?? [], context))
        }
        const created = panic.goroutine?.createdBy
        if (created !== undefined) p.createdBy = place(firstRepoFrame([created], context))
        facts.panics.push(p)
      }
    }
    const seed = parseShuffleSeed(pkg.output?.lines() ?? [])
    if (seed !== undefined) facts.shuffleSeed = seed
  }
  return facts
}

/** Facts with the empty defaults filled in. */
const facts = (f: Partial<Facts> & Pick<Facts, 'packages'>): Facts => ({
  failed: [],
  unfinished: [],
  runs: {},
  locations: {},
  races: [],
  panics: [],
  buildErrors: [],
  stderrErrors: [],
  ...f
})

// ---------------------------------------------------------------------------------------------
// What each recording must yield

const expected: Record<string, () => Facts> = {
  'tests-fail': () =>
    facts({
      packages: { 'example.com/testsfail': 'fail' },
      failed: ['TestAddNegative', 'TestAddTable', 'TestAddTable/negative'],
      locations: {
        TestAddNegative: at('tests-fail', 'calc_test.go', 't.Errorf("Add(-1, 2)'),
        // The parent failed only because its subtest did: no location of its own.
        TestAddTable: null,
        'TestAddTable/negative': at('tests-fail', 'calc_test.go', 't.Errorf("Add(-2, -3)')
      }
    }),
  'tests-nolocation': () =>
    facts({
      packages: { 'example.com/testsnolocation': 'fail' },
      failed: ['TestReady'],
      locations: { TestReady: null }
    }),
  'tests-race': () =>
    facts({
      packages: { 'example.com/testsrace/counter': 'fail' },
      failed: ['TestCounterConcurrent'],
      // The last location line is a t.Logf: the testing package prints logs and errors alike.
      locations: { TestCounterConcurrent: at('tests-race', 'counter/counter_test.go', 't.Logf(') },
      races: [
        {
          in: 'TestCounterConcurrent',
          current: at('tests-race', 'counter/counter.go', 'c.n++'),
          currentSkipped: 0,
          previous: at('tests-race', 'counter/counter.go', 'c.n++')
        }
      ]
    }),
  'tests-race-testmain': () =>
    facts({
      packages: { 'example.com/testsracetestmain': 'fail' },
      races: [
        {
          in: '(example.com/testsracetestmain)',
          current: at('tests-race-testmain', 'cache.go', 'Hits++'),
          currentSkipped: 0,
          previous: at('tests-race-testmain', 'cache.go', 'Hits++')
        }
      ]
    }),
  'tests-panic-goroutine': () =>
    facts({
      packages: { 'example.com/testspanic': 'fail' },
      unfinished: ['TestBackground'],
      locations: { TestBackground: null },
      panics: [
        {
          in: 'TestBackground',
          value: 'runtime error: index out of range [0] with length 0',
          at: at('tests-panic-goroutine', 'worker.go', 'return j.Items[0]'),
          createdBy: at('tests-panic-goroutine', 'worker.go', 'go fn()')
        }
      ]
    }),
  'tests-timeout': () =>
    facts({
      packages: { 'example.com/teststimeout': 'fail' },
      unfinished: ['TestStuckA', 'TestStuckB'],
      locations: { TestStuckA: null, TestStuckB: null },
      timeout: {
        after: '2s',
        running: ['TestStuckA', 'TestStuckB'],
        blocked: {
          TestStuckA: [
            at('tests-timeout', 'lock.go', '<-ch'),
            inFunc('tests-timeout', 'lock_test.go', 'TestStuckA', 'Wait(')
          ],
          TestStuckB: [
            at('tests-timeout', 'lock.go', '<-ch'),
            inFunc('tests-timeout', 'lock_test.go', 'TestStuckB', 'Wait(')
          ]
        }
      }
    }),
  'tests-build': () =>
    facts({
      packages: {
        'example.com/testsbuild': 'fail, build example.com/testsbuild [example.com/testsbuild.test]'
      },
      buildErrors: [
        `${atColumn('tests-build', 'parse_test.go', 'got != want', 'want')} undefined: want`
      ]
    }),
  'tests-longline': () =>
    facts({
      packages: { 'example.com/testslongline': 'fail' },
      failed: ['TestRow'],
      locations: { TestRow: at('tests-longline', 'dump_test.go', 't.Errorf(') }
    }),
  'tests-flaky': () =>
    facts({
      packages: { 'example.com/testsflaky': 'fail' },
      failed: ['TestFlaky'],
      locations: { TestFlaky: at('tests-flaky', 'retry_test.go', 't.Errorf(') }
    }),
  'tests-flaky-rerun': () => facts({ packages: { 'example.com/testsflaky': 'pass' } }),
  'tests-helper': () =>
    facts({
      packages: { 'example.com/testshelper': 'fail', 'example.com/testshelper/check': 'skip' },
      failed: ['TestHelloHelper', 'TestHelloNoHelper'],
      locations: {
        // t.Helper: the call in the test.
        TestHelloHelper: at('tests-helper', 'greet_test.go', mark('helper')),
        // No t.Helper: go names check.go, not a file of the package: the check falls back to
        // the test's func line (asserted below).
        TestHelloNoHelper: null
      }
    }),
  'tests-parallel': () =>
    facts({
      packages: { 'example.com/testsparallel': 'fail' },
      failed: ['TestPair', 'TestPair/trailing', 'TestPair/both'],
      locations: {
        'TestPair/both': at('tests-parallel', 'split_test.go', mark('errorf')),
        'TestPair/trailing': at('tests-parallel', 'split_test.go', mark('errorf')),
        TestPair: null
      }
    }),
  'tests-race-lazy': () =>
    facts({
      packages: { 'example.com/testsracelazy': 'fail' },
      failed: ['TestLazyBuild'],
      locations: { TestLazyBuild: null },
      // Two reports: the same read and write lines, the write reached through Log, then Check.
      races: [1, 2].map(() => ({
        in: 'TestLazyBuild',
        current: at('tests-race-lazy', 'lazy_test.go', mark('read')),
        currentSkipped: 0,
        previous: at('tests-race-lazy', 'lazy.go', mark('write'))
      }))
    }),
  'tests-count': () =>
    facts({
      packages: { 'example.com/testscount': 'fail' },
      failed: ['TestSometimes', 'TestRacySometimes'],
      // Each test ran 5 times (-count=5); the race, reported once per binary, failed one run.
      runs: {
        TestAlways: 'failed none of 5',
        TestSometimes: 'failed 2, 3 of 5',
        TestRacySometimes: 'failed 2 of 5'
      },
      locations: {
        TestSometimes: at('tests-count', 'sometimes_test.go', mark('fails')),
        TestRacySometimes: null
      },
      races: [
        {
          in: 'TestRacySometimes',
          current: at('tests-count', 'sometimes_test.go', mark('read')),
          currentSkipped: 0,
          previous: at('tests-count', 'box.go', mark('write'))
        }
      ]
    }),
  'tests-testmain-exit': () =>
    // Every test passed; TestMain failed the binary afterwards.
    facts({ packages: { 'example.com/teststestmainexit': 'fail' } }),
  'tests-race-stdlib': () =>
    facts({
      packages: { 'example.com/testsracestdlib': 'fail' },
      failed: ['TestContains'],
      locations: { TestContains: null },
      races: [
        {
          in: 'TestContains',
          // slices.Index and slices.Contains (GOROOT) first, then the goroutine in the test.
          current: at('tests-race-stdlib', 'scores_test.go', mark('read')),
          currentSkipped: 2,
          previous: at('tests-race-stdlib', 'scores_test.go', mark('write'))
        }
      ]
    }),
  'tests-panic': () =>
    facts({
      packages: { 'example.com/testspanicdirect': 'fail' },
      failed: ['TestSeed'],
      locations: { TestSeed: null },
      panics: [
        {
          in: 'TestSeed',
          value: 'assignment to entry in nil map',
          at: at('tests-panic', 'index_test.go', mark('panic')),
          createdBy: null
        }
      ]
    }),
  'tests-build-nontest': () =>
    facts({
      packages: {
        'example.com/testsbuildnontest':
          'fail, build example.com/testsbuildnontest [example.com/testsbuildnontest.test]'
      },
      buildErrors: [
        `${atColumn('tests-build-nontest', 'size.go', mark('mismatched'), 'strconv.Itoa')} invalid operation: strconv.Itoa(n) + 'B' (mismatched types string and untyped rune)`
      ]
    }),
  'tests-build-text': () =>
    facts({
      // Older go names no failed build: the package's `[build failed]` line says it.
      packages: { 'example.com/testsbuildnontest': 'fail, build example.com/testsbuildnontest' },
      stderrErrors: [
        `${atColumn('tests-build-nontest', 'size.go', mark('mismatched'), 'strconv.Itoa')} invalid operation: strconv.Itoa(n) + 'B' (mismatched types string and untyped rune)`
      ]
    }),
  'tests-vet': () =>
    facts({
      packages: {
        'example.com/testsvet': 'fail, build example.com/testsvet [example.com/testsvet.test]'
      },
      buildErrors: [
        `${atColumn('tests-vet', 'label.go', mark('vet'), '%d')} fmt.Sprintf format %d has arg "x" of wrong type string`
      ]
    }),
  'tests-vet-text': () =>
    facts({
      packages: { 'example.com/testsvet': 'fail, build example.com/testsvet' },
      stderrErrors: [
        `${atColumn('tests-vet', 'label.go', mark('vet'), '%d')} fmt.Sprintf format %d has arg "x" of wrong type string`
      ]
    }),
  'tests-tags': () =>
    facts({
      packages: { 'example.com/teststags': 'fail' },
      failed: ['TestGetSeeded'],
      locations: { TestGetSeeded: at('tests-tags', 'store_integration_test.go', mark('tagged')) }
    }),
  'tests-tags-notags': () => facts({ packages: { 'example.com/teststags': 'pass' } }),
  'tests-shuffle': () =>
    facts({
      packages: { 'example.com/testsshuffle': 'fail' },
      failed: ['TestLookup'],
      locations: { TestLookup: at('tests-shuffle', 'registry_test.go', mark('lookup')) },
      shuffleSeed: '2'
    }),
  // Passed: the package's output (and its -test.shuffle line, were there one) is let go.
  'tests-shuffle-ordered': () => facts({ packages: { 'example.com/testsshuffle': 'pass' } }),
  // go itself died: the package never reported, and its running test has no final event.
  'tests-kill-parent': () =>
    facts({
      packages: { 'example.com/killparent': 'unfinished' },
      unfinished: ['TestKillsGo'],
      locations: { TestKillsGo: null }
    }),
  // The binary died: go says so in the running test and fails the package.
  'tests-kill-self': () =>
    facts({
      packages: { 'example.com/killself': 'fail' },
      unfinished: ['TestKillsItself'],
      locations: { TestKillsItself: null }
    }),
  'tests-unterminated': () =>
    facts({
      packages: { 'example.com/testsunterminated': 'fail' },
      // go sent no pass or fail event for TestDump and TestDumpThenFail: their results come from
      // their --- lines, which test2json passed on as output (see the details below).
      failed: ['TestDumpThenFail'],
      locations: { TestDumpThenFail: null }
    }),
  'tests-filenames': () =>
    facts({
      packages: { 'example.com/testsfilenames': 'fail' },
      failed: ['TestPercentComma', 'TestColon'],
      locations: {
        TestPercentComma: at('tests-filenames', '100%,done_test.go', 't.Errorf('),
        // The recording ran colon_test.go under the name 12:30_test.go.
        TestColon: `12:30_test.go:${lineOf('tests-filenames', 'colon_test.go', 't.Errorf(')}`
      }
    })
}

const passing = new Set(['tests-flaky-rerun', 'tests-tags-notags', 'tests-shuffle-ordered'])

describe('recordings', () => {
  it('every recording has its expected facts, and every expectation its recording', () => {
    expect(Object.keys(index.recordings).sort()).toEqual(Object.keys(expected).sort())
  })

  it('come from one go (1.24+), with the GOROOT and module cache a check would know', () => {
    expect(index.goVersion).toMatch(/^go1\.(2[4-9]|[3-9]\d)/)
    expect(path.isAbsolute(index.goroot)).toBe(true)
    expect(path.isAbsolute(index.gomodcache)).toBe(true)
    for (const [name, r] of Object.entries(index.recordings)) {
      expect([name, r.command]).toEqual([
        name,
        expect.stringMatching(/^go test -race -json -count=1 (?:\S+ )*\.\/\.\.\.$/)
      ])
      if (name === 'tests-kill-parent') {
        // Killed: no exit status, the signal instead.
        expect([r.exitCode, r.signal]).toEqual([null, 'SIGKILL'])
        continue
      }
      expect([name, r.exitCode]).toEqual([name, passing.has(name) ? 0 : 1])
      expect(path.basename(r.moduleDir)).toBe(path.basename(r.fixture))
      expect(fs.existsSync(path.join(fixtures, path.basename(r.fixture), 'go.mod'))).toBe(true)
    }
  })

  it('the tags, shuffle and older-go cases ran with what they are about', () => {
    expect(recording('tests-tags').command).toContain(' -tags=integration ')
    expect(recording('tests-tags-notags').command).not.toContain('-tags')
    expect(recording('tests-shuffle').command).toContain(' -shuffle=2 ')
    expect(recording('tests-shuffle-ordered').command).not.toContain('-shuffle')
    expect(recording('tests-timeout').command).toContain(' -timeout 2s ')
    for (const name of ['tests-build-text', 'tests-vet-text']) {
      expect(recording(name).env).toEqual({ GODEBUG: 'gotestjsonbuildtext=1' })
    }
  })
})

describe.each(Object.keys(expected).sort())('%s', (name) => {
  it('reads the same in any chunk size, and yields its facts', () => {
    const want = (expected[name] as () => Facts)()
    expect(factsOf(name)).toEqual(want)
  })

  it('stdout is test2json events only; stderr only build text', () => {
    expect(parseTestStream(stdout(name)).filter(isNonJson)).toEqual([])
    expect(load(name).nonJson).toEqual([])
    const text = stderr(name)
    if (name.endsWith('-text')) expect(text.length).toBeGreaterThan(1)
    else expect(text).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------
// Details a check leans on

describe('details', () => {
  it('tests-unterminated: test2json missed the --- lines after 12 KiB without a newline', () => {
    const events = parseTestStream(stdout('tests-unterminated')).filter(
      (e): e is TestEvent => !isNonJson(e)
    )
    const finals = (test: string): string[] =>
      events.filter((e) => e.Test === test && e.Action !== 'output').map((e) => e.Action)
    // What go sent: no final event for the two tests, their --- lines as output, ^V and all.
    expect(finals('TestDump')).toEqual(['run'])
    expect(finals('TestDumpThenFail')).toEqual(['run'])
    expect(finals('TestAfter')).toEqual(['run', 'pass'])
    expect(events.filter((e) => e.Output?.startsWith('\u0016')).map((e) => e.Output)).toEqual([
      '\u0016--- PASS: TestDump (0.00s)\n',
      '\u0016--- FAIL: TestDumpThenFail (0.00s)\n'
    ])
    // What the run makes of it: the results those lines give, and how much came before them.
    const pkg = load('tests-unterminated').packages.get('example.com/testsunterminated')
    expect([...(pkg?.tests.values() ?? [])].map((t) => [t.name, t.status])).toEqual([
      ['TestDump', 'pass'],
      ['TestDumpThenFail', 'fail'],
      ['TestAfter', 'pass']
    ])
    expect(pkg?.lostFinalEvents).toEqual([
      { test: 'TestDump', status: 'pass', unterminated: 3 * 4096 },
      { test: 'TestDumpThenFail', status: 'fail', unterminated: 3 * 4096 }
    ])
    const output = pkg?.tests.get('TestDumpThenFail')?.output?.lines() ?? []
    expect(output).toEqual([
      '=== RUN   TestDumpThenFail',
      `${'y'.repeat(3 * 4096)}--- FAIL: TestDumpThenFail (0.00s)`
    ])
  })

  it('tests-filenames: go prints the base name as it is, colon, percent sign and comma included', () => {
    expect(recording('tests-filenames').renamed).toEqual({ 'colon_test.go': '12:30_test.go' })
    const pkg = load('tests-filenames').packages.get('example.com/testsfilenames')
    const lines = (test: string): string[] => pkg?.tests.get(test)?.output?.lines() ?? []
    const colon = lineOf('tests-filenames', 'colon_test.go', 't.Errorf(')
    expect(lines('TestColon')).toContain(`    12:30_test.go:${colon}: at = 12:29, want 12:30`)
    const files = ['100%,done_test.go', '12:30_test.go']
    expect(failureLocation(lines('TestColon'), { packageDir: 'a', packageFiles: files })).toEqual({
      file: '12:30_test.go',
      line: colon,
      message: 'at = 12:29, want 12:30',
      path: 'a/12:30_test.go'
    })
    expect(failureLocation(lines('TestPercentComma'), { packageFiles: files })).toEqual({
      file: '100%,done_test.go',
      line: lineOf('tests-filenames', '100%,done_test.go', 't.Errorf('),
      message: 'done = 99%, want 100%'
    })
  })

  it('tests-helper: with t.Helper the location is the call; without, check.go is no place', () => {
    const r = load('tests-helper')
    const lines = (test: string): string[] =>
      r.packages.get('example.com/testshelper')?.tests.get(test)?.output?.lines() ?? []
    expect(failureLocation(lines('TestHelloHelper'), { packageDir: 'pkg/greet' })).toEqual({
      file: 'greet_test.go',
      line: lineOf('tests-helper', 'greet_test.go', mark('helper')),
      message: 'got Hello, Ada, want Hello, Ada!',
      path: 'pkg/greet/greet_test.go'
    })
    // go printed the helper's own line...
    const same = lineOf('tests-helper', 'check/check.go', mark('same'))
    expect(lines('TestHelloNoHelper')).toContain(
      `    check.go:${same}: got Hello, Bob, want Hello, Bob!`
    )
    // ...in a file of another package: not a place in the package under test, whether the check
    // names the package's files or not. It falls back to the test's func line.
    const packageFiles = fs.readdirSync(path.join(fixtures, 'tests-helper'))
    expect(packageFiles).not.toContain('check.go')
    expect(failureLocation(lines('TestHelloNoHelper'), { packageFiles })).toBeUndefined()
    expect(failureLocation(lines('TestHelloNoHelper'))).toBeUndefined()
    expect(funcLine('tests-helper', 'greet_test.go', 'TestHelloNoHelper')).toBe(
      at('tests-helper', 'greet_test.go', mark('nohelper-func'))
    )
  })

  it('tests-parallel: each failing subtest keeps its own message', () => {
    const r = load('tests-parallel')
    const pkg = r.packages.get('example.com/testsparallel')
    const message = (test: string): string | undefined =>
      failureLocation(pkg?.tests.get(test)?.output?.lines() ?? [])?.message
    expect(message('TestPair/both')).toBe('Pair(" a = b ") = "a", "b ", want "a", "b"')
    expect(message('TestPair/trailing')).toBe('Pair("a=b ") = "a", "b ", want "a", "b"')
    expect(
      Object.fromEntries([...(pkg?.tests.values() ?? [])].map((t) => [t.name, t.status]))
    ).toEqual({
      TestPair: 'fail',
      'TestPair/plain': 'pass',
      'TestPair/trailing': 'fail',
      'TestPair/leading': 'pass',
      'TestPair/both': 'fail'
    })
  })

  it('tests-race-stdlib: the current access starts in GOROOT, generic frames keep their names', () => {
    const lines =
      load('tests-race-stdlib')
        .packages.get('example.com/testsracestdlib')
        ?.tests.get('TestContains')
        ?.output?.lines() ?? []
    const [race] = parseRaces(lines)
    const top = race?.current.frames.slice(0, 2) ?? []
    expect(top.map((f) => f.function)).toEqual([
      expect.stringMatching(/^slices\.Index\[/),
      expect.stringMatching(/^slices\.Contains\[/)
    ])
    for (const f of top) expect(f.file.startsWith(`${index.goroot}/src/slices/`)).toBe(true)
    expect(race?.current.kind).toBe('read')
    expect(race?.previous?.kind).toBe('write')
    // The goroutine running the test was made by testing: none of its creation frames is ours.
    const creations = race?.creations ?? []
    expect(
      creations.map((c) => place(firstRepoFrame(c.frames, contextOf('tests-race-stdlib'))))
    ).toEqual([at('tests-race-stdlib', 'scores_test.go', 'go func() {'), null])
    // The race is the only reason it failed: its only location line is testing's.
    expect(lines).toContain('    testing.go:1712: race detected during execution of test')
    expect(
      failureLocation(lines, { packageFiles: ['scores.go', 'scores_test.go'] })
    ).toBeUndefined()
  })

  it('tests-panic: testing re-panics, the test that panicked failed, later tests never ran', () => {
    const r = load('tests-panic')
    const pkg = r.packages.get('example.com/testspanicdirect')
    expect([...(pkg?.tests.keys() ?? [])]).toEqual(['TestCount', 'TestSeed'])
    const lines = pkg?.tests.get('TestSeed')?.output?.lines() ?? []
    const panic = parsePanic(lines)
    expect(panic?.message).toMatch(/^assignment to entry in nil map \[recovered(, repanicked)?\]/)
    expect(panic?.goroutine?.state).toBe('running')
    expect(goroutineOfTest(panic?.goroutines ?? [], 'TestSeed')).toBe(panic?.goroutine)
    expect(panic?.goroutine?.frames.map((f) => f.function)).toContain(
      'example.com/testspanicdirect.TestSeed'
    )
  })

  it('tests-vet: the vet report sits under `# pkg` and `# [pkg]` headers, in both forms', () => {
    const build = load('tests-vet').builds.get('example.com/testsvet [example.com/testsvet.test]')
    expect(build?.failed).toBe(true)
    expect(build?.output.lines().slice(0, 2)).toEqual([
      '# example.com/testsvet',
      '# [example.com/testsvet]'
    ])
    expect(stderr('tests-vet-text').slice(0, 2)).toEqual([
      '# example.com/testsvet',
      '# [example.com/testsvet]'
    ])
  })

  it('tests-build-text: no build events, the package says [build failed]', () => {
    const r = load('tests-build-text')
    expect(r.builds.size).toBe(0)
    expect(r.packages.get('example.com/testsbuildnontest')?.output?.lines()).toEqual([
      'FAIL\texample.com/testsbuildnontest [build failed]'
    ])
  })

  it('tests-shuffle: the seed line comes first in the package output', () => {
    const lines = load('tests-shuffle').packages.get('example.com/testsshuffle')?.output?.lines()
    expect(lines?.[0]).toBe('-test.shuffle 2')
    const order = [
      ...(load('tests-shuffle').packages.get('example.com/testsshuffle')?.tests.keys() ?? [])
    ]
    expect(order).toEqual(['TestLookup', 'TestUnrelated', 'TestRegister'])
    const ordered = [
      ...(load('tests-shuffle-ordered').packages.get('example.com/testsshuffle')?.tests.keys() ??
        [])
    ]
    expect(ordered).toEqual(['TestRegister', 'TestLookup', 'TestUnrelated'])
  })
})
