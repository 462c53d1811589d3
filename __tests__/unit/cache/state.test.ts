// The main step's message to the post step (GITHUB_STATE): what it writes, the post step reads
// back unchanged; no state reads as none; anything else (another version's, a truncated one, a
// field or path the main step never writes) is an InvalidCacheStateError naming the problem.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  CACHE_STATE_NAME,
  InvalidCacheStateError,
  parseCacheState,
  serializeCacheState,
  type CacheState
} from '../../../src/cache/state.js'

const STATE: CacheState = {
  version: 1,
  startedAt: 1_750_000_000_000,
  savePolicy: 'auto',
  timeoutMs: 300_000,
  sums: ['/repo/go.sum', '/repo/tools/go.sum', '/repo/go.work.sum'],
  keepModules: ['golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64'],
  entries: [
    {
      name: 'module',
      path: '/home/runner/go/pkg/mod',
      key: 'go-ci-gate-mod-Linux-X64-0123456789abcdef0123',
      restoreKeys: ['go-ci-gate-mod-Linux-X64-'],
      matchedKey: 'go-ci-gate-mod-Linux-X64-0123456789abcdef0123',
      size: { files: 12, bytes: 3456 },
      durationMs: 210
    },
    {
      name: 'build',
      path: '/home/runner/.cache/go-build',
      key: 'go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-0123456789ab',
      restoreKeys: [
        'go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-',
        'go-ci-gate-build-Linux-X64-go1.26.8-'
      ],
      skipped: '/home/runner/.cache/go-build already holds files',
      populated: true
    }
  ]
}

const without = (field: keyof CacheState): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...STATE }
  delete copy[field]
  return copy
}

describe('serializeCacheState / parseCacheState', () => {
  it('reads back exactly what the main step wrote', () => {
    const text = serializeCacheState(STATE)
    expect(JSON.parse(text)).toEqual(STATE)
    expect(parseCacheState(text)).toEqual(STATE)
  })

  it('keeps each save policy and an empty plan', () => {
    for (const savePolicy of ['auto', 'always', 'never'] as const) {
      const state: CacheState = { ...STATE, savePolicy, sums: [], keepModules: [], entries: [] }
      expect(parseCacheState(serializeCacheState(state))).toEqual(state)
    }
  })

  it('writes one line: GITHUB_STATE holds name=value lines', () => {
    expect(serializeCacheState(STATE)).not.toContain('\n')
    expect(CACHE_STATE_NAME).toBe('go-ci-gate-cache')
  })

  it('round-trips any state the main step can write', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._ -]{1,12}$/)
    const absolute = fc.array(segment, { minLength: 1, maxLength: 4 }).map((p) => `/${p.join('/')}`)
    const suffix = fc.option(fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/), { nil: undefined })
    const entry = fc
      .tuple(fc.constantFrom('module' as const, 'build' as const), suffix)
      .chain(([name, sfx]) => {
        const base = `go-ci-gate-${name === 'module' ? 'mod' : 'build'}${sfx === undefined ? '' : `(${sfx})`}-`
        const key = fc.stringMatching(/^[A-Za-z0-9._+~-]{1,60}$/).map((rest) => base + rest)
        return fc.record(
          {
            name: fc.constant(name),
            path: absolute,
            key,
            restoreKeys: fc.array(key, { maxLength: 3 }),
            matchedKey: key,
            skipped: fc.string({ maxLength: 40 }),
            populated: fc.boolean(),
            size: fc.record({ files: fc.nat(), bytes: fc.nat() }),
            durationMs: fc.nat()
          },
          { requiredKeys: ['name', 'path', 'key', 'restoreKeys'] }
        )
      })
    const state = fc.record({
      version: fc.constant(1 as const),
      startedAt: fc.nat(),
      savePolicy: fc.constantFrom('auto' as const, 'always' as const, 'never' as const),
      timeoutMs: fc.integer({ min: 1000, max: 3_600_000 }),
      sums: fc.array(
        fc.tuple(absolute, fc.constantFrom('go.sum', 'go.work.sum')).map(([d, f]) => `${d}/${f}`),
        { maxLength: 4 }
      ),
      keepModules: fc.array(
        fc
          .tuple(
            fc.stringMatching(/^1\.[0-9]{1,2}\.[0-9]{1,2}$/),
            fc.constantFrom('linux-amd64', 'darwin-arm64')
          )
          .map(([v, p]) => `golang.org/toolchain@v0.0.1-go${v}.${p}`),
        { maxLength: 1 }
      ),
      entries: fc.uniqueArray(entry, { maxLength: 2, selector: (e) => e.name })
    })
    fc.assert(
      fc.property(state, (s) => {
        expect(parseCacheState(serializeCacheState(s))).toEqual(s)
      })
    )
  })
})

describe('parseCacheState: no state', () => {
  it.each([
    ['nothing saved (core.getState gives "")', ''],
    ['only whitespace', ' \n\t']
  ])('%s', (_what, text) => {
    expect(parseCacheState(text)).toBeUndefined()
  })
})

/** The problem parseCacheState names for `text`, or 'accepted'. */
function problem(text: string): string {
  try {
    parseCacheState(text)
    return 'accepted'
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCacheStateError)
    return (error as InvalidCacheStateError).problem
  }
}

const withEntry = (i: number, change: Record<string, unknown>): Record<string, unknown> => ({
  ...STATE,
  entries: STATE.entries.map((e, j) => (i === j ? { ...e, ...change } : e))
})

