import * as core from '@actions/core'
import type { CacheEntrySave } from '../cache/entries.js'
import {
  allFindings,
  SEVERITIES,
  type CacheEntryReport,
  type CheckResult,
  type CheckStatus,
  type EnvironmentFingerprint,
  type Finding,
  type PackageTestStatus,
  type PackageTests,
  type Report,
  type Severity,
  type TestCase,
  type TestsReport,
  plural
} from '../findings.js'
import {
  capText,
  findingLocation,
  formatBytes,
  formatDuration,
  formatSize,
  normalizeNewlines,
  oneLine,
  reportCounts,
  sortFindings,
  truncateUtf8
} from './format.js'
import { countTests } from './junit.js'

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
  const setup =
    report.setupError === undefined
      ? ''
      : `\n\n**The gate could not run its checks:** ${escapeInline(oneLine(report.setupError))}.`
  return `## ${icon} go-ci-gate: ${report.verdict}\n\n${facts.join(' · ')}${setup}`
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

/** `### Caches`: what the main step restored, entry by entry. */
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
  return [
    '### Caches',
    '',
    '| Cache | Key | Restored | Size | Time |',
    '| --- | --- | --- | ---: | ---: |',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    'The post step saves them, trimmed to what this run used (`cache-save` decides when).'
  ].join('\n')
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

