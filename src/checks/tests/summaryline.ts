import { plural, type PackageTests, type TestsReport } from '../../findings.js'

/**
 * The tests check's line in the checks table: "41 passed, 2 failed, 1 flaky, 3 skipped in 12
 * packages (race, shuffle 1712)"; `where` goes after the packages (a merge: "over 3 shards").
 */
export function testsSummaryLine(
  packages: readonly PackageTests[],
  report: Pick<TestsReport, 'race' | 'shuffleSeed' | 'coverage'>,
  where = ''
): string {
  const counts = { passed: 0, failed: 0, flaky: 0, skipped: 0 }
  for (const test of packages.flatMap((p) => p.tests)) {
    if (test.flaky === true) counts.flaky++
    else if (test.status === 'pass') counts.passed++
    else if (test.status === 'skip') counts.skipped++
    else counts.failed++
  }
  const parts = [`${counts.passed} passed`]
  if (counts.failed > 0) parts.push(`${counts.failed} failed`)
  if (counts.flaky > 0) parts.push(`${counts.flaky} flaky`)
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`)
  const notes = [report.race ? 'race' : 'no race']
  if (report.shuffleSeed !== undefined) notes.push(`shuffle ${report.shuffleSeed}`)
  if (report.coverage !== undefined) notes.push(`coverage ${report.coverage}%`)
  const place = where === '' ? '' : ` ${where}`
  return `${parts.join(', ')} in ${plural(packages.length, 'package')}${place} (${notes.join(', ')})`
}
