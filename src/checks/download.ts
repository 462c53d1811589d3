/**
 * download: can CI fetch every module the repository requires, and is it what go.sum promises?
 * `go mod download` for each module in scope; with a go.work, once for the workspace and per
 * module (GOWORK=off) only for the modules the workspace does not use. Transient failures
 * (timeouts, resets, refused connections, 5xx from the proxy) are retried with exponential
 * backoff, up to download-retries times, each retry logged; permanent ones (404/410, unknown
 * revision, checksum mismatch) are not, and become errors on the line to fix.
 *
 * The user's files are never written. `go mod download` adds missing go.sum lines (and even
 * rewrites go.mod, e.g. `v1.6` to `v1.6.0`) under -mod=readonly, so it runs on copies: a module
 * with `-modfile=<tmp>/go.mod` (go then uses <tmp>/go.sum; relative replace paths still resolve
 * from the module directory), a workspace with GOWORK=<tmp>/go.work, a copy whose `use` and local
 * `replace` paths are made absolute (go refuses -modfile in workspace mode; in workspace mode go
 * writes new sums only to the go.work.sum next to go.work, never to the modules' go.sum). What go
 * added to the copies is what the repository lacks: that is a finding, not a silent fix.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Config } from '../config.js'
import { isInside, readIfFile } from '../files.js'
import { toPosix, type GoRunResult } from '../go/command.js'
import { compareFindings, withoutUndefined, type CheckFinding } from '../findings.js'
import {
  allTransient,
  parseDownloadOutput,
  type DownloadError,
  type DownloadOutput
} from '../go/downloaderrors.js'
import { findDirectiveLine, findReplaceLine, isLocalReplace } from '../go/gomod.js'
import { formatGoDuration as formatDuration } from '../go/duration.js'
import { findGoSumLine, parseGoSum } from '../go/gosum.js'
import type { GoModule, GoWorkspace } from '../go/modules.js'
import { compareGoVersions, formatGoVersion, parseGoVersion } from '../go/version.js'
import { describeSkipped, runnableModules, type SkippedModule, nothingToRun } from './scope.js'
import type { Check, CheckContext, CheckOutcome, ProxyUnreachable } from './types.js'

export interface DownloadCheckOptions {
  /** The first retry waits this long; each later one waits twice as long as the one before. */
  backoffMs?: number
  /**
   * One `go mod download` is stopped after this long and counted as a transient failure.
   * Default: the download-timeout input.
   */
  attemptTimeoutMs?: number
  /**
   * The check's own limit (the gate marks it errored after this). Default: downloadBudgetMs
   * for every target, and a margin.
   */
  timeoutMs?: number
}

/** Production values: a blip gets 1 s, 2 s, 4 s… before the next try. */
export const DOWNLOAD_DEFAULTS = { backoffMs: 1000 }

interface DownloadSettings {
  backoffMs: number
  attemptTimeoutMs: number
  /** What one target's attempts and waits may take together. */
  budgetMs: number
}

/** Retries stop this long before the check's limit, so the check ends with findings, not an overrun. */
const BUDGET_MARGIN_MS = 30_000
/** An attempt with less time than this left is not started. */
const MIN_ATTEMPT_MS = 1000
const EDIT_TIMEOUT_MS = 60_000

/**
 * The check with its timings. A factory rather than module-level settings or an environment
 * variable: tests need a proxy that hangs to cost seconds, not minutes, and the values a test
 * uses must be visible in the test, not a global that leaks into every other check and test.
 */
export function createDownloadCheck(options: DownloadCheckOptions = {}): Check {
  const given = { ...DOWNLOAD_DEFAULTS, ...withoutUndefined(options) }
  const settings = (config: Config): DownloadSettings => {
    const attemptTimeoutMs = given.attemptTimeoutMs ?? config.downloadTimeoutMs
    const budgetMs = downloadBudgetMs(1 + config.downloadRetries, attemptTimeoutMs, given.backoffMs)
    return { backoffMs: given.backoffMs, attemptTimeoutMs, budgetMs }
  }
  return {
    name: 'download',
    stage: 1,
    timeoutMs: (context) =>
      given.timeoutMs ??
      Math.max(1, planTargets(context).targets.length) * settings(context.config).budgetMs +
        BUDGET_MARGIN_MS,
    run: (context) => runDownload(context, settings(context.config))
  }
}

