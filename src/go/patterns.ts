/**
 * Which package patterns match a package in one module, read from `go list -e -json` (pure).
 *
 * go list names, in each package's Match field, the patterns that matched it, cleaned as go
 * cleans them. A pattern that matches nothing shows one of two ways (go 1.26, recorded by
 * scripts/record-go-output.mjs):
 * - a wildcard (`./...`, `./internal/...`, `all`) under which go finds no package prints nothing
 *   and warns `matched no packages` on stderr: an empty module, one whose only file is behind
 *   `//go:build tools`, one whose files all build for another GOOS;
 * - a named directory or import path prints a package with an Error and no Go file: `stat …:
 *   directory not found`, `no Go files in …`, `build constraints exclude all Go files in …`,
 *   `cannot find module providing package …`, `main module (…) does not contain package …`.
 * A package that has Go files is a package, however broken (a syntax error, a missing import):
 * go test must run it and say why it fails.
 */
import path from 'node:path'
import type { GoPackage } from './gopackage.js'

/** One pattern in one module: the packages it matched, or why it matched none. */
export interface PatternMatch {
  pattern: string
  /** What go listed for the pattern; empty when it matches no package. */
  packages: GoPackage[]
  /** go's reason when the pattern matches no package here, as go printed it (absolute paths). */
  noPackage?: string
}

/** The pattern as go's CleanPatterns writes it into Match (cmd/go/internal/search). */
export function cleanPattern(pattern: string): string {
  const local =
    pattern === '.' ||
    pattern === '..' ||
    pattern.startsWith('./') ||
    pattern.startsWith('../') ||
    path.isAbsolute(pattern)
  const at = local ? -1 : pattern.indexOf('@')
  const name = at === -1 ? pattern : pattern.slice(0, at)
  const version = at === -1 ? '' : pattern.slice(at)
  if (path.isAbsolute(name)) return path.resolve(name) + version
  const slashed = name.replaceAll('\\', '/')
  if (slashed.startsWith('./')) {
    const cleaned = `./${cleanSlashPath(slashed)}`
    return (cleaned === './.' ? '.' : cleaned) + version
  }
  return cleanSlashPath(slashed) + version
}

/** Go's path.Clean: node's normalize, without the trailing slash it keeps. */
function cleanSlashPath(p: string): string {
  const normalized = path.posix.normalize(p)
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized
}

/** go found no Go file for it: a directory or import path with no package here. */
export function isNoPackage(pkg: GoPackage): boolean {
  if (pkg.Error === undefined) return false
  const files = [
    pkg.GoFiles,
    pkg.CgoFiles,
    pkg.TestGoFiles,
    pkg.XTestGoFiles,
    pkg.InvalidGoFiles
  ].flatMap((list) => list ?? [])
  return files.length === 0
}

/**
 * Each pattern with what it matched in one module's listing. Undefined when the listing names a
 * pattern that is none of these, or a package no pattern matched: the gate cannot tell which
 * pattern matched what, so it must not skip anything.
 */
export function matchPatterns(
  patterns: readonly string[],
  listed: readonly GoPackage[]
): PatternMatch[] | undefined {
  const cleaned = patterns.map(cleanPattern)
  const known = new Set(cleaned)
  for (const pkg of listed) {
    if (pkg.Match === undefined || pkg.Match.length === 0) return undefined
    if (pkg.Match.some((m) => !known.has(m))) return undefined
  }
  return patterns.map((pattern, index) => {
    const key = cleaned[index] as string
    const matched = listed.filter((pkg) => pkg.Match?.includes(key) === true)
    if (matched.some((pkg) => !isNoPackage(pkg))) return { pattern, packages: matched }
    const reason = matched.find((pkg) => pkg.Error?.Err !== undefined)?.Error?.Err
    return { pattern, packages: [], noPackage: reason ?? 'go list matched no packages' }
  })
}
