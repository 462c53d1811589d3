// assessBuilds on go output made by hand (the integration test runs the real go): paths relative
// to go's working directory, absolute ones, files outside the repository, dedupe across targets,
// failures without a location, timeouts; and the bounded runner.
import { parseCompilerErrors } from '../../../src/go/compilererrors.js'
import { describe, expect, it } from '@jest/globals'
import { assessBuilds, type BuildsFacts } from '../../../src/checks/builds.js'
import { runBounded, type BuildJob, type BuildRun } from '../../../src/checks/buildsrun.js'
import type { CheckFinding } from '../../../src/findings.js'

const ROOT = '/repo'

function brief(findings: CheckFinding[]): string[] {
  return findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'} ${f.severity} ${f.title}`)
}
const WINDOWS: BuildJob = { kind: 'build', target: { goos: 'windows', goarch: 'amd64' } }
const ARM64: BuildJob = { kind: 'build', target: { goos: 'linux', goarch: 'arm64' } }
const INTEGRATION: BuildJob = { kind: 'vet', tags: ['integration'] }
const ROOT_MODULE = { dir: ROOT, relDir: '.' }
const SUB_MODULE = { dir: `${ROOT}/a`, relDir: 'a' }

function run(
  job: BuildJob,
  stderr: string,
  over: Partial<BuildRun['result']> = {},
  module = ROOT_MODULE
): BuildRun {
  return {
    module,
    job,
    result: { exitCode: stderr === '' ? 0 : 1, stdout: '', stderr, timedOut: false, ...over }
  }
}

function facts(runs: BuildRun[], over: Partial<BuildsFacts> = {}): BuildsFacts {
  return {
    root: ROOT,
    targets: [WINDOWS, ARM64].map((j) => (j as Extract<BuildJob, { kind: 'build' }>).target),
    tagSets: [['integration']],
    modules: 1,
    runs,
    skipped: [],
    outside: ['/go', '/home/u/go/pkg/mod'],
    ...over
  }
}

describe('parseCompilerErrors on go build output', () => {
  it("keeps go's tab-indented continuation lines and drops `too many errors`", () => {
    expect(
      parseCompilerErrors([
        '# example.com/m',
        './a.go:3:2: cannot use x as I value: T does not implement I (wrong type for method M)',
        '\t\thave M(string)',
        '\t\twant M(int)',
        './a.go:9:1: undefined: y',
        './a.go:12:1: too many errors'
      ])
    ).toEqual([
      {
        file: 'a.go',
        line: 3,
        column: 2,
        message:
          'cannot use x as I value: T does not implement I (wrong type for method M)\nhave M(string)\nwant M(int)'
      },
      { file: 'a.go', line: 9, column: 1, message: 'undefined: y' }
    ])
  })
})

