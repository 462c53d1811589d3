// A typed fake of the CacheClient interface (src/cache/entries.ts) for unit tests: an in-memory
// cache service. It keeps each saved directory's files under their key and restores them the
// way GitHub's service does (the exact key, else the newest entry the first matching restore key
// prefixes), refuses a key it already holds as actionsCacheClient reports that (a
// CacheKeyTakenError), and records every call. The real service protocol is exercised in the
// end-to-end tier (__tests__/helpers/cacheservice.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from '@jest/globals'
import { CacheKeyTakenError, type CacheClient, type CacheLog } from '../src/cache/entries.js'

/** The files of one directory: path relative to it (forward slashes) -> content. */
export type CacheFiles = Record<string, string>

export interface FakeCacheBehaviour {
  /** What isFeatureAvailable answers; true by default. */
  available?: boolean
  /** Entries the service holds before the test starts, oldest first. */
  entries?: Record<string, CacheFiles>
  /** Replaces the in-memory lookup: returns the key it restored (and writes the files itself). */
  restore?: (key: string, restoreKeys: string[], dir: string) => string | undefined
  /** Replaces the in-memory save: returns the cache id (-1: the service did not save it). */
  save?: () => number
  /** Every restore and save rejects with this. */
  fail?: Error
}

export interface FakeCacheClient extends CacheClient {
  /** `restore <key>` and `save <key>`, in the order they were asked for. */
  calls: string[]
  /** What the service holds, by key, oldest first. */
  entries: Map<string, CacheFiles>
}

export function fakeCacheClient(behaviour: FakeCacheBehaviour = {}): FakeCacheClient {
  const calls: string[] = []
  const entries = new Map(Object.entries(behaviour.entries ?? {}))
  const newest = (prefix: string): string | undefined =>
    [...entries.keys()].filter((k) => k.startsWith(prefix)).pop()
  return {
    calls,
    entries,
    isFeatureAvailable: () => behaviour.available ?? true,
    async restoreCache(paths, key, restoreKeys = []) {
      calls.push(`restore ${key}`)
      if (behaviour.fail) throw behaviour.fail
      const dir = paths[0] as string
      if (behaviour.restore) return behaviour.restore(key, restoreKeys, dir)
      const matched = entries.has(key) ? key : restoreKeys.map(newest).find((k) => k !== undefined)
      if (matched !== undefined) writeFiles(dir, entries.get(matched) as CacheFiles)
      return matched
    },
    async saveCache(paths, key) {
      calls.push(`save ${key}`)
      if (behaviour.fail) throw behaviour.fail
      if (behaviour.save) return behaviour.save()
      if (entries.has(key)) throw new CacheKeyTakenError(key)
      entries.set(key, readFiles(paths[0] as string))
      return entries.size
    }
  }
}

/** Writes `files` below `dir`, creating directories as needed. */
export function writeFiles(dir: string, files: CacheFiles): void {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, ...rel.split('/'))
    fs.mkdirSync(path.dirname(full), { recursive: true })
    fs.writeFileSync(full, content)
  }
}

/** Every file below `dir` with its content, keys sorted; {} when `dir` does not exist. */
export function readFiles(dir: string): CacheFiles {
  const found: Array<[string, string]> = []
  const walk = (current: string, rel: string): void => {
    let items: fs.Dirent[]
    try {
      items = fs.readdirSync(current, { withFileTypes: true })
    } catch {
      return
    }
    for (const item of items) {
      const name = rel === '' ? item.name : `${rel}/${item.name}`
      const full = path.join(current, item.name)
      if (item.isDirectory()) walk(full, name)
      else found.push([name, fs.readFileSync(full, 'utf8')])
    }
  }
  walk(dir, '')
  return Object.fromEntries(found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** A CacheLog that keeps each line as `info: …`, `notice: …` or `warning: …`. */
export function recordingCacheLog(): CacheLog & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    notice: (m) => lines.push(`notice: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`)
  }
}

/**
 * A maker of temporary directories for the tests of one file, each removed after its test,
 * read-only module trees included.
 */
export function useTempDirs(prefix: string): () => string {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) removeTree(dir)
  })
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    dirs.push(dir)
    return dir
  }
}

/** Removes a tree that go may have made read-only (0555 directories). */
export function removeTree(root: string): void {
  const writable = (p: string): void => {
    if (!fs.existsSync(p) || fs.lstatSync(p).isSymbolicLink()) return
    if (fs.statSync(p).isDirectory()) {
      fs.chmodSync(p, 0o755)
      for (const name of fs.readdirSync(p)) writable(path.join(p, name))
    }
  }
  writable(root)
  fs.rmSync(root, { recursive: true, force: true })
}
