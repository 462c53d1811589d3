/**
 * Which vendor/ directories the vendor check compares: a module's (go mod vendor, GOWORK=off) or
 * the workspace's (go work vendor), and the modules that have none. Pure.
 */
import path from 'node:path'
import type { Config } from '../config.js'
import { toPosix } from '../go/command.js'
import type { GoModule, GoWorkspace } from '../go/modules.js'

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
