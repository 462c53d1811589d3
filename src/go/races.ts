/**
 * Data race reports, between `==================` lines: `WARNING: DATA RACE`, `Read at 0x.. by
 * goroutine 9:` + frames, `Previous write at ...` + frames, `Goroutine 9 (running) created at:` +
 * frames. Pure.
 */
import { parseFrames, type Frame } from './stackframes.js'

export interface RaceAccess {
  kind: 'read' | 'write'
  atomic: boolean
  /** `goroutine 9` -> 9; the main goroutine is 1. */
  goroutine?: number
  frames: Frame[]
}

export interface GoroutineCreation {
  goroutine: number
  /** `running`, `finished`. */
  state: string
  frames: Frame[]
}

export interface RaceReport {
  current: RaceAccess
  previous?: RaceAccess
  creations: GoroutineCreation[]
  /** `Location is global 'x' of size 8 at 0x...`, when tsan says where the memory is. */
  location?: string
  /** The report's lines, between the separators. */
  text: string[]
}

const SEPARATOR = '=================='
const ACCESS =
  /^(Previous )?(atomic |Atomic )?(read|write|Read|Write) at 0x[0-9a-f]+ by (?:goroutine (\d+)|(main goroutine)):$/
const CREATION = /^Goroutine (\d+) \(([^)]*)\) created at:$/

/** Every `WARNING: DATA RACE` report in the lines, in order. */
export function parseRaces(lines: readonly string[]): RaceReport[] {
  const races: RaceReport[] = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== SEPARATOR || lines[i + 1] !== 'WARNING: DATA RACE') continue
    let end = i + 2
    while (end < lines.length && lines[end] !== SEPARATOR) end++
    const race = parseRace(lines.slice(i + 2, end))
    if (race) races.push(race)
    i = end
  }
  return races
}

/** One report's lines (without the separators and the WARNING line). */
export function parseRace(lines: readonly string[]): RaceReport | undefined {
  let current: RaceAccess | undefined
  let previous: RaceAccess | undefined
  let location: string | undefined
  const creations: GoroutineCreation[] = []
  let i = 0
  while (i < lines.length) {
    const line = (lines[i] as string).trim()
    const access = ACCESS.exec(line)
    const creation = CREATION.exec(line)
    if (access) {
      const parsed = parseFrames(lines, i + 1)
      const value: RaceAccess = {
        kind: (access[3] as string).toLowerCase() as 'read' | 'write',
        atomic: access[2] !== undefined,
        frames: parsed.frames
      }
      if (access[4] !== undefined) value.goroutine = Number(access[4])
      else if (access[5] !== undefined) value.goroutine = 1
      if (access[1] === undefined) current ??= value
      else previous ??= value
      i = Math.max(parsed.next, i + 1)
    } else if (creation) {
      const parsed = parseFrames(lines, i + 1)
      creations.push({
        goroutine: Number(creation[1]),
        state: creation[2] as string,
        frames: parsed.frames
      })
      i = Math.max(parsed.next, i + 1)
    } else {
      if (line.startsWith('Location is ')) location = line
      i++
    }
  }
  if (current === undefined) return undefined
  const race: RaceReport = { current, creations, text: [...lines] }
  if (previous !== undefined) race.previous = previous
  if (location !== undefined) race.location = location
  return race
}

/**
 * The same race seen twice (in two tests, or with the accesses the other way round) has the
 * same key: the two access stacks (functions and lines, no addresses or goroutine numbers),
 * in a fixed order.
 */
export function raceKey(race: RaceReport): string {
  const stack = (access: RaceAccess | undefined): string =>
    (access?.frames ?? []).map((f) => `${f.function} ${f.file}:${f.line}`).join('\n')
  return [stack(race.current), stack(race.previous)].sort().join('\n--\n')
}
