/** A module skip reason that several checks' summaries repeat: said once, under the verdict. */

import type { CheckResult } from '../findings.js'
import { codeSpan, escapeInline, inlineWithCode } from './markdown.js'

/** A check summary's parts: `pass: 1 module tidy; skipped .: go.sum is missing (modfile)`. */
const summaryParts = (summary: string | undefined): string[] =>
  summary === undefined || summary === '' ? [] : summary.split('; ')

/**
 * The module skip reasons (`skipped .: go.sum is missing (modfile)`) that more than one check's
 * summary repeats, with the checks that repeat them: said once under the verdict instead.
 */
export function sharedSkips(results: readonly CheckResult[]): Map<string, string[]> {
  const checks = new Map<string, string[]>()
  for (const result of results) {
    for (const part of new Set(summaryParts(result.summary))) {
      if (!part.startsWith('skipped ')) continue
      checks.set(part, [...(checks.get(part) ?? []), result.check])
    }
  }
  return new Map([...checks].filter(([, names]) => names.length > 1))
}

/** `skipped .: reason` as its module and reason, when it has that shape. */
function skippedModule(part: string): { dir: string; reason: string } | undefined {
  const colon = part.indexOf(': ')
  if (colon <= 'skipped '.length) return undefined
  return { dir: part.slice('skipped '.length, colon), reason: part.slice(colon + 2) }
}

export function skipNote(part: string, checks: readonly string[]): string {
  const names = checks.map((c) => escapeInline(c)).join(', ')
  const skipped = skippedModule(part)
  return skipped === undefined
    ? `⏭️ ${names}: ${inlineWithCode(part)}`
    : `⏭️ ${names} skipped module ${codeSpan(skipped.dir)}: ${inlineWithCode(skipped.reason)}`
}

/** The check's summary for its row, a reason said under the verdict shortened to a pointer. */
export function rowSummary(
  summary: string | undefined,
  shared: ReadonlyMap<string, string[]>
): string {
  const parts = summaryParts(summary).map((part) => {
    if (!shared.has(part)) return part
    const skipped = skippedModule(part)
    return skipped === undefined ? 'skipped (see above)' : `skipped ${skipped.dir} (see above)`
  })
  return parts.join('; ')
}
