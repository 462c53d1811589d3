/**
 * Where the `packages` patterns apply in a repository of several modules (pure): every pattern is
 * relative to each module's directory, and go test fails outright on a pattern that names nothing
 * in the module it runs in (`no packages to test`, `directory not found`). So each module runs go
 * test with the patterns that match a package in it, per `go list -e -json`; a module they match
 * nothing in is skipped, saying so; a pattern that matches nothing in any module is an input
 * error. `./...` is the exception: it means every package a module has, and a module may have
 * none (a go.mod beside assets, a tools module whose only file is behind `//go:build tools`).
 */
import path from 'node:path'
import type { CheckFinding } from '../findings.js'
import type { GoModule } from '../go/modules.js'
import type { GoPackage, PackageListing } from '../go/packages.js'
import { cleanPattern, matchPatterns, type PatternMatch } from '../go/patterns.js'
import { printableValue } from '../text.js'
import type { SkippedModule } from './scope.js'

/** Modules named in a finding's title, at most. */
const NAMED_MODULES = 10

export interface ModuleListing {
  module: GoModule
  listing: PackageListing
}

/** go test in one module: the patterns it runs with and what go list said they match. */
export interface ModuleRun {
  module: GoModule
  patterns: string[]
  packages: GoPackage[]
  /** Patterns left out in this module: they match no package here. */
  left: PatternMatch[]
  /** `-run=…` or `-skip=…`: one shard's part of a package split by test. */
  selection?: string[]
}

export interface TestPlan {
  runs: ModuleRun[]
  /** Modules with no package to test. */
  skipped: SkippedModule[]
  /** A pattern that matches no package in any module: an input error, and no test runs. */
  unmatched: CheckFinding[]
  /** For the log: what go said where it matched nothing, and listings the gate could not read. */
  notes: string[]
}

/**
 * The plan for the patterns over the modules' listings. `searchedAll`: every module of the
 * repository was listed (none was skipped before): only then can a pattern be said to match
 * nothing in any module.
 */
export function planTests(
  patterns: readonly string[],
  listings: readonly ModuleListing[],
  root: string,
  searchedAll: boolean
): TestPlan {
  const plan: TestPlan = { runs: [], skipped: [], unmatched: [], notes: [] }
  // pattern -> module -> go's reason it matched nothing there
  const misses = new Map<string, Map<string, string>>()
  let allRead = true
  for (const { module, listing } of listings) {
    const matches = listing.failure === undefined ? matchPatterns(patterns, listing.packages) : []
    if (listing.failure !== undefined || matches === undefined) {
      // Unknown: run every pattern and let go test say what is wrong.
      allRead = false
      plan.notes.push(
        `${module.relDir}: ${listing.failure ?? 'go list named patterns the gate did not give it'}; go test runs with every pattern`
      )
      plan.runs.push({ module, patterns: [...patterns], packages: listing.packages, left: [] })
      continue
    }
    const applies = matches.filter((m) => m.noPackage === undefined)
    const left = matches.filter((m) => m.noPackage !== undefined)
    for (const miss of left) {
      const reason = relativeToRoot(miss.noPackage as string, root)
      plan.notes.push(`${module.relDir}: ${miss.pattern} matches no package (${reason})`)
      const byModule = misses.get(miss.pattern) ?? new Map<string, string>()
      misses.set(miss.pattern, byModule)
      byModule.set(module.relDir, reason)
    }
    if (applies.length === 0) {
      plan.skipped.push({ module, reason: `no packages to test (${describeLeft(left)})` })
      continue
    }
    const matched = new Set(applies.flatMap((m) => m.packages))
    plan.runs.push({
      module,
      patterns: applies.map((m) => m.pattern),
      packages: listing.packages.filter((p) => matched.has(p)),
      left
    })
  }
  if (!searchedAll || !allRead || listings.length === 0) return plan
  for (const pattern of patterns) {
    const byModule = misses.get(pattern)
    if (cleanPattern(pattern) === './...' || byModule?.size !== listings.length) continue
    plan.unmatched.push(unmatchedFinding(pattern, byModule))
  }
  return plan
}

/** "./... matches none", "./a and ./b match none". */
export function describeLeft(left: readonly PatternMatch[]): string {
  const names = left.map((m) => m.pattern)
  const list =
    names.length <= 1
      ? names.join('')
      : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] as string}`
  return `${list} ${names.length === 1 ? 'matches' : 'match'} none`
}

function unmatchedFinding(pattern: string, byModule: ReadonlyMap<string, string>): CheckFinding {
  const modules = [...byModule.keys()]
  const named =
    modules.length > NAMED_MODULES
      ? `${modules.slice(0, NAMED_MODULES).join(', ')} and ${modules.length - NAMED_MODULES} more`
      : modules.join(', ')
  const value = printableValue(pattern)
  return {
    rule: 'tests/packages-unmatched',
    severity: 'error',
    title: `packages: "${value}" matches no package in any module (modules: ${named})`,
    message: [
      `The packages input names "${value}", and go list finds no package for it in any module, so no test ran. A pattern is relative to each module's directory (the one holding its go.mod); go said:`,
      ...[...byModule].map(([dir, reason]) => `  ${dir}: ${reason}`)
    ].join('\n'),
    fix: `change packages to patterns that match packages of a module (go list ${value} in the module shows what it matches), or leave it unset to test ./...`
  }
}

/** go's absolute paths under the repository, made relative to its root (`stat core: …`). */
function relativeToRoot(text: string, root: string): string {
  const escaped = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return text
    .split(`${root}${path.sep}`)
    .join('')
    .replace(new RegExp(`${escaped}(?=$|[\\s:])`, 'g'), '.')
}
