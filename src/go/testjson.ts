/**
 * What `go test -json` prints, read as it arrives. Pure: chunks of text in, events and per-test
 * results out; nothing here spawns or touches files.
 *
 * The stream is one JSON object per line (cmd/test2json's TestEvent, and since go 1.24 the build
 * events of `go build -json` with ImportPath), mixed with whatever else reached stdout (a
 * non-JSON line is kept as `{ action: 'non-json', text }`). Actions go may add later (`attr`
 * came in 1.25, `artifacts` in 1.26) are passed on as they are.
 *
 * test2json splits a test's output line longer than 1 KiB across several `output` events, so a
 * test's output is joined before it is split into lines. test2json reads the test binary's output
 * 4 KiB at a time: output without a newline that fills those exactly (a 200 MiB line, say) hides
 * the `--- PASS` line after it, which then arrives as output, still marked with the ^V the
 * testing package puts before such lines, and go sends no final event for the test (see
 * TestRun.add).
 *
 * Memory stays bounded whatever the stream's size: the reader keeps only the unfinished last line
 * (capped), and {@link TestRun} keeps per test at most `maxOutputPerTest` characters of output
 * (its head and its tail, counting what it dropped in between), and by default lets go of the
 * output of tests that passed.
 */

/** One line of the stream, with go's own field names. */
export interface TestEvent {
  Time?: string
  /** start run pause cont pass bench fail output skip, build-output build-fail, attr, ... */
  Action: string
  Package?: string
  Test?: string
  /** Seconds, on pass/fail/skip. */
  Elapsed?: number
  Output?: string
  /** On a package's fail event: the package ID whose build failed (go 1.24+). */
  FailedBuild?: string
  /** On build-output/build-fail events: the package ID, e.g. `example.com/m [example.com/m.test]`. */
  ImportPath?: string
  /** attr events (t.Attr, go 1.25+). */
  Key?: string
  Value?: string
  /** artifacts events (go 1.26+). */
  Path?: string
  [field: string]: unknown
}

/** A line that is not a test2json event, kept as printed (without its line ending). */
export interface NonJsonLine {
  action: 'non-json'
  text: string
  /** Characters cut off the end of an overlong line. */
  truncated?: number
}

export type StreamItem = TestEvent | NonJsonLine

export function isNonJson(item: StreamItem): item is NonJsonLine {
  return (item as NonJsonLine).action === 'non-json'
}

/** A line longer than this is not test2json's (its events carry at most 1 KiB of output). */
export const DEFAULT_MAX_LINE = 1 << 20

/**
 * Turns chunks of the stream into events, whatever the chunk boundaries: a chunk may end inside
 * a line, inside a JSON string or (for bytes) inside a UTF-8 sequence.
 */
export class TestEventReader {
  private partial = ''
  private cut = 0
  private readonly decoder = new TextDecoder('utf-8')
  private readonly maxLine: number

  constructor(options: { maxLine?: number } = {}) {
    this.maxLine = options.maxLine ?? DEFAULT_MAX_LINE
  }

  /** The items of the lines this chunk completes. */
  push(chunk: string | Uint8Array): StreamItem[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true })
    const items: StreamItem[] = []
    let start = 0
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.append(text.slice(start, nl))
      items.push(this.takeLine())
      start = nl + 1
    }
    this.append(text.slice(start))
    return items
  }

  /** The last line, when the stream did not end with a newline. */
  end(): StreamItem[] {
    this.append(this.decoder.decode())
    if (this.partial === '' && this.cut === 0) return []
    return [this.takeLine()]
  }

  private append(text: string): void {
    const room = this.maxLine - this.partial.length
    if (text.length <= room) {
      this.partial += text
    } else {
      this.partial += text.slice(0, Math.max(room, 0))
      this.cut += text.length - Math.max(room, 0)
    }
  }

  private takeLine(): StreamItem {
    const line = this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial
    const cut = this.cut
    this.partial = ''
    this.cut = 0
    if (cut > 0) return { action: 'non-json', text: line, truncated: cut }
    return parseLine(line)
  }
}

/** One line of the stream: an event when it is a JSON object with a string Action. */
export function parseLine(line: string): StreamItem {
  if (line.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(line)
      if (
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        typeof (value as { Action?: unknown }).Action === 'string'
      ) {
        return value as TestEvent
      }
    } catch {
      // Not JSON after all: kept as text below.
    }
  }
  return { action: 'non-json', text: line }
}

/** A whole stream at once (tests, small outputs). */
export function parseTestStream(text: string): StreamItem[] {
  const reader = new TestEventReader()
  return [...reader.push(text), ...reader.end()]
}

