/**
 * Data race reports as findings: one per pair of racing lines, however many reports and stacks
 * reach them, annotated where the race is to be fixed. When one access is in the package's code
 * and the other only in `_test.go` files, that is the package's line (a test reading a field a
 * library writes without a lock is the library's race); otherwise the current access's first frame
 * in the repository. The other access's line gets a notice pointing back to it.
 */
import { plural, type CheckFinding } from '../../findings.js'
import { failureLocation } from '../../go/diagnostics.js'
import { parseRaces, raceKey, type RaceAccess, type RaceReport } from '../../go/races.js'
import { repoRelative, type Frame, type RepoContext } from '../../go/stackframes.js'
import type { OutputLines } from '../../go/outputlines.js'
import type { TestResult } from '../../go/testoutcomes.js'
import type { Explain, Place, TestModuleFacts } from './facts.js'
import { frameLines, shortFunction } from './frames.js'
import { capitalise } from './output.js'
import { exactRunPattern } from './reruns.js'
import { runNumbers } from './runs.js'

const RACE_FIX =
  'guard the shared value with a sync.Mutex, use sync/atomic, or hand it over through a channel'

/** One access of a race where it is annotated: its first frame in the repository. */
export interface RaceSide {
  place: Place
  /** `read`, `write`, `atomic write`. */
  kind: string
  function: string
}

/** Where a race is annotated (primary) and where its other access is, when in the repository. */
export interface RacePlaces {
  primary?: RaceSide
  other?: RaceSide
}

/** Where to annotate a race: see the file's comment. */
export function racePlaces(race: RaceReport, context: RepoContext): RacePlaces {
  const current = ownFrames(race.current, context)
  const previous = ownFrames(race.previous, context)
  const testOnly = (frames: OwnFrame[]): boolean =>
    frames.length > 0 && frames.every((f) => isTestFile(f.relative))
  const inCode = (frames: OwnFrame[]): boolean =>
    frames[0] !== undefined && !isTestFile(frames[0].relative)
  let sides: Array<[RaceAccess | undefined, OwnFrame[]]> = [
    [race.current, current],
    [race.previous, previous]
  ]
  if ((testOnly(current) && inCode(previous)) || current.length === 0) sides = sides.reverse()
  const [primary, other] = sides.map(([access, frames]) => raceSide(access, frames[0]))
  const places: RacePlaces = {}
  if (primary !== undefined) places.primary = primary
  if (
    primary !== undefined &&
    other !== undefined &&
    (other.place.file !== primary.place.file || other.place.line !== primary.place.line)
  ) {
    places.other = other
  }
  return places
}

type OwnFrame = Frame & { relative: string }

function ownFrames(access: RaceAccess | undefined, context: RepoContext): OwnFrame[] {
  const own: OwnFrame[] = []
  for (const frame of access?.frames ?? []) {
    const relative = repoRelative(frame, context)
    if (relative !== undefined) own.push({ ...frame, relative })
  }
  return own
}

function raceSide(
  access: RaceAccess | undefined,
  frame: OwnFrame | undefined
): RaceSide | undefined {
  if (access === undefined || frame === undefined) return undefined
  return {
    place: { file: frame.relative, line: frame.line },
    kind: `${access.atomic ? 'atomic ' : ''}${access.kind}`,
    function: shortFunction(frame.function)
  }
}

function isTestFile(relative: string): boolean {
  return relative.endsWith('_test.go')
}

const at = (side: RaceSide): string => `${side.place.file}:${side.place.line}`

interface SeenRace {
  race: RaceReport
  places: RacePlaces
  package: string
  tests: TestResult[]
  /** Reports of this pair of lines. */
  reports: number
}

