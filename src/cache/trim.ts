/**
 * Trimming the two caches before the post step saves them, so that an entry holds what this
 * run needs and no more: caches that only grow are the first complaint about Go caching in CI.
 *
 * - Build cache (GOCACHE): only the entries this run used (see usage.ts for how go marks them).
 * - Module cache (GOMODCACHE): only the module versions the go.sum / go.work.sum files list:
 *   for a `<mod> <ver> h1:` line the extracted `<mod>@<ver>/` and its download files; for a
 *   `<mod> <ver>/go.mod h1:` line the `.mod` (and `.info`) only, which is what loading the
 *   module graph reads. That is what go needs to build offline: `go mod download`, `go build`
 *   and `go mod verify` with GOPROXY=off work on the result.
 *   Dropped: `cache/vcs/` (git clones for GOPROXY=direct: large, and once a version's zip is in
 *   cache/download go reads that, never the clone) and `cache/download/sumdb/` (go consults
 *   the checksum database only for modules go.sum does not list, modfetch checkModSum; its
 *   tiles pile up with every new lookup and go fetches what it lacks again).
 *
 * Planning is separate from deleting, so tests and the summary can show the plan.
 */
import fs from 'node:fs'
import path from 'node:path'
import { escapePath, escapeVersion } from '../go/modpath.js'
import { readDir, treeSize } from './tree.js'
import { listBuildEntries, usedSet, type BuildCacheEntry } from './usage.js'

export interface TrimTotals {
  /** Build cache: index and output entries. Module cache: module versions. */
  entries: number
  files: number
  bytes: number
}

export interface TrimResult {
  kept: TrimTotals
  removed: TrimTotals
  /** Why nothing was removed although there was something to remove. */
  skipped?: string
}

export interface PlannedPath {
  /** Relative to the cache root, forward slashes. */
  name: string
  path: string
  files: number
  bytes: number
  /** Module cache: the `escaped path@escaped version` the path belongs to. */
  version?: string
}

// ---------------------------------------------------------------------------------------------
// Build cache

export interface BuildTrimPlan {
  keep: BuildCacheEntry[]
  remove: BuildCacheEntry[]
  skipped?: string
}

/** Which entries go (used since `since`) and which stay; trim.txt, README and the rest stay. */
export function planBuildTrim(gocache: string, since: number): BuildTrimPlan {
  const entries = listBuildEntries(gocache)
  const used = usedSet(entries, since)
  if (used.size === 0 && entries.length > 0) {
    // Nothing ran go (or GOCACHEPROG kept the cache elsewhere): emptying the cache would only
    // make the next run start cold.
    return {
      keep: entries,
      remove: [],
      skipped: `none of the ${entries.length} entries was used since ${new Date(since).toISOString()}`
    }
  }
  return {
    keep: entries.filter((e) => used.has(e.name)),
    remove: entries.filter((e) => !used.has(e.name))
  }
}

/**
 * Deletes the entries this run did not use (`since`: the run's start, before `ageBuildCache`).
 * The 256 subdirectories stay, like trim.txt, README, testexpire.txt and fuzz/.
 */
export function trimBuildCache(gocache: string, since: number): TrimResult {
  const plan = planBuildTrim(gocache, since)
  const removed = totals([])
  const kept = totals(plan.keep)
  for (const entry of plan.remove) {
    if (remove(entry.path)) add(removed, entry)
    else add(kept, entry)
  }
  return plan.skipped === undefined ? { kept, removed } : { kept, removed, skipped: plan.skipped }
}

// ---------------------------------------------------------------------------------------------
// Module cache

/** Escaped module path -> escaped versions whose zip go.sum lists, and those with only go.mod. */
export type SumModules = Map<string, { zip: Set<string>; modOnly: Set<string> }>

/**
 * The module versions go.sum / go.work.sum contents list, escaped as the cache spells them.
 * `keep` adds `path@version` pairs to keep whole (e.g. a toolchain module the run switched to).
 */
