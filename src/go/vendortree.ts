/**
 * A committed vendor/ against the one `go mod vendor -o` (or `go work vendor -o`) writes: which
 * files are missing, extra or changed, grouped by the vendored module they belong to, and which
 * lines of vendor/modules.txt differ. Pure: the check reads the trees, these functions compare.
 */
import { plural } from '../findings.js'

/** A vendor tree: path relative to vendor/ (POSIX, modules.txt excluded) -> content digest. */
export type VendorTree = Map<string, string>

export interface TreeDifference {
  /** In the regenerated tree, not in the committed one. */
  missing: string[]
  /** Committed, but `go mod vendor` does not write it. */
  extra: string[]
  /** In both, with different bytes. */
  changed: string[]
}

/** Sorted lists of the paths that differ between the committed and the regenerated tree. */
export function compareTrees(committed: VendorTree, regenerated: VendorTree): TreeDifference {
  const missing: string[] = []
  const extra: string[] = []
  const changed: string[] = []
  for (const [file, digest] of regenerated) {
    const mine = committed.get(file)
    if (mine === undefined) missing.push(file)
    else if (mine !== digest) changed.push(file)
  }
  for (const file of committed.keys()) if (!regenerated.has(file)) extra.push(file)
  return { missing: missing.sort(), extra: extra.sort(), changed: changed.sort() }
}

export function isSameTree(difference: TreeDifference): boolean {
  return (
    difference.missing.length === 0 &&
    difference.extra.length === 0 &&
    difference.changed.length === 0
  )
}

/** One `# <module> [<version>] [=> <replacement>]` entry of vendor/modules.txt and its block. */
export interface ModulesTxtEntry {
  path: string
  /** Absent for wildcard replacements (`# example.com/x => ../x`). */
  version?: string
  /** `=> path [version]` when the entry records a replacement. */
  replacement?: string
  explicit: boolean
  /** From `## go 1.22` / `## explicit; go 1.22`. */
  goVersion?: string
  /** 1-based line of the `#` header. */
  line: number
  /** 1-based last line of the block (its packages and annotations). */
  endLine: number
  /** The `##` annotation line, when there is one. */
  annotationLine?: number
  packages: string[]
}

export interface ModulesTxt {
  /** First line `## workspace`: written by `go work vendor`. */
  workspace: boolean
  entries: ModulesTxtEntry[]
  /** For each 1-based line, the module path of the block it belongs to ('' before any block). */
  blockOf: string[]
}

/** Reads vendor/modules.txt the way go does (cmd/go/internal/modload/vendor.go). */
export function parseModulesTxt(text: string): ModulesTxt {
  const lines = splitLines(text)
  const entries: ModulesTxtEntry[] = []
  const blockOf: string[] = ['']
  let current: ModulesTxtEntry | undefined
  lines.forEach((line, index) => {
    const lineNo = index + 1
    if (line.startsWith('# ')) {
      const f = line.slice(2).trim().split(/\s+/)
      const [path, second] = f
      if (path !== undefined && second !== undefined) {
        const arrow = f.indexOf('=>')
        const entry: ModulesTxtEntry = {
          path,
          explicit: false,
          line: lineNo,
          endLine: lineNo,
          packages: []
        }
        if (second !== '=>') entry.version = second
        if (arrow >= 0) entry.replacement = f.slice(arrow + 1).join(' ')
        entries.push(entry)
        current = entry
      } else {
        current = undefined
      }
    } else if (current !== undefined && line.startsWith('## ')) {
      current.annotationLine ??= lineNo
      for (const part of line.slice(3).split(';')) {
        const item = part.trim()
        if (item === 'explicit') current.explicit = true
        else if (item.startsWith('go ')) current.goVersion = item.slice(3).trim()
      }
      current.endLine = lineNo
    } else if (current !== undefined && line.trim() !== '' && !line.startsWith('#')) {
      current.packages.push(line.trim())
      current.endLine = lineNo
    }
    blockOf[lineNo] = current?.path ?? ''
  })
  return { workspace: lines[0]?.trim() === '## workspace', entries, blockOf }
}

/** The entry for path at version (undefined version: the wildcard replacement entry). */
export function findEntry(
  modulesTxt: ModulesTxt,
  path: string,
  version?: string
): ModulesTxtEntry | undefined {
  return modulesTxt.entries.find((e) => e.path === path && e.version === version)
}

/** Files of one vendored module directory (or, for files of no module, of one directory). */
export interface VendorGroup {
  /** Directory relative to vendor/, POSIX ('' for files directly in vendor/). */
  dir: string
  /** The vendored module the directory holds, when modules.txt names one. */
  module?: string
  /** Paths relative to vendor/. */
  missing: string[]
  extra: string[]
  changed: string[]
}

/**
 * One group per vendored module: a file belongs to the module with the longest path it lies
 * under (github.com/a/b/c before github.com/a/b); a file under no module, to its own directory.
 */
