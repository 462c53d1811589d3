import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { assessToolchain } from '../../../src/checks/toolchain.js'
import { silentSwitchFinding } from '../../../src/checks/toolchainoutside.js'
import type { CheckFinding } from '../../../src/findings.js'
import { locateDirectives, type GoModJson, type GoWorkJson } from '../../../src/go/gomod.js'
import type { GoModule, GoWorkspace } from '../../../src/go/modules.js'
import type {
  PlainGoProbe,
  ToolchainFacts,
  VersionFileFact
} from '../../../src/go/toolchainfacts.js'
import { parseGoVersion } from '../../../src/go/version.js'

const root = path.resolve('/repo')

/** A module as loadModule would give it: the file's text and go's JSON for it, both written out. */
function moduleAt(
  relDir: string,
  goMod: string,
  json: Pick<GoModJson, 'Go' | 'Toolchain'>
): GoModule {
  const dir = relDir === '.' ? root : path.join(root, relDir)
  return {
    dir,
    relDir,
    file: path.join(dir, 'go.mod'),
    relPath: relDir === '.' ? 'go.mod' : `${relDir}/go.mod`,
    text: goMod,
    directives: locateDirectives(goMod),
    json: {
      Module: { Path: `example.com/${relDir === '.' ? 'root' : relDir}` },
      Require: null,
      Exclude: null,
      Replace: null,
      Retract: null,
      ...json
    }
  }
}

function workspaceAt(goWork: string, json: GoWorkJson): GoWorkspace {
  return {
    file: path.join(root, 'go.work'),
    relPath: 'go.work',
    text: goWork,
    directives: locateDirectives(goWork),
    json
  }
}

function versionFile(relPath: string, text: string): VersionFileFact {
  const name = path.posix.basename(relPath) as VersionFileFact['name']
  return { name, file: path.join(root, relPath), text }
}

type FactsOverrides = Partial<Omit<ToolchainFacts, 'config'>> & {
  config?: Partial<ToolchainFacts['config']>
  installed?: string
  effective?: string
}

function facts(overrides: FactsOverrides = {}): ToolchainFacts {
  const { config, installed = 'go1.26.8', effective, ...rest } = overrides
  return {
    config: { root, workingDirectory: root, gotoolchain: 'local', ...config },
    runnerGoEnv: { GOVERSION: installed, GOTOOLCHAIN: 'local' },
    effectiveGoEnv: { GOVERSION: effective ?? installed },
    modules: [],
    versionFiles: [],
    ...rest
  }
}

function brief(f: CheckFinding): string {
  return `${f.file ?? '-'}:${f.line ?? '-'} ${f.severity} ${f.title}`
}

const NEWER_GO_MOD = 'module example.com/root\n\ngo 1.99.0\n'
const newer = (): GoModule => moduleAt('.', NEWER_GO_MOD, { Go: '1.99.0' })
const AHEAD_GO_MOD = 'module example.com/root\n\ngo 1.24.0\n\ntoolchain go1.99.1\n'
const ahead = (): GoModule => moduleAt('.', AHEAD_GO_MOD, { Go: '1.24.0', Toolchain: 'go1.99.1' })
const clean = (): GoModule =>
  moduleAt('.', 'module example.com/root\n\ngo 1.24.0\n', { Go: '1.24.0' })

