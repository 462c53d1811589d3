/**
 * What a `go test -race -json` run means, as findings and per-test results. Pure: the tests check
 * gathers the facts (the parsed stream, go list's packages, the declared test functions, the
 * reruns) and these functions judge them, so recorded go output can be judged in unit tests.
 *
 * Order of judgement, so one cause is reported once: the machine (the race detector cannot run)
 * before the code; then build errors, races, panics and timeouts, each on its own line; then the
 * plain failures that none of those explain, which are the only ones worth rerunning.
 */
import path from 'node:path'
import { relativeInside } from '../files.js'
import { capText } from '../text.js'
import {
  plural,
  type CheckFinding,
  type PackageTestStatus,
  type PackageTests,
  type TestCase
} from '../findings.js'
import {
  failureLocation,
  firstRepoFrame,
  goroutineOfTest,
  parseCompilerErrors,
  parsePanic,
  parseRaces,
  parseTimeout,
  raceKey,
  type Frame,
  type PanicReport,
  type RaceAccess,
  type RaceReport,
  type RepoContext
} from '../go/diagnostics.js'
import { percent, type CoverageProfile } from '../go/coverprofile.js'
import { packageFiles, type GoPackage } from '../go/packages.js'
import { environmentFailure, type EnvironmentFailure } from '../go/testenv.js'
import { topLevelTest } from '../go/testfuncs.js'
import {
  buildIdPackage,
  type OutputLines,
  type PackageResult,
  type TestResult,
  type TestRun
} from '../go/testjson.js'

/** A place in the repository: a POSIX path relative to its root and a 1-based line. */
export interface Place {
  file: string
  line: number
  column?: number
}

export interface RepoPaths {
  /** Absolute repository root. */
  root: string
  goroot?: string
  gomodcache?: string
}

/** One module's test run, as the tests check gathered it. */
export interface TestModuleFacts {
  module: { relDir: string; path: string }
  /** What `go list -e -json` said about the packages the patterns match. */
  packages: GoPackage[]
  /** Declared test functions: import path -> test name -> its `func` line. */
  funcs: Map<string, Map<string, Place>>
  run: TestRun
  /** go's stderr (build errors of older go, go's own complaints), capped. */
  stderr: string
  exitCode: number | null
  /** The signal that ended go test, when it did not exit by itself. */
  signal?: string | null
  /** Why the gate stopped go test itself (its watchdog, its time limit), when it did. */
  stopped?: string
  /** The go test arguments, to say how to reproduce. */
  args: string[]
  coverage?: CoverageProfile
}

/** A test that failed for no reason the gate recognised: a candidate for a rerun. */
export interface TestFailure {
  package: string
  test: string
  place?: Place
  /** The failure message (the location's message), or the output's tail. */
  message: string
  /** Passed on rerun `flakyOn` (1-based). */
  flakyOn?: number
  /** Passes in source order, fails again when the shuffle seed's order is replayed. */
  orderDependent?: boolean
  /** Reruns done (alone, with -run). */
  reruns: number
}

export interface ModuleJudgement {
  /** Findings that need no rerun to be sure of: build errors, races, panics, timeouts. */
  findings: CheckFinding[]
  failures: TestFailure[]
  /** Why failed tests are not rerun: a rerun would only hide a real problem. */
  noRerun?: string
  /** package -> tests already explained by a finding (a race, a panic, a timeout). */
  explained: Map<string, Map<string, Place | undefined>>
}

