import { spawn } from 'node:child_process'
import path from 'node:path'
import type { GoCommandRecord } from '../findings.js'

export interface GoRunOptions {
  /** Absolute directory to run in. */
  cwd: string
  /** Variables layered over the runner's pinned environment (e.g. GOTOOLCHAIN=local, GOWORK=off). */
  env?: Record<string, string | undefined>
  /** Kill the whole process group after this long. */
  timeoutMs?: number
  onStdout?: (chunk: string) => void
  onStderr?: (chunk: string) => void
  /** False: stdout and stderr go only to the callbacks (a long go test stays bounded). */
  keepOutput?: boolean
  /** Stops this one command when it aborts (a watchdog of the caller's). */
  signal?: AbortSignal
}

export interface GoRunResult {
  /** null when go did not exit by itself: a signal ended it. */
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** The gate stopped it: its time limit ran out. */
  timedOut: boolean
  /** The gate stopped it: its check ran out of time, or a watchdog gave up on it. */
  aborted: boolean
  durationMs: number
}

/** Thrown when the go binary cannot be started at all; the gate turns it into one clear finding. */
export class GoNotFoundError extends Error {
  constructor(readonly binary: string) {
    super(
      `"${binary}" was not found on PATH: add actions/setup-go (or install Go) before this step`
    )
    this.name = 'GoNotFoundError'
  }
}

export interface GoRunnerOptions {
  /** Repository root, to record commands with relative directories. */
  root: string
  /** The complete environment every child go gets (the runner's, with the pinned variables). */
  env: Record<string, string | undefined>
  binary?: string
  defaultTimeoutMs?: number
  /** When aborted, every command this runner started is killed (its check ran out of time). */
  signal?: AbortSignal
}

const KILL_GRACE_MS = 2000

/** Process groups of the go commands running now, so a cancelled run can stop them all. */
const runningGroups = new Set<number>()
/** Set once the run is cancelled: no new go command starts after that. */
let cancelled = false

/** Thrown by run() once the run was cancelled (SIGINT/SIGTERM): nothing new may start. */
export class RunCancelledError extends Error {
  constructor() {
    super('the run was cancelled')
    this.name = 'RunCancelledError'
  }
}

/**
 * Cancels the run: no go command starts from now on, and every one still running gets
 * `signal`, with its children (compilers, test binaries). Returns how many were running.
 */
export function cancelGo(signal: NodeJS.Signals): number {
  cancelled = true
  return signalRunningGo(signal)
}

/**
 * Sends `signal` to every go command still running, with its children (compilers, test
 * binaries): a cancelled job must not leave them running on the runner.
 */
export function signalRunningGo(signal: NodeJS.Signals): number {
  for (const pid of runningGroups) {
    try {
      if (process.platform !== 'win32') process.kill(-pid, signal)
      else process.kill(pid, signal)
    } catch {
      // Already gone.
    }
  }
  return runningGroups.size
}

/**
 * Runs go with an argument array (never a shell), the pinned environment and a timeout that
 * kills the whole process group, so a hung `go test` cannot outlive its check.
 */
export class GoRunner {
  readonly binary: string
  readonly commands: GoCommandRecord[] = []
  private readonly root: string
  private env: Record<string, string | undefined>
  private readonly defaultTimeoutMs: number
  private readonly signal?: AbortSignal

  constructor(options: GoRunnerOptions) {
    this.root = options.root
    this.env = options.env
    this.binary = options.binary ?? 'go'
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 10 * 60_000
    this.signal = options.signal
  }

  /** The environment children get; `layer` overrides it for one command. */
  environment(layer: Record<string, string | undefined> = {}): Record<string, string> {
    const merged: Record<string, string> = {}
    for (const [key, value] of Object.entries({ ...this.env, ...layer })) {
      if (value !== undefined) merged[key] = value
    }
    return merged
  }

  withEnvironment(env: Record<string, string | undefined>): GoRunner {
    return this.derive({ env })
  }

  /** The same runner, whose commands die when `signal` aborts. */
  withSignal(signal: AbortSignal): GoRunner {
    return this.derive({ signal })
  }

  private derive(changes: Partial<Pick<GoRunnerOptions, 'env' | 'signal'>>): GoRunner {
    const runner = new GoRunner({
      root: this.root,
      env: this.env,
      binary: this.binary,
      defaultTimeoutMs: this.defaultTimeoutMs,
      signal: this.signal,
      ...changes
    })
    // Share one command log so the report lists every go command the gate ran.
    ;(runner as { commands: GoCommandRecord[] }).commands = this.commands
    return runner
  }

