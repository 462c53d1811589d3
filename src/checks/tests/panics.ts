/** Panics and timeouts as findings: the panicking goroutine's first own frame, the stuck tests. */
import type { CheckFinding } from '../../findings.js'
import { firstRepoFrame, type Frame, type RepoContext } from '../../go/stackframes.js'
import { goroutineOfTest, parsePanic, parseTimeout, type PanicReport } from '../../go/panics.js'
import { topLevelTest } from '../../go/testfuncs.js'
import type { TestResult } from '../../go/testoutcomes.js'
import type { Explain, Place, TestModuleFacts } from './facts.js'
import { frameLines, shortFunction } from './frames.js'
import { oneLine } from './output.js'

export function panicFindings(
  facts: TestModuleFacts,
  context: RepoContext,
  explain: Explain,
  stopped: ReadonlyMap<string, unknown>
): { findings: CheckFinding[]; panics: number; timeouts: number } {
  const findings: CheckFinding[] = []
  let panics = 0
  let timeouts = 0
  for (const pkg of facts.run.packages.values()) {
    if (pkg.status === 'pass' || pkg.status === 'skip' || stopped.has(pkg.name)) continue
    const sources: Array<{ test?: TestResult; lines: string[] }> = [
      ...[...pkg.tests.values()]
        .filter((t) => t.status === 'fail' || t.status === 'unfinished')
        .map((t) => ({ test: t, lines: t.output?.lines() ?? [] })),
      { lines: pkg.output?.lines() ?? [] }
    ]
    const unfinished = [...pkg.tests.values()].filter((t) => t.status === 'unfinished')
    for (const { test, lines } of sources) {
      const timeout = parseTimeout(lines)
      if (timeout !== undefined) {
        timeouts++
        for (const stuck of timeout.running) {
          const place = facts.funcs.get(pkg.name)?.get(topLevelTest(stuck.name))
          explain(pkg.name, stuck.name, place)
          const goroutine = goroutineOfTest(timeout.goroutines, stuck.name)
          const blocked = goroutine ? firstRepoFrame(goroutine.frames, context) : undefined
          findings.push({
            rule: 'tests/timeout',
            severity: 'error',
            title: `${stuck.name} timed out`,
            message:
              `Still running after ${stuck.duration} when the test binary hit -timeout ${timeout.after}.` +
              (blocked
                ? `\nBlocked at ${blocked.relative}:${blocked.line} in ${shortFunction(blocked.function)}` +
                  (goroutine ? ` (${goroutine.state})` : '')
                : ''),
            ...place,
            package: pkg.name,
            fix: 'make the test finish (a missing close, send or cancel is the usual cause), or raise the timeout input'
          })
        }
        // Every test of a timed-out binary that did not end was stopped by it.
        for (const t of unfinished)
          explain(pkg.name, t.name, facts.funcs.get(pkg.name)?.get(topLevelTest(t.name)))
        break
      }
      const panic = parsePanic(lines)
      if (panic === undefined) continue
      panics++
      findings.push(panicFinding(panic, pkg.name, test, unfinished, facts, context, explain))
      break
    }
  }
  return { findings, panics, timeouts }
}

function panicFinding(
  panic: PanicReport,
  pkg: string,
  test: TestResult | undefined,
  unfinished: TestResult[],
  facts: TestModuleFacts,
  context: RepoContext,
  explain: Explain
): CheckFinding {
  const goroutine = panic.goroutine
  const frame = goroutine ? firstRepoFrame(goroutine.frames, context) : undefined
  const owner =
    test?.name ??
    (goroutine ? goroutineOfTestName(goroutine.frames, pkg, facts) : undefined) ??
    unfinished[0]?.name
  const place: Place | undefined = frame
    ? { file: frame.relative, line: frame.line }
    : owner !== undefined
      ? facts.funcs.get(pkg)?.get(topLevelTest(owner))
      : undefined
  if (owner !== undefined) explain(pkg, owner, place)
  for (const t of unfinished) explain(pkg, t.name, place)
  const firstLine = panic.value ?? panic.message.split('\n')[0] ?? ''
  const lines = [`${panic.kind}: ${panic.message}`]
  if (goroutine) {
    lines.push(`goroutine ${goroutine.id} [${goroutine.state}]:`)
    lines.push(...frameLines(goroutine.frames, context))
    if (goroutine.createdBy) {
      const created = firstRepoFrame([goroutine.createdBy], context)
      lines.push(
        `created by ${shortFunction(goroutine.createdBy.function)}` +
          (created ? `  ${created.relative}:${created.line}` : '')
      )
    }
  }
  const notFinished = unfinished.map((t) => t.name).filter((n) => n !== owner)
  if (notFinished.length > 0) {
    lines.push(`The test binary died: ${notFinished.join(', ')} never finished.`)
  }
  return {
    rule: 'tests/panic',
    severity: 'error',
    title: `${owner ?? pkg} panicked: ${oneLine(firstLine)}`,
    message: lines.join('\n'),
    ...place,
    package: pkg,
    fix:
      goroutine?.createdBy !== undefined
        ? 'a panic in a goroutine kills the whole test binary: fix its cause, or recover in the goroutine and report through the test'
        : 'fix the cause of the panic; run the test alone with go test -run to see it'
  }
}

/** The test whose function is on the goroutine's stack, among the package's declared tests. */
function goroutineOfTestName(
  frames: readonly Frame[],
  pkg: string,
  facts: TestModuleFacts
): string | undefined {
  const declared = facts.funcs.get(pkg)
  if (declared === undefined) return undefined
  for (const name of declared.keys()) {
    if (goroutineOfTest([{ id: 0, state: '', frames: [...frames] }], name)) return name
  }
  return undefined
}
