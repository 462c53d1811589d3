import { renderJunit, writeJunit } from '../junit.js'
import type { Reporter } from './context.js'

/** The tests as JUnit XML, when the tests check ran. */
export const junitReporter: Reporter = {
  name: 'junit',
  async run(context, choice) {
    const { report } = context
    const file = choice.file
    if (file === undefined) return
    if (report.tests === undefined) {
      // Only a file the user asked for is worth a word; the action's default path is not.
      if (context.config.junit !== undefined) {
        context.sink.warn(
          `did not write the JUnit report to ${file}: no test results (the tests check did not run)`
        )
      }
      return
    }
    const findings = report.results.find((r) => r.check === 'tests')?.findings ?? []
    await writeJunit(file, renderJunit(report.tests, { findings, timestamp: report.startedAt }))
    context.delivered.files.junit = file
  }
}
