import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { runPattern } from '../../../src/checks/tests/reruns.js'
import {
  planShards,
  shardsForTarget,
  type Assignment,
  type PackageUnit,
  type ShardPlan,
  type Timings
} from '../../../src/shard/plan.js'

const noTimings: Timings = { packages: {}, tests: {} }
const slowest = (plan: ShardPlan): number => Math.max(...plan.estimates)

/** Every assignment of each package, across the shards. */
function byPackage(plan: ShardPlan): Map<string, Assignment[]> {
  const map = new Map<string, Assignment[]>()
  for (const shard of plan.shards) {
    for (const a of shard) map.set(a.package, [...(map.get(a.package) ?? []), a])
  }
  return map
}

/** How many of a package's assignments run the named test. */
const runsOf = (assignments: readonly Assignment[], test: string): number =>
  assignments.filter((a) => (a.run ? a.run.includes(test) : a.skip ? !a.skip.includes(test) : true))
    .length

/** Random packages with random tests, some timed, some not, some timed but deleted since. */
const scenario = fc
  .record({
    packages: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 0, maxLength: 12 }),
    shards: fc.integer({ min: 1, max: 12 }),
    splitTests: fc.boolean(),
    seed: fc.array(
      fc.record({
        tests: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }),
        packageSeconds: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
        testSeconds: fc.array(fc.option(fc.double({ min: 0, max: 30, noNaN: true })), {
          minLength: 31,
          maxLength: 31
        })
      }),
      { minLength: 41, maxLength: 41 }
    )
  })
  .map(({ packages, shards, splitTests, seed }) => {
    const units: PackageUnit[] = []
    const timings: Timings = { packages: {}, tests: {} }
    for (const p of packages) {
      const s = seed[p]!
      const pkg = `example.com/m/p${p}`
      const tests = s.tests.map((t) => `Test${t}`).sort()
      units.push({ module: p % 3 === 0 ? '.' : 'sub', package: pkg, tests })
      if (s.packageSeconds !== undefined) timings.packages[pkg] = s.packageSeconds
      const times: Record<string, number> = {}
      // Timings of tests 0..30, whether the unit still has them or not.
      s.testSeconds.forEach((v, t) => {
        if (v !== null) times[`Test${t}`] = v
      })
      timings.tests[pkg] = times
    }
    return { units, timings, shards, splitTests }
  })

describe('planShards: invariants', () => {
  it('runs every package, and every test of it exactly once', () => {
    fc.assert(
      fc.property(scenario, ({ units, timings, shards, splitTests }) => {
        const plan = planShards(units, timings, shards, { splitTests })
        expect(plan.shards).toHaveLength(shards)
        expect(plan.estimates).toHaveLength(shards)
        const assigned = byPackage(plan)
        expect([...assigned.keys()].sort()).toEqual(units.map((u) => u.package).sort())
        for (const unit of units) {
          const list = assigned.get(unit.package)!
          // Exactly one assignment without a run list: it runs whatever nobody names (examples,
          // tests the plan job did not see), so those run once too.
          expect(list.filter((a) => !a.run)).toHaveLength(1)
          for (const test of unit.tests) expect(runsOf(list, test)).toBe(1)
          for (const a of list) {
            expect(a.module).toBe(unit.module)
            for (const names of [a.run, a.skip]) {
              if (!names) continue
              expect(names.length).toBeGreaterThan(0)
              expect(names).toEqual([...new Set(names)].sort())
              for (const n of names) expect(unit.tests).toContain(n)
            }
            if (!splitTests) expect(a.run ?? a.skip).toBeUndefined()
          }
        }
      })
    )
  })

  it('leaves a shard empty only when there are fewer pieces of work than shards', () => {
    fc.assert(
      fc.property(scenario, ({ units, timings, shards, splitTests }) => {
        const plan = planShards(units, timings, shards, { splitTests })
        if (plan.shards.some((s) => s.length === 0)) {
          // Each piece then went to a shard of its own.
          for (const shard of plan.shards) expect(shard.length).toBeLessThanOrEqual(1)
        }
      })
    )
  })

  it('is deterministic, whatever order the units and their tests come in', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), ({ units, timings, shards, splitTests }, salt) => {
        const shuffled = [...units]
          .map((u, i) => ({
            u: { ...u, tests: [...u.tests].reverse() },
            k: (i * 7919 + salt) % 101
          }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.u)
        const plan = planShards(units, timings, shards, { splitTests })
        expect(planShards(shuffled, timings, shards, { splitTests })).toEqual(plan)
        expect(planShards(units, timings, shards, { splitTests })).toEqual(plan)
      })
    )
  })

  it('never splits a package with fewer than 2 tests', () => {
    const units = [
      { module: '.', package: 'a', tests: ['TestOnly'] },
      { module: '.', package: 'b', tests: [] },
      { module: '.', package: 'c', tests: ['TestC'] }
    ]
    const timings = { packages: { a: 100, b: 100, c: 1 }, tests: { a: { TestOnly: 99 } } }
    const plan = planShards(units, timings, 4)
    expect(plan.shards.flat()).toEqual([
      { module: '.', package: 'a' },
      { module: '.', package: 'b' },
      { module: '.', package: 'c' }
    ])
    expect(plan.shards.filter((s) => s.length === 0)).toHaveLength(1)
  })

  it('rejects a shard count that is not a positive integer', () => {
    expect(() => planShards([], noTimings, 0)).toThrow('shards: 0 is not a positive integer')
    expect(() => planShards([], noTimings, 2.5)).toThrow('shards: 2.5 is not a positive integer')
  })
})