describe('assessToolchain: go line against the go that runs', () => {
  it('passes a go line the installed go satisfies, and says so in one line', () => {
    const outcome = assessToolchain(facts({ modules: [clean()] }))
    expect(outcome.findings).toEqual([])
    expect(outcome.summary).toBe('go 1.26.8 (local); 1 module requires ≥ 1.24.0')
  })

  it('is an error on the go line under GOTOOLCHAIN=local, worded as go words it', () => {
    const { findings } = assessToolchain(facts({ modules: [newer()] }))
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'toolchain/go-too-old',
        severity: 'error',
        file: 'go.mod',
        line: 3,
        message: 'go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)'
      })
    ])
    expect(findings[0]?.fix).toContain('go-version-file: go.mod')
  })

  it('becomes a notice naming the toolchain go switched to when GOTOOLCHAIN lets it switch', () => {
    const outcome = assessToolchain(
      facts({ config: { gotoolchain: 'auto' }, effective: 'go1.99.0', modules: [newer()] })
    )
    expect(outcome.findings.map(brief)).toEqual(['go.mod:3 notice Toolchain switched'])
    expect(outcome.findings[0]?.message).toContain('every go command ran go1.99.0')
    expect(outcome.findings[0]?.message).toContain('GOTOOLCHAIN=auto')
    expect(outcome.summary).toBe('go 1.99.0 (auto; installed 1.26.8); 1 module requires ≥ 1.99.0')
  })

  it('stays an error when the toolchain go switched to is still older than the go line', () => {
    const { findings } = assessToolchain(
      facts({ config: { gotoolchain: 'go1.98.0' }, effective: 'go1.98.0', modules: [newer()] })
    )
    expect(findings.map(brief)).toEqual(['go.mod:3 error Go older than go.mod'])
    expect(findings[0]?.message).toBe(
      'go.mod requires go >= 1.99.0 (running go 1.98.0; GOTOOLCHAIN=go1.98.0)'
    )
  })

  it("reports go's own message when go cannot start under the pinned GOTOOLCHAIN", () => {
    const goSaid =
      'go env -json failed: go: downloading go1.99.0 (linux/amd64)\ngo: download go1.99.0 for linux/amd64: toolchain not available'
    const outcome = assessToolchain(
      facts({ config: { gotoolchain: 'auto' }, effectiveGoEnvError: goSaid, modules: [newer()] })
    )
    expect(outcome.findings.map(brief)).toEqual([
      'go.mod:3 error Go older than go.mod',
      '-:- error Go cannot start with GOTOOLCHAIN=auto'
    ])
    expect(outcome.findings[1]?.message).toBe(goSaid)
    expect(outcome.findings[0]?.message).toContain(
      'could not switch: go: download go1.99.0 for linux/amd64: toolchain not available'
    )
    expect(outcome.summary).toContain('GOTOOLCHAIN=auto failed')
  })

  it('compares plain go with the installed go when the pinned one could not start', () => {
    const { findings } = assessToolchain(
      facts({
        config: { gotoolchain: 'go1.99.0+path' },
        effectiveGoEnvError: 'go env -json failed: go: cannot find "go1.99.0" in PATH',
        modules: [clean()],
        plain: { gotoolchain: 'local', version: 'go1.26.8' }
      })
    )
    expect(findings.map(brief)).toEqual([
      '-:- error Go cannot start with GOTOOLCHAIN=go1.99.0+path'
    ])
  })

  it('skips a module go could not read (modfile reports it)', () => {
    const broken: GoModule = { ...newer(), json: undefined, loadError: 'go: errors parsing go.mod' }
    expect(assessToolchain(facts({ modules: [broken] })).findings).toEqual([])
  })

  it('only notes a devel go, which it cannot compare', () => {
    const { findings } = assessToolchain(
      facts({ installed: 'devel go1.27-abcdef Tue', modules: [newer()] })
    )
    expect(findings.map(brief)).toEqual(['-:- notice Go version not comparable'])
  })
})

describe('assessToolchain: toolchain line', () => {
  it('warns on the toolchain line when it names a newer release than runs here', () => {
    const { findings } = assessToolchain(facts({ modules: [ahead()] }))
    expect(findings.map(brief)).toEqual(['go.mod:5 warning toolchain line ahead of installed go'])
    expect(findings[0]?.message).toContain('go1.99.1')
  })

  it('is a notice when GOTOOLCHAIN=auto switched to it', () => {
    const { findings } = assessToolchain(
      facts({ config: { gotoolchain: 'auto' }, effective: 'go1.99.1', modules: [ahead()] })
    )
    expect(findings.map(brief)).toEqual(['go.mod:5 notice Toolchain switched'])
  })

  it('passes a toolchain line at or below the installed go', () => {
    const mod = moduleAt('.', 'module m\n\ngo 1.24.0\n\ntoolchain go1.26.8\n', {
      Go: '1.24.0',
      Toolchain: 'go1.26.8'
    })
    expect(assessToolchain(facts({ modules: [mod] })).findings).toEqual([])
  })
})

