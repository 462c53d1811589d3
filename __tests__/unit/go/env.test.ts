import os from 'node:os'
import { describe, expect, it } from '@jest/globals'
import {
  FINGERPRINT_KEYS,
  environmentFingerprint,
  parseGoEnvJson,
  pinEnvironment,
  pinGoflags,
  type GoEnv
} from '../../../src/go/env.js'

describe('pinGoflags', () => {
  it.each([
    ['', '-mod=readonly'],
    ['-mod=mod', '-mod=readonly'],
    ['-mod=readonly', '-mod=readonly'],
    ['-v -mod=mod -tags=integration', '-v -tags=integration -mod=readonly'],
    ['-mod=vendor', '-mod=vendor'],
    ['--mod=vendor -race', '-race -mod=vendor'],
    // The last -mod wins, as in go's own flag parsing.
    ['-mod=vendor -mod=mod', '-mod=readonly'],
    ['-mod=mod -mod=vendor', '-mod=vendor'],
    // -modcacherw is another flag, not a -mod= setting.
    ['-modcacherw -mod=mod', '-modcacherw -mod=readonly'],
    ['  -trimpath\t-buildvcs=false  ', '-trimpath -buildvcs=false -mod=readonly']
  ])('pins %j to %j', (input, expected) => {
    expect(pinGoflags(input)).toBe(expected)
  })

  it('is idempotent', () => {
    for (const flags of ['-v -mod=mod', '-mod=vendor -race', '']) {
      expect(pinGoflags(pinGoflags(flags))).toBe(pinGoflags(flags))
    }
  })
})

describe('pinGoflags in a vendoring repository', () => {
  it.each([
    ['', ''],
    ['-mod=mod -count=1', '-count=1'],
    ['-mod=vendor', '-mod=vendor'],
    ['-mod=readonly', '-mod=readonly']
  ])('leaves go to build from vendor/: %j -> %j', (input, expected) => {
    expect(pinGoflags(input, true)).toBe(expected)
  })
})

describe('pinEnvironment', () => {
  const runner: GoEnv = {
    GOPROXY: 'https://proxy.example.com,direct',
    GOSUMDB: 'sum.example.com',
    GOPRIVATE: 'github.com/acme/*',
    GOFLAGS: '-mod=mod -v'
  }

  it("takes the runner's values when no input overrides them", () => {
    expect(pinEnvironment(runner, { gotoolchain: 'local' })).toEqual({
      GOPROXY: 'https://proxy.example.com,direct',
      GOSUMDB: 'sum.example.com',
      GOPRIVATE: 'github.com/acme/*',
      GOFLAGS: '-v -mod=readonly',
      GOTOOLCHAIN: 'local',
      GO111MODULE: 'on'
    })
  })

  it('lets inputs override the runner', () => {
    const pinned = pinEnvironment(runner, {
      goproxy: 'https://goproxy.example.com',
      gosumdb: 'off',
      goprivate: 'corp.example.com',
      gotoolchain: 'go1.26.8'
    })
    expect(pinned).toMatchObject({
      GOPROXY: 'https://goproxy.example.com',
      GOSUMDB: 'off',
      GOPRIVATE: 'corp.example.com',
      GOTOOLCHAIN: 'go1.26.8'
    })
  })
})

describe('environmentFingerprint', () => {
  const goEnv: GoEnv = {
    GOVERSION: 'go1.26.8',
    GOOS: 'linux',
    GOARCH: 'amd64',
    CGO_ENABLED: '1',
    GOFLAGS: '-mod=readonly',
    GOPROXY: 'https://proxy.example.com,direct',
    GOSUMDB: 'sum.example.com',
    GOTOOLCHAIN: 'local',
    GODEBUG: '',
    GOPATH: '/home/runner/go'
  }
  const processEnv = { GOMAXPROCS: '4' }

  it('gives the same 12-hex-digit hash for the same values', () => {
    const a = environmentFingerprint(goEnv, processEnv)
    const b = environmentFingerprint({ ...goEnv }, { ...processEnv })
    expect(a.hash).toMatch(/^[0-9a-f]{12}$/)
    expect(b.hash).toBe(a.hash)
  })

  it('does not depend on the order keys were listed in', () => {
    const reversed = Object.fromEntries(Object.entries(goEnv).reverse())
    expect(environmentFingerprint(reversed, processEnv).hash).toBe(
      environmentFingerprint(goEnv, processEnv).hash
    )
  })

  it.each([
    'GOVERSION',
    'GOOS',
    'GOARCH',
    'CGO_ENABLED',
    'GOFLAGS',
    'GOPROXY',
    'GOSUMDB',
    'GOTOOLCHAIN'
  ])('changes when %s changes', (key) => {
    const changed = { ...goEnv, [key]: `${goEnv[key] ?? ''}-changed` }
    expect(environmentFingerprint(changed, processEnv).hash).not.toBe(
      environmentFingerprint(goEnv, processEnv).hash
    )
  })

  it('changes with GOMAXPROCS and GODEBUG from the process environment', () => {
    const base = environmentFingerprint(goEnv, processEnv).hash
    expect(environmentFingerprint(goEnv, { GOMAXPROCS: '8' }).hash).not.toBe(base)
    expect(environmentFingerprint(goEnv, { ...processEnv, GODEBUG: 'gctrace=1' }).hash).not.toBe(
      base
    )
  })

  it('ignores variables that do not decide what a build produces', () => {
    const base = environmentFingerprint(goEnv, processEnv).hash
    expect(environmentFingerprint({ ...goEnv, GOPATH: '/elsewhere' }, processEnv).hash).toBe(base)
    expect(environmentFingerprint(goEnv, { ...processEnv, HOME: '/root' }).hash).toBe(base)
  })

  it('records every fingerprint key, GOMAXPROCS defaulting to the usable CPUs', () => {
    const { values } = environmentFingerprint(goEnv, {})
    expect(Object.keys(values)).toEqual([...FINGERPRINT_KEYS])
    expect(values.GOMAXPROCS).toBe(String(os.availableParallelism()))
    expect(values.GOFLAGS).toBe('-mod=readonly')
    expect(environmentFingerprint(goEnv, { GODEBUG: 'panicnil=1' }).values.GODEBUG).toBe(
      'panicnil=1'
    )
  })
})

describe('parseGoEnvJson', () => {
  it('reads go env -json into strings', () => {
    expect(parseGoEnvJson('{"GOOS":"linux","CGO_ENABLED":"0"}')).toEqual({
      GOOS: 'linux',
      CGO_ENABLED: '0'
    })
  })

  it('rejects what is not an object', () => {
    expect(() => parseGoEnvJson('[]')).toThrow('did not print an object')
    expect(() => parseGoEnvJson('null')).toThrow('did not print an object')
  })
})
