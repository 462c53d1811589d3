// The builds check and checkBuildTargets with the real go against __fixtures__/go/builds-*.
// Targets are kept to windows/amd64 and linux/arm64: the first build for a new target compiles
// the standard library for it (cached afterwards in the machine's build cache).
import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { buildsCheck } from '../../src/checks/builds.js'
import { CHECKS } from '../../src/checks/index.js'
import type { CheckContext, CheckOutcome } from '../../src/checks/types.js'
import { ConfigError, type RawInputs } from '../../src/config.js'
import type { CheckFinding } from '../../src/findings.js'
import { checkBuildTargets } from '../../src/go/targets.js'
import { brief, contextFor, fixtureRepo, lineOf } from '../helpers/fixtures.js'

jest.setTimeout(300_000)

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

function gitStatus(root: string): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root })
    .toString()
    .trim()
}

async function builds(
  fixture: string,
  inputs: RawInputs
): Promise<{ outcome: CheckOutcome; root: string; context: CheckContext }> {
  const repo = fixtureRepo(fixture)
  cleanups.push(repo.cleanup)
  const context = await contextFor(repo.root, inputs)
  try {
    const outcome = await buildsCheck.run(context)
    // No executable, no object file: the checkout is exactly as committed.
    expect(gitStatus(repo.root)).toBe('')
    expect(outcome.findings.every((f) => f.rule.startsWith('builds/'))).toBe(true)
    return { outcome, root: repo.root, context }
  } finally {
    context.abort()
  }
}

/** The 1-based column of `text` on the line, as go counts it (bytes; the fixtures are ASCII). */
function columnOf(root: string, file: string, line: number, text: string): number {
  const source = execFileSync('sed', ['-n', `${line}p`, file], { cwd: root }).toString()
  const index = source.indexOf(text)
  if (index < 0) throw new Error(`${text} not on ${file}:${line}`)
  return index + 1
}

