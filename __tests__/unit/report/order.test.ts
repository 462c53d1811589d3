import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { compareFindings, SEVERITIES, type Finding } from '../../../src/findings.js'
import { orderFindings, outsideDiff, placeOf, spreadSelection } from '../../../src/report/order.js'
import { changeSet, finding } from './fixtures.js'

const changes = changeSet({
  'calc/calc.go': [
    { start: 10, end: 12 },
    { start: 40, end: 40 }
  ],
  'logo.png': 'file',
  'only/deleted.go': []
})

describe('placeOf', () => {
  it('tells changed lines, changed files and elsewhere apart', () => {
    const at = (file: string | undefined, line?: number, endLine?: number) =>
      placeOf(finding({ file, line, endLine }), changes)
    expect(at('calc/calc.go', 10)).toBe('changed-line')
    expect(at('calc/calc.go', 12)).toBe('changed-line')
    expect(at('./calc/calc.go', 40)).toBe('changed-line')
    expect(at('calc/calc.go', 13)).toBe('changed-file')
    // A range overlapping a changed line is on it.
    expect(at('calc/calc.go', 35, 41)).toBe('changed-line')
    expect(at('calc/calc.go')).toBe('changed-file')
    expect(at('logo.png', 1)).toBe('changed-file')
    expect(at('only/deleted.go', 3)).toBe('changed-file')
    expect(at('other.go', 10)).toBe('elsewhere')
    expect(at(undefined)).toBe('elsewhere')
    expect(placeOf(finding({ file: 'calc/calc.go', line: 10 }))).toBe('elsewhere')
  })
})

describe('orderFindings', () => {
  const findings = [
    finding({
      title: 'warning on a changed line',
      severity: 'warning',
      file: 'calc/calc.go',
      line: 11
    }),
    finding({ title: 'error elsewhere', file: 'a.go', line: 1 }),
    finding({ title: 'error in a changed file', file: 'calc/calc.go', line: 99 }),
    finding({ title: 'error on a changed line', file: 'calc/calc.go', line: 40 }),
    finding({ title: 'unlocated error' })
  ]

  it('puts changed lines, then changed files, then the rest; errors first within each', () => {
    expect(orderFindings(findings, changes).map((f) => f.title)).toEqual([
      'error on a changed line',
      'warning on a changed line',
      'error in a changed file',
      'error elsewhere',
      'unlocated error'
    ])
    expect(outsideDiff(findings, changes)).toBe(2)
  })

  it('without a change set, orders as compareFindings does, without changing the input', () => {
    const copy = [...findings]
    expect(orderFindings(findings)).toEqual([...findings].sort(compareFindings))
    expect(findings).toEqual(copy)
  })
})

const FILES = ['a.go', 'b.go', 'calc/calc.go', 'logo.png', undefined] as const
const arbitraryFinding: fc.Arbitrary<Finding> = fc
  .record({
    severity: fc.constantFrom(...SEVERITIES),
    file: fc.constantFrom(...FILES),
    line: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined })
  })
  .map(({ severity, file, line }) =>
    finding({ severity, file, line: file === undefined ? undefined : line })
  )

describe('spreadSelection', () => {
  it('spreads over files, keeps the per-severity limit, and accounts for every finding', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryFinding, { maxLength: 60, size: 'max' }),
        fc.boolean(),
        fc.integer({ min: 0, max: 12 }),
        (findings, withChanges, perSeverity) => {
          const set = withChanges ? changes : undefined
          const { shown, hidden } = spreadSelection(findings, set, { perSeverity })
          expect(new Set(shown).size).toBe(shown.length)
          for (const severity of SEVERITIES) {
            const all = findings.filter((f) => f.severity === severity)
            const mine = shown.filter((f) => f.severity === severity)
            expect(mine.length).toBe(Math.min(perSeverity, all.length))
            expect(mine.length + hidden[severity]).toBe(all.length)
            // Shown in the report order.
            const ordered = orderFindings(all, set)
            expect(mine).toEqual(ordered.filter((f) => mine.includes(f)))
            // More than 3 from one file only when every file left out already shows 3.
            const count = (file: string | undefined) => mine.filter((f) => f.file === file).length
            const leftOut = all.filter((f) => !mine.includes(f))
            if (mine.some((f) => count(f.file) > 3)) {
              for (const f of leftOut) expect(count(f.file)).toBeGreaterThanOrEqual(3)
            }
          }
          // Errors, then warnings, then notices.
          const ranks = shown.map((f) => SEVERITIES.indexOf(f.severity))
          expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
        }
      ),
      { numRuns: 300 }
    )
  })

  it('shows 3 from the changed file and the rest from others, changed lines first', () => {
    const many = (file: string, count: number, from = 1) =>
      Array.from({ length: count }, (_, i) =>
        finding({ file, line: from + i, title: `${file}:${from + i}` })
      )
    const findings = [...many('a.go', 12), ...many('calc/calc.go', 8, 8), ...many('b.go', 2)]
    const { shown, hidden } = spreadSelection(findings, changes)
    // 3 from each file first; the room left goes to the rest in order, so the changed file's
    // other lines; all shown in the report order.
    expect(shown.map((f) => f.title)).toEqual([
      'calc/calc.go:10',
      'calc/calc.go:11',
      'calc/calc.go:12',
      'calc/calc.go:8',
      'calc/calc.go:9',
      'a.go:1',
      'a.go:2',
      'a.go:3',
      'b.go:1',
      'b.go:2'
    ])
    expect(hidden).toEqual({ error: 12, warning: 0, notice: 0 })
  })
})
