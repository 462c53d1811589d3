/**
 * What `go mod verify` prints, as data. Pure: text in, data out.
 *
 * go (cmd/go/internal/modcmd/verify.go) checks every module of the build list that has something
 * in the module cache against the `.ziphash` recorded when it was downloaded (and checked against
 * go.sum then). Problems go to stderr, one line per module, and the exit status is 1:
 *
 *   github.com/pkg/errors v0.9.1: dir has been modified (/cache/github.com/pkg/errors@v0.9.1)
 *   github.com/google/uuid v1.6.0: zip has been modified (/cache/cache/download/.../v1.6.0.zip)
 *   github.com/google/uuid v1.6.0: missing ziphash: open /cache/.../v1.6.0.ziphash: no such file or directory
 *   github.com/google/uuid v1.6.0: zip: not a valid zip file
 *
 * Success is `all modules verified` on stdout. Anything else (`go: ...` lines) is go failing
 * before it could verify: the module graph did not load.
 */
import { findDirectiveLine, type Directive } from './gomod.js'

export type VerifyProblemKind = 'dir-modified' | 'zip-modified' | 'missing-ziphash' | 'unreadable'

export interface VerifyProblem {
  module: string
  version: string
  kind: VerifyProblemKind
  /** The extracted directory or the zip go names, when it names one. */
  path?: string
  /** go's line, as printed. */
  text: string
}

export interface VerifyOutput {
  /** stdout said `all modules verified`. */
  allVerified: boolean
  problems: VerifyProblem[]
  /** stderr lines that are neither problems nor progress (`go: downloading ...`). */
  other: string[]
}

// `<module> <version>: <what>`: a module path (no spaces, not go's own `go:` prefix) and a
// semantic version, pseudo-versions and +incompatible included.
const PROBLEM = /^([^\s:]\S*) (v\d+\.\d+\.\d+[^\s:]*): (.+)$/
const MODIFIED = /^(dir|zip) has been modified \((.*)\)$/
const MISSING_ZIPHASH = /^missing ziphash: (?:open )?(\S+?ziphash)(?::|$)/

/** Progress go prints while it works: never the reason it failed. */
const PROGRESS = /^go: (downloading|extracting|finding module for package|found) /

export function isProgressLine(line: string): boolean {
  return PROGRESS.test(line)
}

export function parseVerifyOutput(stdout: string, stderr: string): VerifyOutput {
  const output: VerifyOutput = {
    allVerified: stdout.split(/\r?\n/).some((l) => l.trim() === 'all modules verified'),
    problems: [],
    other: []
  }
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.trimEnd()
    if (line.trim() === '' || isProgressLine(line)) continue
    const problem = parseProblemLine(line)
    if (problem) output.problems.push(problem)
    else output.other.push(line)
  }
  return output
}

export function parseProblemLine(line: string): VerifyProblem | undefined {
  const m = PROBLEM.exec(line)
  if (!m) return undefined
  const [, module, version, what] = m as unknown as [string, string, string, string]
  const modified = MODIFIED.exec(what)
  if (modified) {
    return {
      module,
      version,
      kind: modified[1] === 'dir' ? 'dir-modified' : 'zip-modified',
      path: modified[2],
      text: line
    }
  }
  const missing = MISSING_ZIPHASH.exec(what)
  if (missing || what.startsWith('missing ziphash')) {
    const problem: VerifyProblem = { module, version, kind: 'missing-ziphash', text: line }
    if (missing?.[1] !== undefined) problem.path = missing[1]
    return problem
  }
  // go could not even hash it (a truncated or corrupt zip, an unreadable directory).
  return { module, version, kind: 'unreadable', text: line }
}

/** go's stderr without progress lines and blank edges: the message to show. */
export function goMessage(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .filter((l) => !isProgressLine(l))
    .join('\n')
    .trim()
}

/**
 * `go.mod:9`, `/abs/dir/go.mod:9:3`, `a/go.mod:9` in a go message: the first line number. A
 * dependency's go.mod (a module cache path, `x@v1.2.3/go.mod`) is not the user's.
 */
export function goModLineIn(message: string): { line: number; column?: number } | undefined {
  const m = /(?:^|[\s(])(?:[^\s@:()]*\/)?go\.mod:(\d+)(?::(\d+))?:/m.exec(message)
  if (!m) return undefined
  const located: { line: number; column?: number } = { line: Number(m[1]) }
  if (m[2] !== undefined) located.column = Number(m[2])
  return located
}

// A module path runs from the first letter or digit of a word to its `@`. Tried only where a
// word starts (the lookbehind), so a long word without `@` is scanned once, not once per
// character (quadratic: a 70 KB line took 7 s).
const MODULE_AT_VERSION =
  /(?<![^\s@:"'()])[^\s@:"'()A-Za-z0-9]*([A-Za-z0-9][^\s@:"'()]*)@(v\d+\.\d+\.\d+[^\s:"'()]*)/g

/** Every `<module>@<version>` a go message names, in order, without repeats. */
export function moduleVersionsIn(message: string): Array<{ module: string; version: string }> {
  const seen = new Set<string>()
  const found: Array<{ module: string; version: string }> = []
  for (const m of message.matchAll(MODULE_AT_VERSION)) {
    const key = `${m[1]}@${m[2]}`
    if (seen.has(key)) continue
    seen.add(key)
    found.push({ module: m[1] as string, version: m[2] as string })
  }
  return found
}

/** The go.mod line a go message points at: `go.mod:N`, or the require of a module@version it names. */
export function locateInGoMod(
  message: string,
  directives: Directive[]
): { line: number; column?: number } | undefined {
  const explicit = goModLineIn(message)
  if (explicit) return explicit
  for (const { module, version } of moduleVersionsIn(message)) {
    const line =
      findDirectiveLine(directives, 'require', [module, version]) ??
      findDirectiveLine(directives, 'require', [module])
    if (line !== undefined) return { line }
  }
  return undefined
}
