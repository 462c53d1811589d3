/**
 * modfile: go.mod and go.work hygiene that needs no network. go.sum present and committed where
 * go.mod requires modules, `replace` directives that only work on one machine, `use` directories
 * that do not exist, and go.mod files go cannot read. A missing go.sum is the root cause every
 * later go command in that module would stop at ("missing go.sum entry"): the later checks skip
 * the module and say so (rootcause.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config.js'
import { isDirectory, isInside } from '../files.js'
import { plural, withoutUndefined, type CheckFinding, type Severity } from '../findings.js'
import { toPosix } from '../go/command.js'
import { gitTracking, type GitTracking } from '../go/git.js'
import {
  findDirectiveLine,
  findReplaceLine,
  isLocalReplace,
  type Directive,
  type ModuleVersion
} from '../go/gomod.js'
import type { GoModule, LoadedFile } from '../go/modules.js'
import { blockModules, modulesFromVendor, rootCause } from './rootcause.js'
import type { BlockedModules, Check, CheckContext, CheckOutcome } from './types.js'

type Replace = { Old: ModuleVersion; New: ModuleVersion }

interface Counts {
  localReplaces: number
  versionReplaces: number
}

export const modfileCheck: Check = {
  name: 'modfile',
  stage: 0,
  timeoutMs: 2 * 60_000,
  run: runModfile
}

async function runModfile(context: CheckContext): Promise<CheckOutcome> {
  const { modules, workspace, config } = context
  if (modules.length === 0 && workspace === undefined) {
    return { findings: [], status: 'skipped', summary: 'no go.mod found' }
  }
  const git = await gitTracking(config.root)
  const findings: CheckFinding[] = []
  const blocked: BlockedModules[] = []
  const counts: Counts = { localReplaces: 0, versionReplaces: 0 }

  for (const module of modules) {
    if (module.loadError !== undefined) {
      findings.push(...loadErrorFindings(module))
      continue
    }
    if (module.json === undefined) continue
    const sum = await goSumProblem(module, git)
    if (sum !== undefined) {
      findings.push(sum.finding)
      // Without go.sum every later go command stops at "missing go.sum entry": one finding.
      // (An uncommitted go.sum is still on disk here: the later checks run as they would.)
      if (sum.missing) {
        const reason = rootCause('modfile', sum.finding.title)
        blocked.push(...blockModules([module.relDir], reason, modulesFromVendor(context)))
      }
    }
    for (const replace of module.json.Replace ?? []) {
      const finding = await replaceFinding(replace, module, module.dir, config, git, counts)
      if (finding) findings.push(finding)
    }
  }

  if (workspace !== undefined) {
    const workDir = path.dirname(workspace.file)
    if (workspace.loadError !== undefined) {
      findings.push(...loadErrorFindings(workspace))
    } else if (workspace.json !== undefined) {
      for (const use of workspace.json.Use ?? []) {
        const finding = useFinding(use.DiskPath, workspace, workDir)
        if (finding) findings.push(finding)
      }
      for (const replace of workspace.json.Replace ?? []) {
        const finding = await replaceFinding(replace, workspace, workDir, config, git, counts)
        if (finding) findings.push(finding)
      }
    }
  }

  const summary = summaryLine(modules.length, workspace?.relPath, counts, git)
  return blocked.length > 0 ? { findings, summary, blocked } : { findings, summary }
}

/** go's own message, at the line it names (`/abs/go.mod:3: unknown directive: foo`). */
export function loadErrorFindings(file: LoadedFile<unknown>): CheckFinding[] {
  const base = path.basename(file.file)
  // go names the file by the path it was given (absolute here): show it relative to the root.
  const message = (file.loadError ?? '').split(file.file).join(file.relPath).trim()
  const title = `go cannot read ${file.relPath}`
  const fix = `fix ${file.relPath} where go points (\`go ${base === 'go.work' ? 'work' : 'mod'} edit -json\` repeats the error)`
  const located: CheckFinding[] = []
  for (const text of message.split('\n')) {
    const m = /^(.+?):(\d+)(?::(\d+))?: ?(.*)$/.exec(text.trim())
    if (!m || (m[1] !== file.relPath && m[1] !== base)) continue
    const finding: CheckFinding = {
      rule: 'modfile/unreadable',
      severity: 'error',
      title,
      message: `${file.relPath}:${m[2]}: ${m[4] ?? ''}`.trim(),
      file: file.relPath,
      line: Number(m[2]),
      fix
    }
    if (m[3] !== undefined) finding.column = Number(m[3])
    located.push(finding)
  }
  if (located.length > 0) return located
  return [
    {
      rule: 'modfile/unreadable',
      severity: 'error',
      title,
      message: message || `go could not read ${file.relPath}`,
      file: file.relPath,
      fix
    }
  ]
}

