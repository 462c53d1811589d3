/**
 * The findings as a SARIF 2.1.0 log, for GitHub code scanning (github/codeql-action/upload-sarif)
 * and any other SARIF reader. Conventions, from GitHub's "SARIF support for code scanning":
 * - one `reportingDescriptor` per rule id present, from the catalogue (src/rules.ts): the
 *   meaning as short and full description, the fix as help;
 * - every result has a location, as code scanning refuses a file with a result that has none:
 *   a finding that names no line of the repository is placed on line 1 of the module's go.mod,
 *   and says so in the location's message; with no module at all it becomes a notification of
 *   the run's invocation instead;
 * - `partialFingerprints` identify a finding by its rule, file and title with numbers taken out
 *   (never its line), so an alert survives lines moving and counts changing. Code scanning reads
 *   only `primaryLocationLineHash`, so the same value goes there too;
 * - no `automationDetails`: upload-sarif fills it in from the workflow, job and matrix (or its
 *   `category` input) only when it is absent, which keeps matrix jobs from overwriting each other.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as Sarif from 'sarif'
import { writeFileAtomic } from '../files.js'
import { allFindings, type Finding, type Report, type Severity } from '../findings.js'
import { ruleById } from '../rules.js'
import { sortFindings } from './format.js'
import { annotationPath } from './paths.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'
/** The key of the gate's own fingerprint; the version changes if its recipe ever does. */
export const FINGERPRINT_KEY = 'goCiGate/v1'
const SRCROOT = '%SRCROOT%'

export interface SarifOptions {
  /** Absolute repository root: findings' files are relative to it. */
  root: string
  /** Where to learn about the tool (the action's repository), when known. */
  informationUri?: string
  /** The findings in the reports' one order (changed lines first); default: errors first. */
  findings?: readonly Finding[]
}

const LEVEL: Record<Severity, Sarif.Result.level> = {
  error: 'error',
  warning: 'warning',
  notice: 'note'
}

/** The report as one SARIF run; findings in the order the other reporters use. */
export function renderSarif(report: Report, options: SarifOptions): Sarif.Log {
  const findings = options.findings ?? sortFindings(allFindings(report.results))
  const anchor = anchorFile(report)
  const rules: Sarif.ReportingDescriptor[] = []
  const ruleIndex = new Map<string, number>()
  const results: Sarif.Result[] = []
  const notifications: Sarif.Notification[] = []
  const seen = new Map<string, number>()

  for (const finding of findings) {
    const location = findingLocation(finding, options.root, anchor)
    if (location === undefined) {
      notifications.push({
        level: LEVEL[finding.severity],
        message: { text: messageText(finding) },
        descriptor: { id: finding.rule }
      })
      continue
    }
    let index = ruleIndex.get(finding.rule)
    if (index === undefined) {
      index = rules.length
      ruleIndex.set(finding.rule, index)
      rules.push(reportingDescriptor(finding))
    }
    // Two findings with the same identity in one run are told apart by their order.
    const identity = findingIdentity(finding)
    const occurrence = (seen.get(identity) ?? 0) + 1
    seen.set(identity, occurrence)
    const fingerprint = `${identity}:${occurrence}`
    results.push({
      ruleId: finding.rule,
      ruleIndex: index,
      level: LEVEL[finding.severity],
      message: { text: messageText(finding) },
      locations: [location],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint, primaryLocationLineHash: fingerprint }
    })
  }

  const driver: Sarif.ToolComponent = {
    name: report.tool.name,
    version: report.tool.version,
    semanticVersion: report.tool.version,
    rules
  }
  if (options.informationUri !== undefined) driver.informationUri = options.informationUri
  const invocation: Sarif.Invocation = {
    executionSuccessful:
      report.setupError === undefined && !report.results.some((r) => r.status === 'error'),
    startTimeUtc: report.startedAt,
    endTimeUtc: new Date(Date.parse(report.startedAt) + report.durationMs).toISOString()
  }
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        invocations: [invocation],
        originalUriBaseIds: {
          [SRCROOT]: { uri: pathToFileURL(path.join(path.resolve(options.root), '/')).href }
        },
        results,
        columnKind: 'unicodeCodePoints'
      }
    ]
  }
}

/** Writes the log as pretty JSON, beside the target then renamed, creating directories. */
export async function writeSarif(file: string, log: Sarif.Log): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(log, null, 2)}\n`)
}

/**
 * The finding's identity across runs: rule, file and title, with what changes from run to run
 * without it being another finding (line numbers, counts, durations, addresses) taken out.
 */
export function findingIdentity(finding: Pick<Finding, 'rule' | 'file' | 'title'>): string {
  const title = finding.title
    .replace(/\b0x[0-9a-f]+\b/gi, '0x')
    .replace(/(?<![\p{L}\p{N}_])\d+(?:\.\d+)*/gu, '#')
  return createHash('sha256')
    .update(`${finding.rule}\0${finding.file ?? ''}\0${title}`)
    .digest('hex')
    .slice(0, 32)
}

function reportingDescriptor(finding: Finding): Sarif.ReportingDescriptor {
  const rule = ruleById(finding.rule)
  // The catalogue covers every rule id (a unit test holds it); the finding is the fallback.
  const meaning = rule?.meaning ?? finding.title
  const fix = rule?.fix ?? finding.fix ?? meaning
  const level = /^(error|warning|notice)\b/.exec(rule?.severity ?? finding.severity)?.[1] as
    Severity | undefined
  return {
    id: finding.rule,
    shortDescription: { text: meaning },
    fullDescription: { text: meaning },
    help: { text: fix },
    defaultConfiguration: { level: LEVEL[level ?? finding.severity] },
    properties: { tags: [finding.check] }
  }
}

function messageText(finding: Finding): string {
  const parts = [finding.title]
  if (finding.message.trim() !== '' && finding.message !== finding.title) {
    parts.push(finding.message)
  }
  if (finding.fix !== undefined && finding.fix.trim() !== '') parts.push(`Fix: ${finding.fix}`)
  return parts.join('\n\n')
}

/** The go.mod unlocated findings are placed on: the root module's, else the first module's. */
function anchorFile(report: Report): string | undefined {
  const module = report.modules.find((m) => m.dir === '.') ?? report.modules[0]
  if (module === undefined) return undefined
  return module.dir === '.' ? 'go.mod' : `${module.dir}/go.mod`
}

function findingLocation(
  finding: Finding,
  root: string,
  anchor: string | undefined
): Sarif.Location | undefined {
  const file = finding.file === undefined ? undefined : annotationPath(root, finding.file)
  if (file !== undefined) {
    const startLine = positive(finding.line) ?? 1
    // GitHub's table lists endLine as required; SARIF's default for it is the start line.
    const endLine = Math.max(positive(finding.endLine) ?? startLine, startLine)
    const region: Sarif.Region = { startLine, endLine }
    const column = positive(finding.column)
    if (column !== undefined && finding.line !== undefined) region.startColumn = column
    return { physicalLocation: { artifactLocation: artifact(file), region } }
  }
  if (anchor === undefined) return undefined
  return {
    physicalLocation: { artifactLocation: artifact(anchor), region: { startLine: 1, endLine: 1 } },
    message: {
      text: 'go-ci-gate names no line of the repository for this finding; it is shown on the module’s go.mod.'
    }
  }
}

function artifact(file: string): Sarif.ArtifactLocation {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT }
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined
}