  run(args: string[], options: GoRunOptions): Promise<GoRunResult> {
    const started = Date.now()
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs
    if (cancelled) return Promise.reject(new RunCancelledError())
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, {
        cwd: options.cwd,
        env: this.environment(options.env),
        stdio: ['ignore', 'pipe', 'pipe'],
        // A group of its own, so the timeout reaches go's children (compilers, test binaries).
        detached: process.platform !== 'win32',
        windowsHide: true
      })
      const stdout: string[] = []
      const stderr: string[] = []
      let timedOut = false
      let aborted = false
      if (child.pid !== undefined) runningGroups.add(child.pid)
      child.stdout.setEncoding('utf8')
      child.stderr.setEncoding('utf8')
      const keep = options.keepOutput !== false
      child.stdout.on('data', (chunk: string) => {
        if (keep) stdout.push(chunk)
        options.onStdout?.(chunk)
      })
      child.stderr.on('data', (chunk: string) => {
        if (keep) stderr.push(chunk)
        options.onStderr?.(chunk)
      })
      const kill = (signal: NodeJS.Signals): void => {
        try {
          if (child.pid !== undefined && process.platform !== 'win32')
            process.kill(-child.pid, signal)
          else child.kill(signal)
        } catch {
          // Already gone.
        }
      }
      let hardKill: NodeJS.Timeout | undefined
      const stop = (): void => {
        if (hardKill !== undefined) return
        kill('SIGTERM')
        hardKill = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS)
      }
      const timer = setTimeout(() => {
        timedOut = true
        stop()
      }, timeoutMs)
      const abort = (): void => {
        aborted = true
        stop()
      }
      const signals = [this.signal, options.signal].filter((s) => s !== undefined)
      for (const signal of signals) {
        if (signal.aborted) abort()
        signal.addEventListener('abort', abort)
      }
      const settle = (): void => {
        clearTimeout(timer)
        if (hardKill) clearTimeout(hardKill)
        for (const signal of signals) signal.removeEventListener('abort', abort)
        if (child.pid !== undefined) runningGroups.delete(child.pid)
      }
      child.on('error', (error: NodeJS.ErrnoException) => {
        settle()
        reject(error.code === 'ENOENT' ? new GoNotFoundError(this.binary) : error)
      })
      child.on('close', (exitCode, signal) => {
        settle()
        const durationMs = Date.now() - started
        this.commands.push({
          args,
          cwd: toPosix(path.relative(this.root, options.cwd)) || '.',
          durationMs,
          exitCode
        })
        resolve({
          exitCode,
          signal,
          stdout: stdout.join(''),
          stderr: stderr.join(''),
          timedOut,
          aborted,
          durationMs
        })
      })
    })
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/')
}

/** How a go command ended, as checks keep it (recorded facts may leave out the optional parts). */
export type GoEnding = Pick<GoRunResult, 'exitCode' | 'timedOut'> &
  Partial<Pick<GoRunResult, 'signal' | 'aborted' | 'durationMs'>>

/** What a check keeps of one go command: how it ended and what it printed. */
export type GoOutcome = GoEnding & Pick<GoRunResult, 'stdout' | 'stderr'>

/** go ran to its end and said everything went well: exit status 0, not stopped. */
export function succeeded(result: GoEnding): boolean {
  return result.exitCode === 0 && !result.timedOut && result.aborted !== true
}

/** go exited by itself (with any status): not stopped by the gate, not killed by a signal. */
export function ranToEnd(result: GoEnding): boolean {
  return result.exitCode !== null && !result.timedOut && result.aborted !== true
}

/**
 * How a go command ended, as words after its name: `exited 2`, `timed out after 30 s`,
 * `was stopped after 12 s`, `was killed by SIGKILL`. A signal death has no exit status, and
 * must never read as a success.
 */
export function describeEnding(result: GoEnding): string {
  const seconds = Math.max(1, Math.round((result.durationMs ?? 0) / 1000))
  if (result.timedOut) return `timed out after ${seconds} s`
  if (result.aborted) return `was stopped after ${seconds} s`
  if (result.exitCode !== null) return `exited ${result.exitCode}`
  return `was killed by ${result.signal ?? 'a signal'}`
}

/** One line describing a failed go command, for errored checks. */
export function describeFailure(args: string[], result: GoOutcome): string {
  const command = ['go', ...args].join(' ')
  if (!ranToEnd(result)) return `${command} ${describeEnding(result)}`
  const text = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(0, 5).join('\n')
  return `${command} ${describeEnding(result)}${text === '' ? '' : `: ${text}`}`
}
