/**
 * vendor: is the committed vendor/ exactly what `go mod vendor` (or, for a vendored workspace,
 * `go work vendor`) writes from go.mod today? Two questions, both asked of the real go:
 *
 * - regenerate into a temporary directory (`-o`) and compare with the committed tree byte for
 *   byte: missing, extra and changed files, one finding per vendored module directory, and the
 *   lines of vendor/modules.txt that differ;
 * - `go list -mod=vendor` and go's own `inconsistent vendoring` lines, each on the go.mod (or
 *   go.work) require/replace line or the vendor/modules.txt line it is about.
 *
 * One drift is one finding: when go names a module, the modules.txt hunks about that module are
 * dropped and the module's file differences are added to go's finding instead of standing alone.
 * The user's files are never written: go writes only into the temporary directory.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Config } from '../config.js'
import { plural, withoutUndefined, type CheckFinding } from '../findings.js'
import { describeFailure, ranToEnd, succeeded, toPosix } from '../go/command.js'
import { findDirectiveLine, findReplaceLine } from '../go/gomod.js'
import type { GoModule, GoWorkspace, LoadedFile } from '../go/modules.js'
import {
  parseVendorConsistency,
  type VendorConsistencyReport,
  type VendorInconsistency
} from '../go/vendorconsistency.js'
import {
  compareTrees,
  describeGroup,
  diffLines,
  findEntry,
  firstDifferingLine,
  groupByModule,
  normalizeLineEndings,
  parseModulesTxt,
  splitLines,
  type LineHunk,
  type ModulesTxt,
  type TreeDifference,
  type VendorGroup,
  type VendorTree
} from '../go/vendortree.js'
import { describeSkipped, runnableModules } from './scope.js'
import type { Check, CheckContext, CheckOutcome } from './types.js'

const VENDOR_TIMEOUT_MS = 5 * 60_000
const LIST_TIMEOUT_MS = 2 * 60_000

export const vendorCheck: Check = {
  name: 'vendor',
  stage: 2,
  timeoutMs: 10 * 60_000,
  run: runVendor
}

/** A vendor/ to check: a module's (go mod vendor, GOWORK=off) or the workspace's (go work vendor). */
export interface VendorUnit {
  kind: 'module' | 'workspace'
  /** Absolute directory holding vendor/. */
  dir: string
  /** Relative to the repository root, POSIX; "." for the root. */
  relDir: string
  /** The go.mod files whose require and replace lines go's messages are about. */
  modules: GoModule[]
  workspace?: GoWorkspace
}

/** Whether a directory has vendor/modules.txt, and whether `go work vendor` wrote it. */
export interface VendorDirState {
  modulesTxt: boolean
  /** First line `## workspace`. */
  forWorkspace: boolean
}

export interface VendorPlan {
  units: VendorUnit[]
  /** vendor: true, and neither the module nor its workspace is vendored. */
  missing: GoModule[]
  /** vendor: auto, and the module has no vendor/modules.txt. */
  notVendored: GoModule[]
  /** Modules that require nothing: there is nothing to vendor. */
  nothingToVendor: GoModule[]
  /** Why the workspace's vendor/ is not checked, when it has one. */
  workspaceSkipped?: string
}

async function runVendor(context: CheckContext): Promise<CheckOutcome> {
  const { config } = context
  if (config.vendor === 'off') {
    return { findings: [], status: 'skipped', summary: 'vendor: false' }
  }
  if (context.modules.length === 0) {
    return { findings: [], status: 'skipped', summary: 'no go.mod found' }
  }
  const { modules, skipped } = runnableModules(context)
  const states = new Map<string, VendorDirState>()
  const workDir = context.workspace ? path.dirname(context.workspace.file) : undefined
  for (const dir of [...modules.map((m) => m.dir), ...(workDir ? [workDir] : [])]) {
    states.set(dir, vendorDirState(dir))
  }
  const plan = planVendor({
    mode: config.vendor,
    modules,
    allModules: context.modules,
    skipped: skipped.map((s) => s.module),
    workspace: context.workspace,
    states
  })

  const findings: CheckFinding[] = plan.missing.map(missingVendorFinding)
  const drifted: VendorUnit[] = []
  if (plan.units.length > 0) {
    const tmpRoot = fs.mkdtempSync(
      path.join(context.processEnv.RUNNER_TEMP || os.tmpdir(), 'go-ci-gate-vendor-')
    )
    try {
      for (const [index, unit] of plan.units.entries()) {
        const facts = await gatherUnit(context, unit, path.join(tmpRoot, String(index)))
        const unitFindings = vendorFindings(facts)
        if (unitFindings.length > 0) drifted.push(unit)
        findings.push(...unitFindings)
      }
    } finally {
      fs.rmSync(tmpRoot, { recursive: true, force: true })
    }
  }

  const summary = summaryLine(config, plan, drifted, describeSkipped(skipped))
  if (plan.units.length === 0 && plan.missing.length === 0) {
    return { findings: [], status: 'skipped', summary }
  }
  return { findings, summary }
}

