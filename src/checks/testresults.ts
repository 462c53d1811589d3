/**
 * What a `go test -race -json` run means, as findings and per-test results. Pure: the tests check
 * gathers the facts (the parsed stream, go list's packages, the declared test functions, the
 * reruns) and these functions judge them, so recorded go output can be judged in unit tests.
 *
 * Order of judgement, so one cause is reported once: the machine (the race detector cannot run)
 * before the code; then build errors, races, panics and timeouts, each on its own line; then the
 * plain failures that none of those explain. Under -count, a test that failed in some runs and
 * passed in others is the intermittent failure being hunted: an error at once. The other failures
 * are the only ones worth rerunning.
 *
 * This file is the order; each kind of finding is worded in its own file under tests/ (builds,
 * races, panics and timeouts, plain failures, reruns, what the run did not report, the report's
 * per-test results).
 */
import type { CheckFinding } from '../findings.js'
import type { RepoContext } from '../go/stackframes.js'
import { environmentFailure, type EnvironmentFailure } from '../go/testenv.js'
import { topLevelTest } from '../go/testfuncs.js'
import type {
  ModuleJudgement,
  Place,
  RepoPaths,
  TestFailure,
  TestModuleFacts
} from './tests/facts.js'
import { buildFindings } from './tests/builderrors.js'
import {
  FINAL_STATUSES,
  cutShortFinding,
  lostEventFindings,
  unreportedFinding,
  unreportedPackages
} from './tests/incomplete.js'
import { killedTestFinding, machineFinding, testShowing } from './tests/machine.js'
import { goStderr, packageLines } from './tests/output.js'
import { intermittentFinding, packageFailure, testFailure } from './tests/failures.js'
import { panicFindings } from './tests/panics.js'
import { isOnlyRaceFailure, packageHasRace, raceFindings } from './tests/races.js'
import { failedInSomeRuns } from './tests/runs.js'
import { failedTestNames, failedUnder } from './tests/subtests.js'

