/** The sticky pull request comment's Markdown, made from the (already redacted) report. Pure. */

import { createHash } from 'node:crypto'
import type { Config } from '../config.js'
import { allFindings, type Finding, plural, type Report, SEVERITIES } from '../findings.js'
import { capText, findingLocation, oneLine, reportCounts, sortFindings } from './format.js'
import { type LinkBase, lineLinks } from './links.js'
import { codeSpan, escapeInline, inlineWithCode, locationText, SEVERITY_EMOJI } from './markdown.js'

export type CommentMode = Config['comment']

/** Findings listed in the comment; the rest are counted and left to the run's summary. */
export const MAX_LISTED_FINDINGS = 10
/** GitHub refuses a comment body over 65,536 characters; the comment stays far below. */
export const MAX_COMMENT_CHARS = 20_000

const DEFAULT_NAME = 'go-ci-gate'
const MAX_TITLE = 200
const MAX_LOCATION = 300
const MAX_SETUP_ERROR = 500

/**
 * One part of the marker's key: only [A-Za-z0-9_.-] and no `--`, so no job id or check name can
 * end the HTML comment. A part that had to change gets a short hash of what it was, so two
 * names that differ only in the replaced characters still get comments of their own.
 */
function keyPart(text: string): string {
  const safe =
    text
      .replace(/[^A-Za-z0-9_.-]+/g, '_')
      .replace(/-{2,}/g, '-')
      .slice(0, 100) || '_'
  if (safe === text) return safe
  return `${safe}.${createHash('sha256').update(text).digest('hex').slice(0, 8)}`
}

/** The hidden first line that finds the comment again: one per job (GITHUB_JOB) and check name. */
export function commentMarker(job: string, checkName: string): string {
  return `<!-- go-ci-gate:comment ${keyPart(job)}/${keyPart(checkName)} -->`
}

/** The run's page (its attempt's, after a re-run), or undefined when a part is not GitHub's. */
export function runUrl(
  base: Pick<LinkBase, 'server' | 'repository'>,
  env: NodeJS.ProcessEnv
): string | undefined {
  const id = env.GITHUB_RUN_ID ?? ''
  if (!/^[1-9]\d{0,19}$/.test(id)) return undefined
  const url = `${base.server}/${base.repository}/actions/runs/${id}`
  const attempt = env.GITHUB_RUN_ATTEMPT ?? ''
  return /^[1-9]\d{0,9}$/.test(attempt) && attempt !== '1' ? `${url}/attempts/${attempt}` : url
}

/**
 * Text from the repository or go, made unable to ping or cross-reference anyone: GitHub turns
 * `@name` into a mention (a notification) and `owner/repo#12` into a backlink on that issue. A
 * zero-width space after `@` or `#` (as Dependabot and Renovate do) keeps the text as it reads.
 */
export function withoutMentions(text: string): string {
  return text.replace(/@(?=[\p{L}\p{N}_])|#(?=\p{N})/gu, '$&\u200B')
}

/** Text outside code spans: every Markdown character escaped, no mention. */
const escapeProse = (text: string): string => escapeInline(withoutMentions(text))

/** Prose from the repository: one line, capped, escaped, no mention. */
function prose(text: string, max: number): string {
  return escapeProse(oneLine(capText(text, max)))
}

export interface CommentBodyOptions {
  /** commentMarker(): the body's first line. */
  marker: string
  /** on-failure: a passing report can only edit an earlier failure's comment, so it says "passes now". */
  mode: Exclude<CommentMode, 'off'>
  /** The findings in the order to list them (changed lines first); default: sortFindings. */
  findings?: readonly Finding[]
  /** Where file:line links point (the head commit); without it, plain file:line and no commit. */
  links?: LinkBase
  /** runUrl(): where the whole report is. */
  runUrl?: string
  /** The check-name input; named in the heading when it is not the default, as jobs share a PR. */
  checkName?: string
  maxChars?: number
}

/** The comment: marker, verdict and counts, the top findings linked to their lines, the run. */
export function commentBody(report: Report, options: CommentBodyOptions): string {
  const { links, maxChars = MAX_COMMENT_CHARS } = options
  const name =
    options.checkName === undefined || options.checkName === DEFAULT_NAME
      ? DEFAULT_NAME
      : `${DEFAULT_NAME} (${prose(options.checkName, 100)})`
  const commit = links === undefined ? undefined : codeSpan(links.sha.slice(0, 7))
  const passesNow = report.verdict === 'pass' && options.mode === 'on-failure'

  const head = [options.marker, '']
  if (passesNow) {
    head.push(`### ✅ ${name} passes now${commit === undefined ? '' : ` (commit ${commit})`}`)
  } else {
    head.push(`### ${report.verdict === 'pass' ? '✅' : '❌'} ${name} ${verdictWord(report)}`)
  }
  head.push('', facts(report, passesNow ? undefined : commit))
  if (report.setupError !== undefined) {
    head.push(
      '',
      `**The gate could not run its checks:** ${prose(report.setupError, MAX_SETUP_ERROR)}`
    )
  }
  const tail =
    options.runUrl === undefined ? [] : ['', `Details: [the run's job summary](${options.runUrl})`]

  const findings = passesNow ? [] : (options.findings ?? sortFindings(allFindings(report.results)))
  const items: string[] = []
  // Room for the list's blank line and an "and N more" line, whatever N is.
  let used = [...head, ...tail].join('\n').length + 64
  for (const finding of findings.slice(0, MAX_LISTED_FINDINGS)) {
    const item = listItem(finding, links)
    if (used + item.length + 1 > maxChars) break
    items.push(item)
    used += item.length + 1
  }
  const more = findings.length - items.length
  const list = items.length === 0 ? [] : ['', ...items]
  const moreLine = more > 0 ? ['', `…and ${plural(more, 'more finding')}.`] : []
  return [...head, ...list, ...moreLine, ...tail, ''].join('\n')
}

function verdictWord(report: Report): string {
  if (report.verdict === 'pass') return 'passes'
  return report.setupError === undefined ? 'fails' : 'could not run'
}

/** `**2 errors** · 1 warning · 0 notices · Go 1.26.8 · commit `abc1234``. */
function facts(report: Report, commit: string | undefined): string {
  const counts = reportCounts(report)
  const parts = SEVERITIES.map((severity) => {
    const text = plural(counts[severity], severity)
    return severity === 'error' && counts[severity] > 0 ? `**${text}**` : text
  })
  if (report.goVersion !== undefined) parts.push(`Go ${prose(report.goVersion, 40)}`)
  if (commit !== undefined) parts.push(`commit ${commit}`)
  return parts.join(' · ')
}

/** `- ❌ [`file:line`](blob link) · title`; a location too long to show well stays unlinked. */
function listItem(finding: Finding, links: LinkBase | undefined): string {
  const parts: string[] = []
  const location = findingLocation(finding)
  if (location !== undefined) {
    parts.push(
      location.length > MAX_LOCATION
        ? codeSpan(capText(location, MAX_LOCATION))
        : (locationText(finding, lineLinks(links)) ?? codeSpan(location))
    )
  }
  const title = oneLine(capText(finding.title, MAX_TITLE))
  // Code spans keep `@` as it is (GitHub mentions no one inside code, and a command stays copyable).
  const text = inlineWithCode(title === '' ? finding.rule : title, escapeProse)
  parts.push(text)
  return `- ${SEVERITY_EMOJI[finding.severity]} ${parts.join(' · ')}`
}
