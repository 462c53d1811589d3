/** The plan job's document (pure): the plan of the listed packages, with the plan job's own report. */

import type { Report } from '../findings.js'
import { planId, type PlanDocument } from './document.js'
import { planShards, shardsForTarget, type Timings } from './plan.js'

export interface PlanRequest {
  /** The plan job's report: its module-level checks, and `planned`, the packages to share out. */
  report: Report
  shards: number | 'auto'
  /** With shards auto: seconds a shard should take. */
  targetSeconds: number
  timings: Timings
}

/** The plan; the report it carries keeps its findings but not the listing (that is `units`). */
export function makePlanDocument(request: PlanRequest): PlanDocument {
  const units = request.report.planned ?? []
  const count =
    request.shards === 'auto'
      ? shardsForTarget(units, request.timings, request.targetSeconds)
      : request.shards
  const plan = planShards(units, request.timings, Math.max(1, count))
  const { planned: _listing, ...report } = request.report
  void _listing
  return {
    version: 1,
    id: planId(plan.shards),
    shards: plan.shards,
    estimates: plan.estimates,
    units,
    report: { ...report, commands: [] }
  }
}
