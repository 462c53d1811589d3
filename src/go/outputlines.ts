/** A test's output as lines, bounded in memory: its head and its tail, the middle counted. Pure. */

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

  /** Appends another output's lines after this one's, and counts what it dropped. */
  append(other: OutputLines): void {
    this.flush()
    for (const line of other.lines()) this.write(`${line}\n`)
    this.droppedLines += other.droppedLines
    this.droppedChars += other.droppedChars
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
