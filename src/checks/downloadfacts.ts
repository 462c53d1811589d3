/**
 * What the download check learns from go (the facts its judgement reads), and the pure decisions
 * made on them while it runs: whether to retry, how long to wait, and whether the module proxy
 * could be reached at all.
 */
import { formatGoDuration as formatDuration } from '../go/duration.js'
import { allTransient, type DownloadError, type DownloadOutput } from '../go/downloaderrors.js'
import type { ModuleTarget } from './moduletargets.js'
import type { SkippedModule } from './scope.js'
import type { ProxyUnreachable } from './types.js'

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
  target: ModuleTarget
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
  /** Modules go builds from their vendor/, by directory: a failure here blocks fewer checks. */
  fromVendor?: string[]
}

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

export function subjectOf(e: { module?: string; version?: string }): string | undefined {
  if (e.module === undefined) return undefined
  return e.version ? `${e.module}@${e.version}` : e.module
}

/** The go.sum of a module directory, relative to the repository root. */
export function sumPathOf(relDir: string): string {
  return relDir === '.' ? 'go.sum' : `${relDir}/go.sum`
}
