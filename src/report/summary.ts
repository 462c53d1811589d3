import * as core from '@actions/core'
import type { CacheEntrySave } from '../cache/entries.js'
import {
  allFindings,
  SEVERITIES,
  type CacheEntryReport,
  type CheckResult,
  type CheckStatus,
  type EnvironmentFingerprint,
  type Report,
  type Severity,
  plural
} from '../findings.js'
import {
  formatBytes,
  formatDuration,
  formatSize,
  oneLine,
  reportCounts,
  truncateUtf8
} from './format.js'
import { type LinkBase, lineLinks } from './links.js'
import { codeSpan, escapeInline, tableCell } from './markdown.js'
import type { Changes } from './changes.js'
import { changesNote, findingBlocks } from './summaryfindings.js'
import { rowSummary, sharedSkips, skipNote } from './summaryskips.js'
import {
  failureBlocks,
  flakySection,
  isRace,
  raceBlocks,
  slowestSection,
  testsHead
} from './summarytests.js'

/** GitHub drops a step summary over 1 MiB whole; half of that leaves room for other steps. */
export const SUMMARY_BUDGET_BYTES = 512 * 1024

export interface SummaryOptions {
  /** Annotations GitHub did not show inline: a total or the selection's counts by severity. */
  hiddenAnnotations?: number | Partial<Record<Severity, number>>
  budgetBytes?: number
  /** Where file:line links point (the action's head commit); without it, plain file:line. */
  links?: LinkBase
  /**
   * What the pull request or push changed: when known, findings are listed changed lines first
   * and a line says how many lie outside; when unknown, a line says why, once.
   */
  changes?: Changes
  /** The findings the check run took as annotations, and where it is. */
  checkRun?: { annotated: number; url?: string }
  /** The folded Configuration section (src/report/configsummary.ts), when a file was read. */
  configuration?: string
}

const STATUS_EMOJI: Record<CheckStatus, string> = {
  pass: '✅',
  fail: '❌',
  error: '💥',
  skipped: '⏭️'
}

function heading(report: Report, skipNotes: readonly string[] = []): string {
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
  const setup =
    report.setupError === undefined
      ? ''
      : `\n\n**The gate could not run its checks:** ${escapeInline(oneLine(report.setupError))}.`
  const notes = skipNotes.length > 0 ? `\n\n${skipNotes.join('<br>\n')}` : ''
  return `## ${icon} go-ci-gate: ${report.verdict}\n\n${facts.join(' · ')}${setup}${notes}`
}

/**
 * A folded section. The blank line after <summary> lets GitHub render the Markdown inside;
 * the label is fixed text, never from the repository.
 */
function details(label: string, body: string): string {
  return `<details><summary>${label}</summary>\n\n${body}\n\n</details>`
}

function environmentSection(environment: EnvironmentFingerprint): string {
  const rows = Object.entries(environment.values).map(
    ([name, value]) => `| ${tableCell(name)} | ${value === '' ? '*(empty)*' : tableCell(value)} |`
  )
  const lines = [`Fingerprint: ${codeSpan(environment.hash)}`]
  if (rows.length > 0) lines.push('', '| Variable | Value |', '| --- | --- |', ...rows)
  return details('Environment', lines.join('\n'))
}