/**
 * Output split into lines after joining its pieces, at most `max` characters kept: the first
 * half as it came, then the most recent lines; what fell in between is counted.
 */
export class OutputLines {
  private readonly head: string[] = []
  private headChars = 0
  private tail: string[] = []
  private tailStart = 0
  private tailChars = 0
  private pending = ''
  /** Characters of the unfinished last line dropped beyond its cap. */
  private pendingDropped = 0
  droppedLines = 0
  droppedChars = 0

  /** A line keeps at most half the cap, so the head and the tail always have room for one. */
  private readonly maxLine: number

  constructor(private readonly max: number) {
    this.maxLine = Math.max(Math.floor(max / 2), 1)
  }

  /** A piece of output, as one output event carries it. */
  write(text: string): void {
    let start = 0
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.addLine(this.pending + text.slice(start, nl))
      this.pending = ''
      this.pendingDropped = 0
      start = nl + 1
    }
    const rest = text.slice(start)
    if (this.pending.length + rest.length > this.maxLine) {
      // One endless line: keep its start, count the rest.
      const keep = Math.max(this.maxLine - this.pending.length, 0)
      this.pending += rest.slice(0, keep)
      this.droppedChars += rest.length - keep
      this.pendingDropped += rest.length - keep
    } else {
      this.pending += rest
    }
  }

  /** Ends the last line when the output did not end with a newline. */
  flush(): void {
    if (this.pending !== '') this.addLine(this.pending)
    this.pending = ''
    this.pendingDropped = 0
  }

  /** Characters written since the last newline, dropped ones included. */
  get openLineLength(): number {
    return this.pending.length + this.pendingDropped
  }

  /** Lines in order; where lines were dropped, between `lines[droppedAt - 1]` and `lines[droppedAt]`. */
  lines(): string[] {
    const lines = [...this.head, ...this.tail.slice(this.tailStart)]
    return this.pending === '' ? lines : [...lines, this.pending]
  }

  /** Index in {@link lines} where dropped lines were, when any were dropped. */
  get droppedAt(): number | undefined {
    return this.droppedLines > 0 ? this.head.length : undefined
  }

  get text(): string {
    return this.lines().join('\n')
  }

  private addLine(whole: string): void {
    let line = whole
    if (line.length > this.maxLine) {
      line = line.slice(0, this.maxLine)
      this.droppedChars += whole.length - this.maxLine
    }
    const size = line.length + 1
    if (this.droppedLines === 0 && this.headChars + size <= this.max / 2) {
      this.head.push(line)
      this.headChars += size
      return
    }
    this.tail.push(line)
    this.tailChars += size
    while (this.tailChars > this.max / 2 && this.tailStart < this.tail.length - 1) {
      const old = this.tail[this.tailStart++] as string
      this.tailChars -= old.length + 1
      this.droppedLines++
      this.droppedChars += old.length + 1
    }
    if (this.tailStart > 1024 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart)
      this.tailStart = 0
    }
  }
}

/** `unfinished`: ran (or its package started) but the stream ended with no final event for it. */
export type TestStatus = 'running' | 'pass' | 'fail' | 'skip' | 'unfinished'

export interface TestResult {
  package: string
  /** `TestX`, or `TestX/sub` for a subtest. */
  name: string
  status: TestStatus
  /** Seconds, from the final event. */
  elapsed?: number
  /** Released (undefined) when the test passed or was skipped, unless kept on request. */
  output?: OutputLines
  /** t.Attr key/values (attr events). */
  attrs?: Record<string, string>
}

export interface PackageResult {
  name: string
  status: TestStatus
  elapsed?: number
  /**
   * The package ID whose build failed, when that is why this package failed: go's FailedBuild
   * (1.24+). Older go (and GODEBUG=gotestjsonbuildtext=1) names no ID and prints the errors on
   * stderr; there a `FAIL\t<package> [build failed]` (or `[setup failed]`) line in the package's
   * output sets it to the package's own import path.
   */
  failedBuild?: string
  /** Output outside any test: PASS/FAIL/ok lines, races after PASS or in TestMain. */
  output?: OutputLines
  tests: Map<string, TestResult>
  /** Events with an action this reader does not know, counted. */
  unknownActions: number
  /** Tests that passed or were skipped and were let go of (keepPassedTests: false). */
  dropped: { pass: number; skip: number }
  /** Tests whose final event go did not send, read from their `--- PASS` lines instead. */
  lostFinalEvents: LostFinalEvent[]
}

/**
 * A test's `--- PASS/FAIL/SKIP` line that test2json took for output: it came right after output
 * without a newline that filled test2json's 4 KiB reads exactly, so go sent no final event.
 */
