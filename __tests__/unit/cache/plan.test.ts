// Where the two caches live and under which keys, from a real Config (parseConfig over a temp
// repository), a go env as `go env -json` prints it, and the go.sum files on disk.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { useTempDirs, writeFiles } from '../../../__fixtures__/cache.js'
import { parseConfig, type Config, type RawInputs } from '../../../src/config.js'
import type { GoEnv } from '../../../src/go/env.js'
import { findSumFiles, planBuildCache, planModuleCache } from '../../../src/cache/plan.js'

const tempDir = useTempDirs('gcg-plan-')

const GO_MOD = 'module example.com/x\n\ngo 1.26.0\n'
const UUID_SUM = 'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n'
const SHA = '0123456789abcdef0123456789abcdef01234567'

/** A repository with a root module, two nested ones and folders go never looks in. */
function repository(): string {
  const root = tempDir()
  // Written out of order: the result must not depend on the order the file system lists.
  writeFiles(root, {
    'tools/go.mod': GO_MOD,
    'tools/go.sum': 'tools sum\n',
    'api/v2/go.mod': GO_MOD,
    'api/go.mod': GO_MOD,
    'api/go.sum': 'api sum\n',
    'go.mod': GO_MOD,
    'go.sum': UUID_SUM,
    'vendor/example.com/dep/go.mod': GO_MOD,
    'testdata/case/go.mod': GO_MOD,
    '.git/x/go.mod': GO_MOD,
    '_scratch/go.mod': GO_MOD,
    'node_modules/pkg/go.mod': GO_MOD,
    'docs/readme.md': 'no module here\n'
  })
  return root
}

const label = (name: string): string => `input "${name}"`
const configFor = (root: string, inputs: RawInputs = {}): Config =>
  parseConfig(inputs, { cwd: root, root, label })

/** What `go env -json` reports on a Linux runner, with the caches in a temp home. */
function goEnv(home: string, over: GoEnv = {}): GoEnv {
  return {
    GOVERSION: 'go1.26.8',
    GOHOSTOS: 'linux',
    GOHOSTARCH: 'amd64',
    GOOS: 'linux',
    GOARCH: 'amd64',
    GOFLAGS: '-mod=readonly',
    CGO_ENABLED: '1',
    GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'),
    GOCACHE: path.join(home, '.cache', 'go-build'),
    GOWORK: '',
    ...over
  }
}