describe('planShards: balancing', () => {
  /**
   * The measurement: one package of 40 s in 287 s of test time. Whole packages cannot
   * beat 40 s in a shard, 1.11x the ideal for 8 shards and 2.23x for 16.
   */
  const big = Array.from({ length: 40 }, (_, i) => `TestBig${String(i).padStart(2, '0')}`)
  const units: PackageUnit[] = [
    { module: '.', package: 'example.com/big', tests: big },
    ...Array.from({ length: 38 }, (_, i) => ({
      module: '.',
      package: `example.com/small${String(i).padStart(2, '0')}`,
      tests: ['TestA', 'TestB']
    }))
  ]
  const timings: Timings = {
    packages: {
      'example.com/big': 40,
      ...Object.fromEntries(units.slice(1).map((u) => [u.package, 6.5]))
    },
    // 0.5 s of build and init; the tests make up the rest.
    tests: {
      'example.com/big': Object.fromEntries(big.map((t) => [t, 39.5 / 40])),
      ...Object.fromEntries(units.slice(1).map((u) => [u.package, { TestA: 3, TestB: 3 }]))
    }
  }

  it.each([
    [8, 1.1],
    [16, 1.25]
  ])(
    '%i shards: one slow package caps whole packages; splitting it by test lifts the cap',
    (n, target) => {
      const whole = planShards(units, timings, n, { splitTests: false })
      const split = planShards(units, timings, n)
      const ideal = 287 / n
      expect(whole.total).toBeCloseTo(287, 6)
      expect(slowest(whole)).toBeGreaterThanOrEqual(40)
      expect(slowest(whole) / ideal).toBeGreaterThanOrEqual(40 / ideal)
      expect(slowest(split) / ideal).toBeLessThanOrEqual(target)
      expect(byPackage(split).get('example.com/big')!.length).toBeGreaterThan(1)
    }
  )

  it('splits the slow package into run groups and one skip group that pays its build', () => {
    // a: 4 tests of 10 s + 2 s of build and init.
    const plan = planShards(
      [
        { module: '.', package: 'a', tests: ['T1', 'T2', 'T3', 'T4'] },
        { module: '.', package: 'b', tests: ['TestB'] },
        { module: '.', package: 'c', tests: ['TestC'] }
      ],
      {
        packages: { a: 42, b: 6, c: 6 },
        tests: { a: { T1: 10, T2: 10, T3: 10, T4: 10 } }
      },
      3
    )
    // ideal 18: a gets 3 groups (budget 16 per group besides the 2 s overhead).
    expect(plan).toEqual({
      version: 1,
      shards: [
        [{ module: '.', package: 'a', run: ['T1', 'T4'] }],
        [
          { module: '.', package: 'a', run: ['T2'] },
          { module: '.', package: 'b' }
        ],
        [
          { module: '.', package: 'a', skip: ['T1', 'T2', 'T4'] },
          { module: '.', package: 'c' }
        ]
      ],
      estimates: [22, 18, 18],
      total: 54,
      basis: { timed: 3, estimated: 0 }
    })
    expect(planShards([], noTimings, 3).estimates).toEqual([0, 0, 0])
  })

  it('puts tests added since the timings in the skip group, never in a run list', () => {
    const plan = planShards(
      [
        { module: '.', package: 'a', tests: ['TestNew', 'TestOld1', 'TestOld2', 'TestOld3'] },
        { module: '.', package: 'b', tests: ['TestB'] }
      ],
      { packages: { a: 30, b: 2 }, tests: { a: { TestOld1: 10, TestOld2: 10, TestOld3: 9 } } },
      2
    )
    const a = byPackage(plan).get('a')!
    expect(a.length).toBeGreaterThan(1)
    for (const x of a) expect(x.run ?? []).not.toContain('TestNew')
    expect(a.filter((x) => x.skip)).toHaveLength(1)
    expect(runsOf(a, 'TestNew')).toBe(1)
  })

  it('merges pieces of one package that land in one shard', () => {
    // Two shards, a split package in 3 pieces: two of them share a shard and run as one.
    const plan = planShards(
      [
        { module: '.', package: 'a', tests: ['T1', 'T2', 'T3'] },
        { module: '.', package: 'b', tests: ['TestB'] }
      ],
      { packages: { a: 31, b: 1 }, tests: { a: { T1: 10, T2: 10, T3: 10 } } },
      2
    )
    for (const shard of plan.shards) {
      expect(new Set(shard.map((s) => s.package)).size).toBe(shard.length)
    }
  })

  it('shares a package of parallel tests out by its own time, not the sum of theirs', () => {
    // TestA and TestB ran side by side: 10 s each, 10 s in all.
    const plan = planShards(
      [{ module: '.', package: 'p', tests: ['TestA', 'TestB'] }],
      { packages: { p: 10 }, tests: { p: { TestA: 10, TestB: 10 } } },
      2
    )
    expect(plan.total).toBe(10)
    expect(plan.estimates).toEqual([5, 5])
  })

  it('splits no package finer than the longest piece nothing can cut', () => {
    // One 100 s test makes 100 s the slowest shard whatever happens: q (40 s) stays whole.
    const plan = planShards(
      [
        { module: '.', package: 'one', tests: ['TestSlow'] },
        { module: '.', package: 'q', tests: ['T1', 'T2', 'T3', 'T4'] }
      ],
      { packages: { one: 100, q: 40 }, tests: { q: { T1: 10, T2: 10, T3: 10, T4: 10 } } },
      4
    )
    expect(plan.shards.flat()).toEqual([
      { module: '.', package: 'one' },
      { module: '.', package: 'q' }
    ])
  })

  it('estimates what has no timing from the medians', () => {
    const units = ['p1', 'p2', 'p3', 'new'].map((p) => ({ module: '.', package: p, tests: [] }))
    const plan = planShards(units, { packages: { p1: 10, p2: 20, p3: 30 }, tests: {} }, 1)
    expect(plan.total).toBe(80)
    expect(plan.basis).toEqual({ timed: 3, estimated: 1 })
    // A timed package grows by the median of its own tests for each test added since.
    const grown = planShards(
      [{ module: '.', package: 'p', tests: ['TestA', 'TestB', 'TestC', 'TestNew'] }],
      { packages: { p: 10 }, tests: { p: { TestA: 1, TestB: 2, TestC: 6 } } },
      1
    )
    expect(grown.total).toBe(12)
  })
})

