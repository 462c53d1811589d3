import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { CHECKS } from './checks/index.js'
import { ConfigError, INPUT_NAMES, parseConfig, type InputName, type RawInputs } from './config.js'
import { allFindings, type Report } from './findings.js'
import { runGate } from './gate.js'
import { toPosix } from './go/command.js'
import { emitAnnotations } from './report/annotations.js'
import { renderJunit, writeJunit } from './report/junit.js'
import { terminalLogger } from './report/logger.js'
import { printableValue } from './report/format.js'
import { redactCredentials, redactReport } from './report/redact.js'
import { safeJson, safeText } from './report/safetext.js'
import { renderSarif, writeSarif } from './report/sarif.js'
import { renderSummary } from './report/summary.js'
import { renderJson, renderTerminal } from './report/terminal.js'
import { VERSION } from './version.js'

/** Inputs that only mean something on GitHub, or that the command takes as a bare switch. */
const NOT_STRING_FLAGS: readonly InputName[] = [
  'cache',
  'cache-save',
  'cache-key-suffix',
  'cache-timeout',
  'allow-local-replace',
  'annotations',
  'check-run-id',
  'check-name',
  'comment',
  'github-token'
]
/** The inputs the command takes as `--name value`. */
const STRING_FLAGS = INPUT_NAMES.filter((name) => !NOT_STRING_FLAGS.includes(name))

const FORMATS = ['text', 'json', 'sarif', 'github'] as const
type Format = (typeof FORMATS)[number]

export const USAGE = `usage: go-ci-gate [flags] [directory]

Runs the same checks as the go-ci-gate GitHub Action on a Go module and prints the verdict.

  -C, --working-directory DIR   module or repository to check (default: the directory argument or .)
      --go-version RANGE        version range the toolchain must satisfy (e.g. 1.26.x, >=1.25)
      --go-version-file FILE    go.mod, go.work, .go-version or .tool-versions naming the version
      --goproxy LIST            GOPROXY to pin (default: what go env reports)
      --gosumdb VALUE           GOSUMDB to pin (default: what go env reports)
      --goprivate PATTERNS      GOPRIVATE to pin
      --gotoolchain VALUE       GOTOOLCHAIN to pin (default: local)
      --checks LIST             checks to run (default: all)
      --fail-on LEVEL           error or warning (default: error)
      --allow-local-replace     accept replace directives that point outside the repository
      --download-retries N      retries of go mod download after transient failures (default: 3)
      --download-timeout DUR    how long one go mod download attempt may take, 1s to 1h (default: 2m)
      --vendor MODE             auto (default), true (vendor/ required) or false (skip the vendor check)

Tests:
      --race BOOL               run the tests with the race detector (default: true; --race false)
      --packages PATTERNS       package patterns to test (default: ./...)
      --tags LIST               build tags for go test, comma-separated (e.g. integration,linux)
      --timeout DURATION        go test -timeout, a Go duration up to 2329134h (default: 10m; 0 for none)
      --shuffle MODE            test order: off (default), on (a seed is picked and printed), or a seed
      --test-flags=FLAGS        extra go test flags, split into words like a shell would (e.g. --test-flags=-short);
                                flags that write into the repository or change the module mode are refused
      --coverage BOOL           measure statement coverage (default: false)
      --coverage-threshold PCT  lowest total coverage in percent (e.g. 80); turns coverage on
      --rerun-failed N          times failed tests are run again before they count as failing (default: 1)
      --junit FILE              also write the test results as JUnit XML to FILE (inside the checkout or the temp dir; not a file git tracks)
      --sarif FILE              also write the findings as SARIF 2.1.0 to FILE, with the same rules as --junit

Builds:
      --build-targets LIST      extra GOOS/GOARCH pairs to build with CGO_ENABLED=0 (e.g. linux/arm64,windows/amd64)
      --vet-tags SETS           extra build tag sets to run go vet with, one set per line (e.g. integration)

Output:
      --format FORMAT           text (default), json, sarif (SARIF 2.1.0 for code scanning), or github (the
                                annotations and job summary a PR shows)
      --no-color                plain text even on a terminal
  -h, --help                    this help
  -v, --version                 the version

Exit status: 0 pass, 1 fail, 2 bad usage or set-up (a wrong flag, no go, no Go module, an environment
go rejects), 3 the gate itself failed.`

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
  env: Record<string, string | undefined>
  cwd: string
}

const defaultIO = (): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd()
})

