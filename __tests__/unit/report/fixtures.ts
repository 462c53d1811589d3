// Report builders shared by the report tests.
import type { CheckResult, Finding, Report, TestsReport } from '../../../src/findings.js'
import type { ChangedRanges, ChangeSet } from '../../../src/report/changes.js'

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    check: 'modfile',
    rule: 'modfile/go-sum',
    severity: 'error',
    title: 'go.sum is missing',
    message: 'go.mod requires modules but go.sum does not exist',
    ...overrides
  }
}

export function result(overrides: Partial<CheckResult> = {}): CheckResult {
  return { check: 'modfile', status: 'pass', durationMs: 12, findings: [], ...overrides }
}

export function report(results: CheckResult[], overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'go-ci-gate', version: '0.1.0' },
    verdict: results.some((r) => r.status === 'fail' || r.status === 'error') ? 'fail' : 'pass',
    failOn: 'error',
    modules: [{ path: 'example.com/demo', dir: '.' }],
    results,
    commands: [],
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 1234,
    ...overrides
  }
}

/** A run with every outcome: a failure with a subtest, a race, a build error, a timeout, flaky. */
export function testsReport(overrides: Partial<TestsReport> = {}): TestsReport {
  return {
    args: ['test', '-json', '-count=1', '-race', './...'],
    race: true,
    reruns: 1,
    packages: [
      {
        package: 'example.com/demo/util',
        module: '.',
        dir: 'util',
        status: 'pass',
        elapsed: 0.4,
        tests: [
          { name: 'TestTrim', status: 'pass', elapsed: 0.01, file: 'util/util_test.go', line: 8 },
          {
            name: 'TestRetry',
            status: 'pass',
            flaky: true,
            elapsed: 0.2,
            file: 'util/retry_test.go',
            line: 14,
            output: '    retry_test.go:14: attempt 1 failed: connection refused'
          }
        ]
      },
      {
        package: 'example.com/demo/calc',
        module: '.',
        dir: 'calc',
        status: 'fail',
        elapsed: 1.5,
        tests: [
          { name: 'TestAdd', status: 'fail', elapsed: 0, file: 'calc/calc_test.go', line: 10 },
          {
            name: 'TestAdd/negative',
            status: 'fail',
            elapsed: 0,
            file: 'calc/calc_test.go',
            line: 12,
            output: '    calc_test.go:12: Add(-1, -2) = -2, want -3'
          },
          { name: 'TestDiv', status: 'pass', elapsed: 1.2, file: 'calc/calc_test.go', line: 20 },
          { name: 'TestBig', status: 'skip', file: 'calc/calc_test.go', line: 30 }
        ]
      },
      {
        package: 'example.com/demo/counter',
        module: '.',
        dir: 'counter',
        status: 'fail',
        elapsed: 0.3,
        tests: [
          {
            name: 'TestCounter',
            status: 'fail',
            elapsed: 0.1,
            file: 'counter/counter.go',
            line: 12,
            output:
              '==================\nWARNING: DATA RACE\nWrite at 0x00c000012345 by goroutine 8:\n' +
              '==================\n    testing.go:1617: race detected during execution of test'
          }
        ]
      },
      { package: 'example.com/demo/cmd', module: '.', dir: 'cmd', status: 'skip', tests: [] },
      {
        package: 'example.com/demo/parse',
        module: '.',
        dir: 'parse',
        status: 'build-failed',
        tests: []
      },
      {
        package: 'example.com/demo/lock',
        module: '.',
        dir: 'lock',
        status: 'fail',
        elapsed: 600,
        tests: [
          {
            name: 'TestDeadlock',
            status: 'unfinished',
            file: 'lock/lock_test.go',
            line: 9,
            output: 'panic: test timed out after 10m0s\n\trunning tests:\n\t\tTestDeadlock (10m0s)'
          }
        ]
      }
    ],
    ...overrides
  }
}

/** The findings the tests check reports for testsReport(). */
export function testsFindings(): Finding[] {
  return [
    finding({
      check: 'tests',
      rule: 'tests/failed',
      title: 'TestAdd/negative failed',
      message: 'Add(-1, -2) = -2, want -3',
      file: 'calc/calc_test.go',
      line: 12,
      fix: "reproduce with go test -race -run '^TestAdd$' example.com/demo/calc"
    }),
    finding({
      check: 'tests',
      rule: 'tests/build',
      title: 'example.com/demo/parse does not build: undefined: Tokenize',
      message: 'undefined: Tokenize',
      file: 'parse/parse_test.go',
      line: 7,
      column: 9,
      fix: 'fix the compile error; go vet ./... shows every one locally'
    }),
    finding({
      check: 'tests',
      rule: 'tests/race',
      title: 'Data race in TestCounter',
      message:
        'Write by goroutine 8:\n  counter.(*Counter).Inc  counter/counter.go:12\n' +
        'Previous read by goroutine 7:\n  counter.(*Counter).Get  counter/counter.go:17',
      file: 'counter/counter.go',
      line: 12,
      fix: 'guard the shared value with a sync.Mutex'
    }),
    finding({
      check: 'tests',
      rule: 'tests/flaky',
      severity: 'warning',
      title: 'TestRetry is flaky',
      message: 'Failed, then passed on rerun 1 of 1:\nattempt 1 failed: connection refused',
      file: 'util/retry_test.go',
      line: 14
    })
  ]
}

/** A change set from `{ path: ranges | 'file' }`. */
export function changeSet(
  files: Record<string, ChangedRanges>,
  source = 'pull request #7'
): ChangeSet {
  return { source, files: new Map(Object.entries(files)) }
}
