/**
 * go's own `inconsistent vendoring` lines as findings, each on the go.mod, go.work or
 * vendor/modules.txt line it is about; a version change go reports twice becomes one finding.
 */
import path from 'node:path'
import type { CheckFinding } from '../findings.js'
import { findDirectiveLine, findReplaceLine } from '../go/gomod.js'
import type { GoModule, LoadedFile } from '../go/modules.js'
import type { VendorInconsistency } from '../go/vendorconsistency.js'
import { findEntry, type ModulesTxt } from '../go/vendortree.js'
import type { Draft, Place } from './vendordrafts.js'
import type { UnitFacts } from './vendorgather.js'
import type { VendorUnit } from './vendorplan.js'

/** go's `inconsistent vendoring` lines, each on the line it is about. */
export function consistencyDrafts(facts: UnitFacts, committed: ModulesTxt, where: Place): Draft[] {
  const { unit } = facts
  const modulesTxt = `${where.vendorRel}/modules.txt`
  const used = new Map<string, number>()
  const drafts: Draft[] = []
  for (const problem of facts.consistency.problems) {
    if (problem.kind === 'unlisted-package') continue // the tree comparison lists those files
    const id = problem.version ? `${problem.path}@${problem.version}` : problem.path
    const quote = `go: "${problem.text}"`
    const base = {
      rule: 'vendor/inconsistent' as const,
      severity: 'error' as const,
      fix: where.fix
    }
    let finding: CheckFinding
    switch (problem.kind) {
      case 'required-not-explicit':
      case 'required-version-differs': {
        const requiring = unit.modules.filter(
          (m) => requireLine(m, problem.path, problem.version) !== undefined
        )
        // go prints one line per go.mod that requires it, in go.work's use order.
        const nth = used.get(id) ?? 0
        used.set(id, nth + 1)
        const module = requiring[nth] ?? requiring[0] ?? unit.modules[0]
        const file = module?.relPath ?? 'go.mod'
        finding = {
          ...base,
          title:
            problem.kind === 'required-not-explicit'
              ? `${problem.path} is not marked explicit in vendor/modules.txt`
              : `${problem.path} is vendored at another version`,
          message:
            problem.kind === 'required-not-explicit'
              ? `${file} requires ${problem.path} ${problem.version ?? ''}, but ${modulesTxt} does not mark it \`## explicit\`: ` +
                `every build with -mod=vendor (go's default when vendor/ exists) stops with "inconsistent vendoring". ${quote}`
              : `${file} requires ${id}, but ${modulesTxt} vendors ${problem.other ?? 'another version'}. ${quote}`,
          file,
          line: module ? requireLine(module, problem.path, problem.version) : undefined
        }
        break
      }
      case 'replaced-not-marked':
      case 'replacement-differs': {
        const source = replaceSource(unit, problem)
        finding = {
          ...base,
          title:
            problem.kind === 'replaced-not-marked'
              ? `Replacement of ${problem.path} is not in vendor/modules.txt`
              : `Replacement of ${problem.path} differs from vendor/modules.txt`,
          message:
            problem.kind === 'replaced-not-marked'
              ? `${source?.relPath ?? problem.source} replaces ${id}, but ${modulesTxt} does not record it, so vendor/ may hold the code of the module it replaces. ${quote}`
              : `${source?.relPath ?? problem.source} replaces ${id} by ${problem.replacement}, but ${modulesTxt} says ${problem.vendoredReplacement}. ${quote}`,
          file: source?.relPath ?? where.anchor.relPath,
          line: source
            ? findReplaceLine(source.directives, { Path: problem.path, Version: problem.version })
            : undefined
        }
        break
      }
      case 'explicit-not-required':
      case 'marked-replaced-not-replaced': {
        const entry =
          problem.kind === 'marked-replaced-not-replaced'
            ? committed.entries.find(
                (e) => e.path === problem.path && e.version === problem.version && e.replacement
              )
            : findEntry(committed, problem.path, problem.version)
        const required =
          unit.kind === 'workspace'
            ? 'no go.mod of the workspace requires'
            : 'go.mod does not require'
        finding = {
          ...base,
          title:
            problem.kind === 'explicit-not-required'
              ? `${problem.path} is vendored but not required`
              : `vendor/modules.txt replaces ${problem.path}, go.mod does not`,
          message:
            problem.kind === 'explicit-not-required'
              ? `${modulesTxt} marks ${id} \`## explicit\`, but ${required} it: vendor/ was made for another go.mod. ${quote}`
              : `${modulesTxt} records a replacement of ${id} that ${unit.kind === 'workspace' ? 'the workspace does' : 'go.mod does'} not have. ${quote}`,
          file: modulesTxt,
          line: entry?.line,
          endLine: entry && entry.endLine > entry.line ? entry.endLine : undefined
        }
        break
      }
      case 'go-too-new': {
        const entry = committed.entries.find(
          (e) => e.path === problem.path && e.goVersion !== undefined
        )
        finding = {
          ...base,
          title: `Vendored ${problem.path} requires go >= ${problem.other ?? '?'}`,
          message: `${modulesTxt} says ${problem.path} needs go ${problem.other ?? '?'}, but go ${problem.running ?? '?'} runs here: nothing builds from vendor/. ${quote}`,
          file: modulesTxt,
          line: entry?.annotationLine ?? entry?.line,
          fix: `install go >= ${problem.other ?? '?'} before this step, or require a version of ${problem.path} that supports go ${problem.running ?? '?'} and ${where.fix}`
        }
        break
      }
      default:
        finding = {
          ...base,
          title: 'Inconsistent vendoring',
          message: `go says ${modulesTxt} and go.mod disagree. ${quote}`,
          file: modulesTxt
        }
    }
    drafts.push({ finding, modules: new Set(problem.path ? [problem.path] : []), problem })
  }
  return mergeVersionChanges(drafts)
}

