/**
 * One order for every report: findings on the lines a change touched, then in the files it
 * touched, then the rest; within each, errors first (compareFindings). And which findings to show
 * when only a few fit, spread over files.
 */

import path from 'node:path'
import { compareFindings, SEVERITIES, type Finding, type Severity } from '../findings.js'
import type { ChangeSet } from './changes.js'

export const PLACES = ['changed-line', 'changed-file', 'elsewhere'] as const
export type Place = (typeof PLACES)[number]

/** A finding's file as the change set names files: POSIX, no `./`. */
function fileKey(file: string): string {
  return path.posix.normalize(file.replace(/\\/g, '/'))
}

/**
 * Where a finding lies relative to the change: on a changed line (its lines overlap a changed
 * range), in a changed file (any other line, no line, or a file changed as a whole), or
 * elsewhere. Without a change set everything is elsewhere.
 */
export function placeOf(finding: Finding, set?: ChangeSet): Place {
  if (set === undefined || finding.file === undefined) return 'elsewhere'
  const ranges = set.files.get(fileKey(finding.file))
  if (ranges === undefined) return 'elsewhere'
  if (ranges === 'file' || finding.line === undefined) return 'changed-file'
  const first = finding.line
  const last = finding.endLine !== undefined && finding.endLine > first ? finding.endLine : first
  return ranges.some((r) => r.start <= last && first <= r.end) ? 'changed-line' : 'changed-file'
}

/** A sorted copy in the one order every report uses (stable: equal findings keep their order). */
export function orderFindings(findings: readonly Finding[], set?: ChangeSet): Finding[] {
  if (set === undefined) return [...findings].sort(compareFindings)
  const rank = new Map(findings.map((f) => [f, PLACES.indexOf(placeOf(f, set))]))
  return [...findings].sort(
    (a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0) || compareFindings(a, b)
  )
}

/** How many findings lie outside the change (neither on its lines nor in its files). */
export function outsideDiff(findings: readonly Finding[], set: ChangeSet): number {
  return findings.filter((f) => placeOf(f, set) === 'elsewhere').length
}

export interface SpreadOptions {
  /** Findings shown per severity (GitHub shows 10 workflow-command annotations of each). */
  perSeverity?: number
  /** Findings from one file before other files get their turn. */
  perFile?: number
}

export interface Selection {
  /** Errors, then warnings, then notices, each in the report order; at most `perSeverity` of each. */
  shown: Finding[]
  hidden: Record<Severity, number>
}

/**
 * The findings to show when only `perSeverity` of each severity fit: in the report order, but no
 * more than `perFile` from one file while other files still have findings not taken; then what
 * room is left goes to the rest, in order. Findings without a file count as one file.
 */
export function spreadSelection(
  findings: readonly Finding[],
  set?: ChangeSet,
  options: SpreadOptions = {}
): Selection {
  const limit = Math.max(0, Math.floor(options.perSeverity ?? 10))
  const perFile = Math.max(1, Math.floor(options.perFile ?? 3))
  const shown: Finding[] = []
  const hidden: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  for (const severity of SEVERITIES) {
    const ordered = orderFindings(
      findings.filter((f) => f.severity === severity),
      set
    )
    const taken = new Array<boolean>(ordered.length).fill(false)
    const perFileTaken = new Map<string | undefined, number>()
    let count = 0
    ordered.forEach((finding, index) => {
      const key = finding.file === undefined ? undefined : fileKey(finding.file)
      const fromFile = perFileTaken.get(key) ?? 0
      if (count >= limit || fromFile >= perFile) return
      taken[index] = true
      perFileTaken.set(key, fromFile + 1)
      count++
    })
    ordered.forEach((_, index) => {
      if (count >= limit || taken[index] === true) return
      taken[index] = true
      count++
    })
    shown.push(...ordered.filter((_, index) => taken[index]))
    hidden[severity] = ordered.length - count
  }
  return { shown, hidden }
}
