import * as core from '@actions/core'
import os from 'node:os'
import type { Report } from '../findings.js'
import { reportCounts } from './format.js'

export interface OutputOptions {
  /** Where writeJsonReport put the report. */
  reportPath: string
  /** Where writeJunit put the JUnit XML; undefined when none was written. */
  junitPath?: string
  /** Where the SARIF log was written; undefined when none was asked for or written. */
  sarifPath?: string
}

/**
 * The step's outputs: the verdict, counts, toolchain, fingerprint, the JSON report's path, the
 * JUnit and SARIF files' paths, the total coverage (empty when there is none) and whether each cache
 * was restored from its exact key.
 */
export function setOutputs(report: Report, options: OutputOptions): void {
  const counts = reportCounts(report)
  core.setOutput('result', report.verdict)
  core.setOutput('errors', String(counts.error))
  core.setOutput('warnings', String(counts.warning))
  core.setOutput('notices', String(counts.notice))
  core.setOutput('go-version', report.goVersion ?? '')
  core.setOutput('env-fingerprint', report.environment?.hash ?? '')
  core.setOutput('report', options.reportPath)
  core.setOutput('junit', options.junitPath ?? '')
  core.setOutput('sarif', options.sarifPath ?? '')
  const coverage = report.tests?.coverage
  core.setOutput('coverage', coverage === undefined ? '' : coverage.toFixed(1))
  const exact = (name: 'module' | 'build'): string =>
    String(report.cache?.some((e) => e.name === name && e.restore === 'exact') === true)
  core.setOutput('cache-hit', exact('module'))
  core.setOutput('build-cache-hit', exact('build'))
}

/** Exports the pinned Go environment to later steps of the job. */
export function exportEnvironment(vars: Record<string, string>): void {
  for (const [name, value] of Object.entries(vars)) core.exportVariable(name, value)
}

/**
 * actions/setup-go registers a `go` problem matcher that turns compiler lines in the log
 * into annotations; without removing it every finding would be annotated twice.
 * @actions/core has no helper for this command, hence the literal line.
 */
export function removeGoProblemMatcher(): void {
  process.stdout.write(`::remove-matcher owner=go::${os.EOL}`)
}

// Each secret is masked once: the inputs, then the configuration file's values, name it again.
const masked = new Set<string>()

/** Masks a secret in the log, once; an empty value would mask nothing useful and is skipped. */
export function maskSecret(value: string | undefined): void {
  if (value === undefined || value === '' || masked.has(value)) return
  masked.add(value)
  core.setSecret(value)
}