function vendorDirState(dir: string): VendorDirState {
  const file = path.join(dir, 'vendor', 'modules.txt')
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return { modulesTxt: false, forWorkspace: false }
  }
  return { modulesTxt: true, forWorkspace: parseModulesTxt(text).workspace }
}

/**
 * Pure: which vendor/ directories to check. A vendor/modules.txt at the workspace's root belongs
 * to the workspace unless a module lives there and `go work vendor` did not write it; every other
 * module with vendor/modules.txt is checked on its own (GOWORK=off), as building it alone would.
 */
export function planVendor(facts: {
  mode: Config['vendor']
  /** Runnable modules. */
  modules: GoModule[]
  /** Every module in scope, runnable or not (to find the workspace's go.mod files). */
  allModules: GoModule[]
  /** Modules go cannot run on. */
  skipped: GoModule[]
  workspace?: GoWorkspace
  states: Map<string, VendorDirState>
}): VendorPlan {
  const plan: VendorPlan = { units: [], missing: [], notVendored: [], nothingToVendor: [] }
  const { workspace } = facts
  const workDir = workspace ? path.dirname(workspace.file) : undefined
  const state = (dir: string): VendorDirState =>
    facts.states.get(dir) ?? { modulesTxt: false, forWorkspace: false }

  let workspaceUnit: VendorUnit | undefined
  const used = new Set<string>()
  if (workspace && workDir) {
    for (const use of workspace.json?.Use ?? []) used.add(path.resolve(workDir, use.DiskPath))
    const rootModule = facts.allModules.find((m) => m.dir === workDir)
    const own = state(workDir)
    if (own.modulesTxt && (own.forWorkspace || rootModule === undefined)) {
      const members = facts.allModules.filter((m) => used.has(m.dir))
      const blocked = members.find((m) => facts.skipped.includes(m))
      if (workspace.json === undefined) {
        plan.workspaceSkipped = `go cannot read ${workspace.relPath}`
      } else if (blocked) {
        plan.workspaceSkipped = `${blocked.relPath} cannot be loaded`
      } else {
        const relDir = toPosix(path.dirname(workspace.relPath)) || '.'
        workspaceUnit = { kind: 'workspace', dir: workDir, relDir, modules: members, workspace }
        plan.units.push(workspaceUnit)
      }
    }
  }

  for (const module of facts.modules) {
    if (workspaceUnit && module.dir === workDir) continue
    if (state(module.dir).modulesTxt) {
      plan.units.push({ kind: 'module', dir: module.dir, relDir: module.relDir, modules: [module] })
    } else if ((module.json?.Require ?? []).length === 0) {
      plan.nothingToVendor.push(module)
    } else if (facts.mode === 'required' && !(workspaceUnit && used.has(module.dir))) {
      plan.missing.push(module)
    } else if (!(workspaceUnit && used.has(module.dir))) {
      plan.notVendored.push(module)
    }
  }
  return plan
}

/** What the check learned about one vendor/ from go and the disk. */
export interface UnitFacts {
  unit: VendorUnit
  committedModulesTxt: string
  /** Absent when go could not regenerate vendor/. */
  regenerated?: {
    modulesTxt: string
    difference: TreeDifference
    /** For each changed file (relative to vendor/), the first line that differs. */
    changedLines: Record<string, number>
  }
  /** go's message when `go mod vendor -o` failed. */
  regenerateError?: string
  consistency: VendorConsistencyReport
  /** `go list -mod=vendor` failed without an inconsistency this check knows. */
  listError?: string
}

