/**
 * One check under its time limit: a throw becomes status `error` with the reason, an overrun or
 * the gate's stop becomes `error` saying so, and its go commands are killed with it.
 */
import { checkTimeoutMs, type Check, type CheckContext, type CheckOutcome } from './checks/types.js'
import { countBySeverity, statusFromFindings, type CheckResult } from './findings.js'
import { formatGoDuration } from './go/duration.js'
import { errorMessage } from './text.js'

/** A check or the gate stopped on purpose (a time limit), as opposed to a crash. */
export class CheckStopped extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CheckStopped'
  }
}

export function stopReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason.message : 'the gate was stopped'
}

/** A check's result, with what the gate passes on to the report and to the later checks. */
export type CheckRun = CheckResult &
  Pick<CheckOutcome, 'tests' | 'planned' | 'blocked' | 'proxyUnreachable'>

/** Runs one check under its time limit; a throw or an overrun becomes status `error`. */
export async function runCheck(check: Check, context: CheckContext): Promise<CheckRun> {
  const started = Date.now()
  // An overrun check's go commands are killed, so they cannot run on into the next stage.
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let rejectStopped: (error: Error) => void = () => undefined
  const abortWithGate = (): void => {
    controller.abort()
    rejectStopped(new CheckStopped(`stopped: ${stopReason(context.signal)}`))
  }
  const limitMs = checkTimeoutMs(check, context)
  const deadline = new Promise<never>((_, reject) => {
    rejectStopped = reject
    timer = setTimeout(() => {
      controller.abort()
      reject(new CheckStopped(`stopped: did not finish within ${formatGoDuration(limitMs)}`))
    }, limitMs)
  })
  if (context.signal.aborted) abortWithGate()
  else context.signal.addEventListener('abort', abortWithGate)
  const own: CheckContext = {
    ...context,
    go: context.go.withSignal(controller.signal),
    signal: controller.signal
  }
  try {
    const outcome: CheckOutcome = await Promise.race([check.run(own), deadline])
    const result: CheckRun = {
      check: check.name,
      status: outcome.status ?? statusFromFindings(outcome.findings, context.config.failOn),
      durationMs: Date.now() - started,
      findings: outcome.findings.map((finding) => ({ check: check.name, ...finding })),
      summary: outcome.summary
    }
    if (outcome.tests !== undefined) result.tests = outcome.tests
    if (outcome.planned !== undefined) result.planned = outcome.planned
    if (outcome.blocked !== undefined) result.blocked = outcome.blocked
    if (outcome.proxyUnreachable !== undefined) result.proxyUnreachable = outcome.proxyUnreachable
    return result
  } catch (error) {
    const reason = errorMessage(error)
    return {
      check: check.name,
      status: 'error',
      durationMs: Date.now() - started,
      findings: [],
      summary: error instanceof CheckStopped ? reason : `check crashed: ${reason}`
    }
  } finally {
    clearTimeout(timer)
    context.signal.removeEventListener('abort', abortWithGate)
  }
}

/** "fail, 2 errors, 1 warning, 120 ms" for the log line that heads a check's group. */
export function describeResult(result: CheckResult): string {
  const counts = countBySeverity(result.findings)
  const parts: string[] = [result.status]
  if (counts.error > 0) parts.push(`${counts.error} error(s)`)
  if (counts.warning > 0) parts.push(`${counts.warning} warning(s)`)
  if (counts.notice > 0) parts.push(`${counts.notice} notice(s)`)
  if (result.status === 'error' || result.status === 'skipped') parts.push(result.summary ?? '')
  parts.push(`${result.durationMs} ms`)
  return parts.filter((p) => p !== '').join(', ')
}