export function sumModules(
  sums: ReadonlyArray<{ content: string }>,
  keep: readonly string[] = []
): SumModules {
  const modules: SumModules = new Map()
  const addVersion = (modPath: string, version: string): void => {
    const modOnly = version.endsWith('/go.mod')
    const bare = modOnly ? version.slice(0, -'/go.mod'.length) : version
    let escPath: string
    let escVer: string
    try {
      escPath = escapePath(modPath)
      escVer = escapeVersion(bare)
    } catch {
      return // go would not have cached it under any name either
    }
    let entry = modules.get(escPath)
    if (entry === undefined) {
      entry = { zip: new Set(), modOnly: new Set() }
      modules.set(escPath, entry)
    }
    if (modOnly) entry.modOnly.add(escVer)
    else entry.zip.add(escVer)
  }
  for (const { content } of sums) {
    for (const line of content.split('\n')) {
      const fields = line.trim().split(/\s+/)
      if (fields.length !== 3 || !/^[a-z0-9]+:/.test(fields[2] as string)) continue
      addVersion(fields[0] as string, fields[1] as string)
    }
  }
  for (const mv of keep) {
    const at = mv.lastIndexOf('@')
    if (at > 0) addVersion(mv.slice(0, at), mv.slice(at + 1))
  }
  for (const entry of modules.values()) {
    for (const v of entry.zip) entry.modOnly.delete(v)
  }
  return modules
}

export interface ModuleTrimPlan {
  keep: PlannedPath[]
  remove: PlannedPath[]
  /** `escaped path@escaped version` with something kept, sorted. */
  keptVersions: string[]
  /** `escaped path@escaped version` with nothing left, sorted. */
  removedVersions: string[]
}

export interface ModuleTrimOptions {
  /** `path@version` pairs to keep whole, although no go.sum lists them. */
  keep?: readonly string[]
}

// Files go keeps per version in cache/download/<path>/@v/ (modfetch/cache.go, fetch.go).
const VERSION_FILE = /^(.+)\.(zip|ziphash|info|mod|lock|partial)$/
const ZIP_ONLY = new Set(['zip', 'ziphash', 'partial'])

/** What `trimModuleCache` would keep and remove. */
export function planModuleTrim(
  gomodcache: string,
  sums: ReadonlyArray<{ content: string }>,
  options: ModuleTrimOptions = {}
): ModuleTrimPlan {
  const modules = sumModules(sums, options.keep)
  const keep: PlannedPath[] = []
  const remove: PlannedPath[] = []
  const keptVersions = new Set<string>()
  const seenVersions = new Set<string>()
  const planned = (name: string, full: string, version?: string): PlannedPath => ({
    name,
    path: full,
    ...treeSize(full),
    ...(version === undefined ? {} : { version })
  })

  // Extracted module trees: <escaped path>@<escaped version>/ under path-prefix directories.
  const walkExtracted = (dir: string, rel: string): void => {
    for (const item of readDir(dir)) {
      if (!item.isDirectory()) continue
      const name = rel === '' ? item.name : `${rel}/${item.name}`
      if (name === 'cache') continue
      const full = path.join(dir, item.name)
      const at = item.name.indexOf('@')
      if (at < 0) {
        walkExtracted(full, name)
        continue
      }
      const modPath = rel === '' ? item.name.slice(0, at) : `${rel}/${item.name.slice(0, at)}`
      const version = item.name.slice(at + 1)
      const mv = `${modPath}@${version}`
      seenVersions.add(mv)
      if (modules.get(modPath)?.zip.has(version) === true) {
        keep.push(planned(name, full, mv))
        keptVersions.add(mv)
      } else {
        remove.push(planned(name, full, mv))
      }
    }
  }
  walkExtracted(gomodcache, '')

  const cacheDir = path.join(gomodcache, 'cache')
  const download = path.join(cacheDir, 'download')
  for (const gone of ['vcs', 'download/sumdb']) {
    const full = path.join(cacheDir, ...gone.split('/'))
    if (fs.existsSync(full)) remove.push(planned(`cache/${gone}`, full))
  }

  // Download files: cache/download/<escaped path>/@v/<escaped version>.<ext>, list.
  const walkDownload = (dir: string, rel: string): void => {
    for (const item of readDir(dir)) {
      if (!item.isDirectory()) continue
      if (rel === '' && item.name === 'sumdb') continue
      const full = path.join(dir, item.name)
      if (item.name !== '@v') {
        walkDownload(full, rel === '' ? item.name : `${rel}/${item.name}`)
        continue
      }
      const wanted = modules.get(rel)
      for (const file of readDir(full)) {
        if (file.isDirectory()) continue
        const fileFull = path.join(full, file.name)
        const name = `cache/download/${rel}/@v/${file.name}`
        let keepIt: boolean
        let mv: string | undefined
        if (file.name === 'list' || file.name === 'list.lock') {
          keepIt = wanted !== undefined
        } else {
          const m = VERSION_FILE.exec(file.name)
          const version = m?.[1]
          if (m === null || version === undefined) {
            // A leftover temporary file, or something a later go writes: kept with its version.
            keepIt =
              wanted !== undefined && [...wanted.zip].some((v) => file.name.startsWith(`${v}.`))
          } else {
            mv = `${rel}@${version}`
            seenVersions.add(mv)
            const zip = wanted?.zip.has(version) === true
            const modOnly = wanted?.modOnly.has(version) === true
            keepIt = zip || (modOnly && !ZIP_ONLY.has(m[2] as string))
            if (keepIt) keptVersions.add(mv)
          }
        }
        ;(keepIt ? keep : remove).push(planned(name, fileFull, mv))
      }
    }
  }
  walkDownload(download, '')

  return {
    keep,
    remove,
    keptVersions: [...keptVersions].sort(),
    removedVersions: [...seenVersions].filter((v) => !keptVersions.has(v)).sort()
  }
}