/**
 * go.mod moved to another version without re-vendoring: go says both "X@new is required but not
 * explicit" and "X@old is explicit but not required". One drift, one finding: on the go.mod line.
 */
function mergeVersionChanges(drafts: Draft[]): Draft[] {
  const dropped = new Set<Draft>()
  for (const stale of drafts) {
    if (stale.problem?.kind !== 'explicit-not-required') continue
    const current = drafts.filter(
      (d) =>
        d.problem?.kind === 'required-not-explicit' &&
        d.problem.path === stale.problem?.path &&
        d.problem.version !== stale.problem.version
    )
    if (current.length === 0) continue
    for (const d of current) {
      d.finding.title = `${d.problem?.path} is vendored at ${stale.problem.version}, not ${d.problem?.version}`
      d.finding.message += `\ngo: "${stale.problem.text}"`
    }
    dropped.add(stale)
  }
  return drafts.filter((d) => !dropped.has(d))
}

function requireLine(module: GoModule, modulePath: string, version?: string): number | undefined {
  return (
    findDirectiveLine(
      module.directives,
      'require',
      version ? [modulePath, version] : [modulePath]
    ) ?? (version ? undefined : findDirectiveLine(module.directives, 'require', [modulePath]))
  )
}

/** The go.mod or go.work go named (`go.mod`, `b/go.mod`, `go.work`: relative to where it ran). */
function replaceSource(
  unit: VendorUnit,
  problem: VendorInconsistency
): LoadedFile<unknown> | undefined {
  const candidates: LoadedFile<unknown>[] = [
    ...unit.modules,
    ...(unit.workspace ? [unit.workspace] : [])
  ]
  const source = problem.source ?? ''
  const abs = path.resolve(unit.dir, source)
  const byPath = candidates.find((c) => c.file === abs)
  if (byPath) return byPath
  // Otherwise the file that has a replace of this module.
  return candidates.find(
    (c) =>
      findReplaceLine(c.directives, { Path: problem.path, Version: problem.version }) !== undefined
  )
}