describe('shardsForTarget', () => {
  const tenPackages = Array.from({ length: 10 }, (_, i) => ({
    module: '.',
    package: `p${i}`,
    tests: ['TestX']
  }))
  const tenSeconds: Timings = {
    packages: Object.fromEntries(tenPackages.map((u) => [u.package, 10])),
    tests: {}
  }

  it('is the fewest shards whose slowest fits the target', () => {
    // 100 s over 4 shards is 3+3+2+2 packages (30 s): 5 shards are needed for 25 s.
    expect(shardsForTarget(tenPackages, tenSeconds, 25)).toBe(5)
    expect(shardsForTarget(tenPackages, tenSeconds, 1000)).toBe(1)
    expect(shardsForTarget(tenPackages, tenSeconds, 10)).toBe(10)
    expect(shardsForTarget(tenPackages, tenSeconds, 10, 4)).toBe(4)
  })

  it('settles for the fastest it can when one test is longer than the target', () => {
    const units = [{ module: '.', package: 'slow', tests: ['TestSlow'] }, ...tenPackages]
    const timings = { ...tenSeconds, packages: { ...tenSeconds.packages, slow: 60 } }
    // 60 s is the floor, first reached with 3 shards (60 | 50 | 50; with 2: 60 | 100).
    expect(shardsForTarget(units, timings, 20)).toBe(3)
  })

  it('holds for random units: the answer fits, and no fewer shards do', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0.5, max: 200, noNaN: true }), (s, target) => {
        const n = shardsForTarget(s.units, s.timings, target, 12)
        const fits = (k: number) => slowest(planShards(s.units, s.timings, k)) <= target
        if (fits(n)) {
          for (let k = 1; k < n; k++) expect(fits(k)).toBe(false)
        }
      }),
      { numRuns: 50 }
    )
  })

  it('rejects a target that is not a positive number', () => {
    expect(() => shardsForTarget([], noTimings, 0)).toThrow('targetSeconds: 0 is not a positive')
    expect(() => shardsForTarget([], noTimings, NaN)).toThrow('targetSeconds: NaN')
  })
})

// A split package's groups reach go test through the reruns' runPattern (-run and -skip).
describe('runPattern, as the shards use it', () => {
  it('anchors the names as one top-level alternation', () => {
    expect(runPattern(['TestA', 'TestB'])).toBe('^(TestA|TestB)$')
    expect(runPattern(['Test_x.y'])).toBe('^Test_x\\.y$')
  })

  it('matches exactly the names given, metacharacters and all', () => {
    const name = fc.string({
      unit: fc.constantFrom(
        'T',
        'e',
        's',
        't',
        '1',
        '_',
        '.',
        '*',
        '+',
        '?',
        '(',
        ')',
        '|',
        '[',
        ']',
        '{',
        '}',
        '^',
        '$',
        '\\'
      ),
      minLength: 1,
      maxLength: 6
    })
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), name, (names, other) => {
        const re = new RegExp(runPattern(names))
        for (const n of names) expect(re.test(n)).toBe(true)
        expect(re.test(other)).toBe(names.includes(other))
      })
    )
  })
})
