import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  findDirectiveLine,
  findReplaceLine,
  isLocalReplace,
  locateDirectives,
  parseGoModJson,
  parseGoWorkJson
} from '../../../src/go/gomod.js'
import { loadFailure } from '../../../src/go/modules.js'

/** Text made of the characters the tokenizer cares about. */
const goModish = fc.string({
  unit: fc.constantFrom('a', 'x', '1', '.', ' ', '\t', '\n', '\r', '(', ')', '"', '`', '/', '\\'),
  maxLength: 300
})

const GO_MOD = [
  '// A go.mod with everything the parser has to get past.', // 1
  'module example.com/app // the module', // 2
  '', // 3
  'go 1.22.0', // 4
  '', // 5
  'toolchain go1.26.1 // pinned', // 6
  '', // 7
  'require (', // 8
  '\texample.com/a v1.0.0', // 9
  '\t// a comment inside the block', // 10
  '\texample.com/b v1.2.0 // indirect', // 11
  ')', // 12
  '', // 13
  'require example.com/c v0.3.0', // 14
  '', // 15
  'replace example.com/a => ../a', // 16
  'replace (', // 17
  '\t"example.com/quoted" v1.0.0 => `example.com/raw` v1.1.0', // 18
  '\texample.com/b v1.2.0 => example.com/b-fork v1.2.1', // 19
  ') // end of block', // 20
  'exclude example.com/d v0.1.0', // 21
  'require ()', // 22
  'retract [v1.0.0, v1.0.5] // broken' // 23
].join('\n')

describe('locateDirectives', () => {
  it('lists every directive with its words and line, blocks unfolded, comments dropped', () => {
    expect(locateDirectives(GO_MOD)).toEqual([
      { verb: 'module', args: ['example.com/app'], line: 2 },
      { verb: 'go', args: ['1.22.0'], line: 4 },
      { verb: 'toolchain', args: ['go1.26.1'], line: 6 },
      { verb: 'require', args: ['example.com/a', 'v1.0.0'], line: 9 },
      { verb: 'require', args: ['example.com/b', 'v1.2.0'], line: 11 },
      { verb: 'require', args: ['example.com/c', 'v0.3.0'], line: 14 },
      { verb: 'replace', args: ['example.com/a', '=>', '../a'], line: 16 },
      {
        verb: 'replace',
        args: ['example.com/quoted', 'v1.0.0', '=>', 'example.com/raw', 'v1.1.0'],
        line: 18
      },
      {
        verb: 'replace',
        args: ['example.com/b', 'v1.2.0', '=>', 'example.com/b-fork', 'v1.2.1'],
        line: 19
      },
      { verb: 'exclude', args: ['example.com/d', 'v0.1.0'], line: 21 },
      { verb: 'retract', args: ['[v1.0.0,', 'v1.0.5]'], line: 23 }
    ])
  })

  it('gives the same lines for CRLF files', () => {
    expect(locateDirectives(GO_MOD.replace(/\n/g, '\r\n'))).toEqual(locateDirectives(GO_MOD))
  })

  it('reads a go.work', () => {
    const work =
      'go 1.24.0\r\n\r\ntoolchain go1.26.1\r\n\r\nuse (\r\n\t./a\r\n\t"./b c"\r\n)\r\nuse ./d\r\n'
    expect(locateDirectives(work)).toEqual([
      { verb: 'go', args: ['1.24.0'], line: 1 },
      { verb: 'toolchain', args: ['go1.26.1'], line: 3 },
      { verb: 'use', args: ['./a'], line: 6 },
      { verb: 'use', args: ['./b c'], line: 7 },
      { verb: 'use', args: ['./d'], line: 9 }
    ])
  })

  it('keeps // inside quoted paths', () => {
    expect(locateDirectives('replace "example.com/x//y" => ./y // why')).toEqual([
      { verb: 'replace', args: ['example.com/x//y', '=>', './y'], line: 1 }
    ])
  })

  it('treats `require(` without a space as a block', () => {
    expect(locateDirectives('require(\n\texample.com/a v1.0.0\n)\n')).toEqual([
      { verb: 'require', args: ['example.com/a', 'v1.0.0'], line: 2 }
    ])
  })

  it('never throws and reports, in order, lines that exist', () => {
    fc.assert(
      fc.property(goModish, (text) => {
        const lineCount = text.split(/\r?\n/).length
        const directives = locateDirectives(text)
        return directives.every(
          (d, i) =>
            d.line >= 1 &&
            d.line <= lineCount &&
            (i === 0 || (directives[i - 1]?.line ?? 0) <= d.line) &&
            ![d.verb, ...d.args].some((w) => w.includes('\n'))
        )
      })
    )
  })
})