/** Runs the command; resolves to its exit status. */
export async function run(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(STRING_FLAGS.map((name) => [name, { type: 'string' as const }])),
        'working-directory': { type: 'string', short: 'C' },
        'allow-local-replace': { type: 'boolean' },
        format: { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' }
      }
    })
  } catch (error) {
    io.stderr.write(safeText(`go-ci-gate: ${(error as Error).message}\n${USAGE.split('\n')[0]}\n`))
    return 2
  }
  const { positionals } = parsed
  const values = parsed.values as Record<string, string | boolean | undefined>
  if (values.help) {
    io.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (values.version) {
    io.stdout.write(`go-ci-gate ${VERSION}\n`)
    return 0
  }
  const format = (values.format ?? 'text') as Format
  if (!FORMATS.includes(format)) {
    io.stderr.write(
      safeText(
        `go-ci-gate: --format: "${printableValue(String(values.format))}" is not allowed; use text, json, sarif or github\n`
      )
    )
    return 2
  }
  if (positionals.length > 1 || (positionals.length === 1 && values['working-directory'])) {
    io.stderr.write('go-ci-gate: give one directory, either as an argument or with -C\n')
    return 2
  }

  const raw: RawInputs = {}
  for (const name of STRING_FLAGS) {
    const value = values[name]
    if (typeof value === 'string') raw[name] = value
  }
  if (positionals[0] !== undefined) raw['working-directory'] = positionals[0]
  if (values['allow-local-replace'] === true) raw['allow-local-replace'] = 'true'

  try {
    const workingDirectory = path.resolve(io.cwd, raw['working-directory'] ?? '.')
    const root = repositoryRoot(workingDirectory)
    const label = (name: InputName): string => `--${name}`
    const tempDir = io.env.RUNNER_TEMP || os.tmpdir()
    const config = parseConfig(raw, { cwd: io.cwd, root, label, tempDir })
    // What is shown has the credentials of proxy URLs redacted (the command may run in CI).
    const report = redactReport(
      await runGate({
        config,
        checks: CHECKS,
        logger: terminalLogger(io.stderr, { quiet: format !== 'text' }),
        processEnv: io.env,
        toolVersion: VERSION,
        inputLabel: label
      })
    )
    io.stdout.write(render(report, format, root, io, values['no-color'] !== true))
    if (config.junit !== undefined) await junitReport(report, config.junit, io)
    if (config.sarif !== undefined) await sarifReport(report, config.sarif, root, io)
    // A gate that could not run (no go, a refused environment, no module) is a bad set-up: 2.
    if (report.setupError !== undefined) return 2
    return report.verdict === 'pass' ? 0 : 1
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(safeText(redactCredentials(`go-ci-gate: ${error.message}\n`)))
      return 2
    }
    io.stderr.write(
      safeText(
        redactCredentials(
          `go-ci-gate: internal error: ${error instanceof Error ? error.stack : String(error)}\n`
        )
      )
    )
    return 3
  }
}

function render(
  report: Report,
  format: Format,
  root: string,
  io: CliIO,
  allowColor: boolean
): string {
  if (format === 'json') return `${renderJson(report)}\n`
  // Paths stay relative to the repository root, as code scanning reads them.
  if (format === 'sarif')
    return `${safeJson(JSON.stringify(renderSarif(report, { root }), null, 2))}\n`
  if (format === 'github') {
    // The same selection and workflow commands the action prints, then the job summary.
    const selection = emitAnnotations(allFindings(report.results), root)
    return `\n${safeText(renderSummary(report, { hiddenAnnotations: selection.hidden }))}\n`
  }
  const color = allowColor && io.stdout.isTTY === true && !io.env.NO_COLOR
  return renderTerminal(rebase(report, root, io.cwd), { color })
}

/**
 * Writes the tests as JUnit XML to the --junit file. Paths in it stay relative to the repository
 * root, as readers of JUnit on CI expect. Without test results (the tests check did not run) or
 * when the file cannot be written, it says so on stderr: the verdict stands without it.
 */
async function junitReport(report: Report, file: string, io: CliIO): Promise<void> {
  if (report.tests === undefined) {
    io.stderr.write(
      safeText(
        `go-ci-gate: warning: no test results (the tests check did not run); ${file} not written\n`
      )
    )
    return
  }
  try {
    const findings = report.results.find((r) => r.check === 'tests')?.findings ?? []
    await writeJunit(file, renderJunit(report.tests, { findings, timestamp: report.startedAt }))
  } catch (error) {
    io.stderr.write(
      safeText(
        `go-ci-gate: warning: could not write the JUnit report to ${file}: ${error instanceof Error ? error.message : String(error)}\n`
      )
    )
  }
}

/**
 * Writes the findings as SARIF to the --sarif file, paths relative to the repository root; a file
 * that cannot be written is a warning on stderr: the verdict stands without it.
 */
async function sarifReport(report: Report, file: string, root: string, io: CliIO): Promise<void> {
  try {
    await writeSarif(file, renderSarif(report, { root }))
  } catch (error) {
    io.stderr.write(
      safeText(
        `go-ci-gate: warning: could not write the SARIF report to ${file}: ${error instanceof Error ? error.message : String(error)}\n`
      )
    )
  }
}

/** Compiler-style lines are clickable from where the command ran, so paths start there. */
function rebase(report: Report, root: string, cwd: string): Report {
  if (path.resolve(root) === path.resolve(cwd)) return report
  const move = (file: string): string => toPosix(path.relative(cwd, path.join(root, file)))
  return {
    ...report,
    results: report.results.map((r) => ({
      ...r,
      findings: r.findings.map((f) => (f.file === undefined ? f : { ...f, file: move(f.file) }))
    }))
  }
}

/** The git checkout holding `dir`, or `dir` itself outside git. */
function repositoryRoot(dir: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim()
  } catch {
    return dir
  }
}