describe('assessToolchain: go line without a patch', () => {
  const languageLine = (goLine: string, toolchain?: string): GoModule =>
    moduleAt(
      '.',
      `module m\n\ngo ${goLine}\n${toolchain ? `\ntoolchain ${toolchain}\n` : ''}`,
      toolchain ? { Go: goLine, Toolchain: toolchain } : { Go: goLine }
    )
  // What go1.22.3 printed (GOPROXY=off, as the probe runs it) in a module with `go 1.23`.
  const GO1223_AUTO =
    'go: downloading go1.23 (linux/amd64)\ngo: download go1.23 for linux/amd64: toolchain not available'
  const GO1223_PATH = 'go: cannot find "go1.23" in PATH'

  it.each(['1.21', '1.22', '1.23', '1.24', '1.26', '1.20', '1.23.0'])(
    'go %s under go 1.26.8: nothing, whatever GOTOOLCHAIN lets go do',
    (goLine) => {
      for (const gotoolchain of ['local', 'auto', 'path']) {
        for (const runner of ['local', 'auto', 'path']) {
          const { findings } = assessToolchain(
            facts({
              config: { gotoolchain },
              modules: [languageLine(goLine)],
              plain: { gotoolchain: runner, version: 'go1.26.8' }
            })
          )
          expect(findings).toEqual([])
        }
      }
    }
  )

  it('go 1.21 under go 1.21.0: nothing (1.21.0 satisfies 1.21, so nothing switches)', () => {
    const { findings } = assessToolchain(
      facts({
        installed: 'go1.21.0',
        config: { gotoolchain: 'auto' },
        modules: [languageLine('1.21')],
        plain: { gotoolchain: 'auto', version: 'go1.21.0' }
      })
    )
    expect(findings).toEqual([])
  })

  it("is the one error where the gate's go (1.22.3, GOTOOLCHAIN=auto) looks for go1.23, which does not exist", () => {
    const { findings } = assessToolchain(
      facts({
        installed: 'go1.22.3',
        config: { gotoolchain: 'auto' },
        effectiveGoEnvError: `go env -json failed: ${GO1223_AUTO}`,
        modules: [languageLine('1.23')],
        plain: { gotoolchain: 'local', version: 'go1.22.3' }
      })
    )
    // One cause, one finding: not also "Go older than go.mod" and "Go cannot start".
    expect(findings.map(brief)).toEqual([
      'go.mod:3 error go line read as toolchain go1.23, which does not exist'
    ])
    const goLine = findings[0]
    expect(goLine?.rule).toBe('toolchain/go-line')
    expect(goLine?.message).toBe(
      'go 1.22.3, installed here, reads `go 1.23` in go.mod as the toolchain go1.23, not go1.23.0 ' +
        '(golang/go#62278, fixed in go 1.21.11 and 1.22.4); with GOTOOLCHAIN=auto (the gotoolchain ' +
        'input) it tries to download go1.23: no release has that name, so every go command the gate ' +
        'runs fails (go: download go1.23 for linux/amd64: toolchain not available)'
    )
    expect(goLine?.fix).toBe(
      'write `go 1.23.0` in go.mod, or install go 1.23.0 or newer before this step (actions/setup-go with go-version-file: go.mod)'
    )
  })

  it("warns where only the runner's own GOTOOLCHAIN lets go switch, once (not again as outside-gate)", () => {
    const { findings } = assessToolchain(
      facts({
        installed: 'go1.22.3',
        modules: [languageLine('1.23')],
        plain: { gotoolchain: 'auto', error: GO1223_AUTO }
      })
    )
    expect(findings.map(brief)).toEqual([
      'go.mod:3 error Go older than go.mod',
      'go.mod:3 warning go line read as toolchain go1.23, which does not exist'
    ])
    expect(findings[1]?.message).toContain(
      "with GOTOOLCHAIN=auto (the runner's own environment) it tries to download go1.23"
    )
    expect(findings[1]?.message).toContain('every go command outside the gate fails')
  })

  it('names both GOTOOLCHAINs, each with what go does under it', () => {
    const { findings } = assessToolchain(
      facts({
        installed: 'go1.22.3',
        config: { gotoolchain: 'path' },
        effectiveGoEnvError: `go env -json failed: ${GO1223_PATH}`,
        modules: [languageLine('1.23')],
        plain: { gotoolchain: 'auto', error: GO1223_AUTO }
      })
    )
    const goLine = findings.find((f) => f.rule === 'toolchain/go-line')
    expect(goLine?.message).toContain(
      'with GOTOOLCHAIN=path (the gotoolchain input) it looks for a go1.23 command on PATH; ' +
        "with GOTOOLCHAIN=auto (the runner's own environment) it tries to download go1.23"
    )
    expect(goLine?.message).toContain('every go command fails, in the gate and outside it')
    expect(findings.some((f) => f.rule === 'toolchain/outside-gate')).toBe(false)
  })

  it.each([
    ['go1.21.10', '1.23', true],
    ['go1.21.11', '1.23', false],
    ['go1.22rc1', '1.23', true],
    ['go1.22.4', '1.23', false],
    ['go1.23.0', '1.24', false]
  ])(
    'installed %s, go %s, GOTOOLCHAIN=auto: a go-line warning is %s',
    (installed, goLine, warned) => {
      const { findings } = assessToolchain(
        facts({
          installed,
          config: { gotoolchain: 'auto' },
          effective: `go${goLine}.0`,
          modules: [languageLine(goLine)]
        })
      )
      expect(findings.some((f) => f.rule === 'toolchain/go-line')).toBe(warned)
    }
  )

  it('says nothing where a toolchain line, not the go line, decides (go1.23.0, or default)', () => {
    for (const toolchain of ['go1.23.0', 'default']) {
      const { findings } = assessToolchain(
        facts({
          installed: 'go1.22.3',
          config: { gotoolchain: 'auto' },
          effective: toolchain === 'default' ? 'go1.22.3' : 'go1.23.0',
          modules: [languageLine('1.23', toolchain)],
          plain: { gotoolchain: 'auto', version: 'go1.23.0' }
        })
      )
      expect(findings.filter((f) => f.rule === 'toolchain/go-line')).toEqual([])
    }
  })

  it("says nothing under GOTOOLCHAIN=local: the go line's error says what to install", () => {
    const { findings } = assessToolchain(
      facts({
        installed: 'go1.22.3',
        modules: [languageLine('1.23')],
        plain: { gotoolchain: 'local', version: 'go1.22.3' }
      })
    )
    expect(findings.map(brief)).toEqual(['go.mod:3 error Go older than go.mod'])
    expect(findings[0]?.fix).toContain('install go 1.23.0')
  })

  it("is an error on go.work's own go line too", () => {
    const a = moduleAt('a', 'module a\n\ngo 1.22.0\n', { Go: '1.22.0' })
    const workspace = workspaceAt('go 1.23\n\nuse ./a\n', {
      Go: '1.23',
      Use: [{ DiskPath: './a' }],
      Replace: null
    })
    const { findings } = assessToolchain(
      facts({
        installed: 'go1.22.3',
        config: { gotoolchain: 'auto' },
        effectiveGoEnvError: `go env -json failed: ${GO1223_AUTO}`,
        modules: [a],
        workspace
      })
    )
    expect(findings.filter((f) => f.rule === 'toolchain/go-line').map(brief)).toEqual([
      'go.work:1 error go line read as toolchain go1.23, which does not exist'
    ])
  })
})

