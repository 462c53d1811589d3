/** The plan job's summary: how the tests were shared out, and on what estimates. */

import { countBySeverity, allFindings, plural } from '../findings.js'
import type { PlanDocument } from '../shard/document.js'
import type { Timings } from '../shard/timings.js'
import { formatDuration } from './format.js'
import { escapeInline } from './markdown.js'

export function renderPlanSummary(plan: PlanDocument, timings: Timings): string {
  const timed = plan.units.filter((u) => timings.packages[u.package] !== undefined).length
  const counts = countBySeverity(allFindings(plan.report.results))
  const lines = [
    `## 🧩 go-ci-gate: plan of ${plural(plan.shards.length, 'shard')}`,
    '',
    `${plural(plan.units.length, 'test package')}, ${timed} of them timed by an earlier run` +
      (timed < plan.units.length ? ' (the others are estimated at the median)' : '') +
      `. The module-level checks found ${plural(counts.error, 'error')} and ${plural(counts.warning, 'warning')}; the merge job reports them with the tests.`,
    '',
    '| Shard | Packages | Split parts | Estimate |',
    '| --- | ---: | ---: | ---: |'
  ]
  plan.shards.forEach((assignments, index) => {
    const split = assignments.filter((a) => a.run !== undefined || a.skip !== undefined).length
    const estimate = plan.estimates[index] ?? 0
    lines.push(
      `| ${index + 1}/${plan.shards.length} | ${assignments.length - split} | ${split} | ${formatDuration(Math.round(estimate * 1000))} |`
    )
  })
  if (plan.report.setupError !== undefined) {
    lines.push('', `**The gate could not run its checks:** ${escapeInline(plan.report.setupError)}`)
  }
  return `${lines.join('\n')}\n`
}
