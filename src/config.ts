import os from 'node:os'
import path from 'node:path'
import type { CheckName } from './findings.js'
import { inputSchema } from './config/inputschema.js'
import { quoted, type BuildTarget } from './config/inputvalues.js'
import type { Mode } from './config/shardinputs.js'
import type { PlanDocument } from './shard/document.js'
import type { ConfigSources } from './config/configfile.js'

export type { BuildTarget }

/** Every input the action and the command share, by its action name. */
export const INPUT_NAMES = [
  'config',
  'working-directory',
  'go-version',
  'go-version-file',
  'goproxy',
  'gosumdb',
  'goprivate',
  'gotoolchain',
  'checks',
  'fail-on',
  'allow-local-replace',
  'download-retries',
  'download-timeout',
  'vendor',
  'race',
  'packages',
  'tags',
  'timeout',
  'shuffle',
  'test-flags',
  'coverage',
  'coverage-threshold',
  'rerun-failed',
  'junit',
  'sarif',
  'build-targets',
  'vet-tags',
  'cache',
  'cache-save',
  'cache-key-suffix',
  'cache-timeout',
  'annotations',
  'check-run-id',
  'check-name',
  'comment',
  'mode',
  'shards',
  'shard-target',
  'shard',
  'plan',
  'github-token'
] as const
export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Partial<Record<InputName, string>>

export interface Config {
  /** Absolute repository root: annotation paths are relative to it. */
  root: string
  /** Absolute directory the gate looks for modules in. */
  workingDirectory: string
  /** A semver range the toolchain must satisfy, without "go" prefixes. */
  goVersion?: string
  /** Absolute path of the file naming the required version. */
  goVersionFile?: string
  /** Undefined: use what `go env` reports on this machine. */
  goproxy?: string
  gosumdb?: string
  goprivate?: string
  gotoolchain: string
  checks: CheckName[]
  failOn: 'error' | 'warning'
  allowLocalReplace: boolean
  /** Retries of `go mod download` after a transient failure (timeouts, resets, 5xx). */
  downloadRetries: number
  /** How long one `go mod download` attempt may take, in ms; a longer one is stopped and retried. */
  downloadTimeoutMs: number
  /** auto: check vendor/ where it exists; required: a module without vendor/ fails; off. */
  vendor: 'auto' | 'required' | 'off'
  /** Run the tests with -race. */
  race: boolean
  /** Package patterns for go test, e.g. ./... */
  packages: string[]
  /** Build tags for go test, comma-separated as -tags takes them. */
  tags?: string
  /** go test -timeout: a Go duration. */
  testTimeout: string
  /** off, on (a seed the gate picks and prints), or a seed. */
  shuffle: 'off' | 'on' | number
  /** Extra go test flags, split like a shell splits words, never run through one. */
  testFlags: string[]
  coverage: boolean
  /** Percent of statements; below it the tests check fails. Implies coverage. */
  coverageThreshold?: number
  /** How many times failed tests are run again to tell flaky from failing. */
  rerunFailed: number
  /** Absolute path of the JUnit XML file to write, when one is wanted. */
  junit?: string
  /** Absolute path of the SARIF file to write, when one is wanted. */
  sarif?: string
  /** GOOS/GOARCH pairs to build for with CGO_ENABLED=0. */
  buildTargets: BuildTarget[]
  /** Tag sets for go vet, each a list of tags. */
  vetTags: string[][]
  /** Restore GOMODCACHE and GOCACHE before the checks, save them in the post step. */
  cache: boolean
  /** auto: save on pushes and schedules, restore only on pull requests; always; never. */
  cacheSave: 'auto' | 'always' | 'never'
  /** Added to every cache key, so matrix jobs that build differently never share an entry. */
  cacheKeySuffix?: string
  /** How long one cache restore or save may take, in ms. */
  cacheTimeoutMs: number
  annotations: boolean
  /** The job's own check run (job.check_run_id), updated with every located finding. */
  checkRunId?: number
  /** The name of the check run created when there is no check run id (older GitHub Enterprise Server). */
  checkName: string
  /** The sticky pull request comment: off, on-failure (and edited to say it passes later), always. */
  comment: 'off' | 'on-failure' | 'always'
  /** gate: everything in this job; plan, shard, merge: a job matrix (README: Sharding). */
  mode: Mode
  /** How many shards the plan makes, or auto: enough for shardTargetMs each. */
  shards: number | 'auto'
  shardTargetMs: number
  /** The shard this job runs (mode shard). */
  shard?: { index: number; count: number }
  /** The plan job's document (modes shard and merge). */
  plan?: PlanDocument
  githubToken?: string
  /** The values the configuration file set, and which of them an input or flag overrode. */
  configFile?: ConfigSources
}

