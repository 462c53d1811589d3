/**
 * What a failing test, a race, a panic, a timeout or a compiler prints, as places in files.
 * Pure: lines of output in (a test's joined output, see testjson.ts), data out.
 *
 *   failure      `    calc_test.go:14: Add(-1, 2) = 2, want 1`   (base name: resolve it in the
 *                package directory)
 *   data race    between `==================` lines: `WARNING: DATA RACE`, `Read at 0x.. by
 *                goroutine 9:` + frames, `Previous write at ...` + frames, `Goroutine 9 (running)
 *                created at:` + frames. A frame is `  pkg.Func()` then `      /abs/file.go:11 +0x7e`.
 *   panic        `panic: msg` (or `fatal error: msg`), then `goroutine 21 [running]:` and frames
 *                `pkg.Func(...)` / `\t/abs/file.go:11 +0xa5`, ending with `created by ...`.
 *   timeout      `panic: test timed out after 2s`, `\trunning tests:`, `\t\tTestStuckA (2s)`.
 *   compiler     `./parse_test.go:7:26: undefined: want` (relative to go's working directory);
 *                vet the same, under `# example.com/m` and `# [example.com/m]` headers.
 *   shuffle      `-test.shuffle 1712`, first in the package's output.
 *
 * Failures and the shuffle seed are read here; races, panics and timeouts, compiler errors and
 * stack frames each in their own file (races.ts, panics.ts, compilererrors.ts, stackframes.ts).
 */

// ---------------------------------------------------------------------------------------------
// Failures

export interface FailureLocation {
  /** Base name as the testing package prints it, e.g. `calc_test.go`. */
  file: string
  line: number
  message: string
  /** `packageDir/file`, POSIX, when the package directory was given. */
  path?: string
}

// The testing package indents with 4 spaces per level in -json/-v output and continues
// multi-line messages 4 spaces deeper. The file is the base name of the caller's file, which may
// hold any character but a path separator (`100%,done_test.go`, `12:30_test.go`): the name ends
// at a `.go:NN:` of the line, the first one naming a file of the package, not at a first colon.
const INDENT = /^\s+/
const GO_LINE = /\.go:(\d+): ?/g

/**
 * The last `name.go:NN: msg` line in a test's output: where it failed. Only files of the package
 * count (by default: `*_test.go` names without spaces; pass the package's file names to accept
 * helpers in non-test files and any name go list gave). `testing.go:1712: race detected during
 * execution of test` is never one.
 *
 * A helper that calls t.Helper() is reported at its caller's line, in the test. One in another
 * package that does not (`check.go:20: got 1, want 2`) names a file that is not the package's:
 * undefined, the caller falls back to the test's func line. The testing package prints t.Log
 * lines the same way as t.Error lines: a test that logged and then failed without a message of
 * its own (t.Fail, a race) gets its last log line.
 */
export function failureLocation(
  lines: readonly string[],
  options: { packageDir?: string; packageFiles?: Iterable<string> } = {}
): FailureLocation | undefined {
  const files = options.packageFiles === undefined ? undefined : new Set(options.packageFiles)
  let longest = 0
  for (const f of files ?? []) longest = Math.max(longest, f.length)
  // A name never holds a path separator; a default one (no package files) no space either.
  const beyondName = files === undefined ? /[\s/\\]/ : /[/\\]/
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = lines[i] as string
    const indent = INDENT.exec(text)?.[0]
    if (indent === undefined) continue
    const stop = text.slice(indent.length).search(beyondName)
    const end = stop === -1 ? text.length : indent.length + stop
    GO_LINE.lastIndex = indent.length
    for (let m = GO_LINE.exec(text); m !== null && m.index < end; m = GO_LINE.exec(text)) {
      const nameEnd = m.index + '.go'.length
      if (files !== undefined && nameEnd - indent.length > longest) break
      if (files === undefined && !text.startsWith('_test', m.index - '_test'.length)) continue
      const file = text.slice(indent.length, nameEnd)
      if (files !== undefined && !files.has(file)) continue
      // Continuation lines: indented deeper than the location line.
      const message = [text.slice(m.index + m[0].length)]
      for (let j = i + 1; j < lines.length; j++) {
        const next = lines[j] as string
        if (!next.startsWith(`${indent}    `)) break
        message.push(next.slice(indent.length + 4))
      }
      const location: FailureLocation = { file, line: Number(m[1]), message: message.join('\n') }
      if (options.packageDir !== undefined) location.path = joinPosix(options.packageDir, file)
      return location
    }
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Shuffle

const SHUFFLE = /^-test\.shuffle (-?\d+)$/

/**
 * The seed of a `-shuffle` run, from the `-test.shuffle 1712` line go prints first in the
 * package's output. A string: go's seeds are int64 (`-shuffle=on` takes the clock's nanoseconds),
 * beyond what a JS number holds exactly.
 */
export function parseShuffleSeed(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const m = SHUFFLE.exec(line)
    if (m) return m[1] as string
  }
  return undefined
}

function joinPosix(dir: string, file: string): string {
  const d = dir.replace(/\\/g, '/').replace(/\/+$/, '')
  return d === '' || d === '.' ? file : `${d}/${file}`
}
