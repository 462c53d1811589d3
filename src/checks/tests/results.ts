/** Every package and test of a run for the report: status, place, and the failures' output. */
import { relativeInside } from '../../files.js'
import type { PackageTestStatus, PackageTests, TestCase } from '../../findings.js'
import { percent } from '../../go/coverprofile.js'
import { topLevelTest } from '../../go/testfuncs.js'
import type { ModuleJudgement, RepoPaths, TestModuleFacts } from './facts.js'
import { excerpt } from './output.js'
import { packageHasRace } from './races.js'
import { failedTestNames, failedUnder } from './subtests.js'

/** Every package and test of the run, with the failing tests' places and outputs. */
export function packageResults(
  facts: TestModuleFacts,
  judgement: ModuleJudgement,
  repo: RepoPaths
): PackageTests[] {
  const failures = new Map(judgement.failures.map((f) => [`${f.package}\n${f.test}`, f]))
  const infos = new Map(facts.packages.map((p) => [p.ImportPath, p]))
  const results: PackageTests[] = []
  for (const pkg of facts.run.packages.values()) {
    const info = infos.get(pkg.name)
    const flaky = (name: string): boolean => {
      const f = failures.get(`${pkg.name}\n${name}`)
      return f?.flakyOn !== undefined && f.orderDependent !== true
    }
    const failedNames = failedTestNames(pkg)
    const tests: TestCase[] = []
    for (const test of pkg.tests.values()) {
      const failure = failures.get(`${pkg.name}\n${test.name}`)
      const place =
        failure?.place ??
        judgement.explained.get(pkg.name)?.get(test.name) ??
        facts.funcs.get(pkg.name)?.get(topLevelTest(test.name))
      const status = test.status === 'running' ? 'unfinished' : test.status
      const entry: TestCase = { name: test.name, status }
      // A parent that failed only because its subtests did is as flaky as they are.
      const failedChildren = failedUnder(failedNames, test.name)
      if (
        status === 'fail' &&
        (flaky(test.name) || (failedChildren.length > 0 && failedChildren.every(flaky)))
      ) {
        entry.status = 'pass'
        entry.flaky = true
      }
      if (test.runs > 1) {
        entry.runs = test.runs
        entry.failedRuns = test.failedRuns
      }
      if (test.elapsed !== undefined) entry.elapsed = test.elapsed
      if (place !== undefined) {
        entry.file = place.file
        entry.line = place.line
      }
      if ((status === 'fail' || status === 'unfinished') && test.output !== undefined) {
        entry.output = excerpt(test.output)
      }
      tests.push(entry)
    }
    let status: PackageTestStatus =
      pkg.failedBuild !== undefined
        ? 'build-failed'
        : pkg.status === 'running'
          ? 'unfinished'
          : pkg.status
    // Failed only through tests that passed on a rerun: the package passes, with flaky tests.
    if (
      status === 'fail' &&
      tests.some((t) => t.flaky === true) &&
      tests.every((t) => t.status === 'pass' || t.status === 'skip') &&
      !judgement.explained.has(pkg.name) &&
      !packageHasRace(pkg.output)
    ) {
      status = 'pass'
    }
    const result: PackageTests = { package: pkg.name, module: facts.module.relDir, status, tests }
    const dir = info?.Dir !== undefined ? relativeInside(repo.root, info.Dir) : undefined
    if (dir !== undefined) result.dir = dir
    if (pkg.elapsed !== undefined) result.elapsed = pkg.elapsed
    const covered = facts.coverage?.packages.get(pkg.name)
    if (covered !== undefined) result.coverage = percent(covered)
    results.push(result)
  }
  return results
}
