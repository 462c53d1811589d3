import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CHECK_NAMES } from '../../src/findings.js'
import {
  ConfigError,
  normaliseVersionRange,
  parseConfig,
  type RawInputs
} from '../../src/config.js'
import { readActionInputs } from '../../src/inputs.js'
import { VERSION } from '../../src/version.js'

let root: string
const label = (name: string): string => `input "${name}"`
const parse = (raw: RawInputs) => parseConfig(raw, { cwd: root, root, label })
const errorOf = (raw: RawInputs): string => {
  try {
    parse(raw)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigError')
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-config-'))
  fs.mkdirSync(path.join(root, 'svc'))
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/x\n\ngo 1.26.0\n')
  fs.writeFileSync(path.join(root, '.go-version'), '1.26.1\n')
  fs.writeFileSync(path.join(root, 'notes.txt'), '')
})
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

describe('parseConfig', () => {
  it('gives the documented defaults when nothing is set', () => {
    const config = parse({})
    expect(config).toEqual({
      root,
      workingDirectory: root,
      goVersion: undefined,
      goVersionFile: undefined,
      goproxy: undefined,
      gosumdb: undefined,
      goprivate: undefined,
      gotoolchain: 'local',
      checks: [...CHECK_NAMES],
      failOn: 'error',
      allowLocalReplace: false,
      downloadRetries: 3,
      vendor: 'auto',
      race: true,
      packages: ['./...'],
      tags: undefined,
      testTimeout: '10m',
      shuffle: 'off',
      testFlags: [],
      coverage: false,
      coverageThreshold: undefined,
      rerunFailed: 1,
      junit: undefined,
      buildTargets: [],
      vetTags: [],
      cache: true,
      cacheSave: 'auto',
      cacheKeySuffix: undefined,
      cacheTimeoutMs: 300_000,
      annotations: true,
      githubToken: undefined
    })
  })

  it('reads the test inputs', () => {
    const config = parse({
      race: 'false',
      packages: './cmd/... ./internal/...,./pkg',
      tags: 'integration, linux',
      timeout: '1h30m',
      shuffle: '1712345678',
      'test-flags': `-short -run '^Test(A|B)$' -count=2 -args -v "two words"`,
      'coverage-threshold': '72.5%',
      'rerun-failed': '3',
      junit: 'reports/junit.xml',
      'build-targets': 'linux/arm64, windows/amd64\nlinux/arm64',
      'vet-tags': 'integration\n\nlinux,cgo\n'
    })
    expect(config).toMatchObject({
      race: false,
      packages: ['./cmd/...', './internal/...', './pkg'],
      tags: 'integration,linux',
      testTimeout: '1h30m',
      shuffle: 1712345678,
      // After -args, words belong to the test binary: -v there is the binary's, not go test's.
      testFlags: ['-short', '-run', '^Test(A|B)$', '-count=2', '-args', '-v', 'two words'],
      coverage: true,
      coverageThreshold: 72.5,
      rerunFailed: 3,
      junit: path.join(root, 'reports/junit.xml'),
      buildTargets: [
        { goos: 'linux', goarch: 'arm64' },
        { goos: 'windows', goarch: 'amd64' }
      ],
      vetTags: [['integration'], ['linux', 'cgo']]
    })
    expect(parse({ shuffle: 'on' }).shuffle).toBe('on')
    expect(parse({ timeout: '0' }).testTimeout).toBe('0')
  })

  it('reads the cache inputs', () => {
    expect(
      parse({
        cache: 'false',
        'cache-save': 'always',
        'cache-key-suffix': 'linux-race_1.26',
        'cache-timeout': '1m30s'
      })
    ).toMatchObject({
      cache: false,
      cacheSave: 'always',
      cacheKeySuffix: 'linux-race_1.26',
      cacheTimeoutMs: 90_000
    })
    expect(parse({ 'cache-timeout': '1h' }).cacheTimeoutMs).toBe(3_600_000)
  })

  it('treats blank inputs as not given, as a runner passes every declared input', () => {
    const config = parse({ 'go-version': '  ', goproxy: '', checks: '', 'fail-on': '' })
    expect(config.goVersion).toBeUndefined()
    expect(config.goproxy).toBeUndefined()
    expect(config.checks).toEqual([...CHECK_NAMES])
    expect(config.failOn).toBe('error')
  })

  it('resolves the working directory and version file', () => {
    const config = parse({ 'working-directory': 'svc', 'go-version-file': '.go-version' })
    expect(config.workingDirectory).toBe(path.join(root, 'svc'))
    expect(config.goVersionFile).toBe(path.join(root, '.go-version'))
  })

  it.each([
    ['0', 0],
    ['3', 3],
    ['10', 10]
  ])('accepts download-retries %s', (value, retries) => {
    expect(parse({ 'download-retries': value }).downloadRetries).toBe(retries)
  })

  it.each([
    ['auto', 'auto'],
    ['true', 'required'],
    ['false', 'off']
  ])('reads vendor %s as %s', (value, mode) => {
    expect(parse({ vendor: value }).vendor).toBe(mode)
  })

  it('keeps checks in the gate order whatever order they were written in', () => {
    expect(parse({ checks: 'vendor,modfile, toolchain\nenv' }).checks).toEqual([
      'toolchain',
      'env',
      'modfile',
      'vendor'
    ])
  })

  it.each([
    [
      { checks: 'toolchain,lint' },
      'input "checks": "lint" is not a check; use all or a comma-separated list of toolchain, env, modfile, download, verify, tidy, vendor, tests, builds'
    ],
    [{ race: 'maybe' }, 'input "race": "maybe" is not a boolean; use true or false'],
    [
      { packages: './... -short' },
      'input "packages": "-short" is not a package pattern; put go test flags in test-flags'
    ],
    [
      { tags: 'integration,!windows' },
      'input "tags": "!windows" is not a build tag; use comma-separated identifiers such as integration,linux'
    ],
    [
      { timeout: '10 minutes' },
      'input "timeout": "10 minutes" is not a Go duration; use e.g. 90s, 10m or 1h30m (0 for none)'
    ],
    [
      { shuffle: 'random' },
      'input "shuffle": "random" is not allowed; use off, on, or a seed (a whole number of at most 15 digits) to replay an order'
    ],
    [
      { 'test-flags': '-run "TestA' },
      'input "test-flags": "-run "TestA" cannot be split into words: Got EOF while in a quoted string'
    ],
    [
      { 'test-flags': '-short -v' },
      'input "test-flags": "-v" is not allowed: -json already reports every test, and -v lowers what test2json can tell apart'
    ],
    [
      { 'test-flags': '-test.v=true' },
      'input "test-flags": "-test.v=true" is not allowed: -json already reports every test, and -v lowers what test2json can tell apart'
    ],
    [
      { 'test-flags': '--timeout=1m' },
      'input "test-flags": "--timeout=1m" is not allowed: use the timeout input'
    ],
    [
      { 'test-flags': '-coverprofile=c.out' },
      'input "test-flags": "-coverprofile=c.out" is not allowed: use the coverage input'
    ],
    [{ coverage: 'yes' }, 'input "coverage": "yes" is not a boolean; use true or false'],
    [{ cache: 'off' }, 'input "cache": "off" is not a boolean; use true or false'],
    [
      { 'cache-save': 'sometimes' },
      'input "cache-save": "sometimes" is not allowed; use auto (save on pushes and schedules, restore only on pull requests), always or never'
    ],
    [
      { 'cache-timeout': '2h' },
      'input "cache-timeout": "2h" is not allowed; use a Go duration from 1s to 1h, e.g. 90s or 5m'
    ],
    [
      { 'cache-timeout': '500ms' },
      'input "cache-timeout": "500ms" is not allowed; use a Go duration from 1s to 1h, e.g. 90s or 5m'
    ],
    [
      { 'cache-timeout': 'soon' },
      'input "cache-timeout": "soon" is not allowed; use a Go duration from 1s to 1h, e.g. 90s or 5m'
    ],
    [
      { 'cache-key-suffix': 'linux,race' },
      'input "cache-key-suffix": "linux,race" contains a comma, which GitHub does not allow in cache keys; use up to 100 letters, digits, dots, dashes and underscores, e.g. ${{ matrix.os }}-race'
    ],
    [
      { 'coverage-threshold': '101' },
      'input "coverage-threshold": "101" is not allowed; use a percentage from 0 to 100, e.g. 80 or 72.5'
    ],
    [
      { 'coverage-threshold': 'high' },
      'input "coverage-threshold": "high" is not allowed; use a percentage from 0 to 100, e.g. 80 or 72.5'
    ],
    [
      { 'rerun-failed': '6' },
      'input "rerun-failed": "6" is not allowed; use a whole number from 0 to 5'
    ],
    [
      { 'build-targets': 'linux/arm64,windows' },
      'input "build-targets": "windows" is not a GOOS/GOARCH pair; use e.g. linux/arm64,windows/amd64 (go tool dist list names them all)'
    ],
    [
      { 'vet-tags': 'integration\nlinux cgo!' },
      'input "vet-tags": "cgo!" is not a build tag; give one tag set per line, e.g. integration or linux,cgo'
    ],
    [{ 'fail-on': 'fatal' }, 'input "fail-on": "fatal" is not allowed; use error or warning'],
    [
      { 'allow-local-replace': 'yes' },
      'input "allow-local-replace": "yes" is not a boolean; use true or false'
    ],
    [{ annotations: 'on' }, 'input "annotations": "on" is not a boolean; use true or false'],
    [
      { 'download-retries': '-1' },
      'input "download-retries": "-1" is not allowed; use a whole number from 0 to 10'
    ],
    [
      { 'download-retries': '11' },
      'input "download-retries": "11" is not allowed; use a whole number from 0 to 10'
    ],
    [
      { 'download-retries': '2.5' },
      'input "download-retries": "2.5" is not allowed; use a whole number from 0 to 10'
    ],
    [{ vendor: 'yes' }, 'input "vendor": "yes" is not allowed; use auto, true or false'],
    [
      { 'go-version': 'latest-ish' },
      'input "go-version": "latest-ish" is not a version or range; use e.g. 1.26, 1.26.x, ^1.25.0 or >=1.24 <1.27'
    ],
    [
      { 'go-version-file': 'notes.txt' },
      'input "go-version-file": "notes.txt" is not a version file; use one of go.mod, go.work, .go-version, .tool-versions'
    ],
    [
      { gotoolchain: 'newest' },
      'input "gotoolchain": "newest" is not a GOTOOLCHAIN value; use local, auto, path, go1.N.P, go1.N.P+auto or go1.N.P+path'
    ],
    [
      { goproxy: 'https://a.example https://b.example' },
      'input "goproxy": "https://a.example https://b.example" is not valid: must be a comma- or pipe-separated list of proxy URLs, direct or off, without spaces'
    ]
  ] as Array<[RawInputs, string]>)(
    'rejects %j with one line naming input, value and what is allowed',
    (raw, message) => {
      expect(errorOf(raw)).toBe(message)
      expect(message).not.toContain('\n')
    }
  )

  it('rejects a missing working directory and a missing version file, naming where it looked', () => {
    expect(errorOf({ 'working-directory': 'nope' })).toBe(
      `input "working-directory": "nope" is not a directory (looked for ${path.join(root, 'nope')})`
    )
    expect(errorOf({ 'go-version-file': 'sub/go.mod' })).toBe(
      `input "go-version-file": "sub/go.mod" does not exist (looked for ${path.join(root, 'sub/go.mod')})`
    )
  })

  // Reproducers from bench/fuzz.mjs: a value with a newline made a two-line error, and a long
  // one came back whole.
  it.each([
    [
      { gosumdb: 'a\nb' },
      'input "gosumdb": "a\\nb" is not valid: must be one line: off, a database name, or "name+key url"'
    ],
    [
      { 'fail-on': 'error\u0007\u2028x' },
      'input "fail-on": "error\\u0007\\u2028x" is not allowed; use error or warning'
    ],
    [
      { 'cache-key-suffix': 'a\tb' },
      'input "cache-key-suffix": "a\\tb" contains "\\t"; use up to 100 letters, digits, dots, dashes and underscores, e.g. ${{ matrix.os }}-race'
    ]
  ] as Array<[RawInputs, string]>)('keeps %j on one line', (raw, message) => {
    expect(errorOf(raw)).toBe(message)
  })

  it('cuts a long value in the error line', () => {
    const message = errorOf({ timeout: `${'9'.repeat(100_000)}x` })
    expect(message).toBe(
      `input "timeout": "${'9'.repeat(197)}..." is not a Go duration; use e.g. 90s, 10m or 1h30m (0 for none)`
    )
  })

  it('rejects a working directory outside the repository', () => {
    expect(errorOf({ 'working-directory': '..' })).toMatch(
      /^input "working-directory": "\.\." is outside the repository root /
    )
  })

  it.each(['local', 'auto', 'path', 'go1.26.1', 'go1.26.1+auto', 'go1.27rc1+path'])(
    'accepts gotoolchain %s',
    (value) => {
      expect(parse({ gotoolchain: value }).gotoolchain).toBe(value)
    }
  )

  it.each([
    ['1.26', '1.26'],
    ['go1.26.1', '1.26.1'],
    ['>=go1.25 <go1.27', '>=1.25 <1.27'],
    ['1.26.x', '1.26.x'],
    ['^1.25.0', '^1.25.0']
  ])('normalises go-version %s to the range %s', (input, range) => {
    expect(normaliseVersionRange(input)).toBe(range)
  })
})

describe('readActionInputs', () => {
  it('reads INPUT_ variables the way the runner sets them', () => {
    expect(
      readActionInputs({
        'INPUT_FAIL-ON': 'warning',
        'INPUT_WORKING-DIRECTORY': 'svc',
        INPUT_CHECKS: 'env',
        OTHER: 'x'
      })
    ).toEqual({ 'fail-on': 'warning', 'working-directory': 'svc', checks: 'env' })
  })
})

describe('VERSION', () => {
  it('equals package.json version', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }
    expect(VERSION).toBe(pkg.version)
  })
})
