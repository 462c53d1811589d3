/**
 * The tests as JUnit XML, for the test-report tools people already use
 * (mikepenz/action-junit-report, dorny/test-reporter, EnricoMi/publish-unit-test-result-action,
 * Jenkins, GitLab). Conventions, chosen for what those readers do with a file:
 * - one `<testsuite>` per package, named by its import path; every test and subtest is a
 *   `<testcase classname=package>` carrying `file` and `line` (relative to the repository root)
 *   where the readers that annotate look for them: on the testcase;
 * - a failed test is `<failure>`; a test that never ended (its binary died or timed out) is
 *   `<error>`; a skipped test holds `<skipped/>`;
 * - a package that did not build, or that failed outside any test (TestMain, init, a race after
 *   the tests), becomes one testcase named `[build failed]` or `[package]` holding the `<error>`
 *   or `<failure>`: readers count testcases, and a suite-level error alone shows as green;
 * - a flaky test passes, with surefire's `<flakyFailure>` (Jenkins reads it; the others ignore
 *   unknown elements) and a `<system-out>` line saying it failed first;
 * - a test run N times (`-count=N`) is one testcase, failed when any run failed, its failure's
 *   message saying `failed in 2 of 10 runs: …`: the readers merge or double-count testcases
 *   that share a name, and show the message as the annotation's text;
 * - findings belong to a package by their `package` field, never by their title.
 */
import path from 'node:path'
import { writeFileAtomic } from '../files.js'
import type { Finding, PackageTests, TestCase, TestsReport } from '../findings.js'

export interface JunitOptions {
  /** The tests check's findings: the text of build errors and of failures outside any test. */
  findings?: readonly Finding[]
  /** When the run started (ISO 8601); written on each suite without its zone, as JUnit has it. */
  timestamp?: string
  /** The `<testsuites name>`. */
  name?: string
}

export interface TestCounts {
  /** Every test and subtest. */
  total: number
  /** Passed at the first try. */
  passed: number
  failed: number
  /** Started, but never ended: the binary died or timed out. */
  unfinished: number
  skipped: number
  /** Failed, then passed on a rerun. */
  flaky: number
  packages: number
  /** Packages that did not build. */
  buildFailed: number
}

/** Counts of the tests and packages of a run; flaky tests are not counted as passed. */
export function countTests(tests: TestsReport): TestCounts {
  const counts: TestCounts = {
    total: 0,
    passed: 0,
    failed: 0,
    unfinished: 0,
    skipped: 0,
    flaky: 0,
    packages: tests.packages.length,
    buildFailed: 0
  }
  for (const pkg of tests.packages) {
    if (pkg.status === 'build-failed') counts.buildFailed++
    for (const test of pkg.tests) {
      counts.total++
      if (test.status === 'pass') {
        if (test.flaky === true) counts.flaky++
        else counts.passed++
      } else if (test.status === 'fail') counts.failed++
      else if (test.status === 'unfinished') counts.unfinished++
      else counts.skipped++
    }
  }
  return counts
}

// XML 1.0 `Char`: tab, newline, carriage return, and U+0020 to U+10FFFF without the surrogates
// and U+FFFE/U+FFFF. Everything else (NUL, escape, lone surrogates) cannot appear at all, not
// even as a character reference, so it is removed. With the u flag a valid surrogate pair is
// one code point, so only lone halves match.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
// Terminal colour and cursor sequences in go output: noise in every reader.
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]/g

/** Text with what XML 1.0 forbids removed, ANSI sequences included, and newlines as \n. */
export function xmlSafe(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(/\r\n?/g, '\n').replace(NOT_XML_CHAR, '')
}

/** Character data: `&`, `<` and `>` escaped (`>` too, so `]]>` cannot appear). */
export function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * An attribute value for double quotes. Tabs and newlines become character references:
 * a parser normalises literal ones in attributes to spaces.
 */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;')
}

type Attributes = Record<string, string | number | undefined>

function attributes(values: Attributes): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('')
}

