/** The job summary's Tests section: the headline, packages, slowest, flaky, failures and races. */

import {
  allFindings,
  type CheckResult,
  type Finding,
  type PackageTestStatus,
  type PackageTests,
  type TestCase,
  type TestsReport,
  plural
} from '../findings.js'
import { capText, formatDuration, normalizeNewlines, oneLine, sortFindings } from './format.js'
import { countTests } from './junit.js'
import {
  codeSpan,
  escapeInline,
  fencedBlock,
  type FindingBlock,
  headTail,
  type LineLink,
  locationText,
  MAX_TITLE,
  renderFinding,
  tableCell
} from './markdown.js'

const PACKAGE_STATUS: Record<PackageTestStatus, string> = {
  'build-failed': '💥 build failed',
  fail: '❌ fail',
  unfinished: '⏱️ unfinished',
  pass: '✅ pass',
  skip: '⏭️ skip'
}
const PACKAGE_RANK: Record<PackageTestStatus, number> = {
  'build-failed': 0,
  fail: 1,
  unfinished: 2,
  pass: 3,
  skip: 4
}
// Rows past these are left to the JSON report: failing packages come first, so they stay.
const MAX_PACKAGE_ROWS = 100
const MAX_FLAKY_ROWS = 50
const SLOWEST = 10
/** A failing test's output in the summary: head and tail, like the report keeps it. */
const MAX_OUTPUT = 8 * 1024

/** Failing packages first (build errors, failures, unfinished), then by import path. */
export function sortPackages(packages: readonly PackageTests[]): PackageTests[] {
  return [...packages].sort(
    (a, b) => PACKAGE_RANK[a.status] - PACKAGE_RANK[b.status] || a.package.localeCompare(b.package)
  )
}

const percentText = (value: number): string => `${value.toFixed(1)}%`

function testsHeadline(tests: TestsReport): string {
  const counts = countTests(tests)
  const failing =
    counts.failed + counts.unfinished + counts.buildFailed > 0 ||
    tests.packages.some((p) => p.status === 'fail' || p.status === 'unfinished')
  const facts: string[] = []
  if (counts.failed > 0) facts.push(`**${counts.failed} failed**`)
  if (counts.unfinished > 0) facts.push(`**${counts.unfinished} unfinished**`)
  facts.push(`${counts.passed} passed`, `${counts.skipped} skipped`)
  if (counts.flaky > 0) facts.push(`⚠️ ${counts.flaky} flaky`)
  facts.push(
    plural(counts.packages, 'package') +
      (counts.buildFailed > 0 ? ` (**${counts.buildFailed} did not build**)` : '')
  )
  facts.push(tests.race ? 'race on' : 'race off')
  if (tests.reruns > 0) facts.push(`rerun-failed ${tests.reruns}`)
  if (tests.shuffleSeed !== undefined) {
    const seed = String(tests.shuffleSeed)
    facts.push(
      `shuffle seed ${codeSpan(seed)}: replay with ${codeSpan(`go test -shuffle=${seed}`)}`
    )
  }
  if (tests.coverage !== undefined) {
    const total = percentText(tests.coverage)
    const threshold = tests.coverageThreshold
    facts.push(
      threshold === undefined
        ? `coverage ${total}`
        : tests.coverage < threshold
          ? `❌ coverage **${total}**, below the ${threshold}% threshold`
          : `coverage ${total} (threshold ${threshold}%)`
    )
  }
  return `${failing ? '❌' : '✅'} ${facts.join(' · ')}`
}

function packagesTable(tests: TestsReport): string {
  const sorted = sortPackages(tests.packages)
  const withCoverage =
    tests.coverage !== undefined || tests.packages.some((p) => p.coverage !== undefined)
  const header = ['Package', 'Status', 'Passed', 'Failed', 'Skipped', 'Time']
  const align = ['---', '---', '---:', '---:', '---:', '---:']
  if (withCoverage) {
    header.push('Coverage')
    align.push('---:')
  }
  const rows = sorted.slice(0, MAX_PACKAGE_ROWS).map((pkg) => {
    let passed = 0
    let failed = 0
    let skipped = 0
    let flaky = 0
    for (const t of pkg.tests) {
      // As in the headline: a flaky test is counted apart from those that passed at once.
      if (t.status === 'pass' && t.flaky === true) flaky++
      else if (t.status === 'pass') passed++
      else if (t.status === 'skip') skipped++
      else failed++
    }
    const cells = [
      tableCell(pkg.package),
      PACKAGE_STATUS[pkg.status] + (flaky > 0 ? ` (⚠️ ${flaky} flaky)` : ''),
      String(passed),
      String(failed),
      String(skipped),
      pkg.elapsed === undefined ? '-' : formatDuration(pkg.elapsed * 1000)
    ]
    if (withCoverage) cells.push(pkg.coverage === undefined ? '-' : percentText(pkg.coverage))
    return `| ${cells.join(' | ')} |`
  })
  const lines = [`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows]
  const more = sorted.length - rows.length
  if (more > 0) {
    lines.push(
      '',
      `… and ${plural(more, 'more package')}; the JSON report (output \`report\`) lists them all.`
    )
  }
  return lines.join('\n')
}

/** `### Tests`: the headline and the packages table. */
export function testsHead(tests: TestsReport): string {
  const parts = ['### Tests', testsHeadline(tests)]
  if (tests.packages.length > 0) parts.push(packagesTable(tests))
  return parts.join('\n\n')
}

