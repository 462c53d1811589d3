// What the benchmark scripts share: where they live, how they fail and log, and the small
// helpers each needs for its table. Node built-ins only.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Everything a benchmark creates lives here (ignored by git). */
export const benchDir = path.join(repoRoot, '.bench')

/** One line on stderr, exit 2: the benchmark could not run. */
export function fail(message) {
  console.error(`bench: ${message}`)
  process.exit(2)
}

/** Progress on stderr, so stdout holds the table alone. */
export function log(message) {
  process.stderr.write(`${message}\n`)
}

/** Module files come out of the module cache read-only; a checkout must be editable. */
export function makeWritable(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      fs.chmodSync(p, 0o755)
      makeWritable(p)
    } else if (entry.isFile()) {
      fs.chmodSync(p, 0o644)
    }
  }
}

/** git's arguments before the command: an identity, and no signing prompt. */
export const GIT_IDENTITY = [
  '-c',
  'user.name=bench',
  '-c',
  'user.email=bench@example.invalid',
  '-c',
  'commit.gpgsign=false'
]

/** The median of the numbers among `values` (missing samples skipped); NaN when none. */
export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** A comma-separated flag value as names, each one of `known`'s keys (else fail, naming it). */
export function knownNames(flag, value, known, noun) {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  for (const name of names) {
    if (!(name in known))
      fail(`--${flag}: unknown ${noun} "${name}"; use ${Object.keys(known).join(', ')}`)
  }
  return names
}