/**
 * An element as lines: empty, holding escaped text (kept byte for byte, never indented), or
 * holding child elements, one per line and indented by two spaces.
 */
function element(name: string, values: Attributes, content?: string | string[]): string[] {
  const open = `<${name}${attributes(values)}`
  if (content === undefined || content.length === 0) return [`${open}/>`]
  if (typeof content === 'string') return [`${open}>${content}</${name}>`]
  return [`${open}>`, ...content.map((line) => `  ${line}`), `</${name}>`]
}

/** Seconds as JUnit writes them: a plain decimal, millisecond precision. */
function seconds(value: number | undefined): string {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value.toFixed(3) : '0.000'
}

/** `2025-01-02T03:04:05`: the JUnit schema's timestamp has no fraction and no zone. */
function junitTimestamp(iso: string | undefined): string | undefined {
  const m = iso === undefined ? null : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.exec(iso)
  return m?.[0]
}

// A failure message is the one line readers show (an annotation's text): keep it short.
const MAX_MESSAGE = 500

/** The first meaningful line of go's output, for a `message` attribute. */
function firstLine(text: string | undefined): string | undefined {
  for (const raw of xmlSafe(text ?? '').split('\n')) {
    const line = raw.trim()
    if (line === '' || /^(=== |--- |={3,}$|PASS$|FAIL$|ok\s|FAIL\s)/.test(line)) continue
    return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line
  }
  return undefined
}

/**
 * The error findings about a package: those that name it (`package`, the import path the tests
 * check sets), or, naming none, located in its directory. Never by title: wording changes.
 */
function errorsOf(pkg: PackageTests, findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => {
    if (f.severity !== 'error') return false
    if (f.package !== undefined) return f.package === pkg.package
    if (pkg.dir === undefined || f.file === undefined) return false
    return path.posix.dirname(f.file) === pkg.dir
  })
}

/** Findings as text: `file:line: title`, the message, the fix. */
function findingText(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const where =
        f.file === undefined ? '' : `${f.file}${f.line === undefined ? '' : `:${f.line}`}: `
      const fix = f.fix === undefined ? '' : `\nFix: ${f.fix}`
      return `${where}${f.title}\n${f.message}${fix}`
    })
    .join('\n\n')
}

interface Case {
  lines: string[]
  outcome: 'pass' | 'failure' | 'error' | 'skipped'
}

function testCase(pkg: PackageTests, test: TestCase): Case {
  const head: Attributes = {
    classname: pkg.package,
    name: test.name,
    time: seconds(test.elapsed),
    file: test.file,
    line: test.line
  }
  const output = test.output === undefined ? undefined : escapeText(test.output)
  switch (test.status) {
    case 'fail': {
      const first = firstLine(test.output) ?? `${test.name} failed`
      // Repeated runs (-count) stay one testcase: readers key testcases by name, and the
      // message, the line they show, says how many runs failed.
      const message =
        test.runs !== undefined && test.failedRuns !== undefined
          ? `failed in ${test.failedRuns} of ${test.runs} runs: ${first}`
          : first
      const failure = element('failure', { message, type: 'failure' }, output)
      return { lines: element('testcase', head, failure), outcome: 'failure' }
    }
    case 'unfinished': {
      const message = `${test.name} did not finish: the test binary died or timed out while it ran`
      const error = element('error', { message, type: 'unfinished' }, output)
      return { lines: element('testcase', head, error), outcome: 'error' }
    }
    case 'skip':
      return { lines: element('testcase', head, element('skipped', {})), outcome: 'skipped' }
    case 'pass': {
      if (test.flaky !== true) return { lines: element('testcase', head), outcome: 'pass' }
      const message = firstLine(test.output) ?? `${test.name} failed`
      const trace = output === undefined ? [] : element('stackTrace', {}, output)
      const note = `${test.name} failed, then passed when run again: it is flaky.`
      return {
        lines: element('testcase', head, [
          ...element('flakyFailure', { message, type: 'flaky' }, trace),
          ...element('system-out', {}, escapeText(note))
        ]),
        outcome: 'pass'
      }
    }
  }
}