/** The mode's inputs, taken together: what one input alone cannot say is wrong. */
function shardInputsProblem(v: {
  mode: Mode
  checks: CheckName[]
  'coverage-threshold'?: number
  'test-flags': string[]
  shard?: { index: number; count: number }
  plan?: PlanDocument
}): { input: InputName; message: string } | undefined {
  const needs = (input: InputName, what: string) => ({
    input,
    message: `mode ${v.mode} needs ${what}`
  })
  if (v.mode === 'shard' && v.shard === undefined)
    return needs('shard', 'shard: ${{ matrix.shard }}')
  if ((v.mode === 'shard' || v.mode === 'merge') && v.plan === undefined) {
    return needs('plan', 'plan: ${{ needs.plan.outputs.plan }}')
  }
  if (v.mode === 'shard' && !v.checks.includes('tests')) {
    return {
      input: 'checks',
      message:
        'mode shard runs the tests check, which checks leaves out; the other checks run in the plan job'
    }
  }
  if ((v.mode === 'shard' || v.mode === 'merge') && v['coverage-threshold'] !== undefined) {
    return {
      input: 'coverage-threshold',
      message: `cannot be judged in mode ${v.mode}: each shard measures only its share of the packages, and shares do not add up to a total; leave it to a gate run`
    }
  }
  const failfast = v['test-flags'].find((flag) => /^--?(test\.)?failfast(=|$)/.test(flag))
  if (v.mode === 'shard' && failfast !== undefined) {
    return {
      input: 'test-flags',
      message: `"${failfast}" is not allowed in mode shard: the tests it stops after a failure would count as run by no shard`
    }
  }
  if (v.mode !== 'shard' && v.shard !== undefined) {
    return { input: 'shard', message: `only means something with mode: shard (mode is ${v.mode})` }
  }
  if (v.shard !== undefined && v.plan !== undefined && v.shard.count !== v.plan.shards.length) {
    return {
      input: 'shard',
      message: `"${v.shard.index}/${v.shard.count}" does not fit the plan, which has ${v.plan.shards.length} shards; use the plan job's matrix`
    }
  }
  return undefined
}

/** A user mistake in the inputs: one line, no stack trace. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

export interface ParseOptions {
  /** Directory relative inputs are resolved against. */
  cwd: string
  /** Repository root; annotation paths are relative to it. */
  root: string
  /** How to name an input in an error: the action says `input "fail-on"`, the command `--fail-on`. */
  label: (input: InputName) => string
  /**
   * The temporary directory a junit or sarif report may also go to (RUNNER_TEMP on a runner);
   * default os.tmpdir().
   */
  tempDir?: string
}

/** One validated Config, or a ConfigError naming the input, the value and what is allowed. */
export function parseConfig(raw: RawInputs, options: ParseOptions): Config {
  const tempDir = path.resolve(options.tempDir ?? os.tmpdir())
  const result = inputSchema(options.cwd, options.root, tempDir).safeParse(raw)
  if (!result.success) {
    const issue = result.error.issues[0]
    const input = String(issue?.path[0] ?? '') as InputName
    const value = raw[input]
    const message =
      issue?.message.startsWith('"') === true
        ? issue.message
        : `${quoted(value ?? '')} is not valid: ${issue?.message ?? 'unknown problem'}`
    throw new ConfigError(`${options.label(input)}: ${message}`)
  }
  const v = result.data
  const modeProblem = shardInputsProblem(v)
  if (modeProblem !== undefined) {
    throw new ConfigError(`${options.label(modeProblem.input)}: ${modeProblem.message}`)
  }
  return {
    root: options.root,
    workingDirectory: v['working-directory'],
    goVersion: v['go-version'],
    goVersionFile: v['go-version-file'],
    goproxy: v.goproxy,
    gosumdb: v.gosumdb,
    goprivate: v.goprivate,
    gotoolchain: v.gotoolchain,
    // A shard runs its share of the tests; the module-level checks ran once, in the plan job.
    checks: v.mode === 'shard' ? ['tests'] : v.checks,
    failOn: v['fail-on'],
    allowLocalReplace: v['allow-local-replace'],
    downloadRetries: v['download-retries'],
    downloadTimeoutMs: v['download-timeout'],
    vendor: v.vendor,
    race: v.race,
    packages: v.packages,
    tags: v.tags,
    testTimeout: v.timeout,
    shuffle: v.shuffle,
    testFlags: v['test-flags'],
    coverage: v.coverage || v['coverage-threshold'] !== undefined,
    coverageThreshold: v['coverage-threshold'],
    rerunFailed: v['rerun-failed'],
    junit: v.junit,
    sarif: v.sarif,
    buildTargets: v['build-targets'],
    vetTags: v['vet-tags'],
    cache: v.cache,
    cacheSave: v['cache-save'],
    cacheKeySuffix: v['cache-key-suffix'],
    cacheTimeoutMs: v['cache-timeout'],
    annotations: v.annotations,
    checkRunId: v['check-run-id'],
    checkName: v['check-name'],
    comment: v.comment,
    mode: v.mode,
    shards: v.shards,
    shardTargetMs: v['shard-target'],
    shard: v.shard,
    plan: v.plan,
    githubToken: v['github-token']
  }
}
