import {
  allFindings,
  SEVERITIES,
  type CheckResult,
  type EnvironmentFingerprint,
  type Finding,
  type Report,
  type Severity,
  type TestsReport,
  plural
} from '../findings.js'
import { findingLocation, formatDuration, normalizeNewlines, sortFindings } from './format.js'
import { countTests } from './junit.js'
import { safeJson, safeText } from './safetext.js'

export interface TerminalOptions {
  color: boolean
}

const ANSI = { red: 31, green: 32, yellow: 33, cyan: 36 } as const
const SEVERITY_COLOR: Record<Severity, keyof typeof ANSI> = {
  error: 'red',
  warning: 'yellow',
  notice: 'cyan'
}

function paint(text: string, color: keyof typeof ANSI, enabled: boolean): string {
  return enabled ? `\u001b[${ANSI[color]}m${text}\u001b[0m` : text
}

/**
 * Text from go output or files must not drive the terminal: escape sequences are removed and
 * other control characters (bar tab and newline) dropped.
 */
export function sanitize(text: string): string {
  return (
    normalizeNewlines(text)
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  )
}

/** `file:line:col: severity: title: message`, the shape editors and terminals link. */
function findingLines(finding: Finding, color: boolean): string[] {
  const location = findingLocation(finding) ?? 'go-ci-gate'
  const message = sanitize(finding.message).trimEnd().split('\n')
  const first = [
    sanitize(location),
    paint(finding.severity, SEVERITY_COLOR[finding.severity], color),
    sanitize(finding.title).replace(/\n+/g, ' ').trim(),
    message[0] ?? ''
  ].filter((part) => part !== '')
  const lines = [first.join(': ')]
  for (const line of message.slice(1)) lines.push(`    ${line}`.trimEnd())
  const fix = finding.fix === undefined ? '' : sanitize(finding.fix).replace(/\n+/g, ' ').trim()
  if (fix !== '') lines.push(`    fix: ${fix}`)
  return lines
}

/** `environment: <hash> (GOVERSION=go1.26.8, GOOS/GOARCH=linux/amd64, ...)`. */
function environmentLine(environment: EnvironmentFingerprint): string {
  const { values } = environment
  const pairs: string[] = []
  for (const [name, value] of Object.entries(values)) {
    if (name === 'GOARCH' && values.GOOS !== undefined) continue
    if (name === 'GOOS' && values.GOARCH !== undefined) {
      pairs.push(`GOOS/GOARCH=${values.GOOS}/${values.GOARCH}`)
    } else {
      pairs.push(`${name}=${value}`)
    }
  }
  const detail = pairs.length > 0 ? ` (${pairs.join(', ')})` : ''
  return sanitize(`environment: ${environment.hash}${detail}`).replace(/\n/g, ' ')
}

function checksTable(results: readonly CheckResult[]): string[] {
  const header = ['CHECK', 'STATUS', 'TIME', 'ERRORS', 'WARNINGS', 'NOTICES', 'SUMMARY']
  const rows = results.map((r) => {
    const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
    for (const f of r.findings) counts[f.severity]++
    return [
      r.check,
      r.status,
      formatDuration(r.durationMs),
      String(counts.error),
      String(counts.warning),
      String(counts.notice),
      sanitize(r.summary ?? '').replace(/\n+/g, ' ')
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)))
  const numeric = new Set([2, 3, 4, 5])
  const format = (row: string[]): string =>
    row
      .map((cell, i) => {
        if (i === row.length - 1) return cell
        const width = widths[i] ?? 0
        return numeric.has(i) ? cell.padStart(width) : cell.padEnd(width)
      })
      .join('  ')
      .trimEnd()
  return [format(header), ...rows.map(format)]
}

/** `tests: 41 passed, 2 failed, 1 skipped, 1 flaky in 12 packages (race, coverage 72.3%)`. */
export function testsLine(tests: TestsReport): string {
  const counts = countTests(tests)
  const parts = [`${counts.passed} passed`, `${counts.failed} failed`]
  if (counts.unfinished > 0) parts.push(`${counts.unfinished} unfinished`)
  parts.push(`${counts.skipped} skipped`)
  if (counts.flaky > 0) parts.push(`${counts.flaky} flaky`)
  const notes = [tests.race ? 'race' : 'no race']
  if (counts.buildFailed > 0) notes.unshift(`${counts.buildFailed} did not build`)
  if (tests.shuffleSeed !== undefined) notes.push(`-shuffle=${tests.shuffleSeed}`)
  if (tests.coverage !== undefined) {
    let coverage = `coverage ${tests.coverage.toFixed(1)}%`
    if (tests.coverageThreshold !== undefined) {
      coverage += `${tests.coverage < tests.coverageThreshold ? ' <' : ' >='} ${tests.coverageThreshold}%`
    }
    notes.push(coverage)
  }
  return `tests: ${parts.join(', ')} in ${plural(counts.packages, 'package')} (${notes.join(', ')})`
}

function verdictLine(report: Report, color: boolean): string {
  const findings = allFindings(report.results)
  const parts: string[] = []
  for (const severity of SEVERITIES) {
    const count = findings.filter((f) => f.severity === severity).length
    if (count > 0) parts.push(plural(count, severity))
  }
  const errored = report.results.filter((r) => r.status === 'error').length
  if (errored > 0) parts.push(`${plural(errored, 'check')} errored`)
  const verdict =
    report.verdict === 'pass' ? paint('PASS', 'green', color) : paint('FAIL', 'red', color)
  const setup = report.setupError === undefined ? '' : `: could not run: ${report.setupError}`
  return `go-ci-gate: ${verdict}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${setup}`
}

/**
 * The report for a terminal: compiler-style finding lines, the checks table, the verdict. Safe
 * to print where a runner reads workflow commands (the command may run in a workflow step).
 */
export function renderTerminal(
  report: Report,
  options: TerminalOptions = { color: false }
): string {
  const lines: string[] = []
  for (const finding of sortFindings(allFindings(report.results))) {
    lines.push(...findingLines(finding, options.color))
  }
  if (lines.length > 0) lines.push('')
  if (report.tests !== undefined) lines.push(testsLine(report.tests))
  if (report.environment !== undefined) lines.push(environmentLine(report.environment))
  lines.push(...checksTable(report.results))
  lines.push(verdictLine(report, options.color))
  return `${safeText(lines.join('\n'))}\n`
}

/** The report as pretty JSON, safe to print (`##[` in a string is written `#\u0023[`). */
export function renderJson(report: Report): string {
  return safeJson(JSON.stringify(report, null, 2))
}
