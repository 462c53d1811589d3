/**
 * Text on its way to a GitHub runner's log, made unable to issue workflow commands.
 *
 * The runner reads every line of a step's stdout and stderr (a line ends at \n, \r or \r\n). A
 * line is a command when, after .NET's TrimStart, it starts with `::`; the legacy form `##[`
 * counts anywhere in a line. Both comparisons are culture-sensitive: with ICU, control, format
 * and other default-ignorable characters are skipped, so `:\u200B:` matches `::`. A line that
 * could be read either way gets one ASCII space, which ICU never skips: `::` at its start becomes
 * `: :` and `##[` becomes `## [`. Every other line is printed exactly as it came.
 *
 * Go's output, file and directory names, a proxy's error body, a test's log and the inputs all
 * reach the log, so every line the gate prints goes through here.
 */
import { randomBytes } from 'node:crypto'

// Characters a comparison may skip inside `::` or `##[`: control, format, unassigned, lone
// surrogates, combining marks and every default-ignorable code point. Wider than ICU's own set
// on purpose: a line is left alone only when no reading of it can find a command.
const SKIPPABLE = String.raw`\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{M}\p{Default_Ignorable_Code_Point}`
// What may come before a command's `::`: .NET's whitespace (TrimStart) and the skippable ones.
const LEADING = String.raw`[\s\p{Z}${SKIPPABLE}]*`

const COMMAND_START = new RegExp(`^(${LEADING}:)([${SKIPPABLE}]*:)`, 'u')
const LEGACY_MARKER = new RegExp(`(#[${SKIPPABLE}]*#[${SKIPPABLE}]*)\\[`, 'gu')
const LEGACY_MARKER_IN_JSON = new RegExp(`#([${SKIPPABLE}]*)#([${SKIPPABLE}]*)\\[`, 'gu')

/** The runner's line breaks. */
const LINE_BREAK = /\r\n|\r|\n/

/** True when a runner could read `line` (one line, no breaks) as a workflow command. */
export function isCommandLike(line: string): boolean {
  LEGACY_MARKER.lastIndex = 0
  return COMMAND_START.test(line) || LEGACY_MARKER.test(line)
}

function safeLine(line: string): string {
  return line.replace(COMMAND_START, '$1 $2').replace(LEGACY_MARKER, '$1 [')
}

/** `text` split where the runner splits it, each line unable to start a workflow command. */
export function safeLines(text: string): string[] {
  return text.split(LINE_BREAK).map(safeLine)
}

/** `text` with \n line breaks and no line a runner would read as a workflow command. */
export function safeText(text: string): string {
  return safeLines(text).join('\n')
}

// The commands @actions/core prints for a library's log calls; their text follows the second `::`.
// add-mask too: @actions/cache and @actions/artifact mask the signature of each signed URL they
// get (a mask can only hide text), and print those URLs in their debug log.
const CORE_LOG_COMMAND = /^::(?:debug|notice|warning|error|add-mask)(?: [^:]*)?::/

/**
 * One line a library printed through @actions/core (@actions/cache's log): its log command is
 * kept and the text after it made safe; any other line is made safe whole.
 */
export function safeLibraryLine(line: string): string {
  const command = CORE_LOG_COMMAND.exec(line)?.[0]
  if (command === undefined) return safeText(line)
  return command + safeText(line.slice(command.length))
}

/**
 * JSON.stringify's output, safe to print: its lines begin with indentation and a bracket, a
 * quote, a digit or a literal, never `::`, and `##[` can only sit inside a string, where
 * `#\u0023[` is the same value.
 */
export function safeJson(json: string): string {
  return json.replace(LEGACY_MARKER_IN_JSON, '#$1\\u0023$2[')
}

/** A token for `::stop-commands::`, new for every block so the fenced text cannot guess it. */
export function stopCommandsToken(): string {
  return `go-ci-gate-${randomBytes(16).toString('hex')}`
}

/**
 * Raw output between `::stop-commands::<token>` and `::<token>::`: the runner processes no
 * command of either form in between. The lines are made safe as well, so nothing depends on
 * the fence alone; none of them can be the closing line, as that would need to start with `::`.
 */
export function fencedLines(lines: readonly string[], token = stopCommandsToken()): string[] {
  if (lines.length === 0) return []
  return [`::stop-commands::${token}`, ...lines.flatMap(safeLines), `::${token}::`]
}
