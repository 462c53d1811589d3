import { emitAnnotations } from '../annotations.js'
import type { Reporter } from './context.js'

/**
 * Workflow-command annotations for what the check run did not take: every finding when there is
 * no check run, the unlocated ones otherwise. GitHub shows 10 per severity per step, so they are
 * spread over files; the rest are counted for the summary.
 */
export const annotationsReporter: Reporter = {
  name: 'annotations',
  run(context) {
    if (!context.config.annotations) return
    const rest = context.findings.filter((f) => !context.delivered.onCheckRun.has(f))
    const selection = emitAnnotations(rest, context.root, context.sink.annotations, {
      changes: context.changes?.known === true ? context.changes.set : undefined
    })
    context.delivered.hidden = selection.hidden
  }
}
