/** Text helpers the reporters share: durations, plurals, locations, safe truncation. */
import {
  allFindings,
  compareFindings,
  countBySeverity,
  type Finding,
  type Report,
  type Severity
} from '../findings.js'
import { displayPath } from './paths.js'

export { capText, printableValue } from '../text.js'

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-'
  const rounded = Math.round(ms)
  if (rounded < 1000) return `${rounded} ms`
  if (rounded < 60_000) return `${(rounded / 1000).toFixed(1)} s`
  const seconds = Math.round(rounded / 1000)
  return `${Math.floor(seconds / 60)}m ${seconds % 60}s`
}

export function reportCounts(report: Report): Record<Severity, number> {
  return countBySeverity(allFindings(report.results))
}

/** A sorted copy: errors first, located before unlocated, then by place (the sort is stable). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings)
}

/** `file:line:col` as far as the finding knows it; undefined without a file. */
export function findingLocation(
  finding: Pick<Finding, 'file' | 'line' | 'column'>
): string | undefined {
  if (finding.file === undefined) return undefined
  let location = displayPath(finding.file)
  if (finding.line !== undefined) {
    location += `:${finding.line}`
    if (finding.column !== undefined) location += `:${finding.column}`
  }
  return location
}

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n')
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim()
}

/** The longest prefix of `text` that encodes to at most `maxBytes` UTF-8 bytes. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const buffer = Buffer.from(text, 'utf8')
  if (buffer.length <= maxBytes) return text
  let end = Math.max(0, maxBytes)
  // Step back over continuation bytes so no code point is split.
  while (end > 0 && ((buffer[end] ?? 0) & 0xc0) === 0x80) end--
  return buffer.subarray(0, end).toString('utf8')
}

/** A size for people: 812 B, 4.2 KiB, 3.1 MiB, 214 MiB, 1.3 GiB. */
export function formatSize(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  if (bytes < 1024) return `${bytes} B`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}
