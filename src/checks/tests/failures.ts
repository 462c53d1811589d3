/** Plain test failures, at the line the test printed; packages that failed outside any test. */
import { relativeInside } from '../../files.js'
import type { CheckFinding } from '../../findings.js'
import { failureLocation } from '../../go/diagnostics.js'
import { packageFiles, type GoPackage } from '../../go/packages.js'
import { topLevelTest } from '../../go/testfuncs.js'
import type { OutputLines, TestResult } from '../../go/testjson.js'
import { capText } from '../../text.js'
import type { Place, RepoPaths, TestFailure, TestModuleFacts } from './facts.js'
import { joinPosix, MAX_FAILURE_MESSAGE, tail, withoutFraming } from './output.js'

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

export function packageFailure(
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
