/** The summary's findings, grouped by check. */

import type { CheckResult, Finding } from '../findings.js'
import { sortFindings } from './format.js'
import { escapeInline, type FindingBlock, type LineLink, renderFinding } from './markdown.js'

/** Findings grouped by check in the report's order, sorted within each check. */
export function findingBlocks(
  results: readonly CheckResult[],
  shownElsewhere: (finding: Finding) => boolean = () => false,
  link?: LineLink
): FindingBlock[] {
  const blocks: FindingBlock[] = []
  for (const result of results) {
    const sorted = sortFindings(result.findings.filter((f) => !shownElsewhere(f)))
    if (sorted.length === 0) continue
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
