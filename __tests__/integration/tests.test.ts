// The tests check with the real go (-race and all) against __fixtures__/go/tests-*: every case
// asserts where its findings land (file and line, found in the fixture's source, never
// hard-coded), their severity, and what the report says about each test.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { createTestsCheck, testsCheck } from '../../src/checks/tests.js'
import type { CheckOutcome } from '../../src/checks/types.js'
import type { RawInputs } from '../../src/config.js'
import type { TestCase } from '../../src/findings.js'
import { toAnnotation } from '../../src/report/annotations.js'
import { brief, cleanProcessEnv, contextFor, fixtureRepo, lineOf } from '../helpers/fixtures.js'

// Each case compiles a tiny package with -race: a few seconds each, more on a cold build cache.
jest.setTimeout(180_000)

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

interface Run {
  outcome: CheckOutcome
  root: string
  /** `file:line severity title` of every finding. */
  found: string[]
  test: (pkg: string, name: string) => TestCase | undefined
}

async function runTests(
  fixture: string,
  inputs: RawInputs = {},
  env: Record<string, string> = {},
  prepare: (root: string) => void = () => undefined,
  check = testsCheck
): Promise<Run> {
  const repo = fixtureRepo(fixture)
  cleanups.push(repo.cleanup)
  prepare(repo.root)
  const context = await contextFor(repo.root, inputs, cleanProcessEnv({ GOFLAGS: '', ...env }))
  try {
    const outcome = await check.run(context)
    return {
      outcome,
      root: repo.root,
      found: brief(outcome.findings),
      test: (pkg, name) =>
        outcome.tests?.packages.find((p) => p.package === pkg)?.tests.find((t) => t.name === name)
    }
  } finally {
    context.abort()
  }
}

describe('tests check', () => {
  it('stops a go test that prints nothing past its -timeout, and fails saying so', async () => {
    const started = Date.now()
    const { found, outcome } = await runTests(
      'tests-stuck-testmain',
      { timeout: '1s', race: 'false' },
      {},
      undefined,
      createTestsCheck({ quietMarginMs: 1000 })
    )
    // Long before go's own kill a minute after -timeout.
    expect(Date.now() - started).toBeLessThan(45_000)
    expect(found).toEqual(['-:- error go test was stopped by the gate before any test ran'])
    expect(outcome.findings[0]?.message).toContain(
      'was stopped: it printed nothing for 2s (timeout 1s + 1s).'
    )
    expect(outcome.findings[0]?.message).toContain(
      '1 of 1 package never reported a result: example.com/stuck.'
    )
  })

  it('places t.Errorf failures on their lines and a failing subtest, not its parent', async () => {
    const { found, root, test, outcome } = await runTests('tests-fail')
    const at = (text: string): number => lineOf(root, 'calc_test.go', text)
    expect(found).toEqual(
      expect.arrayContaining([
        `calc_test.go:${at('want 1')} error TestAddNegative failed`,
        `calc_test.go:${at('want -5')} error TestAddTable/negative failed`
      ])
    )
    expect(found.filter((f) => f.includes('TestAddTable failed'))).toEqual([])
    expect(test('example.com/testsfail', 'TestAddPositive')).toMatchObject({
      status: 'pass',
      file: 'calc_test.go',
      line: at('func TestAddPositive(')
    })
    expect(outcome.tests?.race).toBe(true)
  })

  it('annotates a failure with no location on the test func line', async () => {
    const { found, root } = await runTests('tests-nolocation')
    expect(found).toEqual([
      `ready_test.go:${lineOf(root, 'ready_test.go', 'func TestReady(')} error TestReady failed`
    ])
  })

  it('reports a data race once, at the first frame inside the repository', async () => {
    const { found, root, outcome } = await runTests('tests-race')
    const line = lineOf(root, 'counter/counter.go', 'c.n++')
    expect(found).toEqual([`counter/counter.go:${line} error Data race in TestCounterConcurrent`])
    const message = outcome.findings[0]?.message ?? ''
    expect(message).toContain('Previous')
    expect(message).toContain('counter/counter_test.go:')
    expect(message).not.toContain('/usr/')
  })

  it('reports a race in TestMain after the package passed', async () => {
    const { found, root } = await runTests('tests-race-testmain')
    expect(found).toEqual([
      expect.stringMatching(
        new RegExp(`^cache\\.go:${lineOf(root, 'cache.go', 'Hits++')} error Data race in `)
      )
    ])
  })

  it('reports a panic in a goroutine at its frame, and the test as unfinished', async () => {
    const { found, root, test } = await runTests('tests-panic-goroutine')
    expect(found).toEqual([
      `worker.go:${lineOf(root, 'worker.go', 'j.Items[0]')} error TestBackground panicked: runtime error: index out of range [0] with length 0`
    ])
    expect(test('example.com/testspanic', 'TestBackground')?.status).toBe('unfinished')
  })

  it('reports each stuck test of a timeout on its func line', async () => {
    const { found, root } = await runTests('tests-timeout', { timeout: '2s' })
    const at = (text: string): number => lineOf(root, 'lock_test.go', text)
    expect(found).toEqual(
      expect.arrayContaining([
        `lock_test.go:${at('func TestStuckA(')} error TestStuckA timed out`,
        `lock_test.go:${at('func TestStuckB(')} error TestStuckB timed out`
      ])
    )
    expect(found).toHaveLength(2)
  })

  it('reports a compile error in a _test.go at its line and column', async () => {
    const { found, root, outcome } = await runTests('tests-build')
    expect(found).toEqual([
      `parse_test.go:${lineOf(root, 'parse_test.go', 'want')} error example.com/testsbuild does not build: undefined: want`
    ])
    expect(outcome.tests?.packages[0]?.status).toBe('build-failed')
  })

  it('reruns a failed test: passing on the rerun makes it a flaky warning', async () => {
    const key = crypto.randomBytes(6).toString('hex')
    cleanups.push(() => fs.rmSync(path.join(os.tmpdir(), `gcg-flaky-${key}`), { force: true }))
    const { found, root, test } = await runTests('tests-flaky', {}, { GCG_FLAKY_KEY: key })
    expect(found).toEqual([
      `retry_test.go:${lineOf(root, 'retry_test.go', 'first run fails')} warning TestFlaky is flaky`
    ])
    expect(test('example.com/testsflaky', 'TestFlaky')).toMatchObject({
      status: 'pass',
      flaky: true
    })
  })

  it('with rerun-failed 0 the flaky test is an error', async () => {
    const key = crypto.randomBytes(6).toString('hex')
    cleanups.push(() => fs.rmSync(path.join(os.tmpdir(), `gcg-flaky-${key}`), { force: true }))
    const { found } = await runTests('tests-flaky', { 'rerun-failed': '0' }, { GCG_FLAKY_KEY: key })
    expect(found).toEqual([expect.stringMatching(/ error TestFlaky failed$/)])
  })
})

