import * as core from '@actions/core'
import {
  allFindings,
  SEVERITIES,
  type CheckResult,
  type CheckStatus,
  type EnvironmentFingerprint,
  type Finding,
  type Report,
  type Severity,
  plural
} from '../findings.js'
import {
  capText,
  findingLocation,
  formatBytes,
  formatDuration,
  normalizeNewlines,
  oneLine,
  reportCounts,
  sortFindings,
  truncateUtf8
} from './format.js'

/** GitHub drops a step summary over 1 MiB whole; half of that leaves room for other steps. */
export const SUMMARY_BUDGET_BYTES = 512 * 1024

export interface SummaryOptions {
  /** Annotations GitHub did not show inline: a total or the selection's counts by severity. */
  hiddenAnnotations?: number | Partial<Record<Severity, number>>
  budgetBytes?: number
}

const SEVERITY_EMOJI: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' }
const STATUS_EMOJI: Record<CheckStatus, string> = {
  pass: '✅',
  fail: '❌',
  error: '💥',
  skipped: '⏭️'
}

// Caps per piece of user text, so one enormous finding cannot crowd out all the others.
const MAX_TITLE = 500
const MAX_CELL = 1000
const MAX_MESSAGE = 16 * 1024
const MAX_FIX = 1000

/**
 * Escapes text placed inside a paragraph or table cell. It never starts a line (callers put
 * something before it), so only inline syntax needs escaping: emphasis, code, links, HTML,
 * tables, strikethrough, entities and GitHub's $math$.
 */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&$]/g, '\\$&')
}

/** A table cell: escaped, `|` included, with newlines as <br>. */
export function tableCell(text: string, max = MAX_CELL): string {
  const cell = escapeInline(normalizeNewlines(capText(text, max)).trim()).replace(/\n/g, '<br>')
  return cell === '' ? ' ' : cell
}

function longestBacktickRun(text: string): number {
  let longest = 0
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  return longest
}

/** An inline code span whose delimiter is longer than any backtick run in the text. */
export function codeSpan(text: string): string {
  const content = oneLine(text)
  if (content === '') return '` `'
  const fence = '`'.repeat(longestBacktickRun(content) + 1)
  const pad = /^[`\s]|[`\s]$/.test(content) ? ' ' : ''
  return `${fence}${pad}${content}${pad}${fence}`
}

/** A fenced block that the content cannot close: the fence outruns every backtick run in it. */
export function fencedBlock(text: string, info = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1))
  return `${fence}${info}\n${text}\n${fence}`
}

function heading(report: Report): string {
  const counts = reportCounts(report)
  const icon = report.verdict === 'pass' ? '✅' : '❌'
  const countText = SEVERITIES.map((s) => {
    const text = plural(counts[s], s)
    return s === 'error' && counts[s] > 0 ? `**${text}**` : text
  })
  const facts = [
    ...countText,
    plural(report.results.length, 'check'),
    ...(report.goVersion !== undefined ? [`Go ${escapeInline(report.goVersion)}`] : []),
    `fail-on: ${report.failOn}`,
    formatDuration(report.durationMs)
  ]
  return `## ${icon} go-ci-gate: ${report.verdict}\n\n${facts.join(' · ')}`
}

function environmentSection(environment: EnvironmentFingerprint): string {
  const rows = Object.entries(environment.values).map(
    ([name, value]) => `| ${tableCell(name)} | ${value === '' ? '*(empty)*' : tableCell(value)} |`
  )
  const lines = [`### Environment`, '', `Fingerprint: ${codeSpan(environment.hash)}`]
  if (rows.length > 0) lines.push('', '| Variable | Value |', '| --- | --- |', ...rows)
  return lines.join('\n')
}

function checksTable(results: readonly CheckResult[]): string {
  const rows = results.map((r) => {
    const counts = { error: 0, warning: 0, notice: 0 }
    for (const f of r.findings) counts[f.severity]++
    return [
      tableCell(r.check),
      `${STATUS_EMOJI[r.status]} ${r.status}`,
      formatDuration(r.durationMs),
      counts.error,
      counts.warning,
      counts.notice,
      tableCell(r.summary ?? '')
    ]
  })
  return [
    '### Checks',
    '',
    '| Check | Status | Time | Errors | Warnings | Notices | Summary |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`)
  ].join('\n')
}

