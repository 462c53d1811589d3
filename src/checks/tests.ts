/**
 * tests: `go test -race -json -count=1` in each module, read as it streams, every failure placed
 * on the line that caused it (see testresults.ts for the judging). Failed tests that no build
 * error, race, panic or timeout explains are run again, alone, up to rerun-failed times: one that
 * then passes is flaky, a warning. Under a shuffle seed, a test that passes alone is run once more
 * in the seed's order: failing again there, it depends on another test, an error.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Config } from '../config.js'
import { plural, type CheckFinding, type PackageTests, type TestsReport } from '../findings.js'
import { goDurationMs, formatGoDuration as formatDuration } from '../go/duration.js'
import { addCoverage, parseCoverProfile, percent, type Coverage } from '../go/coverprofile.js'
import type { GoModule } from '../go/modules.js'
import { listPackages, type GoPackage } from '../go/packages.js'
import { raceUnavailableReason } from '../go/testenv.js'
import { findTestFuncs } from '../go/testfuncs.js'
import { TestEventReader, TestRun, isNonJson, type TestEvent } from '../go/testjson.js'
import { readIfFile, relativeInside } from '../files.js'
import { runnableModules, nothingToRun, describeSkipped } from './scope.js'
import {
  applyRerun,
  failureFindings,
  judgeTestRun,
  packageResults,
  runPattern,
  type Place,
  type RepoPaths,
  type TestFailure,
  type TestModuleFacts
} from './testresults.js'
import type { Check, CheckContext, CheckOutcome } from './types.js'

/** go's own -timeout bounds each test binary; this only stops a gate that hangs outright. */
const CHECK_TIMEOUT_MS = 6 * 60 * 60_000
const MAX_STDERR = 256 * 1024
/**
 * go test that prints nothing for its -timeout plus this long is stuck: go itself stops a test
 * binary at -timeout + 1 min, so the silence is outside any test (a module download through a
 * proxy that never answers, a hung compiler). See quietLimitMs.
 */
export const QUIET_MARGIN_MS = 10 * 60_000
const QUIET_CHECK_EVERY_MS = 5000
/** go list of a large repository takes seconds even with every module cached. */
const MIN_LIST_TIMEOUT_MS = 60_000

export interface TestsCheckOptions {
  /** How long past its -timeout go test may print nothing (tests make it cost seconds). */
  quietMarginMs?: number
}

interface TestsSettings {
  quietMarginMs: number
}

/** The check with its watchdog's margin; a factory so tests can make a stuck go cost seconds. */
export function createTestsCheck(options: TestsCheckOptions = {}): Check {
  const settings: TestsSettings = { quietMarginMs: options.quietMarginMs ?? QUIET_MARGIN_MS }
  return {
    name: 'tests',
    stage: 2,
    timeoutMs: CHECK_TIMEOUT_MS,
    run: (context) => runTests(context, settings)
  }
}

export const testsCheck: Check = createTestsCheck()

