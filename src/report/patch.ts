/**
 * Pure parsers for unified diffs: a pull request file's `patch` as GitHub's files API gives it
 * (hunks only), and `git diff` output (file headers, then hunks). Both give the lines of the NEW
 * file that a change added or modified; a pure deletion changes no new line.
 */

/** Inclusive, in new-file lines. */
export interface LineRange {
  start: number
  end: number
}

/** 'file': the whole file counts as changed (no patch: binary, too large, or a rename without edits). */
export type ChangedRanges = readonly LineRange[] | 'file'

// `@@ -a,b +c,d @@ section`; a count left out means 1.
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

interface Hunk {
  oldLeft: number
  newLeft: number
  newLine: number
}

function hunkStart(line: string): Hunk | undefined {
  const match = HUNK_HEADER.exec(line)
  if (match === null) return undefined
  return {
    oldLeft: Number(match[2] ?? 1),
    newLeft: Number(match[4] ?? 1),
    newLine: Number(match[3])
  }
}

/** Adds one new-file line to sorted ranges, merging it into the last range when adjacent. */
function addLine(ranges: LineRange[], line: number): void {
  const last = ranges[ranges.length - 1]
  if (last !== undefined && line <= last.end + 1) {
    last.end = Math.max(last.end, line)
  } else {
    ranges.push({ start: line, end: line })
  }
}

/**
 * Reads hunk lines into `ranges` until the hunk's counts are used up, and returns the index of
 * the first line after it. Counting (rather than looking at each line's first characters) is
 * what tells an added line `+++ x` from a file header.
 */
function readHunk(lines: readonly string[], from: number, hunk: Hunk, ranges: LineRange[]): number {
  let i = from
  while (i < lines.length && (hunk.oldLeft > 0 || hunk.newLeft > 0)) {
    const line = lines[i] as string
    const marker = line.charAt(0)
    if (marker === '+') {
      addLine(ranges, hunk.newLine)
      hunk.newLine++
      hunk.newLeft--
    } else if (marker === '-') {
      hunk.oldLeft--
    } else if (marker === ' ' || line === '') {
      // Context (some tools strip the space from an empty context line).
      hunk.newLine++
      hunk.newLeft--
      hunk.oldLeft--
    } else if (marker === '\\') {
      // "\ No newline at end of file": about the line before, counted in neither side.
    } else {
      // A truncated or miscounted hunk: stop here and let the caller read the line again.
      return i
    }
    i++
  }
  // A "\ No newline" marker after the last line still belongs to this hunk.
  while (i < lines.length && (lines[i] as string).startsWith('\\')) i++
  return i
}

/** Lines without their terminators; CRLF and LF both end a line, a lone CR does not. */
function splitLines(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
}

/**
 * The new-file lines a GitHub `patch` (hunks, no file headers) added or modified, as sorted,
 * merged, inclusive ranges. Text outside any hunk is ignored.
 */
export function parsePatch(patch: string): LineRange[] {
  const lines = splitLines(patch)
  const ranges: LineRange[] = []
  let i = 0
  while (i < lines.length) {
    const hunk = hunkStart(lines[i] as string)
    i = hunk === undefined ? i + 1 : readHunk(lines, i + 1, hunk, ranges)
  }
  return ranges
}

/** What `git diff` said about one file. */
export interface GitDiffFile {
  /** The new path (the old one for a deletion), relative to the repository's top level. */
  path: string
  /** The old path, when git found a rename or a copy. */
  from?: string
  deleted: boolean
  binary: boolean
  ranges: LineRange[]
  /** True when the file had at least one hunk. */
  hunks: boolean
}

const C_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92
}

/**
 * A path as git prints it: as is, or in double quotes with C-style escapes (`\t`, `\"`, `\\`,
 * and octal bytes such as `\303\251` for é), decoded as UTF-8. Returns the path and the rest of
 * the text after it.
 */
export function unquoteGitPath(text: string): { path: string; rest: string } {
  if (!text.startsWith('"')) return { path: text, rest: '' }
  const bytes: number[] = []
  let i = 1
  while (i < text.length) {
    const c = text.charAt(i)
    if (c === '"') {
      return { path: Buffer.from(bytes).toString('utf8'), rest: text.slice(i + 1) }
    }
    if (c === '\\') {
      const octal = /^[0-7]{3}/.exec(text.slice(i + 1))
      if (octal !== null) {
        bytes.push(parseInt(octal[0], 8))
        i += 4
        continue
      }
      const escaped = C_ESCAPES[text.charAt(i + 1)]
      if (escaped !== undefined) {
        bytes.push(escaped)
        i += 2
        continue
      }
    }
    const codePoint = text.codePointAt(i) as number
    const char = String.fromCodePoint(codePoint)
    bytes.push(...Buffer.from(char, 'utf8'))
    i += char.length
  }
  // No closing quote: take the text as written.
  return { path: text, rest: '' }
}

