/**
 * The job's check run: every located finding as a Checks API annotation, so none is lost to the
 * 10-per-step limit of workflow-command annotations. GitHub takes at most 50 annotations per
 * request and appends each update's to the run's list; title and summary hold 65,535 characters.
 */

import type { Finding, Report, Severity } from '../findings.js'
import { countBySeverity, plural } from '../findings.js'
import { oneLine, truncateUtf8 } from './format.js'
import { httpStatus, type GitHubClient, type RepositoryRef } from './githubclient.js'
import { toAnnotation } from './annotations.js'
import { errorMessage } from '../text.js'

/** GitHub's limit per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50
/** GitHub's limit on output.title, output.summary and an annotation's message (characters). */
export const OUTPUT_TEXT_LIMIT = 65_535
// UTF-8 bytes never fewer than characters: a byte budget is a character budget too.
const MESSAGE_BYTES = 60_000
const TITLE_CHARACTERS = 255

const LEVEL: Record<Severity, 'failure' | 'warning' | 'notice'> = {
  error: 'failure',
  warning: 'warning',
  notice: 'notice'
}

export interface CheckRunAnnotation {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: 'failure' | 'warning' | 'notice'
  message: string
  title?: string
}

/** The job's own check run (job.check_run_id), or one the gate creates on the head commit. */
export type CheckRunTarget =
  | { kind: 'job'; id: number }
  | { kind: 'create'; name: string; headSha: string; conclusion: 'success' | 'failure' }

export interface CheckRunRequest {
  client: GitHubClient
  repository: RepositoryRef
  target: CheckRunTarget
  /** The findings in the report's one order; the located ones become annotations. */
  findings: readonly Finding[]
  root: string
  title: string
  /** Markdown; cut to GitHub's limit here. */
  summary: string
}

export interface CheckRunResult {
  /** The findings GitHub now holds as annotations on the run. */
  annotated: Finding[]
  /** Why the rest could not be delivered; undefined when everything was. */
  failure?: CheckRunFailure
  checkRunId?: number
  url?: string
}

export interface CheckRunFailure {
  /** The HTTP status GitHub answered, or undefined for a network error. */
  status?: number
  /** GitHub's message, or the network error's. */
  reason: string
  operation: 'create' | 'update'
}

/** The Checks API annotation for a finding, or undefined when it has no line in the repository. */
export function checkRunAnnotation(finding: Finding, root: string): CheckRunAnnotation | undefined {
  const { message, properties } = toAnnotation(finding, root)
  if (properties.file === undefined || properties.startLine === undefined) return undefined
  const annotation: CheckRunAnnotation = {
    path: properties.file,
    start_line: properties.startLine,
    end_line: properties.endLine ?? properties.startLine,
    annotation_level: LEVEL[finding.severity],
    message: truncateUtf8(message, MESSAGE_BYTES)
  }
  // GitHub takes columns only on a one-line annotation (toAnnotation already drops them otherwise).
  if (properties.startColumn !== undefined) {
    annotation.start_column = properties.startColumn
    annotation.end_column = properties.startColumn
  }
  if (properties.title !== undefined) annotation.title = properties.title.slice(0, TITLE_CHARACTERS)
  return annotation
}

/** The output title: verdict and counts in one line. */
export function checkRunTitle(report: Report, findings: readonly Finding[]): string {
  const counts = countBySeverity([...findings])
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')]
  if (counts.notice > 0) parts.push(plural(counts.notice, 'notice'))
  return oneLine(`go-ci-gate: ${report.verdict} (${parts.join(', ')})`).slice(0, TITLE_CHARACTERS)
}

/**
 * Sends the annotations in requests of 50. The first request creates the run (or updates the
 * job's), each later one appends; a failing request stops the delivery and says why, so the
 * caller shows the findings GitHub did not take in another way.
 */
export async function deliverCheckRun(request: CheckRunRequest): Promise<CheckRunResult> {
  const { client, repository, target } = request
  const located: Array<{ finding: Finding; annotation: CheckRunAnnotation }> = []
  for (const finding of request.findings) {
    const annotation = checkRunAnnotation(finding, request.root)
    if (annotation !== undefined) located.push({ finding, annotation })
  }
  const output = (batch: typeof located) => ({
    title: request.title,
    summary: truncateUtf8(request.summary, OUTPUT_TEXT_LIMIT),
    annotations: batch.map((b) => b.annotation)
  })

  const annotated: Finding[] = []
  let checkRunId = target.kind === 'job' ? target.id : undefined
  let url: string | undefined
  let start = 0
  // One request even without annotations: the title and summary are worth showing.
  do {
    const batch = located.slice(start, start + ANNOTATIONS_PER_REQUEST)
    const operation = checkRunId === undefined ? 'create' : 'update'
    try {
      if (checkRunId === undefined && target.kind === 'create') {
        // Created completed: a later request that fails never leaves a run spinning.
        const created = await client.rest.checks.create({
          ...repository,
          name: target.name,
          head_sha: target.headSha,
          status: 'completed',
          conclusion: target.conclusion,
          output: output(batch)
        })
        checkRunId = created.data.id
        url = created.data.html_url ?? undefined
      } else {
        const updated = await client.rest.checks.update({
          ...repository,
          check_run_id: checkRunId as number,
          output: output(batch)
        })
        url ??= updated.data.html_url ?? undefined
      }
    } catch (error) {
      return { annotated, checkRunId, url, failure: failureOf(error, operation) }
    }
    annotated.push(...batch.map((b) => b.finding))
    start += ANNOTATIONS_PER_REQUEST
  } while (start < located.length)
  return { annotated, checkRunId, url }
}

function failureOf(error: unknown, operation: CheckRunFailure['operation']): CheckRunFailure {
  const status = httpStatus(error)
  const reason = oneLine(errorMessage(error))
  return status === undefined ? { reason, operation } : { status, reason, operation }
}

/**
 * One warning for a run the gate could not annotate: what GitHub said and what to change. The
 * findings then go out as workflow-command annotations, so the wording says that too.
 */
export function checkRunWarning(failure: CheckRunFailure, target: CheckRunTarget): string {
  const which =
    target.kind === 'job' ? `the job's check run (${target.id})` : `a check run "${target.name}"`
  const action = failure.operation === 'create' ? 'create' : 'annotate'
  const answered =
    failure.status === undefined
      ? `could not reach GitHub (${failure.reason})`
      : `GitHub answered ${failure.status} (${failure.reason})`
  let fix = ''
  if (failure.status === 403 || failure.status === 404) {
    fix =
      '; give the job `permissions: checks: write` (a pull request from a fork gets a read-only token)'
  }
  return (
    `could not ${action} ${which}: ${answered}${fix}. ` +
    'The findings are shown as workflow-command annotations instead (10 per severity), and all of them in the job summary.'
  )
}
