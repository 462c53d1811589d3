import { describe, expect, it } from '@jest/globals'
import { capText, printableValue } from '../../src/text.js'

describe('capText', () => {
  it('keeps short text, cuts long text saying how much was left out', () => {
    expect(capText('short', 10)).toBe('short')
    expect(capText('x'.repeat(40_000), 100)).toBe(`${'x'.repeat(100)}… (39900 more characters)`)
  })

  it('never splits a surrogate pair', () => {
    expect(capText(`ab${'😀'.repeat(3)}`, 3)).toBe('ab… (6 more characters)')
  })
})

describe('printableValue', () => {
  it('escapes newlines, controls and format characters, so a value stays on one line', () => {
    expect(printableValue('a\nb\r\tc\u001b[31m\u202e')).toBe('a\\nb\\r\\tc\\u{1b}[31m\\u{202e}')
  })

  it('cuts before it escapes', () => {
    expect(printableValue(`${'v'.repeat(120)}\n`, 100)).toBe(
      `${'v'.repeat(100)}… (21 more characters)`
    )
  })
})