/** `a/x` → `x`; undefined for /dev/null. */
function stripPrefix(raw: string, prefix: 'a/' | 'b/'): string | undefined {
  const { path } = unquoteGitPath(raw)
  if (path === '/dev/null') return undefined
  return path.startsWith(prefix) ? path.slice(prefix.length) : path
}

/**
 * The two paths of `diff --git a/x b/y`. Unquoted names may hold spaces, so an unquoted header is
 * only trusted when both names are the same (the `+++` line or `rename to` decide otherwise).
 */
function headerPaths(rest: string): { old?: string; new?: string } {
  if (rest.startsWith('"')) {
    const first = unquoteGitPath(rest)
    const second = first.rest.trimStart()
    return { old: stripPrefix(rest, 'a/'), new: stripPrefix(second, 'b/') }
  }
  // "a/P b/P": the middle is where both halves are the same name.
  const half = (rest.length - 1) / 2
  const left = rest.slice(0, half)
  const right = rest.slice(half + 1)
  if (
    Number.isInteger(half) &&
    left.startsWith('a/') &&
    right.startsWith('b/') &&
    left.slice(2) === right.slice(2)
  ) {
    return { old: left.slice(2), new: right.slice(2) }
  }
  const quotedRight = / "b\/.*"$/.exec(rest)
  if (quotedRight !== null) {
    return {
      old: stripPrefix(rest.slice(0, quotedRight.index), 'a/'),
      new: stripPrefix(quotedRight[0].slice(1), 'b/')
    }
  }
  return {}
}

/** The new name in `Binary files a/x and b/y differ` (undefined for /dev/null or when unclear). */
function binaryNewPath(line: string): string | undefined {
  const match = /^Binary files (.*) and (.*) differ$/.exec(line)
  if (match === null) return undefined
  const right = match[2] as string
  return stripPrefix(right, 'b/')
}

/**
 * Every file in `git diff` output run with `--src-prefix=a/ --dst-prefix=b/` (git's default
 * prefixes). Renames and copies (`-M`, `-C`) name the new path and the old; a file with no hunks
 * (a rename or mode change alone, a binary file, an empty new file) has `hunks: false`.
 */
export function parseGitDiff(output: string): GitDiffFile[] {
  const lines = splitLines(output)
  const files: GitDiffFile[] = []
  let current: GitDiffFile | undefined
  let i = 0
  while (i < lines.length) {
    const line = lines[i] as string
    if (line.startsWith('diff --git ')) {
      const paths = headerPaths(line.slice('diff --git '.length))
      current = {
        path: paths.new ?? paths.old ?? '',
        deleted: false,
        binary: false,
        ranges: [],
        hunks: false
      }
      if (paths.old !== undefined && paths.new !== undefined && paths.old !== paths.new) {
        current.from = paths.old
      }
      files.push(current)
      i++
      continue
    }
    if (current === undefined) {
      i++
      continue
    }
    const hunk = hunkStart(line)
    if (hunk !== undefined) {
      current.hunks = true
      i = readHunk(lines, i + 1, hunk, current.ranges)
      continue
    }
    if (line.startsWith('deleted file mode ')) {
      current.deleted = true
    } else if (line.startsWith('rename from ') || line.startsWith('copy from ')) {
      current.from = unquoteGitPath(line.replace(/^(rename|copy) from /, '')).path
    } else if (line.startsWith('rename to ') || line.startsWith('copy to ')) {
      current.path = unquoteGitPath(line.replace(/^(rename|copy) to /, '')).path
    } else if (line.startsWith('--- ')) {
      const old = stripPrefix(line.slice(4), 'a/')
      if (old !== undefined && current.path === '') current.path = old
    } else if (line.startsWith('+++ ')) {
      const path = stripPrefix(line.slice(4), 'b/')
      if (path === undefined) current.deleted = true
      else current.path = path
    } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
      current.binary = true
      // The header already named the file; this line is only needed when it could not.
      if (current.path === '') current.path = binaryNewPath(line) ?? ''
    }
    i++
  }
  return files.filter((f) => f.path !== '')
}

/**
 * Per-file changed ranges from parsed `git diff` output: a deleted file is no longer there to
 * have findings; a file without hunks (binary, renamed or mode change only, empty) is changed as
 * a whole; otherwise the lines its hunks added.
 */
export function changedRangesOf(files: readonly GitDiffFile[]): Map<string, ChangedRanges> {
  const changed = new Map<string, ChangedRanges>()
  for (const file of files) {
    if (file.deleted) continue
    changed.set(file.path, file.binary || !file.hunks ? 'file' : file.ranges)
  }
  return changed
}
