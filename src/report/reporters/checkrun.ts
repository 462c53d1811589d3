import {
  checkRunTitle,
  checkRunWarning,
  deliverCheckRun,
  type CheckRunTarget
} from '../checkrun.js'
import { OUTPUT_TEXT_LIMIT } from '../checkrun.js'
import { renderSummary } from '../summary.js'
import type { ReportContext, Reporter } from './context.js'

/**
 * The job's check run gets every located finding. Without a check run id (GitHub Enterprise
 * Server before job.check_run_id) the gate creates its own run on the head commit.
 */
export const checkRunReporter: Reporter = {
  name: 'check-run',
  async run(context) {
    const { config, github, report } = context
    if (!config.annotations || github === undefined) return
    const target = targetOf(context)
    if (target === undefined) return
    const result = await deliverCheckRun({
      client: github.client,
      repository: github.repository,
      target,
      findings: context.findings,
      root: context.root,
      title: checkRunTitle(report, context.findings),
      summary: renderSummary(report, {
        budgetBytes: OUTPUT_TEXT_LIMIT,
        links: context.links,
        changes: context.changes
      })
    })
    for (const finding of result.annotated) context.delivered.onCheckRun.add(finding)
    context.delivered.checkRunUrl = result.url
    if (result.failure !== undefined) context.sink.warn(checkRunWarning(result.failure, target))
  }
}

function targetOf(context: ReportContext): CheckRunTarget | undefined {
  const id = context.config.checkRunId
  if (id !== undefined) return { kind: 'job', id }
  const headSha = context.github?.headSha
  if (headSha === undefined) return undefined
  return {
    kind: 'create',
    name: context.config.checkName,
    headSha,
    conclusion: context.report.verdict === 'pass' ? 'success' : 'failure'
  }
}