describe('assessToolchain: .go-version and .tool-versions', () => {
  it.each([
    ['1.23.4', ['.go-version:1 warning .go-version disagrees with go.mod']],
    ['1.23', ['.go-version:1 warning .go-version disagrees with go.mod']],
    ['1.24', []],
    ['1.24.0', []],
    ['1.26.1', []],
    ['system', []]
  ])('.go-version %s against go 1.24.0', (written, expected) => {
    const { findings } = assessToolchain(
      facts({ modules: [clean()], versionFiles: [versionFile('.go-version', `${written}\n`)] })
    )
    expect(findings.map(brief)).toEqual(expected)
  })

  it.each([
    ['1.26.1', []],
    ['1.26', []],
    ['1.26.2', ['.tool-versions:2 warning .tool-versions disagrees with go.mod']],
    ['1.27.0', ['.tool-versions:2 warning .tool-versions disagrees with go.mod']]
  ])('.tool-versions golang %s against toolchain go1.26.1', (written, expected) => {
    const mod = moduleAt('.', 'module m\n\ngo 1.24.0\n\ntoolchain go1.26.1\n', {
      Go: '1.24.0',
      Toolchain: 'go1.26.1'
    })
    const { findings } = assessToolchain(
      facts({
        modules: [mod],
        versionFiles: [versionFile('.tool-versions', `nodejs 24.1.0\ngolang ${written}\n`)]
      })
    )
    expect(findings.map(brief)).toEqual(expected)
  })

  it('holds a root file without go.mod to the highest go line below it, and names that go.mod', () => {
    const a = moduleAt('a', 'module a\n\ngo 1.24.0\n', { Go: '1.24.0' })
    const b = moduleAt('b', 'module b\n\ngo 1.25.0\n', { Go: '1.25.0' })
    const { findings } = assessToolchain(
      facts({ modules: [a, b], versionFiles: [versionFile('.go-version', '1.24.5\n')] })
    )
    expect(findings.map(brief)).toEqual(['.go-version:1 warning .go-version disagrees with go.mod'])
    expect(findings[0]?.message).toContain("b/go.mod's go line (1.25.0)")
  })

  it("holds a module directory's file to that module", () => {
    const a = moduleAt('a', 'module a\n\ngo 1.24.0\n', { Go: '1.24.0' })
    const b = moduleAt('b', 'module b\n\ngo 1.25.0\n', { Go: '1.25.0' })
    const { findings } = assessToolchain(
      facts({ modules: [a, b], versionFiles: [versionFile('a/.go-version', '1.24.5\n')] })
    )
    expect(findings).toEqual([])
  })
})

