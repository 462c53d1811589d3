// The main step's message to the post step (GITHUB_STATE): what it writes, the post step reads
// back unchanged; anything else (no state, another version's, a truncated one) reads as "no
// state", never as an exception that would end the post step.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  CACHE_STATE_NAME,
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

  it('round-trips any state the types allow', () => {
    const text = fc.string({ maxLength: 40 })
    const entry = fc.record(
      {
        name: fc.constantFrom('module' as const, 'build' as const),
        path: text,
        key: text,
        restoreKeys: fc.array(text, { maxLength: 3 }),
        matchedKey: text,
        skipped: text,
        populated: fc.boolean(),
        size: fc.record({ files: fc.nat(), bytes: fc.nat() }),
        durationMs: fc.nat()
      },
      { requiredKeys: ['name', 'path', 'key', 'restoreKeys'] }
    )
    const state = fc.record({
      version: fc.constant(1 as const),
      startedAt: fc.nat(),
      savePolicy: fc.constantFrom('auto' as const, 'always' as const, 'never' as const),
      timeoutMs: fc.nat(),
      sums: fc.array(text, { maxLength: 4 }),
      keepModules: fc.array(text, { maxLength: 2 }),
      entries: fc.array(entry, { maxLength: 2 })
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
    ['only whitespace', ' \n\t'],
    ['not JSON', 'go-ci-gate-cache'],
    ['cut off', serializeCacheState(STATE).slice(0, 60)],
    ['JSON null', 'null'],
    ['a number', '1'],
    ['a string', JSON.stringify(serializeCacheState(STATE))],
    ['an array', JSON.stringify([STATE])],
    ['an empty object', '{}']
  ])('%s', (_what, text) => {
    expect(parseCacheState(text)).toBeUndefined()
  })

  it.each([
    ['another version', { ...STATE, version: 2 }],
    ['version as a string', { ...STATE, version: '1' }],
    ['startedAt missing', without('startedAt')],
    ['startedAt as a string', { ...STATE, startedAt: '1750000000000' }],
    ['timeoutMs missing', without('timeoutMs')],
    ['timeoutMs null', { ...STATE, timeoutMs: null }],
    ['savePolicy missing', without('savePolicy')],
    ['an unknown savePolicy', { ...STATE, savePolicy: 'sometimes' }],
    ['savePolicy empty', { ...STATE, savePolicy: '' }],
    ['sums missing', without('sums')],
    ['sums as a string', { ...STATE, sums: '/repo/go.sum' }],
    ['keepModules missing', without('keepModules')],
    ['keepModules as an object', { ...STATE, keepModules: {} }],
    ['entries missing', without('entries')],
    ['entries as an object', { ...STATE, entries: { module: STATE.entries[0] } }]
  ])('%s', (_what, value) => {
    expect(parseCacheState(JSON.stringify(value))).toBeUndefined()
  })

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const parsed = parseCacheState(text)
        // Only a state with every field the post step reads comes back.
        if (parsed !== undefined) {
          expect(parsed.version).toBe(1)
          expect(Array.isArray(parsed.entries)).toBe(true)
        }
      })
    )
  })
})
