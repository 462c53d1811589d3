/** A plan document read back from a job output or a file: checked before any shard trusts it. */

import type { Report } from '../findings.js'
import { planId, type PlanDocument } from './document.js'

/** The plan, or why the text is not one go-ci-gate made. */
export function parsePlanDocument(text: string): PlanDocument | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return "not JSON; give the plan job's output as it is (${{ needs.plan.outputs.plan }})"
  }
  if (typeof value !== 'object' || value === null) return 'not a JSON object'
  const plan = value as Partial<PlanDocument>
  if (plan.version !== 1) return 'not a go-ci-gate plan of version 1'
  if (
    !Array.isArray(plan.shards) ||
    plan.shards.length === 0 ||
    !plan.shards.every(Array.isArray)
  ) {
    return 'it has no shards'
  }
  if (!Array.isArray(plan.units) || typeof plan.report !== 'object' || plan.report === null) {
    return "it lacks the packages or the plan job's report"
  }
  if (plan.id !== planId(plan.shards)) return 'its id does not match its shards (was it edited?)'
  return plan as PlanDocument
}

/** A shard job's JSON report, or why the text is not one. */
export function parseShardReport(text: string): Report | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'not JSON; give the JSON report a shard job wrote (output report, or --format json)'
  }
  const report = value as Partial<Report>
  if (typeof value !== 'object' || value === null || report.schemaVersion !== 1) {
    return 'not a go-ci-gate report of schema version 1'
  }
  if (!Array.isArray(report.results)) return 'a report without results'
  return report as Report
}
