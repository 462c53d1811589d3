/**
 * Which of the reports given to the merge are this plan's shards, one each, and which planned
 * shards sent none. Pure.
 */
import { plural, type CheckFinding, type Report } from '../findings.js'
import type { Assignment } from './plan.js'

/** One shard's report, accepted by the merge. */
export interface ShardRun {
  /** 1-based, as the matrix names it. */
  index: number
  /** `2/4`. */
  label: string
  report: Report
  /** Where the report came from, for messages: a file name, or `report 3` (its place in the input). */
  source: string
}

export interface AcceptedShards {
  /** By index, each shard at most once. */
  runs: ShardRun[]
  /** Planned shards with no report. */
  missing: number[]
  problems: CheckFinding[]
}

/** `2/4`. */
export function shardLabel(index: number, count: number): string {
  return `${index}/${count}`
}

/**
 * Sorts the reports into the plan's shards. A report of another plan, without a shard mark, or
 * a second one of a shard is refused (its tests would be counted against the wrong plan or
 * twice); a planned shard without a report is missing.
 */
export function acceptShards(
  planId: string,
  shards: readonly Assignment[][],
  reports: readonly Report[],
  sources: readonly string[] = []
): AcceptedShards {
  const count = shards.length
  const byIndex = new Map<number, ShardRun>()
  const problems: CheckFinding[] = []
  reports.forEach((report, i) => {
    const source = sources[i] ?? `report ${i + 1}`
    const mark = report.shard
    if (mark === undefined) {
      problems.push(
        foreign(
          `${source} is not a shard's report`,
          `${source} has no shard mark: it is a report of an unsharded run (or of the plan job), not of one of the ${plural(count, 'shard')} of plan ${planId}. Its tests are left out.`
        )
      )
      return
    }
    const label = shardLabel(mark.index, mark.count)
    if (mark.plan !== planId || mark.count !== count || mark.index < 1 || mark.index > count) {
      problems.push(
        foreign(
          `${source} is shard ${label} of another plan`,
          `${source} is shard ${label} of plan ${mark.plan}; this merge is of plan ${planId} (${plural(count, 'shard')}). Its tests are left out.`
        )
      )
      return
    }
    const first = byIndex.get(mark.index)
    if (first !== undefined) {
      problems.push(
        foreign(
          `Shard ${label} reported twice`,
          `${first.source} and ${source} are both shard ${label} of plan ${planId}: the merge keeps ${first.source} and leaves ${source} out.`
        )
      )
      return
    }
    byIndex.set(mark.index, { index: mark.index, label, report, source })
  })

  const missing: number[] = []
  for (let index = 1; index <= count; index++) {
    if (byIndex.has(index)) continue
    missing.push(index)
    problems.push(missingShard(index, count, shards[index - 1] ?? []))
  }
  const runs = [...byIndex.values()].sort((a, b) => a.index - b.index)
  return { runs, missing, problems }
}

function foreign(title: string, message: string): CheckFinding {
  return {
    rule: 'tests/shard-foreign',
    severity: 'error',
    title,
    message,
    fix: "merge the reports of this plan's shards, one of each (re-run the plan and its shards together)"
  }
}

function missingShard(
  index: number,
  count: number,
  assignments: readonly Assignment[]
): CheckFinding {
  const label = shardLabel(index, count)
  const packages = new Set(assignments.map((a) => `${a.module}\0${a.package}`)).size
  const split = assignments.filter((a) => a.run !== undefined || a.skip !== undefined).length
  const share =
    packages === 0
      ? 'it had no tests to run'
      : `its tests of ${plural(packages, 'package')} (${split} of them split across shards) are unknown`
  return {
    rule: 'tests/shard-missing',
    severity: 'error',
    title: `Shard ${label} sent no report`,
    message: `Shard ${label} sent no report: its job was cancelled or crashed, or its report was not found. ${share[0]?.toUpperCase()}${share.slice(1)}.`,
    fix: "re-run the failed jobs; the merge needs every shard's report"
  }
}
