// The small pure pieces the tests check is built from: go list's JSON stream, coverage profiles,
// test function lines, and telling the machine's failures from the code's.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { addCoverage, parseCoverProfile, percent } from '../../../src/go/coverprofile.js'
import { splitJsonObjects } from '../../../src/go/jsonobjects.js'
import { packageFiles, parseGoListJson } from '../../../src/go/packages.js'
import { environmentFailure, raceUnavailableReason } from '../../../src/go/testenv.js'
import { findTestFuncs, topLevelTest } from '../../../src/go/testfuncs.js'

describe('parseGoListJson', () => {
  it('splits the objects go list prints one after another', () => {
    const stdout = `{
\t"Dir": "/repo/a",
\t"ImportPath": "example.com/m/a",
\t"TestGoFiles": ["a_test.go"],
\t"Error": {"Err": "brace } and quote \\" inside"}
}
{
\t"Dir": "/repo/b",
\t"ImportPath": "example.com/m/b",
\t"GoFiles": ["b.go"],
\t"XTestGoFiles": ["b_ext_test.go"]
}
`
    const packages = parseGoListJson(stdout)
    expect(packages.map((p) => p.ImportPath)).toEqual(['example.com/m/a', 'example.com/m/b'])
    expect(packages[0]?.Error?.Err).toBe('brace } and quote " inside')
    expect(packageFiles(packages[1]!)).toEqual(['b.go', 'b_ext_test.go'])
  })

  it('drops a cut-off object and never throws', () => {
    expect(parseGoListJson('{"ImportPath": "a"}\n{"ImportPath": "b", "Dir": "/x')).toEqual([
      { ImportPath: 'a' }
    ])
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(() => parseGoListJson(text)).not.toThrow()
        for (const object of splitJsonObjects(text)) expect(object.startsWith('{')).toBe(true)
      })
    )
  })
})

describe('parseCoverProfile', () => {
  // The shape -coverprofile writes (mode atomic under -race); the block in b.go is listed by two
  // test binaries, covered by one.
  const profile = `mode: atomic
example.com/m/a/a.go:3.24,5.2 2 1
example.com/m/a/a.go:7.24,9.2 1 0
example.com/m/b/b.go:3.20,6.2 3 0
example.com/m/b/b.go:3.20,6.2 3 4
example.com/m/b/b.go:8.20,9.2 4 0
`
  it('counts statements per package and in total, a block covered by any run as covered', () => {
    const { total, packages } = parseCoverProfile(profile)
    expect(total).toEqual({ statements: 10, covered: 5 })
    expect(packages.get('example.com/m/a')).toEqual({ statements: 3, covered: 2 })
    expect(packages.get('example.com/m/b')).toEqual({ statements: 7, covered: 3 })
    expect(percent(total)).toBe(50)
    expect(percent({ statements: 3, covered: 2 })).toBe(66.7)
    expect(percent({ statements: 0, covered: 0 })).toBe(0)
    expect(addCoverage(total, { statements: 2, covered: 2 })).toEqual({
      statements: 12,
      covered: 7
    })
  })
})

describe('findTestFuncs', () => {
  it('finds test, benchmark, fuzz and example functions with their lines', () => {
    const source = [
      'package m',
      '',
      'func TestA(t *testing.T) {}',
      'func helper() {}',
      'func BenchmarkB(b *testing.B) {}',
      'func FuzzC(f *testing.F) {}',
      'func ExampleD() {}',
      'func TestGeneric[T any](t *testing.T) {}',
      '// func TestCommented(t *testing.T) {}',
      'func TestMain(m *testing.M) {}'
    ].join('\n')
    expect([...findTestFuncs(source)]).toEqual([
      ['TestA', 3],
      ['BenchmarkB', 5],
      ['FuzzC', 6],
      ['ExampleD', 7],
      ['TestGeneric', 8],
      ['TestMain', 10]
    ])
    expect(topLevelTest('TestA/sub/case')).toBe('TestA')
    expect(topLevelTest('TestA')).toBe('TestA')
  })
})

describe('raceUnavailableReason', () => {
  const onPath = (files: string[]) => (file: string) => files.includes(file)
  it('is undefined with cgo on and the compiler on PATH', () => {
    expect(
      raceUnavailableReason({ CGO_ENABLED: '1', CC: 'gcc' }, '/usr/bin', onPath(['/usr/bin/gcc']))
    ).toBeUndefined()
  })
  it('names cgo when it is off, and the missing compiler when that is why', () => {
    expect(
      raceUnavailableReason({ CGO_ENABLED: '0', CC: 'gcc' }, '/usr/bin', onPath(['/usr/bin/gcc']))
    ).toBe('the race detector needs cgo, and CGO_ENABLED is 0')
    expect(raceUnavailableReason({ CGO_ENABLED: '0', CC: 'gcc' }, '/usr/bin', onPath([]))).toBe(
      'the race detector needs cgo, and cgo is off because no C compiler (gcc) was found on PATH'
    )
    expect(
      raceUnavailableReason({ CGO_ENABLED: '1', CC: 'clang -fno-x' }, '/usr/bin', onPath([]))
    ).toBe('the race detector needs a C compiler, and clang (go env CC) was not found on PATH')
  })
})

describe('environmentFailure', () => {
  it.each([
    [
      'FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000001000',
      'memory layout'
    ],
    ['==123==ERROR: ThreadSanitizer failed to allocate 0x1000 bytes', 'shadow memory'],
    ['fatal error: runtime: out of memory', 'out of memory'],
    ['fatal error: failed to reserve page summary memory', 'could not reserve'],
    ['signal: killed', 'killed']
  ])('recognises %s', (line, cause) => {
    expect(environmentFailure(['ok', line])?.cause).toContain(cause)
  })
  it('does not mistake a test failure for the machine', () => {
    expect(
      environmentFailure([
        '    calc_test.go:14: out of memory in the cache model',
        '--- FAIL: TestX'
      ])
    ).toBeUndefined()
  })
})
