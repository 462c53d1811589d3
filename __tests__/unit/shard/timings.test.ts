import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { PackageTests, TestCase } from '../../../src/findings.js'
import {
  compactTimings,
  readStoredTimings,
  timingsFromReports,
  type Timings
} from '../../../src/shard/timings.js'

const test = (name: string, elapsed?: number, status: TestCase['status'] = 'pass'): TestCase => ({
  name,
  status,
  ...(elapsed === undefined ? {} : { elapsed })
})

const pkg = (
  name: string,
  elapsed: number | undefined,
  tests: TestCase[],
  status: PackageTests['status'] = 'pass'
): PackageTests => ({
  package: name,
  module: '.',
  status,
  ...(elapsed === undefined ? {} : { elapsed }),
  tests
})

const report = (...packages: PackageTests[]) => ({
  tests: { args: [], race: false, reruns: 0, packages }
})

describe('timingsFromReports', () => {
  it('takes each package time and its top-level tests, not subtests or unfinished ones', () => {
    const timings = timingsFromReports([
      report(
        pkg('a', 3.5, [
          test('TestA', 1),
          test('TestA/sub', 0.9),
          test('TestB', 2, 'fail'),
          test('TestC', 0, 'skip'),
          test('TestHung', 60, 'unfinished'),
          test('TestNoTime')
        ]),
        pkg('broken', undefined, [], 'build-failed'),
        pkg('none', 0.1, [])
      )
    ])
    expect(timings).toEqual({
      packages: { a: 3.5, none: 0.1 },
      tests: { a: { TestA: 1, TestB: 2, TestC: 0 } }
    })
    expect(timingsFromReports([])).toEqual({ packages: {}, tests: {} })
    expect(timingsFromReports([{}])).toEqual({ packages: {}, tests: {} })
  })

  it('lets the later report win, per package and per test', () => {
    const timings = timingsFromReports([
      report(pkg('a', 10, [test('TestA', 4), test('TestGone', 5)]), pkg('b', 1, [])),
      report(pkg('a', 3, [test('TestA', 2)]))
    ])
    expect(timings).toEqual({
      packages: { a: 3, b: 1 },
      tests: { a: { TestA: 2, TestGone: 5 } }
    })
  })

  it('reads one package run in parts by several shards as the cost of running it whole', () => {
    // Two shards ran halves of a: 1 s and 1.5 s besides their tests; whole: 1.5 + 2 + 3 + 4.
    const timings = timingsFromReports([
      report(
        pkg('a', 3, [test('TestA', 2)]),
        pkg('b', 1, []),
        pkg('a', 8.5, [test('TestB', 3), test('TestC', 4)])
      )
    ])
    expect(timings.packages).toEqual({ a: 10.5, b: 1 })
    expect(timings.tests).toEqual({ a: { TestA: 2, TestB: 3, TestC: 4 } })
  })

  it('never gives a package time below 0 when its tests ran in parallel', () => {
    const timings = timingsFromReports([
      report(pkg('a', 1, [test('TestA', 1)]), pkg('a', 1, [test('TestB', 2), test('TestC', 2)]))
    ])
    expect(timings.packages.a).toBe(5)
  })
})

const name = fc.string({ minLength: 1, maxLength: 8 })
const seconds = fc.double({ min: 0, max: 1000, noNaN: true })
const timingsArb: fc.Arbitrary<Timings> = fc.record({
  packages: fc.dictionary(name, seconds),
  tests: fc.dictionary(name, fc.dictionary(name, seconds))
})

describe('compactTimings and readStoredTimings', () => {
  it('stores milliseconds under sorted keys, the same JSON whatever the order', () => {
    expect(
      JSON.stringify(
        compactTimings({
          packages: { b: 1.23456, a: 2 },
          tests: { b: { TestZ: 0.0004, TestA: 0.0006 }, a: {} }
        })
      )
    ).toBe('{"version":1,"packages":{"a":2,"b":1.235},"tests":{"b":{"TestA":0.001,"TestZ":0}}}')
    fc.assert(
      fc.property(timingsArb, (t) => {
        const reversed: Timings = {
          packages: Object.fromEntries(Object.entries(t.packages).reverse()),
          tests: Object.fromEntries(Object.entries(t.tests).reverse())
        }
        expect(JSON.stringify(compactTimings(reversed))).toBe(JSON.stringify(compactTimings(t)))
      })
    )
  })

  it('reads back what it stored', () => {
    fc.assert(
      fc.property(timingsArb, (t) => {
        const stored = compactTimings(t)
        const read = readStoredTimings(JSON.parse(JSON.stringify(stored)))
        expect(read).toEqual({ packages: stored.packages, tests: stored.tests })
        for (const [p, s] of Object.entries(t.packages)) {
          expect(Math.abs(read!.packages[p]! - s)).toBeLessThanOrEqual(0.0005 + 1e-9)
        }
      })
    )
  })

  it('reads nothing from a value of another shape', () => {
    for (const bad of [
      null,
      'x',
      [],
      { packages: {}, tests: {} },
      { version: 2, packages: {}, tests: {} },
      { version: 1, packages: { a: -1 }, tests: {} },
      { version: 1, packages: { a: '1' }, tests: {} },
      { version: 1, packages: {}, tests: { a: [] } },
      { version: 1, packages: {}, tests: { a: { TestA: null } } },
      { version: 1, packages: {}, tests: [] }
    ]) {
      expect(readStoredTimings(bad)).toBeUndefined()
    }
    expect(readStoredTimings({ version: 1, packages: { a: 1 }, tests: {} })).toEqual({
      packages: { a: 1 },
      tests: {}
    })
  })
})
