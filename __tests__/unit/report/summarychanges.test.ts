// The job summary when the run knows (or cannot know) what the pull request changed.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { Finding } from '../../../src/findings.js'
import { renderSummary } from '../../../src/report/summary.js'
import { changeSet, finding, report, result, testsFindings, testsReport } from './fixtures.js'

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

const changes = {
  known: true as const,
  set: changeSet({ 'go.mod': [{ start: 7, end: 9 }], 'calc/calc_test.go': 'file' })
}

function pullRequestReport() {
  return report([
    result({
      check: 'toolchain',
      status: 'fail',
      findings: [finding({ check: 'toolchain', title: 'too new', file: 'go.mod', line: 3 })]
    }),
    result({
      check: 'env',
      findings: [finding({ check: 'env', severity: 'warning', title: 'GOSUMDB=off' })]
    }),
    result({
      check: 'tidy',
      status: 'fail',
      findings: [
        finding({ check: 'tidy', title: 'untidy', file: 'go.mod', line: 8 }),
        finding({ check: 'tidy', severity: 'warning', title: 'odd', file: 'go.mod', line: 9 })
      ]
    }),
    result({
      check: 'builds',
      status: 'fail',
      findings: [finding({ check: 'builds', title: 'no build', file: 'cmd/main.go', line: 4 })]
    })
  ])
}

/** The findings' titles in the order the summary lists them, with the headings between. */
function outline(md: string): string[] {
  return md
    .split('\n')
    .filter((l) => /^#{3,4} |^(❌|⚠️|ℹ️) \*\*/.test(l))
    .map((l) => (l.startsWith('#') ? l : (/ · \*\*([^*]+)\*\*/.exec(l)?.[1] ?? l)))
}

describe('renderSummary with the changes known', () => {
  const md = renderSummary(pullRequestReport(), { changes })

  it('lists changed lines first, then changed files, then the rest; errors first within each', () => {
    expect(outline(md).slice(0, 10)).toEqual([
      '### Findings',
      '#### On changed lines',
      'untidy',
      'odd',
      '#### In changed files',
      'too new',
      '#### Elsewhere',
      'no build',
      'GOSUMDB=off',
      '### Checks'
    ])
  })

  it('names the check in each finding, since the list is not grouped by check', () => {
    expect(md).toContain('❌ **error** · tidy · `go.mod:8` · **untidy**')
    expect(md).toContain('⚠️ **warning** · env · **GOSUMDB=off**')
    expect(md).not.toContain('#### toolchain')
  })

  it('says under the verdict how many findings lie outside the changes', () => {
    const [verdict] = md.split('### Findings')
    expect(verdict).toContain('📍 2 of 5 findings lie outside the changes of pull request #7.')
  })

  it('says it for one finding, and for none outside', () => {
    const one = report([result({ findings: [finding({ file: 'go.mod', line: 8 })] })])
    expect(renderSummary(one, { changes })).toContain(
      '📍 The finding lies within the changes of pull request #7.'
    )
    const elsewhere = report([result({ findings: [finding({ file: 'a.go', line: 1 })] })])
    expect(renderSummary(elsewhere, { changes })).toContain(
      '📍 The finding lies outside the changes of pull request #7.'
    )
    const inside = report([
      result({ findings: [finding({ file: 'go.mod', line: 8 }), finding({ file: 'go.mod' })] })
    ])
    expect(renderSummary(inside, { changes })).toContain(
      '📍 0 of 2 findings lie outside the changes of pull request #7.'
    )
    expect(renderSummary(report([result()]), { changes })).not.toContain('📍')
  })

  it('leaves out the headings of empty groups', () => {
    const r = report([result({ findings: [finding({ file: 'a.go', line: 1 })] })])
    const lines = outline(renderSummary(r, { changes }))
    expect(lines).toEqual(['### Findings', '#### Elsewhere', 'go.sum is missing', '### Checks'])
  })

  it('keeps races in the Tests section, not in the list', () => {
    const r = report([result({ check: 'tests', status: 'fail', findings: testsFindings() })], {
      tests: testsReport()
    })
    const md = renderSummary(r, { changes })
    const [findings] = md.split('### Tests')
    expect(findings).not.toContain('Data race in TestCounter')
    expect(findings).toContain(
      '#### In changed files\n\n❌ **error** · tests · `calc/calc_test.go:12`'
    )
    // The count is over every finding, the race included.
    expect(md).toContain('📍 3 of 4 findings lie outside the changes of pull request #7.')
  })

  it('never exceeds the budget, and a cut never leaves a heading without its finding', () => {
    const files = ['go.mod', 'calc/calc_test.go', 'a.go', 'b.go']
    const arbitrary = fc.record({
      file: fc.constantFrom(...files),
      line: fc.integer({ min: 1, max: 12 }),
      message: fc.string({ maxLength: 400 })
    })
    fc.assert(
      fc.property(
        fc.array(arbitrary, { maxLength: 40, size: 'max' }),
        fc.integer({ min: 2500, max: 8000 }),
        (specs, budget) => {
          const findings: Finding[] = specs.map((s) => finding(s))
          const md = renderSummary(report([result({ status: 'fail', findings })]), {
            changes,
            budgetBytes: budget
          })
          expect(bytes(md)).toBeLessThanOrEqual(budget)
          const lines = md.split('\n')
          lines.forEach((line, i) => {
            if (!/^####? /.test(line) || line === '### Checks') return
            // The next non-empty line is a finding or a subheading, never the closing notes.
            const next = lines.slice(i + 1).find((l) => l !== '') ?? ''
            expect(next).toMatch(/^(####? |❌ )/)
          })
        }
      ),
      { numRuns: 100 }
    )
  })
})

describe('renderSummary with the changes unknown', () => {
  const reason =
    "the pull request's diff could not be read: GitHub answered 403 to the pull request files API " +
    'and the checkout has no base commit 0123abc (fetch-depth: 0 would give it)'
  const md = renderSummary(pullRequestReport(), { changes: { known: false, reason } })

  it('says why once, under the verdict, and lists the findings as without changes', () => {
    expect(md.split('could not be read')).toHaveLength(2)
    const [verdict] = md.split('### Findings')
    expect(verdict).toContain(
      "ℹ️ Findings are not ordered by what changed, which is not known: the pull request's diff"
    )
    expect(verdict).toContain('(fetch-depth: 0 would give it).')
    const without = renderSummary(pullRequestReport())
    expect(md.slice(md.indexOf('### Findings'))).toBe(
      without.slice(without.indexOf('### Findings'))
    )
    expect(md).toContain('#### toolchain')
  })

  it('says nothing when there are no findings to order', () => {
    const md = renderSummary(report([result()]), { changes: { known: false, reason } })
    expect(md).not.toContain('not ordered by what changed')
  })

  it('is as today without changes to speak of', () => {
    const r = pullRequestReport()
    expect(renderSummary(r, { changes: undefined })).toBe(renderSummary(r))
    expect(renderSummary(r)).not.toMatch(/📍|not ordered by what changed/)
  })
})