/** go.sum must exist next to a go.mod that requires modules, and be committed. */
async function goSumProblem(
  module: GoModule,
  git: GitTracking | undefined
): Promise<{ finding: CheckFinding; missing: boolean } | undefined> {
  const json = module.json
  if (json === undefined) return undefined
  // Requirements replaced by a directory need no checksum; everything else does.
  const localReplaces = (json.Replace ?? []).filter(isLocalReplace)
  const needSums = (json.Require ?? []).filter(
    (r) =>
      !localReplaces.some(
        (rep) => rep.Old.Path === r.Path && (!rep.Old.Version || rep.Old.Version === r.Version)
      )
  )
  if (needSums.length === 0) return undefined
  const sumRel = module.relDir === '.' ? 'go.sum' : `${module.relDir}/go.sum`
  const tidy = module.relDir === '.' ? '`go mod tidy`' : `\`go mod tidy\` in ${module.relDir}`
  const line = findDirectiveLine(module.directives, 'require')
  const base = {
    rule: 'modfile/go-sum' as const,
    severity: 'error' as const,
    file: module.relPath,
    line
  }
  const what = `${module.relPath} requires ${needSums.length} module${needSums.length === 1 ? '' : 's'} (${needSums[0]?.Path ?? ''}${needSums.length > 1 ? ', …' : ''})`
  if (!fs.existsSync(path.join(module.dir, 'go.sum'))) {
    return {
      missing: true,
      finding: withoutUndefined({
        ...base,
        title: 'go.sum is missing',
        message: `${what} but ${sumRel} does not exist: go cannot verify the downloaded code and builds with -mod=readonly fail with "missing go.sum entry".`,
        fix: `run ${tidy} and commit ${sumRel}`
      })
    }
  }
  if (git !== undefined && !(await git.isTracked(sumRel))) {
    return {
      missing: false,
      finding: withoutUndefined({
        ...base,
        title: 'go.sum is not committed',
        message: `${what} and ${sumRel} exists here but is not tracked by git, so a fresh checkout has no checksums and the build fails with "missing go.sum entry".`,
        fix: `run ${tidy} and commit ${sumRel} (check .gitignore)`
      })
    }
  }
  return undefined
}

/** A replace directive of a go.mod (or go.work) as a finding, when it needs one. */
async function replaceFinding(
  replace: Replace,
  file: LoadedFile<unknown>,
  dir: string,
  config: Config,
  git: GitTracking | undefined,
  counts: Counts
): Promise<CheckFinding | undefined> {
  const line = findReplaceLine(file.directives, replace.Old)
  const old = replace.Old.Version ? `${replace.Old.Path} ${replace.Old.Version}` : replace.Old.Path
  const directive = `replace ${old} => ${replace.New.Path}${replace.New.Version ? ` ${replace.New.Version}` : ''}`

  if (!isLocalReplace(replace)) {
    counts.versionReplaces++
    const same = replace.New.Path === replace.Old.Path
    return withoutUndefined({
      rule: 'modfile/replace',
      severity: 'notice',
      title: `${replace.Old.Path} is replaced by ${same ? 'another version' : 'another module'}`,
      message:
        `${directive}: builds use ${replace.New.Path} ${replace.New.Version ?? ''}, not the ` +
        `version the require directive names, and the replacement applies only in this ` +
        `${path.basename(file.file) === 'go.work' ? 'workspace' : 'main module'} (modules that depend on it do not see it).`,
      file: file.relPath,
      line,
      fix:
        same && replace.New.Version
          ? `require ${replace.Old.Path} ${replace.New.Version} instead (\`go get ${replace.Old.Path}@${replace.New.Version}\`) and drop the replace`
          : `drop the replace once ${replace.Old.Path} publishes what you need, and require that version`
    })
  }

  counts.localReplaces++
  const problem = await localReplaceProblem(replace.New.Path, dir, config.root, git)
  if (problem === undefined) return undefined
  const severity: Severity = config.allowLocalReplace ? 'notice' : 'error'
  return withoutUndefined({
    rule: 'modfile/local-replace',
    severity,
    title: `Local replace of ${replace.Old.Path} ${problem.short}`,
    message:
      `${directive}: the directory ${problem.detail}, so the build only works on a machine ` +
      `that has it.` +
      (config.allowLocalReplace ? ' Allowed by allow-local-replace.' : ''),
    file: file.relPath,
    line,
    fix: config.allowLocalReplace
      ? `commit the replacement under the repository, or drop the replace and require a published version`
      : `remove the replace and require a published version of ${replace.Old.Path}, or commit the replacement inside the repository`
  })
}

