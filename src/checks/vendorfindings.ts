/**
 * The vendor check's judgement of one vendor/ (pure): go's inconsistencies, the lines of
 * vendor/modules.txt that differ, and the files of each vendored module that differ, merged so
 * that one drift is one finding.
 */
import { plural, withoutUndefined, type CheckFinding } from '../findings.js'
import {
  describeGroup,
  diffLines,
  groupByModule,
  parseModulesTxt,
  splitLines,
  type LineHunk,
  type ModulesTxt,
  type VendorGroup
} from '../go/vendortree.js'
import { anchorLine, placeOf, type Draft, type Place } from './vendordrafts.js'
import type { UnitFacts } from './vendorgather.js'
import { consistencyDrafts } from './vendorinconsistent.js'

/** Pure: the findings for one vendor/ from what go printed and how the trees differ. */
export function vendorFindings(facts: UnitFacts): CheckFinding[] {
  const { unit } = facts
  const where = placeOf(unit)
  const committed = parseModulesTxt(facts.committedModulesTxt)
  const consistency = consistencyDrafts(facts, committed, where)
  const drafts: Draft[] = [...consistency]

  if (facts.regenerateError !== undefined) {
    drafts.push({
      finding: {
        rule: 'vendor/failed',
        severity: 'error',
        title: `${where.command} fails`,
        message:
          `${where.command} could not regenerate ${where.vendorRel}/, so it cannot be compared with the committed one:\n` +
          facts.regenerateError,
        file: where.anchor.relPath,
        line: anchorLine(where.anchor, unit.kind),
        fix: `run \`${where.command}\`${where.inDir} and fix what it reports (often \`go mod tidy\` first)`
      },
      modules: new Set()
    })
  }

  const hunks: Draft[] = []
  if (facts.regenerated !== undefined) {
    const regenerated = parseModulesTxt(facts.regenerated.modulesTxt)
    for (const hunk of diffLines(
      splitLines(facts.committedModulesTxt),
      splitLines(facts.regenerated.modulesTxt)
    )) {
      const touched = hunkModules(hunk, committed, regenerated)
      const covered =
        touched.size > 0 && [...touched].every((m) => consistency.some((d) => d.modules.has(m)))
      if (!covered) hunks.push(hunkDraft(hunk, touched, where))
    }
    drafts.push(...hunks)

    const modulePaths = [...committed.entries, ...regenerated.entries].map((e) => e.path)
    for (const group of groupByModule(facts.regenerated.difference, modulePaths)) {
      const detail = `${where.vendorRel}/${group.dir}: ${describeGroup(group)}`
      const owner =
        group.module === undefined
          ? undefined
          : (preferGoMod(consistency.filter((d) => d.modules.has(group.module as string))) ??
            hunks.find((d) => d.modules.has(group.module as string)))
      if (owner) {
        owner.finding.message += `\n${detail}`
        continue
      }
      drafts.push(groupDraft(group, detail, committed, facts.regenerated.changedLines, where))
    }
  }

  if (facts.listError !== undefined) {
    drafts.push({
      finding: {
        rule: 'vendor/failed',
        severity: 'error',
        title: 'go list -mod=vendor fails',
        message: `Building from ${where.vendorRel}/ fails before compiling anything:\n${facts.listError}`,
        file: `${where.vendorRel}/modules.txt`,
        fix: where.fix
      },
      modules: new Set()
    })
  }

  const seen = new Set<string>()
  const findings: CheckFinding[] = []
  for (const { finding } of drafts) {
    const key = `${finding.rule}:${finding.file}:${finding.line}:${finding.title}`
    if (seen.has(key)) continue
    seen.add(key)
    findings.push(withoutUndefined(finding))
  }
  return findings
}