/**
 * The longest the attempts can take together: every attempt running to its limit, and the
 * waits between them. The check's limit is this plus a margin, so it ends with findings.
 */
export function downloadBudgetMs(attempts: number, attemptMs: number, backoffMs: number): number {
  let waits = 0
  for (let n = 1; n < attempts; n++) waits += backoffDelay(backoffMs, n)
  return attempts * attemptMs + waits
}

export const downloadCheck: Check = createDownloadCheck()

// ---------------------------------------------------------------------------------------------
// Facts

/** One `go mod download`: a module on its own, or a workspace. */
export interface DownloadTarget {
  kind: 'module' | 'workspace'
  /** go.mod or go.work, relative to the repository root: names the target in logs and findings. */
  label: string
  /** Absolute directory go runs in. */
  dir: string
  /** The main modules it covers (one, or those of the workspace in scope). */
  modules: Array<Pick<GoModule, 'dir' | 'relDir' | 'relPath' | 'directives' | 'json'>>
  workspace?: Pick<GoWorkspace, 'relPath' | 'directives' | 'json'>
}

export interface AttemptFacts {
  exitCode: number | null
  /** The signal that ended go, when no exit status did. */
  signal?: string | null
  timedOut: boolean
  /** The limit this attempt ran under. */
  timeoutMs: number
  output: DownloadOutput
  /** go's stderr, for failures the classifier has no name for. */
  stderr: string
}

/** A checksum file before and after go ran on its copy. */
export interface SumFileFacts {
  /** Relative to the repository root. */
  relPath: string
  before?: string
  after?: string
}

export interface TargetFacts {
  target: DownloadTarget
  attempts: AttemptFacts[]
  /** 1 + download-retries. */
  maxAttempts: number
  /** Why retrying stopped before maxAttempts while failures were transient. */
  stoppedEarly?: string
  /** Not tried: the proxy could not be reached for an earlier target, for this reason. */
  proxyDown?: string
  /** go.sum (module) or go.work.sum (workspace): what go would have added. */
  sums: SumFileFacts
  /** Every go.sum the target reads (the module's, or each workspace module's): where lines are. */
  goSums: Array<{ relPath: string; text: string }>
  /** The module's go.mod before and after (module targets). */
  goMod?: { before: string; after?: string }
  /** Absolute path of the copy go was given, to map go's messages back onto the user's file. */
  copyFile: string
}

export interface DownloadFacts {
  targets: TargetFacts[]
  skipped: SkippedModule[]
  /** The GOPROXY every child go got, for messages. */
  goproxy: string
  downloadRetries: number
  root: string
}

// ---------------------------------------------------------------------------------------------
// Gathering (copies files, runs go, waits)

async function runDownload(
  context: CheckContext,
  settings: DownloadSettings
): Promise<CheckOutcome> {
  const { targets, skipped } = planTargets(context)
  if (targets.length === 0) {
    return nothingToRun(skipped)
  }
  const facts: TargetFacts[] = []
  for (const target of targets) {
    // A proxy that could not be reached for one target would only make the next ones wait.
    const down = proxyUnreachable(facts)
    if (down !== undefined) {
      facts.push(notTried(target, 1 + context.config.downloadRetries, down.reason))
      continue
    }
    facts.push(await downloadTarget(context, target, settings, Date.now() + settings.budgetMs))
  }
  return assessDownload({
    targets: facts,
    skipped,
    goproxy: context.pinned.GOPROXY,
    downloadRetries: context.config.downloadRetries,
    root: context.config.root
  })
}

