import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CHECK_NAMES } from '../../src/findings.js'
import { ConfigError, parseConfig, type RawInputs } from '../../src/config.js'
import { normaliseVersionRange } from '../../src/config/inputvalues.js'
import { readActionInputs } from '../../src/inputs.js'
import { makePlanDocument } from '../../src/shard/make.js'
import { VERSION } from '../../src/version.js'
import { report } from './report/fixtures.js'

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
      downloadTimeoutMs: 120_000,
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
      sarif: undefined,
      buildTargets: [],
      vetTags: [],
      cache: true,
      cacheSave: 'auto',
      cacheKeySuffix: undefined,
      cacheTimeoutMs: 300_000,
      annotations: true,
      checkRunId: undefined,
      checkName: 'go-ci-gate',
      comment: 'off',
      mode: 'gate',
      shards: 'auto',
      shardTargetMs: 300_000,
      shard: undefined,
      plan: undefined,
      githubToken: undefined
    })
  })

  it('reads the sharding inputs, and refuses what the modes cannot run with', () => {
    const plan = makePlanDocument({
      report: report([], {
        planned: [{ module: '.', package: 'example.com/m', tests: ['TestA'] }]
      }),
      shards: 2,
      targetSeconds: 60,
      timings: { packages: {}, tests: {} }
    })
    const text = JSON.stringify(plan)
    expect(parse({ mode: 'plan', shards: '4', 'shard-target': '3m' })).toMatchObject({
      mode: 'plan',
      shards: 4,
      shardTargetMs: 180_000
    })
    expect(parse({})).toMatchObject({ mode: 'gate', shards: 'auto', shardTargetMs: 300_000 })
    const shard = parse({ mode: 'shard', shard: '2/2', plan: text })
    expect(shard).toMatchObject({ mode: 'shard', shard: { index: 2, count: 2 }, checks: ['tests'] })
    expect(shard.plan?.id).toBe(plan.id)
    const refused: Array<[RawInputs, string]> = [
      [{ mode: 'shard', plan: text }, 'input "shard": mode shard needs shard: ${{ matrix.shard }}'],
      [{ mode: 'merge' }, 'input "plan": mode merge needs plan: ${{ needs.plan.outputs.plan }}'],
      [
        { mode: 'shard', shard: '1/3', plan: text },
        'input "shard": "1/3" does not fit the plan, which has 2 shards; use the plan job\'s matrix'
      ],
      [{ shard: '1/2' }, 'input "shard": only means something with mode: shard (mode is gate)'],
      [
        { mode: 'shard', shard: '1/2', plan: text, checks: 'tidy' },
        'input "checks": mode shard runs the tests check, which checks leaves out; the other checks run in the plan job'
      ],
      [
        { mode: 'merge', plan: text, 'coverage-threshold': '80' },
        'input "coverage-threshold": cannot be judged in mode merge: each shard measures only its share of the packages, and shares do not add up to a total; leave it to a gate run'
      ],
      [
        { mode: 'shard', shard: '1/2', plan: text, 'test-flags': '-failfast' },
        'input "test-flags": "-failfast" is not allowed in mode shard: the tests it stops after a failure would count as run by no shard'
      ],
      [
        { mode: 'split' },
        'input "mode": "split" is not allowed; use gate (everything in this job), plan, shard or merge (a job matrix: see the README\'s Sharding)'
      ],
      [
        { shards: '0' },
        'input "shards": "0" is not allowed; use a whole number from 1 to 256, or auto (as many as shard-target asks)'
      ],
      [
        { mode: 'shard', shard: '3/2', plan: text },
        'input "shard": "3/2" is not a shard; use K/N with 1 <= K <= N <= 256, e.g. ${{ matrix.shard }} from the plan job\'s matrix'
      ],
      [
        { mode: 'merge', plan: '{}' },
        'input "plan": "{}" is not a plan: not a go-ci-gate plan of version 1'
      ]
    ]
    for (const [raw, message] of refused) expect(() => parse(raw)).toThrow(message)
  })

  it('reads the pull request inputs', () => {
    const config = parse({
      'check-run-id': '41234567890',
      'check-name': 'gate (linux)',
      comment: 'on-failure'
    })
    expect(config).toMatchObject({
      checkRunId: 41234567890,
      checkName: 'gate (linux)',
      comment: 'on-failure'
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
      { 'check-run-id': 'abc' },
      'input "check-run-id": "abc" is not a check run id; leave the default ${{ job.check_run_id }}, give a whole number, or empty for none'
    ],
    [
      { 'check-name': 'a'.repeat(101) },
      `input "check-name": "${'a'.repeat(100)}… (1 more characters)" is not allowed; use one line of at most 100 characters, e.g. go-ci-gate`
    ],
    [
      { comment: 'yes' },
      'input "comment": "yes" is not allowed; use off, on-failure (a comment while the gate fails, edited to say it passes later) or always'
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
      'input "goproxy": "https://a.example https://b.example" contains whitespace; use a comma- or pipe-separated list of https://, http:// or file:// URLs, direct or off'
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
      'input "gosumdb": "a\\nb" is more than one line; use off, a database name, name+key, or "name+key URL"'
    ],
    [
      { 'fail-on': 'error\u0007\u2028x' },
      'input "fail-on": "error\\u{7}\\u{2028}x" is not allowed; use error or warning'
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
      `input "timeout": "${'9'.repeat(100)}… (99901 more characters)" is not a Go duration; use e.g. 90s, 10m or 1h30m (0 for none)`
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

describe('parseConfig: values that pass a loose check but must not', () => {
  // A git checkout, a directory standing for RUNNER_TEMP, and one outside both.
  let repo: string
  let temp: string
  let outside: string
  const parseIn = (raw: RawInputs, cwd?: string) =>
    parseConfig(raw, { cwd: cwd ?? repo, root: repo, label, tempDir: temp })
  const errorIn = (raw: RawInputs): string => {
    try {
      parseIn(raw)
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      return (error as Error).message
    }
    throw new Error('expected a ConfigError')
  }
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: repo, stdio: 'ignore' })
  }

  beforeAll(() => {
    const made = (prefix: string): string =>
      fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)))
    repo = made('gcg-config-repo-')
    temp = made('gcg-config-temp-')
    outside = made('gcg-config-outside-')
    fs.writeFileSync(path.join(outside, 'go.mod'), 'module example.com/elsewhere\n\ngo 1.26.0\n')
    fs.writeFileSync(path.join(outside, '.tool-versions'), 'golang 1.26.1\n')
    fs.writeFileSync(path.join(repo, 'go.mod'), 'module example.com/x\n\ngo 1.26.0\n')
    fs.writeFileSync(path.join(repo, 'README.md'), '# x\n')
    fs.mkdirSync(path.join(repo, 'svc'))
    fs.mkdirSync(path.join(repo, 'dir', 'go.mod'), { recursive: true })
    fs.writeFileSync(path.join(repo, 'dir', 'go.mod', 'keep'), '')
    // Committed symbolic links that leave the checkout: a directory, a file, a dangling file.
    fs.symlinkSync(outside, path.join(repo, 'escape'))
    fs.symlinkSync(path.join(outside, '.tool-versions'), path.join(repo, '.tool-versions'))
    fs.symlinkSync(path.join(outside, 'report.xml'), path.join(repo, 'report.xml'))
    fs.symlinkSync('loop-b', path.join(repo, 'loop-a'))
    fs.symlinkSync('loop-a', path.join(repo, 'loop-b'))
    git('init', '-q')
    git('add', '-A')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'x')
  })
  afterAll(() => {
    for (const dir of [repo, temp, outside]) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('writes junit inside the repository or the temp dir, resolved from cwd', () => {
    expect(parseIn({ junit: 'reports/junit.xml' }).junit).toBe(
      path.join(repo, 'reports', 'junit.xml')
    )
    expect(parseIn({ junit: '../junit.xml' }, path.join(repo, 'svc')).junit).toBe(
      path.join(repo, 'junit.xml')
    )
    const inTemp = path.join(temp, 'go-ci-gate', 'junit.xml')
    expect(parseIn({ junit: inTemp }).junit).toBe(inTemp)
  })

  it.each([
    [
      'go.mod',
      '"go.mod" is a file git tracks, which the report would overwrite; use a path git does not track, e.g. reports/junit.xml'
    ],
    [
      'README.md',
      '"README.md" is a file git tracks, which the report would overwrite; use a path git does not track, e.g. reports/junit.xml'
    ],
    ['svc/main.go', '"svc/main.go" is a Go file; use a path of its own, e.g. reports/junit.xml'],
    ['svc', '"svc" is a directory; use a file path, e.g. svc/junit.xml']
  ])('refuses junit %s', (value, message) => {
    expect(errorIn({ junit: value })).toBe(`input "junit": ${message}`)
  })

  it('writes sarif by the same rules, suggesting a SARIF file name', () => {
    expect(parseIn({ sarif: 'reports/go-ci-gate.sarif' }).sarif).toBe(
      path.join(repo, 'reports', 'go-ci-gate.sarif')
    )
    const inTemp = path.join(temp, 'go-ci-gate.sarif')
    expect(parseIn({ sarif: inTemp }).sarif).toBe(inTemp)
    expect(parseIn({ sarif: ' ' }).sarif).toBeUndefined()
    expect(errorIn({ sarif: 'go.mod' })).toBe(
      'input "sarif": "go.mod" is a file git tracks, which the report would overwrite; use a path git does not track, e.g. reports/go-ci-gate.sarif'
    )
    expect(errorIn({ sarif: 'svc/main.go' })).toBe(
      'input "sarif": "svc/main.go" is a Go file; use a path of its own, e.g. reports/go-ci-gate.sarif'
    )
    expect(errorIn({ sarif: 'svc' })).toBe(
      'input "sarif": "svc" is a directory; use a file path, e.g. svc/go-ci-gate.sarif'
    )
    expect(errorIn({ sarif: 'escape/x.sarif' })).toBe(
      `input "sarif": "escape/x.sarif" is outside the repository and ${temp} (it leads to ${path.join(outside, 'x.sarif')}); use a path inside either, e.g. reports/go-ci-gate.sarif`
    )
  })

  it('refuses junit outside the repository and the temp dir, by name or through a link', () => {
    const outsideBoth = `is outside the repository and ${temp}`
    const fix = 'use a path inside either, e.g. reports/junit.xml'
    expect(errorIn({ junit: '../../junit.xml' })).toBe(
      `input "junit": "../../junit.xml" ${outsideBoth}; ${fix}`
    )
    const absolute = path.join(outside, 'junit.xml')
    expect(errorIn({ junit: absolute })).toBe(`input "junit": "${absolute}" ${outsideBoth}; ${fix}`)
    expect(errorIn({ junit: 'escape/junit.xml' })).toBe(
      `input "junit": "escape/junit.xml" ${outsideBoth} (it leads to ${absolute}); ${fix}`
    )
    // A dangling link: writing through it would create its target outside.
    expect(errorIn({ junit: 'report.xml' })).toBe(
      `input "junit": "report.xml" ${outsideBoth} (it leads to ${path.join(outside, 'report.xml')}); ${fix}`
    )
    expect(errorIn({ junit: 'loop-a/junit.xml' })).toMatch(
      /^input "junit": "loop-a\/junit\.xml" cannot be resolved \(too many symbolic links at .*loop-[ab]\); use a path inside the repository or /
    )
  })

  it('refuses a go-version-file that is a directory, outside the repository, or a link out of it', () => {
    expect(errorIn({ 'go-version-file': 'dir/go.mod' })).toBe(
      'input "go-version-file": "dir/go.mod" is a directory; use the path of a file named go.mod, go.work, .go-version, .tool-versions'
    )
    const absolute = path.join(outside, 'go.mod')
    expect(errorIn({ 'go-version-file': absolute })).toBe(
      `input "go-version-file": "${absolute}" is outside the repository root ${repo}; use a file inside it`
    )
    expect(errorIn({ 'go-version-file': '.tool-versions' })).toBe(
      `input "go-version-file": ".tool-versions" leads outside the repository root ${repo} through a symbolic link (to ${path.join(outside, '.tool-versions')}); use a file inside it`
    )
    expect(parseIn({ 'go-version-file': 'go.mod' }).goVersionFile).toBe(path.join(repo, 'go.mod'))
  })

  it('refuses a working-directory that leaves the repository through a symbolic link', () => {
    expect(errorIn({ 'working-directory': 'escape' })).toBe(
      `input "working-directory": "escape" leads outside the repository root ${repo} through a symbolic link (to ${outside}); use a directory inside it`
    )
    expect(parseIn({ 'working-directory': 'svc' }).workingDirectory).toBe(path.join(repo, 'svc'))
  })
})

