import os from 'node:os'
import * as core from '@actions/core'
import type { CacheLog } from '../cache/entries.js'
import { redactCredentials } from './redact.js'
import { fencedLines, safeText } from './safetext.js'

/**
 * Progress output for the gate: the action logs through @actions/core, the command to stderr.
 * Messages carry text from go, the repository, the network and the inputs, so every one is
 * made safe (safetext.ts: a runner reads no workflow command in it) and has the credentials of
 * any URL in it redacted (redact.ts).
 */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
  /** Lines of raw go output, printed together. */
  block(lines: readonly string[]): void
}

/** Logs through @actions/core: warnings become annotations, groups fold in the log. */
export function actionsLogger(): Logger {
  return {
    info: (message) => core.info(printable(message)),
    warning: (message) => core.warning(printable(message)),
    group: (name, fn) => core.group(printable(name), fn),
    // Fenced with stop-commands as well: the runner acts on nothing in the block.
    block(lines) {
      const fenced = fencedLines(lines.map(redactCredentials))
      if (fenced.length > 0) process.stdout.write(`${fenced.join(os.EOL)}${os.EOL}`)
    }
  }
}

export interface TextStream {
  write(chunk: string): unknown
}

export interface TerminalLoggerOptions {
  /** Only warnings are printed. */
  quiet?: boolean
}

/**
 * Plain lines for a terminal; stderr by default so stdout stays free for the report. A runner
 * reads stderr too when the command runs in a workflow, so these lines are made safe as well.
 */
export function terminalLogger(
  stream: TextStream = process.stderr,
  options: TerminalLoggerOptions = {}
): Logger {
  const quiet = options.quiet === true
  const print = (text: string): void => {
    stream.write(`${printable(text)}\n`)
  }
  return {
    info(message) {
      if (!quiet) print(message)
    },
    warning(message) {
      print(`warning: ${message}`)
    },
    async group(name, fn) {
      if (!quiet) print(name)
      return fn()
    },
    block(lines) {
      if (!quiet && lines.length > 0) print(lines.join('\n'))
    }
  }
}

/** The cache's log through @actions/core: notices and warnings show on the run's page. */
export function actionsCacheLog(): CacheLog {
  return {
    info: (message) => core.info(printable(message)),
    notice: (message) => core.notice(printable(message)),
    warning: (message) => core.warning(printable(message))
  }
}

/** A log line as it may be shown: credentials redacted, no workflow command in it. */
function printable(text: string): string {
  return safeText(redactCredentials(text))
}