// The state file is writable by every later step of the job: anything but what the main step
// writes is refused, with the first problem named.
describe('parseCacheState: a state the main step did not write', () => {
  it.each([
    ['not JSON', 'go-ci-gate-cache', 'not JSON: "go-ci-gate-cache"'],
    ['cut off', serializeCacheState(STATE).slice(0, 70), /^not JSON: "\{.*\.\.\."$/],
    ['JSON null', 'null', /^the state: /],
    ['a number', '1', /^the state: /],
    ['a string', JSON.stringify(serializeCacheState(STATE)), /^the state: /],
    ['an array', JSON.stringify([STATE]), /^the state: /],
    ['an empty object', '{}', /^version: /]
  ])('%s', (_what, text, expected) => {
    if (typeof expected === 'string') expect(problem(text)).toBe(expected)
    else expect(problem(text)).toMatch(expected)
  })

  it.each([
    ['another version', { ...STATE, version: 2 }, /^version: /],
    ['version as a string', { ...STATE, version: '1' }, /^version: /],
    ['startedAt missing', without('startedAt'), /^startedAt: /],
    ['startedAt as a string', { ...STATE, startedAt: '1750000000000' }, /^startedAt: /],
    ['startedAt negative', { ...STATE, startedAt: -1 }, /^startedAt: /],
    ['timeoutMs missing', without('timeoutMs'), /^timeoutMs: /],
    ['timeoutMs null', { ...STATE, timeoutMs: null }, /^timeoutMs: /],
    ['timeoutMs 0', { ...STATE, timeoutMs: 0 }, /^timeoutMs: /],
    ['timeoutMs a day', { ...STATE, timeoutMs: 86_400_000 }, /^timeoutMs: /],
    ['savePolicy missing', without('savePolicy'), /^savePolicy: /],
    ['an unknown savePolicy', { ...STATE, savePolicy: 'sometimes' }, /^savePolicy: /],
    ['savePolicy empty', { ...STATE, savePolicy: '' }, /^savePolicy: /],
    ['sums missing', without('sums'), /^sums: /],
    ['sums as a string', { ...STATE, sums: '/repo/go.sum' }, /^sums: /],
    [
      'a sums file that is not a go.sum',
      { ...STATE, sums: ['/repo/go.sum', '/home/runner/.ssh/id_rsa'] },
      'sums.1: "/home/runner/.ssh/id_rsa" is not a go.sum or go.work.sum'
    ],
    [
      'a relative sums file',
      { ...STATE, sums: ['go.sum'] },
      'sums.0: "go.sum" is not an absolute path'
    ],
    ['keepModules missing', without('keepModules'), /^keepModules: /],
    ['keepModules as an object', { ...STATE, keepModules: {} }, /^keepModules: /],
    [
      'a keepModules path that is no toolchain',
      { ...STATE, keepModules: ['../../../etc@v1'] },
      'keepModules.0: "../../../etc@v1" is not a Go toolchain module'
    ],
    ['entries missing', without('entries'), /^entries: /],
    ['entries as an object', { ...STATE, entries: { module: STATE.entries[0] } }, /^entries: /],
    ['three entries', { ...STATE, entries: [...STATE.entries, STATE.entries[0]] }, /^entries: /],
    [
      'two module entries',
      { ...STATE, entries: [STATE.entries[0], STATE.entries[0]] },
      'entries: an entry is named twice'
    ],
    ['an unknown field', { ...STATE, paths: ['/etc'] }, /^the state: .*paths/],
    ['an unknown entry field', withEntry(0, { extraPaths: ['/etc'] }), /^entries\.0: .*extraPaths/],
    ['an entry of another kind', withEntry(0, { name: 'secrets' }), /^entries\.0\.name: /],
    [
      'a relative entry path',
      withEntry(0, { path: 'pkg/mod' }),
      'entries.0.path: "pkg/mod" is not an absolute path'
    ],
    [
      'an entry path with a NUL',
      withEntry(0, { path: '/home/runner/go/pkg/mod\u0000' }),
      /^entries\.0\.path: .* is not an absolute path$/
    ],
    [
      'a key go-ci-gate never makes',
      withEntry(1, { key: 'setup-go-Linux-x64-go-1.26.8' }),
      'entries.1.key: "setup-go-Linux-x64-go-1.26.8" is not a go-ci-gate cache key'
    ],
    [
      'a key with a comma',
      withEntry(0, { key: 'go-ci-gate-mod-Linux-X64-a,b' }),
      /^entries\.0\.key: .* is not a go-ci-gate cache key$/
    ],
    [
      'a key over 512 characters',
      withEntry(0, { key: `go-ci-gate-mod-Linux-X64-${'a'.repeat(500)}` }),
      /^entries\.0\.key: /
    ],
    [
      "the build cache's key on the module entry",
      withEntry(0, { key: STATE.entries[1]!.key }),
      'entries.0: a key is of the other cache'
    ],
    [
      'a module restore key on the build entry',
      withEntry(1, { restoreKeys: ['go-ci-gate-mod-Linux-X64-'] }),
      'entries.1: a key is of the other cache'
    ],
    ['populated as a string', withEntry(1, { populated: 'true' }), /^entries\.1\.populated: /]
  ])('%s', (_what, value, expected) => {
    const text = JSON.stringify(value)
    if (typeof expected === 'string') expect(problem(text)).toBe(expected)
    else expect(problem(text)).toMatch(expected)
  })

  it('says so in one line naming the state', () => {
    expect(() => parseCacheState('{')).toThrow(new InvalidCacheStateError('not JSON: "{"'))
    expect(new InvalidCacheStateError('x').message).toBe(
      'the cache state is not what the main step writes: x'
    )
  })

  it('throws nothing but InvalidCacheStateError, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        try {
          const parsed = parseCacheState(text)
          if (parsed !== undefined) expect(parsed.version).toBe(1)
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCacheStateError)
        }
      })
    )
  })
})