/** `[build failed]` or `[package]`: what went wrong outside the package's tests, when it did. */
function packageCase(pkg: PackageTests, findings: readonly Finding[]): Case | undefined {
  const testFailed = pkg.tests.some((t) => t.status === 'fail' || t.status === 'unfinished')
  let own = errorsOf(pkg, findings)
  let name: string
  let tag: 'failure' | 'error'
  let type: string
  let message: string
  if (pkg.status === 'build-failed') {
    // A dependency that does not build is named in its own findings, not this package's.
    if (own.length === 0) own = findings.filter((f) => f.rule === 'tests/build')
    name = '[build failed]'
    tag = 'error'
    type = 'build-failed'
    message = own[0]?.title ?? `${pkg.package} does not build`
  } else if ((pkg.status === 'fail' || pkg.status === 'unfinished') && !testFailed) {
    // Failed, or died, with no test to blame: TestMain, init, a race after the tests, os.Exit.
    name = '[package]'
    tag = pkg.status === 'fail' ? 'failure' : 'error'
    type = pkg.status === 'fail' ? 'failure' : 'unfinished'
    message =
      own[0]?.title ??
      (pkg.status === 'fail'
        ? `${pkg.package} failed outside any test`
        : `${pkg.package} did not finish`)
  } else {
    return undefined
  }
  const located = own.find((f) => f.file !== undefined && f.line !== undefined)
  const text = findingText(own)
  const head: Attributes = {
    classname: pkg.package,
    name,
    time: seconds(0),
    file: located?.file,
    line: located?.line
  }
  const body = element(tag, { message, type }, text === '' ? undefined : escapeText(text))
  return { lines: element('testcase', head, body), outcome: tag }
}

/** The run as a JUnit XML document (UTF-8), one suite per package in the report's order. */
export function renderJunit(tests: TestsReport, options: JunitOptions = {}): string {
  const findings = (options.findings ?? []).filter((f) => f.check === 'tests')
  const timestamp = junitTimestamp(options.timestamp)
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 }
  const suites: string[] = []
  for (const pkg of tests.packages) {
    const cases = pkg.tests.map((t) => testCase(pkg, t))
    const extra = packageCase(pkg, findings)
    if (extra !== undefined) cases.push(extra)
    const count = (outcome: Case['outcome']): number =>
      cases.filter((c) => c.outcome === outcome).length
    const counts = {
      tests: cases.length,
      failures: count('failure'),
      errors: count('error'),
      skipped: count('skipped')
    }
    totals.tests += counts.tests
    totals.failures += counts.failures
    totals.errors += counts.errors
    totals.skipped += counts.skipped
    if (pkg.elapsed !== undefined && Number.isFinite(pkg.elapsed)) totals.time += pkg.elapsed
    const properties =
      pkg.coverage === undefined
        ? []
        : element('properties', {}, [
            ...element('property', { name: 'coverage', value: pkg.coverage.toFixed(1) })
          ])
    suites.push(
      ...element(
        'testsuite',
        {
          name: pkg.package,
          tests: counts.tests,
          failures: counts.failures,
          errors: counts.errors,
          skipped: counts.skipped,
          time: seconds(pkg.elapsed),
          timestamp
        },
        [...properties, ...cases.flatMap((c) => c.lines)]
      )
    )
  }
  const root = element(
    'testsuites',
    {
      name: options.name ?? 'go test',
      tests: totals.tests,
      failures: totals.failures,
      errors: totals.errors,
      skipped: totals.skipped,
      time: seconds(totals.time)
    },
    suites
  )
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.join('\n')}\n`
}

/**
 * Writes the XML, creating directories; written beside the target and renamed into place so a
 * reader never sees half a file.
 */
export async function writeJunit(file: string, xml: string): Promise<void> {
  await writeFileAtomic(file, xml)
}
