import type { ConfigSources } from '../config/configfile.js'
import { INPUT_NAMES } from '../config.js'
import { capText } from './format.js'
import { codeSpan, tableCell } from './markdown.js'
import { redactCredentials } from './redact.js'

/** Longest value shown in the table; the rest is in the file or the workflow. */
const MAX_VALUE = 200

/**
 * The summary's folded "Configuration" section: each value the configuration file set, and
 * where the effective value came from (the file, or the input or flag that overrode it).
 */
export function configurationSection(sources: ConfigSources | undefined): string | undefined {
  if (sources === undefined) return undefined
  const file = codeSpan(sources.file)
  const rows = INPUT_NAMES.filter(
    (input) => sources.fromFile.includes(input) || sources.overridden.includes(input)
  ).map((input) => {
    const value = redactCredentials(
      capText((sources.values[input] ?? '').replace(/\n/g, ' '), MAX_VALUE)
    )
    const from = sources.fromFile.includes(input) ? file : `${sources.overrideKind} (over the file)`
    return `| ${codeSpan(input)} | ${value.trim() === '' ? '*(empty)*' : tableCell(value)} | ${from} |`
  })
  const head = `Read ${file}: ${sources.fromFile.length} value(s) from the file, ${sources.overridden.length} overridden by ${sources.overrideKind}s.`
  const table =
    rows.length === 0 ? [] : ['', '| Input | Value | From |', '| --- | --- | --- |', ...rows]
  return `<details><summary>Configuration</summary>\n\n${[head, ...table].join('\n')}\n\n</details>`
}
