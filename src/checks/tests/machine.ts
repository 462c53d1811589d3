/** Test binaries the machine stopped (ThreadSanitizer, out of memory, SIGKILL): no test blamed. */
import type { CheckFinding } from '../../findings.js'
import type { EnvironmentFailure } from '../../go/testenv.js'
import type { PackageResult, TestResult } from '../../go/testoutcomes.js'
import type { Place, TestModuleFacts } from './facts.js'
import { exactRunPattern, reproduceFlags } from './reruns.js'

export function machineFinding(failure: EnvironmentFailure, what: string): CheckFinding {
  return {
    rule: 'tests/cannot-run',
    severity: 'error',
    title: `Tests cannot run here: ${failure.cause}`,
    message: `${failure.evidence}\nThis is the machine, not the code: the results of ${what} cannot be trusted, and no test is blamed.`,
    fix: failure.fix
  }
}

/** The test whose output holds `line`: the one running when its binary died. */
export function testShowing(pkg: PackageResult | undefined, line: string): TestResult | undefined {
  if (pkg === undefined) return undefined
  for (const test of pkg.tests.values()) {
    if (test.status !== 'fail' && test.status !== 'unfinished') continue
    if ((test.output?.lines() ?? []).some((l) => l.trim() === line)) return test
  }
  return undefined
}

export function killedTestFinding(
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
    package: pkg,
    fix: `run go test ${reproduceFlags(facts.args)}-run '${exactRunPattern(test.name)}' ${pkg} and watch its memory; if it kills its own process, stop that`
  }
}
