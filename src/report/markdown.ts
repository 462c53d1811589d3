/** Markdown for the job summary: escaping, code spans, fences, and one finding as a block. */

import type { Finding, Severity } from '../findings.js'
import { capText, findingLocation, normalizeNewlines, oneLine } from './format.js'

// Caps per piece of user text, so one enormous finding cannot crowd out all the others.
export const MAX_TITLE = 500
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

/**
 * Inline text whose backquoted spans (`go mod tidy`) become code spans and the rest is escaped,
 * so a fix reads as it would in a terminal, never with literal backslash-backticks. A backtick
 * run with no run of the same length after it stays literal text (escaped), as in CommonMark.
 * `escape` makes the text outside code spans safe (escapeInline, or more).
 */
export function inlineWithCode(
  text: string,
  escape: (text: string) => string = escapeInline
): string {
  const parts: string[] = []
  let rest = text
  for (;;) {
    const open = /`+/.exec(rest)
    if (open === null) break
    const fence = open[0]
    const after = rest.slice(open.index + fence.length)
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`).exec(after)
    if (close === null) {
      parts.push(escape(rest.slice(0, open.index + fence.length)))
      rest = after
      continue
    }
    const inner = after.slice(0, close.index)
    parts.push(escape(rest.slice(0, open.index)))
    parts.push(inner.trim() === '' ? escape(fence + inner + fence) : codeSpan(inner))
    rest = after.slice(close.index + fence.length)
  }
  parts.push(escape(rest))
  return parts.join('')
}

/** A fenced block that the content cannot close: the fence outruns every backtick run in it. */
export function fencedBlock(text: string, info = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1))
  return `${fence}${info}\n${text}\n${fence}`
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

export const SEVERITY_EMOJI: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' }

/** Where a finding's file:line links to, when it can link anywhere (see links.ts). */
export type LineLink = (place: Pick<Finding, 'file' | 'line' | 'endLine'>) => string | undefined

/** `file:line` as code, a link to that line when `link` knows where it is. */
export function locationText(
  place: Pick<Finding, 'file' | 'line' | 'endLine' | 'column'>,
  link?: LineLink
): string | undefined {
  const location = findingLocation(place)
  if (location === undefined) return undefined
  const url = link?.(place)
  return url === undefined ? codeSpan(location) : `[${codeSpan(location)}](${url})`
}

/** One finding: a header line, the message (fenced when multi-line) and the fix. */
export function renderFinding(finding: Finding, link?: LineLink): string {
  const parts = [`${SEVERITY_EMOJI[finding.severity]} **${finding.severity}**`]
  const location = locationText(finding, link)
  if (location !== undefined) parts.push(location)
  const title = oneLine(capText(finding.title, MAX_TITLE))
  if (title !== '') parts.push(`**${inlineWithCode(title)}**`)
  let header = parts.join(' · ')

  const message = normalizeNewlines(capText(finding.message, MAX_MESSAGE)).trimEnd()
  const fix =
    finding.fix !== undefined && oneLine(finding.fix) !== ''
      ? `**Fix:** ${inlineWithCode(oneLine(capText(finding.fix, MAX_FIX)))}`
      : undefined

  if (!message.includes('\n')) {
    if (message.trim() !== '') header += `: ${inlineWithCode(message.trim())}`
    return fix === undefined ? header : `${header}<br>\n${fix}`
  }
  return [header, fencedBlock(message), ...(fix === undefined ? [] : [fix])].join('\n\n')
}

export interface FindingBlock {
  text: string
  findings: number
}
