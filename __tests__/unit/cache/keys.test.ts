// Cache keys: what changes them, what does not, and GitHub's limits (512 characters, no commas,
// 10 keys) whatever the inputs.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  MAX_CACHE_KEY_SUFFIX,
  cacheKeys,
  flagsHash,
  rollingPart,
  sumsHash,
  validateCacheKeySuffix,
  type CacheKeyInputs,
  type CacheKeys
} from '../../../src/cache/keys.js'

const SUMS = [
  {
    path: 'go.sum',
    content: 'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n'
  },
  {
    path: 'tools/go.sum',
    content: 'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\n'
  },
  { path: 'go.work.sum', content: 'github.com/google/uuid v1.5.0/go.mod h1:abc=\n' }
]

const BASE: CacheKeyInputs = {
  os: 'Linux',
  arch: 'X64',
  goVersion: 'go1.26.8',
  sums: SUMS,
  race: true,
  tags: 'integration',
  targets: ['linux/arm64'],
  rolling: rollingPart('0123456789abcdef0123456789abcdef01234567')
}

const keys = (over: Partial<CacheKeyInputs> = {}): CacheKeys => cacheKeys({ ...BASE, ...over })

/** GitHub's rules, as @actions/cache checks them before it asks the service. */
function expectWithinLimits(k: CacheKeys): void {
  for (const entry of [k.module, k.build]) {
    const all = [entry.key, ...entry.restoreKeys]
    expect(all.length).toBeLessThanOrEqual(10)
    for (const key of all) {
      expect(key.length).toBeLessThanOrEqual(512)
      expect(key).not.toContain(',')
    }
    // Every restore key is a prefix of the primary key: a changed input restores the nearest.
    for (const r of entry.restoreKeys) expect(entry.key.startsWith(r)).toBe(true)
  }
}