describe('parseConfig: durations', () => {
  // go test arms its kill timer at timeout + timeout/10: above this it fails at once.
  it.each(['0', '90s', '1.5h', '2329134h'])('accepts timeout %s', (value) => {
    expect(parse({ timeout: value }).testTimeout).toBe(value)
  })

  it.each(['99999999999999999999h', '2562047h47m16.854775807s', '2329134h0m0.000000001s'])(
    'refuses timeout %s as longer than go test can wait',
    (value) => {
      expect(errorOf({ timeout: value })).toBe(
        `input "timeout": "${value}" is longer than go test can wait; use a Go duration up to 2329134h, e.g. 90s, 10m or 1h30m (0 for none)`
      )
    }
  )

  it.each([
    ['1s', 1000],
    ['0.5m', 30_000],
    ['1h', 3_600_000],
    ['59m59.999s', 3_599_999]
  ])('reads cache-timeout %s as %d ms', (value, ms) => {
    expect(parse({ 'cache-timeout': value }).cacheTimeoutMs).toBe(ms)
  })

  it.each(['99999999999999999999h', '1h0.000000001s', '999999us'])(
    'refuses cache-timeout %s',
    (value) => {
      expect(errorOf({ 'cache-timeout': value })).toBe(
        `input "cache-timeout": "${value}" is not allowed; use a Go duration from 1s to 1h, e.g. 90s or 5m`
      )
    }
  )
})

