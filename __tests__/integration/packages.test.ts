// The tests check with the real go on __fixtures__/go/tests-modules: a root module with core/,
// an exp module with lib/, and three modules with no package for go test (assets: a README;
// tools: a tools.go behind //go:build tools; winsvc: windows-only). Each module runs the
// patterns that match a package in it; the others are skipped, saying so; a pattern that
// matches nothing anywhere is one input error.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { buildsCheck } from '../../src/checks/builds.js'
import { testsCheck } from '../../src/checks/tests.js'
import type { CheckOutcome } from '../../src/checks/types.js'
import type { RawInputs } from '../../src/config.js'
import { brief, cleanProcessEnv, contextFor, fixtureRepo } from '../helpers/fixtures.js'

jest.setTimeout(180_000)

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

interface Run {
  outcome: CheckOutcome
  found: string[]
  /** `package: test status` of every test that ran. */
  tests: string[]
  /** The go test commands run, as `dir: args`. */
  goTests: string[]
}

async function runTests(
  inputs: RawInputs = {},
  prepare: (root: string) => void = () => undefined
): Promise<Run> {
  const repo = fixtureRepo('tests-modules')
  cleanups.push(repo.cleanup)
  prepare(repo.root)
  const context = await contextFor(repo.root, { race: 'false', ...inputs }, cleanProcessEnv())
  try {
    const outcome = await testsCheck.run(context)
    return {
      outcome,
      found: brief(outcome.findings),
      tests: (outcome.tests?.packages ?? []).flatMap((p) =>
        p.tests.map((t) => `${p.package}: ${t.name} ${t.status}`)
      ),
      goTests: context.go.commands
        .filter((c) => c.args[0] === 'test')
        .map((c) => `${c.cwd}: ${c.args.filter((a) => !a.startsWith('-')).join(' ')}`)
    }
  } finally {
    context.abort()
  }
}

/** A module of its own under the fixture. */
function addModule(root: string, dir: string, files: Record<string, string>): void {
  const module = path.join(root, dir)
  fs.mkdirSync(module, { recursive: true })
  fs.writeFileSync(path.join(module, 'go.mod'), `module example.com/multi/${dir}\n\ngo 1.24.0\n`)
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(module, name)), { recursive: true })
    fs.writeFileSync(path.join(module, name), text)
  }
}