const RACE_FIX =
  'guard the shared value with a sync.Mutex, use sync/atomic, or hand it over through a channel'

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
      failures.push(testFailure(test, info, facts, repo, lines))
    }
    if (
      pkg.status === 'fail' &&
      !failedNames.length &&
      pkg.failedBuild === undefined &&
      (done === undefined || done.size === 0) &&
      !packageHasRace(pkg.output)
    ) {
      findings.push(packageFailure(pkg.name, pkg.output, info, repo))
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

// ---------------------------------------------------------------------------------------------
// A run that did not end by itself, and packages that never reported

const FINAL_STATUSES = new Set(['pass', 'fail', 'skip'])
const LISTED_AT_MOST = 10

/** Packages go was asked to test (go list's) or started that never reported how they ended. */
function unreportedPackages(facts: TestModuleFacts): string[] {
  const names = new Set<string>()
  for (const pkg of facts.packages) {
    const result = facts.run.packages.get(pkg.ImportPath)
    if (result === undefined || !FINAL_STATUSES.has(result.status)) names.add(pkg.ImportPath)
  }
  for (const pkg of facts.run.packages.values()) {
    if (!FINAL_STATUSES.has(pkg.status)) names.add(pkg.name)
  }
  return [...names]
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_AT_MOST).join(', ')
  return names.length > LISTED_AT_MOST
    ? `${shown} and ${names.length - LISTED_AT_MOST} more`
    : shown
}

/** Tests that started and never ended, as `TestX (pkg)`. */
function runningTests(facts: TestModuleFacts): TestResult[] {
  const running: TestResult[] = []
  for (const pkg of facts.run.packages.values()) {
    for (const test of pkg.tests.values()) {
      if (test.status === 'running' || test.status === 'unfinished') running.push(test)
    }
  }
  return running
}

/** go test died by a signal or was stopped by the gate: one error saying what is known. */
function cutShortFinding(
  facts: TestModuleFacts,
  explain: (pkg: string, test: string, place: Place | undefined) => void
): CheckFinding | undefined {
  if (facts.stopped === undefined && facts.exitCode !== null) return undefined
  const how =
    facts.stopped !== undefined
      ? 'was stopped by the gate'
      : `was killed by ${facts.signal ?? 'a signal'}`
  const running = runningTests(facts)
  const anyTest = [...facts.run.packages.values()].some((p) => p.tests.size > 0)
  const when = !anyTest
    ? ' before any test ran'
    : running.length > 0
      ? ` while ${running.length === 1 ? (running[0] as TestResult).name : `${plural(running.length, 'test')}`} ${running.length === 1 ? 'was' : 'were'} running`
      : ''
  const only = running.length === 1 ? (running[0] as TestResult) : undefined
  const place = only ? facts.funcs.get(only.package)?.get(topLevelTest(only.name)) : undefined
  for (const test of running) {
    explain(test.package, test.name, test === only ? place : undefined)
  }
  const unreported = unreportedPackages(facts)
  const total = new Set([...facts.packages.map((p) => p.ImportPath), ...facts.run.packages.keys()])
  const lines = [
    `go ${facts.args.join(' ')} in ${facts.module.relDir} ` +
      (facts.stopped !== undefined ? `was stopped: ${facts.stopped}.` : 'did not exit by itself.'),
    unreported.length > 0
      ? `${unreported.length} of ${plural(total.size, 'package')} never reported a result: ${listNames(unreported)}.`
      : total.size === 0
        ? 'No package reported a result.'
        : 'Every package had reported, but go did not exit by itself.'
  ]
  if (running.length > 0) {
    lines.push(`Still running: ${listNames(running.map((t) => `${t.name} (${t.package})`))}.`)
  }
  lines.push(
    facts.stopped !== undefined
      ? 'The tests that did not finish cannot be judged, so the gate fails.'
      : 'Something outside go test sent the signal: the out-of-memory killer, a runner watchdog, a test that kills its parent process, or a wrapper around go. The tests that did not finish cannot be judged, so the gate fails.'
  )
  return {
    rule: 'tests/killed',
    severity: 'error',
    title: `go test ${how}${when}`,
    message: lines.join('\n'),
    ...place,
    fix:
      facts.stopped !== undefined
        ? `run go ${facts.args.join(' ')} in ${facts.module.relDir} and see where it stops; a module download through an unresponsive proxy or a deadlock outside any test are the usual causes`
        : `run the job again; if it recurs, find what kills go (the runner's kernel log names the out-of-memory killer) or run fewer packages at once (test-flags: -p 1)`
  }
}

