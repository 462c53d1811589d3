// The tests check's judgement (src/checks/testresults.ts) on go's real output: every recording of
// `go test -race -json` in __fixtures__/recorded/test2json, with the facts the check would have
// gathered around it (go list's packages and the declared test functions, rebuilt here from the
// fixture's sources in the directory go ran in). Each recording's findings are asserted exactly:
// check, severity, file and line, the lines found in the fixture's sources.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { racePlaces } from '../../../src/checks/tests/races.js'
import type { Frame } from '../../../src/go/stackframes.js'
import type { RaceAccess } from '../../../src/go/races.js'
import { judgeTestRun } from '../../../src/checks/testresults.js'
import {
  applyRerun,
  exactRunPattern,
  failureFindings,
  rerunPlan,
  runPattern
} from '../../../src/checks/tests/reruns.js'
import { packageResults } from '../../../src/checks/tests/results.js'
import { type Place, type TestModuleFacts } from '../../../src/checks/tests/facts.js'
import type { GoPackage } from '../../../src/go/packages.js'
import { findTestFuncs } from '../../../src/go/testfuncs.js'
import { TestRun } from '../../../src/go/testjson.js'
import { parseTestStream } from '../../../src/go/testevents.js'

const recorded = path.resolve('__fixtures__/recorded/test2json')
const index = JSON.parse(fs.readFileSync(path.join(recorded, 'index.json'), 'utf8')) as {
  goroot: string
  gomodcache: string
  recordings: Record<
    string,
    {
      fixture: string
      moduleDir: string
      exitCode: number | null
      signal?: string
      command: string
      renamed?: Record<string, string>
    }
  >
}

/** The facts the check would have for this recording. */
function factsOf(name: string): { facts: TestModuleFacts; root: string; fixture: string } {
  const rec = index.recordings[name]
  if (rec === undefined) throw new Error(`no recording ${name}`)
  const fixture = path.resolve(rec.fixture)
  const modulePath =
    /^module (\S+)/m.exec(fs.readFileSync(path.join(fixture, 'go.mod'), 'utf8'))?.[1] ?? ''
  const run = new TestRun()
    .addAll(parseTestStream(fs.readFileSync(path.join(recorded, `${name}.jsonl`), 'utf8')))
    .finish()
  const packages: GoPackage[] = []
  const funcs = new Map<string, Map<string, Place>>()
  for (const dir of goDirs(fixture)) {
    const sub = path.relative(fixture, dir).split(path.sep).join('/')
    const importPath = sub === '' ? modulePath : `${modulePath}/${sub}`
    // The names go saw: the recording's copy may have had files under another name.
    const named = (file: string): string => rec.renamed?.[file] ?? file
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.go'))
      .map(named)
    const tests = files.filter((f) => f.endsWith('_test.go'))
    packages.push({
      ImportPath: importPath,
      Dir: path.join(rec.moduleDir, sub),
      GoFiles: files.filter((f) => !f.endsWith('_test.go')),
      TestGoFiles: tests
    })
    const places = new Map<string, Place>()
    for (const source of fs.readdirSync(dir).filter((f) => f.endsWith('_test.go'))) {
      const file = named(source)
      for (const [test, line] of findTestFuncs(fs.readFileSync(path.join(dir, source), 'utf8'))) {
        places.set(test, { file: sub === '' ? file : `${sub}/${file}`, line })
      }
    }
    funcs.set(importPath, places)
  }
  const stderr = fs.readFileSync(path.join(recorded, `${name}.stderr`), 'utf8')
  return {
    facts: {
      module: { relDir: '.', path: modulePath },
      packages,
      funcs,
      run,
      stderr,
      exitCode: rec.exitCode,
      signal: rec.signal ?? null,
      args: rec.command.replace(/^go /, '').split(' ')
    },
    root: rec.moduleDir,
    fixture
  }
}

function goDirs(dir: string): string[] {
  const dirs = fs.readdirSync(dir).some((f) => f.endsWith('.go')) ? [dir] : []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) dirs.push(...goDirs(path.join(dir, entry.name)))
  }
  return dirs
}

