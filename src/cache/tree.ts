/**
 * Walking the cache directories. A directory that cannot be read counts as empty and a file that
 * went away meanwhile as absent: caches change under a run, and sizes here are for the log.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface DirectorySize {
  files: number
  bytes: number
}

/** A directory's entries, or none when it cannot be read. */
export function readDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
}

/**
 * Files and bytes at `target`, a file or a tree (a symbolic link counts as a file, never
 * followed); stops counting at `limit` files (to ask "is it empty?").
 */
export function treeSize(target: string, limit = Infinity): DirectorySize {
  const size: DirectorySize = { files: 0, bytes: 0 }
  const visit = (current: string): void => {
    if (size.files >= limit) return
    let stat: fs.Stats
    try {
      stat = fs.lstatSync(current)
    } catch {
      return
    }
    if (!stat.isDirectory()) {
      size.files++
      size.bytes += stat.size
      return
    }
    for (const item of readDir(current)) visit(path.join(current, item.name))
  }
  visit(target)
  return size
}

/** Whether a file below `dir` passes `test`; stops at the first that does. */
export function someFile(dir: string, test: (stat: fs.Stats) => boolean): boolean {
  return readDir(dir).some((item) => {
    const full = path.join(dir, item.name)
    if (item.isDirectory()) return someFile(full, test)
    try {
      return test(fs.lstatSync(full))
    } catch {
      return false
    }
  })
}
