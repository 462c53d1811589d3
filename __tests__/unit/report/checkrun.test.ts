import { describe, expect, it } from '@jest/globals'
import { checkRunAnnotation, checkRunTitle, checkRunWarning } from '../../../src/report/checkrun.js'
import { finding, report, result } from './fixtures.js'

const ROOT = '/work/repo'

describe('checkRunAnnotation', () => {
  it('turns a located finding into a Checks API annotation: level, lines, column, title, fix', () => {
    const annotation = checkRunAnnotation(
      finding({
        severity: 'error',
        title: 'Data race in TestCounter',
        message: 'write at stats/counter.go:10',
        fix: 'guard count with a mutex',
        file: 'stats/counter.go',
        line: 10,
        column: 2
      }),
      ROOT
    )
    expect(annotation).toEqual({
      path: 'stats/counter.go',
      start_line: 10,
      end_line: 10,
      start_column: 2,
      end_column: 2,
      annotation_level: 'failure',
      title: 'Data race in TestCounter',
      message: 'write at stats/counter.go:10\nFix: guard count with a mutex'
    })
  })

  it('drops the column on a span of lines, as GitHub requires, and maps warning and notice', () => {
    expect(
      checkRunAnnotation(
        finding({ severity: 'warning', file: 'go.mod', line: 3, endLine: 5, column: 1 }),
        ROOT
      )
    ).toMatchObject({ start_line: 3, end_line: 5, annotation_level: 'warning' })
    expect(
      checkRunAnnotation(
        finding({ severity: 'warning', file: 'go.mod', line: 3, endLine: 5, column: 1 }),
        ROOT
      )
    ).not.toHaveProperty('start_column')
    expect(
      checkRunAnnotation(finding({ severity: 'notice', file: 'a.go', line: 1 }), ROOT)
        ?.annotation_level
    ).toBe('notice')
  })

  it('has none for a finding without a line, or outside the repository', () => {
    expect(checkRunAnnotation(finding({ file: undefined, line: undefined }), ROOT)).toBeUndefined()
    expect(checkRunAnnotation(finding({ file: 'go.mod', line: undefined }), ROOT)).toBeUndefined()
    expect(
      checkRunAnnotation(finding({ file: '../elsewhere/x.go', line: 4 }), ROOT)
    ).toBeUndefined()
  })

  it('cuts a message over GitHub limit of 64 KB', () => {
    const annotation = checkRunAnnotation(
      finding({ file: 'a.go', line: 1, message: 'x'.repeat(100_000), fix: undefined }),
      ROOT
    )
    expect(annotation?.message.length).toBeLessThanOrEqual(65_535)
    expect(annotation?.message.length).toBeGreaterThan(50_000)
  })
})

describe('checkRunTitle', () => {
  it('says the verdict and the counts in one line', () => {
    const findings = [
      finding({ severity: 'error' }),
      finding({ severity: 'error' }),
      finding({ severity: 'warning' })
    ]
    const r = report([result({ findings })], { verdict: 'fail' })
    expect(checkRunTitle(r, findings)).toBe('go-ci-gate: fail (2 errors, 1 warning)')
    expect(checkRunTitle(report([], { verdict: 'pass' }), [])).toBe(
      'go-ci-gate: pass (0 errors, 0 warnings)'
    )
  })
})

describe('checkRunWarning', () => {
  it('names the permission on a 403 or 404, and says where the findings went instead', () => {
    const text = checkRunWarning(
      { status: 403, reason: 'Resource not accessible by integration', operation: 'update' },
      { kind: 'job', id: 42 }
    )
    expect(text).toBe(
      "could not annotate the job's check run (42): GitHub answered 403 (Resource not accessible by integration); " +
        'give the job `permissions: checks: write` (a pull request from a fork gets a read-only token). ' +
        'The findings are shown as workflow-command annotations instead (10 per severity), and all of them in the job summary.'
    )
  })

  it('says what GitHub answered otherwise, and a network error as one', () => {
    const target = {
      kind: 'create',
      name: 'go-ci-gate',
      headSha: 'a'.repeat(40),
      conclusion: 'failure'
    } as const
    expect(
      checkRunWarning({ status: 502, reason: 'Bad Gateway', operation: 'create' }, target)
    ).toMatch(
      /^could not create a check run "go-ci-gate": GitHub answered 502 \(Bad Gateway\)\. The findings/
    )
    expect(
      checkRunWarning({ reason: 'connect ECONNREFUSED', operation: 'create' }, target)
    ).toMatch(
      /^could not create a check run "go-ci-gate": could not reach GitHub \(connect ECONNREFUSED\)\./
    )
  })
})