/** Judges one module's run: findings for every cause, and the failures left to rerun. */
export function judgeTestRun(facts: TestModuleFacts, repo: RepoPaths): ModuleJudgement {
  const explained = new Map<string, Map<string, Place | undefined>>()
  const explain = (pkg: string, test: string, place: Place | undefined): void => {
    const tests = explained.get(pkg) ?? new Map<string, Place | undefined>()
    explained.set(pkg, tests)
    if (!tests.has(test) || tests.get(test) === undefined) tests.set(test, place)
  }
  const packages = new Map(facts.packages.map((p) => [p.ImportPath, p]))
  const context: RepoContext = {
    moduleDir: repo.root,
    goroot: repo.goroot,
    gomodcache: repo.gomodcache
  }
  const stderrLines = facts.stderr.split('\n')

  // go's own output, not tied to a package: the whole run is the machine's.
  const machine = environmentFailure([...stderrLines, ...facts.run.nonJson])
  if (machine !== undefined) {
    return {
      findings: [machineFinding(machine, facts.module.path)],
      failures: [],
      noRerun: machine.cause,
      explained
    }
  }
  // Packages whose binary the machine stopped: their failures blame no test.
  const stopped = new Map<string, EnvironmentFailure>()
  for (const pkg of facts.run.packages.values()) {
    if (pkg.status === 'pass' || pkg.status === 'skip') continue
    const failure = environmentFailure(packageLines(pkg))
    if (failure !== undefined) stopped.set(pkg.name, failure)
  }

  const findings: CheckFinding[] = []
  const reasons: string[] = []
  const causes = new Map<string, { failure: EnvironmentFailure; packages: string[] }>()
  for (const [pkg, failure] of stopped) {
    const entry = causes.get(failure.cause) ?? { failure, packages: [] }
    causes.set(failure.cause, entry)
    entry.packages.push(pkg)
  }
  for (const { failure, packages: names } of causes.values()) {
    const unnamed: string[] = []
    for (const pkg of names) {
      // SIGKILL may be the out-of-memory killer or the test's own doing: name the test it hit.
      const test =
        failure.kind === 'killed'
          ? testShowing(facts.run.packages.get(pkg), failure.evidence)
          : undefined
      if (test === undefined) {
        unnamed.push(pkg)
        continue
      }
      const place = facts.funcs.get(pkg)?.get(topLevelTest(test.name))
      explain(pkg, test.name, place)
      findings.push(killedTestFinding(test, pkg, facts, place))
    }
    if (unnamed.length > 0) findings.push(machineFinding(failure, unnamed.join(', ')))
    reasons.push(failure.cause)
  }

  // go test itself did not end by its own exit: what it reported is incomplete. The tests it
  // left running are explained by that, never blamed one by one, and nothing is rerun.
  const cut = cutShortFinding(facts, explain)
  if (cut !== undefined) {
    findings.push(cut)
    reasons.push(facts.stopped !== undefined ? 'go test was stopped' : 'go test was killed')
  }

  const builds = buildFindings(facts, repo, stderrLines)
  if (builds.length > 0) reasons.push('a build error')
  findings.push(...builds)

  const races = raceFindings(facts, context, explain)
  if (races.length > 0) reasons.push('a data race')
  findings.push(...races)

  findings.push(...lostEventFindings(facts))

  const panics = panicFindings(facts, context, explain, stopped)
  if (panics.timeouts > 0) reasons.push('a timeout')
  if (panics.panics > 0) reasons.push('a panic')
  findings.push(...panics.findings)

  const failures: TestFailure[] = []
  for (const pkg of facts.run.packages.values()) {
    if (stopped.has(pkg.name)) continue
    const info = packages.get(pkg.name)
    const done = explained.get(pkg.name)
    const failedNames = failedTestNames(pkg)
    for (const test of pkg.tests.values()) {
      if (test.status !== 'fail' && test.status !== 'unfinished') continue
      if (done?.has(test.name) === true) continue
      // A parent fails because a subtest failed: the subtest is the one to show.
      if (failedUnder(failedNames, test.name).length > 0) continue
      const lines = test.output?.lines() ?? []
      if (isOnlyRaceFailure(lines) && races.length > 0) continue
      const failure = testFailure(test, info, facts, repo, lines)
      if (failedInSomeRuns(test)) {
        explain(pkg.name, test.name, failure.place)
        findings.push(intermittentFinding(failure, test, facts.args))
      } else {
        failures.push(failure)
      }
    }
    if (
      pkg.status === 'fail' &&
      !failedNames.length &&
      pkg.failedBuild === undefined &&
      (done === undefined || done.size === 0) &&
      !packageHasRace(pkg.output)
    ) {
      findings.push(packageFailure(pkg.name, pkg.output, facts))
    }
  }

  // A package go was asked to test and that never said how it ended cannot count as passed.
  const reported = [...facts.run.packages.values()].some((p) => FINAL_STATUSES.has(p.status))
  const unreported = unreportedPackages(facts)
  if (cut === undefined && unreported.length > 0 && (reported || facts.exitCode === 0)) {
    findings.push(unreportedFinding(facts, unreported))
  }

  // go itself failed before any package ran (a bad pattern, -race unsupported, a go.mod error).
  if (
    facts.exitCode !== 0 &&
    facts.exitCode !== null &&
    findings.length === 0 &&
    failures.length === 0 &&
    ![...facts.run.packages.values()].some((p) => p.status === 'fail')
  ) {
    findings.push({
      rule: 'tests/go-failed',
      severity: 'error',
      title: `go test failed in ${facts.module.relDir}`,
      message: goStderr(stderrLines) || `go test exited ${facts.exitCode} without a test result`,
      fix: `run go ${facts.args.join(' ')} in ${facts.module.relDir} to see why`
    })
  }

  const judgement: ModuleJudgement = { findings, failures, explained }
  if (reasons.length > 0) judgement.noRerun = reasons.join(', ')
  return judgement
}
