/**
 * The summary's findings: grouped by what the change touched when it is known (changed lines,
 * changed files, elsewhere), else by check; and the line that says how they relate to the change.
 */

import { allFindings, plural, type CheckResult, type Finding } from '../findings.js'
import type { Changes, ChangeSet } from './changes.js'
import { sortFindings } from './format.js'
import { escapeInline, type FindingBlock, type LineLink, renderFinding } from './markdown.js'
import { orderFindings, outsideDiff, placeOf, type Place } from './order.js'

const PLACE_HEADING: Record<Place, string> = {
  'changed-line': 'On changed lines',
  'changed-file': 'In changed files',
  elsewhere: 'Elsewhere'
}

/** One finding with its check named after the severity, for lists not grouped by check. */
function renderWithCheck(finding: Finding, link?: LineLink): string {
  const text = renderFinding(finding, link)
  const severity = `**${finding.severity}**`
  const at = text.indexOf(severity)
  if (at < 0) return text
  const end = at + severity.length
  return `${text.slice(0, end)} · ${escapeInline(finding.check)}${text.slice(end)}`
}

/**
 * The findings as summary blocks. With a known change set, in the one report order under a
 * heading per place; otherwise grouped by check in the report's order, sorted within each.
 * A group's heading (and the section's) travels with its first finding, so truncation never
 * leaves a heading alone.
 */
export function findingBlocks(
  results: readonly CheckResult[],
  shownElsewhere: (finding: Finding) => boolean = () => false,
  link?: LineLink,
  changes?: Changes
): FindingBlock[] {
  if (changes?.known === true) {
    return placeBlocks(
      allFindings([...results]).filter((f) => !shownElsewhere(f)),
      changes.set,
      link
    )
  }
  const blocks: FindingBlock[] = []
  for (const result of results) {
    const sorted = sortFindings(result.findings.filter((f) => !shownElsewhere(f)))
    sorted.forEach((finding, index) => {
      let text = renderFinding(finding, link)
      // The group heading travels with its first finding so truncation never leaves it alone.
      if (index === 0) text = `#### ${escapeInline(result.check)}\n\n${text}`
      if (blocks.length === 0) text = `### Findings\n\n${text}`
      blocks.push({ text, findings: 1 })
    })
  }
  return blocks
}

function placeBlocks(findings: Finding[], set: ChangeSet, link?: LineLink): FindingBlock[] {
  const blocks: FindingBlock[] = []
  let previous: Place | undefined
  for (const finding of orderFindings(findings, set)) {
    const place = placeOf(finding, set)
    let text = renderWithCheck(finding, link)
    if (place !== previous) text = `#### ${PLACE_HEADING[place]}\n\n${text}`
    if (blocks.length === 0) text = `### Findings\n\n${text}`
    blocks.push({ text, findings: 1 })
    previous = place
  }
  return blocks
}

/**
 * One line under the verdict: how many findings lie outside the change, or why the change is
 * not known (said once). Undefined when there is no change to speak of, or nothing to place.
 */
export function changesNote(
  results: readonly CheckResult[],
  changes: Changes | undefined
): string | undefined {
  const findings = allFindings([...results])
  if (changes === undefined || findings.length === 0) return undefined
  if (!changes.known) {
    return (
      `ℹ️ Findings are not ordered by what changed, which is not known: ` +
      `${escapeInline(changes.reason)}.`
    )
  }
  const outside = outsideDiff(findings, changes.set)
  const source = escapeInline(changes.set.source)
  if (findings.length === 1) {
    return `📍 The finding lies ${outside === 1 ? 'outside' : 'within'} the changes of ${source}.`
  }
  const verb = outside === 1 ? 'lies' : 'lie'
  return `📍 ${outside} of ${plural(findings.length, 'finding')} ${verb} outside the changes of ${source}.`
}
