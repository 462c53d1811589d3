import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { CHECKS } from './checks/index.js'
import {
  ConfigError,
  INPUT_NAMES,
  parseConfig,
  type Config,
  type InputName,
  type RawInputs
} from './config.js'
import { inputsWithConfigFile } from './config/configfile.js'
import { allFindings, type Report } from './findings.js'
import { runGate } from './gate.js'
import { printableValue } from './report/format.js'
import { terminalLogger } from './report/logger.js'
import { orderFindings } from './report/order.js'
import { redactCredentials, redactReport } from './report/redact.js'
import {
  COMMAND_FORMATS,
  commandReporters,
  nothingDelivered,
  runReporters,
  type CommandFormat
} from './report/reporters/index.js'
import { safeJson, safeText } from './report/safetext.js'
import { terminalSink } from './report/sinks.js'
import { markShard } from './shard/document.js'
import { makePlanDocument } from './shard/make.js'
import { mergeShards } from './shard/merge.js'
import { timingsFromText, type Timings } from './shard/timings.js'
import { parseShardReport } from './shard/validate.js'
import { VERSION } from './version.js'
import { errorMessage } from './text.js'

/** Inputs that only mean something on GitHub, or that the command takes as a bare switch. */
const NOT_STRING_FLAGS: readonly InputName[] = [
  'cache',
  'cache-save',
  'cache-key-suffix',
  'cache-timeout',
  'allow-local-replace',
  'annotations',
  'mode',
  'plan',
  'check-run-id',
  'check-name',
  'comment',
  'github-token'
]
/** The inputs the command takes as `--name value`. */
const STRING_FLAGS = INPUT_NAMES.filter((name) => !NOT_STRING_FLAGS.includes(name))

