// The command as a developer runs it (`npx go-ci-gate`): dist/cli.js as a child process under
// Node 24 and, for one case, the plain `node` on PATH (Node 20 is the lowest engines allows).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type * as Sarif from 'sarif'
import {
  cleanEnv,
  distFile,
  goEnv,
  lineOf,
  node24,
  parseWorkflowCommands,
  readActionInputs,
  realGo,
  repoRoot,
  reportSchemaErrors,
  runNode,
  sandbox,
  stackFrames,
  type Run,
  type Sandbox
} from '../helpers/e2e.js'
import { freshModCache, hermeticGoEnv } from '../helpers/goproxy.js'
import { sarifSchemaErrors, sarifValidatorFindings } from '../helpers/sarif.js'

const TIMEOUT = 120_000

let box: Sandbox
let planted: string
let clean: string
let env: Record<string, string>
let goVersion: string
let goLine: number
let replaceLine: number

beforeAll(() => {
  box = sandbox('cli')
  planted = box.checkout('e2e-planted', 'planted')
  clean = box.checkout('e2e-clean', 'clean')
  env = cleanEnv({ PATH: `${box.binDir}${path.delimiter}${process.env.PATH ?? ''}` })
  goVersion = (goEnv(['GOVERSION'], env).GOVERSION ?? '').replace(/^go/, '')
  goLine = lineOf(path.join(planted, 'go.mod'), /^go 1\.99\.0\s*$/)
  replaceLine = lineOf(path.join(planted, 'go.mod'), /^replace example\.com\/fork => /)
}, TIMEOUT)
afterAll(() => box?.cleanup())

/** Runs the command; go calls are counted from here, so each test sees only its own. */
function cli(
  args: string[],
  options: { cwd?: string; node?: string; env?: Record<string, string> } = {}
): Run & { goCalls: string[] } {
  fs.writeFileSync(box.goLog, '')
  const run = runNode(options.node ?? node24(), [distFile('cli'), ...args], {
    cwd: options.cwd ?? planted,
    env: options.env ?? env
  })
  return { ...run, goCalls: box.goCalls() }
}

/** Compiler-style finding lines: `file:line[:col]: severity: ...`. */
const findingLines = (stdout: string): string[] =>
  stdout.split('\n').filter((l) => /^[^\s:]+:\d+(:\d+)?: (error|warning|notice): /.test(l))

/** The two lines the planted module must produce, with paths as seen from `prefix`. */
function expectedFindingLines(prefix: string): Array<string | RegExp> {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return [
    `${prefix}go.mod:${goLine}: error: Go older than go.mod: go.mod requires go >= 1.99.0 (running go ${goVersion}; GOTOOLCHAIN=local)`,
    new RegExp(
      `^${escape(`${prefix}go.mod:${replaceLine}: error: Local replace of example.com/fork points outside the repository: replace example.com/fork => ../../outside: `)}` +
        `.*${escape(path.resolve(planted, '../../outside'))}`
    )
  ]
}

function expectLines(actual: string[], expected: Array<string | RegExp>): void {
  expect(actual).toHaveLength(expected.length)
  expected.forEach((e, i) => {
    if (typeof e === 'string') expect(actual[i]).toBe(e)
    else expect(actual[i]).toMatch(e)
  })
}

interface ReportJson {
  verdict: string
  environment?: { hash: string }
  results: Array<{
    findings: Array<{ check: string; severity: string; file?: string; line?: number }>
  }>
}