describe('assessToolchain: go-version and go-version-file inputs', () => {
  it.each([
    ['>=1.99', ['-:- error Go outside go-version']],
    ['1.26.x', []],
    ['^1.25.0', []],
    ['<1.26.8', ['-:- error Go outside go-version']]
  ])('go-version %s with go 1.26.8', (range, expected) => {
    const { findings } = assessToolchain(
      facts({ modules: [clean()], config: { goVersion: range } })
    )
    expect(findings.map(brief)).toEqual(expected)
  })

  it('checks go-version against the toolchain go switched to', () => {
    const { findings } = assessToolchain(
      facts({ config: { gotoolchain: 'auto', goVersion: '>=1.99' }, effective: 'go1.99.0' })
    )
    expect(findings).toEqual([])
  })

  it.each([
    ['1.26\n', []],
    ['1.26.8\n', []],
    ['go1.26.8\n', []],
    ['1.25.8\n', ['.go-version:1 error Go does not match go-version-file']],
    ['1.26.7\n', ['.go-version:1 error Go does not match go-version-file']],
    ['\n', ['.go-version:- error go-version-file names no Go version']]
  ])('go-version-file .go-version %j with go 1.26.8', (text, expected) => {
    const { findings } = assessToolchain(
      facts({
        config: { goVersionFile: path.join(root, '.go-version') },
        goVersionFile: { text }
      })
    )
    expect(findings.map(brief)).toEqual(expected)
  })

  it('needs a golang line in a .tool-versions go-version-file', () => {
    const { findings } = assessToolchain(
      facts({
        config: { goVersionFile: path.join(root, '.tool-versions') },
        goVersionFile: { text: 'nodejs 24.1.0\n' }
      })
    )
    expect(findings.map(brief)).toEqual([
      '.tool-versions:- error go-version-file names no Go version'
    ])
    expect(findings[0]?.message).toContain('no golang or go line')
  })

  it('does not repeat the go line error for a go.mod go-version-file', () => {
    const mod = newer()
    const { findings } = assessToolchain(
      facts({
        modules: [mod],
        config: { goVersionFile: mod.file },
        goVersionFile: { text: mod.text, loaded: mod }
      })
    )
    expect(findings.map(brief)).toEqual(['go.mod:3 error Go older than go.mod'])
  })

  it('makes a go.mod go-version-file hold go to its toolchain line', () => {
    const mod = ahead()
    const { findings } = assessToolchain(
      facts({
        modules: [mod],
        config: { goVersionFile: mod.file },
        goVersionFile: { text: mod.text, loaded: mod }
      })
    )
    expect(findings.map(brief)).toEqual([
      'go.mod:5 error Go older than go-version-file',
      'go.mod:5 warning toolchain line ahead of installed go'
    ])
  })
})

describe('assessToolchain: go.work', () => {
  const GO_WORK = 'go 1.24.0\n\nuse (\n\t./a\n\t./b\n)\n'
  const work = (): GoWorkspace =>
    workspaceAt(GO_WORK, {
      Go: '1.24.0',
      Use: [{ DiskPath: './a' }, { DiskPath: './b' }],
      Replace: null
    })

  it('is an error on the go.work go line when a used module needs a newer go', () => {
    const a = moduleAt('a', 'module a\n\ngo 1.24.0\n', { Go: '1.24.0' })
    const b = moduleAt('b', 'module b\n\ngo 1.25.0\n', { Go: '1.25.0' })
    const { findings } = assessToolchain(facts({ modules: [a, b], workspace: work() }))
    expect(findings.map(brief)).toEqual(['go.work:1 error go.work go line older than a module'])
    expect(findings[0]?.message).toContain(
      'module b listed in go.work file requires go >= 1.25.0, but go.work lists go 1.24.0'
    )
  })

  it("reads go.work's toolchain line from the file, since go's JSON leaves it out", () => {
    const text = 'go 1.24.0\n\ntoolchain go1.99.1\n\nuse ./a\n'
    const a = moduleAt('a', 'module a\n\ngo 1.24.0\n', { Go: '1.24.0' })
    const workspace = workspaceAt(text, { Go: '1.24.0', Use: [{ DiskPath: './a' }], Replace: null })
    const { findings } = assessToolchain(facts({ modules: [a], workspace }))
    expect(findings.map(brief)).toEqual(['go.work:3 warning toolchain line ahead of installed go'])
  })
})

