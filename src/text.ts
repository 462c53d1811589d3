/** Text cut and escaped to fit one line of a log, an error or a table: used at every level. */

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair, marking the cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return `${text.slice(0, end)}… (${text.length - end} more characters)`
}

/** Characters that would break or disguise a log line: controls, line separators, format (bidi) marks. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * A value someone gave (an input, a flag) fit for one line of a log: cut after `max` characters
 * as capText cuts, with newlines, control and format characters escaped (`\n`, `\u{1b}`).
 */
export function printableValue(text: string, max = 100): string {
  return capText(text, max).replace(
    UNPRINTABLE,
    (c) => NAMED_ESCAPES[c] ?? `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`
  )
}

/** What a thrown value says: an Error's message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
