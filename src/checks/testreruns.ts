/**
 * Reruns of failed tests: alone, round by round, to tell a flaky test from a broken one; under a
 * shuffle seed, once more in the seed's order to tell an order-dependent test.
 */
import type { GoModule } from '../go/modules.js'
import { applyRerun, runPattern } from './tests/reruns.js'
import { type TestFailure } from './tests/facts.js'
import { goTestArgv, streamTests, type TestsSettings } from './teststream.js'
import type { CheckContext } from './types.js'

/** Reruns the failed tests alone, round by round, until they pass or the rounds run out. */
export async function rerunFailures(
  context: CheckContext,
  settings: TestsSettings,
  module: GoModule,
  args: string[],
  failures: TestFailure[],
  seed: number | undefined
): Promise<void> {
  // Alone, without the shuffle: the question is whether the test passes at all.
  const rerunArgs = args.filter((a) => !a.startsWith('-shuffle='))
  for (let round = 1; round <= context.config.rerunFailed; round++) {
    const pending = failures.filter((f) => f.flakyOn === undefined)
    if (pending.length === 0) break
    const byPackage = groupByPackage(pending)
    for (const [pkg, tests] of byPackage) {
      const argv = goTestArgv(rerunArgs, [pkg], context.config.testFlags, [
        `-run=${runPattern(tests)}`
      ])
      context.log(`rerun ${round}: go ${argv.join(' ')}`)
      const { run } = await streamTests(context, settings, module.dir, argv, false)
      applyRerun(
        failures.filter((f) => f.package === pkg),
        run,
        round
      )
    }
  }
  if (seed !== undefined) {
    await checkOrderDependence(context, settings, module, args, failures, seed)
  }
}

/**
 * Under a shuffle seed, a failure may be the order's doing: a test that passes in source order
 * and fails again when the seed's order is replayed depends on what other tests leave behind.
 */
async function checkOrderDependence(
  context: CheckContext,
  settings: TestsSettings,
  module: GoModule,
  args: string[],
  failures: TestFailure[],
  seed: number
): Promise<void> {
  const inSourceOrder = args.filter((a) => !a.startsWith('-shuffle='))
  for (const pkg of groupByPackage(failures).keys()) {
    const mine = failures.filter((f) => f.package === pkg)
    let argv = goTestArgv(inSourceOrder, [pkg], context.config.testFlags)
    context.log(`order check, source order: go ${argv.join(' ')}`)
    const source = (await streamTests(context, settings, module.dir, argv, false)).run
    const passInOrder = mine.filter(
      (f) => source.packages.get(pkg)?.tests.get(f.test)?.status === 'pass'
    )
    if (passInOrder.length === 0) continue
    argv = goTestArgv(args, [pkg], context.config.testFlags)
    context.log(`order check, shuffle seed ${seed} again: go ${argv.join(' ')}`)
    const replay = (await streamTests(context, settings, module.dir, argv, false)).run
    for (const f of passInOrder) {
      if (replay.packages.get(pkg)?.tests.get(f.test)?.status === 'fail') f.orderDependent = true
    }
  }
}

function groupByPackage(failures: readonly TestFailure[]): Map<string, string[]> {
  const groups = new Map<string, string[]>()
  for (const f of failures) {
    const tests = groups.get(f.package) ?? []
    groups.set(f.package, tests)
    if (!tests.includes(f.test)) tests.push(f.test)
  }
  return groups
}