async function runTests(context: CheckContext, settings: TestsSettings): Promise<CheckOutcome> {
  const { modules, skipped } = runnableModules(context)
  if (modules.length === 0) return nothingToRun(skipped)
  const { config } = context
  const findings: CheckFinding[] = []

  let race = config.race
  if (race) {
    const reason = raceUnavailableReason(context.effectiveGoEnv, context.processEnv.PATH)
    if (reason !== undefined) {
      race = false
      findings.push({
        rule: 'tests/race-unavailable',
        severity: 'error',
        title: 'Race detector unavailable: the tests ran without -race',
        message: `${reason}. The tests ran without the race detector, so data races went unseen.`,
        fix: 'install a C compiler (e.g. apt-get install gcc) and set CGO_ENABLED=1, or set race: false to accept tests without it'
      })
    }
  }
  const seed = shuffleSeed(config.shuffle)
  if (seed !== undefined) {
    context.progress(`shuffle seed ${seed}: replay this order with shuffle: ${seed}`)
  }
  const args = testArgs(config, race, seed)
  const repo: RepoPaths = {
    root: config.root,
    goroot: context.effectiveGoEnv.GOROOT,
    gomodcache: context.effectiveGoEnv.GOMODCACHE
  }

  const temp = config.coverage ? fs.mkdtempSync(path.join(os.tmpdir(), 'go-ci-gate-cover-')) : ''
  const packages: PackageTests[] = []
  let coverage: Coverage = { statements: 0, covered: 0 }
  try {
    for (const [index, module] of modules.entries()) {
      const profile = config.coverage ? path.join(temp, `${index}.out`) : undefined
      const moduleArgs = profile ? [...args, `-coverprofile=${profile}`] : args
      const facts = await testModule(context, settings, module, moduleArgs)
      if (profile !== undefined) {
        const text = readIfFile(profile)
        if (text !== undefined) {
          facts.coverage = parseCoverProfile(text)
          coverage = addCoverage(coverage, facts.coverage.total)
        }
      }
      const judgement = judgeTestRun(facts, repo)
      findings.push(...judgement.findings)
      if (judgement.failures.length > 0) {
        if (judgement.noRerun !== undefined) {
          context.log(`${module.relDir}: failed tests not rerun: the run had ${judgement.noRerun}`)
        } else {
          await rerunFailures(context, settings, module, args, judgement.failures, seed)
        }
      }
      findings.push(...failureFindings(judgement.failures, args))
      packages.push(...packageResults(facts, judgement, repo))
    }
  } finally {
    if (temp !== '') fs.rmSync(temp, { recursive: true, force: true })
  }

  const report: TestsReport = { args, race, reruns: config.rerunFailed, packages }
  if (seed !== undefined) report.shuffleSeed = seed
  if (config.coverage) {
    report.coverage = percent(coverage)
    if (config.coverageThreshold !== undefined) {
      report.coverageThreshold = config.coverageThreshold
      if (report.coverage < config.coverageThreshold) {
        findings.push({
          rule: 'tests/coverage',
          severity: 'error',
          title: `Coverage ${report.coverage}% is below the threshold of ${config.coverageThreshold}%`,
          message: `${coverage.covered} of ${coverage.statements} statements ran in the tests.`,
          fix: 'add tests for the uncovered code (go tool cover -html shows it), or lower coverage-threshold'
        })
      }
    }
  }
  const summary = [describeTests(packages, report), describeSkipped(skipped)]
    .filter((s) => s !== '')
    .join('; ')
  return { findings, summary, tests: report }
}

/** The seed go shuffles with: the one given, or one picked now and printed, or none. */
export function shuffleSeed(shuffle: Config['shuffle'], now = Date.now()): number | undefined {
  if (shuffle === 'off') return undefined
  return shuffle === 'on' ? now : shuffle
}

/** go test's arguments before the coverage profile: the same in every module. */
export function testArgs(config: Config, race: boolean, seed: number | undefined): string[] {
  const args = ['test', '-json', '-count=1']
  if (race) args.push('-race')
  args.push(`-timeout=${config.testTimeout}`)
  if (config.tags !== undefined) args.push(`-tags=${config.tags}`)
  if (seed !== undefined) args.push(`-shuffle=${seed}`)
  return args
}

async function testModule(
  context: CheckContext,
  settings: TestsSettings,
  module: GoModule,
  args: string[]
): Promise<TestModuleFacts> {
  const { config } = context
  const packages = await listPackages(
    context.go,
    module.dir,
    config.packages,
    config.tags,
    Math.max(config.downloadTimeoutMs, MIN_LIST_TIMEOUT_MS)
  )
  const funcs = declaredTests(packages, config.root)
  const argv = goTestArgv(args, config.packages, config.testFlags)
  context.progress(`go ${argv.join(' ')} (in ${module.relDir})`)
  const streamed = await streamTests(context, settings, module.dir, argv, true)
  return {
    module: { relDir: module.relDir, path: module.json?.Module.Path ?? module.relDir },
    packages,
    funcs,
    run: streamed.run,
    stderr: streamed.stderr,
    exitCode: streamed.exitCode,
    signal: streamed.signal,
    stopped: streamed.stopped,
    args: argv
  }
}

/** How long go test may print nothing before the gate stops it; undefined with timeout 0. */
export function quietLimitMs(testTimeout: string, marginMs = QUIET_MARGIN_MS): number | undefined {
  const timeoutMs = goDurationMs(testTimeout)
  return timeoutMs === 0 ? undefined : timeoutMs + marginMs
}