describe('builds', () => {
  it('is a stage 2 check named builds, in the gate after the checks before it', () => {
    expect(buildsCheck).toMatchObject({ name: 'builds', stage: 2 })
    const names = CHECKS.map((c) => c.name)
    expect(names).toContain('builds')
    expect(names.indexOf('builds')).toBeGreaterThan(names.indexOf('vendor'))
  })

  it('is skipped when neither build-targets nor vet-tags is given', async () => {
    const { outcome, context } = await builds('builds-windows', {})
    expect(outcome).toEqual({
      findings: [],
      status: 'skipped',
      summary: 'no build-targets or vet-tags given'
    })
    // Nothing was built.
    expect(context.go.commands.filter((c) => ['build', 'vet'].includes(c.args[0] ?? ''))).toEqual(
      []
    )
  })

  it('passes linux/amd64, where the broken files are excluded', async () => {
    const { outcome } = await builds('builds-windows', { 'build-targets': 'linux/amd64' })
    expect(outcome.findings).toEqual([])
    expect(outcome.status).toBeUndefined()
    expect(outcome.summary).toBe('1 target on 1 module')
  })

  it('errors on the line that breaks windows, and once for an error two targets share', async () => {
    const { outcome, root, context } = await builds('builds-windows', {
      'build-targets': 'windows/amd64,linux/arm64'
    })
    const consoleLine = lineOf(root, 'console.go', 'BUILD-ERROR windows/amd64 only')
    const alignLine = lineOf(root, 'internal/align/align.go', 'BUILD-ERROR windows/amd64 and')
    expect(brief(outcome.findings)).toEqual([
      `console.go:${consoleLine} error Build fails for windows/amd64`,
      `internal/align/align.go:${alignLine} error Build fails for windows/amd64 and linux/arm64`
    ])
    const [windowsOnly, shared] = outcome.findings as [CheckFinding, CheckFinding]
    expect(windowsOnly.column).toBe(columnOf(root, 'console.go', consoleLine, 'defaultWidth'))
    expect(windowsOnly.message).toBe(
      `console.go:${consoleLine}:${windowsOnly.column}: undefined: defaultWidth\n` +
        'go build ./... with CGO_ENABLED=0 fails for windows/amd64 in the root module'
    )
    expect(windowsOnly.fix).toBe(
      'make it compile for windows/amd64, then check with `GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build ./...`'
    )
    expect(shared.column).toBe(
      columnOf(root, 'internal/align/align.go', alignLine, 'spaces{} // BUILD')
    )
    // go's continuation lines stay with the error.
    expect(shared.message).toContain('spaces does not implement Padder (wrong type for method Pad)')
    expect(shared.message).toContain('\nhave Pad(string) string\nwant Pad(int) string\n')
    expect(shared.message).toContain('fails for windows/amd64 and linux/arm64 in the root module')
    expect(outcome.summary).toBe('2 targets on 1 module; failing: windows/amd64, linux/arm64')

    // One go build per target, with the target in the environment and output discarded.
    const ran = context.go.commands.filter((c) => c.args[0] === 'build')
    expect(ran.map((c) => [c.args, c.cwd, c.exitCode])).toEqual([
      [['build', '-o', '/dev/null', './...'], '.', 1],
      [['build', '-o', '/dev/null', './...'], '.', 1]
    ])
  })

  it('vets every tag set: a file only integration compiles, a printf only e2e vets', async () => {
    const { outcome, root } = await builds('builds-tags', {
      'vet-tags': 'integration\nintegration,e2e'
    })
    const integration = lineOf(root, 'integration.go', 'VET-ERROR integration')
    const e2e = lineOf(root, 'e2e/e2e_test.go', 'VET-ERROR e2e')
    expect(brief(outcome.findings)).toEqual([
      `e2e/e2e_test.go:${e2e} error go vet -tags=integration,e2e: fmt.Sprintf format %d has arg Name() of wrong type string`,
      `integration.go:${integration} error go vet -tags=integration and -tags=integration,e2e: cannot use "many" (untyped string constant) as int value in variable declaration`
    ])
    const [printf, typeError] = outcome.findings as [CheckFinding, CheckFinding]
    expect(typeError.column).toBe(columnOf(root, 'integration.go', integration, '"many"'))
    expect(typeError.fix).toBe('fix it, then check with `go vet -tags=integration ./...`')
    expect(printf.message).toBe(
      `e2e/e2e_test.go:${e2e}:${printf.column}: fmt.Sprintf format %d has arg Name() of wrong type string\n` +
        'go vet -tags=integration,e2e ./... fails in the root module'
    )
    expect(outcome.summary).toBe(
      '2 tag sets on 1 module; failing: go vet -tags=integration, go vet -tags=integration,e2e'
    )
  })

  it('builds the go.work modules in workspace mode and the others on their own', async () => {
    // app imports example.com/lib, which only go.work provides; tool is not in go.work, and go
    // refuses to build it in workspace mode.
    const { outcome, root, context } = await builds('builds-workspace', {
      'build-targets': 'linux/arm64',
      'vet-tags': 'integration'
    })
    const line = lineOf(root, 'lib/integration.go', 'VET-ERROR integration')
    // app's vet compiles lib too and prints ../lib/integration.go: one finding, both modules.
    expect(brief(outcome.findings)).toEqual([
      `lib/integration.go:${line} error go vet -tags=integration: cannot use "three" (untyped string constant) as int value in variable declaration`
    ])
    expect(outcome.findings[0]?.message).toMatch(
      /\ngo vet -tags=integration \.\/\.\.\. fails in app and lib$/
    )
    expect(outcome.summary).toBe(
      '1 target, 1 tag set on 3 modules; failing: go vet -tags=integration'
    )
    // Commands are logged as they finish, and two run at once: compare them in a fixed order.
    const ran = context.go.commands.filter((c) => c.args[0] === 'build')
    expect(ran.map((c) => [c.cwd, c.exitCode]).sort()).toEqual([
      ['app', 0],
      ['lib', 0],
      ['tool', 0]
    ])
  })

  it('passes a module that builds for every target and tag set, writing no executable', async () => {
    // One main package: a plain `go build ./...` would leave buildsclean.exe in the checkout.
    const { outcome } = await builds('builds-clean', {
      'build-targets': 'windows/amd64,linux/arm64',
      'vet-tags': 'integration'
    })
    expect(outcome.findings).toEqual([])
    expect(outcome.summary).toBe('2 targets, 1 tag set on 1 module')
  })
})

describe('checkBuildTargets', () => {
  async function check(targets: string): Promise<unknown> {
    const repo = fixtureRepo('builds-clean')
    cleanups.push(repo.cleanup)
    const context = await contextFor(repo.root, { 'build-targets': targets })
    try {
      await checkBuildTargets(context.go, repo.root, context.config.buildTargets)
      return undefined
    } catch (error) {
      return error
    } finally {
      context.abort()
    }
  }

  it('accepts targets go tool dist list names', async () => {
    expect(await check('linux/arm64,windows/amd64,darwin/arm64')).toBeUndefined()
  })

  it('names the input, the value and the GOARCH values of its GOOS', async () => {
    const error = await check('linux/amd64,plan9/x')
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toBe(
      'input "build-targets": "plan9/x" is not a target go can build (go tool dist list): plan9 supports GOARCH 386, amd64, arm'
    )
  })

  it('suggests the pair go spells otherwise', async () => {
    const error = (await check('macos/arm64')) as ConfigError
    expect(error.message).toBe(
      'input "build-targets": "macos/arm64" is not a target go can build (go tool dist list): go has no GOOS macos (did you mean darwin/arm64?)'
    )
  })
})