/** Why a replacement directory only exists on this machine, or undefined when it is committed here. */
async function localReplaceProblem(
  target: string,
  dir: string,
  root: string,
  git: GitTracking | undefined
): Promise<{ short: string; detail: string } | undefined> {
  const resolved = path.resolve(dir, target)
  const real = realpath(resolved)
  const realRoot = realpath(root) ?? root
  if (!isInside(root, resolved) || (real !== undefined && !isInside(realRoot, real))) {
    return {
      short: 'points outside the repository',
      detail: `${target} resolves to ${resolved}, outside the repository`
    }
  }
  const rel = toPosix(path.relative(root, resolved)) || '.'
  if (real === undefined) {
    return { short: 'points at a missing directory', detail: `${rel} does not exist` }
  }
  const goMod = rel === '.' ? 'go.mod' : `${rel}/go.mod`
  if (!fs.existsSync(path.join(resolved, 'go.mod'))) {
    return { short: 'points at a directory without go.mod', detail: `${rel} has no go.mod` }
  }
  if (git !== undefined) {
    if (!(await git.hasTrackedUnder(rel))) {
      return { short: 'points at an uncommitted directory', detail: `${rel} is not tracked by git` }
    }
    if (!(await git.isTracked(goMod))) {
      return { short: 'points at an uncommitted module', detail: `${goMod} is not tracked by git` }
    }
  }
  return undefined
}

/** A go.work `use` directory must exist and hold a go.mod. */
function useFinding(
  diskPath: string,
  workspace: LoadedFile<unknown>,
  workDir: string
): CheckFinding | undefined {
  const resolved = path.resolve(workDir, diskPath)
  const exists = isDirectory(resolved)
  if (exists && fs.existsSync(path.join(resolved, 'go.mod'))) return undefined
  return withoutUndefined({
    rule: 'modfile/work-use',
    severity: 'error',
    title: exists
      ? `go.work uses ${diskPath}, which has no go.mod`
      : `go.work uses a missing directory`,
    message: exists
      ? `use ${diskPath}: the directory has no go.mod, so go refuses the workspace.`
      : `use ${diskPath}: the directory does not exist, so go refuses the workspace.`,
    file: workspace.relPath,
    line: findUseLine(workspace.directives, diskPath),
    fix: `run \`go work edit -dropuse=${diskPath}\`, or commit the module at ${diskPath}`
  })
}

function findUseLine(directives: Directive[], diskPath: string): number | undefined {
  const clean = (p: string): string => path.posix.normalize(p.replace(/\\/g, '/'))
  return (
    findDirectiveLine(directives, 'use', [diskPath]) ??
    directives.find(
      (d) => d.verb === 'use' && d.args[0] !== undefined && clean(d.args[0]) === clean(diskPath)
    )?.line
  )
}

export function summaryLine(
  modules: number,
  workspace: string | undefined,
  counts: Counts,
  git: GitTracking | undefined
): string {
  const parts = [plural(modules, 'module')]
  if (workspace !== undefined) parts.push(`workspace ${workspace}`)
  if (counts.localReplaces > 0) parts.push(plural(counts.localReplaces, 'local replace'))
  if (counts.versionReplaces > 0) parts.push(plural(counts.versionReplaces, 'version replace'))
  if (git === undefined) parts.push('not a git checkout: tracked files not checked')
  return parts.join(', ')
}

function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p)
  } catch {
    return undefined
  }
}