/**
 * Deletes from GOMODCACHE everything the go.sum / go.work.sum contents do not list (see the top
 * of this file), making read-only module trees writable first, then empty directories.
 */
export function trimModuleCache(
  gomodcache: string,
  sums: ReadonlyArray<{ content: string }>,
  options: ModuleTrimOptions = {}
): TrimResult {
  const root = path.resolve(gomodcache)
  const plan = planModuleTrim(root, sums, options)
  const kept: TrimTotals = { entries: plan.keptVersions.length, files: 0, bytes: 0 }
  const removed: TrimTotals = { entries: 0, files: 0, bytes: 0 }
  for (const p of plan.keep) add(kept, p, 0)
  const left = new Set<string>()
  const emptied: string[] = []
  for (const p of plan.remove) {
    if (remove(p.path)) {
      add(removed, p, 0)
      emptied.push(path.dirname(p.path))
    } else {
      add(kept, p, 0)
      if (p.version !== undefined) left.add(p.version)
    }
  }
  removed.entries = plan.removedVersions.filter((mv) => !left.has(mv)).length
  kept.entries += plan.removedVersions.length - removed.entries
  const stop = new Set([root, path.join(root, 'cache'), path.join(root, 'cache', 'download')])
  for (const dir of emptied) removeEmptyUpwards(dir, stop)
  return { kept, removed }
}

// ---------------------------------------------------------------------------------------------

function totals(items: ReadonlyArray<{ files: number; bytes: number }>): TrimTotals {
  const t: TrimTotals = { entries: 0, files: 0, bytes: 0 }
  for (const item of items) add(t, item)
  return t
}

function add(t: TrimTotals, item: { files: number; bytes: number }, entries = 1): void {
  t.entries += entries
  t.files += item.files
  t.bytes += item.bytes
}

/** Removes a file or tree, read-only or not; false when it could not. */
function remove(target: string): boolean {
  try {
    makeWritable(target)
    fs.rmSync(target, { recursive: true, force: true })
    return !fs.existsSync(target)
  } catch {
    return false
  }
}

// GOMODCACHE trees are read-only (go extracts modules with 0444 files in 0555 directories unless
// -modcacherw): a directory needs its write bit for its entries to go, a file on Windows too.
function makeWritable(target: string): void {
  let stat: fs.Stats
  try {
    stat = fs.lstatSync(target)
  } catch {
    return
  }
  if (stat.isSymbolicLink()) return
  if (stat.isDirectory()) {
    fs.chmodSync(target, stat.mode | 0o700)
    for (const item of readDir(target)) makeWritable(path.join(target, item.name))
  } else if ((stat.mode & 0o200) === 0) {
    fs.chmodSync(target, stat.mode | 0o200)
  }
}

/** Removes `dir` and its parents while they are empty, stopping at any of `stop`. */
function removeEmptyUpwards(dir: string, stop: Set<string>): void {
  let current = dir
  while (!stop.has(current) && path.dirname(current) !== current) {
    try {
      if (fs.readdirSync(current).length > 0) return
      fs.rmdirSync(current)
    } catch {
      return
    }
    current = path.dirname(current)
  }
}