export function raceFindings(
  facts: TestModuleFacts,
  context: RepoContext,
  explain: Explain
): CheckFinding[] {
  const seen = new Map<string, SeenRace>()
  const note = (pkg: string, test: TestResult | undefined, lines: string[]): void => {
    for (const race of parseRaces(lines)) {
      const places = racePlaces(race, context)
      // The same two lines are one race, whichever stacks reach them and in whichever order.
      const key =
        places.primary === undefined
          ? raceKey(race)
          : [at(places.primary), places.other === undefined ? '' : at(places.other)]
              .sort()
              .join('\n')
      const entry = seen.get(key) ?? { race, places, package: pkg, tests: [], reports: 0 }
      seen.set(key, entry)
      entry.reports++
      if (test !== undefined && !entry.tests.includes(test)) entry.tests.push(test)
    }
  }
  for (const pkg of facts.run.packages.values()) {
    for (const test of pkg.tests.values()) note(pkg.name, test, test.output?.lines() ?? [])
    note(pkg.name, undefined, pkg.output?.lines() ?? [])
  }
  const findings: CheckFinding[] = []
  for (const entry of seen.values()) {
    const { places, package: pkg, tests } = entry
    const place = places.primary?.place
    for (const test of tests) explain(pkg, test.name, place)
    const names = tests.map((t) => t.name)
    const where =
      names.length === 0
        ? `${pkg} (TestMain or after the tests)`
        : names.length === 1
          ? (names[0] as string)
          : `${names[0]} and ${plural(names.length - 1, 'more test')}`
    const first = tests[0]
    // A race seen in one of a test's runs under -count may need as many runs to show again.
    const count = first !== undefined && first.runs > 1 ? `-count=${first.runs} ` : ''
    const fix =
      RACE_FIX +
      (first !== undefined
        ? `; reproduce with go test -race ${count}-run '${exactRunPattern(first.name)}' ${pkg}`
        : '')
    findings.push({
      rule: 'tests/race',
      severity: 'error',
      title: `Data race in ${where}`,
      message: [...raceSummary(entry, where), describeRace(entry.race, context)].join('\n'),
      ...place,
      package: pkg,
      fix
    })
    const { primary, other } = places
    if (primary !== undefined && other !== undefined) {
      findings.push({
        rule: 'tests/race-other-access',
        severity: 'notice',
        title: `The other access of the data race in ${where}, reported at ${at(primary)}`,
        message:
          `This ${other.kind} in ${other.function} races with the ${primary.kind} in ` +
          `${primary.function} at ${at(primary)}, where the data race is reported with both stacks.`,
        ...other.place,
        package: pkg,
        fix
      })
    }
  }
  return findings
}

/** The lines before the report: which two lines race, how often, in which runs. */
function raceSummary(entry: SeenRace, where: string): string[] {
  const lines: string[] = []
  const { primary, other } = entry.places
  if (primary !== undefined && other !== undefined) {
    lines.push(
      `The ${primary.kind} at ${at(primary)} (${primary.function}) races with the ${other.kind} at ${at(other)} (${other.function}).`
    )
  }
  if (entry.reports > 1) {
    lines.push(
      `Seen ${entry.reports} times in ${where}, on these same lines through different stacks; the first report:`
    )
  }
  for (const test of entry.tests) {
    if (test.runs > 1 && test.failedRuns > 0) {
      lines.push(
        `${test.name} failed in ${runNumbers(test)} of its ${test.runs} runs (go test -count).`
      )
    }
  }
  return lines
}

function describeRace(race: RaceReport, context: RepoContext): string {
  const lines: string[] = []
  const access = (label: string, a: RaceAccess): void => {
    const kind = `${a.atomic ? 'atomic ' : ''}${a.kind}`
    const by = a.goroutine === 1 ? 'the main goroutine' : `goroutine ${a.goroutine ?? '?'}`
    lines.push(`${label}${label ? ' ' : ''}${label ? kind : capitalise(kind)} by ${by}:`)
    lines.push(...frameLines(a.frames, context))
  }
  access('', race.current)
  if (race.previous) access('Previous', race.previous)
  for (const creation of race.creations) {
    lines.push(`Goroutine ${creation.goroutine} (${creation.state}) created at:`)
    lines.push(...frameLines(creation.frames, context))
  }
  if (race.location) lines.push(race.location)
  return lines.join('\n')
}

export function packageHasRace(output: OutputLines | undefined): boolean {
  return output !== undefined && parseRaces(output.lines()).length > 0
}

/** The test failed only because the race detector saw a race during it. */
export function isOnlyRaceFailure(lines: readonly string[]): boolean {
  if (!lines.some((l) => l.includes('race detected during execution of test'))) return false
  return failureLocation(lines) === undefined
}
