/**
 * How the module-wide checks run the modules in scope: the workspace (when there is one) as one
 * target in workspace mode, every other runnable module alone. download runs `go mod download`
 * once per target; builds builds each target's modules the same way.
 */
import path from 'node:path'
import type { GoModule, GoWorkspace } from '../go/modules.js'
import { compareGoVersions, formatGoVersion, parseGoVersion } from '../go/version.js'
import { runnableModules, type SkippedModule } from './scope.js'
import type { CheckContext } from './types.js'

/** One `go mod download`: a module on its own, or a workspace. */
export interface ModuleTarget {
  kind: 'module' | 'workspace'
  /** go.mod or go.work, relative to the repository root: names the target in logs and findings. */
  label: string
  /** Absolute directory go runs in. */
  dir: string
  /** The main modules it covers (one, or those of the workspace in scope). */
  modules: Array<Pick<GoModule, 'dir' | 'relDir' | 'relPath' | 'directives' | 'json'>>
  workspace?: Pick<GoWorkspace, 'relPath' | 'directives' | 'json'>
}

/** The workspace (when there is one) and every runnable module it does not use. */
export function planTargets(
  context: Pick<CheckContext, 'modules' | 'workspace' | 'effectiveGoEnv'>
): { targets: ModuleTarget[]; skipped: SkippedModule[] } {
  const { modules, skipped } = runnableModules(context)
  const targets: ModuleTarget[] = []
  const workspace = context.workspace
  let outside = modules
  if (workspace !== undefined) {
    const workDir = path.dirname(workspace.file)
    if (workspace.json === undefined) {
      for (const module of modules) {
        skipped.push({ module, reason: `go cannot read ${workspace.relPath}` })
      }
      return { targets, skipped }
    }
    const used = new Set((workspace.json.Use ?? []).map((u) => path.resolve(workDir, u.DiskPath)))
    const inside = modules.filter((m) => used.has(path.resolve(m.dir)))
    outside = modules.filter((m) => !used.has(path.resolve(m.dir)))
    const blocked = skipped.filter((s) => used.has(path.resolve(s.module.dir)))
    const running = parseGoVersion(context.effectiveGoEnv.GOVERSION ?? '')
    const required = parseGoVersion(workspace.json.Go ?? '')
    const tooNew = running && required && compareGoVersions(running, required) < 0
    if (blocked.length > 0 || tooNew) {
      // Workspace mode fails as a whole when one of its modules (or go.work) needs a newer go.
      const reason = tooNew
        ? `${workspace.relPath} requires go >= ${formatGoVersion(required)}`
        : `${workspace.relPath} uses ${blocked.map((b) => b.module.relDir).join(', ')}, which go cannot run on`
      for (const module of inside) skipped.push({ module, reason })
    } else if (used.size > 0) {
      targets.push({
        kind: 'workspace',
        label: workspace.relPath,
        dir: workDir,
        modules: inside,
        workspace
      })
    }
  }
  for (const module of outside) {
    targets.push({ kind: 'module', label: module.relPath, dir: module.dir, modules: [module] })
  }
  return { targets, skipped }
}
