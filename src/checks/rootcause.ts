/**
 * One cause, one finding. A check that finds a root cause the later checks would trip over again
 * (go.sum missing, a dependency that cannot be downloaded) names the modules it blocks; the gate
 * makes the later checks skip them, saying why, so the author reads one thing to fix.
 *
 * What still runs: a module that builds from its vendor/ needs neither go.sum nor the network to
 * compile and test, so tests and builds still run there; only the checks that download or read
 * go.sum are blocked.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CheckName } from '../findings.js'
import type { GoModule } from '../go/modules.js'
import { compareGoVersions, parseGoVersion } from '../go/version.js'
import type { BlockedModules, CheckContext } from './types.js'

/** The checks a module built from vendor/ still fails without go.sum or its dependencies. */
const NEED_MODULES: CheckName[] = ['download', 'verify', 'tidy', 'vendor']
/** Since Go 1.14 a vendor/modules.txt makes -mod=vendor the default. */
const VENDOR_DEFAULT_SINCE = { major: 1, minor: 14 }

/** `go.sum is missing (modfile)`: the cause as the skipping checks print it. */
export function rootCause(check: CheckName, what: string): string {
  return `${what} (${check})`
}

/**
 * The modules `reason` blocks, with the checks it blocks in each: every later one, but only those
 * that download or read go.sum in a module that builds from vendor/ (`fromVendor`, by directory).
 */
export function blockModules(
  moduleDirs: readonly string[],
  reason: string,
  fromVendor: ReadonlySet<string>
): BlockedModules[] {
  const vendored = moduleDirs.filter((dir) => fromVendor.has(dir))
  const rest = moduleDirs.filter((dir) => !fromVendor.has(dir))
  const blocked: BlockedModules[] = []
  if (rest.length > 0) blocked.push({ moduleDirs: rest, reason })
  if (vendored.length > 0) blocked.push({ moduleDirs: vendored, reason, checks: NEED_MODULES })
  return blocked
}

/** The modules in scope that go builds from their vendor/, by directory relative to the root. */
export function modulesFromVendor(
  context: Pick<CheckContext, 'modules' | 'pinned' | 'workspace'>
): Set<string> {
  return new Set(context.modules.filter((m) => buildsFromVendor(m, context)).map((m) => m.relDir))
}

/**
 * go builds the module from its vendor/ (not the module cache): it has vendor/modules.txt, no
 * go.work uses it (workspace mode ignores a module's own vendor/), and neither GOFLAGS nor an old
 * go line turns vendor mode off.
 */
function buildsFromVendor(
  module: Pick<GoModule, 'dir' | 'json'>,
  context: Pick<CheckContext, 'pinned' | 'workspace'>
): boolean {
  if (!fs.existsSync(path.join(module.dir, 'vendor', 'modules.txt'))) return false
  const workspace = context.workspace
  if (workspace !== undefined) {
    const workDir = path.dirname(workspace.file)
    const used = (workspace.json?.Use ?? []).map((u) => path.resolve(workDir, u.DiskPath))
    if (used.includes(path.resolve(module.dir))) return false
  }
  const mode = /(?:^|\s)--?mod=(\S+)/.exec(context.pinned.GOFLAGS)?.[1]
  if (mode !== undefined) return mode === 'vendor'
  const go = parseGoVersion(module.json?.Go ?? '')
  return go !== undefined && compareGoVersions(go, VENDOR_DEFAULT_SINCE) >= 0
}

/** The root causes found so far, per module directory, in the order they were found. */
export type RootCauses = Map<string, Array<Pick<BlockedModules, 'reason' | 'checks'>>>

/** Adds a check's root causes; they apply to the checks after it. */
export function recordRootCauses(causes: RootCauses, blocked: readonly BlockedModules[]): void {
  for (const { moduleDirs, reason, checks } of blocked) {
    for (const dir of moduleDirs) {
      causes.set(dir, [
        ...(causes.get(dir) ?? []),
        checks === undefined ? { reason } : { reason, checks }
      ])
    }
  }
}

/** What `check` must leave alone: each module with a root cause that blocks it, and the first such cause. */
export function unavailableFor(causes: RootCauses, check: CheckName): Map<string, string> {
  const unavailable = new Map<string, string>()
  for (const [dir, found] of causes) {
    const cause = found.find((c) => c.checks === undefined || c.checks.includes(check))
    if (cause !== undefined) unavailable.set(dir, cause.reason)
  }
  return unavailable
}
