// The shard plan: which shard of a job matrix runs which packages' tests, balanced on earlier
// runs' timings. Pure: units and timings in, plan out; the same input gives the same plan.
import { estimatePackages, type PackageEstimate, type PackageUnit } from './estimate.js'
import type { Timings } from './timings.js'

export type { PackageUnit } from './estimate.js'
export type { Timings } from './timings.js'

/**
 * What one shard runs of one package: all of it, only `run` (an exact list of top-level tests),
 * or all but `skip` (the leftovers: tests never timed or added since, examples, and any test the
 * plan job did not see).
 */
export interface Assignment {
  module: string
  package: string
  run?: string[]
  skip?: string[]
}

export interface ShardPlan {
  version: 1
  shards: Assignment[][]
  /** Seconds per shard, as planned. */
  estimates: number[]
  /** Seconds of every package run whole once: total / N is the ideal shard. */
  total: number
  /** Packages with and without earlier timings. */
  basis: { timed: number; estimated: number }
}

export interface PlanOptions {
  /** Split a package longer than the ideal shard by its top-level tests (default true). */
  splitTests?: boolean
}

/** A piece of work the balancing places whole: a package, or one group of a split package. */
interface WorkUnit {
  assignment: Assignment
  seconds: number
  /** What the piece pays besides its tests (build, init), paid again by every piece of a package. */
  overhead: number
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)
const roundMs = (seconds: number): number => Math.round(seconds * 1000) / 1000
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The index of the least loaded bin; ties go to the one holding fewer pieces, then the lowest index. */
function lightest(loads: readonly number[], counts: readonly number[]): number {
  let best = 0
  for (let i = 1; i < loads.length; i++) {
    if (loads[i]! < loads[best]! || (loads[i] === loads[best] && counts[i]! < counts[best]!)) {
      best = i
    }
  }
  return best
}

function wholePackage(e: PackageEstimate): WorkUnit {
  return {
    assignment: { module: e.module, package: e.package },
    seconds: e.seconds,
    overhead: e.overhead
  }
}

/**
 * A package longer than the ideal shard, as groups of roughly ideal size: `run` groups of its
 * timed tests, and one group that skips every test those name. The skip group starts with the
 * tests never timed, so whatever the timings do not know runs exactly once, and takes timed tests
 * too when it is the lightest. Each group pays the package's overhead; so that groups stay useful
 * when the overhead is most of an ideal shard, a group's tests get at least a quarter of one.
 */
function splitPackage(e: PackageEstimate, ideal: number, shards: number): WorkUnit[] {
  const timed = e.tests
    .filter((t) => t.timed)
    .sort((a, b) => b.seconds - a.seconds || byName(a.name, b.name))
  const testSeconds = sum(e.tests.map((t) => t.seconds))
  const budget = Math.max(ideal - e.overhead, ideal / 4)
  const groups = Math.min(shards, timed.length + 1, Math.max(2, Math.ceil(testSeconds / budget)))
  if (groups < 2) return [wholePackage(e)]
  const skipIndex = groups - 1
  const loads = new Array<number>(groups).fill(0)
  loads[skipIndex] = sum(e.tests.filter((t) => !t.timed).map((t) => t.seconds))
  const counts = new Array<number>(groups).fill(0)
  counts[skipIndex] = e.tests.length - timed.length
  const members: string[][] = Array.from({ length: groups }, () => [])
  for (const test of timed) {
    const k = lightest(loads, counts)
    members[k]!.push(test.name)
    loads[k]! += test.seconds
    counts[k]! += 1
  }
  const runGroups = members
    .map((names, k) => ({ names: [...names].sort(byName), seconds: loads[k]! }))
    .filter((g, k) => k !== skipIndex && g.names.length > 0)
  if (runGroups.length === 0) return [wholePackage(e)]
  const key = { module: e.module, package: e.package }
  return [
    ...runGroups.map((g) => ({
      assignment: { ...key, run: g.names },
      seconds: e.overhead + g.seconds,
      overhead: e.overhead
    })),
    {
      assignment: { ...key, skip: runGroups.flatMap((g) => g.names).sort(byName) },
      seconds: e.overhead + loads[skipIndex]!,
      overhead: e.overhead
    }
  ]
}

/**
 * Pieces of one package that landed in the same shard, as one: the build and init are then paid
 * once. With the skip group among them, the shard runs all but what the other shards' groups run.
 */
