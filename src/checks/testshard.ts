/**
 * The tests check in a sharded run (pure): what the plan job lists of each module's test packages,
 * and the go test runs one shard makes of its share of the plan. A whole package is one pattern
 * among its module's; a package split by test is its own run with `-run` (its groups) or `-skip`
 * (the leftovers, so a test added since the timings still runs exactly once).
 */
import type { TestPackage } from '../findings.js'
import type { GoPackage } from '../go/packages.js'
import { runPattern } from './tests/reruns.js'
import type { Assignment } from '../shard/plan.js'
import type { ModuleListing, ModuleRun } from './testplan.js'

/** Every package with tests in these runs, with its top-level Test functions: what the plan splits. */
export function testPackages(
  runs: readonly ModuleRun[],
  declared: (packages: GoPackage[]) => Map<string, Map<string, unknown>>
): TestPackage[] {
  const units: TestPackage[] = []
  for (const run of runs) {
    const funcs = declared(run.packages)
    for (const pkg of run.packages) {
      const files = (pkg.TestGoFiles?.length ?? 0) + (pkg.XTestGoFiles?.length ?? 0)
      if (files === 0) continue
      const tests = [...(funcs.get(pkg.ImportPath)?.keys() ?? [])].filter((name) =>
        /^Test/.test(name)
      )
      units.push({ module: run.module.relDir, package: pkg.ImportPath, tests: tests.sort() })
    }
  }
  return units.sort((a, b) => a.package.localeCompare(b.package))
}

/** The go test runs of one shard's assignments, in the modules go list read. */
export function shardRuns(
  assignments: readonly Assignment[],
  listings: readonly ModuleListing[]
): ModuleRun[] {
  const runs: ModuleRun[] = []
  for (const { module, listing } of listings) {
    const mine = assignments.filter((a) => a.module === module.relDir)
    if (mine.length === 0) continue
    const packageOf = (importPath: string): GoPackage[] =>
      listing.packages.filter((p) => p.ImportPath === importPath)
    const whole = mine.filter((a) => a.run === undefined && a.skip === undefined)
    if (whole.length > 0) {
      runs.push({
        module,
        patterns: whole.map((a) => a.package),
        packages: whole.flatMap((a) => packageOf(a.package)),
        left: []
      })
    }
    for (const part of mine.filter((a) => a.run !== undefined || a.skip !== undefined)) {
      const selection =
        part.run !== undefined
          ? [`-run=${runPattern(part.run)}`]
          : part.skip !== undefined && part.skip.length > 0
            ? [`-skip=${runPattern(part.skip)}`]
            : []
      runs.push({
        module,
        patterns: [part.package],
        packages: packageOf(part.package),
        left: [],
        selection
      })
    }
  }
  return runs
}
