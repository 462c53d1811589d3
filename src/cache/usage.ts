/**
 * Which build cache (GOCACHE) entries this run used, exactly, from the marks go itself leaves.
 *
 * What go does (cmd/go/internal/cache/cache.go, go1.26):
 * - An entry is two kinds of file in one of 256 subdirectories named by the first byte of its
 *   hash (`Open` creates `00`..`ff`): `<xx>/<action id hex>-a`, a 175-byte index line
 *   "v1 <action id> <output id> <size> <time>\n", and `<xx>/<output id hex>-d`, the output
 *   (a directory holding one executable for `go run`/`go tool` binaries) (`fileName`).
 *   `trim.txt` (the last trim, Unix seconds), `README` (default.go) and `testexpire.txt`
 *   (`go clean -testcache`, read by go test) sit at the top and are not entries.
 * - A hit marks use: `get` calls `markUsed(<id>-a)` and `OutputFile` calls `markUsed(<out>-d)`;
 *   `markUsed` sets the mtime to now only when the mtime is at least `mtimeInterval` (1 hour)
 *   old. A write sets the mtime to now (`putIndexEntry`, `copyFile`), except that `copyFile`
 *   returns early, mtime untouched, when an identical output file is already there: a new
 *   action whose output equals an old one (a test's "PASS" log, vet facts) leaves that `-d`
 *   with its old mtime while the fresh `-a` points at it.
 * - Every building go command ends with `Trim` (work/exec.go: Builder.Do defers Close), which,
 *   when trim.txt is more than `trimInterval` (1 day) old, deletes every `-a`/`-d` whose mtime is
 *   before now - `trimLimit` (5 days) - `mtimeInterval`.
 *
 * So, before go runs, every entry's mtime is set to one day ago (`ageBuildCache`): more than an
 * hour old, so the first use this run refreshes it; less than five days old, so go's own trim
 * never deletes a restored entry during the run (tar restores the mtimes of the run that saved
 * it, often more than five days ago, and trim.txt with them). After the run, an entry was used
 * when its mtime is newer than the run's start, or when it is the output of such an `-a` entry
 * (the early return above) (`usedBuildEntries`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { readDir, treeSize } from './tree.js'

const HOUR_MS = 60 * 60 * 1000
/** go's mtimeInterval: markUsed refreshes an mtime only when it is at least this old. */
export const GO_MTIME_INTERVAL_MS = HOUR_MS
/** go's trimLimit: its own trim deletes entries unused for this long (plus mtimeInterval). */
export const GO_TRIM_LIMIT_MS = 5 * 24 * HOUR_MS
/**
 * How far back `ageBuildCache` sets mtimes: 24 times go's refresh interval, so every use this
 * run moves the mtime; four days inside go's trim cutoff, so no run that lasts less than that
 * sees go delete an aged entry.
 */
export const AGE_MS = 24 * HOUR_MS
/**
 * An mtime this close before the run's start still counts as this run's: file systems that store
 * mtimes in whole seconds (or two) round go's "now" down. Aged entries sit a day further back.
 */
export const USED_SLACK_MS = 10 * 1000

/** An index (`-a`) or output (`-d`) file in GOCACHE. */
export interface BuildCacheEntry {
  /** `<xx>/<hex>-a` or `<xx>/<hex>-d`, relative to GOCACHE, with a forward slash. */
  name: string
  /** Absolute path. */
  path: string
  kind: 'a' | 'd'
  mtimeMs: number
  /** Bytes: the file, or the files of an executable's directory. */
  bytes: number
  files: number
  isDirectory: boolean
}

const SUBDIR = /^[0-9a-f]{2}$/
// Like go's trimSubdir: any name ending in -a or -d in a subdirectory is an entry.
const ENTRY = /-([ad])$/

/** Every `-a` and `-d` entry in GOCACHE's 256 subdirectories, sorted by name. */
export function listBuildEntries(gocache: string): BuildCacheEntry[] {
  const entries: BuildCacheEntry[] = []
  for (const sub of readDir(gocache)) {
    if (!sub.isDirectory() || !SUBDIR.test(sub.name)) continue
    const subdir = path.join(gocache, sub.name)
    for (const item of readDir(subdir)) {
      const m = ENTRY.exec(item.name)
      if (!m) continue
      const full = path.join(subdir, item.name)
      let stat: fs.Stats
      try {
        stat = fs.statSync(full)
      } catch {
        continue // gone meanwhile
      }
      const size = stat.isDirectory() ? treeSize(full) : { files: 1, bytes: stat.size }
      entries.push({
        name: `${sub.name}/${item.name}`,
        path: full,
        kind: m[1] as 'a' | 'd',
        mtimeMs: stat.mtimeMs,
        bytes: size.bytes,
        files: size.files,
        isDirectory: stat.isDirectory()
      })
    }
  }
  return entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
}

/**
 * Sets every entry's mtime to `now - AGE_MS`, so that go marks what this run uses. Run it after
 * the restore and before the first go command; returns how many entries it aged.
 */
export function ageBuildCache(gocache: string, now: number = Date.now()): number {
  const aged = new Date(now - AGE_MS)
  let count = 0
  for (const entry of listBuildEntries(gocache)) {
    try {
      fs.utimesSync(entry.path, aged, aged)
      count++
    } catch {
      // Removed or unwritable: go will treat it as it finds it.
    }
  }
  return count
}

/**
 * The entries go read or wrote since `since` (ms since the epoch, the run's start, taken before
 * `ageBuildCache`): names as in `BuildCacheEntry.name`, sorted.
 */
export function usedBuildEntries(gocache: string, since: number): string[] {
  return [...usedSet(listBuildEntries(gocache), since)].sort()
}

/** The used names among `entries` (see `usedBuildEntries`). */
export function usedSet(entries: readonly BuildCacheEntry[], since: number): Set<string> {
  const threshold = since - USED_SLACK_MS
  const byName = new Map(entries.map((e) => [e.name, e]))
  const used = new Set<string>()
  for (const entry of entries) {
    if (entry.mtimeMs < threshold) continue
    used.add(entry.name)
    if (entry.kind !== 'a') continue
    // The output this index entry names, which an identical earlier output may have left old.
    const output = outputName(entry.path)
    if (output !== undefined && byName.has(output)) used.add(output)
  }
  return used
}

/** The `-d` name an index entry points at, or undefined when the file is not one go would read. */
export function outputName(indexFile: string): string | undefined {
  let text: string
  try {
    text = fs.readFileSync(indexFile, 'latin1')
  } catch {
    return undefined
  }
  const m = /^v1 [0-9a-f]{64} ([0-9a-f]{64}) /.exec(text)
  if (!m) return undefined
  const out = m[1] as string
  return `${out.slice(0, 2)}/${out}-d`
}
