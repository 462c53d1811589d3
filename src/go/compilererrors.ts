/**
 * Compiler and vet errors: `./parse_test.go:7:26: undefined: want` (relative to go's working
 * directory), vet the same, under `# example.com/m` and `# [example.com/m]` headers. Pure.
 */

export interface CompilerError {
  /** As printed, without a leading `./`: relative to go's working directory, or absolute. */
  file: string
  line: number
  column?: number
  message: string
}

// The message runs to the end of the line whatever it holds (the s flag), so the first
// `file.go:L:` decides: where `.` could not reach the end (a \r or \u2028 in the line), every
// later `.go:L:` was tried again, each with a scan to the end (quadratic).
const COMPILER = /^(?:vet: )?(\S(?:.*?\S)?\.go):(\d+)(?::(\d+))?: (.+)$/s

/**
 * `file.go:L:C: msg` lines (build-output, or stderr of older go), deduplicated, in order. go
 * continues some messages on tab-indented lines (`\t\thave M(string)` / `\t\twant M(int)`):
 * they are joined to the message. `too many errors` is where go stopped counting, not an error.
 */
export function parseCompilerErrors(lines: readonly string[]): CompilerError[] {
  const seen = new Set<string>()
  const errors: CompilerError[] = []
  for (let i = 0; i < lines.length; i++) {
    const m = COMPILER.exec(lines[i] as string)
    if (!m) continue
    const message = [m[4] as string]
    while (i + 1 < lines.length && (lines[i + 1] as string).startsWith('\t')) {
      message.push((lines[++i] as string).trim())
    }
    if (message[0] === 'too many errors') continue
    const error: CompilerError = {
      file: (m[1] as string).replace(/^\.\//, ''),
      line: Number(m[2]),
      message: message.join('\n')
    }
    if (m[3] !== undefined) error.column = Number(m[3])
    const key = `${error.file}:${error.line}:${error.column ?? ''}: ${error.message}`
    if (seen.has(key)) continue
    seen.add(key)
    errors.push(error)
  }
  return errors
}