describe('npx go-ci-gate under Node 24', () => {
  it(
    'planted module: exit 1, compiler-style lines with a fix each, then the verdict',
    () => {
      const run = cli([])
      expect(run.status).toBe(1)
      expectLines(findingLines(run.stdout), expectedFindingLines(''))
      const lines = run.stdout.trimEnd().split('\n')
      for (const line of findingLines(run.stdout)) {
        expect(lines[lines.indexOf(line) + 1]).toMatch(/^ {4}fix: \S/)
      }
      expect(lines.at(-1)).toBe('go-ci-gate: FAIL (2 errors)')
      expect(lines).toContainEqual(
        expect.stringMatching(/^environment: [0-9a-f]{12} \(GOVERSION=go/)
      )
      expect(parseWorkflowCommands(run.stdout + run.stderr)).toEqual([])
      expect(stackFrames(run.stdout + run.stderr)).toEqual([])
      expect(run.goCalls).toContain('env -json')
    },
    TIMEOUT
  )

  it(
    'paths are relative to where it runs: a directory argument from the parent',
    () => {
      const run = cli(['planted'], { cwd: path.dirname(planted) })
      expect(run.status).toBe(1)
      expectLines(findingLines(run.stdout), expectedFindingLines('planted/'))
    },
    TIMEOUT
  )

  it(
    '--format json prints only a report that validates against the schema',
    () => {
      const run = cli(['--format', 'json'])
      expect(run.status).toBe(1)
      expect(run.stderr).toBe('')
      const report = JSON.parse(run.stdout) as ReportJson
      expect(reportSchemaErrors(report)).toEqual([])
      expect(report.verdict).toBe('fail')
      expect(
        report.results.flatMap((r) => r.findings).map((f) => [f.check, f.severity, f.file, f.line])
      ).toEqual([
        ['toolchain', 'error', 'go.mod', goLine],
        ['modfile', 'error', 'go.mod', replaceLine]
      ])
      // The text output's fingerprint is the same environment's.
      const text = cli([])
      expect(text.stdout).toContain(`environment: ${report.environment?.hash} (`)
    },
    TIMEOUT
  )

  it(
    '--format sarif prints a valid SARIF log, paths relative to the repository root',
    () => {
      // Run from the parent: the text output's paths start there, SARIF's stay at the root.
      const run = cli(['--format', 'sarif', 'planted'], { cwd: path.dirname(planted) })
      expect(run.status).toBe(1)
      expect(run.stderr).toBe('')
      const log = JSON.parse(run.stdout) as Sarif.Log
      expect(sarifSchemaErrors(log)).toEqual([])
      const file = path.join(box.base, 'cli.sarif')
      fs.writeFileSync(file, run.stdout)
      // The command knows no repository of its own to name as informationUri (the action names
      // GITHUB_ACTION_REPOSITORY): the validator's one recommendation, and nothing else.
      expect(sarifValidatorFindings(file)).toEqual([
        'SARIF2005 warning: runs[0].tool.driver | go-ci-gate'
      ])
      expect(
        (log.runs[0]?.results ?? []).map((r) => {
          const where = r.locations?.[0]?.physicalLocation
          return [r.ruleId, where?.artifactLocation?.uri, where?.region?.startLine]
        })
      ).toEqual([
        ['toolchain/go-too-old', 'go.mod', goLine],
        ['modfile/local-replace', 'go.mod', replaceLine]
      ])
      expect(parseWorkflowCommands(run.stdout)).toEqual([])
    },
    TIMEOUT
  )

  it(
    'SARIF fingerprints follow the findings when lines move above them',
    () => {
      const moved = box.checkout('e2e-planted', 'planted-moved')
      const goMod = path.join(moved, 'go.mod')
      fs.writeFileSync(goMod, `// a comment\n\n${fs.readFileSync(goMod, 'utf8')}`)
      box.commit(moved, 'lines move')
      const place = (dir: string) => {
        const log = JSON.parse(cli(['--format', 'sarif'], { cwd: dir }).stdout) as Sarif.Log
        return (log.runs[0]?.results ?? []).map((r) => ({
          rule: r.ruleId,
          line: r.locations?.[0]?.physicalLocation?.region?.startLine,
          fingerprint: r.partialFingerprints?.primaryLocationLineHash
        }))
      }
      const before = place(planted)
      const after = place(moved)
      expect(after.map((r) => r.line)).toEqual(before.map((r) => (r.line ?? 0) + 2))
      expect(after.map((r) => [r.rule, r.fingerprint])).toEqual(
        before.map((r) => [r.rule, r.fingerprint])
      )
      expect(new Set(before.map((r) => r.fingerprint)).size).toBe(2)
    },
    TIMEOUT
  )

  it(
    '--format github prints the annotations a pull request shows, then the job summary',
    () => {
      const run = cli(['--format', 'github'])
      expect(run.status).toBe(1)
      const errors = parseWorkflowCommands(run.stdout).filter((c) => c.command === 'error')
      expect(errors.map((c) => [c.properties.file, c.properties.line])).toEqual([
        ['go.mod', `${goLine}`],
        ['go.mod', `${replaceLine}`]
      ])
      expect(run.stdout).toContain('## ❌ go-ci-gate: fail')
    },
    TIMEOUT
  )

  it(
    'clean module: exit 0 and PASS',
    () => {
      const run = cli([], { cwd: clean })
      expect(run.status).toBe(0)
      expect(findingLines(run.stdout)).toEqual([])
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('go-ci-gate: PASS')
    },
    TIMEOUT
  )

  it('--fail-on fatal: exit 2, one line on stderr, nothing else, no go run', () => {
    const run = cli(['--fail-on', 'fatal'])
    expect(run.status).toBe(2)
    expect(run.stderr).toBe('go-ci-gate: --fail-on: "fatal" is not allowed; use error or warning\n')
    expect(run.stdout).toBe('')
    expect(run.goCalls).toEqual([])
  })

  it(
    '--test-flags=-mod=mod: exit 2 before any go runs, where go itself would write go.sum',
    () => {
      const module = box.checkout('missing-go-sum', 'nosum')
      const modcache = freshModCache()
      try {
        // A proxy that has the module: with -mod=mod, go would fetch it and write go.sum.
        const hermetic = { ...env, ...hermeticGoEnv(modcache.dir) }
        const run = cli(['--test-flags=-mod=mod', '--checks', 'tests'], {
          cwd: module,
          env: hermetic
        })
        expect(run.status).toBe(2)
        expect(run.stderr).toBe(
          'go-ci-gate: --test-flags: "-mod=mod" is not allowed: the gate pins the module mode in GOFLAGS (-mod=mod would let go write go.mod and go.sum)\n'
        )
        expect(run.goCalls).toEqual([])
        expect(fs.existsSync(path.join(module, 'go.sum'))).toBe(false)

        // What the refusal prevents: the same flag, given to go test directly, writes go.sum.
        execFileSync(realGo(), ['test', '-mod=mod', './...'], {
          cwd: module,
          env: hermetic,
          stdio: 'ignore'
        })
        expect(fs.existsSync(path.join(module, 'go.sum'))).toBe(true)
      } finally {
        modcache.cleanup()
      }
    },
    TIMEOUT
  )

  it('an unknown flag: exit 2, the flag and the usage line on stderr', () => {
    const run = cli(['--frobnicate'])
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^go-ci-gate: .*'--frobnicate'/)
    expect(lines[1]).toBe('usage: go-ci-gate [flags] [directory]')
    expect(run.goCalls).toEqual([])
  })

  it('--help: exit 0, usage on stdout naming a flag for every command-line input', () => {
    const run = cli(['--help'])
    expect(run.status).toBe(0)
    expect(run.stderr).toBe('')
    expect(run.stdout.startsWith('usage: go-ci-gate [flags] [directory]\n')).toBe(true)
    // The annotations, the GitHub API's inputs and the cache (GitHub's cache service) only mean
    // something on a runner.
    const githubOnly = [
      'annotations',
      'mode',
      'check-run-id',
      'check-name',
      'comment',
      'github-token'
    ]
    const flags = readActionInputs()
      .map((i) => i.name)
      .filter((n) => !githubOnly.includes(n) && !n.startsWith('cache'))
    for (const flag of flags)
      expect(run.stdout).toMatch(new RegExp(`^\\s+(-\\w, )?--${flag}\\b`, 'm'))
    expect(run.goCalls).toEqual([])
  })

  it('--version prints package.json version', () => {
    const { version } = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')
    ) as {
      version: string
    }
    const run = cli(['--version'])
    expect(run.status).toBe(0)
    expect(run.stdout).toBe(`go-ci-gate ${version}\n`)
  })
})

describe('npx go-ci-gate under the default node', () => {
  const major = Number(
    /^v(\d+)/.exec(execFileSync('node', ['--version'], { encoding: 'utf8' }))?.[1] ?? NaN
  )

  it(
    `planted module on node ${major}: the same exit status and finding lines`,
    () => {
      expect(major).toBeGreaterThanOrEqual(20)
      const run = cli([], { node: 'node' })
      expect(run.status).toBe(1)
      expectLines(findingLines(run.stdout), expectedFindingLines(''))
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('go-ci-gate: FAIL (2 errors)')
      expect(stackFrames(run.stdout + run.stderr)).toEqual([])
    },
    TIMEOUT
  )
})
