/**
 * What `go mod tidy -diff` prints, as data. Pure: text in, data out.
 *
 * With -diff (Go 1.23+) go writes nothing; when go.mod or go.sum is not tidy it prints a unified
 * diff per file on stdout (go's internal/diff: 3 lines of context, `@@ -a,b +c,d @@`, an empty
 * file as `-0,0`, `\ No newline at end of file` after a last line without one) and exits 1:
 *
 *   diff current/go.mod tidy/go.mod
 *   --- current/go.mod
 *   +++ tidy/go.mod
 *   @@ -3,5 +3,3 @@
 *    go 1.24.0
 *
 *    require github.com/google/uuid v1.6.0
 *   -
 *   -require github.com/pkg/errors v0.9.1
 *
 * Exit 1 without a diff means go could not load the module: its reason is on stderr.
 */

export interface TidyHunk {
  /** The file's name as go prints it after `current/`: go.mod or go.sum. */
  file: string
  oldStart: number
  oldCount: number
  newStart: number
  newCount: number
  /** The `@@ ... @@` line and the body, prefixes kept: what to show. */
  text: string
  /**
   * Lines of the current file the hunk is about, 1-based. With removed or changed lines: the
   * first to the last of them (blank lines at either edge left out when anything else is
   * removed). A pure insertion: the line after which tidy inserts (1 when it inserts at the top).
   */
  line: number
  endLine: number
  kind: 'insertion' | 'removal' | 'change'
  /** Current-file line numbers of the removed lines. */
  removedLines: number[]
  removed: string[]
  added: string[]
}

const FILE_HEADER = /^diff current\/(\S+) tidy\/(\S+)$/
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

/** True when stdout holds at least one `diff current/<file> tidy/<file>` section. */
export function hasTidyDiff(stdout: string): boolean {
  return stdout.split(/\r?\n/).some((l) => FILE_HEADER.test(l))
}

/** Every hunk of every file section, in order. Lines outside a hunk are ignored. */
export function parseTidyDiff(stdout: string): TidyHunk[] {
  const lines = stdout.split(/\r?\n/)
  const hunks: TidyHunk[] = []
  let file: string | undefined
  let i = 0
  while (i < lines.length) {
    const line = lines[i] as string
    const header = FILE_HEADER.exec(line)
    if (header) {
      file = header[1]
      i++
      continue
    }
    const h = HUNK_HEADER.exec(line)
    if (!h || file === undefined) {
      i++
      continue
    }
    const oldStart = Number(h[1])
    const oldCount = h[2] === undefined ? 1 : Number(h[2])
    const newStart = Number(h[3])
    const newCount = h[4] === undefined ? 1 : Number(h[4])
    const body: string[] = []
    const removed: string[] = []
    const added: string[] = []
    const removedLines: number[] = []
    const insertedAfter: number[] = []
    // Current-file lines before the next body line; counts say where the hunk ends.
    let oldLine = oldCount === 0 ? oldStart + 1 : oldStart
    let oldLeft = oldCount
    let newLeft = newCount
    i++
    while (i < lines.length && (oldLeft > 0 || newLeft > 0 || lines[i]?.startsWith('\\'))) {
      const b = lines[i] as string
      if (b.startsWith('\\')) {
        // "\ No newline at end of file": about the line before, not a line of either file.
        body.push(b)
      } else if (b.startsWith('-')) {
        removed.push(b.slice(1))
        removedLines.push(oldLine)
        body.push(b)
        oldLine++
        oldLeft--
      } else if (b.startsWith('+')) {
        added.push(b.slice(1))
        insertedAfter.push(oldLine - 1)
        body.push(b)
        newLeft--
      } else if (b.startsWith(' ') || b === '') {
        // Context; a tool that strips trailing blanks turns " " into "".
        body.push(b)
        oldLine++
        oldLeft--
        newLeft--
      } else {
        break
      }
      i++
    }
    const kind = removed.length === 0 ? 'insertion' : added.length === 0 ? 'removal' : 'change'
    let first: number
    let last: number
    if (removedLines.length > 0) {
      // Blank lines at the edges of what tidy removes are separators: point at the directive.
      const meaningful = removedLines.filter((_, k) => (removed[k] ?? '').trim() !== '')
      const range = meaningful.length > 0 ? meaningful : removedLines
      first = range[0] as number
      last = range[range.length - 1] as number
    } else {
      first = Math.max(1, insertedAfter[0] ?? oldStart)
      last = Math.max(1, insertedAfter[insertedAfter.length - 1] ?? oldStart)
    }
    hunks.push({
      file,
      oldStart,
      oldCount,
      newStart,
      newCount,
      text: [line, ...body].join('\n'),
      line: first,
      endLine: last,
      kind,
      removedLines,
      removed,
      added
    })
  }
  return hunks
}

/** What a hunk changes, by module: for titles such as "drops github.com/pkg/errors". */
export interface HunkModules {
  added: string[]
  removed: string[]
  changed: string[]
}

/**
 * The modules a hunk adds, removes or changes. go.mod lines: `require x v`, `\tx v // indirect`;
 * go.sum lines: `x v h1:` and `x v/go.mod h1:` (keyed by module and version there).
 */
export function hunkModules(hunk: Pick<TidyHunk, 'file' | 'removed' | 'added'>): HunkModules {
  const isSum = hunk.file.endsWith('go.sum')
  const key = (text: string): { id: string; line: string } | undefined => {
    if (isSum) {
      const m = /^(\S+) (v[^\s/]+)(\/go\.mod)? h1:/.exec(text.trim())
      return m ? { id: `${m[1]} ${m[2]}`, line: text.trim() } : undefined
    }
    const m = /^(?:require\s+)?([^\s()]+)\s+(v\d\S*)(.*)$/.exec(text.trim())
    if (!m || m[1] === 'module' || m[1] === 'go' || m[1] === 'toolchain') return undefined
    return { id: m[1] as string, line: text.trim().replace(/^require\s+/, '') }
  }
  const before = new Map<string, Set<string>>()
  const after = new Map<string, Set<string>>()
  for (const [texts, into] of [
    [hunk.removed, before],
    [hunk.added, after]
  ] as const) {
    for (const text of texts) {
      const k = key(text)
      if (!k) continue
      const set = into.get(k.id) ?? new Set<string>()
      set.add(k.line)
      into.set(k.id, set)
    }
  }
  const result: HunkModules = { added: [], removed: [], changed: [] }
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id)
    const a = after.get(id)
    if (b && !a) result.removed.push(id)
    else if (a && !b) result.added.push(id)
    else if (a && b && [...a].sort().join('\n') !== [...b].sort().join('\n')) {
      // go.sum: one line of a pair added or dropped is a change of that module's checksums.
      const gained = [...a].filter((l) => !b.has(l))
      const lost = [...b].filter((l) => !a.has(l))
      if (isSum && lost.length === 0) result.added.push(id)
      else if (isSum && gained.length === 0) result.removed.push(id)
      else result.changed.push(id)
    }
  }
  return result
}