describe('assessBuilds', () => {
  it('passes when every command exits 0, and says what ran', () => {
    const outcome = assessBuilds(facts([run(WINDOWS, ''), run(ARM64, ''), run(INTEGRATION, '')]))
    expect(outcome).toEqual({ findings: [], summary: '2 targets, 1 tag set on 1 module' })
  })

  it('one finding for an error several targets see, naming them in input order', () => {
    const text = '# example.com/m/x\nx/x.go:4:7: undefined: z\n'
    const outcome = assessBuilds(
      facts([run(ARM64, text), run(WINDOWS, `${text}./w.go:2:1: undefined: w\n`)], {
        targets: [WINDOWS, ARM64].map((j) => (j as Extract<BuildJob, { kind: 'build' }>).target)
      })
    )
    expect(brief(outcome.findings)).toEqual([
      'w.go:2 error Build fails for windows/amd64',
      // The order runs finished in is not the order the inputs name them: arm64 was first here.
      'x/x.go:4 error Build fails for linux/arm64 and windows/amd64'
    ])
    expect(outcome.findings[1]?.message).toBe(
      'x/x.go:4:7: undefined: z\ngo build ./... with CGO_ENABLED=0 fails for linux/arm64 and windows/amd64 in the root module'
    )
    expect(outcome.summary).toBe(
      '2 targets, 1 tag set on 1 module; failing: windows/amd64, linux/arm64'
    )
  })

  it("resolves paths against the module's directory, and absolute ones inside the repository", () => {
    const outcome = assessBuilds(
      facts([
        run(WINDOWS, './b.go:1:1: undefined: b\n', {}, SUB_MODULE),
        run(ARM64, 'pkg/c.go:2:3: undefined: c\n', {}, SUB_MODULE),
        run(INTEGRATION, `vet: ${ROOT}/a/d.go:5:6: undefined: d\n`, {}, SUB_MODULE)
      ])
    )
    expect(outcome.findings.map((f) => [f.file, f.line, f.column])).toEqual([
      ['a/b.go', 1, 1],
      ['a/d.go', 5, 6],
      ['a/pkg/c.go', 2, 3]
    ])
    expect(outcome.findings[0]?.fix).toBe(
      'make it compile for windows/amd64, then check with `GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build ./...` in a'
    )
    expect(outcome.findings[1]?.title).toBe('go vet -tags=integration: undefined: d')
    expect(outcome.findings[1]?.fix).toBe(
      'fix it, then check with `go vet -tags=integration ./...` in a'
    )
  })

  it('never annotates a file outside the repository, in the module cache, or in GOROOT', () => {
    const outcome = assessBuilds(
      facts([
        run(
          WINDOWS,
          '/home/u/go/pkg/mod/example.com/dep@v1.0.0/dep.go:3:1: undefined: syscall.X\n'
        ),
        run(ARM64, '../../elsewhere/e.go:1:1: undefined: e\n'),
        run(INTEGRATION, ''),
        run(WINDOWS, '/go/src/os/file.go:1:1: broken\n', {}, SUB_MODULE)
      ])
    )
    expect(outcome.findings.map((f) => [f.file, f.line, f.title])).toEqual([
      [undefined, undefined, 'Build fails for windows/amd64'],
      [undefined, undefined, 'Build fails for linux/arm64'],
      [undefined, undefined, 'Build fails for windows/amd64']
    ])
    const messages = outcome.findings.map((f) => f.message.split('\n')[0])
    expect(messages).toEqual([
      'example.com/dep@v1.0.0/dep.go:3:1: undefined: syscall.X',
      '/elsewhere/e.go:1:1: undefined: e',
      'src/os/file.go:1:1: broken'
    ])
    expect(outcome.findings[0]?.fix).toBe(
      'example.com/dep@v1.0.0/dep.go is not in the repository: upgrade or replace the module it belongs to, or drop windows/amd64 from build-targets'
    )
  })

  it("turns a failure without a location into one finding with go's first lines", () => {
    const stderr =
      'go: downloading example.com/dep v1.0.0\n' +
      `go: updates to go.mod needed; to update it:\n\tgo mod tidy\n`
    const outcome = assessBuilds(
      facts([run(WINDOWS, stderr, {}, SUB_MODULE), run(ARM64, stderr, {}, SUB_MODULE)])
    )
    expect(outcome.findings).toEqual([
      {
        rule: 'builds/build',
        severity: 'error',
        title: 'Build fails for windows/amd64 and linux/arm64 (in a)',
        message:
          'go: updates to go.mod needed; to update it:\n\tgo mod tidy\n' +
          'go build ./... with CGO_ENABLED=0 fails for windows/amd64 and linux/arm64 in a',
        fix: 'make `GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build ./...` in a succeed: fix what go reports above'
      }
    ])
  })

  it('keeps the first lines of a long failure, paths under the repository made short', () => {
    const lines = Array.from({ length: 14 }, (_, i) => `go: ${ROOT}/a/line ${i}`)
    const outcome = assessBuilds(facts([run(INTEGRATION, lines.join('\n'), {}, SUB_MODULE)]))
    const message = outcome.findings[0]?.message.split('\n') ?? []
    expect(message.slice(0, 2)).toEqual(['go: line 0', 'go: line 1'])
    expect(message[10]).toBe('... (4 more lines)')
    expect(outcome.findings[0]?.title).toBe('go vet -tags=integration: fails (in a)')
  })

  it('reports a timeout, whatever go printed before it was stopped', () => {
    const outcome = assessBuilds(
      facts([run(WINDOWS, './x.go:1:1: undefined: x\n', { exitCode: null, timedOut: true })])
    )
    expect(brief(outcome.findings)).toEqual(['-:- error go build for windows/amd64 timed out'])
    expect(outcome.findings[0]?.message).toMatch(
      /^go build -o \S+ \.\/\.\.\. did not finish within 600s and was stopped\n/
    )
  })

  it('names skipped modules in the summary', () => {
    const outcome = assessBuilds(
      facts([run(WINDOWS, '')], {
        tagSets: [],
        targets: [{ goos: 'windows', goarch: 'amd64' }],
        skipped: [{ module: { relDir: 'b' } as never, reason: 'go cannot read b/go.mod' }]
      })
    )
    expect(outcome.summary).toBe('1 target on 1 module; skipped b: go cannot read b/go.mod')
  })
})

describe('runBounded', () => {
  it('runs at most `limit` tasks at once and returns results in task order', async () => {
    let running = 0
    let most = 0
    const tasks = [30, 5, 20, 1, 10].map((ms, i) => async () => {
      running++
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, ms))
      running--
      return i
    })
    expect(await runBounded(tasks, 2)).toEqual([0, 1, 2, 3, 4])
    expect(most).toBe(2)
  })

  it('starts nothing more once aborted', async () => {
    const controller = new AbortController()
    let started = 0
    const tasks = [1, 2, 3].map(() => async () => {
      started++
      controller.abort()
      return started
    })
    await expect(runBounded(tasks, 1, controller.signal)).rejects.toThrow(/stopped/)
    expect(started).toBe(1)
  })
})
