/**
 * What a run did not report: go test that did not end by itself, packages that never said how
 * they ended, and results go test -json lost.
 */
import { plural, type CheckFinding } from '../../findings.js'
import { topLevelTest } from '../../go/testfuncs.js'
import type { TestResult } from '../../go/testoutcomes.js'
import type { Explain, TestModuleFacts } from './facts.js'
import { listNames } from './output.js'

export const FINAL_STATUSES = new Set(['pass', 'fail', 'skip'])

/** Packages go was asked to test (go list's) or started that never reported how they ended. */
export function unreportedPackages(facts: TestModuleFacts): string[] {
  const names = new Set<string>()
  for (const pkg of facts.packages) {
    const result = facts.run.packages.get(pkg.ImportPath)
    if (result === undefined || !FINAL_STATUSES.has(result.status)) names.add(pkg.ImportPath)
  }
  for (const pkg of facts.run.packages.values()) {
    if (!FINAL_STATUSES.has(pkg.status)) names.add(pkg.name)
  }
  return [...names]
}

/** Tests that started and never ended, as `TestX (pkg)`. */
function runningTests(facts: TestModuleFacts): TestResult[] {
  const running: TestResult[] = []
  for (const pkg of facts.run.packages.values()) {
    for (const test of pkg.tests.values()) {
      if (test.status === 'running' || test.status === 'unfinished') running.push(test)
    }
  }
  return running
}

/** go test died by a signal or was stopped by the gate: one error saying what is known. */
export function cutShortFinding(
  facts: TestModuleFacts,
  explain: Explain
): CheckFinding | undefined {
  if (facts.stopped === undefined && facts.exitCode !== null) return undefined
  const how =
    facts.stopped !== undefined
      ? 'was stopped by the gate'
      : `was killed by ${facts.signal ?? 'a signal'}`
  const running = runningTests(facts)
  const anyTest = [...facts.run.packages.values()].some((p) => p.tests.size > 0)
  const when = !anyTest
    ? ' before any test ran'
    : running.length > 0
      ? ` while ${running.length === 1 ? (running[0] as TestResult).name : `${plural(running.length, 'test')}`} ${running.length === 1 ? 'was' : 'were'} running`
      : ''
  const only = running.length === 1 ? (running[0] as TestResult) : undefined
  const place = only ? facts.funcs.get(only.package)?.get(topLevelTest(only.name)) : undefined
  for (const test of running) {
    explain(test.package, test.name, test === only ? place : undefined)
  }
  const unreported = unreportedPackages(facts)
  const total = new Set([...facts.packages.map((p) => p.ImportPath), ...facts.run.packages.keys()])
  const lines = [
    `go ${facts.args.join(' ')} in ${facts.module.relDir} ` +
      (facts.stopped !== undefined ? `was stopped: ${facts.stopped}.` : 'did not exit by itself.'),
    unreported.length > 0
      ? `${unreported.length} of ${plural(total.size, 'package')} never reported a result: ${listNames(unreported)}.`
      : total.size === 0
        ? 'No package reported a result.'
        : 'Every package had reported, but go did not exit by itself.'
  ]
  if (running.length > 0) {
    lines.push(`Still running: ${listNames(running.map((t) => `${t.name} (${t.package})`))}.`)
  }
  lines.push(
    facts.stopped !== undefined
      ? 'The tests that did not finish cannot be judged, so the gate fails.'
      : 'Something outside go test sent the signal: the out-of-memory killer, a runner watchdog, a test that kills its parent process, or a wrapper around go. The tests that did not finish cannot be judged, so the gate fails.'
  )
  return {
    rule: 'tests/killed',
    severity: 'error',
    title: `go test ${how}${when}`,
    message: lines.join('\n'),
    ...place,
    fix:
      facts.stopped !== undefined
        ? `run go ${facts.args.join(' ')} in ${facts.module.relDir} and see where it stops; a module download through an unresponsive proxy or a deadlock outside any test are the usual causes`
        : `run the job again; if it recurs, find what kills go (the runner's kernel log names the out-of-memory killer) or run fewer packages at once (test-flags: -p 1)`
  }
}

export function unreportedFinding(facts: TestModuleFacts, unreported: string[]): CheckFinding {
  const how = facts.exitCode === 0 ? 'exited 0' : `exited ${facts.exitCode ?? 'without a status'}`
  return {
    rule: 'tests/unreported',
    severity: 'error',
    title: `${plural(unreported.length, 'package')} never reported a test result`,
    message:
      `go ${facts.args.join(' ')} in ${facts.module.relDir} ${how}, but ${listNames(unreported)} ` +
      `never reported how ${unreported.length === 1 ? 'its tests' : 'their tests'} ended: they cannot count as passed.`,
    fix: `run go test ${unreported.slice(0, 3).join(' ')} to see what happens to ${unreported.length === 1 ? 'it' : 'them'}`
  }
}

/** Tests whose result go read only from their `--- PASS` line (see LostFinalEvent). */
export function lostEventFindings(facts: TestModuleFacts): CheckFinding[] {
  const findings: CheckFinding[] = []
  for (const pkg of facts.run.packages.values()) {
    for (const lost of pkg.lostFinalEvents) {
      const printed = `${lost.unterminated.toLocaleString('en-US')} characters without a newline`
      const ended = { pass: 'passed', fail: 'failed', skip: 'was skipped' }[lost.status]
      findings.push({
        rule: 'tests/lost-result',
        severity: 'warning',
        title: `${lost.test} printed ${printed}: go test -json lost its result`,
        message:
          `${lost.test} ${ended}, but go test -json sent no ${lost.status} event for it: the test printed ${printed} ` +
          `just before its \`--- ${lost.status.toUpperCase()}\` line, and test2json, which reads test output 4 KiB at a time, ` +
          'took that line for more output because the text before it filled those 4 KiB exactly. ' +
          'The gate read the result from the line itself; a tool reading the JSON alone sees the test as unfinished.',
        ...facts.funcs.get(pkg.name)?.get(topLevelTest(lost.test)),
        package: pkg.name,
        fix: 'end what the test prints with a newline, or print less (t.Log keeps output with its test)'
      })
    }
  }
  return findings
}
