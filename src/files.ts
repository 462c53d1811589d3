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

/** Symbolic links followed before giving up, as the kernel's own limit (ELOOP) does. */
const MAX_LINK_HOPS = 40

/**
 * `p` as the file system resolves it: every symbolic link followed (dangling ones too: writing
 * through one creates its target), and the part that does not exist yet kept as written.
 * Throws on a loop of links.
 */
export function resolveSymlinks(p: string, hops = 0): string {
  const absolute = path.resolve(p)
  try {
    return fs.realpathSync(absolute)
  } catch {
    // Some part is missing (or a link dangles): resolve the parent, then this last name.
  }
  const parent = path.dirname(absolute)
  if (parent === absolute) return absolute
  const dir = resolveSymlinks(parent, hops)
  const joined = path.join(dir, path.basename(absolute))
  let target: string
  try {
    if (!fs.lstatSync(joined).isSymbolicLink()) return joined
    target = fs.readlinkSync(joined)
  } catch {
    return joined
  }
  if (hops >= MAX_LINK_HOPS) throw new Error(`too many symbolic links at ${joined}`)
  return resolveSymlinks(path.resolve(dir, target), hops + 1)
}