describe('parseConfig: download-timeout', () => {
  it.each([
    ['1s', 1000],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000]
  ])('reads %s as %d ms', (value, ms) => {
    expect(parse({ 'download-timeout': value }).downloadTimeoutMs).toBe(ms)
  })

  it.each(['0', '500ms', '61m', '2d', 'forever'])('refuses %s', (value) => {
    expect(errorOf({ 'download-timeout': value })).toBe(
      `input "download-timeout": "${value}" is not allowed; use a Go duration from 1s to 1h, e.g. 30s or 5m`
    )
  })
})

describe('parseConfig: test-flags that write files or change the module mode', () => {
  const profile = 'writes a profile into the package directory, which the gate never leaves behind'
  it.each([
    [
      '-mod=mod',
      'the gate pins the module mode in GOFLAGS (-mod=mod would let go write go.mod and go.sum)'
    ],
    [
      '-mod vendor',
      'the gate pins the module mode in GOFLAGS (-mod=mod would let go write go.mod and go.sum)',
      '-mod'
    ],
    [
      '-modfile=alt.mod',
      'go would read and write another go.mod and go.sum than the ones the gate checks'
    ],
    ['-cpuprofile=cpu.out', profile],
    ['-memprofile mem.out', profile, '-memprofile'],
    ['-blockprofile=b.out', profile],
    ['-mutexprofile=m.out', profile],
    [
      '-trace=t.out',
      'writes a trace into the package directory, which the gate never leaves behind'
    ],
    [
      '-outputdir=/tmp/x',
      'it only says where profiles and artifacts go, and the gate writes neither'
    ],
    [
      '-artifacts',
      'writes test artifacts into the package directory, which the gate never leaves behind'
    ],
    ['-coverpkg=./...', 'use the coverage input'],
    ['--covermode=atomic', 'use the coverage input'],
    [
      '-fuzz=FuzzParse',
      'fuzzing writes the inputs it finds into the package testdata/fuzz directory'
    ],
    ['-pkgdir=/tmp/pkg', 'writes compiled packages into that directory'],
    ['-list=.', 'the gate must run the tests, not list them'],
    ['-C=sub', 'go takes -C only as its first flag; use the working-directory input'],
    ['-test.cpuprofile=cpu.out', profile],
    ['-test.gocoverdir=cov', 'use the coverage input'],
    ['-test.testlogfile=log', 'go test sets it itself, to write its own log'],
    // After -args the words go to the test binary: its -test. flags are still go's.
    ['-short -args -test.cpuprofile=cpu.out', profile, '-test.cpuprofile=cpu.out'],
    [
      '-args -test.v=true',
      '-json already reports every test, and -v lowers what test2json can tell apart',
      '-test.v=true'
    ],
    [
      '-args -test.paniconexit0=false',
      'go test sets it itself, so that a test calling os.Exit(0) fails',
      '-test.paniconexit0=false'
    ],
    [
      '-args -test.fuzzcachedir=c',
      'writes a fuzzing corpus into that directory',
      '-test.fuzzcachedir=c'
    ]
  ])('refuses %s', (flags, reason, word = flags) => {
    expect(errorOf({ 'test-flags': flags })).toBe(
      `input "test-flags": "${word}" is not allowed: ${reason}`
    )
  })

  it.each([
    '-short -count=2 -failfast -cpu=1,2 -parallel=4 -benchtime=1x -bench=. -benchmem',
    '-fuzztime=10s -memprofilerate=1 -vet=off -skip=TestSlow -p=2 -a -work',
    // The test's own flags after -args: only -test.* belongs to go.
    '-args -v -cpuprofile=mine -mod=mine'
  ])('accepts %s', (flags) => {
    expect(parse({ 'test-flags': flags }).testFlags.length).toBeGreaterThan(0)
  })
})