export function groupByModule(difference: TreeDifference, modulePaths: string[]): VendorGroup[] {
  const paths = [...new Set(modulePaths)].sort((a, b) => b.length - a.length)
  const groups = new Map<string, VendorGroup>()
  const add = (file: string, kind: 'missing' | 'extra' | 'changed'): void => {
    const module = paths.find((p) => file.startsWith(`${p}/`))
    const dir = module ?? dirname(file)
    let group = groups.get(dir)
    if (group === undefined) {
      group = { dir, missing: [], extra: [], changed: [] }
      if (module !== undefined) group.module = module
      groups.set(dir, group)
    }
    group[kind].push(file)
  }
  for (const file of difference.changed) add(file, 'changed')
  for (const file of difference.missing) add(file, 'missing')
  for (const file of difference.extra) add(file, 'extra')
  return [...groups.values()].sort((a, b) => a.dir.localeCompare(b.dir))
}

const LISTED = 5

/** "2 files changed: hash.go, uuid.go; 1 missing: dce.go" (names relative to the group). */
export function describeGroup(group: VendorGroup): string {
  const prefix = group.dir === '' ? '' : `${group.dir}/`
  const names = (files: string[]): string => {
    const short = files.map((f) => (f.startsWith(prefix) ? f.slice(prefix.length) : f))
    const shown = short.slice(0, LISTED).join(', ')
    return short.length > LISTED ? `${shown} and ${short.length - LISTED} more` : shown
  }
  const parts: string[] = []
  const { changed, missing, extra } = group
  if (changed.length > 0) parts.push(`${plural(changed.length, 'file')} changed: ${names(changed)}`)
  if (missing.length > 0) parts.push(`${missing.length} missing: ${names(missing)}`)
  if (extra.length > 0) parts.push(`${extra.length} extra: ${names(extra)}`)
  return parts.join('; ')
}

/** The 1-based line of the first byte where two contents differ (1 when one is empty). */
export function firstDifferingLine(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  let line = 1
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return line
    if (a[i] === 0x0a) line++
  }
  // One is a prefix of the other: the difference starts where the shorter one ends.
  return a.length === b.length ? 1 : line
}

/** Lines that differ: committed lines [start, start + removed.length) become `added`. */
export interface LineHunk {
  /** 1-based line of the committed file where the hunk starts (for pure additions: the line after which they go, 0 at the top). */
  committedStart: number
  removed: string[]
  /** 1-based line of the regenerated file where the added lines start. */
  regeneratedStart: number
  added: string[]
}

/** Above this many cells the middle of the two files is reported as one hunk. */
const MAX_LCS_CELLS = 4_000_000

/**
 * A line diff of vendor/modules.txt: common prefix and suffix trimmed, then the longest common
 * subsequence of what remains, as hunks of consecutive removed/added lines.
 */
export function diffLines(committed: string[], regenerated: string[]): LineHunk[] {
  let prefix = 0
  while (
    prefix < committed.length &&
    prefix < regenerated.length &&
    committed[prefix] === regenerated[prefix]
  )
    prefix++
  let suffix = 0
  while (
    suffix < committed.length - prefix &&
    suffix < regenerated.length - prefix &&
    committed[committed.length - 1 - suffix] === regenerated[regenerated.length - 1 - suffix]
  )
    suffix++
  const a = committed.slice(prefix, committed.length - suffix)
  const b = regenerated.slice(prefix, regenerated.length - suffix)
  if (a.length === 0 && b.length === 0) return []

  // ops: '=' keep, '-' committed only, '+' regenerated only.
  const ops: Array<'=' | '-' | '+'> = []
  if (a.length * b.length > MAX_LCS_CELLS) {
    for (let i = 0; i < a.length; i++) ops.push('-')
    for (let j = 0; j < b.length; j++) ops.push('+')
  } else {
    const width = b.length + 1
    const lcs = new Uint32Array((a.length + 1) * width)
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i * width + j] =
          a[i] === b[j]
            ? (lcs[(i + 1) * width + j + 1] as number) + 1
            : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number)
      }
    }
    let i = 0
    let j = 0
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) {
        ops.push('=')
        i++
        j++
      } else if (
        j >= b.length ||
        (i < a.length && (lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number))
      ) {
        ops.push('-')
        i++
      } else {
        ops.push('+')
        j++
      }
    }
  }

  const hunks: LineHunk[] = []
  let i = 0
  let j = 0
  let open: LineHunk | undefined
  for (const op of ops) {
    if (op === '=') {
      open = undefined
      i++
      j++
      continue
    }
    if (open === undefined) {
      open = {
        committedStart: prefix + i + 1,
        removed: [],
        regeneratedStart: prefix + j + 1,
        added: []
      }
      hunks.push(open)
    }
    if (op === '-') open.removed.push(a[i++] as string)
    else open.added.push(b[j++] as string)
  }
  // A hunk that only adds lines starts at no committed line: name the one they follow.
  for (const hunk of hunks) if (hunk.removed.length === 0) hunk.committedStart--
  return hunks
}

/** Lines of a text file without the empty string after its final newline. */
export function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
}

function dirname(file: string): string {
  const slash = file.lastIndexOf('/')
  return slash < 0 ? '' : file.slice(0, slash)
}

/**
 * CRLF -> LF. Windows runners check text out with CRLF (core.autocrlf), while go writes LF: a line
 * ending is not vendor drift, so both trees are compared with LF line endings.
 */
export function normalizeLineEndings(content: Uint8Array): Uint8Array {
  if (!content.includes(0x0d)) return content
  const out = new Uint8Array(content.length)
  let n = 0
  for (let i = 0; i < content.length; i++) {
    if (content[i] === 0x0d && content[i + 1] === 0x0a) continue
    out[n++] = content[i] as number
  }
  return out.subarray(0, n)
}