/** The workspace (when there is one) and every runnable module it does not use. */
export function planTargets(
  context: Pick<CheckContext, 'modules' | 'workspace' | 'effectiveGoEnv'>
): { targets: DownloadTarget[]; skipped: SkippedModule[] } {
  const { modules, skipped } = runnableModules(context)
  const targets: DownloadTarget[] = []
  const workspace = context.workspace
  let outside = modules
  if (workspace !== undefined) {
    const workDir = path.dirname(workspace.file)
    if (workspace.json === undefined) {
      for (const module of modules) {
        skipped.push({ module, reason: `go cannot read ${workspace.relPath}` })
      }
      return { targets, skipped }
    }
    const used = new Set((workspace.json.Use ?? []).map((u) => path.resolve(workDir, u.DiskPath)))
    const inside = modules.filter((m) => used.has(path.resolve(m.dir)))
    outside = modules.filter((m) => !used.has(path.resolve(m.dir)))
    const blocked = skipped.filter((s) => used.has(path.resolve(s.module.dir)))
    const running = parseGoVersion(context.effectiveGoEnv.GOVERSION ?? '')
    const required = parseGoVersion(workspace.json.Go ?? '')
    const tooNew = running && required && compareGoVersions(running, required) < 0
    if (blocked.length > 0 || tooNew) {
      // Workspace mode fails as a whole when one of its modules (or go.work) needs a newer go.
      const reason = tooNew
        ? `${workspace.relPath} requires go >= ${formatGoVersion(required)}`
        : `${workspace.relPath} uses ${blocked.map((b) => b.module.relDir).join(', ')}, which go cannot run on`
      for (const module of inside) skipped.push({ module, reason })
    } else if (used.size > 0) {
      targets.push({
        kind: 'workspace',
        label: workspace.relPath,
        dir: workDir,
        modules: inside,
        workspace
      })
    }
  }
  for (const module of outside) {
    targets.push({ kind: 'module', label: module.relPath, dir: module.dir, modules: [module] })
  }
  return { targets, skipped }
}