describe('tests check across modules', () => {
  it('skips the modules with no package to test, saying why, and passes', async () => {
    const { outcome, found, tests, goTests } = await runTests()
    expect(found).toEqual([])
    expect(outcome.status).toBeUndefined()
    expect(tests).toEqual([
      'example.com/multi/core: TestDouble pass',
      'example.com/multi/exp/lib: TestGreeting pass'
    ])
    expect(goTests).toEqual(['.: test ./...', 'exp: test ./...'])
    expect(outcome.summary).toBe(
      '2 passed in 2 packages (no race); ' +
        'skipped assets: no packages to test (./... matches none); ' +
        'skipped tools: no packages to test (./... matches none); ' +
        'skipped winsvc: no packages to test (./... matches none)'
    )
  })

  it('is skipped when no module has a package', async () => {
    const { outcome, goTests } = await runTests({}, (root) => {
      fs.rmSync(path.join(root, 'core'), { recursive: true })
      fs.rmSync(path.join(root, 'exp'), { recursive: true })
    })
    expect(outcome).toEqual({
      findings: [],
      status: 'skipped',
      summary:
        'skipped .: no packages to test (./... matches none); ' +
        'skipped assets: no packages to test (./... matches none); ' +
        'skipped tools: no packages to test (./... matches none); ' +
        'skipped winsvc: no packages to test (./... matches none)'
    })
    expect(goTests).toEqual([])
  })

  it('runs a module whose packages all fail to load: that is not "no packages"', async () => {
    const { found, goTests } = await runTests({}, (root) => {
      addModule(root, 'broken', { 'bad/bad.go': 'packag bad\n' })
      addModule(root, 'orphan', {
        'dep/dep.go': 'package dep\n\nimport _ "example.com/nobody/requires"\n'
      })
    })
    expect(goTests).toEqual([
      '.: test ./...',
      'broken: test ./...',
      'exp: test ./...',
      'orphan: test ./...'
    ])
    expect(found).toEqual([
      "broken/bad/bad.go:1 error example.com/multi/broken/bad does not build: expected 'package', found packag",
      'orphan/dep/dep.go:3 error example.com/nobody/requires does not build: cannot find module providing package example.com/nobody/requires: import lookup disabled by -mod=readonly'
    ])
  })

  it('lists with the tags the tests run with: tools.go is a package under -tags=tools', async () => {
    const { outcome, found, goTests } = await runTests({ tags: 'tools' })
    expect(found).toEqual([])
    expect(goTests).toEqual(['.: test ./...', 'exp: test ./...', 'tools: test ./...'])
    expect(outcome.summary).not.toContain('skipped tools')
  })

  it('runs a pattern in the modules it matches, and skips the others', async () => {
    const { outcome, found, tests, goTests } = await runTests({ packages: './core' })
    expect(found).toEqual([])
    expect(tests).toEqual(['example.com/multi/core: TestDouble pass'])
    expect(goTests).toEqual(['.: test ./core'])
    expect(outcome.summary).toContain('skipped exp: no packages to test (./core matches none)')
  })

  it('runs each of several patterns where it matches', async () => {
    const { outcome, found, tests, goTests } = await runTests({
      packages: './core ./lib example.com/multi/exp/lib'
    })
    expect(found).toEqual([])
    expect(goTests).toEqual(['.: test ./core', 'exp: test ./lib example.com/multi/exp/lib'])
    expect(tests).toEqual([
      'example.com/multi/core: TestDouble pass',
      'example.com/multi/exp/lib: TestGreeting pass'
    ])
    expect(outcome.summary).toContain('in .: ./lib and example.com/multi/exp/lib match none')
    expect(outcome.summary).toContain('in exp: ./core matches none')
  })

  it('a pattern that matches nothing in any module is one input error, and no test runs', async () => {
    const { outcome, found, goTests } = await runTests({ packages: './core ./zapcore' })
    expect(found).toEqual([
      '-:- error packages: "./zapcore" matches no package in any module (modules: ., assets, exp, tools, winsvc)'
    ])
    expect(outcome.findings[0]?.rule).toBe('tests/packages-unmatched')
    expect(outcome.findings[0]?.message).toContain('  exp: stat exp/zapcore: directory not found')
    expect(goTests).toEqual([])
    expect(outcome.summary).toMatch(/^no test ran: packages: "\.\/zapcore" matches no package/)
  })
})

describe('builds check across modules', () => {
  it('vets the modules with packages for a tag set, and says which have none', async () => {
    const repo = fixtureRepo('tests-modules')
    cleanups.push(repo.cleanup)
    const context = await contextFor(
      repo.root,
      { 'vet-tags': 'integration\ntools', 'build-targets': 'windows/amd64' },
      cleanProcessEnv()
    )
    try {
      const outcome = await buildsCheck.run(context)
      expect(brief(outcome.findings)).toEqual([])
      expect(outcome.summary).toBe(
        '1 target, 2 tag sets on 5 modules; ' +
          'go vet -tags=integration: no packages in assets, tools, winsvc; ' +
          'go vet -tags=tools: no packages in assets, winsvc'
      )
      const vets = context.go.commands.filter((c) => c.args[0] === 'vet')
      expect(vets.map((c) => `${c.cwd}: ${c.args.join(' ')}`).sort()).toEqual([
        '.: vet -tags=integration ./...',
        '.: vet -tags=tools ./...',
        'exp: vet -tags=integration ./...',
        'exp: vet -tags=tools ./...',
        'tools: vet -tags=tools ./...'
      ])
    } finally {
      context.abort()
    }
  })
})