/** go test's argv: our flags, the packages, then the user's flags (after packages, as go allows). */
export function goTestArgv(
  args: string[],
  packages: string[],
  testFlags: string[],
  run?: string
): string[] {
  const extra = [...testFlags]
  if (run !== undefined) {
    // -run goes after the user's flags (the last one wins) but before -args (the binary's).
    const at = extra.findIndex((w) => w === '-args' || w === '--args')
    extra.splice(at === -1 ? extra.length : at, 0, `-run=${run}`)
  }
  return [...args, ...packages, ...extra]
}

interface StreamedTests {
  run: TestRun
  stderr: string
  exitCode: number | null
  signal: string | null
  /** Why the gate stopped go test, when it did. */
  stopped?: string
}

/**
 * Runs go test, feeding its stdout through the test2json reader as it arrives. A go test that
 * stays silent past quietLimitMs is stopped and said to be, never taken for finished.
 */
async function streamTests(
  context: CheckContext,
  settings: TestsSettings,
  cwd: string,
  argv: string[],
  announce: boolean
): Promise<StreamedTests> {
  const reader = new TestEventReader()
  const run = new TestRun()
  let stderr = ''
  const take = (items: ReturnType<TestEventReader['push']>): void => {
    for (const item of items) {
      run.add(item)
      if (announce && !isNonJson(item)) announcePackage(context, item)
    }
  }
  const quietMs = quietLimitMs(context.config.testTimeout, settings.quietMarginMs)
  const watchdog = new AbortController()
  let lastOutput = Date.now()
  const watch =
    quietMs === undefined
      ? undefined
      : setInterval(
          () => {
            if (Date.now() - lastOutput >= quietMs) watchdog.abort()
          },
          Math.min(QUIET_CHECK_EVERY_MS, quietMs)
        )
  watch?.unref()
  let result
  try {
    result = await context.go.run(argv, {
      cwd,
      timeoutMs: CHECK_TIMEOUT_MS,
      keepOutput: false,
      signal: watchdog.signal,
      onStdout: (chunk) => {
        lastOutput = Date.now()
        take(reader.push(chunk))
      },
      onStderr: (chunk) => {
        lastOutput = Date.now()
        if (stderr.length < MAX_STDERR) stderr += chunk.slice(0, MAX_STDERR - stderr.length)
      }
    })
  } finally {
    clearInterval(watch)
  }
  take(reader.end())
  run.finish()
  const streamed: StreamedTests = {
    run,
    stderr,
    exitCode: result.exitCode,
    signal: result.signal
  }
  if (watchdog.signal.aborted && quietMs !== undefined) {
    streamed.stopped = `it printed nothing for ${formatDuration(quietMs)} (timeout ${context.config.testTimeout} + ${formatDuration(settings.quietMarginMs)})`
  } else if (result.timedOut) {
    streamed.stopped = `it did not finish within ${formatDuration(CHECK_TIMEOUT_MS)}`
  }
  return streamed
}

/** One log line per finished package, like go test's own `ok`/`FAIL` lines. */
function announcePackage(context: CheckContext, event: TestEvent): void {
  if (event.Test !== undefined || event.Package === undefined) return
  const seconds = typeof event.Elapsed === 'number' ? ` ${event.Elapsed.toFixed(2)}s` : ''
  if (event.Action === 'pass') context.progress(`ok   ${event.Package}${seconds}`)
  else if (event.Action === 'fail') context.progress(`FAIL ${event.Package}${seconds}`)
}

/** Reruns the failed tests alone, round by round, until they pass or the rounds run out. */
async function rerunFailures(
  context: CheckContext,
  settings: TestsSettings,
  module: GoModule,
  args: string[],
  failures: TestFailure[],
  seed: number | undefined
): Promise<void> {
  // Alone, without the shuffle: the question is whether the test passes at all.
  const rerunArgs = args.filter((a) => !a.startsWith('-shuffle='))
  for (let round = 1; round <= context.config.rerunFailed; round++) {
    const pending = failures.filter((f) => f.flakyOn === undefined)
    if (pending.length === 0) break
    const byPackage = groupByPackage(pending)
    for (const [pkg, tests] of byPackage) {
      const argv = goTestArgv(rerunArgs, [pkg], context.config.testFlags, runPattern(tests))
      context.log(`rerun ${round}: go ${argv.join(' ')}`)
      const { run } = await streamTests(context, settings, module.dir, argv, false)
      applyRerun(
        failures.filter((f) => f.package === pkg),
        run,
        round
      )
    }
  }
  if (seed !== undefined) {
    await checkOrderDependence(context, settings, module, args, failures, seed)
  }
}

