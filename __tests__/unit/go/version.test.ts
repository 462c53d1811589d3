import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import semver from 'semver'
import {
  compareGoVersions,
  formatGoVersion,
  isLanguageVersion,
  matchesRelease,
  parseGoVersion,
  parseToolchainName,
  parseWrittenVersion,
  requiresPatchedForm,
  toSemver,
  type GoVersion
} from '../../../src/go/version.js'

function v(text: string): GoVersion {
  const parsed = parseGoVersion(text)
  if (parsed === undefined) throw new Error(`test setup: ${text} does not parse`)
  return parsed
}

/** Versions as go writes them: 1.22 (language), 1.22rc1 / 1.22beta2, 1.22.3. */
const goVersion: fc.Arbitrary<GoVersion> = fc
  .record({
    major: fc.integer({ min: 1, max: 3 }),
    minor: fc.integer({ min: 0, max: 40 }),
    tail: fc.oneof(
      fc.constant<{ kind: 'language' }>({ kind: 'language' }),
      fc.record({ kind: fc.constant<'patch'>('patch'), n: fc.integer({ min: 0, max: 30 }) }),
      fc.record({
        kind: fc.constantFrom<'beta' | 'rc'>('beta', 'rc'),
        n: fc.integer({ min: 1, max: 9 })
      })
    )
  })
  .map(({ major, minor, tail }) => {
    const version: GoVersion = { major, minor }
    if (tail.kind === 'patch') version.patch = tail.n
    else if (tail.kind !== 'language') version.prerelease = { kind: tail.kind, number: tail.n }
    return version
  })

describe('parseGoVersion', () => {
  it.each<[string, GoVersion]>([
    ['1.26.8', { major: 1, minor: 26, patch: 8 }],
    ['go1.26.8', { major: 1, minor: 26, patch: 8 }],
    ['1.22', { major: 1, minor: 22 }],
    ['1.21rc1', { major: 1, minor: 21, prerelease: { kind: 'rc', number: 1 } }],
    ['go1.23beta2', { major: 1, minor: 23, prerelease: { kind: 'beta', number: 2 } }],
    [' 1.20 ', { major: 1, minor: 20 }]
  ])('reads %j', (text, expected) => {
    expect(parseGoVersion(text)).toEqual(expected)
  })

  it.each([
    '',
    '1',
    'devel go1.27-abcdef',
    '1.22.0-rc.1',
    'go1.22.x',
    'latest',
    '1.2.3.4',
    'v1.22.0'
  ])('rejects %j', (text) => {
    expect(parseGoVersion(text)).toBeUndefined()
  })
})

describe('compareGoVersions', () => {
  it('orders a language version before its pre-releases, then its releases', () => {
    const ordered = [
      '1.20.14',
      '1.21',
      '1.21beta1',
      '1.21rc1',
      '1.21rc2',
      '1.21.0',
      '1.21.1',
      '1.21.10',
      '1.22'
    ]
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const expected = Math.sign(i - j)
        const actual = compareGoVersions(v(ordered[i] as string), v(ordered[j] as string))
        expect([ordered[i], ordered[j], actual === expected]).toEqual([
          ordered[i],
          ordered[j],
          true
        ])
      }
    }
  })

  it('compares minors numerically, not as text', () => {
    expect(compareGoVersions(v('1.9.0'), v('1.10.0'))).toBe(-1)
    expect(compareGoVersions(v('1.26.8'), v('1.26.10'))).toBe(-1)
  })

  it('is antisymmetric', () => {
    fc.assert(
      fc.property(
        goVersion,
        goVersion,
        (a, b) => compareGoVersions(a, b) === -compareGoVersions(b, a)
      )
    )
  })

  it('is transitive', () => {
    fc.assert(
      fc.property(goVersion, goVersion, goVersion, (a, b, c) => {
        const ab = compareGoVersions(a, b)
        const bc = compareGoVersions(b, c)
        const ac = compareGoVersions(a, c)
        if (ab <= 0 && bc <= 0 && ac > 0) return false
        if (ab < 0 && bc <= 0 && ac >= 0) return false
        return true
      }),
      { numRuns: 2000 }
    )
  })

  it('is zero exactly for equal versions', () => {
    fc.assert(
      fc.property(goVersion, goVersion, (a, b) => {
        const same = formatGoVersion(a) === formatGoVersion(b)
        return (compareGoVersions(a, b) === 0) === same
      })
    )
  })

  it('agrees with semver on releases and pre-releases', () => {
    const notLanguage = goVersion.filter((x) => !isLanguageVersion(x))
    fc.assert(
      fc.property(
        notLanguage,
        notLanguage,
        (a, b) => compareGoVersions(a, b) === semver.compare(toSemver(a), toSemver(b))
      )
    )
  })
})

