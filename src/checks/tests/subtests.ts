/** Which failed tests are subtests of which: a parent failed through its subtest is not blamed. */
import type { PackageResult } from '../../go/testoutcomes.js'

/** The names of a package's failed and unfinished tests, sorted (for failedUnder). */
export function failedTestNames(pkg: PackageResult): string[] {
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
export function failedUnder(sortedNames: readonly string[], name: string): readonly string[] {
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
