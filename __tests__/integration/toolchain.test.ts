// The toolchain check against __fixtures__/go/<case> with the real go. Nothing here downloads:
// the fixtures ask for versions no higher than the installed go except where a test is about go
// refusing (1.99.x, which does not exist), and the plain-go probe runs with GOPROXY=off. The one
// exception is go 1.22.3 itself, fetched once per machine (helpers/toolchains.ts) to be the
// installed go where a test is about how a go from before golang/go#62278's fix reads go.mod.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { toolchainCheck } from '../../src/checks/toolchain.js'
import type { CheckOutcome } from '../../src/checks/types.js'
import type { RawInputs } from '../../src/config.js'
import type { CheckFinding } from '../../src/findings.js'
import { parseGoVersion } from '../../src/go/version.js'
import { goReleaseBin } from '../helpers/toolchains.js'
import {
  cleanProcessEnv,
  contextFor,
  fixtureRepo,
  installedGoVersion,
  lineOf,
  type FixtureRepo,
  brief
} from '../helpers/fixtures.js'

// go env and go mod edit take well under a second each; leave room for a loaded machine.
jest.setTimeout(60_000)

let installed: string
let minor: string
beforeAll(() => {
  installed = installedGoVersion()
  const v = parseGoVersion(installed)
  if (v?.patch === undefined || v.minor < 24 || v.major !== 1) {
    throw new Error(`these fixtures assume an installed go 1.24.0 or newer, not ${installed}`)
  }
  minor = `${v.major}.${v.minor}`
})

const repos: FixtureRepo[] = []
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup()
})

interface Run {
  outcome: CheckOutcome
  root: string
}

async function run(
  fixture: string,
  inputs: RawInputs = {},
  // The runner's GOTOOLCHAIN, explicitly: otherwise it comes from the go env file or
  // $GOROOT/go.env, which says auto in Go's own distribution and local on some machines.
  processEnv = cleanProcessEnv({ GOTOOLCHAIN: 'local' }),
  prepare?: (root: string) => void
): Promise<Run> {
  const repo = fixtureRepo(fixture)
  repos.push(repo)
  prepare?.(repo.root)
  const context = await contextFor(repo.root, inputs, processEnv)
  try {
    return { outcome: await toolchainCheck.run(context), root: repo.root }
  } finally {
    context.abort()
  }
}