describe('formatGoVersion', () => {
  it('round-trips through parseGoVersion', () => {
    fc.assert(
      fc.property(goVersion, (version) => {
        const text = formatGoVersion(version)
        const again = parseGoVersion(text)
        return (
          again !== undefined &&
          formatGoVersion(again) === text &&
          compareGoVersions(again, version) === 0
        )
      })
    )
  })

  it.each(['1.26.8', '1.22', '1.21rc1', '1.23beta2'])(
    'writes %s back as it was written',
    (text) => {
      expect(formatGoVersion(v(text))).toBe(text)
      expect(formatGoVersion(v(`go${text}`))).toBe(text)
    }
  )
})

describe('toSemver', () => {
  it.each([
    ['1.22', '1.22.0'],
    ['1.26.8', '1.26.8'],
    ['1.21rc1', '1.21.0-rc.1'],
    ['1.23beta2', '1.23.0-beta.2']
  ])('spells %s as %s', (text, expected) => {
    expect(toSemver(v(text))).toBe(expected)
  })

  it('matches go-version ranges the way setup-go users write them', () => {
    expect(semver.satisfies(toSemver(v('1.26.8')), '1.26.x')).toBe(true)
    expect(semver.satisfies(toSemver(v('1.26.8')), '>=1.99')).toBe(false)
    expect(semver.satisfies(toSemver(v('1.27rc1')), '>=1.26', { includePrerelease: true })).toBe(
      true
    )
  })
})

describe('isLanguageVersion / requiresPatchedForm', () => {
  it.each([
    ['1.22', true, true],
    ['1.21', true, true],
    ['1.20', true, false],
    ['1.22.0', false, true],
    ['1.22rc1', false, true],
    ['1.16', true, false]
  ])('%s: language %s, patched form required %s', (text, language, patched) => {
    expect(isLanguageVersion(v(text))).toBe(language)
    expect(requiresPatchedForm(v(text))).toBe(patched)
  })
})

describe('toolchain names and written versions', () => {
  it.each([
    ['go1.26.8', '1.26.8'],
    ['go1.26.8 X:nocoverageredesign', '1.26.8'],
    ['go1.21.1-bigcorp', '1.21.1'],
    ['gccgo-go1.21.1', '1.21.1'],
    ['go1.22rc1', '1.22rc1']
  ])('parseToolchainName(%j)', (name, expected) => {
    expect(parseToolchainName(name)).toEqual(parseGoVersion(expected))
  })

  it.each(['devel go1.27-abcdef', 'default', 'local', ''])(
    'parseToolchainName(%j) is undefined',
    (name) => {
      expect(parseToolchainName(name)).toBeUndefined()
    }
  )

  it.each([
    ['1.26.x', '1.26'],
    ['go1.26.1', '1.26.1'],
    [' 1.25 ', '1.25']
  ])('parseWrittenVersion(%j)', (text, expected) => {
    expect(parseWrittenVersion(text)).toEqual(parseGoVersion(expected))
  })

  it.each([
    ['1.26', '1.26.8', true],
    ['1.26', '1.27.0', false],
    ['1.26.8', '1.26.8', true],
    ['1.26.7', '1.26.8', false]
  ])('matchesRelease(%s, %s) is %s', (stated, release, expected) => {
    expect(matchesRelease(parseGoVersion(stated)!, parseGoVersion(release)!)).toBe(expected)
  })
})