const RUNNER = { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64', GITHUB_SHA: SHA }

describe('findSumFiles', () => {
  it('lists the go.sum of every module at or below the working directory, in path order', () => {
    const root = repository()
    const sums = findSumFiles(configFor(root), goEnv(root))
    expect(sums.map((s) => s.path)).toEqual([
      'go.sum',
      'api/go.sum',
      'api/v2/go.sum',
      'tools/go.sum'
    ])
    expect(sums.map((s) => s.file)).toEqual([
      path.join(root, 'go.sum'),
      path.join(root, 'api', 'go.sum'),
      path.join(root, 'api', 'v2', 'go.sum'),
      path.join(root, 'tools', 'go.sum')
    ])
    // A module without go.sum counts, empty: the key changes the day one is committed.
    expect(sums.map((s) => s.content)).toEqual([UUID_SUM, 'api sum\n', '', 'tools sum\n'])
  })

  it('gives the same list however often it is asked', () => {
    const root = repository()
    const config = configFor(root)
    expect(findSumFiles(config, goEnv(root))).toEqual(findSumFiles(config, goEnv(root)))
  })

  it('starts at the working directory, with paths still relative to the repository root', () => {
    const root = repository()
    const sums = findSumFiles(configFor(root, { 'working-directory': 'api' }), goEnv(root))
    expect(sums.map((s) => s.path)).toEqual(['api/go.sum', 'api/v2/go.sum'])
  })

  it('adds the go.work.sum of the workspace go uses when it lies inside the repository', () => {
    const root = repository()
    writeFiles(root, { 'go.work': 'go 1.26.0\n\nuse (\n\t.\n\t./api\n)\n', 'go.work.sum': 'w\n' })
    const sums = findSumFiles(configFor(root), goEnv(root, { GOWORK: path.join(root, 'go.work') }))
    expect(sums.map((s) => [s.path, s.content])).toEqual([
      ['go.sum', UUID_SUM],
      ['api/go.sum', 'api sum\n'],
      ['api/v2/go.sum', ''],
      ['tools/go.sum', 'tools sum\n'],
      ['go.work.sum', 'w\n']
    ])
    expect(sums.at(-1)?.file).toBe(path.join(root, 'go.work.sum'))
  })

  it('names a go.work.sum not written yet, and one beside a go.work above the working directory', () => {
    const root = repository()
    writeFiles(root, { 'go.work': 'go 1.26.0\n\nuse ./api\n' })
    const config = configFor(root, { 'working-directory': 'api' })
    const sums = findSumFiles(config, goEnv(root, { GOWORK: path.join(root, 'go.work') }))
    expect(sums.map((s) => [s.path, s.content])).toEqual([
      ['api/go.sum', 'api sum\n'],
      ['api/v2/go.sum', ''],
      ['go.work.sum', '']
    ])
  })

  it('leaves out a workspace outside the repository, GOWORK=off and no workspace', () => {
    const root = repository()
    const outside = tempDir()
    writeFiles(outside, { 'go.work': 'go 1.26.0\n', 'go.work.sum': 'elsewhere\n' })
    const config = configFor(root)
    for (const GOWORK of [path.join(outside, 'go.work'), 'off', '']) {
      const sums = findSumFiles(config, goEnv(root, { GOWORK }))
      expect(sums.map((s) => s.path)).toEqual([
        'go.sum',
        'api/go.sum',
        'api/v2/go.sum',
        'tools/go.sum'
      ])
    }
    const noGowork = goEnv(root)
    delete noGowork.GOWORK
    expect(findSumFiles(config, noGowork)).toHaveLength(4)
  })

  it('finds nothing in a directory without modules', () => {
    const root = tempDir()
    writeFiles(root, { 'README.md': '# nothing\n' })
    expect(findSumFiles(configFor(root), goEnv(root))).toEqual([])
  })
})

describe('planModuleCache', () => {
  function moduleKey(root: string, env = RUNNER, over: GoEnv = {}): string {
    const config = configFor(root)
    const go = goEnv(root, over)
    return planModuleCache({ config, env, sums: findSumFiles(config, go) }, go).key
  }

  it('caches GOMODCACHE under the platform and the hash of every go.sum', () => {
    const root = repository()
    const config = configFor(root)
    const go = goEnv(root)
    const plan = planModuleCache({ config, env: RUNNER, sums: findSumFiles(config, go) }, go)
    expect(plan).toEqual({
      name: 'module',
      path: path.join(root, 'go', 'pkg', 'mod'),
      key: expect.stringMatching(/^go-ci-gate-mod-Linux-X64-[0-9a-f]{20}$/),
      restoreKeys: ['go-ci-gate-mod-Linux-X64-']
    })
  })

  it('changes the key when any go.sum changes, appears, or a module is added', () => {
    const root = repository()
    const before = moduleKey(root)
    expect(moduleKey(root)).toBe(before)

    writeFiles(root, { 'tools/go.sum': 'tools sum\nexample.com/y v1.0.0 h1:x=\n' })
    const changed = moduleKey(root)
    expect(changed).not.toBe(before)

    writeFiles(root, { 'api/v2/go.sum': 'v2 sum\n' })
    const appeared = moduleKey(root)
    expect(appeared).not.toBe(changed)

    writeFiles(root, { 'cmd/go.mod': GO_MOD })
    expect(moduleKey(root)).not.toBe(appeared)
  })

  it('ignores the commit, the go version and the build flags', () => {
    const root = repository()
    const key = moduleKey(root)
    expect(moduleKey(root, { ...RUNNER, GITHUB_SHA: 'fedcba9876543210' })).toBe(key)
    expect(moduleKey(root, RUNNER, { GOVERSION: 'go1.25.3', CGO_ENABLED: '0' })).toBe(key)
  })

  it('falls back to go env GOHOSTOS/GOHOSTARCH without RUNNER_OS/RUNNER_ARCH', () => {
    const root = repository()
    expect(moduleKey(root, { RUNNER_OS: '', RUNNER_ARCH: '', GITHUB_SHA: SHA })).toMatch(
      /^go-ci-gate-mod-linux-amd64-[0-9a-f]{20}$/
    )
  })

  it.each([
    ['', 'go env GOMODCACHE is empty: no directory to cache'],
    ['off', 'go env GOMODCACHE is "off": no directory to cache'],
    ['go/pkg/mod', 'go env GOMODCACHE is "go/pkg/mod": no directory to cache']
  ])('refuses GOMODCACHE=%j', (GOMODCACHE, message) => {
    const root = repository()
    const config = configFor(root)
    const go = goEnv(root, { GOMODCACHE })
    expect(() => planModuleCache({ config, env: RUNNER, sums: [] }, go)).toThrow(new Error(message))
  })
})

describe('planBuildCache', () => {
  let root: string
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-plan-build-'))
  })
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

  function buildPlan(
    inputs: RawInputs = {},
    over: GoEnv = {},
    env: Record<string, string> = RUNNER
  ) {
    return planBuildCache({ config: configFor(root, inputs), env, sums: [] }, goEnv(root, over))
  }
  const flagsPart = (key: string): string => key.split('-').at(-2) as string

  it('caches GOCACHE under the go version, race, a flags hash and the commit', () => {
    const plan = buildPlan()
    const base = 'go-ci-gate-build-Linux-X64-go1.26.8-'
    expect(plan).toEqual({
      name: 'build',
      path: path.join(root, '.cache', 'go-build'),
      key: expect.stringMatching(
        /^go-ci-gate-build-Linux-X64-go1\.26\.8-race-[0-9a-f]{8}-0123456789ab$/
      ),
      restoreKeys: [plan.key.slice(0, -'0123456789ab'.length), base]
    })
    expect(plan.restoreKeys[0]).toBe(`${base}race-${flagsPart(plan.key)}-`)
  })

  it('takes the rolling part from GITHUB_SHA: a new commit changes the key, not its restore keys', () => {
    const one = buildPlan()
    const two = buildPlan(
      {},
      {},
      { ...RUNNER, GITHUB_SHA: 'FEDCBA9876543210FEDCBA9876543210FEDCBA98' }
    )
    expect(two.key).toBe(`${one.restoreKeys[0]}fedcba987654`)
    expect(two.restoreKeys).toEqual(one.restoreKeys)
  })

  it('uses the UTC day when there is no commit (a local run)', () => {
    const noCommit: Record<string, string> = { ...RUNNER }
    delete noCommit.GITHUB_SHA
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '')
    const key = buildPlan({}, {}, noCommit).key
    // Around midnight UTC the day may turn between the two readings.
    expect(key).toMatch(/-d\d{8}$/)
    expect([day, new Date().toISOString().slice(0, 10).replace(/-/g, '')]).toContain(key.slice(-8))
  })

  it('puts race in the key itself', () => {
    expect(buildPlan({ race: 'false' }).key).toMatch(/-go1\.26\.8-norace-[0-9a-f]{8}-0123456789ab$/)
  })

  it.each<[string, RawInputs, GoEnv]>([
    ['tags', { tags: 'integration' }, {}],
    ['build targets', { 'build-targets': 'linux/arm64' }, {}],
    ['vet tag sets', { 'vet-tags': 'e2e' }, {}],
    ['coverage', { coverage: 'true' }, {}],
    ['test flags', { 'test-flags': '-cpu=1,4' }, {}],
    ['GOFLAGS', {}, { GOFLAGS: '-mod=readonly -trimpath' }],
    ['CGO_ENABLED', {}, { CGO_ENABLED: '0' }]
  ])(
    'changes the flags hash with %s, keeping the go version restore key',
    (_what, inputs, over) => {
      const plain = buildPlan()
      const other = buildPlan(inputs, over)
      expect(flagsPart(other.key)).not.toBe(flagsPart(plain.key))
      expect(other.key.endsWith('-0123456789ab')).toBe(true)
      expect(other.restoreKeys[1]).toBe(plain.restoreKeys[1])
    }
  )

  it('keeps the flags hash when only the order of tags or targets differs', () => {
    const a = buildPlan({ tags: 'integration,e2e', 'build-targets': 'linux/arm64,windows/amd64' })
    const b = buildPlan({ tags: 'e2e integration', 'build-targets': 'windows/amd64\nlinux/arm64' })
    expect(b.key).toBe(a.key)
  })

  it('keeps each test flag with its value: swapped values are other flags', () => {
    const a = buildPlan({ 'test-flags': '-gcflags all=-N -ldflags -s' })
    const b = buildPlan({ 'test-flags': '-gcflags -s -ldflags all=-N' })
    expect(flagsPart(b.key)).not.toBe(flagsPart(a.key))
  })

  it('keys another go version, platform and suffix apart', () => {
    const plain = buildPlan()
    expect(buildPlan({}, { GOVERSION: 'go1.26.9' }).restoreKeys[1]).toBe(
      'go-ci-gate-build-Linux-X64-go1.26.9-'
    )
    expect(buildPlan({}, {}, { ...RUNNER, RUNNER_ARCH: 'ARM64' }).key).toBe(
      plain.key.replace('-X64-', '-ARM64-')
    )
    expect(buildPlan({ 'cache-key-suffix': 'shard-1' }).key).toBe(
      plain.key.replace('-build-', '-build(shard-1)-')
    )
  })

  it('ignores the go.sum files: they are the module key', () => {
    const config = configFor(root)
    const go = goEnv(root)
    const sums = [{ path: 'go.sum', content: UUID_SUM }]
    expect(planBuildCache({ config, env: RUNNER, sums }, go).key).toBe(buildPlan().key)
  })

  it.each([
    ['', 'go env GOCACHE is empty: no directory to cache'],
    ['off', 'go env GOCACHE is "off": no directory to cache'],
    ['.cache/go-build', 'go env GOCACHE is ".cache/go-build": no directory to cache']
  ])('refuses GOCACHE=%j', (GOCACHE, message) => {
    expect(() => buildPlan({}, { GOCACHE })).toThrow(new Error(message))
  })
})
