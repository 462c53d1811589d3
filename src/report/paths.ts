import path from 'node:path'

/** The parts of node:path the check needs; path.win32 in tests shows the Windows behaviour. */
export type PathApi = Pick<typeof path, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>

// Control characters never belong in an annotation's file property (NUL, newlines, escapes).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * The file's POSIX path relative to the repository root, or undefined when it is empty,
 * holds control characters, or resolves outside the root (`..` escapes, other absolute paths,
 * other drives). The check is lexical: symlinks are not followed.
 */
export function annotationPath(
  root: string,
  file: string,
  api: PathApi = path
): string | undefined {
  if (root === '' || file === '' || CONTROL.test(file) || CONTROL.test(root)) return undefined
  const base = api.resolve(root)
  const relative = api.relative(base, api.resolve(base, file))
  if (
    relative === '' ||
    api.isAbsolute(relative) ||
    relative === '..' ||
    relative.startsWith(`..${api.sep}`)
  ) {
    return undefined
  }
  return relative.split(api.sep).join('/')
}

/** A path fit to show in text: as is, or JSON-quoted when it holds control characters. */
export function displayPath(file: string): string {
  return CONTROL.test(file) ? JSON.stringify(file) : file
}