function unreportedFinding(facts: TestModuleFacts, unreported: string[]): CheckFinding {
  const how = facts.exitCode === 0 ? 'exited 0' : `exited ${facts.exitCode ?? 'without a status'}`
  return {
    rule: 'tests/unreported',
    severity: 'error',
    title: `${plural(unreported.length, 'package')} never reported a test result`,
    message:
      `go ${facts.args.join(' ')} in ${facts.module.relDir} ${how}, but ${listNames(unreported)} ` +
      `never reported how ${unreported.length === 1 ? 'its tests' : 'their tests'} ended: they cannot count as passed.`,
    fix: `run go test ${unreported.slice(0, 3).join(' ')} to see what happens to ${unreported.length === 1 ? 'it' : 'them'}`
  }
}

/** The test whose output holds `line`: the one running when its binary died. */
function testShowing(pkg: PackageResult | undefined, line: string): TestResult | undefined {
  if (pkg === undefined) return undefined
  for (const test of pkg.tests.values()) {
    if (test.status !== 'fail' && test.status !== 'unfinished') continue
    if ((test.output?.lines() ?? []).some((l) => l.trim() === line)) return test
  }
  return undefined
}

function killedTestFinding(
  test: TestResult,
  pkg: string,
  facts: TestModuleFacts,
  place: Place | undefined
): CheckFinding {
  return {
    rule: 'tests/killed',
    severity: 'error',
    title: `${test.name} was killed (SIGKILL)`,
    message:
      `The test binary of ${pkg} was killed by SIGKILL while ${test.name} was running. ` +
      'Either the machine stopped it (the out-of-memory killer, when the job runs out of memory) ' +
      'or something the test runs sent the signal (a kill of its own process or process group). ' +
      'Tests of the package that had not run yet did not run.',
    ...place,
    fix: `run go test ${reproduceFlags(facts.args)}-run '${exactRunPattern(test.name)}' ${pkg} and watch its memory; if it kills its own process, stop that`
  }
}

// ---------------------------------------------------------------------------------------------
// Build errors

