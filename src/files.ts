import fs from 'node:fs'
import path from 'node:path'

/** The file's text, or undefined when it does not exist or is not a readable file. */
export function readIfFile(file: string): string | undefined {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined
  } catch {
    return undefined
  }
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** True when `target` is `root` or lies below it (by path, symlinks not followed). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target)
  // A folder named "..cache" is inside: only ".." itself, or ".." as the first segment, leaves.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))
}

/** `target` relative to `root`, POSIX (`.` for root itself), or undefined when it lies outside. */
export function relativeInside(root: string, target: string): string | undefined {
  if (!isInside(root, target)) return undefined
  return path.relative(root, target).split(path.sep).join('/') || '.'
}