export const USAGE = `usage: go-ci-gate [flags] [directory]
       go-ci-gate plan [--shards N] [flags] [directory]
       go-ci-gate --shard K/N --plan FILE [flags] [directory]
       go-ci-gate merge --plan FILE [--format FORMAT] REPORT.json...

Runs the same checks as the go-ci-gate GitHub Action on a Go module and prints the verdict.
Reads the repository's .github/go-ci-gate.yml (or go-ci-gate.yml) like the action; flags override it.

      --config FILE             the configuration file to read instead (inside the repository)
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

Sharding (the action's modes plan, shard and merge; see the README):
  plan                          run the module-level checks, list the test packages, print the plan (JSON)
      --shards N                shards to plan, 1 to 256, or auto (default: auto, with --shard-target)
      --shard-target DUR        with --shards auto, how long one shard's tests should take (default: 5m)
      --shard K/N               run only shard K of the plan's N (with --plan)
      --plan FILE               the plan that plan printed
      --timings FILE            with plan: an earlier run's JSON report (--format json), to estimate from
  merge                         merge the shards' JSON reports (--format json) into one verdict

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
  const subcommand = argv[0] === 'plan' || argv[0] === 'merge' ? argv[0] : undefined
  let parsed
  try {
    parsed = parseArgs({
      args: subcommand === undefined ? argv : argv.slice(1),
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(STRING_FLAGS.map((name) => [name, { type: 'string' as const }])),
        'working-directory': { type: 'string', short: 'C' },
        'allow-local-replace': { type: 'boolean' },
        plan: { type: 'string' },
        timings: { type: 'string' },
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
  const format = (values.format ?? 'text') as CommandFormat
  if (!COMMAND_FORMATS.includes(format)) {
    io.stderr.write(
      safeText(
        `go-ci-gate: --format: "${printableValue(String(values.format))}" is not allowed; use text, json, sarif or github\n`
      )
    )
    return 2
  }
  // merge takes the shards' reports as arguments; the others one directory.
  const directories = subcommand === 'merge' ? [] : positionals
  if (directories.length > 1 || (directories.length === 1 && values['working-directory'])) {
    io.stderr.write('go-ci-gate: give one directory, either as an argument or with -C\n')
    return 2
  }
  if (subcommand === 'merge' && positionals.length === 0) {
    io.stderr.write(
      "go-ci-gate: merge: give the shards' JSON reports, e.g. merge --plan plan.json shard-*.json\n"
    )
    return 2
  }

  const raw: RawInputs = {}
  for (const name of STRING_FLAGS) {
    const value = values[name]
    if (typeof value === 'string') raw[name] = value
  }
  if (directories[0] !== undefined) raw['working-directory'] = directories[0]
  if (values['allow-local-replace'] === true) raw['allow-local-replace'] = 'true'
  const mode = subcommand ?? (typeof values.shard === 'string' ? 'shard' : undefined)
  if (mode !== undefined) raw.mode = mode
  if (typeof values.plan === 'string') {
    const text = readArgumentFile('--plan', values.plan, io)
    if (text === undefined) return 2
    raw.plan = text
  }

  try {
    const workingDirectory = path.resolve(io.cwd, raw['working-directory'] ?? '.')
    const root = repositoryRoot(workingDirectory)
    // The repository's configuration file, under the flags; its paths are relative to the root.
    const merged = inputsWithConfigFile(raw, {
      root,
      base: io.cwd,
      label: (name: InputName): string => `--${name}`,
      overrideKind: 'flag',
      rebase: (value) => path.relative(io.cwd, path.resolve(root, value)) || '.'
    })
    const label = merged.label
    const tempDir = io.env.RUNNER_TEMP || os.tmpdir()
    const config: Config = {
      ...parseConfig(merged.raw, { cwd: io.cwd, root, label, tempDir }),
      configFile: merged.sources
    }
    if (subcommand === 'merge') {
      const merged = mergeReportFiles(config, positionals, io)
      if (merged === undefined) return 2
      return await show(merged, config, root, format, values, io)
    }
    // What is shown has the credentials of proxy URLs redacted (the command may run in CI).
    const report = markShard(
      redactReport(
        await runGate({
          config,
          checks: CHECKS,
          logger: terminalLogger(io.stderr, { quiet: format !== 'text' || mode === 'plan' }),
          processEnv: io.env,
          toolVersion: VERSION,
          inputLabel: label
        })
      ),
      config
    )
    if (subcommand === 'plan') {
      let timings: Timings = { packages: {}, tests: {} }
      if (typeof values.timings === 'string') {
        const text = readArgumentFile('--timings', values.timings, io)
        const read = text === undefined ? undefined : timingsFromText(text)
        if (read === undefined) {
          if (text !== undefined) {
            io.stderr.write(
              safeText(
                `go-ci-gate: --timings: ${printableValue(values.timings)} is neither a JSON report of go-ci-gate nor timings a merge saved\n`
              )
            )
          }
          return 2
        }
        timings = read
      }
      const plan = makePlanDocument({
        report,
        shards: config.shards,
        targetSeconds: config.shardTargetMs / 1000,
        timings
      })
      io.stdout.write(`${safeJson(JSON.stringify(plan))}\n`)
      return report.setupError === undefined ? 0 : 2
    }
    return await show(report, config, root, format, values, io)
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

/** Runs the format's reporters and turns the verdict into the exit status. */
async function show(
  report: Report,
  config: Config,
  root: string,
  format: CommandFormat,
  values: Record<string, string | boolean | undefined>,
  io: CliIO
): Promise<number> {
  const color = values['no-color'] !== true && io.stdout.isTTY === true && !io.env.NO_COLOR
  await runReporters(commandReporters(format, config), {
    report,
    config,
    root,
    env: io.env,
    findings: orderFindings(allFindings(report.results)),
    sink: terminalSink(io),
    terminal: { cwd: io.cwd, color },
    delivered: nothingDelivered()
  })
  // A gate that could not run (no go, a refused environment, no module) is a bad set-up: 2.
  if (report.setupError !== undefined) return 2
  return report.verdict === 'pass' ? 0 : 1
}

/** A file a flag names, or undefined after one line on stderr saying why it cannot be read. */
function readArgumentFile(flag: string, file: string, io: CliIO): string | undefined {
  try {
    return fs.readFileSync(path.resolve(io.cwd, file), 'utf8')
  } catch (error) {
    const reason = errorMessage(error)
    io.stderr.write(
      safeText(`go-ci-gate: ${flag}: cannot read ${printableValue(file)}: ${reason}\n`)
    )
    return undefined
  }
}

/** merge: the shards' reports read and merged under the plan, or undefined after saying why. */
function mergeReportFiles(config: Config, files: string[], io: CliIO): Report | undefined {
  if (config.plan === undefined) {
    io.stderr.write('go-ci-gate: merge needs --plan FILE, the plan the shards ran\n')
    return undefined
  }
  const reports: Report[] = []
  for (const file of files) {
    const text = readArgumentFile('merge', file, io)
    if (text === undefined) return undefined
    const parsed = parseShardReport(text)
    if (typeof parsed === 'string') {
      io.stderr.write(safeText(`go-ci-gate: merge: ${printableValue(file)}: ${parsed}\n`))
      return undefined
    }
    reports.push(parsed)
  }
  return mergeShards({ plan: config.plan, reports }).report
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
