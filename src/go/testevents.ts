/**
 * The lines of `go test -json` as events, whatever the chunk boundaries. Pure.
 *
 * The stream is one JSON object per line (cmd/test2json's TestEvent, and since go 1.24 the build
 * events of `go build -json` with ImportPath), mixed with whatever else reached stdout (a
 * non-JSON line is kept as `{ action: 'non-json', text }`). Actions go may add later (`attr`
 * came in 1.25, `artifacts` in 1.26) are passed on as they are. The reader keeps only the
 * unfinished last line, capped.
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