/** One finding: a header line, the message (fenced when multi-line) and the fix. */
export function renderFinding(finding: Finding): string {
  const parts = [`${SEVERITY_EMOJI[finding.severity]} **${finding.severity}**`]
  const location = findingLocation(finding)
  if (location !== undefined) parts.push(codeSpan(location))
  const title = oneLine(capText(finding.title, MAX_TITLE))
  if (title !== '') parts.push(`**${escapeInline(title)}**`)
  let header = parts.join(' · ')

  const message = normalizeNewlines(capText(finding.message, MAX_MESSAGE)).trimEnd()
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
function findingBlocks(
  results: readonly CheckResult[],
  shownElsewhere: (finding: Finding) => boolean = () => false
): FindingBlock[] {
  const blocks: FindingBlock[] = []
  for (const result of results) {
    const sorted = sortFindings(result.findings.filter((f) => !shownElsewhere(f)))
    if (sorted.length === 0) continue
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

// ---------------------------------------------------------------------------------------------
// Tests

const PACKAGE_STATUS: Record<PackageTestStatus, string> = {
  'build-failed': '💥 build failed',
  fail: '❌ fail',
  unfinished: '⏱️ unfinished',
  pass: '✅ pass',
  skip: '⏭️ skip'
}
const PACKAGE_RANK: Record<PackageTestStatus, number> = {
  'build-failed': 0,
  fail: 1,
  unfinished: 2,
  pass: 3,
  skip: 4
}
// Rows past these are left to the JSON report: failing packages come first, so they stay.
const MAX_PACKAGE_ROWS = 100
const MAX_FLAKY_ROWS = 50
const SLOWEST = 10
/** A failing test's output in the summary: head and tail, like the report keeps it. */
const MAX_OUTPUT = 8 * 1024

/** Failing packages first (build errors, failures, unfinished), then by import path. */
export function sortPackages(packages: readonly PackageTests[]): PackageTests[] {
  return [...packages].sort(
    (a, b) => PACKAGE_RANK[a.status] - PACKAGE_RANK[b.status] || a.package.localeCompare(b.package)
  )
}

/** At most `max` UTF-16 units: a quarter from the head, the rest from the tail, cut marked. */
export function headTail(text: string, max: number): string {
  if (text.length <= max) return text
  let headEnd = Math.floor(max / 4)
  let tailStart = text.length - (max - headEnd)
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text.charAt(headEnd - 1))) headEnd--
  if (/[\uDC00-\uDFFF]/.test(text.charAt(tailStart))) tailStart++
  const cut = tailStart - headEnd
  return `${text.slice(0, headEnd)}\n… ${cut} characters cut …\n${text.slice(tailStart)}`
}

const percentText = (value: number): string => `${value.toFixed(1)}%`

function location(file: string | undefined, line: number | undefined): string | undefined {
  return findingLocation({ file, line })
}

function testsHeadline(tests: TestsReport): string {
  const counts = countTests(tests)
  const failing =
    counts.failed + counts.unfinished + counts.buildFailed > 0 ||
    tests.packages.some((p) => p.status === 'fail' || p.status === 'unfinished')
  const facts: string[] = []
  if (counts.failed > 0) facts.push(`**${counts.failed} failed**`)
  if (counts.unfinished > 0) facts.push(`**${counts.unfinished} unfinished**`)
  facts.push(`${counts.passed} passed`, `${counts.skipped} skipped`)
  if (counts.flaky > 0) facts.push(`⚠️ ${counts.flaky} flaky`)
  facts.push(
    plural(counts.packages, 'package') +
      (counts.buildFailed > 0 ? ` (**${counts.buildFailed} did not build**)` : '')
  )
  facts.push(tests.race ? 'race on' : 'race off')
  if (tests.reruns > 0) facts.push(`rerun-failed ${tests.reruns}`)
  if (tests.shuffleSeed !== undefined) {
    const seed = String(tests.shuffleSeed)
    facts.push(
      `shuffle seed ${codeSpan(seed)}: replay with ${codeSpan(`go test -shuffle=${seed}`)}`
    )
  }
  if (tests.coverage !== undefined) {
    const total = percentText(tests.coverage)
    const threshold = tests.coverageThreshold
    facts.push(
      threshold === undefined
        ? `coverage ${total}`
        : tests.coverage < threshold
          ? `❌ coverage **${total}**, below the ${threshold}% threshold`
          : `coverage ${total} (threshold ${threshold}%)`
    )
  }
  return `${failing ? '❌' : '✅'} ${facts.join(' · ')}`
}

function packagesTable(tests: TestsReport): string {
  const sorted = sortPackages(tests.packages)
  const withCoverage =
    tests.coverage !== undefined || tests.packages.some((p) => p.coverage !== undefined)
  const header = ['Package', 'Status', 'Passed', 'Failed', 'Skipped', 'Time']
  const align = ['---', '---', '---:', '---:', '---:', '---:']
  if (withCoverage) {
    header.push('Coverage')
    align.push('---:')
  }
  const rows = sorted.slice(0, MAX_PACKAGE_ROWS).map((pkg) => {
    let passed = 0
    let failed = 0
    let skipped = 0
    let flaky = 0
    for (const t of pkg.tests) {
      // As in the headline: a flaky test is counted apart from those that passed at once.
      if (t.status === 'pass' && t.flaky === true) flaky++
      else if (t.status === 'pass') passed++
      else if (t.status === 'skip') skipped++
      else failed++
    }
    const cells = [
      tableCell(pkg.package),
      PACKAGE_STATUS[pkg.status] + (flaky > 0 ? ` (⚠️ ${flaky} flaky)` : ''),
      String(passed),
      String(failed),
      String(skipped),
      pkg.elapsed === undefined ? '-' : formatDuration(pkg.elapsed * 1000)
    ]
    if (withCoverage) cells.push(pkg.coverage === undefined ? '-' : percentText(pkg.coverage))
    return `| ${cells.join(' | ')} |`
  })
  const lines = [`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows]
  const more = sorted.length - rows.length
  if (more > 0) {
    lines.push(
      '',
      `… and ${plural(more, 'more package')}; the JSON report (output \`report\`) lists them all.`
    )
  }
  return lines.join('\n')
}

/** `### Tests`: the headline and the packages table. */
function testsHead(tests: TestsReport): string {
  const parts = ['### Tests', testsHeadline(tests)]
  if (tests.packages.length > 0) parts.push(packagesTable(tests))
  return parts.join('\n\n')
}

function slowestSection(tests: TestsReport): string | undefined {
  const timed: Array<{ pkg: PackageTests; test: TestCase; elapsed: number }> = []
  for (const pkg of tests.packages) {
    for (const test of pkg.tests) {
      // Top-level tests only: a parent's time already holds its subtests'.
      if (test.name.includes('/') || test.elapsed === undefined || !(test.elapsed > 0)) continue
      timed.push({ pkg, test, elapsed: test.elapsed })
    }
  }
  if (timed.length === 0) return undefined
  timed.sort((a, b) => b.elapsed - a.elapsed || a.test.name.localeCompare(b.test.name))
  const rows = timed
    .slice(0, SLOWEST)
    .map(
      ({ pkg, test, elapsed }) =>
        `| ${tableCell(test.name)} | ${tableCell(pkg.package)} | ${formatDuration(elapsed * 1000)} |`
    )
  const title = timed.length > SLOWEST ? `The ${SLOWEST} slowest tests` : 'Slowest tests'
  return [`#### ${title}`, '', '| Test | Package | Time |', '| --- | --- | ---: |', ...rows].join(
    '\n'
  )
}

function flakySection(tests: TestsReport): string | undefined {
  const flaky = tests.packages.flatMap((pkg) =>
    pkg.tests.filter((t) => t.flaky === true).map((test) => ({ pkg, test }))
  )
  if (flaky.length === 0) return undefined
  const rows = flaky.slice(0, MAX_FLAKY_ROWS).map(({ pkg, test }) => {
    const where = location(test.file, test.line)
    return `| ${tableCell(test.name)} | ${tableCell(pkg.package)} | ${where === undefined ? ' ' : codeSpan(where)} |`
  })
  const lines = [
    '#### ⚠️ Flaky tests',
    '',
    'Failed, then passed when run again: a warning, not a failure. Their first output is in the JSON report.',
    '',
    '| Test | Package | Location |',
    '| --- | --- | --- |',
    ...rows
  ]
  if (flaky.length > rows.length) {
    lines.push(
      '',
      `… and ${flaky.length - rows.length} more in the JSON report (output \`report\`).`
    )
  }
  return lines.join('\n')
}

/** One failed or unfinished test: a header line and its output, fenced. */
export function renderTestFailure(pkg: PackageTests, test: TestCase): string {
  const parts = [
    test.status === 'unfinished'
      ? `⏱️ **${escapeInline(oneLine(capText(test.name, MAX_TITLE)))}** did not finish`
      : `❌ **${escapeInline(oneLine(capText(test.name, MAX_TITLE)))}**`,
    codeSpan(pkg.package)
  ]
  const where = location(test.file, test.line)
  if (where !== undefined) parts.push(codeSpan(where))
  const output = normalizeNewlines(headTail(test.output ?? '', MAX_OUTPUT)).trimEnd()
  const body = output.replace(/^\n+/, '') === '' ? '*(no output)*' : fencedBlock(output)
  return `${parts.join(' · ')}\n\n${body}`
}

/**
 * Every failed or unfinished test, failing packages first; a parent whose subtests failed is
 * left out (the subtests are the ones to read), as are flaky tests (they passed in the end).
 */
function failureBlocks(tests: TestsReport, racesShown: boolean): string[] {
  const blocks: string[] = []
  for (const pkg of sortPackages(tests.packages)) {
    const failing = pkg.tests.filter(
      (t) => (t.status === 'fail' || t.status === 'unfinished') && t.flaky !== true
    )
    for (const test of failing) {
      if (failing.some((t) => t.name.startsWith(`${test.name}/`))) continue
      if (racesShown && failedOnlyForRace(test)) continue
      const text = renderTestFailure(pkg, test)
      blocks.push(blocks.length === 0 ? `#### Failures\n\n${text}` : text)
    }
  }
  return blocks
}

/**
 * The test failed only because the race detector saw a race while it ran (no `x_test.go:N:`
 * line of its own): the race, shown with trimmed stacks, says it better than the raw output.
 */
function failedOnlyForRace(test: TestCase): boolean {
  const output = test.output ?? ''
  return (
    test.status === 'fail' &&
    output.includes('race detected during execution of test') &&
    // A `    name_test.go:N: ` line of its own (names may hold colons: 12:30_test.go).
    !/^[ \t]+\S*_test\.go:\d+: /m.test(output)
  )
}

/** A race finding: shown with both stacks in the Tests section rather than among the findings. */
function isRace(finding: Finding): boolean {
  return finding.rule === 'tests/race'
}

function raceBlocks(results: readonly CheckResult[]): FindingBlock[] {
  const races = sortFindings(allFindings([...results]).filter(isRace))
  return races.map((finding, index) => {
    const text = renderFinding(finding)
    return { text: index === 0 ? `#### Data races\n\n${text}` : text, findings: 1 }
  })
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
 * The job summary as markdown, at most `budgetBytes` UTF-8 bytes. The fixed parts come first
 * (verdict, environment, checks, and for tests the headline, packages, slowest and flaky
 * tables); then failed tests' outputs, races and findings share what is left: the outputs get
 * at least half of it, the findings the rest. What does not fit is cut, and a closing line says
 * how much was left out.
 */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const budget = Math.max(0, Math.floor(options.budgetBytes ?? SUMMARY_BUDGET_BYTES))
  const hidden = hiddenTotal(options.hiddenAnnotations)
  const total = allFindings(report.results).length
  const tests = report.tests

  const head = [heading(report)]
  if (report.environment !== undefined) head.push(environmentSection(report.environment))
  if (report.results.length > 0) head.push(checksTable(report.results))
  if (report.cache !== undefined && report.cache.length > 0) head.push(cacheSection(report.cache))
  if (tests !== undefined) head.push(testsHead(tests))
  const tail: string[] = []
  if (tests !== undefined) {
    for (const section of [slowestSection(tests), flakySection(tests)]) {
      if (section !== undefined) tail.push(section)
    }
  }

  // With a Tests section, races are read there, with both stacks, and not again as findings.
  const races = tests === undefined ? [] : raceBlocks(report.results)
  const failures = tests === undefined ? [] : failureBlocks(tests, races.length > 0)
  const findings = findingBlocks(report.results, tests === undefined ? undefined : isRace)

  // Room for the closing notes at their longest, so a cut list still ends with them.
  const reserve =
    (hidden > 0 ? bytes(hiddenNote(hidden, false)) + SEPARATOR.length : 0) +
    (total > 0 ? bytes(leftOutNote(total, budget)) + SEPARATOR.length : 0) +
    (failures.length > 0
      ? bytes(failuresLeftOutNote(failures.length, budget)) + SEPARATOR.length
      : 0)
  let used = bytes([...head, ...tail].join(SEPARATOR)) + 1 // the final newline
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
    [...head, ...shownFailures, ...shownRaces, ...tail, ...shownFindings, ...closing].join(
      SEPARATOR
    ) + '\n'
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