export interface LostFinalEvent {
  test: string
  status: 'pass' | 'fail' | 'skip'
  /** Characters the test printed without a newline right before the line. */
  unterminated: number
}

export interface BuildResult {
  /** e.g. `example.com/m [example.com/m.test]`; empty for output go tied to no package. */
  importPath: string
  output: OutputLines
  failed: boolean
}

export interface TestRunOptions {
  /** Characters of output kept per test and per package (head and tail). Default 1 MiB. */
  maxOutputPerTest?: number
  /** Keep the output of tests and packages that passed or were skipped. Default false. */
  keepPassedOutput?: boolean
  /** Non-JSON lines kept (the first ones); the rest are counted. Default 1000. */
  maxNonJsonLines?: number
  /**
   * Keep a result for every test. Default true (reports list every test). False: a test that
   * passed or was skipped is only counted in its package's `dropped`, so memory no longer grows
   * with the number of tests.
   */
  keepPassedTests?: boolean
}

const KNOWN_ACTIONS = new Set([
  'start',
  'run',
  'pause',
  'cont',
  'pass',
  'bench',
  'fail',
  'output',
  'skip',
  'build-output',
  'build-fail',
  'attr'
])

/** What the testing package puts before its framing lines for test2json (and test2json strips). */
const MARK = '\x16'
/** `--- PASS: TestX/sub (0.00s)`, indented 4 spaces per subtest level, after the mark. */
// eslint-disable-next-line no-control-regex
const REPORT_LINE = /^\x16(?: {4})*--- (PASS|FAIL|SKIP): (\S+) \((\d+(?:\.\d+)?)s\)\r?\n?$/

const FINAL: Record<string, TestStatus> = {
  pass: 'pass',
  fail: 'fail',
  skip: 'skip',
  bench: 'pass'
}

/** Per package and per test results, built event by event. */
export class TestRun {
  readonly packages = new Map<string, PackageResult>()
  readonly builds = new Map<string, BuildResult>()
  readonly nonJson: string[] = []
  nonJsonDropped = 0
  private readonly max: number
  private readonly keepPassed: boolean
  private readonly keepPassedTests: boolean
  private readonly maxNonJson: number

  constructor(options: TestRunOptions = {}) {
    this.max = options.maxOutputPerTest ?? 1 << 20
    this.keepPassed = options.keepPassedOutput ?? false
    this.keepPassedTests = options.keepPassedTests ?? true
    this.maxNonJson = options.maxNonJsonLines ?? 1000
  }

  add(item: StreamItem): void {
    if (isNonJson(item)) {
      if (this.nonJson.length < this.maxNonJson) this.nonJson.push(item.text)
      else this.nonJsonDropped++
      return
    }
    const action = item.Action
    if (action === 'build-output' || action === 'build-fail') {
      const build = this.build(typeof item.ImportPath === 'string' ? item.ImportPath : '')
      if (action === 'build-fail') {
        build.output.flush()
        build.failed = true
      } else if (typeof item.Output === 'string') {
        build.output.write(item.Output)
      }
      return
    }
    if (typeof item.Package !== 'string') return
    const pkg = this.pkg(item.Package)
    if (!KNOWN_ACTIONS.has(action)) pkg.unknownActions++
    const name = typeof item.Test === 'string' && item.Test !== '' ? item.Test : undefined
    if (name === undefined) {
      this.packageEvent(pkg, item)
      return
    }
    if (!this.keepPassedTests && action !== 'run' && !pkg.tests.has(name)) {
      // A test already let go of (or never started): its late output belongs to the package.
      if (action === 'output' && typeof item.Output === 'string') pkg.output?.write(item.Output)
      return
    }
    const test = this.test(pkg, name)
    switch (action) {
      case 'output':
        if (typeof item.Output !== 'string') break
        if (item.Output.startsWith(MARK)) {
          this.lostFinalEvent(pkg, test, item.Output)
          return
        }
        test.output?.write(item.Output)
        break
      case 'attr':
        if (typeof item.Key === 'string') {
          // Set in place (a copy per attr is quadratic in a test's attrs); defined, not
          // assigned, so a key such as __proto__ is an attr like any other.
          test.attrs ??= {}
          Object.defineProperty(test.attrs, item.Key, {
            value: typeof item.Value === 'string' ? item.Value : '',
            enumerable: true,
            writable: true,
            configurable: true
          })
        }
        break
      case 'run':
      case 'cont':
      case 'pause':
        break
      default: {
        const status = FINAL[action]
        if (status === undefined) break
        test.status = status
        if (typeof item.Elapsed === 'number') test.elapsed = item.Elapsed
        test.output?.flush()
        // Assigned, not deleted: delete would turn every finished test into a slow dictionary
        // object (measured: about three times the memory per test).
        if (status !== 'fail' && !this.keepPassed) test.output = undefined
        if ((status === 'pass' || status === 'skip') && !this.keepPassedTests) {
          pkg.tests.delete(name)
          pkg.dropped[status]++
        }
      }
    }
  }

