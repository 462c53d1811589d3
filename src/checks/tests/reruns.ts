/** Failed tests run again: what to run, what the reruns say, and the findings after them. */
import { plural, type CheckFinding } from '../../findings.js'
import { topLevelTest } from '../../go/testfuncs.js'
import type { TestRun } from '../../go/testjson.js'
import type { TestFailure } from './facts.js'

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
        package: f.package,
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
      package: f.package,
      fix: `reproduce with ${reproduce}`
    }
  })
}

/** The flags of the run worth repeating to reproduce: race, tags, shuffle. */
export function reproduceFlags(args: readonly string[]): string {
  const keep = args.filter(
    (a) => a === '-race' || a.startsWith('-tags=') || a.startsWith('-shuffle=')
  )
  return keep.length > 0 ? `${keep.join(' ')} ` : ''
}