function buildFindings(facts: TestModuleFacts, repo: RepoPaths, stderr: string[]): CheckFinding[] {
  const findings: CheckFinding[] = []
  const seen = new Set<string>()
  const moduleDir = path.join(repo.root, facts.module.relDir)
  const add = (pkg: string, lines: string[], failed: boolean): void => {
    const errors = parseCompilerErrors(lines)
    for (const error of errors) {
      const place = placeOf(repo.root, moduleDir, error.file, error.line, error.column)
      const key = `${place?.file ?? error.file}:${error.line}:${error.column ?? ''}:${error.message}`
      if (seen.has(key)) continue
      seen.add(key)
      const isVet = lines.some((l) => /^# \[/.test(l) || l.startsWith('vet: '))
      findings.push({
        rule: 'tests/build',
        severity: 'error',
        title: `${pkg || facts.module.path} does not build: ${oneLine(error.message)}`,
        message: place
          ? error.message
          : `${error.file}:${error.line}${error.column ? `:${error.column}` : ''}: ${error.message}`,
        ...place,
        fix: isVet
          ? 'fix what go vet reports (go test runs a subset of vet); go vet ./... shows it locally'
          : 'fix the compile error; go vet ./... shows every one locally'
      })
    }
    if (errors.length === 0 && failed) {
      const text = lines.filter((l) => l.trim() !== '' && !l.startsWith('# ')).join('\n')
      const key = `${pkg}\n${text}`
      if (seen.has(key)) return
      seen.add(key)
      findings.push({
        rule: 'tests/build',
        severity: 'error',
        title: `${pkg || facts.module.path} does not build`,
        message: text || 'go reported a build failure without a message',
        fix: `run go vet ${pkg || './...'} to see the error`
      })
    }
  }
  for (const build of facts.run.builds.values()) {
    add(buildIdPackage(build.importPath), build.output.lines(), build.failed)
  }
  // Older go (and GODEBUG=gotestjsonbuildtext=1) print build errors on stderr.
  add('', stderr, false)
  // A package that failed to build with no build events at all (should not happen; say so).
  for (const pkg of facts.run.packages.values()) {
    if (
      pkg.failedBuild !== undefined &&
      !facts.run.builds.has(pkg.failedBuild) &&
      findings.length === 0
    ) {
      add(pkg.name, pkg.output?.lines() ?? [], true)
    }
  }
  return findings
}

// ---------------------------------------------------------------------------------------------
// Races

interface SeenRace {
  race: RaceReport
  package: string
  tests: string[]
}

function raceFindings(
  facts: TestModuleFacts,
  context: RepoContext,
  explain: (pkg: string, test: string, place: Place | undefined) => void
): CheckFinding[] {
  const seen = new Map<string, SeenRace>()
  const note = (pkg: string, test: string | undefined, lines: string[]): void => {
    for (const race of parseRaces(lines)) {
      const key = raceKey(race)
      const entry = seen.get(key) ?? { race, package: pkg, tests: [] }
      seen.set(key, entry)
      if (test !== undefined && !entry.tests.includes(test)) entry.tests.push(test)
    }
  }
  for (const pkg of facts.run.packages.values()) {
    for (const test of pkg.tests.values()) note(pkg.name, test.name, test.output?.lines() ?? [])
    note(pkg.name, undefined, pkg.output?.lines() ?? [])
  }
  const findings: CheckFinding[] = []
  for (const { race, package: pkg, tests } of seen.values()) {
    const frame =
      firstRepoFrame(race.current.frames, context) ??
      firstRepoFrame(race.previous?.frames ?? [], context)
    const place = frame ? { file: frame.relative, line: frame.line } : undefined
    for (const test of tests) explain(pkg, test, place)
    const where =
      tests.length === 0
        ? `${pkg} (TestMain or after the tests)`
        : tests.length === 1
          ? tests[0]
          : `${tests[0]} and ${plural(tests.length - 1, 'more test')}`
    const first = tests[0]
    findings.push({
      rule: 'tests/race',
      severity: 'error',
      title: `Data race in ${where}`,
      message: describeRace(race, context),
      ...place,
      fix:
        RACE_FIX +
        (first !== undefined
          ? `; reproduce with go test -race -run '${exactRunPattern(first)}' ${pkg}`
          : '')
    })
  }
  return findings
}

function describeRace(race: RaceReport, context: RepoContext): string {
  const lines: string[] = []
  const access = (label: string, a: RaceAccess): void => {
    const kind = `${a.atomic ? 'atomic ' : ''}${a.kind}`
    const by = a.goroutine === 1 ? 'the main goroutine' : `goroutine ${a.goroutine ?? '?'}`
    lines.push(`${label}${label ? ' ' : ''}${label ? kind : capitalise(kind)} by ${by}:`)
    lines.push(...frameLines(a.frames, context))
  }
  access('', race.current)
  if (race.previous) access('Previous', race.previous)
  for (const creation of race.creations) {
    lines.push(`Goroutine ${creation.goroutine} (${creation.state}) created at:`)
    lines.push(...frameLines(creation.frames, context))
  }
  if (race.location) lines.push(race.location)
  return lines.join('\n')
}

/** Frames inside the repository, `  function  file:line`; the top frame when none is. */
function frameLines(frames: readonly Frame[], context: RepoContext): string[] {
  const shown: string[] = []
  let skipped = 0
  for (const frame of frames) {
    const relative = firstRepoFrame([frame], context)?.relative
    if (relative === undefined) {
      skipped++
      continue
    }
    shown.push(`  ${shortFunction(frame.function)}  ${relative}:${frame.line}`)
  }
  if (shown.length === 0 && frames[0] !== undefined) {
    const top = frames[0]
    return [`  ${shortFunction(top.function)}  ${top.file}:${top.line} (outside the repository)`]
  }
  if (skipped > 0 && shown.length > 0)
    shown.push(`  (${plural(skipped, 'frame')} outside the repository hidden)`)
  return shown
}

/** `example.com/m/stats.(*Counter).Inc` -> `stats.(*Counter).Inc`. */
function shortFunction(name: string): string {
  const slash = name.lastIndexOf(
    '/',
    name.indexOf('.') === -1 ? name.length : name.search(/\.[^/]*$/)
  )
  return slash === -1 ? name : name.slice(slash + 1)
}

function packageHasRace(output: OutputLines | undefined): boolean {
  return output !== undefined && parseRaces(output.lines()).length > 0
}

/** The test failed only because the race detector saw a race during it. */
function isOnlyRaceFailure(lines: readonly string[]): boolean {
  if (!lines.some((l) => l.includes('race detected during execution of test'))) return false
  return failureLocation(lines) === undefined
}

// ---------------------------------------------------------------------------------------------
// Results go test -json lost

/** Tests whose result go read only from their `--- PASS` line (see LostFinalEvent). */
function lostEventFindings(facts: TestModuleFacts): CheckFinding[] {
  const findings: CheckFinding[] = []
  for (const pkg of facts.run.packages.values()) {
    for (const lost of pkg.lostFinalEvents) {
      const printed = `${lost.unterminated.toLocaleString('en-US')} characters without a newline`
      const ended = { pass: 'passed', fail: 'failed', skip: 'was skipped' }[lost.status]
      findings.push({
        rule: 'tests/lost-result',
        severity: 'warning',
        title: `${lost.test} printed ${printed}: go test -json lost its result`,
        message:
          `${lost.test} ${ended}, but go test -json sent no ${lost.status} event for it: the test printed ${printed} ` +
          `just before its \`--- ${lost.status.toUpperCase()}\` line, and test2json, which reads test output 4 KiB at a time, ` +
          'took that line for more output because the text before it filled those 4 KiB exactly. ' +
          'The gate read the result from the line itself; a tool reading the JSON alone sees the test as unfinished.',
        ...facts.funcs.get(pkg.name)?.get(topLevelTest(lost.test)),
        fix: 'end what the test prints with a newline, or print less (t.Log keeps output with its test)'
      })
    }
  }
  return findings
}

// ---------------------------------------------------------------------------------------------
// Panics and timeouts

function panicFindings(
  facts: TestModuleFacts,
  context: RepoContext,
  explain: (pkg: string, test: string, place: Place | undefined) => void,
  stopped: ReadonlyMap<string, unknown>
): { findings: CheckFinding[]; panics: number; timeouts: number } {
  const findings: CheckFinding[] = []
  let panics = 0
  let timeouts = 0
  for (const pkg of facts.run.packages.values()) {
    if (pkg.status === 'pass' || pkg.status === 'skip' || stopped.has(pkg.name)) continue
    const sources: Array<{ test?: TestResult; lines: string[] }> = [
      ...[...pkg.tests.values()]
        .filter((t) => t.status === 'fail' || t.status === 'unfinished')
        .map((t) => ({ test: t, lines: t.output?.lines() ?? [] })),
      { lines: pkg.output?.lines() ?? [] }
    ]
    const unfinished = [...pkg.tests.values()].filter((t) => t.status === 'unfinished')
    for (const { test, lines } of sources) {
      const timeout = parseTimeout(lines)
      if (timeout !== undefined) {
        timeouts++
        for (const stuck of timeout.running) {
          const place = facts.funcs.get(pkg.name)?.get(topLevelTest(stuck.name))
          explain(pkg.name, stuck.name, place)
          const goroutine = goroutineOfTest(timeout.goroutines, stuck.name)
          const blocked = goroutine ? firstRepoFrame(goroutine.frames, context) : undefined
          findings.push({
            rule: 'tests/timeout',
            severity: 'error',
            title: `${stuck.name} timed out`,
            message:
              `Still running after ${stuck.duration} when the test binary hit -timeout ${timeout.after}.` +
              (blocked
                ? `\nBlocked at ${blocked.relative}:${blocked.line} in ${shortFunction(blocked.function)}` +
                  (goroutine ? ` (${goroutine.state})` : '')
                : ''),
            ...place,
            fix: 'make the test finish (a missing close, send or cancel is the usual cause), or raise the timeout input'
          })
        }
        // Every test of a timed-out binary that did not end was stopped by it.
        for (const t of unfinished)
          explain(pkg.name, t.name, facts.funcs.get(pkg.name)?.get(topLevelTest(t.name)))
        break
      }
      const panic = parsePanic(lines)
      if (panic === undefined) continue
      panics++
      findings.push(panicFinding(panic, pkg.name, test, unfinished, facts, context, explain))
      break
    }
  }
  return { findings, panics, timeouts }
}

function panicFinding(
  panic: PanicReport,
  pkg: string,
  test: TestResult | undefined,
  unfinished: TestResult[],
  facts: TestModuleFacts,
  context: RepoContext,
  explain: (pkg: string, test: string, place: Place | undefined) => void
): CheckFinding {
  const goroutine = panic.goroutine
  const frame = goroutine ? firstRepoFrame(goroutine.frames, context) : undefined
  const owner =
    test?.name ??
    (goroutine ? goroutineOfTestName(goroutine.frames, pkg, facts) : undefined) ??
    unfinished[0]?.name
  const place: Place | undefined = frame
    ? { file: frame.relative, line: frame.line }
    : owner !== undefined
      ? facts.funcs.get(pkg)?.get(topLevelTest(owner))
      : undefined
  if (owner !== undefined) explain(pkg, owner, place)
  for (const t of unfinished) explain(pkg, t.name, place)
  const firstLine = panic.value ?? panic.message.split('\n')[0] ?? ''
  const lines = [`${panic.kind}: ${panic.message}`]
  if (goroutine) {
    lines.push(`goroutine ${goroutine.id} [${goroutine.state}]:`)
    lines.push(...frameLines(goroutine.frames, context))
    if (goroutine.createdBy) {
      const created = firstRepoFrame([goroutine.createdBy], context)
      lines.push(
        `created by ${shortFunction(goroutine.createdBy.function)}` +
          (created ? `  ${created.relative}:${created.line}` : '')
      )
    }
  }
  const notFinished = unfinished.map((t) => t.name).filter((n) => n !== owner)
  if (notFinished.length > 0) {
    lines.push(`The test binary died: ${notFinished.join(', ')} never finished.`)
  }
  return {
    rule: 'tests/panic',
    severity: 'error',
    title: `${owner ?? pkg} panicked: ${oneLine(firstLine)}`,
    message: lines.join('\n'),
    ...place,
    fix:
      goroutine?.createdBy !== undefined
        ? 'a panic in a goroutine kills the whole test binary: fix its cause, or recover in the goroutine and report through the test'
        : 'fix the cause of the panic; run the test alone with go test -run to see it'
  }
}

/** The test whose function is on the goroutine's stack, among the package's declared tests. */
function goroutineOfTestName(
  frames: readonly Frame[],
  pkg: string,
  facts: TestModuleFacts
): string | undefined {
  const declared = facts.funcs.get(pkg)
  if (declared === undefined) return undefined
  for (const name of declared.keys()) {
    if (goroutineOfTest([{ id: 0, state: '', frames: [...frames] }], name)) return name
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Plain failures

function testFailure(
  test: TestResult,
  info: GoPackage | undefined,
  facts: TestModuleFacts,
  repo: RepoPaths,
  lines: string[]
): TestFailure {
  const pkgDir = info?.Dir !== undefined ? relativeInside(repo.root, info.Dir) : undefined
  const location =
    info !== undefined && pkgDir !== undefined
      ? failureLocation(lines, { packageDir: pkgDir, packageFiles: packageFiles(info) })
      : undefined
  const place: Place | undefined =
    location?.path !== undefined
      ? { file: location.path, line: location.line }
      : facts.funcs.get(test.package)?.get(topLevelTest(test.name))
  const message =
    location?.message ??
    (test.status === 'unfinished'
      ? `${test.name} started but never finished: the test binary exited while it ran (os.Exit, or a crash).`
      : tail(withoutFraming(lines), 20) ||
        `${test.name} failed without a message (t.Fail or t.FailNow).`)
  // A test's output line may be half a MiB: a finding says what failed, the report keeps the rest.
  const failure: TestFailure = {
    package: test.package,
    test: test.name,
    message: capText(message, MAX_FAILURE_MESSAGE),
    reruns: 0
  }
  if (place !== undefined) failure.place = place
  return failure
}

function packageFailure(
  pkg: string,
  output: OutputLines | undefined,
  info: GoPackage | undefined,
  repo: RepoPaths
): CheckFinding {
  const text = tail(withoutFraming(output?.lines() ?? []), 20)
  const finding: CheckFinding = {
    rule: 'tests/package-failed',
    severity: 'error',
    title: `${pkg} failed outside any test`,
    message: text || 'The test binary failed without a test failing (TestMain, init, or os.Exit).',
    fix: `run go test ${pkg} to see it; check TestMain and init functions`
  }
  if (info?.Dir !== undefined) {
    const dir = relativeInside(repo.root, info.Dir)
    const file = [...(info.TestGoFiles ?? []), ...(info.XTestGoFiles ?? [])][0]
    if (file !== undefined && dir !== undefined) {
      finding.file = joinPosix(dir, file)
      finding.line = 1
    }
  }
  return finding
}

// ---------------------------------------------------------------------------------------------
// Reruns

/** The tests to run again, by package: top-level names (a subtest reruns with its parent). */
export function rerunPlan(failures: readonly TestFailure[]): Map<string, string[]> {
  const plan = new Map<string, string[]>()
  for (const f of failures) {
    if (f.flakyOn !== undefined) continue
    const tests = plan.get(f.package) ?? []
    plan.set(f.package, tests)
    const top = topLevelTest(f.test)
    if (!tests.includes(top)) tests.push(top)
  }
  return plan
}

/** `-run` pattern matching exactly these top-level tests. */
export function runPattern(tests: readonly string[]): string {
  const names = tests.map((t) => escapeRegExp(topLevelTest(t)))
  return names.length === 1 ? `^${names[0]}$` : `^(${names.join('|')})$`
}

/** `-run` pattern for exactly this test or subtest: go matches one pattern per `/` level. */
export function exactRunPattern(test: string): string {
  return test
    .split('/')
    .map((part) => `^${escapeRegExp(part)}$`)
    .join('/')
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')
}

/** Marks the failures that passed in this rerun (1-based round) as flaky. */
export function applyRerun(failures: TestFailure[], rerun: TestRun, round: number): void {
  for (const f of failures) {
    if (f.flakyOn !== undefined) continue
    const result = rerun.packages.get(f.package)?.tests.get(f.test)
    f.reruns = round
    if (result?.status === 'pass') f.flakyOn = round
  }
}

/** Findings for the failures after the reruns: errors, or flaky warnings. */
export function failureFindings(
  failures: readonly TestFailure[],
  args: readonly string[]
): CheckFinding[] {
  return failures.map((f) => {
    const reproduce = `go test ${reproduceFlags(args)}-run '${exactRunPattern(f.test)}' ${f.package}`
    if (f.flakyOn !== undefined && f.orderDependent !== true) {
      return {
        rule: 'tests/flaky',
        severity: 'warning',
        title: `${f.test} is flaky`,
        message: `Failed, then passed on rerun ${f.flakyOn} of ${f.reruns}:\n${f.message}`,
        ...f.place,
        fix: `make the test deterministic (timing, shared state, map order); try ${reproduce.replace('-run', '-count=20 -run')}`
      }
    }
    return {
      rule: 'tests/failed',
      severity: 'error',
      title: `${f.test} failed`,
      message:
        f.orderDependent === true
          ? `${f.message}\nIt passes in source order and fails again in this shuffled order: it depends on the order tests run in (state another test sets, or leaves behind).`
          : f.reruns > 0
            ? `${f.message}\n(failed again on ${plural(f.reruns, 'rerun')})`
            : f.message,
      ...f.place,
      fix: `reproduce with ${reproduce}`
    }
  })
}

/** The flags of the run worth repeating to reproduce: race, tags, shuffle. */
function reproduceFlags(args: readonly string[]): string {
  const keep = args.filter(
    (a) => a === '-race' || a.startsWith('-tags=') || a.startsWith('-shuffle=')
  )
  return keep.length > 0 ? `${keep.join(' ')} ` : ''
}

// ---------------------------------------------------------------------------------------------
// Results for the report

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

// ---------------------------------------------------------------------------------------------
// Helpers

const MAX_EXCERPT = 16 * 1024
const MAX_FAILURE_MESSAGE = 8 * 1024

/** A failing test's output for the report: framing lines dropped, head and tail when long. */
function excerpt(output: OutputLines): string {
  const lines = output.lines()
  let text = withoutFraming(lines).join('\n')
  if (output.droppedLines > 0)
    text = `${text}\n… ${output.droppedChars} characters of output dropped …`
  if (text.length <= MAX_EXCERPT) return text
  const head = text.slice(0, MAX_EXCERPT / 4)
  const tailText = text.slice(text.length - (MAX_EXCERPT * 3) / 4)
  return `${head}\n… ${text.length - head.length - tailText.length} characters cut …\n${tailText}`
}

/** Output without test2json's `=== RUN`/`--- FAIL` framing lines. */
function withoutFraming(lines: readonly string[]): string[] {
  return lines.filter(
    (l) =>
      !/^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):)\s/.test(l) &&
      !/^(PASS|FAIL)$/.test(l) &&
      !/^(FAIL|ok)\s+\S+\s/.test(l)
  )
}

function tail(lines: readonly string[], count: number): string {
  return lines
    .filter((l) => l.trim() !== '')
    .slice(-count)
    .join('\n')
}

/** The names of a package's failed and unfinished tests, sorted (for failedUnder). */
function failedTestNames(pkg: PackageResult): string[] {
  return [...pkg.tests.values()]
    .filter((t) => t.status === 'fail' || t.status === 'unfinished')
    .map((t) => t.name)
    .sort()
}

/**
 * The failed subtests of `name`, at any depth, among the sorted failed names: found by binary
 * search, as a filter over every failed name for every test was quadratic (8,000 failing tests
 * took seconds).
 */
function failedUnder(sortedNames: readonly string[], name: string): readonly string[] {
  const prefix = `${name}/`
  let low = 0
  let high = sortedNames.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((sortedNames[mid] as string) < prefix) low = mid + 1
    else high = mid
  }
  let end = low
  while (end < sortedNames.length && (sortedNames[end] as string).startsWith(prefix)) end++
  return sortedNames.slice(low, end)
}