  /**
   * An output event that still starts with ^V: a line test2json did not see as framing. When it
   * is a test's `--- PASS/FAIL/SKIP` line, the test ended as that line says, and go sent no final
   * event for it. The line is kept as output, without its mark.
   */
  private lostFinalEvent(pkg: PackageResult, test: TestResult, output: string): void {
    const unterminated = test.output?.openLineLength ?? 0
    test.output?.write(output.slice(MARK.length))
    const m = REPORT_LINE.exec(output)
    const ended = m === null ? undefined : pkg.tests.get(m[2] as string)
    if (m === null || ended === undefined || ended.status !== 'running') return
    const status = (m[1] as string).toLowerCase() as LostFinalEvent['status']
    pkg.lostFinalEvents.push({ test: ended.name, status, unterminated })
    this.add({
      Action: status,
      Package: pkg.name,
      Test: ended.name,
      Elapsed: Number(m[3])
    })
  }

  addAll(items: Iterable<StreamItem>): this {
    for (const item of items) this.add(item)
    return this
  }

  /** The stream ended: whatever still runs never finished. */
  finish(): this {
    for (const pkg of this.packages.values()) {
      pkg.output?.flush()
      if (pkg.status === 'running') pkg.status = 'unfinished'
      this.finishTests(pkg)
    }
    for (const build of this.builds.values()) build.output.flush()
    return this
  }

  /** Tests that failed, or started and never finished, in stream order. */
  failedTests(): TestResult[] {
    const failed: TestResult[] = []
    for (const pkg of this.packages.values()) {
      for (const test of pkg.tests.values()) {
        if (test.status === 'fail' || test.status === 'unfinished') failed.push(test)
      }
    }
    return failed
  }

  private packageEvent(pkg: PackageResult, event: TestEvent): void {
    if (event.Action === 'output') {
      if (typeof event.Output === 'string') pkg.output?.write(event.Output)
      return
    }
    const status = FINAL[event.Action]
    if (status === undefined) return
    pkg.status = status
    if (typeof event.Elapsed === 'number') pkg.elapsed = event.Elapsed
    pkg.output?.flush()
    if (typeof event.FailedBuild === 'string') pkg.failedBuild = event.FailedBuild
    else if (status === 'fail' && saysBuildFailed(pkg)) pkg.failedBuild = pkg.name
    this.finishTests(pkg)
    if (status !== 'fail' && !this.keepPassed) pkg.output = undefined
  }

  private finishTests(pkg: PackageResult): void {
    for (const test of pkg.tests.values()) {
      if (test.status !== 'running') continue
      test.status = 'unfinished'
      test.output?.flush()
    }
  }

  private pkg(name: string): PackageResult {
    let pkg = this.packages.get(name)
    if (pkg === undefined) {
      pkg = {
        name,
        status: 'running',
        // Every field from the start, so the object keeps one shape (see add).
        elapsed: undefined,
        failedBuild: undefined,
        output: new OutputLines(this.max),
        tests: new Map(),
        unknownActions: 0,
        dropped: { pass: 0, skip: 0 },
        lostFinalEvents: []
      }
      this.packages.set(name, pkg)
    }
    return pkg
  }

  private test(pkg: PackageResult, name: string): TestResult {
    let test = pkg.tests.get(name)
    if (test === undefined) {
      test = {
        package: pkg.name,
        name,
        status: 'running',
        elapsed: undefined,
        output: new OutputLines(this.max),
        attrs: undefined
      }
      pkg.tests.set(name, test)
    }
    return test
  }

  private build(importPath: string): BuildResult {
    let build = this.builds.get(importPath)
    if (build === undefined) {
      build = { importPath, output: new OutputLines(this.max), failed: false }
      this.builds.set(importPath, build)
    }
    return build
  }
}

/** Older go's last line for a package that did not build: `FAIL\texample.com/m [build failed]`. */
function saysBuildFailed(pkg: PackageResult): boolean {
  const lines = pkg.output?.lines() ?? []
  const prefix = `FAIL\t${pkg.name} [`
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 3; i--) {
    const line = lines[i] as string
    if (line === `${prefix}build failed]` || line === `${prefix}setup failed]`) return true
  }
  return false
}

/** The package a build ID names: `example.com/m [example.com/m.test]` -> `example.com/m`. */
export function buildIdPackage(importPath: string): string {
  const space = importPath.indexOf(' [')
  return space === -1 ? importPath : importPath.slice(0, space)
}
