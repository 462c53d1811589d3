import * as core from '@actions/core'
import type { CacheLog } from '../cache/entries.js'

/** Progress output for the gate: the action logs through @actions/core, the command to stderr. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** Logs through @actions/core: warnings become annotations, groups fold in the log. */
export function actionsLogger(): Logger {
  return {
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    group: (name, fn) => core.group(name, fn)
  }
}

export interface TextStream {
  write(chunk: string): unknown
}

export interface TerminalLoggerOptions {
  /** Only warnings are printed. */
  quiet?: boolean
}

/** Plain lines for a terminal; stderr by default so stdout stays free for the report. */
export function terminalLogger(
  stream: TextStream = process.stderr,
  options: TerminalLoggerOptions = {}
): Logger {
  const quiet = options.quiet === true
  return {
    info(message) {
      if (!quiet) stream.write(`${message}\n`)
    },
    warning(message) {
      stream.write(`warning: ${message}\n`)
    },
    async group(name, fn) {
      if (!quiet) stream.write(`${name}\n`)
      return fn()
    }
  }
}

/** The cache's log through @actions/core: notices and warnings show on the run's page. */
export function actionsCacheLog(): CacheLog {
  return {
    info: (message) => core.info(message),
    notice: (message) => core.notice(message),
    warning: (message) => core.warning(message)
  }
}
