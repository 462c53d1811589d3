/** Where the reporters' words go: the runner (through @actions/core) or a terminal. */

import * as core from '@actions/core'
import { redactCredentials } from './redact.js'
import type { ReportSink } from './reporters/context.js'
import { safeText } from './safetext.js'
import { writeSummary } from './summary.js'

/** On a runner: warnings are annotations, the summary goes to GITHUB_STEP_SUMMARY. */
export function actionSink(): ReportSink {
  return {
    print: (text) => process.stdout.write(text),
    warn: (message) => core.warning(safeText(redactCredentials(`go-ci-gate ${message}`))),
    annotations: core,
    writeSummary: async (markdown) => {
      await writeSummary(markdown)
    }
  }
}

export interface TerminalStreams {
  stdout: { write(chunk: string): unknown }
  stderr: { write(chunk: string): unknown }
}

/** The command: reports on stdout, warnings on stderr, the summary printed (--format github). */
export function terminalSink(io: TerminalStreams): ReportSink {
  return {
    print: (text) => io.stdout.write(text),
    warn: (message) =>
      io.stderr.write(safeText(redactCredentials(`go-ci-gate: warning: ${message}\n`))),
    // --format github prints the workflow commands the action would, for a runner to read.
    annotations: core
  }
}