describe('tests check, more failure classes', () => {
  const mark = (root: string, file: string, name: string): number =>
    lineOf(root, file, `mark: ${name}`)

  it('places a failure through a t.Helper helper on the caller, and one without on the func line', async () => {
    const { found, root } = await runTests('tests-helper')
    expect(found.sort()).toEqual(
      [
        `greet_test.go:${mark(root, 'greet_test.go', 'helper')} error TestHelloHelper failed`,
        `greet_test.go:${mark(root, 'greet_test.go', 'nohelper-func')} error TestHelloNoHelper failed`
      ].sort()
    )
  })

  it('reports each failing parallel subtest on its own', async () => {
    const { found, root } = await runTests('tests-parallel')
    const line = mark(root, 'split_test.go', 'errorf')
    expect(found.sort()).toEqual([
      `split_test.go:${line} error TestPair/both failed`,
      `split_test.go:${line} error TestPair/trailing failed`
    ])
  })

  it('places a race with the standard library on the test code, past the GOROOT frames', async () => {
    const { found, root, outcome } = await runTests('tests-race-stdlib')
    const read = mark(root, 'scores_test.go', 'read')
    expect(found).toEqual([
      `scores_test.go:${read} error Data race in TestContains`,
      `scores_test.go:${mark(root, 'scores_test.go', 'write')} notice The other access of the data race in TestContains, reported at scores_test.go:${read}`
    ])
    expect(outcome.findings[0]?.message).toContain(
      `scores_test.go:${mark(root, 'scores_test.go', 'write')}`
    )
  })

  it('places a race between library code and a test reading its field on the library line, once', async () => {
    // zap's lazy With with its fix reverted: two reports, one read in the test, one write in the
    // library reached through two stacks. Before, the test line was annotated twice.
    const { found, root, outcome } = await runTests('tests-race-lazy')
    const write = mark(root, 'lazy.go', 'write')
    expect(found).toEqual([
      `lazy.go:${write} error Data race in TestLazyBuild`,
      `lazy_test.go:${mark(root, 'lazy_test.go', 'read')} notice The other access of the data race in TestLazyBuild, reported at lazy.go:${write}`
    ])
    expect(outcome.findings[0]?.message).toContain('Seen 2 times in TestLazyBuild')
    expect(outcome.findings.map((f) => f.package)).toEqual([
      'example.com/testsracelazy',
      'example.com/testsracelazy'
    ])
  })

  it('-count: keeps every run; a test failing in 2 of 5 fails at its line, a race in one run lands as usual', async () => {
    const { found, root, test } = await runTests('tests-count', { 'test-flags': '-count=5' })
    const write = mark(root, 'box.go', 'write')
    expect(found.sort()).toEqual(
      [
        `sometimes_test.go:${mark(root, 'sometimes_test.go', 'fails')} error TestSometimes failed in 2 of 5 runs`,
        `box.go:${write} error Data race in TestRacySometimes`,
        `sometimes_test.go:${mark(root, 'sometimes_test.go', 'read')} notice The other access of the data race in TestRacySometimes, reported at box.go:${write}`
      ].sort()
    )
    const pkg = 'example.com/testscount'
    expect(test(pkg, 'TestSometimes')).toMatchObject({ status: 'fail', runs: 5, failedRuns: 2 })
    expect(test(pkg, 'TestRacySometimes')).toMatchObject({ status: 'fail', runs: 5, failedRuns: 1 })
    expect(test(pkg, 'TestAlways')).toMatchObject({ status: 'pass', runs: 5, failedRuns: 0 })
  })

  it('-count with a shuffle and no race: the intermittent failure is an error, and nothing is rerun', async () => {
    const logs: string[] = []
    const logging = {
      ...testsCheck,
      run: (context: Parameters<typeof testsCheck.run>[0]) =>
        testsCheck.run({ ...context, log: (line: string) => logs.push(line) })
    }
    const { found, root, outcome } = await runTests(
      'tests-count',
      { 'test-flags': '-count=4', race: 'false', shuffle: '3' },
      {},
      undefined,
      logging
    )
    expect(found).toEqual([
      `sometimes_test.go:${mark(root, 'sometimes_test.go', 'fails')} error TestSometimes failed in 2 of 4 runs`
    ])
    expect(outcome.findings[0]?.message).toContain('Failed in runs 2 and 3 of 4')
    expect(outcome.findings[0]?.fix).toContain('-shuffle=3 -count=4 -run')
    expect(logs.filter((l) => /rerun|order check/.test(l))).toEqual([])
  })

  it('places a package that failed outside any test on its TestMain, never on line 1', async () => {
    const { found, root } = await runTests('tests-testmain-exit')
    expect(found).toEqual([
      `main_test.go:${lineOf(root, 'main_test.go', 'func TestMain(')} error example.com/teststestmainexit failed outside any test`
    ])
  })

  it('places a panic in a test on the line that panicked', async () => {
    const { found, root } = await runTests('tests-panic')
    expect(found).toEqual([
      `index_test.go:${mark(root, 'index_test.go', 'panic')} error TestSeed panicked: assignment to entry in nil map`
    ])
  })

  it('places a compile error in a non-test file', async () => {
    const { found, root } = await runTests('tests-build-nontest')
    expect(found).toEqual([
      expect.stringMatching(
        new RegExp(
          `^size\\.go:${mark(root, 'size.go', 'mismatched')} error example\\.com/\\S+ does not build: `
        )
      )
    ])
  })

  it('places what go test’s vet rejects', async () => {
    const { found, root, outcome } = await runTests('tests-vet')
    expect(found).toEqual([
      expect.stringMatching(
        new RegExp(
          `^label\\.go:${mark(root, 'label.go', 'vet')} error example\\.com/\\S+ does not build: .*Sprintf`
        )
      )
    ])
    expect(outcome.findings[0]?.column).toBeGreaterThan(0)
  })

  it('runs the files behind a build tag only with tags', async () => {
    const without = await runTests('tests-tags')
    expect(without.found).toEqual([])
    expect(without.outcome.summary).toMatch(/^1 passed in 1 package/)
    const { found, root } = await runTests('tests-tags', { tags: 'integration' })
    expect(found).toEqual([
      `store_integration_test.go:${mark(root, 'store_integration_test.go', 'tagged')} error TestGetSeeded failed`
    ])
  })

  it('exposes an order-dependent test with a shuffle seed, never calling it flaky', async () => {
    const inOrder = await runTests('tests-shuffle', { shuffle: '1' })
    expect(inOrder.found).toEqual([])
    const { found, root, outcome } = await runTests('tests-shuffle', { shuffle: '2' })
    expect(found).toEqual([
      `registry_test.go:${mark(root, 'registry_test.go', 'lookup')} error TestLookup failed`
    ])
    expect(outcome.findings[0]?.message).toContain('depends on the order tests run in')
    expect(outcome.findings[0]?.fix).toContain('-shuffle=2')
    expect(outcome.tests?.shuffleSeed).toBe(2)
  })

  it('measures coverage and fails under the threshold', async () => {
    const passing = await runTests('coverage-partial', { coverage: 'true' })
    expect(passing.found).toEqual([])
    expect(passing.outcome.tests?.coverage).toBe(25)
    expect(passing.outcome.tests?.packages[0]?.coverage).toBe(25)
    const { found } = await runTests('coverage-partial', { 'coverage-threshold': '80' })
    expect(found).toEqual(['-:- error Coverage 25% is below the threshold of 80%'])
  })

  it('blames the machine, not the tests, when a test binary cannot start under a memory limit', async () => {
    // go test runs each test binary through this wrapper (GOFLAGS -exec, as a runner might set
    // it): an address-space limit the Go runtime cannot start under, as in a tight container.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-limit-'))
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const wrapper = path.join(dir, 'limit.sh')
    fs.writeFileSync(wrapper, '#!/bin/sh\nulimit -v 500000\nexec "$@"\n', { mode: 0o755 })
    const { found, outcome } = await runTests('tests-fail', {}, { GOFLAGS: `-exec=${wrapper}` })
    expect(found).toEqual([
      '-:- error Tests cannot run here: a test binary could not reserve the memory it needs at start (an address-space or memory limit)'
    ])
    expect(outcome.findings[0]?.message).toContain('fatal error: failed to reserve')
  })

  it('says which test printed output without a newline whose result go test -json lost', async () => {
    // 8 MiB, made by the tests at run time: a multiple of the 4 KiB test2json reads, so it misses
    // the --- PASS and --- FAIL lines after it and sends no final event (the 200 MB line
    // is one too). Before, both tests were reported as never finished: "the test binary exited".
    const { found, root, test } = await runTests(
      'tests-unterminated',
      {},
      { GCG_UNTERMINATED_BYTES: String(8 << 20) }
    )
    const func = (name: string): number => lineOf(root, 'dump_test.go', `func ${name}(`)
    const lost = (name: string): string =>
      `dump_test.go:${func(name)} warning ${name} printed 8,388,608 characters without a newline: go test -json lost its result`
    expect(found.sort()).toEqual(
      [
        lost('TestDump'),
        lost('TestDumpThenFail'),
        `dump_test.go:${func('TestDumpThenFail')} error TestDumpThenFail failed`
      ].sort()
    )
    expect(test('example.com/testsunterminated', 'TestDump')?.status).toBe('pass')
    expect(test('example.com/testsunterminated', 'TestAfter')?.status).toBe('pass')
  })

  it('places failures in files whose names hold %, a comma or a colon on their lines', async () => {
    // A colon cannot be in a file name on Windows: the fixture's copy gets the name here.
    const { found, root, outcome } = await runTests('tests-filenames', {}, {}, (dir) =>
      fs.renameSync(path.join(dir, 'colon_test.go'), path.join(dir, '12:30_test.go'))
    )
    const errorf = (file: string): number => lineOf(root, file, 't.Errorf(')
    expect(found.sort()).toEqual(
      [
        `100%,done_test.go:${errorf('100%,done_test.go')} error TestPercentComma failed`,
        `12:30_test.go:${errorf('12:30_test.go')} error TestColon failed`
      ].sort()
    )
    // The annotations @actions/core prints: GitHub reads the escaped names back whole.
    const printed: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk))
      return true
    })
    try {
      for (const finding of outcome.findings) {
        const { message, properties } = toAnnotation({ check: 'tests', ...finding }, root)
        core.error(message, properties)
      }
    } finally {
      write.mockRestore()
    }
    const unescape = (v: string): string =>
      v
        .replace(/%3A/g, ':')
        .replace(/%2C/g, ',')
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%')
    const places = printed
      .join('')
      .split('\n')
      .flatMap((command) => {
        const m = /^::error (.*?)::/.exec(command)
        if (m === null) return []
        const props = Object.fromEntries(
          (m[1] as string).split(',').map((p) => p.split('=').map(unescape) as [string, string])
        )
        return [`${props.file}:${props.line}`]
      })
    expect(places.sort()).toEqual(
      [
        `100%,done_test.go:${errorf('100%,done_test.go')}`,
        `12:30_test.go:${errorf('12:30_test.go')}`
      ].sort()
    )
  })

  it('says so when the race detector cannot run, and still runs the tests', async () => {
    const { found, outcome } = await runTests('tests-fail', {}, { CGO_ENABLED: '0' })
    expect(found).toContain('-:- error Race detector unavailable: the tests ran without -race')
    expect(found.some((f) => f.endsWith('TestAddNegative failed'))).toBe(true)
    expect(outcome.tests?.race).toBe(false)
  })
})