/** The module blocks of vendor/modules.txt a hunk touches, on either side. */
function hunkModules(hunk: LineHunk, committed: ModulesTxt, regenerated: ModulesTxt): Set<string> {
  const modules = new Set<string>()
  for (let k = 0; k < hunk.removed.length; k++) {
    const m = committed.blockOf[hunk.committedStart + k]
    if (m) modules.add(m)
  }
  for (let k = 0; k < hunk.added.length; k++) {
    const m = regenerated.blockOf[hunk.regeneratedStart + k]
    if (m) modules.add(m)
  }
  return modules
}

const SHOWN_LINES = 8

function hunkDraft(hunk: LineHunk, modules: Set<string>, where: Place): Draft {
  const file = `${where.vendorRel}/modules.txt`
  const line = Math.max(1, hunk.committedStart)
  const endLine = hunk.committedStart + hunk.removed.length - 1
  const show = (sign: string, lines: string[]): string[] =>
    lines.length > SHOWN_LINES
      ? [
          ...lines.slice(0, SHOWN_LINES).map((l) => `${sign} ${l}`),
          `${sign} … ${lines.length - SHOWN_LINES} more`
        ]
      : lines.map((l) => `${sign} ${l}`)
  const what =
    hunk.removed.length === 0
      ? `${where.command} writes ${plural(hunk.added.length, 'line')} ${hunk.committedStart === 0 ? 'at the top' : `after line ${hunk.committedStart}`} that the committed file lacks`
      : hunk.added.length === 0
        ? `${plural(hunk.removed.length, 'committed line')} that ${where.command} does not write`
        : `committed lines differ from what ${where.command} writes`
  return {
    finding: {
      rule: 'vendor/drift',
      severity: 'error',
      title: `${file} differs from ${where.command}`,
      message: [`${file}: ${what}:`, ...show('-', hunk.removed), ...show('+', hunk.added)].join(
        '\n'
      ),
      file,
      line,
      endLine: endLine > line ? endLine : undefined,
      fix: where.fix
    },
    modules
  }
}

/**
 * Where a module's file differences go. An edited or extra file is annotated itself, at its first
 * differing line: it is the file the pull request touched, so the annotation shows in its diff.
 * Files that are only missing cannot be annotated; the module's `# <module> <version>` line in
 * vendor/modules.txt stands for them.
 */
function groupDraft(
  group: VendorGroup,
  detail: string,
  committed: ModulesTxt,
  changedLines: Record<string, number>,
  where: Place
): Draft {
  const isGo = (f: string): boolean => f.endsWith('.go')
  const present =
    group.changed.find(isGo) ?? group.extra.find(isGo) ?? group.changed[0] ?? group.extra[0]
  let file: string
  let line: number | undefined
  if (present !== undefined) {
    file = `${where.vendorRel}/${present}`
    line = changedLines[present] ?? 1
  } else {
    const entry =
      committed.entries.find((e) => e.path === group.module && e.packages.length > 0) ??
      committed.entries.find((e) => e.path === group.module)
    file = `${where.vendorRel}/modules.txt`
    line = entry?.line
  }
  const counts = [
    group.changed.length > 0 ? `${group.changed.length} changed` : '',
    group.missing.length > 0 ? `${group.missing.length} missing` : '',
    group.extra.length > 0 ? `${group.extra.length} extra` : ''
  ].filter((s) => s !== '')
  return {
    finding: {
      rule: 'vendor/drift',
      severity: 'error',
      title:
        group.module !== undefined
          ? `Vendored ${group.module} differs from ${where.command} (${counts.join(', ')})`
          : `${group.dir === '' ? where.vendorRel : `${where.vendorRel}/${group.dir}`} holds files ${where.command} does not write (${counts.join(', ')})`,
      message:
        `${detail}\n${where.vendorRel}/ is not what ${where.command} writes from ${where.anchor.relPath}: ` +
        `builds use the committed files, which no go.sum checksum covers.`,
      file,
      line,
      fix: where.fix
    },
    modules: new Set(group.module ? [group.module] : [])
  }
}

function preferGoMod(drafts: Draft[]): Draft | undefined {
  return drafts.find((d) => /(^|\/)go\.(mod|work)$/.test(d.finding.file ?? '')) ?? drafts[0]
}
