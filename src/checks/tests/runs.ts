/** A test's repeated runs (go test -count=N runs each test N times in one binary), in words. */
import type { TestResult } from '../../go/testoutcomes.js'

type Runs = Pick<TestResult, 'status' | 'runs' | 'failedRuns' | 'failedRunNumbers'>

const LISTED_AT_MOST = 10

/**
 * Failed in some of its runs and passed in the others: the intermittent failure -count is used
 * to hunt. It is reported as it is and never rerun: a rerun could only pass and hide it.
 */
export function failedInSomeRuns(test: Runs): boolean {
  return (
    test.status === 'fail' && test.runs > 1 && test.failedRuns > 0 && test.failedRuns < test.runs
  )
}

/** `run 2`, `runs 2 and 3`, `runs 2, 3 and 5`, `runs 1, 2, … 10 and 30 more`. */
export function runNumbers(test: Runs): string {
  const shown = test.failedRunNumbers.slice(0, LISTED_AT_MOST)
  const more = test.failedRuns - shown.length
  if (shown.length === 0) return `${test.failedRuns} runs`
  if (shown.length === 1 && more === 0) return `run ${shown[0]}`
  if (more > 0) return `runs ${shown.join(', ')} and ${more} more`
  return `runs ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`
}
