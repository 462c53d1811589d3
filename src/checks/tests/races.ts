/** Data race reports as findings, one per distinct race, at its first frame in the repository. */
import { plural, type CheckFinding } from '../../findings.js'
import {
  failureLocation,
  firstRepoFrame,
  parseRaces,
  raceKey,
  type RaceAccess,
  type RaceReport,
  type RepoContext
} from '../../go/diagnostics.js'
import type { OutputLines } from '../../go/testjson.js'
import type { Explain, TestModuleFacts } from './facts.js'
import { frameLines } from './frames.js'
import { capitalise } from './output.js'
import { exactRunPattern } from './reruns.js'

const RACE_FIX =
  'guard the shared value with a sync.Mutex, use sync/atomic, or hand it over through a channel'

interface SeenRace {
  race: RaceReport
  package: string
  tests: string[]
}

export function raceFindings(
  facts: TestModuleFacts,
  context: RepoContext,
  explain: Explain
): CheckFinding[] {
  const seen = new Map<string, SeenRace>()
  const note = (pkg: string, test: string | undefined, lines: string[]): void => {
    for (const race of parseRaces(lines)) {
      const key = raceKey(race)
      const entry = seen.get(key) ?? { race, package: pkg, tests: [] }
      seen.set(key, entry)
      if (test !== undefined && !entry.tests.includes(test)) entry.tests.push(test)
    }
  }
  for (const pkg of facts.run.packages.values()) {
    for (const test of pkg.tests.values()) note(pkg.name, test.name, test.output?.lines() ?? [])
    note(pkg.name, undefined, pkg.output?.lines() ?? [])
  }
  const findings: CheckFinding[] = []
  for (const { race, package: pkg, tests } of seen.values()) {
    const frame =
      firstRepoFrame(race.current.frames, context) ??
      firstRepoFrame(race.previous?.frames ?? [], context)
    const place = frame ? { file: frame.relative, line: frame.line } : undefined
    for (const test of tests) explain(pkg, test, place)
    const where =
      tests.length === 0
        ? `${pkg} (TestMain or after the tests)`
        : tests.length === 1
          ? tests[0]
          : `${tests[0]} and ${plural(tests.length - 1, 'more test')}`
    const first = tests[0]
    findings.push({
      rule: 'tests/race',
      severity: 'error',
      title: `Data race in ${where}`,
      message: describeRace(race, context),
      ...place,
      fix:
        RACE_FIX +
        (first !== undefined
          ? `; reproduce with go test -race -run '${exactRunPattern(first)}' ${pkg}`
          : '')
    })
  }
  return findings
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
