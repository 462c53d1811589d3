import * as core from '@actions/core'
import { SEVERITIES, type Finding, type Severity } from '../findings.js'
import { oneLine } from './format.js'
import { annotationPath, displayPath } from './paths.js'
import { isCommandLike, safeText } from './safetext.js'

/**
 * GitHub shows 10 errors, 10 warnings and 10 notices per step (50 per job) and silently drops
 * the rest, so the gate chooses which ones are shown and the summary lists them all.
 */
export const ANNOTATIONS_PER_SEVERITY = 10

export interface SelectOptions {
  /** Files the pull request touched, relative to the repository root: their findings go first. */
  changedFiles?: ReadonlySet<string>
  perSeverity?: number
}

export interface AnnotationSelection {
  /** Errors, then warnings, then notices; at most `perSeverity` of each. */
  shown: Finding[]
  hidden: Record<Severity, number>
}

export type AnnotationSink = Pick<typeof core, 'error' | 'warning' | 'notice'>

export interface Annotation {
  message: string
  properties: core.AnnotationProperties
}

function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? ''
  const y = b ?? ''
  return x < y ? -1 : x > y ? 1 : 0
}

/** Picks the annotations GitHub will show: the most useful first, the rest counted. */
export function selectAnnotations(
  findings: readonly Finding[],
  options: SelectOptions = {}
): AnnotationSelection {
  const limit = Math.max(0, options.perSeverity ?? ANNOTATIONS_PER_SEVERITY)
  const changed = options.changedFiles
  const inChanged = (f: Finding): number =>
    Number(f.file !== undefined && changed?.has(f.file) === true)
  const located = (f: Finding): number => Number(f.file !== undefined && f.line !== undefined)
  const hasFile = (f: Finding): number => Number(f.file !== undefined)
  // Array.prototype.sort is stable, so equal findings keep the checks' order.
  const compare = (a: Finding, b: Finding): number =>
    inChanged(b) - inChanged(a) ||
    located(b) - located(a) ||
    hasFile(b) - hasFile(a) ||
    compareText(a.file, b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0)

  const shown: Finding[] = []
  const hidden: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  for (const severity of SEVERITIES) {
    const ofSeverity = findings.filter((f) => f.severity === severity).sort(compare)
    shown.push(...ofSeverity.slice(0, limit))
    hidden[severity] = Math.max(0, ofSeverity.length - limit)
  }
  return { shown, hidden }
}

export function totalHidden(hidden: Partial<Record<Severity, number>>): number {
  return SEVERITIES.reduce((sum, severity) => sum + (hidden[severity] ?? 0), 0)
}

function positive(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n >= 1
}

/**
 * The message and properties for one finding. A file outside the repository (or with an
 * unsafe name, or one a runner could read as a workflow command) cannot be annotated, so its
 * location moves into the message instead.
 */
export function toAnnotation(finding: Finding, root: string): Annotation {
  let message = finding.message
  if (finding.fix !== undefined && finding.fix !== '') message += `\nFix: ${finding.fix}`
  const properties: core.AnnotationProperties = {}
  if (finding.title !== '') properties.title = oneLine(finding.title)

  if (finding.file !== undefined) {
    let file = annotationPath(root, finding.file)
    if (file !== undefined && isCommandLike(file)) file = undefined
    if (file === undefined) {
      let location = displayPath(finding.file)
      if (positive(finding.line)) {
        location += `:${finding.line}`
        if (positive(finding.column)) location += `:${finding.column}`
      }
      message = `${location}: ${message}`
    } else {
      properties.file = file
      if (positive(finding.line)) {
        properties.startLine = finding.line
        properties.endLine =
          positive(finding.endLine) && finding.endLine >= finding.line
            ? finding.endLine
            : finding.line
        // GitHub rejects a column on an annotation spanning several lines.
        if (positive(finding.column) && properties.endLine === properties.startLine) {
          properties.startColumn = finding.column
        }
      }
    }
  }
  return { message, properties }
}

/**
 * Emits the selected findings as workflow-command annotations through @actions/core and returns
 * the selection so the summary can say how many were hidden. core escapes line breaks but not
 * `##[`, so message and title are made safe first.
 */
export function emitAnnotations(
  findings: readonly Finding[],
  root: string,
  sink: AnnotationSink = core,
  options: SelectOptions = {}
): AnnotationSelection {
  const selection = selectAnnotations(findings, options)
  for (const finding of selection.shown) {
    const { message, properties } = toAnnotation(finding, root)
    if (properties.title !== undefined) properties.title = safeText(properties.title)
    sink[finding.severity](safeText(message), properties)
  }
  return selection
}