describe('silentSwitchFinding', () => {
  const governing = {
    relPath: 'go.mod',
    go: { text: '1.27', version: parseGoVersion('1.27')!, line: 3 },
    toolchain: { text: 'go1.99.1', version: parseGoVersion('1.99.1')!, line: 5 }
  }

  it('says nothing when plain go runs the same toolchain', () => {
    expect(
      silentSwitchFinding({ gotoolchain: 'auto', version: 'go1.26.8' }, 'go1.26.8', governing)
    ).toBeUndefined()
  })

  it('warns when plain go ran another toolchain, naming both and the GOTOOLCHAIN that allowed it', () => {
    const finding = silentSwitchFinding(
      { gotoolchain: 'auto', version: 'go1.27.0' },
      'go1.26.8',
      governing
    )
    expect(finding).toEqual(
      expect.objectContaining({
        severity: 'warning',
        file: 'go.mod',
        line: 3,
        rule: 'toolchain/outside-gate'
      })
    )
    expect(finding?.message).toContain('go1.27.0')
    expect(finding?.message).toContain('go1.26.8')
    expect(finding?.message).toContain('GOTOOLCHAIN=auto')
    expect(finding?.fix).toContain('GOTOOLCHAIN=local')
  })

  it('warns when plain go wanted to download a toolchain (as go1.26.8 prints it with GOPROXY=off)', () => {
    const probe: PlainGoProbe = {
      gotoolchain: 'auto',
      error:
        'go: downloading go1.99.1 (linux/amd64)\ngo: download go1.99.1 for linux/amd64: toolchain not available'
    }
    const finding = silentSwitchFinding(probe, 'go1.26.8', governing)
    expect(finding?.title).toBe('Go switches toolchains outside the gate')
    expect([finding?.file, finding?.line]).toEqual(['go.mod', 5])
    expect(finding?.message).toContain('switches to go1.99.1')
  })

  it('says plain go fails when the toolchain it set out to download is a language version', () => {
    const probe: PlainGoProbe = {
      gotoolchain: 'auto',
      error:
        'go: downloading go1.23 (linux/amd64)\ngo: download go1.23 for linux/amd64: toolchain not available'
    }
    const finding = silentSwitchFinding(probe, 'go1.22.3', {
      relPath: 'go.mod',
      go: { text: '1.23', version: parseGoVersion('1.23')!, line: 3 }
    })
    expect([finding?.file, finding?.line]).toEqual(['go.mod', 3])
    expect(finding?.message).toBe(
      "with the runner's own environment plain `go` tries to download go1.23 (the go line in go.mod " +
        'asks for it and GOTOOLCHAIN=auto lets it), a release that does not exist, so it fails; the gate runs go1.22.3'
    )
  })

  it("warns when plain go fails, with go's message (GOTOOLCHAIN=path, nothing on PATH)", () => {
    const probe: PlainGoProbe = { gotoolchain: 'path', error: 'go: cannot find "go1.99.1" in PATH' }
    const finding = silentSwitchFinding(probe, 'go1.26.8', governing)
    expect(finding?.title).toBe('Go fails outside the gate')
    expect([finding?.file, finding?.line]).toEqual(['go.mod', 5])
    expect(finding?.message).toContain('go: cannot find "go1.99.1" in PATH')
  })

  it('has no location when GOTOOLCHAIN itself, not go.mod, chose the toolchain', () => {
    const finding = silentSwitchFinding(
      { gotoolchain: 'go1.25.0', version: 'go1.25.0' },
      'go1.26.8',
      governing
    )
    expect(finding?.file).toBeUndefined()
    expect(finding?.message).toContain('GOTOOLCHAIN=go1.25.0 says so')
  })
})
