/**
 * The version files other tools read before go does: `.go-version` (actions/setup-go, goenv)
 * and `.tool-versions` (asdf, mise). Pure: text in, the version as written and its line out.
 */

export const VERSION_FILES = ['.go-version', '.tool-versions'] as const
export type VersionFileName = (typeof VERSION_FILES)[number]

export interface VersionFileEntry {
  /** The version exactly as written, e.g. 1.26.1, 1.26, go1.26.1, system. */
  version: string
  /** 1-based line it was written on. */
  line: number
}

/** The keys asdf (golang plugin) and mise accept for Go in .tool-versions. */
const TOOL_VERSIONS_KEYS = ['golang', 'go']

/** `.go-version`: the first line that is neither blank nor a `#` comment; its first word. */
export function parseGoVersionFile(text: string): VersionFileEntry | undefined {
  const lines = splitLines(text)
  for (let i = 0; i < lines.length; i++) {
    const words = wordsOf(lines[i] ?? '')
    if (words[0] !== undefined) return { version: words[0], line: i + 1 }
  }
  return undefined
}

/**
 * `.tool-versions`: `golang 1.26.1` (or `go 1.26.1`), `#` comments anywhere. asdf lets a line
 * list fallbacks (`golang 1.26.1 1.25.0`); the first is the one it installs.
 */
export function parseToolVersions(text: string): VersionFileEntry | undefined {
  const lines = splitLines(text)
  for (let i = 0; i < lines.length; i++) {
    const [key, version] = wordsOf(lines[i] ?? '')
    if (key !== undefined && version !== undefined && TOOL_VERSIONS_KEYS.includes(key)) {
      return { version, line: i + 1 }
    }
  }
  return undefined
}

/** Picks the parser by file name. */
export function parseVersionFile(
  name: VersionFileName,
  text: string
): VersionFileEntry | undefined {
  return name === '.go-version' ? parseGoVersionFile(text) : parseToolVersions(text)
}

export function isVersionFileName(name: string): name is VersionFileName {
  return (VERSION_FILES as readonly string[]).includes(name)
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
}

function wordsOf(line: string): string[] {
  const hash = line.indexOf('#')
  const content = hash === -1 ? line : line.slice(0, hash)
  return content.split(/\s+/).filter((w) => w !== '')
}
