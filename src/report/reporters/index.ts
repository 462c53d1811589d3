/** The one list of reporters: the action and the command choose from it, in this order. */

import path from 'node:path'
import type { Config } from '../../config.js'
import { SEVERITIES } from '../../findings.js'
import { annotationsReporter } from './annotations.js'
import { checkRunReporter } from './checkrun.js'
import { commentReporter } from './comment.js'
import type { ReportContext, Reporter, ReporterChoice, ReporterName } from './context.js'
import { jsonReporter } from './json.js'
import { junitReporter } from './junit.js'
import { sarifReporter } from './sarif.js'
import { summaryReporter } from './summary.js'
import { terminalReporter } from './terminal.js'
import { errorMessage } from '../../text.js'

export type { ReportContext, Reporter, ReporterChoice, ReporterName } from './context.js'

export const REPORTERS: Record<ReporterName, Reporter> = {
  // The check run first: the annotations, summary and comment say what it took.
  'check-run': checkRunReporter,
  annotations: annotationsReporter,
  json: jsonReporter,
  junit: junitReporter,
  sarif: sarifReporter,
  summary: summaryReporter,
  comment: commentReporter,
  terminal: terminalReporter
}

const WHAT: Record<ReporterName, string> = {
  'check-run': 'the check run',
  annotations: 'the annotations',
  json: 'the JSON report',
  junit: 'the JUnit report',
  sarif: 'the SARIF report',
  summary: 'the job summary',
  comment: 'the pull request comment',
  terminal: 'the report'
}

/** The action: everything a pull request shows, and the report files for later steps. */
export function actionReporters(config: Config, tempDir: string): ReporterChoice[] {
  const outputDir = path.join(tempDir, 'go-ci-gate')
  const choices: ReporterChoice[] = [
    { name: 'check-run' },
    { name: 'annotations' },
    { name: 'json', file: path.join(outputDir, 'report.json') },
    { name: 'junit', file: config.junit ?? path.join(outputDir, 'junit.xml') },
    { name: 'summary' },
    // The merge job comments for the whole run, not each shard.
    ...(config.mode === 'shard' ? [] : [{ name: 'comment' as const }])
  ]
  if (config.sarif !== undefined) choices.splice(4, 0, { name: 'sarif', file: config.sarif })
  return choices
}

export const COMMAND_FORMATS = ['text', 'json', 'sarif', 'github'] as const
export type CommandFormat = (typeof COMMAND_FORMATS)[number]

/** The command: one format on stdout, plus the files its flags ask for. */
export function commandReporters(format: CommandFormat, config: Config): ReporterChoice[] {
  const onStdout: Record<CommandFormat, ReporterChoice[]> = {
    text: [{ name: 'terminal' }],
    json: [{ name: 'json' }],
    sarif: [{ name: 'sarif' }],
    // The same selection and workflow commands the action prints, then the job summary.
    github: [{ name: 'annotations' }, { name: 'summary' }]
  }
  const choices = [...onStdout[format]]
  if (config.junit !== undefined) choices.push({ name: 'junit', file: config.junit })
  if (config.sarif !== undefined) choices.push({ name: 'sarif', file: config.sarif })
  return choices
}

/**
 * Runs the chosen reporters in the registry's order. Each fails alone, with one warning naming
 * what was not written: the others, the outputs and the verdict never depend on it.
 */
export async function runReporters(
  choices: readonly ReporterChoice[],
  context: ReportContext
): Promise<void> {
  const order = Object.keys(REPORTERS) as ReporterName[]
  const sorted = [...choices].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))
  for (const choice of sorted) {
    try {
      await REPORTERS[choice.name].run(context, choice)
    } catch (error) {
      const reason = errorMessage(error)
      const what = WHAT[choice.name] + (choice.file === undefined ? '' : ` to ${choice.file}`)
      context.sink.warn(`could not write ${what}: ${reason}`)
    }
  }
}

/** An empty delivery record for a new context. */
export function nothingDelivered(): ReportContext['delivered'] {
  return {
    onCheckRun: new Set(),
    hidden: Object.fromEntries(
      SEVERITIES.map((s) => [s, 0])
    ) as ReportContext['delivered']['hidden'],
    files: {}
  }
}
