import * as core from '@actions/core'
import { SEVERITIES, type Finding, type Severity } from '../findings.js'
import type { ChangeSet } from './changes.js'
import { oneLine } from './format.js'
import { type Selection, spreadSelection } from './order.js'
import { annotationPath, displayPath } from './paths.js'
import { isCommandLike, safeText } from './safetext.js'

/**
 * GitHub shows 10 errors, 10 warnings and 10 notices per step (50 per job) and silently drops
 * the rest, so the gate chooses which ones are shown and the summary lists them all.
 */
export const ANNOTATIONS_PER_SEVERITY = 10

export interface SelectOptions {
  /** What the change touched: findings on its lines, then in its files, go first. */
  changes?: ChangeSet
  perSeverity?: number
}

/** Errors, then warnings, then notices; at most `perSeverity` of each, spread over files. */
export type AnnotationSelection = Selection

export type AnnotationSink = Pick<typeof core, 'error' | 'warning' | 'notice'>

export interface Annotation {
  message: string
  properties: core.AnnotationProperties
}

/** Picks the annotations GitHub will show: the report's order, spread over files, the rest counted. */
export function selectAnnotations(
  findings: readonly Finding[],
  options: SelectOptions = {}
): AnnotationSelection {
  return spreadSelection(findings, options.changes, {
    perSeverity: options.perSeverity ?? ANNOTATIONS_PER_SEVERITY
  })
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
