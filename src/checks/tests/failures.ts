/** Plain test failures, at the line the test printed; packages that failed outside any test. */
import { relativeInside } from '../../files.js'
import type { CheckFinding } from '../../findings.js'
import { failureLocation } from '../../go/diagnostics.js'
import { packageFiles, type GoPackage } from '../../go/packages.js'
import { topLevelTest } from '../../go/testfuncs.js'
import type { OutputLines } from '../../go/outputlines.js'
import type { TestResult } from '../../go/testoutcomes.js'
import { capText } from '../../text.js'
import type { Place, RepoPaths, TestFailure, TestModuleFacts } from './facts.js'
import { MAX_FAILURE_MESSAGE, tail, withoutFraming } from './output.js'
import { exactRunPattern, reproduceFlags } from './reruns.js'
import { runNumbers } from './runs.js'

export function testFailure(
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
  let message =
    location?.message ??
    (test.status === 'unfinished'
      ? `${test.name} started but never finished: the test binary exited while it ran (os.Exit, or a crash).`
      : tail(withoutFraming(lines), 20) ||
        `${test.name} failed without a message (t.Fail or t.FailNow).`)
  if (test.runs > 1 && test.failedRuns === test.runs) {
    message = `${message}\n(failed in all ${test.runs} runs)`
  }
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

/**
 * Failed in some of its runs under -count and passed in the others: an error at the failing run's
 * line, naming the runs (see failedInSomeRuns).
 */
export function intermittentFinding(
  failure: TestFailure,
  test: TestResult,
  args: readonly string[]
): CheckFinding {
  const reproduce =
    `go test ${reproduceFlags(args)}-count=${test.runs} ` +
    `-run '${exactRunPattern(test.name)}' ${test.package}`
  return {
    rule: 'tests/failed',
    severity: 'error',
    title: `${test.name} failed in ${test.failedRuns} of ${test.runs} runs`,
    message:
      `${failure.message}\nFailed in ${runNumbers(test)} of ${test.runs} and passed in the others: ` +
      'an intermittent failure, reported as it is (a rerun could only hide it).',
    ...failure.place,
    package: test.package,
    fix: `reproduce with ${reproduce}; a test that fails in some runs depends on what earlier runs leave behind (package variables, files), on timing, or on randomness`
  }
}

/**
 * The binary failed with no test failing: TestMain, an init function, an os.Exit. Placed on the
 * package's `func TestMain(` when it has one (every test runs inside it); else unlocated, as no
 * line is known to be the cause.
 */
export function packageFailure(
  pkg: string,
  output: OutputLines | undefined,
  facts: TestModuleFacts
): CheckFinding {
  const text = tail(withoutFraming(output?.lines() ?? []), 20)
  return {
    rule: 'tests/package-failed',
    severity: 'error',
    title: `${pkg} failed outside any test`,
    message: text || 'The test binary failed without a test failing (TestMain, init, or os.Exit).',
    ...facts.funcs.get(pkg)?.get('TestMain'),
    package: pkg,
    fix: `run go test ${pkg} to see it; check TestMain and init functions`
  }
}
