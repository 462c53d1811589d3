import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  isVersionFileName,
  parseGoVersionFile,
  parseToolVersions,
  parseVersionFile
} from '../../../src/go/versionfiles.js'

describe('parseGoVersionFile', () => {
  it.each([
    ['1.26.1\n', { version: '1.26.1', line: 1 }],
    ['1.26', { version: '1.26', line: 1 }],
    ['  go1.25.3  \r\n', { version: 'go1.25.3', line: 1 }],
    ['\n# pinned for CI\n\n1.24.0\n1.99.0\n', { version: '1.24.0', line: 4 }],
    ['\uFEFF1.23.4\n', { version: '1.23.4', line: 1 }],
    ['\r\n\r\n1.22.0 # why\r\n', { version: '1.22.0', line: 3 }]
  ])('reads %j', (text, expected) => {
    expect(parseGoVersionFile(text)).toEqual(expected)
  })

  it.each(['', '\n\n', '# only a comment\n'])('finds no version in %j', (text) => {
    expect(parseGoVersionFile(text)).toBeUndefined()
  })
})

describe('parseToolVersions', () => {
  it.each([
    ['golang 1.26.1\n', { version: '1.26.1', line: 1 }],
    ['nodejs 24.1.0\ngo 1.25.0\n', { version: '1.25.0', line: 2 }],
    [
      '# tools\nnodejs 24.1.0\n  golang   1.26.1 1.25.0   # fallback\n',
      { version: '1.26.1', line: 3 }
    ],
    ['python 3.13.0\r\ngolang 1.24.2\r\n', { version: '1.24.2', line: 2 }],
    ['golang system\n', { version: 'system', line: 1 }],
    ['golang\ngolang 1.26.0\n', { version: '1.26.0', line: 2 }]
  ])('reads %j', (text, expected) => {
    expect(parseToolVersions(text)).toEqual(expected)
  })

  it.each(['', 'nodejs 24.1.0\n', '# golang 1.26.1\n', 'golangci-lint 2.1.0\n', 'gopls 0.20.0\n'])(
    'finds no Go in %j',
    (text) => {
      expect(parseToolVersions(text)).toBeUndefined()
    }
  )
})

describe('parseVersionFile', () => {
  it('picks the parser by name', () => {
    expect(parseVersionFile('.go-version', 'golang 1.26.1\n')).toEqual({
      version: 'golang',
      line: 1
    })
    expect(parseVersionFile('.tool-versions', 'golang 1.26.1\n')).toEqual({
      version: '1.26.1',
      line: 1
    })
  })

  it('knows the names', () => {
    expect(isVersionFileName('.go-version')).toBe(true)
    expect(isVersionFileName('.tool-versions')).toBe(true)
    expect(isVersionFileName('go.mod')).toBe(false)
  })

  it('never throws, and what it returns is one word on a line that holds it', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        'g',
        'o',
        'l',
        'a',
        'n',
        '1',
        '.',
        ' ',
        '\t',
        '\n',
        '\r',
        '#',
        '\uFEFF'
      ),
      maxLength: 200
    })
    fc.assert(
      fc.property(
        text,
        fc.constantFrom('.go-version' as const, '.tool-versions' as const),
        (t, name) => {
          const entry = parseVersionFile(name, t)
          if (entry === undefined) return true
          const lines = t.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
          const line = lines[entry.line - 1]
          return (
            entry.version !== '' &&
            !/[\s#]/.test(entry.version) &&
            line !== undefined &&
            line.split('#')[0]?.includes(entry.version) === true
          )
        }
      )
    )
  })
})