/** `file:line severity title` of every finding of the recording, before any rerun. */
function judge(name: string): { found: string[]; at: (file: string, text: string) => number } {
  const { facts, root, fixture } = factsOf(name)
  const repo = { root, goroot: index.goroot, gomodcache: index.gomodcache }
  const judgement = judgeTestRun(facts, repo)
  const findings = [...judgement.findings, ...failureFindings(judgement.failures, facts.args)]
  for (const f of findings) expect(f.rule).toMatch(/^tests\//)
  return {
    found: findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'} ${f.severity} ${f.title}`).sort(),
    at: (file, text) => {
      const lines = fs.readFileSync(path.join(fixture, file), 'utf8').split('\n')
      const hits = lines.flatMap((l, i) => (l.includes(text) ? [i + 1] : []))
      if (hits.length !== 1) throw new Error(`${hits.length} lines of ${file} hold ${text}`)
      return hits[0] as number
    }
  }
}

describe('judging recorded go test -race -json output', () => {
  it.each([
    [
      'tests-fail',
      (at: (f: string, t: string) => number) => [
        `calc_test.go:${at('calc_test.go', 'want -5')} error TestAddTable/negative failed`,
        `calc_test.go:${at('calc_test.go', 'want 1')} error TestAddNegative failed`
      ]
    ],
    [
      'tests-nolocation',
      (at) => [`ready_test.go:${at('ready_test.go', 'func TestReady(')} error TestReady failed`]
    ],
    [
      'tests-race',
      (at) => [
        `counter/counter.go:${at('counter/counter.go', 'c.n++')} error Data race in TestCounterConcurrent`
      ]
    ],
    [
      'tests-race-testmain',
      (at) => [
        `cache.go:${at('cache.go', 'Hits++')} error Data race in example.com/testsracetestmain (TestMain or after the tests)`
      ]
    ],
    [
      'tests-panic-goroutine',
      (at) => [
        `worker.go:${at('worker.go', 'j.Items[0]')} error TestBackground panicked: runtime error: index out of range [0] with length 0`
      ]
    ],
    [
      'tests-timeout',
      (at) => [
        `lock_test.go:${at('lock_test.go', 'func TestStuckA(')} error TestStuckA timed out`,
        `lock_test.go:${at('lock_test.go', 'func TestStuckB(')} error TestStuckB timed out`
      ]
    ],
    [
      'tests-build',
      (at) => [
        `parse_test.go:${at('parse_test.go', 'want')} error example.com/testsbuild does not build: undefined: want`
      ]
    ],
    [
      'tests-longline',
      (at) => [`dump_test.go:${at('dump_test.go', 'Errorf')} error TestRow failed`]
    ],
    [
      'tests-helper',
      (at) => [
        `greet_test.go:${at('greet_test.go', 'mark: helper')} error TestHelloHelper failed`,
        `greet_test.go:${at('greet_test.go', 'mark: nohelper-func')} error TestHelloNoHelper failed`
      ]
    ],
    [
      'tests-parallel',
      (at) => [
        `split_test.go:${at('split_test.go', 'mark: errorf')} error TestPair/both failed`,
        `split_test.go:${at('split_test.go', 'mark: errorf')} error TestPair/trailing failed`
      ]
    ],
    [
      'tests-race-stdlib',
      (at) => [
        `scores_test.go:${at('scores_test.go', 'mark: read')} error Data race in TestContains`,
        // Both accesses in the test file: the current one is annotated, the other points to it.
        `scores_test.go:${at('scores_test.go', 'mark: write')} notice The other access of the data race in TestContains, reported at scores_test.go:${at('scores_test.go', 'mark: read')}`
      ]
    ],
    [
      'tests-race-lazy',
      (at) => [
        // The test reads what the library writes without a lock: the library's line is the race,
        // once for its two reports; the test's read points back to it.
        `lazy.go:${at('lazy.go', 'mark: write')} error Data race in TestLazyBuild`,
        `lazy_test.go:${at('lazy_test.go', 'mark: read')} notice The other access of the data race in TestLazyBuild, reported at lazy.go:${at('lazy.go', 'mark: write')}`
      ]
    ],
    [
      'tests-count',
      (at) => [
        `sometimes_test.go:${at('sometimes_test.go', 'mark: fails')} error TestSometimes failed in 2 of 5 runs`,
        `box.go:${at('box.go', 'mark: write')} error Data race in TestRacySometimes`,
        `sometimes_test.go:${at('sometimes_test.go', 'mark: read')} notice The other access of the data race in TestRacySometimes, reported at box.go:${at('box.go', 'mark: write')}`
      ]
    ],
    [
      'tests-testmain-exit',
      (at) => [
        // Never line 1 of whichever test file comes first: TestMain is where the binary fails.
        `main_test.go:${at('main_test.go', 'func TestMain(')} error example.com/teststestmainexit failed outside any test`
      ]
    ],
    [
      'tests-panic',
      (at) => [
        `index_test.go:${at('index_test.go', 'mark: panic')} error TestSeed panicked: assignment to entry in nil map`
      ]
    ],
    ...(['tests-build-nontest', 'tests-build-text'] as const).map(
      (name) =>
        [
          name,
          (at: (f: string, t: string) => number) => [
            `size.go:${at('size.go', 'mark: mismatched')} error example.com/testsbuildnontest does not build: invalid operation: strconv.Itoa(n) + 'B' (mismatched types string and untyped rune)`
          ]
        ] as const
    ),
    ...(['tests-vet', 'tests-vet-text'] as const).map(
      (name) =>
        [
          name,
          (at: (f: string, t: string) => number) => [
            `label.go:${at('label.go', 'mark: vet')} error example.com/testsvet does not build: fmt.Sprintf format %d has arg "x" of wrong type string`
          ]
        ] as const
    ),
    [
      'tests-tags',
      (at) => [
        `store_integration_test.go:${at('store_integration_test.go', 'mark: tagged')} error TestGetSeeded failed`
      ]
    ],
    ['tests-tags-notags', () => []],
    [
      'tests-shuffle',
      (at) => [`registry_test.go:${at('registry_test.go', 'mark: lookup')} error TestLookup failed`]
    ],
    ['tests-shuffle-ordered', () => []],
    [
      'tests-kill-parent',
      (at) => [
        `parent_test.go:${at('parent_test.go', 'mark: kills go')} error go test was killed by SIGKILL while TestKillsGo was running`
      ]
    ],
    [
      'tests-kill-self',
      (at) => [
        `self_test.go:${at('self_test.go', 'mark: kills itself')} error TestKillsItself was killed (SIGKILL)`
      ]
    ],
    [
      'tests-unterminated',
      (at) => [
        // go sent no final event for either test: no "never finished", and what happened.
        `dump_test.go:${at('dump_test.go', 'func TestDump(')} warning TestDump printed 12,288 characters without a newline: go test -json lost its result`,
        `dump_test.go:${at('dump_test.go', 'func TestDumpThenFail(')} warning TestDumpThenFail printed 12,288 characters without a newline: go test -json lost its result`,
        `dump_test.go:${at('dump_test.go', 'func TestDumpThenFail(')} error TestDumpThenFail failed`
      ]
    ],
    [
      'tests-filenames',
      (at) => [
        `100%,done_test.go:${at('100%,done_test.go', 't.Errorf(')} error TestPercentComma failed`,
        // The recording ran colon_test.go as 12:30_test.go.
        `12:30_test.go:${at('colon_test.go', 't.Errorf(')} error TestColon failed`
      ]
    ]
  ] as Array<[string, (at: (f: string, t: string) => number) => string[]]>)(
    '%s',
    (name, expected) => {
      const { found, at } = judge(name)
      expect(found).toEqual(expected(at).sort())
    }
  )

  it('covers every recording but the flaky ones, judged with their rerun below', () => {
    const judged = expect.getState().testPath ?? ''
    const source = fs.readFileSync(judged, 'utf8')
    for (const name of Object.keys(index.recordings)) {
      if (name.startsWith('tests-flaky')) continue
      expect(source).toContain(`'${name}'`)
    }
  })

  it('never reruns after a build error, race, panic or timeout', () => {
    for (const [name, why] of [
      ['tests-build', 'a build error'],
      ['tests-race', 'a data race'],
      ['tests-panic', 'a panic'],
      ['tests-timeout', 'a timeout'],
      ['tests-kill-parent', 'go test was killed'],
      ['tests-kill-self', 'killed (SIGKILL)']
    ] as const) {
      const { facts, root } = factsOf(name)
      expect(judgeTestRun(facts, { root, goroot: index.goroot }).noRerun).toContain(why)
    }
    const { facts, root } = factsOf('tests-fail')
    expect(judgeTestRun(facts, { root, goroot: index.goroot }).noRerun).toBeUndefined()
  })

  it('turns a failure that passes on its rerun into a flaky warning, and the package passes', () => {
    const { facts, root, fixture } = factsOf('tests-flaky')
    const repo = { root, goroot: index.goroot }
    const judgement = judgeTestRun(facts, repo)
    expect(rerunPlan(judgement.failures)).toEqual(
      new Map([['example.com/testsflaky', ['TestFlaky']]])
    )
    expect(runPattern(['TestFlaky'])).toBe('^TestFlaky$')
    const rerun = new TestRun()
      .addAll(
        parseTestStream(fs.readFileSync(path.join(recorded, 'tests-flaky-rerun.jsonl'), 'utf8'))
      )
      .finish()
    applyRerun(judgement.failures, rerun, 1)
    const line = fs
      .readFileSync(path.join(fixture, 'retry_test.go'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('first run fails'))
    const findings = failureFindings(judgement.failures, facts.args)
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.title}`)).toEqual([
      `retry_test.go:${line + 1} warning TestFlaky is flaky`
    ])
    const [pkg] = packageResults(facts, judgement, repo)
    expect(pkg?.status).toBe('pass')
    expect(pkg?.tests.find((t) => t.name === 'TestFlaky')).toMatchObject({
      status: 'pass',
      flaky: true
    })
  })

  it('-count: a test failing in some runs is an error naming them, never rerun; the report counts runs', () => {
    const { facts, root, fixture } = factsOf('tests-count')
    const repo = { root, goroot: index.goroot, gomodcache: index.gomodcache }
    const judgement = judgeTestRun(facts, repo)
    // Nothing is left to rerun: a rerun could only pass and hide the intermittent failure.
    expect(judgement.failures).toEqual([])
    expect(rerunPlan(judgement.failures).size).toBe(0)
    const line = (file: string, text: string): number =>
      fs
        .readFileSync(path.join(fixture, file), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(text)) + 1
    const sometimes = judgement.findings.find((f) => f.title.startsWith('TestSometimes'))
    expect(sometimes).toMatchObject({
      rule: 'tests/failed',
      severity: 'error',
      package: 'example.com/testscount',
      file: 'sometimes_test.go',
      line: line('sometimes_test.go', 'mark: fails')
    })
    expect(sometimes?.message).toContain('Failed in runs 2 and 3 of 5 and passed in the others')
    expect(sometimes?.fix).toContain("-race -count=5 -run '^TestSometimes$' example.com/testscount")
    const race = judgement.findings.find((f) => f.rule === 'tests/race')
    expect(race?.message).toContain('TestRacySometimes failed in run 2 of its 5 runs')
    expect(race?.fix).toContain("-count=5 -run '^TestRacySometimes$'")
    const [pkg] = packageResults(facts, judgement, repo)
    expect(pkg?.status).toBe('fail')
    const byName = new Map(pkg?.tests.map((t) => [t.name, t]))
    expect(byName.get('TestAlways')).toMatchObject({ status: 'pass', runs: 5, failedRuns: 0 })
    expect(byName.get('TestSometimes')).toMatchObject({
      status: 'fail',
      runs: 5,
      failedRuns: 2,
      file: 'sometimes_test.go',
      line: line('sometimes_test.go', 'mark: fails')
    })
    expect(byName.get('TestRacySometimes')).toMatchObject({
      status: 'fail',
      runs: 5,
      failedRuns: 1,
      file: 'box.go',
      line: line('box.go', 'mark: write')
    })
    // A single run says nothing about runs.
    const single = factsOf('tests-fail')
    const [one] = packageResults(single.facts, judgeTestRun(single.facts, { root: single.root }), {
      root: single.root
    })
    expect(one?.tests.some((t) => 'runs' in t || 'failedRuns' in t)).toBe(false)
  })

  it('counts the reports of one race on the same two lines, and says which lines race', () => {
    const { facts, root } = factsOf('tests-race-lazy')
    const judgement = judgeTestRun(facts, { root, goroot: index.goroot })
    const race = judgement.findings.find((f) => f.rule === 'tests/race')
    expect(race?.message.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(
        /^The write at lazy\.go:\d+ \(\S+\.\(\*Logger\)\.build\) races with the read at lazy_test\.go:\d+ \(\S+\.TestLazyBuild\)\.$/
      ),
      'Seen 2 times in TestLazyBuild, on these same lines through different stacks; the first report:'
    ])
    expect(judgement.noRerun).toContain('a data race')
  })

  it('annotates the package code side of a race whichever access go printed first', () => {
    const frame = (fn: string, file: string, line: number) =>
      `  ${fn}()\n      /repo/${file}:${line} +0x1`
    const report = (first: string, second: string): string[] =>
      [
        '==================',
        'WARNING: DATA RACE',
        first,
        '',
        `Previous ${second}`,
        '=================='
      ]
        .join('\n')
        .split('\n')
    const write = `write at 0x1 by goroutine 8:\n${frame('m.(*Box).Set', 'box.go', 9)}\n${frame('m.TestA.func1', 'a_test.go', 20)}`
    const read = `read at 0x1 by goroutine 7:\n${frame('m.TestA', 'a_test.go', 25)}`
    const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)
    const events = [
      ...report(capital(read), write).map((Output) => ({ Test: 'TestA', Output })),
      ...report(capital(write), read).map((Output) => ({ Test: 'TestB', Output }))
    ].map((e) => ({ Action: 'output', Package: 'm', ...e, Output: `${e.Output}\n` }))
    const run = new TestRun()
      .addAll(
        parseTestStream(
          [
            ...events,
            { Action: 'fail', Package: 'm', Test: 'TestA' },
            { Action: 'fail', Package: 'm', Test: 'TestB' },
            { Action: 'fail', Package: 'm' }
          ]
            .map((e) => JSON.stringify(e))
            .join('\n')
        )
      )
      .finish()
    const facts: TestModuleFacts = {
      module: { relDir: '.', path: 'm' },
      packages: [{ ImportPath: 'm', Dir: '/repo', TestGoFiles: ['a_test.go'] }],
      funcs: new Map(),
      run,
      stderr: '',
      exitCode: 1,
      args: ['test', '-json']
    }
    const { findings } = judgeTestRun(facts, { root: '/repo' })
    // One race (the same two lines) seen in two tests, at the library's write both times.
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.title}`)).toEqual([
      'box.go:9 error Data race in TestA and 1 more test',
      'a_test.go:25 notice The other access of the data race in TestA and 1 more test, reported at box.go:9'
    ])
    expect(findings[0]?.message).toContain('Seen 2 times')
  })

  it('racePlaces: the code side when a test-only access races with code, in either order', () => {
    const context = { moduleDir: '/repo', goroot: '/goroot' }
    const frame = fc.record({
      function: fc.constantFrom('m.F', 'm.TestX', 'm.(*T).M'),
      file: fc.constantFrom(
        '/repo/a.go',
        '/repo/sub/b.go',
        '/repo/a_test.go',
        '/repo/sub/b_test.go',
        '/goroot/src/sync/x.go'
      ),
      line: fc.integer({ min: 1, max: 9 })
    })
    const access = fc.record({
      kind: fc.constantFrom('read' as const, 'write' as const),
      atomic: fc.boolean(),
      frames: fc.array(frame, { maxLength: 4 })
    })
    const own = (a: RaceAccess): Frame[] => a.frames.filter((f) => f.file.startsWith('/repo/'))
    const at = (f: Frame | undefined): string | undefined =>
      f === undefined ? undefined : `${f.file.slice('/repo/'.length)}:${f.line}`
    const isTest = (f: Frame): boolean => f.file.endsWith('_test.go')
    const testOnly = (a: RaceAccess): boolean => own(a).length > 0 && own(a).every(isTest)
    const inCode = (a: RaceAccess): boolean =>
      own(a)[0] !== undefined && !isTest(own(a)[0] as Frame)
    fc.assert(
      fc.property(access, access, (current, previous) => {
        const placed = (c: RaceAccess, p: RaceAccess) => {
          const { primary, other } = racePlaces(
            { current: c, previous: p, creations: [], text: [] },
            context
          )
          return {
            primary: primary && `${primary.place.file}:${primary.place.line}`,
            other: other && `${other.place.file}:${other.place.line}`
          }
        }
        const { primary, other } = placed(current, previous)
        if (other !== undefined) expect(other).not.toBe(primary)
        const code =
          testOnly(current) && inCode(previous)
            ? previous
            : testOnly(previous) && inCode(current)
              ? current
              : undefined
        if (code !== undefined) {
          // Test against code: the code's line, whichever access go printed first.
          expect(primary).toBe(at(own(code)[0]))
          expect(placed(previous, current)).toEqual({ primary, other })
        } else {
          expect(primary).toBe(at(own(current)[0]) ?? at(own(previous)[0]))
        }
      }),
      { numRuns: 500 }
    )
  })

  it('reruns a test that failed in every one of its runs, saying so, and places a package failure only on TestMain', () => {
    const events: object[] = []
    for (let i = 0; i < 3; i++) {
      events.push(
        { Action: 'run', Package: 'p', Test: 'TestA' },
        { Action: 'output', Package: 'p', Test: 'TestA', Output: `    p_test.go:4: try ${i}\n` },
        { Action: 'fail', Package: 'p', Test: 'TestA', Elapsed: 0 }
      )
    }
    events.push(
      { Action: 'fail', Package: 'p', Elapsed: 0 },
      { Action: 'output', Package: 'q', Output: 'exit status 3\n' },
      { Action: 'fail', Package: 'q', Elapsed: 0 }
    )
    const facts: TestModuleFacts = {
      module: { relDir: '.', path: 'p' },
      packages: [
        { ImportPath: 'p', Dir: '/repo/p', TestGoFiles: ['p_test.go'] },
        { ImportPath: 'q', Dir: '/repo/q', TestGoFiles: ['a_test.go', 'main_test.go'] }
      ],
      funcs: new Map(),
      run: new TestRun()
        .addAll(parseTestStream(events.map((e) => JSON.stringify(e)).join('\n')))
        .finish(),
      stderr: '',
      exitCode: 1,
      args: ['test', '-json', '-count=1', './...', '-count=3']
    }
    const judgement = judgeTestRun(facts, { root: '/repo' })
    expect(rerunPlan(judgement.failures)).toEqual(new Map([['p', ['TestA']]]))
    expect(judgement.failures[0]?.message).toBe('try 2\n(failed in all 3 runs)')
    // q has no TestMain: no line is known, so none is given (never line 1 of a_test.go).
    expect(
      judgement.findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'} ${f.package} ${f.title}`)
    ).toEqual(['-:- q q failed outside any test'])
    facts.funcs.set('q', new Map([['TestMain', { file: 'q/main_test.go', line: 8 }]]))
    expect(
      judgeTestRun(facts, { root: '/repo' }).findings.map((f) => `${f.file}:${f.line}`)
    ).toEqual(['q/main_test.go:8'])
  })

  it('reports every test with its place, and the failures with their output', () => {
    const { facts, root } = factsOf('tests-fail')
    const repo = { root, goroot: index.goroot }
    const [pkg] = packageResults(facts, judgeTestRun(facts, repo), repo)
    expect(pkg).toMatchObject({
      package: 'example.com/testsfail',
      module: '.',
      dir: '.',
      status: 'fail'
    })
    const byName = new Map(pkg?.tests.map((t) => [t.name, t]))
    expect(byName.get('TestAddPositive')).toMatchObject({ status: 'pass', file: 'calc_test.go' })
    expect(byName.get('TestAddNegative')?.output).toContain('Add(-1, 2) = ')
    expect(byName.get('TestAddNegative')?.output).not.toContain('=== RUN')
    expect(byName.get('TestAddTable/negative')?.status).toBe('fail')
  })

  // Each test's failed subtests were found by scanning every failed test: 30,000 failing tests
  // took 17 s (found by a probe next to bench/fuzz.mjs, whose time bound lets this size pass).
  it('shows failed subtests, not their parents, among 30,000 failing tests', () => {
    const events: Array<Record<string, unknown>> = []
    const end = (test: string, action: 'pass' | 'fail'): void => {
      events.push({ Action: 'run', Package: 'p', Test: test })
      if (action === 'fail') {
        events.push({ Action: 'output', Package: 'p', Test: test, Output: '    p_test.go:3: no\n' })
      }
      events.push({ Action: action, Package: 'p', Test: test })
    }
    for (const [test, action] of [
      ['TestA/x', 'fail'],
      ['TestA', 'fail'],
      ['TestAB/y/z', 'fail'],
      ['TestAB', 'fail'],
      ['TestC/ok', 'pass'],
      ['TestC', 'fail']
    ] as const) {
      end(test, action)
    }
    for (let i = 0; i < 30_000; i++) end(`TestN${i}`, 'fail')
    events.push({ Action: 'fail', Package: 'p' })
    const run = new TestRun()
      .addAll(parseTestStream(events.map((e) => JSON.stringify(e)).join('\n')))
      .finish()
    const facts: TestModuleFacts = {
      module: { relDir: '.', path: 'p' },
      packages: [{ ImportPath: 'p', Dir: '/repo', TestGoFiles: ['p_test.go'] }],
      funcs: new Map(),
      run,
      stderr: '',
      exitCode: 1,
      args: ['test', '-json']
    }
    const judgement = judgeTestRun(facts, { root: '/repo' })
    const failed = judgement.failures.map((f) => f.test)
    expect(failed).toHaveLength(3 + 30_000)
    expect(failed.slice(0, 3)).toEqual(['TestA/x', 'TestAB/y/z', 'TestC'])
    // A parent that failed through subtests that all passed on a rerun is flaky, as they are.
    for (const f of judgement.failures) if (f.test.startsWith('TestAB/')) f.flakyOn = 1
    const [pkg] = packageResults(facts, judgement, { root: '/repo' })
    const status = new Map(pkg?.tests.map((t) => [t.name, t.flaky === true ? 'flaky' : t.status]))
    expect([...status].slice(0, 6)).toEqual([
      ['TestA/x', 'fail'],
      ['TestA', 'fail'],
      ['TestAB/y/z', 'flaky'],
      ['TestAB', 'flaky'],
      ['TestC/ok', 'pass'],
      ['TestC', 'fail']
    ])
  })

  it('escapes regular-expression characters in rerun patterns and keeps subtests with their parent', () => {
    expect(runPattern(['TestA/sub_case', 'TestB'])).toBe('^(TestA|TestB)$')
    expect(runPattern(['Test.Odd+'])).toBe('^Test\\.Odd\\+$')
    expect(exactRunPattern('TestAddTable/negative')).toBe('^TestAddTable$/^negative$')
    expect(exactRunPattern('TestA/x+y')).toBe('^TestA$/^x\\+y$')
  })

  it('blames the machine for a package its binary could not start in, and still judges the others', () => {
    const events = [
      { Action: 'start', Package: 'example.com/m/a' },
      {
        Action: 'output',
        Package: 'example.com/m/a',
        Output: 'fatal error: failed to reserve page summary memory\n'
      },
      { Action: 'output', Package: 'example.com/m/a', Output: 'FAIL\texample.com/m/a\t0.01s\n' },
      { Action: 'fail', Package: 'example.com/m/a', Elapsed: 0.01 },
      { Action: 'start', Package: 'example.com/m/b' },
      { Action: 'run', Package: 'example.com/m/b', Test: 'TestB' },
      {
        Action: 'output',
        Package: 'example.com/m/b',
        Test: 'TestB',
        Output: '    b_test.go:7: wrong\n'
      },
      { Action: 'fail', Package: 'example.com/m/b', Test: 'TestB', Elapsed: 0 },
      { Action: 'fail', Package: 'example.com/m/b', Elapsed: 0.02 }
    ]
    const run = new TestRun()
      .addAll(parseTestStream(events.map((e) => JSON.stringify(e)).join('\n')))
      .finish()
    const facts: TestModuleFacts = {
      module: { relDir: '.', path: 'example.com/m' },
      packages: [
        { ImportPath: 'example.com/m/a', Dir: '/repo/a', TestGoFiles: ['a_test.go'] },
        { ImportPath: 'example.com/m/b', Dir: '/repo/b', TestGoFiles: ['b_test.go'] }
      ],
      funcs: new Map(),
      run,
      stderr: '',
      exitCode: 1,
      args: ['test', '-json']
    }
    const judgement = judgeTestRun(facts, { root: '/repo' })
    const findings = [...judgement.findings, ...failureFindings(judgement.failures, facts.args)]
    expect(findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'} ${f.title}`)).toEqual([
      '-:- Tests cannot run here: a test binary could not reserve the memory it needs at start (an address-space or memory limit)',
      'b/b_test.go:7 TestB failed'
    ])
    expect(findings[0]?.message).toContain('example.com/m/a')
    expect(judgement.noRerun).toContain('could not reserve')
  })

  describe('a run that did not end by itself, or packages that never reported', () => {
    const factsFor = (
      events: object[],
      ending: Partial<Pick<TestModuleFacts, 'exitCode' | 'signal' | 'stopped'>>
    ): TestModuleFacts => ({
      module: { relDir: '.', path: 'example.com/m' },
      packages: [
        { ImportPath: 'example.com/m/a', Dir: '/repo/a', TestGoFiles: ['a_test.go'] },
        { ImportPath: 'example.com/m/b', Dir: '/repo/b', TestGoFiles: ['b_test.go'] }
      ],
      funcs: new Map([['example.com/m/a', new Map([['TestA', { file: 'a/a_test.go', line: 5 }]])]]),
      run: new TestRun()
        .addAll(parseTestStream(events.map((e) => JSON.stringify(e)).join('\n')))
        .finish(),
      stderr: '',
      exitCode: 0,
      args: ['test', '-json', './...'],
      ...ending
    })
    const passedA = [
      { Action: 'start', Package: 'example.com/m/a' },
      { Action: 'run', Package: 'example.com/m/a', Test: 'TestA' },
      { Action: 'pass', Package: 'example.com/m/a', Test: 'TestA', Elapsed: 0 },
      { Action: 'pass', Package: 'example.com/m/a', Elapsed: 0.01 }
    ]
    const judged = (facts: TestModuleFacts): string[] => {
      const judgement = judgeTestRun(facts, { root: '/repo' })
      return [...judgement.findings, ...failureFindings(judgement.failures, facts.args)].map(
        (f) => `${f.severity} ${f.title}`
      )
    }

    it('fails a go test killed before its first event, naming the packages that never reported', () => {
      const facts = factsFor([], { exitCode: null, signal: 'SIGKILL' })
      const judgement = judgeTestRun(facts, { root: '/repo' })
      expect(judgement.findings.map((f) => `${f.severity} ${f.title}`)).toEqual([
        'error go test was killed by SIGKILL before any test ran'
      ])
      expect(judgement.findings[0]?.message).toContain(
        '2 of 2 packages never reported a result: example.com/m/a, example.com/m/b'
      )
      expect(judgement.noRerun).toContain('go test was killed')
    })

    it('says the gate stopped go test, and why, when its watchdog did', () => {
      const running = [...passedA.slice(0, 2)]
      const facts = factsFor(running, {
        exitCode: null,
        signal: 'SIGTERM',
        stopped: 'it printed nothing for 20m'
      })
      const judgement = judgeTestRun(facts, { root: '/repo' })
      expect(judgement.findings.map((f) => `${f.file}:${f.line} ${f.title}`)).toEqual([
        'a/a_test.go:5 go test was stopped by the gate while TestA was running'
      ])
      expect(judgement.findings[0]?.message).toContain('was stopped: it printed nothing for 20m')
      expect(judgement.failures).toEqual([])
    })

    it('fails a package go list named that go test never reported, even when go exited 0', () => {
      expect(judged(factsFor(passedA, { exitCode: 0 }))).toEqual([
        'error 1 package never reported a test result'
      ])
    })

    it('passes when every listed package reported', () => {
      const both = [
        ...passedA,
        { Action: 'start', Package: 'example.com/m/b' },
        {
          Action: 'output',
          Package: 'example.com/m/b',
          Output: '?   \texample.com/m/b\t[no test files]\n'
        },
        { Action: 'skip', Package: 'example.com/m/b', Elapsed: 0 }
      ]
      expect(judged(factsFor(both, { exitCode: 0 }))).toEqual([])
    })
  })
})
