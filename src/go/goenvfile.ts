/**
 * The go env file (`go env GOENV`, written by `go env -w`): read, and parsed the way go parses it,
 * so a finding can say which line of it set a value.
 */
import fs from 'node:fs'
import path from 'node:path'
import { isInside } from '../files.js'
import { toPosix } from './command.js'

/** The go env file (`go env GOENV`) as go reads it: KEY=VALUE lines, the last one wins. */
export interface GoEnvFile {
  /** As go env printed it (absolute). */
  path: string
  /** Relative to the repository root, POSIX; undefined when the file lies outside it. */
  relPath?: string
  values: Record<string, { value: string; line: number }>
}

/** The go env file go reads, parsed the way go parses it; undefined when off, unset or unreadable. */
export function readGoEnvFile(file: string | undefined, root: string): GoEnvFile | undefined {
  if (file === undefined || file === '' || file === 'off') return undefined
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  const absolute = path.resolve(root, file)
  return {
    path: file,
    relPath: isInside(root, absolute) ? toPosix(path.relative(root, absolute)) : undefined,
    values: parseGoEnvFile(text)
  }
}

/** Pure: go's env file format (cmd/go/internal/cfg): KEY=VALUE, keys start A-Z, the last wins. */
export function parseGoEnvFile(text: string): GoEnvFile['values'] {
  const values: GoEnvFile['values'] = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const eq = line.indexOf('=')
    if (eq < 0 || !/^[A-Z]/.test(line)) continue
    values[line.slice(0, eq)] = { value: line.slice(eq + 1), line: i + 1 }
  }
  return values
}
