/**
 * The post step's check of the state against the machine. GITHUB_STATE is writable by anything
 * in the job, so a path in it is never trusted on its own: an entry is trimmed and saved only
 * when its directory is where go says that cache is (re-derived by the post step itself) and
 * looks like what go keeps there; the go.sum files the trim reads must lie in the workspace.
 * Reads the file system, runs nothing.
 */
import fs from 'node:fs'
import path from 'node:path'
import { isInside } from '../files.js'
import type { GoCacheDirs } from '../go/cachedirs.js'
import type { CacheEntryRestore, CacheEntrySave } from './entries.js'
import { treeSize } from './tree.js'

/** An entry the post step may trim and save (at the path go reports), or why it may not. */
export type EntryCheck = { entry: CacheEntryRestore } | { rejected: CacheEntrySave }

const VARIABLE = { module: 'GOMODCACHE', build: 'GOCACHE' } as const

/** The first line of the README go writes into every build cache (cmd/go/internal/cache). */
export const GOCACHE_README =
  'This directory holds cached build artifacts from the Go build system.'

export function checkEntries(entries: CacheEntryRestore[], dirs: GoCacheDirs): EntryCheck[] {
  return entries.map((entry) => {
    const problem = entryProblem(entry, dirs)
    if (problem === undefined) return { entry: { ...entry, path: dirs[VARIABLE[entry.name]] } }
    return { rejected: { name: entry.name, key: entry.key, saved: false, reason: problem } }
  })
}

function entryProblem(entry: CacheEntryRestore, dirs: GoCacheDirs): string | undefined {
  const variable = VARIABLE[entry.name]
  const dir = dirs[variable]
  // GOCACHE=off, or a relative value (go reports that as off too).
  if (dir === '' || dir === 'off' || !path.isAbsolute(dir)) {
    return `go env ${variable} is "${dir}", so there is no such cache to save`
  }
  if (canonical(entry.path) !== canonical(dir)) {
    return `the state names ${entry.path}, which is not go env ${variable} (${dir})`
  }
  // Empty is no risk: saveEntries says so and saves nothing.
  if (treeSize(dir, 1).files === 0) return undefined
  if (entry.name === 'build' && !holdsGoReadme(dir)) {
    return `${dir} does not look like a Go build cache (no README written by go)`
  }
  if (entry.name === 'module' && !isRealDirectory(path.join(dir, 'cache', 'download'))) {
    return `${dir} does not look like a Go module cache (no cache/download directory)`
  }
  return undefined
}

/**
 * Why the go.sum files the module trim reads cannot be used, or undefined: each must be a
 * go.sum or go.work.sum inside the workspace, symbolic links resolved (one may be missing: a
 * module without go.sum still counts).
 */
export function sumsProblem(sums: readonly string[], workspace: string): string | undefined {
  const root = canonical(workspace)
  for (const file of sums) {
    const name = path.basename(file)
    if (name !== 'go.sum' && name !== 'go.work.sum') return `${file} is not a go.sum or go.work.sum`
    const real = canonical(file)
    if (!isInside(root, real) || real === root) {
      return `${file} is not inside the workspace ${workspace}`
    }
    if (fs.existsSync(real) && !isRegularFile(real)) return `${file} is not a file`
  }
  return undefined
}

/** The absolute path with every symbolic link resolved, as far as it exists. */
function canonical(p: string): string {
  const resolved = path.resolve(p)
  try {
    return fs.realpathSync.native(resolved)
  } catch {
    // Not there (yet): resolve the part that is.
    const parent = path.dirname(resolved)
    return parent === resolved ? resolved : path.join(canonical(parent), path.basename(resolved))
  }
}

function holdsGoReadme(dir: string): boolean {
  const readme = path.join(dir, 'README')
  if (!isRegularFile(readme)) return false
  let fd: number | undefined
  try {
    fd = fs.openSync(readme, 'r')
    const head = Buffer.alloc(GOCACHE_README.length)
    const read = fs.readSync(fd, head, 0, head.length, 0)
    return head.subarray(0, read).toString('utf8') === GOCACHE_README
  } catch {
    return false
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

function isRegularFile(p: string): boolean {
  try {
    return fs.lstatSync(p).isFile()
  } catch {
    return false
  }
}

function isRealDirectory(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory()
  } catch {
    return false
  }
}