describe('parseConfig: goproxy and gosumdb as go reads them', () => {
  // A verifier key made for these tests (an Ed25519 key; its hash checked by go 1.26 itself).
  const key = 'sum.example.com+9acd0580+AQHPHwO8Wu9YiQc6vgeSwhoXEOWSgWfMSJavbz0/Dcvc'
  const keyWithPlus = 'sum.example.com/db+46064d88+AZUQOt/rDzjK1o5LEUbQ+F35ANQc4zK8d4AvRWVmhoF1'
  const proxyFix =
    'use a comma- or pipe-separated list of https://, http:// or file:// URLs, direct or off'
  const sumdbFix = 'use off, a database name, name+key, or "name+key URL"'

  it.each([
    'direct',
    'off',
    'https://proxy.example.com',
    'https://proxy.example.com/go,direct',
    'https://a.example.com|https://b.example.com,off',
    'http://127.0.0.1:3000',
    'https://user:pass@proxy.example.com:8443/go/',
    'proxy.example.com/go',
    'localhost:3000',
    'file:///srv/goproxy',
    'FILE:/srv/goproxy',
    'http://[::1]:8080',
    'https://proxy.example.com,,direct'
  ])('accepts goproxy %s', (value) => {
    expect(parse({ goproxy: value }).goproxy).toBe(value)
  })

  it.each([
    ['yes', '"yes" is not a URL, direct or off'],
    ['/srv/goproxy', '"/srv/goproxy" is not a URL, direct or off'],
    ['https://proxy.example.com,nope', '"nope" is not a URL, direct or off'],
    [
      'ftp://proxy.example.com',
      '"ftp://proxy.example.com" has the scheme ftp, and go takes only https, http and file'
    ],
    ['https://', '"https://" has no host'],
    ['https:/proxy.example.com', '"https:/proxy.example.com" has no host'],
    // Like go, a bare host:port is read as https://, here with the port "proxy.example.com".
    ['https:proxy.example.com', '"https:proxy.example.com" has a host go cannot parse'],
    ['https://proxy.example.com:80a', '"https://proxy.example.com:80a" has a host go cannot parse'],
    [
      'https://proxy.example.com/%zz',
      '"https://proxy.example.com/%zz" has a % that starts no %XX escape'
    ],
    [
      'file://host/srv',
      '"file://host/srv" is a file:// URL with more than a path (a host, query or fragment), which go refuses'
    ],
    [
      'file:///srv?x=1',
      '"file:///srv?x=1" is a file:// URL with more than a path (a host, query or fragment), which go refuses'
    ],
    [
      'direct,https://proxy.example.com',
      '"https://proxy.example.com" comes after direct, and go never reads past direct'
    ],
    ['off|direct', '"direct" comes after off, and go never reads past off'],
    [',|', '",|" names no proxy']
  ])('refuses goproxy %s, naming the entry', (value, message) => {
    expect(errorOf({ goproxy: value })).toBe(`input "goproxy": ${message}; ${proxyFix}`)
  })

  it.each([
    'off',
    'sum.example.com',
    'sum.example.com/db',
    key,
    keyWithPlus,
    `${key} https://sum.example.invalid`,
    `${key} file:///srv/sumdb`
  ])('accepts gosumdb %s', (value) => {
    expect(parse({ gosumdb: value }).gosumdb).toBe(value)
  })

  it.each([
    [
      'https://sum.example.com',
      '"https://sum.example.com" is not a checksum database name (host or host/path)'
    ],
    ['sum.example.com/', '"sum.example.com/" is not a checksum database name (host or host/path)'],
    ['yes please no', '"yes please no" has more than two fields'],
    [
      'sum.example.com+00000000',
      '"sum.example.com+00000000" is not a verifier key (name+hash+key, as the database publishes it)'
    ],
    [
      'sum.example.com+9acd0580+not-base64!',
      '"sum.example.com+9acd0580+not-base64!" is not a verifier key (name+hash+key, as the database publishes it)'
    ],
    [
      'sum.example.com+9acd0580+AQ==',
      '"sum.example.com+9acd0580+AQ==" is not an Ed25519 verifier key (name+hash+key, as the database publishes it)'
    ],
    [
      key.replace('+9acd0580+', '+9acd0581+'),
      `"${key.replace('+9acd0580+', '+9acd0581+')}" has a hash that does not match its name and key (a copying mistake?)`
    ],
    [
      key.replace('sum.example.com', 'sum.example.org'),
      `"${key.replace('sum.example.com', 'sum.example.org')}" has a hash that does not match its name and key (a copying mistake?)`
    ],
    [
      `${key} ftp://sum.example.com`,
      '"ftp://sum.example.com" has the scheme ftp, and go takes only https, http and file'
    ],
    [`${key} sum.example.com`, '"sum.example.com" is not a URL (it has no scheme)'],
    ['off\nsum.example.com', '"off\\nsum.example.com" is more than one line']
  ])('refuses gosumdb %j, naming the part', (value, message) => {
    expect(errorOf({ gosumdb: value })).toBe(`input "gosumdb": ${message}; ${sumdbFix}`)
  })
})

describe('parseConfig: values in error lines', () => {
  it('cuts a long value after 100 characters and says how much was left out', () => {
    const value = `-${'x'.repeat(40_000)}`
    const message = errorOf({ packages: value })
    expect(message).toBe(
      `input "packages": "-${'x'.repeat(99)}… (39901 more characters)" is not a package pattern; put go test flags in test-flags`
    )
  })

  it('escapes newlines and control characters, so one line stays one line', () => {
    const message = errorOf({ 'fail-on': 'fatal\n::error::forged\r\u001b[31m\u202e' })
    expect(message).toBe(
      'input "fail-on": "fatal\\n::error::forged\\r\\u{1b}[31m\\u{202e}" is not allowed; use error or warning'
    )
  })

  it('cuts the echoed value in every kind of error, including the generic one', () => {
    const long = 'y'.repeat(5000)
    for (const raw of [
      { 'fail-on': long },
      { timeout: long },
      { goproxy: `https://proxy.example.com,${long}` },
      { goprivate: `${long} x` },
      { junit: `/${long}` },
      { 'working-directory': long }
    ] as RawInputs[]) {
      const message = errorOf(raw)
      expect(message.length).toBeLessThan(400)
      expect(message).toContain('more characters)')
    }
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