function expectWellFormed(findings: CheckFinding[]): void {
  for (const f of findings) {
    expect(f.rule).toMatch(/^toolchain\//)
    expect(f.title.length).toBeGreaterThan(0)
    expect(f.message.length).toBeGreaterThan(0)
    expect(f.fix ?? '').not.toMatch(/\n/)
    expect(f.fix?.length ?? 0).toBeGreaterThan(0)
    if (f.file !== undefined) expect(f.file).not.toMatch(/\\|^\/|^\.\./)
  }
}

/** What go itself says, run the way CI would run it. */
function goSays(cwd: string, args: string[], env: Record<string, string | undefined> = {}): string {
  const result = spawnSync('go', args, {
    cwd,
    env: {
      ...cleanProcessEnv(),
      GOTOOLCHAIN: 'local',
      GOPROXY: 'off',
      ...env
    } as NodeJS.ProcessEnv,
    encoding: 'utf8'
  })
  return `${result.stdout}${result.stderr}`
}

describe('toolchain check on the fixtures', () => {
  it('clean: no findings, and a one-line summary', async () => {
    const { outcome } = await run('clean')
    expect(outcome.findings).toEqual([])
    expect(outcome.summary).toBe(`go ${installed} (local); 1 module requires ≥ 1.24.0`)
  })

  it('go-line-newer: one error on the go line, in the words go uses', async () => {
    const { outcome, root } = await run('go-line-newer')
    expect(brief(outcome.findings)).toEqual(['go.mod:3 error Go older than go.mod'])
    const [finding] = outcome.findings
    expect(finding).toMatchObject({
      rule: 'toolchain/go-too-old',
      severity: 'error',
      file: 'go.mod',
      line: 3
    })
    const message = `go.mod requires go >= 1.99.0 (running go ${installed}; GOTOOLCHAIN=local)`
    expect(finding?.message).toBe(message)
    expect(goSays(root, ['build', './...'])).toContain(`go: ${message}`)
    expect(fs.readFileSync(path.join(root, 'go.mod'), 'utf8').split('\n')[2]).toBe('go 1.99.0')
    expectWellFormed(outcome.findings)
  })

  it('toolchain-ahead: a warning on the toolchain line', async () => {
    const { outcome, root } = await run('toolchain-ahead')
    expect(brief(outcome.findings)).toEqual([
      'go.mod:5 warning toolchain line ahead of installed go'
    ])
    expect(outcome.findings[0]?.message).toContain('go1.99.1')
    expect(fs.readFileSync(path.join(root, 'go.mod'), 'utf8').split('\n')[4]).toBe(
      'toolchain go1.99.1'
    )
    // The installed go builds it under GOTOOLCHAIN=local: a warning, not an error, is right.
    expect(goSays(root, ['vet', './...'])).toBe('')
    expectWellFormed(outcome.findings)
  })

  it('go-version-mismatch: a warning on .go-version line 1', async () => {
    const { outcome } = await run('go-version-mismatch')
    expect(brief(outcome.findings)).toEqual([
      '.go-version:1 warning .go-version disagrees with go.mod'
    ])
    expect(outcome.findings[0]?.message).toContain('1.23.4')
    expect(outcome.findings[0]?.message).toContain('1.24.0')
    expectWellFormed(outcome.findings)
  })

  it('go-work-two-modules: an error in b/go.mod, and on go.work, which go refuses', async () => {
    const { outcome, root } = await run('go-work-two-modules')
    expect(brief(outcome.findings)).toEqual([
      'b/go.mod:3 error Go older than go.mod',
      'go.work:1 error go.work go line older than a module'
    ])
    expect(outcome.findings[0]?.message).toBe(
      `b/go.mod requires go >= 1.99.0 (running go ${installed}; GOTOOLCHAIN=local)`
    )
    expect(outcome.summary).toBe(`go ${installed} (local); 2 modules require ≥ 1.99.0`)
    // go agrees on both counts.
    const said = goSays(root, ['vet', './a/...'])
    expect(said).toContain(
      'module b listed in go.work file requires go >= 1.99.0, but go.work lists go 1.24.0'
    )
    expectWellFormed(outcome.findings)
  })
})

describe('toolchain check with inputs', () => {
  it('go-version the installed go does not satisfy: an error without a file', async () => {
    const { outcome } = await run('clean', { 'go-version': '>=1.99' })
    expect(brief(outcome.findings)).toEqual(['-:- error Go outside go-version'])
    expect(outcome.findings[0]?.message).toContain(installed)
    expectWellFormed(outcome.findings)
  })

  it('go-version the installed go satisfies: nothing', async () => {
    const { outcome } = await run('clean', { 'go-version': `${minor}.x` })
    expect(outcome.findings).toEqual([])
  })

  it('go-version-file naming another minor: an error on its line', async () => {
    const { outcome } = await run('go-version-mismatch', { 'go-version-file': '.go-version' })
    expect(brief(outcome.findings)).toEqual([
      '.go-version:1 error Go does not match go-version-file',
      '.go-version:1 warning .go-version disagrees with go.mod'
    ])
    expect(outcome.findings[0]?.message).toBe(
      `go-version-file .go-version says 1.23.4, but go ${installed} runs here`
    )
    expectWellFormed(outcome.findings)
  })

  it('go-version-file naming the installed minor: nothing', async () => {
    const { outcome } = await run(
      'clean',
      { 'go-version-file': '.tool-versions' },
      undefined,
      (root) =>
        fs.writeFileSync(path.join(root, '.tool-versions'), `nodejs 24.1.0\ngolang ${minor}\n`)
    )
    expect(outcome.findings).toEqual([])
  })

  it('go-version-file pointing at a go.mod the go does not satisfy: the go line error, once', async () => {
    const { outcome } = await run('go-line-newer', { 'go-version-file': 'go.mod' })
    expect(brief(outcome.findings)).toEqual(['go.mod:3 error Go older than go.mod'])
  })

  it('gotoolchain auto on a module the installed go satisfies: no switch, no findings', async () => {
    const { outcome } = await run('clean', { gotoolchain: 'auto' })
    expect(outcome.findings).toEqual([])
    expect(outcome.summary).toBe(`go ${installed} (auto); 1 module requires ≥ 1.24.0`)
  })

  it("gotoolchain naming a toolchain go cannot find: an error with go's message", async () => {
    const { outcome } = await run('clean', { gotoolchain: 'go1.99.0+path' })
    expect(brief(outcome.findings)).toEqual([
      '-:- error Go cannot start with GOTOOLCHAIN=go1.99.0+path'
    ])
    expect(outcome.findings[0]?.message).toContain('go: cannot find "go1.99.0" in PATH')
    expectWellFormed(outcome.findings)
  })
})

describe('silent toolchain switch (plain go with the runner environment)', () => {
  it('GOTOOLCHAIN=auto and a toolchain line ahead: go would switch, pointed at the toolchain line', async () => {
    const { outcome } = await run('toolchain-ahead', {}, cleanProcessEnv({ GOTOOLCHAIN: 'auto' }))
    expect(brief(outcome.findings)).toEqual([
      'go.mod:5 warning toolchain line ahead of installed go',
      'go.mod:5 warning Go switches toolchains outside the gate'
    ])
    const message = outcome.findings[1]?.message ?? ''
    expect(message).toContain('switches to go1.99.1')
    expect(message).toContain('GOTOOLCHAIN=auto')
    expect(message).toContain(`go${installed}`)
    expectWellFormed(outcome.findings)
  })

  it('GOTOOLCHAIN=path and a go line ahead: plain go fails, with its message', async () => {
    const { outcome } = await run('go-line-newer', {}, cleanProcessEnv({ GOTOOLCHAIN: 'path' }))
    expect(brief(outcome.findings)).toEqual([
      'go.mod:3 error Go older than go.mod',
      'go.mod:3 warning Go fails outside the gate'
    ])
    expect(outcome.findings[1]?.message).toContain('go: cannot find "go1.99.0" in PATH')
    expect(outcome.findings[1]?.message).toContain('GOTOOLCHAIN=path')
  })

  it('GOTOOLCHAIN=auto where go.mod asks for nothing newer: no warning', async () => {
    const { outcome } = await run('clean', {}, cleanProcessEnv({ GOTOOLCHAIN: 'auto' }))
    expect(outcome.findings).toEqual([])
  })

  it('records the probe among the go commands the gate ran', async () => {
    const repo = fixtureRepo('clean')
    repos.push(repo)
    const context = await contextFor(repo.root, {}, cleanProcessEnv({ GOTOOLCHAIN: 'local' }))
    await toolchainCheck.run(context)
    context.abort()
    const args = context.go.commands.map((c) => c.args.join(' '))
    expect(args).toContain('env GOVERSION')
    expect(args).toContain('env GOTOOLCHAIN')
  })
})

/** Rewrites the fixture's go line before the check runs. */
function withGoLine(goLine: string): (root: string) => void {
  return (root) => {
    const file = path.join(root, 'go.mod')
    const text = fs.readFileSync(file, 'utf8').replace(/^go .*$/m, `go ${goLine}`)
    fs.writeFileSync(file, text)
  }
}

describe('a go line without a patch', () => {
  it.each(['1.21', '1.22', '1.23'])(
    'go %s under the installed go: no findings, with GOTOOLCHAIN local or auto',
    async (goLine) => {
      for (const gotoolchain of ['local', 'auto']) {
        const { outcome, root } = await run(
          'go-line-no-patch',
          { gotoolchain },
          cleanProcessEnv({ GOTOOLCHAIN: 'auto' }),
          withGoLine(goLine)
        )
        expect(lineOf(root, 'go.mod', `go ${goLine}`, 'equals')).toBe(3)
        expect(outcome.findings).toEqual([])
        // go agrees: with GOTOOLCHAIN=auto it neither switches nor complains.
        expect(goSays(root, ['vet', './...'], { GOTOOLCHAIN: 'auto' })).toBe('')
      }
    }
  )

  it('go 1.99 under the installed go: go looks for go1.99.0, so the line itself is not blamed', async () => {
    const { outcome, root } = await run(
      'go-line-no-patch',
      { gotoolchain: 'path' },
      cleanProcessEnv({ GOTOOLCHAIN: 'path' }),
      withGoLine('1.99')
    )
    expect(brief(outcome.findings)).toEqual([
      'go.mod:3 error Go older than go.mod',
      '-:- error Go cannot start with GOTOOLCHAIN=path',
      'go.mod:3 warning Go fails outside the gate'
    ])
    expect(outcome.findings[1]?.message).toContain('go: cannot find "go1.99.0" in PATH')
    expect(goSays(root, ['vet', './...'], { GOTOOLCHAIN: 'path' })).toContain(
      'go: cannot find "go1.99.0" in PATH'
    )
    expectWellFormed(outcome.findings)
  })
})

// [network]: the first run fetches go 1.22.3 from the module proxy; GO_CI_GATE_OFFLINE=1 skips it.
const offline = process.env.GO_CI_GATE_OFFLINE === '1'
;(offline ? describe.skip : describe)(
  'a go line without a patch under go 1.22.3, from before the fix for golang/go#62278 [network]',
  () => {
    let bin: string
    // The first run on a machine fetches go 1.22.3 (about 70 MB).
    beforeAll(() => {
      bin = goReleaseBin('1.22.3')
    }, 600_000)
    const onPath = (
      env: Record<string, string | undefined>
    ): Record<string, string | undefined> => ({
      ...env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`
    })

    it('gotoolchain auto and go 1.23: one error on the go line, in the words go 1.22.3 fails with', async () => {
      const { outcome, root } = await run(
        'go-line-no-patch',
        { gotoolchain: 'auto', goproxy: 'off' },
        onPath(cleanProcessEnv({ GOTOOLCHAIN: 'local' })),
        withGoLine('1.23')
      )
      expect(brief(outcome.findings)).toEqual([
        'go.mod:3 error go line read as toolchain go1.23, which does not exist'
      ])
      const goLine = outcome.findings[0]
      expect(goLine?.rule).toBe('toolchain/go-line')
      expect(goLine?.message).toContain('go 1.22.3, installed here, reads `go 1.23` in go.mod')
      expect(goLine?.message).toMatch(/\(go: download go1\.23 for \S+: toolchain not available\)$/)
      expect(goLine?.fix).toContain('write `go 1.23.0` in go.mod')
      // go 1.22.3 itself, run as a workflow step would run it.
      expect(goSays(root, ['vet', './...'], onPath({ GOTOOLCHAIN: 'auto' }))).toMatch(
        /go: download go1\.23 for \S+: toolchain not available/
      )
      expectWellFormed(outcome.findings)
    })

    it("the runner's own GOTOOLCHAIN=auto: the warning says it is outside the gate", async () => {
      const { outcome } = await run(
        'go-line-no-patch',
        {},
        onPath(cleanProcessEnv({ GOTOOLCHAIN: 'auto' })),
        withGoLine('1.23')
      )
      expect(brief(outcome.findings)).toEqual([
        'go.mod:3 error Go older than go.mod',
        'go.mod:3 warning go line read as toolchain go1.23, which does not exist'
      ])
      expect(outcome.findings[1]?.message).toContain('every go command outside the gate fails')
    })

    it('go 1.23.0 instead: go 1.22.3 asks for go1.23.0, and the line is not blamed', async () => {
      const { outcome, root } = await run(
        'go-line-no-patch',
        { gotoolchain: 'auto', goproxy: 'off' },
        onPath(cleanProcessEnv({ GOTOOLCHAIN: 'local' })),
        withGoLine('1.23.0')
      )
      expect(brief(outcome.findings)).toEqual([
        'go.mod:3 error Go older than go.mod',
        '-:- error Go cannot start with GOTOOLCHAIN=auto'
      ])
      expect(outcome.findings[1]?.message).toContain('go: download go1.23.0 for ')
      expect(goSays(root, ['vet', './...'], onPath({ GOTOOLCHAIN: 'auto' }))).toContain(
        'go: download go1.23.0 for '
      )
    })

    it('go 1.22, which go 1.22.3 satisfies: nothing', async () => {
      const { outcome } = await run(
        'go-line-no-patch',
        { gotoolchain: 'auto', goproxy: 'off' },
        onPath(cleanProcessEnv({ GOTOOLCHAIN: 'auto' })),
        withGoLine('1.22')
      )
      expect(outcome.findings).toEqual([])
      expect(outcome.summary).toBe('go 1.22.3 (auto); 1 module requires ≥ 1.22')
    })
  }
)