/** A package's own output and its tests' outputs. */
function packageLines(pkg: PackageResult): string[] {
  const lines = [...(pkg.output?.lines() ?? [])]
  for (const test of pkg.tests.values()) lines.push(...(test.output?.lines() ?? []))
  return lines
}

function machineFinding(failure: EnvironmentFailure, what: string): CheckFinding {
  return {
    rule: 'tests/cannot-run',
    severity: 'error',
    title: `Tests cannot run here: ${failure.cause}`,
    message: `${failure.evidence}\nThis is the machine, not the code: the results of ${what} cannot be trusted, and no test is blamed.`,
    fix: failure.fix
  }
}

function goStderr(lines: readonly string[]): string {
  return lines
    .filter((l) => l.trim() !== '')
    .slice(0, 10)
    .join('\n')
}

/** A compiler's file (relative to go's working directory, or absolute) as a repository place. */
function placeOf(
  root: string,
  cwd: string,
  file: string,
  line: number,
  column: number | undefined
): Place | undefined {
  const relative = relativeInside(root, path.resolve(cwd, file))
  if (relative === undefined || relative === '.') return undefined
  const place: Place = { file: relative, line }
  if (column !== undefined) place.column = column
  return place
}

function joinPosix(dir: string, file: string): string {
  return dir === '.' || dir === '' ? file : `${dir}/${file}`
}

function oneLine(text: string): string {
  const first = text.split('\n')[0] ?? ''
  return first.length > 120 ? `${first.slice(0, 117)}...` : first
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
