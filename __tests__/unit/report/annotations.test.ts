import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../../../__fixtures__/core.js'
import type { Finding, Severity } from '../../../src/findings.js'
import { changeSet, finding } from './fixtures.js'

jest.unstable_mockModule('@actions/core', () => core)

const { emitAnnotations, selectAnnotations, toAnnotation, totalHidden } =
  await import('../../../src/report/annotations.js')

const root = '/repo'

function many(severity: Severity, count: number, file = 'go.mod'): Finding[] {
  return Array.from({ length: count }, (_, i) =>
    finding({ severity, file, line: i + 1, title: `${severity} ${i + 1}` })
  )
}

describe('selectAnnotations', () => {
  it('shows 10 of 25 errors and counts 15 as hidden', () => {
    // All in one file: with no other file to make room for, the cap of 3 per file does not apply.
    const { shown, hidden } = selectAnnotations(many('error', 25))
    expect(shown).toHaveLength(10)
    expect(hidden).toEqual({ error: 15, warning: 0, notice: 0 })
    expect(totalHidden(hidden)).toBe(15)
    expect(shown.map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('puts errors before warnings before notices, at most 10 each', () => {
    const findings = [...many('notice', 12), ...many('warning', 11), ...many('error', 3)]
    const { shown, hidden } = selectAnnotations(findings)
    expect(shown.map((f) => f.severity)).toEqual([
      ...Array<Severity>(3).fill('error'),
      ...Array<Severity>(10).fill('warning'),
      ...Array<Severity>(10).fill('notice')
    ])
    expect(hidden).toEqual({ error: 0, warning: 1, notice: 2 })
  })

  it('puts findings on changed lines first, then in changed files, then the rest', () => {
    const findings = [
      ...many('error', 12, 'a/go.mod'),
      finding({ file: 'z/go.mod', line: 99 }),
      finding({ file: 'y/go.mod', line: 5 })
    ]
    const changes = changeSet({ 'z/go.mod': 'file', 'y/go.mod': [{ start: 4, end: 6 }] })
    const { shown } = selectAnnotations(findings, { changes })
    expect(shown.slice(0, 2)).toMatchObject([
      { file: 'y/go.mod', line: 5 },
      { file: 'z/go.mod', line: 99 }
    ])
    expect(shown).toHaveLength(10)
  })

  it('spreads the shown findings over files: 3 from one while others wait', () => {
    const findings = [...many('error', 12, 'a/go.mod'), ...many('error', 2, 'b/go.mod')]
    const { shown, hidden } = selectAnnotations(findings)
    expect(shown.filter((f) => f.file === 'b/go.mod')).toHaveLength(2)
    expect(shown.filter((f) => f.file === 'a/go.mod').map((f) => f.line)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8
    ])
    expect(hidden.error).toBe(4)
  })

  it('puts located findings before unlocated ones, then orders by file and line', () => {
    const findings = [
      finding({ title: 'nowhere' }),
      finding({ title: 'file only', file: 'a.go' }),
      finding({ title: 'b:2', file: 'b.go', line: 2 }),
      finding({ title: 'a:7', file: 'a.go', line: 7 }),
      finding({ title: 'b:1', file: 'b.go', line: 1 })
    ]
    const { shown } = selectAnnotations(findings)
    // The order every report uses (compareFindings): unlocated findings by file, none first.
    expect(shown.map((f) => f.title)).toEqual(['a:7', 'b:1', 'b:2', 'nowhere', 'file only'])
  })

  it('keeps the checks order for findings that compare equal', () => {
    const findings = [finding({ title: 'first' }), finding({ title: 'second' })]
    expect(selectAnnotations(findings).shown.map((f) => f.title)).toEqual(['first', 'second'])
  })
})

describe('toAnnotation', () => {
  it('maps location, title and fix', () => {
    const annotation = toAnnotation(
      finding({ file: 'go.mod', line: 3, column: 1, fix: 'run go mod tidy' }),
      root
    )
    expect(annotation).toEqual({
      message: 'go.mod requires modules but go.sum does not exist\nFix: run go mod tidy',
      properties: {
        title: 'go.sum is missing',
        file: 'go.mod',
        startLine: 3,
        endLine: 3,
        startColumn: 1
      }
    })
  })

  it('drops the column of a multi-line range (GitHub rejects it)', () => {
    const { properties } = toAnnotation(
      finding({ file: 'go.mod', line: 3, endLine: 5, column: 2 }),
      root
    )
    expect(properties).toMatchObject({ startLine: 3, endLine: 5 })
    expect(properties.startColumn).toBeUndefined()
  })

  it('moves a path that escapes the root into the message', () => {
    const { message, properties } = toAnnotation(
      finding({ file: '../fork/go.mod', line: 4, column: 2 }),
      root
    )
    expect(properties).toEqual({ title: 'go.sum is missing' })
    expect(message).toBe('../fork/go.mod:4:2: go.mod requires modules but go.sum does not exist')
  })

  it('quotes an unsafe path in the message', () => {
    const { message, properties } = toAnnotation(finding({ file: 'go.mod\nx', line: 1 }), root)
    expect(properties.file).toBeUndefined()
    expect(message.startsWith('"go.mod\\nx":1: ')).toBe(true)
  })
})

describe('toAnnotation with a path a runner could read as a command', () => {
  it('moves it into the message, where it is made safe when emitted', () => {
    const { message, properties } = toAnnotation(
      finding({ file: 'x/##[error]y/go.mod', line: 2 }),
      root
    )
    expect(properties.file).toBeUndefined()
    expect(message.startsWith('x/##[error]y/go.mod:2: ')).toBe(true)
  })
})

describe('emitAnnotations', () => {
  it('makes message and title safe: core escapes line breaks, not `##[`', () => {
    emitAnnotations(
      [
        finding({
          title: 'import ##[error]x',
          message: 'boom\n::add-path::/evil\n##[set-output name=result;]pass',
          fix: '::set-output name=result::pass'
        })
      ],
      root
    )
    expect(core.error).toHaveBeenCalledWith(
      'boom\n: :add-path::/evil\n## [set-output name=result;]pass\nFix: ::set-output name=result::pass',
      { title: 'import ## [error]x' }
    )
  })

  it('emits the selection through core by severity and returns it', () => {
    const findings = [
      ...many('error', 12),
      finding({ severity: 'warning', file: 'go.sum', line: 7, title: 'w' }),
      finding({ severity: 'notice', title: 'n' })
    ]
    const selection = emitAnnotations(findings, root)
    expect(core.error).toHaveBeenCalledTimes(10)
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.notice).toHaveBeenCalledTimes(1)
    expect(core.error).toHaveBeenNthCalledWith(1, expect.any(String), {
      title: 'error 1',
      file: 'go.mod',
      startLine: 1,
      endLine: 1
    })
    expect(core.warning).toHaveBeenCalledWith(expect.any(String), {
      title: 'w',
      file: 'go.sum',
      startLine: 7,
      endLine: 7
    })
    expect(core.notice).toHaveBeenCalledWith(expect.any(String), { title: 'n' })
    expect(selection.hidden).toEqual({ error: 2, warning: 0, notice: 0 })
  })

  it('uses a given sink and honours the changes', () => {
    const sink = { error: jest.fn(), warning: jest.fn(), notice: jest.fn() }
    emitAnnotations([...many('error', 10), finding({ file: 'b.go', line: 1 })], root, sink, {
      changes: changeSet({ 'b.go': [{ start: 1, end: 1 }] })
    })
    expect(sink.error).toHaveBeenCalledTimes(10)
    expect(sink.error.mock.calls[0]?.[1]).toMatchObject({ file: 'b.go' })
    expect(core.error).not.toHaveBeenCalled()
  })
})
