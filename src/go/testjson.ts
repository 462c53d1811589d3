/**
 * What `go test -json` says about each package and test, built event by event as the stream
 * arrives (the events from testevents.ts, each test's output kept by outputlines.ts, the shapes
 * it fills in testoutcomes.ts). Pure: nothing here spawns or touches files.
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
import { OutputLines } from './outputlines.js'
import { isNonJson, type StreamItem, type TestEvent } from './testevents.js'
import {
  MAX_RUN_NUMBERS,
  type BuildResult,
  type LostFinalEvent,
  type PackageResult,
  type TestResult,
  type TestStatus
} from './testoutcomes.js'

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
        // The same test again: its next run under go test -count.
        if (test.status !== 'running') this.runAgain(test)
        break
      case 'cont':
      case 'pause':
        break
      default: {
        const status = FINAL[action]
        if (status === undefined) break
        this.endRun(test, status, item.Elapsed)
        // Assigned, not deleted: delete would turn every finished test into a slow dictionary
        // object (measured: about three times the memory per test).
        if (test.status !== 'fail' && !this.keepPassed) test.output = undefined
        if ((test.status === 'pass' || test.status === 'skip') && !this.keepPassedTests) {
          pkg.tests.delete(name)
          pkg.dropped[test.status]++
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

  /** A test that ended starts again: a fresh output for this run, the failed runs' kept aside. */
  private runAgain(test: TestResult): void {
    test.runs++
    if (test.failedRuns > 0) test.earlierFailures = test.output
    test.output = new OutputLines(this.max)
    test.status = 'running'
  }

  /** One run of a test ended: a failed run is never undone by a later one, and keeps its output. */
  private endRun(test: TestResult, status: TestStatus, elapsed: unknown): void {
    if (typeof elapsed === 'number') {
      test.elapsed = test.runs > 1 ? (test.elapsed ?? 0) + elapsed : elapsed
    }
    test.output?.flush()
    if (status === 'fail') {
      test.failedRuns++
      if (test.failedRunNumbers.length < MAX_RUN_NUMBERS) test.failedRunNumbers.push(test.runs)
    }
    this.keepFailedOutput(test, status === 'fail' || status === 'unfinished')
    test.status = test.failedRuns > 0 && status !== 'unfinished' ? 'fail' : status
  }

  /** After a repeated run: its output joins the failed runs' when it failed too, else is dropped. */
  private keepFailedOutput(test: TestResult, failed: boolean): void {
    const earlier = test.earlierFailures
    if (earlier === undefined) return
    if (failed && test.output !== undefined) earlier.append(test.output)
    test.output = earlier
    test.earlierFailures = undefined
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
      if (test.status === 'running') this.endRun(test, 'unfinished', undefined)
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
        attrs: undefined,
        runs: 1,
        failedRuns: 0,
        failedRunNumbers: [],
        earlierFailures: undefined
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
