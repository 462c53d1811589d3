// parseDistList and the build-targets input error, on go tool dist list output (go 1.26's, cut
// to a few GOOS); the integration test runs checkBuildTargets with the real go.
import { describe, expect, it, jest } from '@jest/globals'
import { ConfigError } from '../../../src/config.js'
import type { GoRunner, GoRunResult } from '../../../src/go/command.js'
import { checkBuildTargets, describeUnknownTarget, parseDistList } from '../../../src/go/targets.js'

const DIST_LIST = [
  'aix/ppc64',
  'darwin/amd64',
  'darwin/arm64',
  'linux/386',
  'linux/amd64',
  'linux/arm',
  'linux/arm64',
  'linux/riscv64',
  'plan9/386',
  'plan9/amd64',
  'plan9/arm',
  'wasip1/wasm',
  'windows/386',
  'windows/amd64',
  'windows/arm64',
  ''
].join('\n')

const valid = parseDistList(DIST_LIST)

function fakeGo(result: Partial<GoRunResult>): { go: GoRunner; run: jest.Mock } {
  const run = jest.fn(async () => ({
    exitCode: 0,
    signal: null,
    stdout: DIST_LIST,
    stderr: '',
    timedOut: false,
    durationMs: 1,
    ...result
  }))
  return { go: { run } as unknown as GoRunner, run }
}

describe('parseDistList', () => {
  it('reads one goos/goarch a line', () => {
    expect(valid.size).toBe(15)
    expect(valid.has('windows/amd64')).toBe(true)
    expect(valid.has('wasip1/wasm')).toBe(true)
    expect(valid.has('windows/riscv64')).toBe(false)
  })

  it('ignores blank lines, CRLF and anything that is not a pair', () => {
    expect([...parseDistList('linux/amd64\r\n\n  go: warning\nwindows/arm64\n')]).toEqual([
      'linux/amd64',
      'windows/arm64'
    ])
    expect(parseDistList('').size).toBe(0)
  })
})

describe('describeUnknownTarget', () => {
  it('accepts a listed pair', () => {
    expect(describeUnknownTarget(valid, { goos: 'linux', goarch: 'arm64' })).toBeUndefined()
  })

  it('lists the GOARCH values of a known GOOS', () => {
    expect(describeUnknownTarget(valid, { goos: 'plan9', goarch: 'x' })).toBe(
      '"plan9/x" is not a target go can build (go tool dist list): plan9 supports GOARCH 386, amd64, arm'
    )
    expect(describeUnknownTarget(valid, { goos: 'windows', goarch: 'riscv64' })).toBe(
      '"windows/riscv64" is not a target go can build (go tool dist list): windows supports GOARCH 386, amd64, arm64'
    )
  })

  it('names the pair go spells otherwise', () => {
    expect(describeUnknownTarget(valid, { goos: 'linux', goarch: 'aarch64' })).toBe(
      '"linux/aarch64" is not a target go can build (go tool dist list): linux supports GOARCH 386, amd64, arm, arm64, riscv64 (did you mean linux/arm64?)'
    )
    expect(describeUnknownTarget(valid, { goos: 'osx', goarch: 'x64' })).toBe(
      '"osx/x64" is not a target go can build (go tool dist list): go has no GOOS osx (did you mean darwin/amd64?)'
    )
  })

  it('lists every GOOS for an unknown one', () => {
    expect(describeUnknownTarget(valid, { goos: 'beos', goarch: 'amd64' })).toBe(
      '"beos/amd64" is not a target go can build (go tool dist list): go has no GOOS beos; GOOS is one of aix, darwin, linux, plan9, wasip1, windows'
    )
  })

  it('does not suggest an alias that is not listed either', () => {
    expect(describeUnknownTarget(valid, { goos: 'macos', goarch: 'riscv64' })).toBe(
      '"macos/riscv64" is not a target go can build (go tool dist list): go has no GOOS macos; GOOS is one of aix, darwin, linux, plan9, wasip1, windows'
    )
  })
})

describe('checkBuildTargets', () => {
  it('runs go tool dist list once and throws a ConfigError for the first unknown target', async () => {
    const { go, run } = fakeGo({})
    const targets = [
      { goos: 'linux', goarch: 'arm64' },
      { goos: 'plan9', goarch: 'x' },
      { goos: 'beos', goarch: 'x' }
    ]
    const error = await checkBuildTargets(go, '/repo', targets).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toBe(
      'input "build-targets": "plan9/x" is not a target go can build (go tool dist list): plan9 supports GOARCH 386, amd64, arm'
    )
    expect(run).toHaveBeenCalledTimes(1)
    expect(run.mock.calls[0]?.[0]).toEqual(['tool', 'dist', 'list'])
    expect(run.mock.calls[0]?.[1]).toMatchObject({ cwd: '/repo' })
  })

  it('names the input the way the caller does', async () => {
    const { go } = fakeGo({})
    await expect(
      checkBuildTargets(go, '/repo', [{ goos: 'windows', goarch: 'x' }], {
        label: (name) => `--${name}`
      })
    ).rejects.toThrow(/^--build-targets: "windows\/x" is not a target/)
  })

  it('resolves when every target is listed', async () => {
    const { go } = fakeGo({})
    await expect(
      checkBuildTargets(go, '/repo', [
        { goos: 'windows', goarch: 'amd64' },
        { goos: 'darwin', goarch: 'arm64' }
      ])
    ).resolves.toBeUndefined()
  })

  it('runs nothing without targets', async () => {
    const { go, run } = fakeGo({})
    await checkBuildTargets(go, '/repo', [])
    expect(run).not.toHaveBeenCalled()
  })

  it('checks nothing, and says so, when go cannot list its targets', async () => {
    const { go } = fakeGo({ exitCode: 2, stdout: '', stderr: 'go: unknown command "dist"\n' })
    const log = jest.fn()
    await expect(
      checkBuildTargets(go, '/repo', [{ goos: 'plan9', goarch: 'x' }], { log })
    ).resolves.toBeUndefined()
    expect(log).toHaveBeenCalledWith(
      'go tool dist list failed (go: unknown command "dist"): build-targets not checked against it'
    )
  })
})