async function gatherUnit(
  context: CheckContext,
  unit: VendorUnit,
  tmp: string
): Promise<UnitFacts> {
  const vendorDir = path.join(unit.dir, 'vendor')
  const env = unit.kind === 'module' ? { GOWORK: 'off' } : {}
  const facts: UnitFacts = {
    unit,
    committedModulesTxt: fs.readFileSync(path.join(vendorDir, 'modules.txt'), 'utf8'),
    consistency: { problems: [] }
  }

  const out = path.join(tmp, 'vendor')
  fs.mkdirSync(tmp, { recursive: true })
  const args = [unit.kind === 'workspace' ? 'work' : 'mod', 'vendor', '-o', out]
  const label = unit.relDir === '.' ? 'vendor/' : `${unit.relDir}/vendor/`
  context.log(`${label}: go ${args.slice(0, 2).join(' ')} into a temporary directory`)
  const vendored = await context.go.run(args, { cwd: unit.dir, env, timeoutMs: VENDOR_TIMEOUT_MS })
  if (succeeded(vendored)) {
    const committed = await readTree(vendorDir)
    const regenerated = await readTree(out)
    const difference = compareTrees(committed, regenerated)
    const changedLines: Record<string, number> = {}
    for (const file of difference.changed) {
      changedLines[file] = firstDifferingLine(
        normalizeLineEndings(fs.readFileSync(path.join(vendorDir, file))),
        normalizeLineEndings(fs.readFileSync(path.join(out, file)))
      )
    }
    let modulesTxt = ''
    try {
      modulesTxt = fs.readFileSync(path.join(out, 'modules.txt'), 'utf8')
    } catch {
      // "go: no dependencies to vendor": go writes nothing at all.
    }
    facts.regenerated = { modulesTxt, difference, changedLines }
    context.log(
      `${label}: ${difference.changed.length} changed, ${difference.missing.length} missing, ${difference.extra.length} extra file(s)`
    )
  } else {
    facts.regenerateError = goMessage(args, vendored)
    context.log(`${label}: ${facts.regenerateError}`)
  }

  const listArgs = ['list', '-mod=vendor', '-e', '-f', '{{.ImportPath}}', './...']
  const listed = await context.go.run(listArgs, {
    cwd: unit.dir,
    env,
    timeoutMs: LIST_TIMEOUT_MS
  })
  facts.consistency = parseVendorConsistency(listed.stderr)
  const known = facts.consistency.problems.filter((p) => p.kind !== 'unlisted-package')
  if (!succeeded(listed) && known.length === 0) {
    facts.listError = goMessage(listArgs, listed)
  }
  context.log(
    `${label}: go list -mod=vendor: ${known.length === 0 ? 'consistent' : `${known.length} ${known.length === 1 ? 'inconsistency' : 'inconsistencies'}`}`
  )
  return facts
}

/** go's message without download progress, at most ten lines. */
function goMessage(args: string[], result: Parameters<typeof describeFailure>[1]): string {
  // Stopped or killed: say so first, whatever go printed before it died.
  if (!ranToEnd(result)) return describeFailure(args, result)
  const lines = result.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('go: downloading '))
  const text = lines.slice(0, 10).join('\n') + (lines.length > 10 ? '\n…' : '')
  return text || describeFailure(args, result)
}

