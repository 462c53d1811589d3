/**
 * Running `go test -json` for the tests check: its argv, and a run read as it streams through the
 * test2json reader, with a watchdog that stops a go test that stays silent too long.
 */
import { goDurationMs, formatGoDuration as formatDuration } from '../go/duration.js'
import { TestRun } from '../go/testjson.js'
import { TestEventReader, isNonJson, type TestEvent } from '../go/testevents.js'
import type { CheckContext } from './types.js'

/** go's own -timeout bounds each test binary; this only stops a gate that hangs outright. */
export const CHECK_TIMEOUT_MS = 6 * 60 * 60_000
const MAX_STDERR = 256 * 1024
/**
 * go test that prints nothing for its -timeout plus this long is stuck: go itself stops a test
 * binary at -timeout + 1 min, so the silence is outside any test (a module download through a
 * proxy that never answers, a hung compiler). See quietLimitMs.
 */
export const QUIET_MARGIN_MS = 10 * 60_000
const QUIET_CHECK_EVERY_MS = 5000

export interface TestsSettings {
  quietMarginMs: number
}

/** How long go test may print nothing before the gate stops it; undefined with timeout 0. */
export function quietLimitMs(testTimeout: string, marginMs = QUIET_MARGIN_MS): number | undefined {
  const timeoutMs = goDurationMs(testTimeout)
  return timeoutMs === 0 ? undefined : timeoutMs + marginMs
}

/** go test's argv: our flags, the packages, then the user's flags (after packages, as go allows). */
export function goTestArgv(
  args: string[],
  packages: string[],
  testFlags: string[],
  selection: readonly string[] = []
): string[] {
  const extra = [...testFlags]
  if (selection.length > 0) {
    // -run and -skip go after the user's flags (the last one wins) but before -args (the binary's).
    const at = extra.findIndex((w) => w === '-args' || w === '--args')
    extra.splice(at === -1 ? extra.length : at, 0, ...selection)
  }
  return [...args, ...packages, ...extra]
}

export interface StreamedTests {
  run: TestRun
  stderr: string
  exitCode: number | null
  signal: string | null
  /** Why the gate stopped go test, when it did. */
  stopped?: string
}

/**
 * Runs go test, feeding its stdout through the test2json reader as it arrives. A go test that
 * stays silent past quietLimitMs is stopped and said to be, never taken for finished.
 */
export async function streamTests(
  context: CheckContext,
  settings: TestsSettings,
  cwd: string,
  argv: string[],
  announce: boolean
): Promise<StreamedTests> {
  const reader = new TestEventReader()
  const run = new TestRun()
  let stderr = ''
  const take = (items: ReturnType<TestEventReader['push']>): void => {
    for (const item of items) {
      run.add(item)
      if (announce && !isNonJson(item)) announcePackage(context, item)
    }
  }
  const quietMs = quietLimitMs(context.config.testTimeout, settings.quietMarginMs)
  const watchdog = new AbortController()
  let lastOutput = Date.now()
  const watch =
    quietMs === undefined
      ? undefined
      : setInterval(
          () => {
            if (Date.now() - lastOutput >= quietMs) watchdog.abort()
          },
          Math.min(QUIET_CHECK_EVERY_MS, quietMs)
        )
  watch?.unref()
  let result
  try {
    result = await context.go.run(argv, {
      cwd,
      timeoutMs: CHECK_TIMEOUT_MS,
      keepOutput: false,
      signal: watchdog.signal,
      onStdout: (chunk) => {
        lastOutput = Date.now()
        take(reader.push(chunk))
      },
      onStderr: (chunk) => {
        lastOutput = Date.now()
        if (stderr.length < MAX_STDERR) stderr += chunk.slice(0, MAX_STDERR - stderr.length)
      }
    })
  } finally {
    clearInterval(watch)
  }
  take(reader.end())
  run.finish()
  const streamed: StreamedTests = {
    run,
    stderr,
    exitCode: result.exitCode,
    signal: result.signal
  }
  if (watchdog.signal.aborted && quietMs !== undefined) {
    streamed.stopped = `it printed nothing for ${formatDuration(quietMs)} (timeout ${context.config.testTimeout} + ${formatDuration(settings.quietMarginMs)})`
  } else if (result.timedOut) {
    streamed.stopped = `it did not finish within ${formatDuration(CHECK_TIMEOUT_MS)}`
  }
  return streamed
}

/** One log line per finished package, like go test's own `ok`/`FAIL` lines. */
function announcePackage(context: CheckContext, event: TestEvent): void {
  if (event.Test !== undefined || event.Package === undefined) return
  const seconds = typeof event.Elapsed === 'number' ? ` ${event.Elapsed.toFixed(2)}s` : ''
  if (event.Action === 'pass') context.progress(`ok   ${event.Package}${seconds}`)
  else if (event.Action === 'fail') context.progress(`FAIL ${event.Package}${seconds}`)
}
