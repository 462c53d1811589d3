// Report builders shared by the report tests.
import type { CheckResult, Finding, Report } from '../../../src/findings.js'

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    check: 'modfile',
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