/** One finding: a header line, the message (fenced when multi-line) and the fix. */
export function renderFinding(finding: Finding): string {
  const parts = [`${SEVERITY_EMOJI[finding.severity]} **${finding.severity}**`]
  const location = findingLocation(finding)
  if (location !== undefined) parts.push(codeSpan(location))
  const title = oneLine(capText(finding.title, MAX_TITLE))
  if (title !== '') parts.push(`**${escapeInline(title)}**`)
  let header = parts.join(' · ')

  const message = normalizeNewlines(capText(finding.message, MAX_MESSAGE)).replace(/\s+$/, '')
  const fix =
    finding.fix !== undefined && oneLine(finding.fix) !== ''
      ? `**Fix:** ${escapeInline(oneLine(capText(finding.fix, MAX_FIX)))}`
      : undefined

  if (!message.includes('\n')) {
    if (message.trim() !== '') header += `: ${escapeInline(message.trim())}`
    return fix === undefined ? header : `${header}<br>\n${fix}`
  }
  return [header, fencedBlock(message), ...(fix === undefined ? [] : [fix])].join('\n\n')
}

interface FindingBlock {
  text: string
  findings: number
}

/** Findings grouped by check in the report's order, sorted within each check. */
function findingBlocks(results: readonly CheckResult[]): FindingBlock[] {
  const blocks: FindingBlock[] = []
  for (const result of results) {
    if (result.findings.length === 0) continue
    const sorted = sortFindings(result.findings)
    sorted.forEach((finding, index) => {
      let text = renderFinding(finding)
      // The group heading travels with its first finding so truncation never leaves it alone.
      if (index === 0) text = `#### ${escapeInline(result.check)}\n\n${text}`
      if (blocks.length === 0) text = `### Findings\n\n${text}`
      blocks.push({ text, findings: 1 })
    })
  }
  return blocks
}

function hiddenNote(hidden: number, allListed: boolean): string {
  const what =
    hidden === 1
      ? '1 annotation was not shown inline'
      : `${hidden} annotations were not shown inline`
  const where = allListed ? 'all are listed here' : 'all are in the JSON report (output `report`)'
  return `ℹ️ ${what} (GitHub shows 10 per severity per step); ${where}.`
}

function leftOutNote(leftOut: number, budget: number): string {
  return (
    `⚠️ ${plural(leftOut, 'finding')} ${leftOut === 1 ? 'was' : 'were'} left out to keep this ` +
    `summary under ${formatBytes(budget)}; the JSON report (output \`report\`) has them all.`
  )
}

function hiddenTotal(hidden: SummaryOptions['hiddenAnnotations']): number {
  if (hidden === undefined) return 0
  if (typeof hidden === 'number') return Math.max(0, hidden)
  return SEVERITIES.reduce((sum, s) => sum + Math.max(0, hidden[s] ?? 0), 0)
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')
const SEPARATOR = '\n\n'

/**
 * The job summary as markdown, at most `budgetBytes` UTF-8 bytes: when the findings do not
 * fit, the list is cut and a closing line says how many were left out.
 */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const budget = Math.max(0, Math.floor(options.budgetBytes ?? SUMMARY_BUDGET_BYTES))
  const hidden = hiddenTotal(options.hiddenAnnotations)
  const total = allFindings(report.results).length

  const fixed = [heading(report)]
  if (report.environment !== undefined) fixed.push(environmentSection(report.environment))
  if (report.results.length > 0) fixed.push(checksTable(report.results))

  // Room for the closing notes at their longest, so a cut list still ends with them.
  const reserve =
    (hidden > 0 ? bytes(hiddenNote(hidden, false)) + SEPARATOR.length : 0) +
    (total > 0 ? bytes(leftOutNote(total, budget)) + SEPARATOR.length : 0)
  let used = bytes(fixed.join(SEPARATOR)) + 1 // the final newline
  const included: string[] = []
  let shown = 0
  for (const block of findingBlocks(report.results)) {
    const cost = bytes(block.text) + SEPARATOR.length
    if (used + cost + reserve > budget) break
    included.push(block.text)
    used += cost
    shown += block.findings
  }

  const leftOut = total - shown
  const closing: string[] = []
  if (hidden > 0) closing.push(hiddenNote(hidden, leftOut === 0))
  if (leftOut > 0) closing.push(leftOutNote(leftOut, budget))
  const markdown = [...fixed, ...included, ...closing].join(SEPARATOR) + '\n'
  if (bytes(markdown) <= budget) return markdown

  // The fixed part alone is over budget (a tiny budget): say so in as few bytes as possible.
  const minimal =
    [
      heading(report),
      `⚠️ This summary did not fit in ${formatBytes(budget)}; the JSON report (output \`report\`) has every finding.`
    ].join(SEPARATOR) + '\n'
  return truncateUtf8(minimal, budget)
}

/** Appends the markdown to the step summary; outside Actions (no GITHUB_STEP_SUMMARY) does nothing. */
export async function writeSummary(markdown: string): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false
  await core.summary.addRaw(markdown).write()
  return true
}
