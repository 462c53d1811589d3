import fs from 'node:fs'
import fsPromises from 'node:fs/promises'
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
export function resolveSymlinks(p: string): string {
  const absolute = path.resolve(p)
  // One name at a time from the root, so a long path costs one lstat per existing name.
  let names = absolute.split(path.sep).filter((name) => name !== '')
  let next = 0
  let resolved = path.parse(absolute).root
  let hops = 0
  while (next < names.length) {
    const joined = path.join(resolved, names[next++] as string)
    let link: string
    try {
      if (!fs.lstatSync(joined).isSymbolicLink()) {
        resolved = joined
        continue
      }
      link = fs.readlinkSync(joined)
    } catch {
      // Missing (or not reachable): the rest is taken as written.
      return path.join(joined, ...names.slice(next))
    }
    if (++hops > MAX_LINK_HOPS) throw new Error(`too many symbolic links at ${joined}`)
    const target = path.resolve(resolved, link)
    names = [...target.split(path.sep).filter((name) => name !== ''), ...names.slice(next)]
    next = 0
    resolved = path.parse(target).root
  }
  return resolved
}

/**
 * Writes text to a file, creating directories; written beside the target and renamed into
 * place, so a reader never sees half a report.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await fsPromises.mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  try {
    await fsPromises.writeFile(temporary, text, 'utf8')
    await fsPromises.rename(temporary, file)
  } catch (error) {
    await fsPromises.rm(temporary, { force: true })
    throw error
  }
}