/** Every file under `dir` except the top-level modules.txt, by content digest. */
async function readTree(dir: string): Promise<VendorTree> {
  const tree: VendorTree = new Map()
  const walk = async (abs: string, rel: string): Promise<void> => {
    let entries: fs.Dirent[]
    try {
      entries = await fs.promises.readdir(abs, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const childAbs = path.join(abs, entry.name)
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`
      if (entry.isDirectory()) {
        await walk(childAbs, childRel)
      } else if (entry.isSymbolicLink()) {
        // go never writes links: a committed one differs from whatever go writes there.
        tree.set(childRel, `symlink:${await fs.promises.readlink(childAbs)}`)
      } else if (entry.isFile() && childRel !== 'modules.txt') {
        const content = normalizeLineEndings(await fs.promises.readFile(childAbs))
        tree.set(childRel, createHash('sha256').update(content).digest('hex'))
      }
    }
  }
  await walk(dir, '')
  return tree
}

/** A finding under construction, with the modules it is about (for merging). */
interface Draft {
  finding: CheckFinding
  modules: Set<string>
  /** The go message it came from, for consistency findings. */
  problem?: VendorInconsistency
}

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
    const key = `${finding.file}:${finding.line}:${finding.title}`
    if (seen.has(key)) continue
    seen.add(key)
    findings.push(withoutUndefined(finding))
  }
  return findings
}

interface Place {
  /** `go mod vendor` or `go work vendor`. */
  command: string
  /** " in sub" or "". */
  inDir: string
  /** vendor/ relative to the repository root. */
  vendorRel: string
  /** go.mod or go.work: where a finding about the whole vendor/ goes. */
  anchor: LoadedFile<unknown>
  fix: string
}

function placeOf(unit: VendorUnit): Place {
  const command = unit.kind === 'workspace' ? 'go work vendor' : 'go mod vendor'
  const inDir = unit.relDir === '.' ? '' : ` in ${unit.relDir}`
  const vendorRel = unit.relDir === '.' ? 'vendor' : `${unit.relDir}/vendor`
  const anchor = (
    unit.kind === 'workspace' ? unit.workspace : unit.modules[0]
  ) as LoadedFile<unknown>
  return {
    command,
    inDir,
    vendorRel,
    anchor,
    fix: `run \`${command}\`${inDir} and commit ${vendorRel}/`
  }
}

function anchorLine(file: LoadedFile<unknown>, kind: VendorUnit['kind']): number | undefined {
  return kind === 'workspace'
    ? (findDirectiveLine(file.directives, 'use') ?? findDirectiveLine(file.directives, 'go'))
    : findDirectiveLine(file.directives, 'module')
}

/** go's `inconsistent vendoring` lines, each on the line it is about. */
function consistencyDrafts(facts: UnitFacts, committed: ModulesTxt, where: Place): Draft[] {
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

function missingVendorFinding(module: GoModule): CheckFinding {
  const inDir = module.relDir === '.' ? '' : ` in ${module.relDir}`
  const vendorRel = module.relDir === '.' ? 'vendor' : `${module.relDir}/vendor`
  const count = (module.json?.Require ?? []).length
  return withoutUndefined({
    rule: 'vendor/missing',
    severity: 'error',
    title: `${vendorRel}/ is missing`,
    message: `vendor is true, but ${module.relPath} requires ${plural(count, 'module')} and ${vendorRel}/modules.txt does not exist.`,
    file: module.relPath,
    line: findDirectiveLine(module.directives, 'module'),
    fix: `run \`go mod vendor\`${inDir} and commit ${vendorRel}/`
  })
}

/** "1 module vendored, consistent", "workspace and 2 modules vendored, 1 out of sync; ...". */
function summaryLine(
  config: Config,
  plan: VendorPlan,
  drifted: VendorUnit[],
  skipped: string
): string {
  const parts: string[] = []
  const moduleUnits = plan.units.filter((u) => u.kind === 'module').length
  const hasWorkspace = plan.units.some((u) => u.kind === 'workspace')
  if (plan.units.length > 0) {
    const what = [
      hasWorkspace ? 'workspace' : '',
      moduleUnits > 0 ? plural(moduleUnits, 'module') : ''
    ]
      .filter((s) => s !== '')
      .join(' and ')
    parts.push(
      `${what} vendored, ${drifted.length === 0 ? 'consistent' : `${drifted.length} out of sync`}`
    )
  }
  if (plan.missing.length > 0)
    parts.push(`${plural(plan.missing.length, 'module')} without vendor/`)
  if (plan.units.length === 0 && plan.missing.length === 0) {
    parts.push(
      config.vendor === 'required' && plan.nothingToVendor.length > 0
        ? 'nothing to vendor'
        : `no vendor/ (vendor: ${config.vendor === 'required' ? 'true' : 'auto'})`
    )
  } else if (plan.notVendored.length > 0) {
    parts.push(`${plural(plan.notVendored.length, 'module')} not vendored`)
  }
  if (plan.workspaceSkipped) parts.push(`workspace vendor/ not checked: ${plan.workspaceSkipped}`)
  if (skipped !== '') parts.push(skipped)
  return parts.join('; ')
}
