/** A test run's output as findings and the report show it. */
import type { OutputLines } from '../../go/outputlines.js'
import type { PackageResult } from '../../go/testoutcomes.js'

const MAX_EXCERPT = 16 * 1024

export const MAX_FAILURE_MESSAGE = 8 * 1024

const LISTED_AT_MOST = 10

/** A failing test's output for the report: framing lines dropped, head and tail when long. */
export function excerpt(output: OutputLines): string {
  const lines = output.lines()
  let text = withoutFraming(lines).join('\n')
  if (output.droppedLines > 0)
    text = `${text}\n… ${output.droppedChars} characters of output dropped …`
  if (text.length <= MAX_EXCERPT) return text
  const head = text.slice(0, MAX_EXCERPT / 4)
  const tailText = text.slice(text.length - (MAX_EXCERPT * 3) / 4)
  return `${head}\n… ${text.length - head.length - tailText.length} characters cut …\n${tailText}`
}

/** Output without test2json's `=== RUN`/`--- FAIL` framing lines. */
export function withoutFraming(lines: readonly string[]): string[] {
  return lines.filter(
    (l) =>
      !/^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):)\s/.test(l) &&
      !/^(PASS|FAIL)$/.test(l) &&
      !/^(FAIL|ok)\s+\S+\s/.test(l)
  )
}

export function tail(lines: readonly string[], count: number): string {
  return lines
    .filter((l) => l.trim() !== '')
    .slice(-count)
    .join('\n')
}

/** A package's own output and its tests' outputs. */
export function packageLines(pkg: PackageResult): string[] {
  const lines = [...(pkg.output?.lines() ?? [])]
  for (const test of pkg.tests.values()) lines.push(...(test.output?.lines() ?? []))
  return lines
}

export function goStderr(lines: readonly string[]): string {
  return lines
    .filter((l) => l.trim() !== '')
    .slice(0, 10)
    .join('\n')
}

export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_AT_MOST).join(', ')
  return names.length > LISTED_AT_MOST
    ? `${shown} and ${names.length - LISTED_AT_MOST} more`
    : shown
}

export function oneLine(text: string): string {
  const first = text.split('\n')[0] ?? ''
  return first.length > 120 ? `${first.slice(0, 117)}...` : first
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