function mergeSamePackage(pieces: readonly WorkUnit[]): WorkUnit {
  if (pieces.length === 1) return pieces[0]!
  const first = pieces[0]!.assignment
  const key = { module: first.module, package: first.package }
  const seconds = sum(pieces.map((p) => p.seconds)) - pieces[0]!.overhead * (pieces.length - 1)
  const overhead = pieces[0]!.overhead
  const runs = new Set(pieces.flatMap((p) => p.assignment.run ?? []))
  const skipGroup = pieces.find((p) => p.assignment.skip)
  if (!skipGroup) {
    return { assignment: { ...key, run: [...runs].sort(byName) }, seconds, overhead }
  }
  const skip = skipGroup.assignment.skip!.filter((name) => !runs.has(name))
  return { assignment: skip.length > 0 ? { ...key, skip } : key, seconds, overhead }
}

/** One shard's pieces, those of one package merged, in package order. */
function shardAssignments(pieces: readonly WorkUnit[]): {
  assignments: Assignment[]
  seconds: number
} {
  const byPackage = new Map<string, WorkUnit[]>()
  for (const piece of pieces) {
    const key = `${piece.assignment.module}\0${piece.assignment.package}`
    byPackage.set(key, [...(byPackage.get(key) ?? []), piece])
  }
  const merged = [...byPackage.entries()]
    .sort(([a], [b]) => byName(a, b))
    .map(([, list]) => mergeSamePackage(list))
  return {
    assignments: merged.map((m) => m.assignment),
    seconds: sum(merged.map((m) => m.seconds))
  }
}

/** The longest piece a split cannot cut: a package of fewer than 2 tests, or one test and the build. */
export function floorOf(estimates: readonly PackageEstimate[]): number {
  let floor = 0
  for (const e of estimates) {
    const piece =
      e.tests.length < 2 ? e.seconds : e.overhead + Math.max(...e.tests.map((t) => t.seconds))
    floor = Math.max(floor, piece)
  }
  return floor
}

/**
 * Balances the units over `shards` shards: longest processing time first, each piece into the
 * least loaded shard. A package whose estimate exceeds the ideal shard (total / shards) and that
 * has two tests or more is first split by its top-level tests (see splitPackage).
 */
export function planShards(
  units: readonly PackageUnit[],
  timings: Timings,
  shards: number,
  options: PlanOptions = {}
): ShardPlan {
  if (!Number.isInteger(shards) || shards < 1) {
    throw new RangeError(`shards: ${shards} is not a positive integer`)
  }
  const estimates = estimatePackages(units, timings)
  const total = sum(estimates.map((e) => e.seconds))
  const split = options.splitTests ?? true
  // No shard can take less than the longest piece no split cuts: pieces smaller than that would
  // only pay a package's build and init again for nothing.
  const target = Math.max(total / shards, split ? floorOf(estimates) : 0)
  const work = estimates.flatMap((e) =>
    split && e.seconds > target && e.tests.length >= 2
      ? splitPackage(e, target, shards)
      : [wholePackage(e)]
  )
  // Stable sort: equal estimates keep the units' (sorted) order, so the plan is deterministic.
  const order = [...work].sort((a, b) => b.seconds - a.seconds)
  const loads = new Array<number>(shards).fill(0)
  const bins: WorkUnit[][] = Array.from({ length: shards }, () => [])
  for (const piece of order) {
    const k = lightest(
      loads,
      bins.map((b) => b.length)
    )
    bins[k]!.push(piece)
    loads[k]! += piece.seconds
  }
  const planned = bins.map(shardAssignments)
  return {
    version: 1,
    shards: planned.map((p) => p.assignments),
    estimates: planned.map((p) => roundMs(p.seconds)),
    total: roundMs(total),
    basis: {
      timed: estimates.filter((e) => e.timed).length,
      estimated: estimates.filter((e) => !e.timed).length
    }
  }
}

/**
 * The number of shards for `shards: auto`: the fewest whose slowest planned shard takes at most
 * `targetSeconds`, else (a single test longer than the target) the fewest with the fastest slowest
 * shard, at most `max`.
 */
export function shardsForTarget(
  units: readonly PackageUnit[],
  timings: Timings,
  targetSeconds: number,
  max = 256
): number {
  if (!(targetSeconds > 0) || !Number.isFinite(targetSeconds)) {
    throw new RangeError(`targetSeconds: ${targetSeconds} is not a positive number of seconds`)
  }
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`max: ${max} is not a positive integer`)
  const estimates = estimatePackages(units, timings)
  // More shards than pieces could ever exist would stay empty.
  const pieces = sum(estimates.map((e) => (e.tests.length >= 2 ? e.tests.length + 1 : 1)))
  const last = Math.max(1, Math.min(max, pieces))
  // From 1 up, not from total / target: splitting a package whose tests were deleted since the
  // timings can plan less than the total, so fewer shards than that may fit.
  let best = { shards: 1, slowest: Infinity }
  for (let n = 1; n <= last; n++) {
    const slowest = Math.max(0, ...planShards(units, timings, n).estimates)
    if (slowest <= targetSeconds) return n
    if (slowest < best.slowest) best = { shards: n, slowest }
  }
  return best.shards
}