describe('cacheKeys', () => {
  it('names the platform, go version, flags and commit, with restore keys from near to far', () => {
    const k = keys()
    expect(k.module.key).toMatch(/^go-ci-gate-mod-Linux-X64-[0-9a-f]{20}$/)
    expect(k.module.restoreKeys).toEqual(['go-ci-gate-mod-Linux-X64-'])
    expect(k.build.key).toMatch(
      /^go-ci-gate-build-Linux-X64-go1\.26\.8-race-[0-9a-f]{8}-0123456789ab$/
    )
    const flags = k.build.key.slice(0, -'0123456789ab'.length)
    expect(k.build.restoreKeys).toEqual([flags, 'go-ci-gate-build-Linux-X64-go1.26.8-'])
    expectWithinLimits(k)
  })

  it('changes the module key when any go.sum in scope changes, not only the root one', () => {
    const before = keys().module.key
    for (let i = 0; i < SUMS.length; i++) {
      const sums = SUMS.map((s, j) => (j === i ? { ...s, content: `${s.content}x y h1:z=\n` } : s))
      const after = keys({ sums })
      expect(after.module.key).not.toBe(before)
      // ...and the restore key still finds the previous entry.
      expect(before.startsWith(after.module.restoreKeys[0] as string)).toBe(true)
    }
    expect(keys({ sums: SUMS.slice(0, 2) }).module.key).not.toBe(before)
    expect(keys({ sums: [...SUMS, { path: 'new/go.sum', content: '' }] }).module.key).not.toBe(
      before
    )
  })

  it('keeps the module key when only the build changes, and the build key when only go.sum does', () => {
    const k = keys()
    const other = keys({ race: false, tags: 'e2e', rolling: 'fedcba987654', goVersion: '1.25.0' })
    expect(other.module).toEqual(k.module)
    const sums = [{ path: 'go.sum', content: 'changed' }]
    expect(keys({ sums }).build).toEqual(k.build)
  })

  it('does not depend on the order sums, tags or targets arrive in', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(SUMS, { minLength: SUMS.length }),
        fc.shuffledSubarray(['a', 'b', 'integration', 'x_y'], { minLength: 4 }),
        fc.shuffledSubarray(['linux/arm64', 'windows/amd64', 'darwin/arm64'], { minLength: 3 }),
        (sums, tags, targets) => {
          const k = keys({ sums, tags, targets })
          const ref = keys({
            sums: SUMS,
            tags: 'a,b,integration,x_y',
            targets: ['darwin/arm64', 'linux/arm64', 'windows/amd64']
          })
          expect(k).toEqual(ref)
        }
      )
    )
  })

  it('normalises path spelling and line endings, but not content', () => {
    const crlf = SUMS.map((s) => ({
      path: `./${s.path}`,
      content: s.content.replace(/\n/g, '\r\n')
    }))
    expect(sumsHash(crlf)).toBe(sumsHash(SUMS))
    expect(sumsHash([{ path: 'go.sum', content: 'a' }])).not.toBe(
      sumsHash([{ path: 'go.sum', content: 'b' }])
    )
    // The same content under another module's path is another cache.
    expect(sumsHash([{ path: 'a/go.sum', content: 'x' }])).not.toBe(
      sumsHash([{ path: 'b/go.sum', content: 'x' }])
    )
  })

  it('gives every flag that changes build output its own build key', () => {
    const seen = new Set([
      keys().build.key,
      keys({ race: false }).build.key,
      keys({ tags: 'integration,slow' }).build.key,
      keys({ tags: [] }).build.key,
      keys({ targets: [] }).build.key,
      keys({ targets: ['linux/arm64', 'windows/amd64'] }).build.key,
      keys({ buildFlags: ['cover'] }).build.key,
      keys({ goVersion: '1.26.7' }).build.key,
      keys({ rolling: 'fedcba987654' }).build.key,
      keys({ os: 'macOS' }).build.key,
      keys({ arch: 'ARM64' }).build.key
    ])
    expect(seen.size).toBe(11)
    expect(flagsHash({ tags: 'a b,c' })).toBe(flagsHash({ tags: ['c', 'b', 'a', 'a'] }))
    expect(keys({ goVersion: '1.26.8' })).toEqual(keys({ goVersion: 'go1.26.8' }))
  })

  it('never restores across go versions, and never from another suffix or from none', () => {
    const plain = keys()
    const a = keys({ suffix: 'a' })
    // Suffixes that spell the next segments: with a plain '-' between, a restore key of `plain`
    // or `a` would be a prefix of their keys.
    const all = [
      plain,
      a,
      ...['a-b', 'Linux-X64', 'a-Linux-X64', 'Linux-X64-go1.26.8'].map((suffix) => keys({ suffix }))
    ]
    for (const x of all) {
      for (const y of all) {
        if (x === y) continue
        for (const r of [...x.module.restoreKeys, ...x.build.restoreKeys]) {
          expect(y.module.key.startsWith(r)).toBe(false)
          expect(y.build.key.startsWith(r)).toBe(false)
        }
      }
    }
    expect(a.module.key).toMatch(/^go-ci-gate-mod\(a\)-Linux-X64-/)
    const older = keys({ goVersion: '1.26' })
    for (const r of older.build.restoreKeys) expect(plain.build.key.startsWith(r)).toBe(false)
  })

  it('stays within the limits with a suffix at its longest and a huge tag or target list', () => {
    const suffix = 'S'.repeat(MAX_CACHE_KEY_SUFFIX)
    const tags = Array.from({ length: 5000 }, (_, i) => `tag_${i}`)
    const targets = Array.from({ length: 500 }, (_, i) => `os${i}/arch${i}`)
    const k = keys({ suffix, tags, targets, buildFlags: ['a,b,c'.repeat(300)] })
    expectWithinLimits(k)
    expect(k.build.key).toContain(`build(${suffix})`)
  })

  it('stays within the limits whatever the runner reports', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 600 }),
        fc.string({ maxLength: 600 }),
        fc.string({ maxLength: 600 }),
        fc.array(fc.string({ maxLength: 50 }), { maxLength: 20 }),
        (os, arch, goVersion, tags) => {
          expectWithinLimits(keys({ os, arch, goVersion, tags }))
        }
      )
    )
  })

  it('sanitises odd runner values into segments without separators or commas', () => {
    const k = keys({ os: 'Linux, really', arch: 'x-64', goVersion: 'devel go1.27-abc Tue' })
    expect(k.module.key).toMatch(/^go-ci-gate-mod-Linux__really~[0-9a-f]{8}-x_64~[0-9a-f]{8}-/)
    expect(k.build.key).toMatch(/-godevel_go1\.27_abc_Tue~[0-9a-f]{8}-race-/)
    expectWithinLimits(k)
  })

  it('rejects a suffix or rolling part no key can hold, saying why', () => {
    expect(() => keys({ suffix: 'a,b' })).toThrow(
      'cache-key-suffix: "a,b" contains a comma, which GitHub does not allow in cache keys'
    )
    expect(() => keys({ suffix: 'x'.repeat(101) })).toThrow('is 101 characters long')
    expect(() => keys({ rolling: '' })).toThrow('invalid rolling cache key part ""')
    expect(() => keys({ rolling: 'a-b' })).toThrow('invalid rolling cache key part "a-b"')
  })
})

describe('validateCacheKeySuffix', () => {
  it('accepts what matrix values look like', () => {
    for (const ok of ['ubuntu-latest', 'race', 'go1.26.x', 'shard_3', 'a'.repeat(100)]) {
      expect(validateCacheKeySuffix(ok)).toBeUndefined()
    }
  })

  it('says what is wrong and what to use instead', () => {
    expect(validateCacheKeySuffix('')).toMatch(/^the value is empty; use up to 100 letters/)
    expect(validateCacheKeySuffix('linux,race')).toBe(
      '"linux,race" contains a comma, which GitHub does not allow in cache keys; use up to 100 letters, digits, dots, dashes and underscores, e.g. ${{ matrix.os }}-race'
    )
    expect(validateCacheKeySuffix('a b')).toMatch(/^"a b" contains " "; use up to 100/)
    expect(validateCacheKeySuffix('(x)')).toMatch(/^"\(x\)" contains "\("/)
    expect(validateCacheKeySuffix('x'.repeat(101))).toMatch(
      /^"x{20}\.\.\." is 101 characters long; .*GitHub allows 512 characters per cache key/
    )
  })
})

describe('rollingPart', () => {
  it('is the commit, shortened, or the UTC day without one', () => {
    expect(rollingPart('0123456789ABCDEF0123456789abcdef01234567')).toBe('0123456789ab')
    const day = new Date('2025-01-31T23:30:00Z')
    expect(rollingPart(undefined, day)).toBe('d20250131')
    expect(rollingPart('not a sha', day)).toBe('d20250131')
  })
})