/**
 * Under a shuffle seed, a failure may be the order's doing: a test that passes in source order
 * and fails again when the seed's order is replayed depends on what other tests leave behind.
 */
async function checkOrderDependence(
  context: CheckContext,
  settings: TestsSettings,
  module: GoModule,
  args: string[],
  failures: TestFailure[],
  seed: number
): Promise<void> {
  const inSourceOrder = args.filter((a) => !a.startsWith('-shuffle='))
  for (const pkg of groupByPackage(failures).keys()) {
    const mine = failures.filter((f) => f.package === pkg)
    let argv = goTestArgv(inSourceOrder, [pkg], context.config.testFlags)
    context.log(`order check, source order: go ${argv.join(' ')}`)
    const source = (await streamTests(context, settings, module.dir, argv, false)).run
    const passInOrder = mine.filter(
      (f) => source.packages.get(pkg)?.tests.get(f.test)?.status === 'pass'
    )
    if (passInOrder.length === 0) continue
    argv = goTestArgv(args, [pkg], context.config.testFlags)
    context.log(`order check, shuffle seed ${seed} again: go ${argv.join(' ')}`)
    const replay = (await streamTests(context, settings, module.dir, argv, false)).run
    for (const f of passInOrder) {
      if (replay.packages.get(pkg)?.tests.get(f.test)?.status === 'fail') f.orderDependent = true
    }
  }
}

function groupByPackage(failures: readonly TestFailure[]): Map<string, string[]> {
  const groups = new Map<string, string[]>()
  for (const f of failures) {
    const tests = groups.get(f.package) ?? []
    groups.set(f.package, tests)
    if (!tests.includes(f.test)) tests.push(f.test)
  }
  return groups
}

/** `func TestX(` lines of every test file of the packages, as repository places. */
function declaredTests(packages: GoPackage[], root: string): Map<string, Map<string, Place>> {
  const funcs = new Map<string, Map<string, Place>>()
  for (const pkg of packages) {
    if (pkg.Dir === undefined) continue
    const places = new Map<string, Place>()
    for (const name of [...(pkg.TestGoFiles ?? []), ...(pkg.XTestGoFiles ?? [])]) {
      const file = path.join(pkg.Dir, name)
      const relative = relativeInside(root, file)
      const source = relative === undefined ? undefined : readIfFile(file)
      if (relative === undefined || source === undefined) continue
      for (const [test, line] of findTestFuncs(source)) {
        if (!places.has(test)) places.set(test, { file: relative, line })
      }
    }
    funcs.set(pkg.ImportPath, places)
  }
  return funcs
}

/** "41 passed, 2 failed, 1 flaky, 3 skipped in 12 packages (race, shuffle 1712)". */
function describeTests(packages: PackageTests[], report: TestsReport): string {
  let passed = 0
  let failed = 0
  let flaky = 0
  let skipped = 0
  for (const pkg of packages) {
    for (const test of pkg.tests) {
      if (test.flaky === true) flaky++
      else if (test.status === 'pass') passed++
      else if (test.status === 'skip') skipped++
      else failed++
    }
  }
  const parts = [`${passed} passed`]
  if (failed > 0) parts.push(`${failed} failed`)
  if (flaky > 0) parts.push(`${flaky} flaky`)
  if (skipped > 0) parts.push(`${skipped} skipped`)
  const notes = [report.race ? 'race' : 'no race']
  if (report.shuffleSeed !== undefined) notes.push(`shuffle ${report.shuffleSeed}`)
  if (report.coverage !== undefined) notes.push(`coverage ${report.coverage}%`)
  return `${parts.join(', ')} in ${plural(packages.length, 'package')} (${notes.join(', ')})`
}
