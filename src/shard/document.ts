/**
 * What travels between the jobs of a sharded run: the plan job's document (the assignment, the
 * packages and tests it was made from, and the plan job's own report of the module-level checks),
 * and the shard each shard job ran, named in its report.
 */

import { createHash } from 'node:crypto'
import type { Config } from '../config.js'
import type { Report } from '../findings.js'

export type { ShardMark } from '../findings.js'
import type { Assignment, PackageUnit } from './plan.js'

export interface PlanDocument {
  version: 1
  /** A hash of the assignment: a shard report names it, so a report of another plan is refused. */
  id: string
  /** shards[k] is what shard k+1 runs. */
  shards: Assignment[][]
  /** Seconds per shard, from the timings. */
  estimates: number[]
  /** Every test package and its top-level tests, as the plan job found them. */
  units: PackageUnit[]
  /** The plan job's report: the module-level checks (no tests), whose findings the merge shows. */
  report: Report
}

/** The plan's id: the first 16 hex digits of the assignment's SHA-256. */
export function planId(shards: readonly Assignment[][]): string {
  return createHash('sha256').update(JSON.stringify(shards)).digest('hex').slice(0, 16)
}

/** `K/N` as the matrix names a shard; undefined unless 1 <= K <= N <= 256. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const m = /^\s*([1-9]\d{0,2})\s*\/\s*([1-9]\d{0,2})\s*$/.exec(text)
  if (m === null) return undefined
  const index = Number(m[1])
  const count = Number(m[2])
  return index <= count && count <= 256 ? { index, count } : undefined
}

/** The matrix a plan job outputs: `{"include":[{"shard":"1/4"},…]}` for strategy.matrix. */
export function shardMatrix(count: number): { include: Array<{ shard: string }> } {
  return { include: Array.from({ length: count }, (_, i) => ({ shard: `${i + 1}/${count}` })) }
}

/** The report marked with its shard and plan in mode shard; as it is otherwise. */
export function markShard(report: Report, config: Pick<Config, 'mode' | 'shard' | 'plan'>): Report {
  if (config.mode !== 'shard' || config.shard === undefined || config.plan === undefined) {
    return report
  }
  return { ...report, shard: { ...config.shard, plan: config.plan.id } }
}
