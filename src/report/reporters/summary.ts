import { configurationSection } from '../configsummary.js'
import { safeText } from '../safetext.js'
import { renderSummary } from '../summary.js'
import type { Reporter } from './context.js'

/** The job summary on a runner; the command's --format github prints it after the annotations. */
export const summaryReporter: Reporter = {
  name: 'summary',
  async run(context) {
    const markdown = renderSummary(context.report, {
      hiddenAnnotations: context.delivered.hidden,
      checkRun: {
        annotated: context.delivered.onCheckRun.size,
        url: context.delivered.checkRunUrl
      },
      links: context.links,
      changes: context.changes,
      configuration: configurationSection(context.config.configFile)
    })
    if (context.sink.writeSummary !== undefined) await context.sink.writeSummary(markdown)
    else context.sink.print(`\n${safeText(markdown)}\n`)
  }
}