export function slowestSection(tests: TestsReport): string | undefined {
  const timed: Array<{ pkg: PackageTests; test: TestCase; elapsed: number }> = []
  for (const pkg of tests.packages) {
    for (const test of pkg.tests) {
      // Top-level tests only: a parent's time already holds its subtests'.
      if (test.name.includes('/') || test.elapsed === undefined || !(test.elapsed > 0)) continue
      timed.push({ pkg, test, elapsed: test.elapsed })
    }
  }
  if (timed.length === 0) return undefined
  timed.sort((a, b) => b.elapsed - a.elapsed || a.test.name.localeCompare(b.test.name))
  const rows = timed
    .slice(0, SLOWEST)
    .map(
      ({ pkg, test, elapsed }) =>
        `| ${tableCell(test.name)} | ${tableCell(pkg.package)} | ${formatDuration(elapsed * 1000)} |`
    )
  const title = timed.length > SLOWEST ? `The ${SLOWEST} slowest tests` : 'Slowest tests'
  return [`#### ${title}`, '', '| Test | Package | Time |', '| --- | --- | ---: |', ...rows].join(
    '\n'
  )
}

export function flakySection(tests: TestsReport, link?: LineLink): string | undefined {
  const flaky = tests.packages.flatMap((pkg) =>
    pkg.tests.filter((t) => t.flaky === true).map((test) => ({ pkg, test }))
  )
  if (flaky.length === 0) return undefined
  const rows = flaky.slice(0, MAX_FLAKY_ROWS).map(({ pkg, test }) => {
    const where = locationText({ file: test.file, line: test.line }, link)
    return `| ${tableCell(test.name)} | ${tableCell(pkg.package)} | ${where ?? ' '} |`
  })
  const lines = [
    '#### ⚠️ Flaky tests',
    '',
    'Failed, then passed when run again: a warning, not a failure. Their first output is in the JSON report.',
    '',
    '| Test | Package | Location |',
    '| --- | --- | --- |',
    ...rows
  ]
  if (flaky.length > rows.length) {
    lines.push(
      '',
      `… and ${flaky.length - rows.length} more in the JSON report (output \`report\`).`
    )
  }
  return lines.join('\n')
}

/** One failed or unfinished test: a header line and its output, fenced. */
export function renderTestFailure(pkg: PackageTests, test: TestCase, link?: LineLink): string {
  const parts = [
    test.status === 'unfinished'
      ? `⏱️ **${escapeInline(oneLine(capText(test.name, MAX_TITLE)))}** did not finish`
      : `❌ **${escapeInline(oneLine(capText(test.name, MAX_TITLE)))}**`,
    codeSpan(pkg.package)
  ]
  // -count=N: how many of its runs failed is what someone hunting an intermittent failure reads.
  if (test.runs !== undefined && test.failedRuns !== undefined && test.failedRuns > 0) {
    parts.push(
      test.failedRuns === test.runs
        ? `failed in all ${test.runs} runs`
        : `failed in ${test.failedRuns} of ${test.runs} runs`
    )
  }
  const where = locationText({ file: test.file, line: test.line }, link)
  if (where !== undefined) parts.push(where)
  const output = normalizeNewlines(headTail(test.output ?? '', MAX_OUTPUT)).trimEnd()
  const body = output.replace(/^\n+/, '') === '' ? '*(no output)*' : fencedBlock(output)
  return `${parts.join(' · ')}\n\n${body}`
}

/**
 * Every failed or unfinished test, failing packages first; a parent whose subtests failed is
 * left out (the subtests are the ones to read), as are flaky tests (they passed in the end).
 */
export function failureBlocks(tests: TestsReport, racesShown: boolean, link?: LineLink): string[] {
  const blocks: string[] = []
  for (const pkg of sortPackages(tests.packages)) {
    const failing = pkg.tests.filter(
      (t) => (t.status === 'fail' || t.status === 'unfinished') && t.flaky !== true
    )
    for (const test of failing) {
      if (failing.some((t) => t.name.startsWith(`${test.name}/`))) continue
      if (racesShown && failedOnlyForRace(test)) continue
      const text = renderTestFailure(pkg, test, link)
      blocks.push(blocks.length === 0 ? `#### Failures\n\n${text}` : text)
    }
  }
  return blocks
}

/**
 * The test failed only because the race detector saw a race while it ran (no `x_test.go:N:`
 * line of its own): the race, shown with trimmed stacks, says it better than the raw output.
 */
function failedOnlyForRace(test: TestCase): boolean {
  const output = test.output ?? ''
  return (
    test.status === 'fail' &&
    output.includes('race detected during execution of test') &&
    // A `    name_test.go:N: ` line of its own (names may hold colons: 12:30_test.go).
    !/^[ \t]+\S*_test\.go:\d+: /m.test(output)
  )
}

/** A race finding: shown with both stacks in the Tests section rather than among the findings. */
export function isRace(finding: Finding): boolean {
  return finding.rule === 'tests/race'
}

export function raceBlocks(results: readonly CheckResult[], link?: LineLink): FindingBlock[] {
  const races = sortFindings(allFindings([...results]).filter(isRace))
  return races.map((finding, index) => {
    const text = renderFinding(finding, link)
    return { text: index === 0 ? `#### Data races\n\n${text}` : text, findings: 1 }
  })
}