function checksTable(
  results: readonly CheckResult[],
  shared: ReadonlyMap<string, string[]>
): string {
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
      tableCell(rowSummary(r.summary, shared))
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

const CACHE_LABEL: Record<CacheEntryReport['name'], string> = {
  module: 'modules (GOMODCACHE)',
  build: 'build (GOCACHE)'
}

const RESTORE_TEXT: Record<CacheEntryReport['restore'], string> = {
  exact: '✅ exact key',
  partial: '↪️ nearest entry',
  miss: '➖ no entry yet',
  skipped: '⏭️ skipped'
}

function sizeCell(files: number | undefined, bytes: number | undefined): string {
  return files === undefined || bytes === undefined ? '' : `${files} files, ${formatSize(bytes)}`
}

/** Caches: what the main step restored, entry by entry, folded. */
function cacheSection(entries: readonly CacheEntryReport[]): string {
  const rows = entries.map((e) => {
    const restored =
      e.restore === 'partial' && e.restoredKey !== undefined
        ? `${RESTORE_TEXT.partial} ${codeSpan(e.restoredKey)}`
        : e.restore === 'skipped'
          ? `${RESTORE_TEXT.skipped}: ${tableCell(e.note ?? '')}`
          : RESTORE_TEXT[e.restore]
    return [
      CACHE_LABEL[e.name],
      codeSpan(e.key),
      restored,
      sizeCell(e.files, e.bytes),
      e.durationMs === undefined ? '' : formatDuration(e.durationMs)
    ]
  })
  return details(
    'Caches',
    [
      '| Cache | Key | Restored | Size | Time |',
      '| --- | --- | --- | ---: | ---: |',
      ...rows.map((cells) => `| ${cells.join(' | ')} |`),
      '',
      'The post step saves them, trimmed to what this run used (`cache-save` decides when).'
    ].join('\n')
  )
}

/** The post step's summary: what it saved, or why not. */
export function renderCacheSaves(saves: readonly CacheEntrySave[], note?: string): string {
  const lines = ['### go-ci-gate: caches saved', '']
  if (note !== undefined) lines.push(escapeInline(note), '')
  if (saves.length > 0) {
    lines.push('| Cache | Key | Saved | Size | Time |', '| --- | --- | --- | ---: | ---: |')
    for (const s of saves) {
      const saved = s.saved ? '✅ saved' : `⏭️ not saved: ${tableCell(s.reason ?? '')}`
      const cells = [
        CACHE_LABEL[s.name],
        codeSpan(s.key),
        saved,
        sizeCell(s.size?.files, s.size?.bytes),
        s.durationMs === undefined ? '' : formatDuration(s.durationMs)
      ]
      lines.push(`| ${cells.join(' | ')} |`)
    }
  }
  return lines.join('\n').trimEnd() + '\n'
}

function hiddenNote(hidden: number, allListed: boolean): string {
  const what =
    hidden === 1
      ? '1 annotation was not shown inline'
      : `${hidden} annotations were not shown inline`
  const where = allListed ? 'all are listed here' : 'all are in the JSON report (output `report`)'
  return `ℹ️ ${what} (GitHub shows 10 per severity per step); ${where}.`
}

/** Where the annotations went when the check run took them; a link only to a plain web address. */
function checkRunNote(checkRun: SummaryOptions['checkRun']): string | undefined {
  if (checkRun === undefined || checkRun.annotated === 0) return undefined
  const url = checkRun.url
  const run =
    url !== undefined && /^https?:\/\/[^\s()<>"'`\\]+$/.test(url)
      ? `[check run](${url})`
      : 'check run'
  const what = checkRun.annotated === 1 ? '1 finding is' : `${checkRun.annotated} findings are`
  return `📌 ${what} annotated on their lines in the ${run}.`
}

function leftOutNote(leftOut: number, budget: number): string {
  return (
    `⚠️ ${plural(leftOut, 'finding')} ${leftOut === 1 ? 'was' : 'were'} left out to keep this ` +
    `summary under ${formatBytes(budget)}; the JSON report (output \`report\`) has them all.`
  )
}

function failuresLeftOutNote(leftOut: number, budget: number): string {
  return (
    `⚠️ The output of ${plural(leftOut, 'failed test')} was left out to keep this summary under ` +
    `${formatBytes(budget)}; the JSON report (output \`report\`) has it.`
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
 * The job summary as markdown, at most `budgetBytes` UTF-8 bytes, read top-down: the verdict
 * (with any module skip reason the checks share, said once), the findings, the tests (headline,
 * packages, failed tests' outputs, races, slowest, flaky), the checks table, then the
 * environment and caches folded in <details>. The fixed parts are always there; failed tests'
 * outputs, races and findings share what is left: the outputs get at least half of it, the
 * findings the rest. What does not fit is cut, and a closing line says how much was left out.
 */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const budget = Math.max(0, Math.floor(options.budgetBytes ?? SUMMARY_BUDGET_BYTES))
  const hidden = hiddenTotal(options.hiddenAnnotations)
  const total = allFindings(report.results).length
  const tests = report.tests
  const link = lineLinks(options.links)
  const shared = sharedSkips(report.results)

  const changesLine = changesNote(report.results, options.changes)
  const verdict =
    heading(
      report,
      [...shared].map(([part, checks]) => skipNote(part, checks))
    ) +
    [changesLine, checkRunNote(options.checkRun)]
      .filter((line) => line !== undefined)
      .map((line) => `${SEPARATOR}${line}`)
      .join('')
  const testsTop = tests === undefined ? [] : [testsHead(tests)]
  const testsEnd: string[] = []
  if (tests !== undefined) {
    for (const section of [slowestSection(tests), flakySection(tests, link)]) {
      if (section !== undefined) testsEnd.push(section)
    }
  }
  const bottom: string[] = []
  if (report.results.length > 0) bottom.push(checksTable(report.results, shared))
  if (options.configuration !== undefined) bottom.push(options.configuration)
  if (report.environment !== undefined) bottom.push(environmentSection(report.environment))
  if (report.cache !== undefined && report.cache.length > 0) bottom.push(cacheSection(report.cache))

  // With a Tests section, races are read there, with both stacks, and not again as findings.
  const races = tests === undefined ? [] : raceBlocks(report.results, link)
  const failures = tests === undefined ? [] : failureBlocks(tests, races.length > 0, link)
  const findings = findingBlocks(
    report.results,
    tests === undefined ? undefined : isRace,
    link,
    options.changes
  )

  // Room for the closing notes at their longest, so a cut list still ends with them.
  const reserve =
    (hidden > 0 ? bytes(hiddenNote(hidden, false)) + SEPARATOR.length : 0) +
    (total > 0 ? bytes(leftOutNote(total, budget)) + SEPARATOR.length : 0) +
    (failures.length > 0
      ? bytes(failuresLeftOutNote(failures.length, budget)) + SEPARATOR.length
      : 0)
  let used = bytes([verdict, ...testsTop, ...testsEnd, ...bottom].join(SEPARATOR)) + 1 // the final newline
  const cost = (text: string): number => bytes(text) + SEPARATOR.length

  // Failed tests' outputs may take what the findings do not need, and at least half the room.
  const room = Math.max(0, budget - used - reserve)
  const findingsNeed = [...races, ...findings].reduce((sum, b) => sum + cost(b.text), 0)
  const failureRoom = Math.max(Math.floor(room / 2), room - findingsNeed)
  const shownFailures: string[] = []
  let failureBytes = 0
  for (const text of failures) {
    if (failureBytes + cost(text) > failureRoom) break
    shownFailures.push(text)
    failureBytes += cost(text)
  }
  used += failureBytes

  const shownRaces: string[] = []
  const shownFindings: string[] = []
  let shown = 0
  let full = false
  for (const [blocks, into] of [
    [races, shownRaces],
    [findings, shownFindings]
  ] as const) {
    for (const block of blocks) {
      if (full || used + cost(block.text) + reserve > budget) {
        full = true
        break
      }
      into.push(block.text)
      used += cost(block.text)
      shown += block.findings
    }
  }

  const leftOut = total - shown
  const failuresLeftOut = failures.length - shownFailures.length
  const closing: string[] = []
  if (hidden > 0) closing.push(hiddenNote(hidden, leftOut === 0))
  if (failuresLeftOut > 0) closing.push(failuresLeftOutNote(failuresLeftOut, budget))
  if (leftOut > 0) closing.push(leftOutNote(leftOut, budget))
  const markdown =
    [
      verdict,
      ...shownFindings,
      ...testsTop,
      ...shownFailures,
      ...shownRaces,
      ...testsEnd,
      ...closing,
      ...bottom
    ].join(SEPARATOR) + '\n'
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
