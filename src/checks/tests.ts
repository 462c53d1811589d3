/**
 * tests: `go test -race -json -count=1` in each module, read as it streams, every failure placed
 * on the line that caused it (testresults.ts judges, teststream.ts runs go test). Failed tests
 * that no build error, race, panic or timeout explains are run again, alone, up to rerun-failed
 * times: one that then passes is flaky, a warning. Under a shuffle seed, a test that passes alone
 * is run once more in the seed's order: failing again there, it depends on another test, an
 * error (testreruns.ts).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Config } from '../config.js'
import { plural, type CheckFinding, type PackageTests, type TestsReport } from '../findings.js'
import { addCoverage, parseCoverProfile, percent, type Coverage } from '../go/coverprofile.js'
import type { GoModule } from '../go/modules.js'
import { listPackages, type GoPackage } from '../go/packages.js'
import { raceUnavailableReason } from '../go/testenv.js'
import { findTestFuncs } from '../go/testfuncs.js'
import { readIfFile, relativeInside } from '../files.js'
import { runnableModules, nothingToRun, describeSkipped } from './scope.js'
import { judgeTestRun } from './testresults.js'
import { failureFindings } from './tests/reruns.js'
import { packageResults } from './tests/results.js'
import { type Place, type RepoPaths, type TestModuleFacts } from './tests/facts.js'
import { describeLeft, planTests, type ModuleListing, type ModuleRun } from './testplan.js'
import { rerunFailures } from './testreruns.js'
import { testsSummaryLine } from './tests/summaryline.js'
import { shardRuns, testPackages } from './testshard.js'
import {
  CHECK_TIMEOUT_MS,
  QUIET_MARGIN_MS,
  goTestArgv,
  streamTests,
  type TestsSettings
} from './teststream.js'
import type { Check, CheckContext, CheckOutcome } from './types.js'

/** go list of a large repository takes seconds even with every module cached. */
const MIN_LIST_TIMEOUT_MS = 60_000

export interface TestsCheckOptions {
  /** How long past its -timeout go test may print nothing (tests make it cost seconds). */
  quietMarginMs?: number
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
  const runnable = runnableModules(context)
  if (runnable.modules.length === 0) return nothingToRun(runnable.skipped)
  const { config } = context
  const listings = await listModules(context, runnable.modules)
  const plan = planTests(config.packages, listings, config.root, runnable.skipped.length === 0)
  for (const note of plan.notes) context.log(note)
  if (plan.unmatched.length > 0) {
    const why = plan.unmatched.map((f) => f.title).join('; ')
    return { findings: plan.unmatched, summary: `no test ran: ${why}` }
  }
  const skipped = [...runnable.skipped, ...plan.skipped]
  if (config.mode === 'plan') {
    // The plan job lists; the shard jobs run.
    const planned = testPackages(plan.runs, (packages) => declaredTests(packages, config.root))
    return {
      findings: [],
      status: 'skipped',
      summary: `listed ${plural(planned.length, 'package')} with tests for the shards`,
      planned
    }
  }
  const runs =
    config.mode === 'shard' && config.plan !== undefined && config.shard !== undefined
      ? shardRuns(config.plan.shards[config.shard.index - 1] ?? [], listings)
      : plan.runs
  if (runs.length === 0) return nothingToRun(skipped)
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
    for (const [index, run] of runs.entries()) {
      const { module } = run
      const profile = config.coverage ? path.join(temp, `${index}.out`) : undefined
      const moduleArgs = profile ? [...args, `-coverprofile=${profile}`] : args
      const facts = await testModule(context, settings, run, moduleArgs)
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
  const partly = runs
    .filter((run) => run.left.length > 0)
    .map((run) => `in ${run.module.relDir}: ${describeLeft(run.left)}`)
  const summary = [testsSummaryLine(packages, report), ...partly, describeSkipped(skipped)]
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
  { module, patterns, packages, selection }: ModuleRun,
  args: string[]
): Promise<TestModuleFacts> {
  const { config } = context
  const funcs = declaredTests(packages, config.root)
  const argv = goTestArgv(args, patterns, config.testFlags, selection)
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

/** go list of the patterns in each module, with the tags the tests run with. */
async function listModules(context: CheckContext, modules: GoModule[]): Promise<ModuleListing[]> {
  const { config } = context
  const timeoutMs = Math.max(config.downloadTimeoutMs, MIN_LIST_TIMEOUT_MS)
  const listings: ModuleListing[] = []
  for (const module of modules) {
    context.log(`go list ${config.packages.join(' ')} (in ${module.relDir})`)
    const listing = await listPackages(
      context.go,
      module.dir,
      config.packages,
      config.tags,
      timeoutMs
    )
    listings.push({ module, listing })
  }
  return listings
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
