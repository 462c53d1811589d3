/** What every reporter reads and the little it hands on to the ones after it. */

import type { Config } from '../../config.js'
import type { Finding, Report, Severity } from '../../findings.js'
import type { AnnotationSink } from '../annotations.js'
import type { Changes } from '../changes.js'
import type { GitHubClient, RepositoryRef } from '../githubclient.js'
import type { LinkBase } from '../links.js'

export const REPORTER_NAMES = [
  'check-run',
  'annotations',
  'json',
  'junit',
  'sarif',
  'summary',
  'comment',
  'terminal'
] as const
export type ReporterName = (typeof REPORTER_NAMES)[number]

/** Where a reporter's output goes: a file, or standard output (the command's --format). */
export interface ReporterChoice {
  name: ReporterName
  /** A file to write; undefined prints to standard output (json, sarif, summary, terminal). */
  file?: string
}

/** How reporters reach the person: the runner's log and files, or the terminal. */
export interface ReportSink {
  /** Standard output; the text is already safe from workflow commands. */
  print(text: string): void
  /** One warning: a runner annotation, or `go-ci-gate: warning:` on stderr. */
  warn(message: string): void
  /** Workflow-command annotations (@actions/core on a runner; the command prints the same lines). */
  annotations: AnnotationSink
  /** The job summary file on a runner; undefined outside one. */
  writeSummary?: (markdown: string) => Promise<void>
}

/** The GitHub API, when the action has a token and knows the repository. */
export interface GitHubAccess {
  client: GitHubClient
  repository: RepositoryRef
  /** The pull request's number on pull_request events. */
  pullNumber?: number
  /** The commit the checks judged: the pull request's head, else GITHUB_SHA. */
  headSha?: string
}

export interface ReportContext {
  /** The report as shown: credentials already redacted. */
  report: Report
  config: Config
  /** The repository root the finding paths are relative to. */
  root: string
  env: NodeJS.ProcessEnv
  /** Every finding, in the one order all reports share (changed lines first when known). */
  findings: Finding[]
  /** What the change touched; undefined when the event has none (or outside Actions). */
  changes?: Changes
  /** Where file:line links point; undefined without a runner's repository and commit. */
  links?: LinkBase
  github?: GitHubAccess
  sink: ReportSink
  /** The command's terminal: paths are made relative to where it ran; colour when it is a TTY. */
  terminal?: { cwd: string; color: boolean }
  /** What earlier reporters did: later ones read it, none re-judges the report. */
  delivered: Delivered
}

export interface Delivered {
  /** Findings annotated on a check run: the workflow-command annotations skip them. */
  onCheckRun: Set<Finding>
  checkRunUrl?: string
  /** Findings neither annotated on the check run nor by workflow commands (GitHub's 10). */
  hidden: Record<Severity, number>
  /** The files written, for the step's outputs. */
  files: Partial<Record<'json' | 'junit' | 'sarif', string>>
}

export interface Reporter {
  name: ReporterName
  run(context: ReportContext, choice: ReporterChoice): void | Promise<void>
}
