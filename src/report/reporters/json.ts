import { writeJsonReport } from '../json.js'
import { renderJson } from '../terminal.js'
import type { Reporter } from './context.js'

/** The whole report as JSON (schema/report.schema.json): a file on a runner, stdout from the command. */
export const jsonReporter: Reporter = {
  name: 'json',
  async run(context, choice) {
    if (choice.file === undefined) {
      context.sink.print(`${renderJson(context.report)}\n`)
      return
    }
    await writeJsonReport(context.report, choice.file)
    context.delivered.files.json = choice.file
  }
}
