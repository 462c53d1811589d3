/**
 * What `go list -e -json` says about the packages a pattern matches: where each lives and which
 * files it has, so a test's `calc_test.go:14` can be resolved to a file of the repository.
 */
import { describeFailure, succeeded, type GoOutcome, type GoRunner } from './command.js'
import { splitJsonObjects } from './jsonobjects.js'
import { matchPatterns } from './patterns.js'

import type { GoPackage } from './gopackage.js'

export type { GoPackage }

/** What go list printed, and why it did not finish cleanly when it did not. */
export interface PackageListing {
  packages: GoPackage[]
  /**
   * go list -e exits 0 whatever its packages' errors; otherwise (a go.mod it cannot load, a
   * timeout, a signal) what it printed is not the whole answer: this says why.
   */
  failure?: string
}

/** The fields asked of go list (scripts/record-go-output.mjs records with the same). */
export const LIST_FIELDS = [
  'ImportPath',
  'Dir',
  'Name',
  'GoFiles',
  'CgoFiles',
  'TestGoFiles',
  'XTestGoFiles',
  'IgnoredGoFiles',
  'InvalidGoFiles',
  'Match',
  'Error'
]
const LIST_TIMEOUT_MS = 5 * 60_000

/** go list prints one JSON object after another, not an array: split them, then parse each. */
export function parseGoListJson(stdout: string): GoPackage[] {
  const packages: GoPackage[] = []
  for (const text of splitJsonObjects(stdout)) {
    try {
      const value = JSON.parse(text) as GoPackage
      if (typeof value.ImportPath === 'string') packages.push(value)
    } catch {
      // A broken object (go killed mid-print) names no package we can use.
    }
  }
  return packages
}

/**
 * The packages the patterns match in `cwd`, with the tags the tests run with. go may have to
 * download modules to list them: `timeoutMs` bounds that (the download-timeout input).
 */
export async function listPackages(
  go: GoRunner,
  cwd: string,
  patterns: string[],
  tags: string | undefined,
  timeoutMs = LIST_TIMEOUT_MS,
  env: Record<string, string> = {}
): Promise<PackageListing & { result: GoOutcome }> {
  const args = ['list', '-e', `-json=${LIST_FIELDS.join(',')}`]
  if (tags !== undefined) args.push(`-tags=${tags}`)
  const argv = [...args, '--', ...patterns]
  const result = await go.run(argv, { cwd, timeoutMs, env })
  const listing: PackageListing & { result: GoOutcome } = {
    packages: parseGoListJson(result.stdout),
    result
  }
  if (!succeeded(result)) listing.failure = describeFailure(argv, result)
  return listing
}

/**
 * go list's outcome when `pattern` matches no package in `cwd` with these tags (go vet and go
 * test fail there: `no packages to vet`); undefined when it matches one or go list cannot tell.
 */
export async function noPackage(
  go: GoRunner,
  cwd: string,
  pattern: string,
  tags: string | undefined,
  timeoutMs: number,
  env: Record<string, string> = {}
): Promise<GoOutcome | undefined> {
  const listing = await listPackages(go, cwd, [pattern], tags, timeoutMs, env)
  if (listing.failure !== undefined) return undefined
  const [match] = matchPatterns([pattern], listing.packages) ?? []
  return match?.noPackage !== undefined ? listing.result : undefined
}

/** Every .go file of the package by base name: the names a test's output may print. */
export function packageFiles(pkg: GoPackage): string[] {
  return [
    ...(pkg.GoFiles ?? []),
    ...(pkg.CgoFiles ?? []),
    ...(pkg.TestGoFiles ?? []),
    ...(pkg.XTestGoFiles ?? [])
  ]
}
