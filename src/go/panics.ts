/**
 * Panics and timeouts: `panic: msg` (or `fatal error: msg`), then `goroutine 21 [running]:` and
 * its frames, ending with `created by ...`; `panic: test timed out after 2s`, `\trunning tests:`,
 * `\t\tTestStuckA (2s)`. Pure.
 */
import { parseFrames, type Frame } from './stackframes.js'

export interface GoroutineStack {
  id: number
  /** `running`, `chan receive`, `chan receive, 2 minutes`, ... */
  state: string
  frames: Frame[]
  createdBy?: Frame
}

export interface PanicReport {
  /** `panic` or `fatal error`. */
  kind: 'panic' | 'fatal error'
  /** The first line's message, continued by any further lines before the goroutine dump. */
  message: string
  /**
   * The panic value as printed, without the mark the testing package adds when it re-panics a
   * test's panic: `boom [recovered]` (then `\tpanic: boom`) before go 1.25, `boom [recovered,
   * repanicked]` since.
   */
  value?: string
  /** The panicking goroutine: the first one dumped. */
  goroutine?: GoroutineStack
  /** Every goroutine dumped (all of them for timeouts and fatal errors). */
  goroutines: GoroutineStack[]
}

const PANIC_START = /^(panic|fatal error): (.*)$/
const RECOVERED = / \[recovered(?:, repanicked)?\]$/
const GOROUTINE = /^goroutine (\d+) \[([^\]]*)\]:$/

/** The first `panic:` / `fatal error:` in the lines with the goroutine stacks that follow it. */
export function parsePanic(lines: readonly string[]): PanicReport | undefined {
  const start = lines.findIndex((l) => PANIC_START.test(l))
  if (start === -1) return undefined
  const m = PANIC_START.exec(lines[start] as string) as RegExpExecArray
  const message = [m[2] as string]
  let i = start + 1
  // The message runs until the first blank line or goroutine header (a re-panic adds
  // `\tpanic: ...` lines, a timeout its `running tests:` list).
  while (i < lines.length && lines[i] !== '' && !GOROUTINE.test(lines[i] as string)) {
    message.push((lines[i] as string).replace(/^\t/, ''))
    i++
  }
  const goroutines = parseGoroutines(lines, i)
  const report: PanicReport = {
    kind: m[1] as 'panic' | 'fatal error',
    message: message.join('\n'),
    value: (m[2] as string).replace(RECOVERED, ''),
    goroutines
  }
  if (goroutines[0] !== undefined) report.goroutine = goroutines[0]
  return report
}

/** Goroutine dumps from `start` on: `goroutine N [state]:` headers with their frames. */
export function parseGoroutines(lines: readonly string[], start = 0): GoroutineStack[] {
  const goroutines: GoroutineStack[] = []
  for (let i = start; i < lines.length; i++) {
    const header = GOROUTINE.exec(lines[i] as string)
    if (!header) continue
    const parsed = parseFrames(lines, i + 1)
    const stack: GoroutineStack = {
      id: Number(header[1]),
      state: header[2] as string,
      frames: parsed.frames
    }
    if (parsed.createdBy !== undefined) stack.createdBy = parsed.createdBy
    goroutines.push(stack)
    i = parsed.next - 1
  }
  return goroutines
}

export interface TimeoutReport {
  /** As go prints it: `2s`, `10m0s`. */
  after: string
  /** The tests still running when the alarm went off: the stuck ones. */
  running: Array<{ name: string; duration: string }>
  goroutines: GoroutineStack[]
}

const TIMEOUT = /^panic: test timed out after (\S+)$/
const RUNNING_TEST = /^\t\t(\S+) \(([^)]*)\)$/

/** `panic: test timed out after X` and the `running tests:` list below it. */
export function parseTimeout(lines: readonly string[]): TimeoutReport | undefined {
  const start = lines.findIndex((l) => TIMEOUT.test(l))
  if (start === -1) return undefined
  const after = (TIMEOUT.exec(lines[start] as string) as RegExpExecArray)[1] as string
  const running: TimeoutReport['running'] = []
  let i = start + 1
  if (lines[i]?.trim() === 'running tests:') {
    for (i++; i < lines.length; i++) {
      const m = RUNNING_TEST.exec(lines[i] as string)
      if (!m) break
      running.push({ name: m[1] as string, duration: m[2] as string })
    }
  }
  return { after, running, goroutines: parseGoroutines(lines, i) }
}

/** The goroutine running a test: the one with the test's function on its stack. */
export function goroutineOfTest(
  goroutines: readonly GoroutineStack[],
  test: string
): GoroutineStack | undefined {
  const top = test.split('/')[0] as string
  const suffix = `.${top}`
  return goroutines.find((g) => g.frames.some((f) => f.function.endsWith(suffix)))
}