describe('findDirectiveLine / findReplaceLine', () => {
  const directives = locateDirectives(GO_MOD)

  it('finds a directive by verb and leading words', () => {
    expect(findDirectiveLine(directives, 'go')).toBe(4)
    expect(findDirectiveLine(directives, 'toolchain')).toBe(6)
    expect(findDirectiveLine(directives, 'require', ['example.com/b'])).toBe(11)
    expect(findDirectiveLine(directives, 'require', ['example.com/nope'])).toBeUndefined()
    expect(findDirectiveLine(directives, 'godebug')).toBeUndefined()
  })

  it('finds a replace with or without its version', () => {
    expect(findReplaceLine(directives, { Path: 'example.com/b', Version: 'v1.2.0' })).toBe(19)
    expect(findReplaceLine(directives, { Path: 'example.com/a' })).toBe(16)
    expect(findReplaceLine(directives, { Path: 'example.com/quoted', Version: 'v9.9.9' })).toBe(18)
  })
})

describe('go JSON', () => {
  it('parses go mod edit -json output', () => {
    const json = parseGoModJson(
      '{"Module":{"Path":"example.com/app"},"Go":"1.22.0","Toolchain":"go1.26.1","Require":null,"Exclude":null,"Replace":[{"Old":{"Path":"example.com/a"},"New":{"Path":"../a"}}],"Retract":null}'
    )
    expect(json?.Go).toBe('1.22.0')
    expect(json?.Toolchain).toBe('go1.26.1')
    expect(json?.Replace?.map(isLocalReplace)).toEqual([true])
  })

  it('rejects JSON that is not a go.mod', () => {
    expect(parseGoModJson('{"Go":"1.22.0"}')).toBeUndefined()
  })

  it('parses go work edit -json output', () => {
    const json = parseGoWorkJson(
      '{"Go":"1.24.0","Use":[{"DiskPath":"./a"},{"DiskPath":"./b"}],"Replace":null}'
    )
    expect(json?.Use?.map((u) => u.DiskPath)).toEqual(['./a', './b'])
  })

  // Reproducers from bench/fuzz.mjs: text that is not JSON threw, and fields of another type
  // came back as they were, for a check to trip over later.
  it.each([
    ['\t', 'not JSON'],
    ['{"Module":{"Path":""},"Go":false}', 'a Go that is not a string'],
    ['{"Module":{"Path":""},"Require":[{"Path":""}]}', 'a require without a version'],
    ['{"Module":{"Path":""},"Replace":[{"Old":{"Path":""},"New":5}]}', 'a replace of a number'],
    ['{"Module":{"Path":""},"Toolchain":null}', 'a null Toolchain']
  ])('parseGoModJson(%j): undefined (%s), never a throw', (text) => {
    expect(parseGoModJson(text)).toBeUndefined()
  })

  it.each([
    ['}', 'not JSON'],
    ['9', 'not an object'],
    ['{"Go":null}', 'a null Go'],
    ['{"Use":[{}]}', 'a use without a DiskPath'],
    ['{"Replace":5}', 'Replace not a list']
  ])('parseGoWorkJson(%j): undefined (%s), never a throw', (text) => {
    expect(parseGoWorkJson(text)).toBeUndefined()
  })

  it('says why there is no JSON: go’s message, or go exiting 0 without it', () => {
    const ended = (exitCode: number | null, stderr = '') => ({
      exitCode,
      stderr,
      timedOut: false,
      signal: exitCode === null ? ('SIGKILL' as const) : null
    })
    expect(loadFailure('go mod edit -json', ended(1, 'go: bad go.mod\n'))).toBe('go: bad go.mod')
    expect(loadFailure('go mod edit -json', ended(2))).toBe('go mod edit -json exited 2')
    expect(loadFailure('go mod edit -json', ended(null))).toBe(
      'go mod edit -json was killed by SIGKILL'
    )
    expect(loadFailure('go work edit -json', ended(0))).toBe(
      "go work edit -json exited 0 without printing the file's JSON"
    )
  })

  it('reads a missing list as null, as go prints an empty one', () => {
    expect(parseGoModJson('{"Module":{"Path":"example.com/m"}}')).toEqual({
      Module: { Path: 'example.com/m' },
      Require: null,
      Exclude: null,
      Replace: null,
      Retract: null
    })
  })
})
