import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  fencedLines,
  isCommandLike,
  safeJson,
  safeLines,
  safeText,
  stopCommandsToken
} from '../../../src/report/safetext.js'

// Two readings of a runner line, written apart from the code under test.
//
// 1. The runner's own: .NET TrimStart, then a culture-sensitive StartsWith("::") and
//    IndexOf("##["). Node's ICU collator stands in for .NET's: equal under it means equal there.
const collator = new Intl.Collator('en')
const DOTNET_WHITESPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/
function icuStartsCommand(line: string): boolean {
  const trimmed = line.replace(DOTNET_WHITESPACE, '')
  for (let end = 0; end <= trimmed.length; end++) {
    if (collator.compare(trimmed.slice(0, end), '::') === 0) return true
  }
  return false
}
function icuHasLegacyMarker(line: string): boolean {
  for (let start = 0; start < line.length; start++) {
    for (let end = start + 1; end <= line.length; end++) {
      if (collator.compare(line.slice(start, end), '##[') === 0) return true
    }
  }
  return false
}

// 2. A wider one: drop every invisible character wherever it is, trim, then compare plainly.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{M}\p{Default_Ignorable_Code_Point}]/gu
function plainReading(line: string): { command: boolean; legacy: boolean } {
  const visible = line.replace(INVISIBLE, '')
  return { command: visible.trimStart().startsWith('::'), legacy: visible.includes('##[') }
}

const runnerLines = (text: string): string[] => text.split(/\r\n|\r|\n/)

// Mostly the characters that matter, sometimes any code point at all.
const hostileUnit = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      ':',
      '#',
      '[',
      ']',
      ' ',
      'a',
      '\t',
      '\n',
      '\r',
      '\v',
      '\u0000',
      '\u001f',
      '\u0085',
      '\u00a0',
      '\u00ad',
      '\u0301',
      '\u180e',
      '\u200b',
      '\u200d',
      '\u2028',
      '\u2060',
      '\ufe0f',
      '\ufeff',
      '\ud800',
      '\u{e0001}'
    )
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }
)
const hostileText = fc.string({ unit: hostileUnit, maxLength: 24 })

describe('the oracles', () => {
  it('read what the runner reads (the cases the module exists for)', () => {
    expect(icuStartsCommand('::set-output name=result::pass')).toBe(true)
    expect(icuStartsCommand(' \t::add-path::/evil')).toBe(true)
    // ICU skips invisible characters: why the module inserts a space, never one of them.
    expect(icuStartsCommand(':\u200b:set-output name=result::pass')).toBe(true)
    expect(icuStartsCommand('\u2060::warning::x')).toBe(true)
    expect(icuHasLegacyMarker('x ##[error]y')).toBe(true)
    expect(icuHasLegacyMarker('#\u200b#[error]y')).toBe(true)
    expect(icuStartsCommand(': :set-output')).toBe(false)
    expect(icuHasLegacyMarker('## [error]')).toBe(false)
  })
})

describe('safeText', () => {
  it('breaks `::` at a line start and `##[` anywhere with one space', () => {
    expect(safeText('::set-output name=result::pass')).toBe(': :set-output name=result::pass')
    expect(safeText('go mod verify in sub\n::set-output name=result::pass')).toBe(
      'go mod verify in sub\n: :set-output name=result::pass'
    )
    expect(
      safeText('\tserver response:\r\n\t::add-path::/evil\r##[set-output name=result;]pass')
    ).toBe('\tserver response:\n\t: :add-path::/evil\n## [set-output name=result;]pass')
    expect(safeText('invalid import path: example.com/##[error]pwned')).toBe(
      'invalid import path: example.com/## [error]pwned'
    )
    expect(safeText(':\u200b:x')).toBe(': \u200b:x')
    expect(safeText('\ufeff::x')).toBe('\ufeff: :x')
    expect(safeText('#\u2060#[x')).toBe('#\u2060# [x')
    expect(safeText('##[a##[b')).toBe('## [a## [b')
  })

  it('leaves every other line as it was', () => {
    for (const line of [
      'go-ci-gate: go1.26.8, 1 module(s)',
      'a::b',
      ' : :x',
      '# [x]',
      '#x#[',
      'C:\\go::x',
      '',
      'héllo 🌍 ＃＃［'
    ]) {
      expect(safeText(line)).toBe(line)
    }
  })

  it('never leaves a line the runner reads as a command (ICU reading)', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        for (const line of runnerLines(safeText(text))) {
          expect({
            line,
            command: icuStartsCommand(line),
            legacy: icuHasLegacyMarker(line)
          }).toEqual({ line, command: false, legacy: false })
        }
      }),
      { numRuns: 400 }
    )
  })

  it('never leaves a line that reads as a command with invisible characters dropped', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ unit: 'binary' })), (text) => {
        for (const line of runnerLines(safeText(text))) {
          expect({ line, ...plainReading(line) }).toEqual({ line, command: false, legacy: false })
          expect(isCommandLike(line)).toBe(false)
        }
      }),
      { numRuns: 1000 }
    )
  })

  it('changes a line only when it could be a command, and then only by inserting spaces', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const before = runnerLines(text)
        const after = safeLines(text)
        expect(after).toHaveLength(before.length)
        before.forEach((line, i) => {
          const out = after[i] as string
          const { command, legacy } = plainReading(line)
          if (!command && !legacy) expect(out).toBe(line)
          else expect(out).not.toBe(line)
          expect(out.replace(/ /g, '')).toBe(line.replace(/ /g, ''))
          expect(isCommandLike(line)).toBe(command || legacy)
        })
      }),
      { numRuns: 1000 }
    )
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(safeText(safeText(text))).toBe(safeText(text))
      })
    )
  })
})

describe('safeJson', () => {
  it('keeps the value and leaves no line a runner reads as a command', () => {
    fc.assert(
      fc.property(
        fc.dictionary(hostileText, fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 }))),
        (value) => {
          const json = safeJson(JSON.stringify(value, null, 2))
          expect(JSON.parse(json)).toEqual(value)
          for (const line of runnerLines(json)) {
            expect({ line, ...plainReading(line) }).toEqual({
              line,
              command: false,
              legacy: false
            })
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it('writes `##[` as `#\\u0023[`', () => {
    expect(safeJson(JSON.stringify({ m: 'a ##[error]b' }))).toBe('{"m":"a #\\u0023[error]b"}')
  })
})

describe('fencedLines', () => {
  it('fences safe lines with a fresh stop-commands token', () => {
    const lines = ['ok', '::set-output name=result::pass', 'x\n##[error]y']
    const fenced = fencedLines(lines)
    const token = /^::stop-commands::(go-ci-gate-[0-9a-f]{32})$/.exec(fenced[0] as string)?.[1]
    expect(token).toBeDefined()
    expect(fenced).toEqual([
      `::stop-commands::${token}`,
      'ok',
      ': :set-output name=result::pass',
      'x',
      '## [error]y',
      `::${token}::`
    ])
    expect(fencedLines(lines)[0]).not.toBe(fenced[0])
  })

  it('prints nothing for no lines', () => {
    expect(fencedLines([])).toEqual([])
  })

  it('makes tokens no text can guess', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => stopCommandsToken()))
    expect(tokens.size).toBe(100)
  })
})