async function downloadTarget(
  context: CheckContext,
  target: DownloadTarget,
  settings: DownloadSettings,
  deadline: number
): Promise<TargetFacts> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-download-'))
  try {
    const copy = await prepareCopy(context, target, tmp)
    const maxAttempts = 1 + context.config.downloadRetries
    const attempts: AttemptFacts[] = []
    let stoppedEarly: string | undefined
    for (let n = 1; n <= maxAttempts; n++) {
      // The first attempt always gets its whole limit; later ones what the budget has left.
      const timeoutMs =
        n === 1
          ? settings.attemptTimeoutMs
          : Math.min(settings.attemptTimeoutMs, deadline - Date.now())
      if (timeoutMs < MIN_ATTEMPT_MS) {
        stoppedEarly = `the target's ${formatDuration(settings.budgetMs)} budget was spent`
        break
      }
      const result = await context.go.run(copy.args, {
        cwd: target.dir,
        env: copy.env,
        timeoutMs
      })
      const attempt = attemptFacts(result, timeoutMs)
      attempts.push(attempt)
      const decision = retryDecision(attempt)
      if (!decision.retry || n === maxAttempts) break
      const waitMs = backoffDelay(settings.backoffMs, n)
      if (Date.now() + waitMs + MIN_ATTEMPT_MS > deadline) {
        stoppedEarly = `the target's ${formatDuration(settings.budgetMs)} budget was spent`
        break
      }
      context.log(
        `download: attempt ${n + 1}/${maxAttempts} after ${decision.cause} from ${decision.subject ?? target.label}` +
          `${target.label === 'go.mod' ? '' : ` (${target.label})`}; retrying in ${formatDuration(waitMs)}`
      )
      try {
        await sleep(waitMs, undefined, { signal: context.signal })
      } catch {
        stoppedEarly = 'the gate was stopped'
        break
      }
    }
    return {
      target,
      attempts,
      maxAttempts,
      stoppedEarly,
      sums: { relPath: copy.sumRelPath, before: copy.sumBefore, after: readIfFile(copy.sumCopy) },
      goSums: copy.goSums,
      goMod:
        copy.goModBefore === undefined
          ? undefined
          : { before: copy.goModBefore, after: readIfFile(copy.copyFile) },
      copyFile: copy.copyFile
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

/** A target not tried because the module proxy could not be reached for an earlier one. */
function notTried(target: DownloadTarget, maxAttempts: number, reason: string): TargetFacts {
  return {
    target,
    attempts: [],
    maxAttempts,
    stoppedEarly: `not tried: the module proxy could not be reached for an earlier module (${reason})`,
    proxyDown: reason,
    sums: { relPath: target.label },
    goSums: [],
    copyFile: ''
  }
}

interface PreparedCopy {
  args: string[]
  env: Record<string, string>
  copyFile: string
  sumCopy: string
  sumRelPath: string
  sumBefore?: string
  goModBefore?: string
  goSums: Array<{ relPath: string; text: string }>
}

/** Copies what go may write into `tmp` and says how to point go at the copies. */
async function prepareCopy(
  context: CheckContext,
  target: DownloadTarget,
  tmp: string
): Promise<PreparedCopy> {
  const goSums: Array<{ relPath: string; text: string }> = []
  for (const m of target.modules) {
    const text = readIfFile(path.join(m.dir, 'go.sum'))
    if (text !== undefined) goSums.push({ relPath: sumPathOf(m.relDir), text })
  }
  if (target.kind === 'module') {
    const module = target.modules[0] as DownloadTarget['modules'][number]
    const goModBefore = fs.readFileSync(path.join(module.dir, 'go.mod'), 'utf8')
    const sumBefore = readIfFile(path.join(module.dir, 'go.sum'))
    const copyFile = path.join(tmp, 'go.mod')
    fs.writeFileSync(copyFile, goModBefore)
    if (sumBefore !== undefined) fs.writeFileSync(path.join(tmp, 'go.sum'), sumBefore)
    return {
      args: ['mod', 'download', '-json', '-x', `-modfile=${copyFile}`],
      env: { GOWORK: 'off' },
      copyFile,
      sumCopy: path.join(tmp, 'go.sum'),
      sumRelPath: sumPathOf(module.relDir),
      sumBefore,
      goModBefore,
      goSums
    }
  }

  const workspace = context.workspace as GoWorkspace
  const copyFile = path.join(tmp, 'go.work')
  fs.writeFileSync(copyFile, fs.readFileSync(workspace.file, 'utf8'))
  const sumFile = path.join(path.dirname(workspace.file), 'go.work.sum')
  const sumBefore = readIfFile(sumFile)
  if (sumBefore !== undefined) fs.writeFileSync(path.join(tmp, 'go.work.sum'), sumBefore)
  const edits = absolutePathEdits(workspace, target.dir)
  if (edits.length > 0) {
    const result = await context.go.run(['work', 'edit', ...edits, copyFile], {
      cwd: target.dir,
      env: { GOWORK: copyFile },
      timeoutMs: EDIT_TIMEOUT_MS
    })
    if (result.exitCode !== 0) {
      throw new Error(`could not copy ${workspace.relPath}: ${result.stderr.trim()}`)
    }
  }
  const sumRelPath = workspace.relPath.replace(/go\.work$/, 'go.work.sum')
  const workSum = readIfFile(sumFile)
  if (workSum !== undefined) goSums.push({ relPath: sumRelPath, text: workSum })
  return {
    args: ['mod', 'download', '-json', '-x'],
    env: { GOWORK: copyFile },
    copyFile,
    sumCopy: path.join(tmp, 'go.work.sum'),
    sumRelPath,
    sumBefore,
    goSums
  }
}

/** `go work edit` flags making the copy's relative `use` and local `replace` paths absolute. */
export function absolutePathEdits(workspace: Pick<GoWorkspace, 'json'>, workDir: string): string[] {
  const edits: string[] = []
  for (const use of workspace.json?.Use ?? []) {
    if (path.isAbsolute(use.DiskPath)) continue
    edits.push(`-dropuse=${use.DiskPath}`, `-use=${path.resolve(workDir, use.DiskPath)}`)
  }
  for (const replace of workspace.json?.Replace ?? []) {
    if (!isLocalReplace(replace) || path.isAbsolute(replace.New.Path)) continue
    const old = replace.Old.Version
      ? `${replace.Old.Path}@${replace.Old.Version}`
      : replace.Old.Path
    edits.push(`-dropreplace=${old}`, `-replace=${old}=${path.resolve(workDir, replace.New.Path)}`)
  }
  return edits
}

function attemptFacts(result: GoRunResult, timeoutMs: number): AttemptFacts {
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    timeoutMs,
    output: parseDownloadOutput(result.stdout, result.stderr),
    stderr: result.stderr
  }
}

// ---------------------------------------------------------------------------------------------
// Deciding (pure)

export interface RetryDecision {
  retry: boolean
  /** The transient cause: `503 Service Unavailable`, `no answer within 5m`. */
  cause: string
  /** module@version it came from, when go says. */
  subject?: string
}

/** Retry only when the attempt failed and every failure it shows is transient. */
export function retryDecision(attempt: AttemptFacts): RetryDecision {
  const { errors } = attempt.output
  if (attempt.exitCode === 0 && !attempt.timedOut) return { retry: false, cause: 'success' }
  if (errors.some((e) => e.kind !== 'transient')) return { retry: false, cause: 'permanent' }
  if (attempt.timedOut) {
    const waiting = attempt.output.pending.find((p) => p.module !== undefined)
    return {
      retry: true,
      cause: `no answer within ${formatDuration(attempt.timeoutMs)}`,
      subject: waiting ? subjectOf(waiting) : undefined
    }
  }
  if (allTransient(errors)) {
    const first = errors[0] as DownloadError
    return { retry: true, cause: first.cause, subject: subjectOf(first) }
  }
  return { retry: false, cause: 'unrecognised failure' }
}

/** Wait before retry `n` (1-based): base, 2×base, 4×base… */
export function backoffDelay(baseMs: number, n: number): number {
  return baseMs * 2 ** (n - 1)
}

export function assessDownload(facts: DownloadFacts): CheckOutcome {
  const findings: CheckFinding[] = []
  let retries = 0
  const downloaded = new Set<string>()
  let failed = 0
  for (const target of facts.targets) {
    retries += Math.max(0, target.attempts.length - 1)
    const last = target.attempts[target.attempts.length - 1]
    for (const m of last?.output.modules ?? []) {
      if (m.error === undefined) downloaded.add(`${m.path}@${m.version}`)
    }
    const failures = failureFindings(target, facts)
    failed += failures.length
    findings.push(...failures, ...sumFindings(target))
    const goModFinding = goModChangeFinding(target)
    if (goModFinding) findings.push(goModFinding)
  }
  findings.sort(compareFindings)
  const outcome: CheckOutcome = {
    findings,
    summary: summaryOf(facts, downloaded.size, failed, retries)
  }
  const unreachable = proxyUnreachable(facts.targets)
  if (unreachable !== undefined) outcome.proxyUnreachable = unreachable
  return outcome
}

/**
 * The targets whose last attempt failed for the network's sake (no answer, 5xx, a refused or
 * reset connection) after every retry: the later checks would only wait on the proxy again.
 */
export function proxyUnreachable(targets: readonly TargetFacts[]): ProxyUnreachable | undefined {
  let reason: string | undefined
  const moduleDirs: string[] = []
  for (const target of targets) {
    const last = target.attempts[target.attempts.length - 1]
    const cause =
      target.proxyDown ??
      (last !== undefined && retryDecision(last).retry ? retryDecision(last).cause : undefined)
    if (cause === undefined) continue
    reason ??= cause
    moduleDirs.push(...target.target.modules.map((m) => m.relDir))
  }
  return reason === undefined ? undefined : { reason, moduleDirs }
}

/** Findings for the last attempt's failures: each error once, on the line to fix. */
function failureFindings(target: TargetFacts, facts: DownloadFacts): CheckFinding[] {
  const last = target.attempts[target.attempts.length - 1]
  if (last === undefined) {
    return [
      {
        rule: 'download/failed',
        severity: 'error',
        title: `go mod download did not run for ${target.target.label}`,
        message: `No attempt was started: ${target.stoppedEarly ?? 'no time was left'}.`,
        file: target.target.label,
        fix:
          target.proxyDown !== undefined
            ? retryFix(facts)
            : 'raise download-timeout, or make the module proxy reachable'
      }
    ]
  }
  if (last.exitCode === 0 && !last.timedOut) return []
  const findings: CheckFinding[] = []
  const seen = new Set<string>()
  const permanent = last.output.errors.some((e) => e.kind !== 'transient')
  for (const error of last.output.errors) {
    const key = `${error.kind} ${subjectOf(error) ?? error.text}`
    if (seen.has(key)) continue
    seen.add(key)
    findings.push(errorFinding(error, target, facts, permanent))
  }
  if (last.timedOut && !permanent) {
    const waiting = last.output.pending.filter((p) => p.module !== undefined)
    const subjects = [...new Set(waiting.map((p) => subjectOf(p) as string))]
    const first = waiting[0]
    findings.push(
      withoutUndefined({
        rule: 'download/failed',
        severity: 'error',
        title: `Could not download ${subjects[0] ?? `the modules of ${target.target.label}`}`,
        message:
          `go mod download for ${target.target.label} got no answer within ` +
          `${formatDuration(last.timeoutMs)}` +
          (first
            ? ` (waiting for ${first.url}${subjects.length > 1 ? ` and ${subjects.length - 1} more` : ''})`
            : '') +
          `; ${attemptsText(target, facts)}.`,
        ...locate(target, first?.module, first?.version),
        fix: retryFix(facts)
      })
    )
  }
  if (findings.length === 0) {
    // go failed in a way the classifier has no name for: show go's own words.
    findings.push({
      rule: 'download/failed',
      severity: 'error',
      title: `go mod download failed for ${target.target.label}`,
      message:
        (last.exitCode === null
          ? `go mod download was killed by ${last.signal ?? 'a signal'}\n`
          : '') +
        (goWords(last.stderr) ||
          (last.exitCode === null ? '' : `go mod download exited ${last.exitCode}`)),
      file: target.target.label,
      fix: `run \`go mod download\` in ${target.target.modules[0]?.relDir ?? '.'} and fix what it reports`
    })
  }
  return findings
}

function errorFinding(
  error: DownloadError,
  target: TargetFacts,
  facts: DownloadFacts,
  permanentSeen: boolean
): CheckFinding {
  const subject = subjectOf(error)
  const message = mapPaths(error.text, target)
  if (error.kind === 'checksum') return checksumFinding(error, target, message)
  if (error.kind === 'transient') {
    return withoutUndefined({
      rule: 'download/failed',
      severity: 'error',
      title: `Could not download ${subject ?? `the modules of ${target.target.label}`}`,
      message:
        `${message}\n${error.cause}; ${attemptsText(target, facts)}` +
        (permanentSeen ? ' (not retried: another module failed for good)' : '') +
        '.',
      ...locate(target, error.module, error.version),
      fix: retryFix(facts)
    })
  }
  if (error.kind === 'not-found') {
    return withoutUndefined({
      rule: 'download/not-found',
      severity: 'error',
      title: `${subject ?? 'A required module'} not found`,
      message: `${message}\ngo found no such version (${error.cause}); not retried.`,
      ...locate(target, error.module, error.version),
      fix:
        error.module !== undefined
          ? `check the version exists: \`go list -m -versions ${error.module}\`; fix the require line`
          : 'check the required versions exist (`go list -m -versions <module>`) and fix the require line'
    })
  }
  // other: a refusal (401/403), a go.mod go cannot load, anything else go says.
  const where = error.location ? locateGoFile(error.location, target, facts.root) : undefined
  const denied = error.status === 401 || error.status === 403
  return withoutUndefined({
    rule: 'download/failed',
    severity: 'error',
    title: subject !== undefined ? `Could not download ${subject}` : `go mod download failed`,
    message: `${message}${denied ? '\nThe module proxy refused the request; not retried.' : ''}`,
    ...(where ?? locate(target, error.module, error.version)),
    fix: denied
      ? `for a private module set GOPRIVATE (and credentials); otherwise check the version exists: \`go list -m -versions ${error.module ?? '<module>'}\``
      : where !== undefined
        ? `fix line ${where.line} of ${where.file} as go says`
        : `read go's message; check the version exists: \`go list -m -versions ${error.module ?? '<module>'}\``
  })
}

function checksumFinding(error: DownloadError, target: TargetFacts, message: string): CheckFinding {
  const subject = `${error.module ?? 'a module'} ${error.version ?? ''}`.trim()
  const sum = error.checksum
  const fromGoSum = sum === undefined || sum.source === 'go.sum'
  let where: { file: string; line?: number } | undefined
  if (error.module !== undefined && error.version !== undefined) {
    for (const file of target.goSums) {
      const line = findGoSumLine(
        parseGoSum(file.text),
        error.module,
        error.version,
        error.goModOnly === true ? 'go.mod' : 'files'
      )
      if (line !== undefined && (sum === undefined || !fromGoSum || line.hash === sum.expected)) {
        where = { file: file.relPath, line: line.line }
        break
      }
    }
  }
  where ??= locate(target, error.module, error.version)
  const what = error.goModOnly === true ? `the go.mod of ${subject}` : subject
  const hashes =
    sum === undefined
      ? ''
      : `downloaded ${sum.downloaded}, ${fromGoSum ? 'go.sum has' : `the checksum database ${sum.source} has`} ${sum.expected}. `
  return withoutUndefined({
    rule: 'download/checksum-mismatch',
    severity: 'error',
    title: `Checksum mismatch for ${subject}`,
    message:
      `The code downloaded for ${what} is not what ${fromGoSum ? 'go.sum records' : 'the checksum database records'}: ` +
      `${hashes}Not retried.\n${message}`,
    ...where,
    fix: fromGoSum
      ? '`go clean -modcache` and download again; if it still differs, find out why go.sum or the published module changed before running `go mod tidy`'
      : 'do not update go.sum to match: the proxy served other code than the checksum database records; check GOPROXY and GONOSUMDB/GOPRIVATE, then `go clean -modcache`'
  })
}

/** Lines go added to the copy of go.sum (go.work.sum): the repository lacks them. */
function sumFindings(target: TargetFacts): CheckFinding[] {
  const { before, after, relPath } = target.sums
  if (after === undefined) return []
  const known = new Set<string>()
  for (const text of [before ?? '', ...target.goSums.map((g) => g.text)]) {
    for (const line of text.split(/\r?\n/)) if (line.trim() !== '') known.add(line.trim())
  }
  const added = parseGoSum(after).filter(
    (l) => !known.has(`${l.module} ${l.version}${l.goModOnly ? '/go.mod' : ''} ${l.hash}`)
  )
  const byModule = new Map<string, typeof added>()
  for (const line of added) {
    const key = `${line.module} ${line.version}`
    byModule.set(key, [...(byModule.get(key) ?? []), line])
  }
  const findings: CheckFinding[] = []
  for (const [key, lines] of byModule) {
    const first = lines[0] as (typeof added)[number]
    const where = locate(target, first.module, first.version)
    const owner =
      target.target.modules.find((m) => m.relPath === where.file) ?? target.target.modules[0]
    const ownerSum = owner ? sumPathOf(owner.relDir) : relPath
    const inDir = owner && owner.relDir !== '.' ? ` in ${owner.relDir}` : ''
    const text = lines.map(
      (l) => `${l.module} ${l.version}${l.goModOnly ? '/go.mod' : ''} ${l.hash}`
    )
    findings.push(
      withoutUndefined({
        rule: 'download/go-sum',
        severity: 'error',
        title: `${ownerSum} lacks checksums for ${key}`,
        message:
          `go mod download needed ${text.length === 1 ? 'this line' : 'these lines'}, missing from ` +
          `${target.target.kind === 'workspace' ? `the modules' go.sum and ${relPath}` : relPath}, and would have added ` +
          `${text.length === 1 ? 'it' : 'them'} (the gate ran it on a copy):\n${text.join('\n')}\n` +
          'Builds with -mod=readonly fail with "missing go.sum entry".',
        ...where,
        fix: `run \`go mod tidy\`${inDir} and commit ${ownerSum}`
      })
    )
  }
  return findings
}

/** go rewrote its copy of go.mod (a non-canonical version, say): builds would say "updates to go.mod needed". */
function goModChangeFinding(target: TargetFacts): CheckFinding | undefined {
  const goMod = target.goMod
  if (goMod?.after === undefined || goMod.after === goMod.before) return undefined
  const before = goMod.before.split(/\r?\n/)
  const after = goMod.after.split(/\r?\n/)
  let index = 0
  while (index < before.length && before[index] === after[index]) index++
  const module = target.target.modules[0]
  const inDir = module && module.relDir !== '.' ? ` in ${module.relDir}` : ''
  return {
    rule: 'download/updates-go-mod',
    severity: 'error',
    title: `go mod download had to update ${target.target.label}`,
    message:
      `go rewrote line ${index + 1} of its copy: "${(before[index] ?? '').trim()}" became ` +
      `"${(after[index] ?? '').trim()}". Builds with -mod=readonly fail with "updates to go.mod needed".`,
    file: target.target.label,
    line: Math.min(index + 1, before.length),
    fix: `run \`go mod tidy\`${inDir} and commit ${target.target.label}`
  }
}

/** The require line of a module (or the replace that brings it in), in the target's files. */
function locate(
  target: TargetFacts,
  module: string | undefined,
  version: string | undefined
): { file: string; line?: number } {
  const modules = target.target.modules
  const fallback = { file: target.target.label }
  if (module === undefined) return fallback
  for (const args of version ? [[module, version], [module]] : [[module]]) {
    for (const m of modules) {
      const line = findDirectiveLine(m.directives, 'require', args)
      if (line !== undefined) return { file: m.relPath, line }
    }
  }
  // A replacement's path: point at the replace directive that names it.
  const files = [
    ...modules.map((m) => ({ relPath: m.relPath, directives: m.directives, json: m.json })),
    ...(target.target.workspace ? [target.target.workspace] : [])
  ]
  for (const f of files) {
    for (const r of f.json?.Replace ?? []) {
      if (r.New.Path === module && (!version || !r.New.Version || r.New.Version === version)) {
        const line = findReplaceLine(f.directives, r.Old)
        if (line !== undefined) return { file: f.relPath, line }
      }
    }
  }
  return fallback
}

/** A go.mod/go.work go named (maybe the copy, maybe relative to where go ran) as a repository path. */
function locateGoFile(
  location: { file: string; line: number },
  target: TargetFacts,
  root: string
): { file: string; line: number } | undefined {
  const absolute = path.resolve(target.target.dir, location.file)
  if (absolute === target.copyFile) return { file: target.target.label, line: location.line }
  if (!isInside(root, absolute)) return undefined
  return { file: toPosix(path.relative(root, absolute)), line: location.line }
}

/** go's message with the copy's path shown as the user's file. */
function mapPaths(text: string, target: TargetFacts): string {
  const copyDir = path.dirname(target.copyFile)
  const relCopy = path.relative(target.target.dir, target.copyFile)
  // The relative form first: it ends with the absolute one when both lie under the same root.
  let out = relCopy === '' ? text : text.split(relCopy).join(target.target.label)
  out = out.split(target.copyFile).join(target.target.label)
  return out.split(copyDir).join('<copy>')
}

function attemptsText(target: TargetFacts, facts: DownloadFacts): string {
  const n = target.attempts.length
  const tried = `${n} attempt${n === 1 ? '' : 's'}`
  if (target.stoppedEarly) return `${tried}, then stopped: ${target.stoppedEarly}`
  if (n < target.maxAttempts) return tried
  return `${tried} (download-retries: ${facts.downloadRetries})`
}

function retryFix(facts: DownloadFacts): string {
  return `re-run the job; if it keeps failing, check that GOPROXY (${facts.goproxy || 'unset'}) is reachable from the runner, or raise download-retries or download-timeout`
}

function summaryOf(
  facts: DownloadFacts,
  downloaded: number,
  failed: number,
  retries: number
): string {
  let text = `${downloaded} module${downloaded === 1 ? '' : 's'} downloaded`
  if (failed > 0) text += `, ${failed} failed`
  if (retries > 0) text += ` (${retries} ${retries === 1 ? 'retry' : 'retries'})`
  const workspace = facts.targets.find((t) => t.target.kind === 'workspace')
  if (workspace) text += `; workspace ${workspace.target.label}`
  if (facts.skipped.length > 0) text += `; ${describeSkipped(facts.skipped)}`
  return text
}

function subjectOf(e: { module?: string; version?: string }): string | undefined {
  if (e.module === undefined) return undefined
  return e.version ? `${e.module}@${e.version}` : e.module
}

/** go's stderr without the -x trace lines, at most 20 lines. */
function goWords(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !/^(# |\d+(\.\d+)?s # |cd |mkdir |git )/.test(l))
    .slice(0, 20)
    .join('\n')
    .trim()
}

function sumPathOf(relDir: string): string {
  return relDir === '.' ? 'go.sum' : `${relDir}/go.sum`
}
