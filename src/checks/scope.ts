import fs from 'node:fs'
import path from 'node:path'
import { isLocalReplace } from '../go/gomod.js'
import type { GoModule } from '../go/modules.js'
import { compareGoVersions, formatGoVersion, parseGoVersion } from '../go/version.js'
import type { CheckContext, CheckOutcome } from './types.js'

export interface SkippedModule {
  module: GoModule
  reason: string
}

/**
 * The modules go can run on. A go.mod go cannot read, or whose go line is newer than the go that
 * runs, or a local replace whose directory is missing, makes every go command fail the same way;
 * the modfile and toolchain checks already report that once, so the later checks skip the module
 * and say why instead of repeating it.
 */
export function runnableModules(
  context: Pick<CheckContext, 'modules' | 'effectiveGoEnv' | 'unavailable'>
): {
  modules: GoModule[]
  skipped: SkippedModule[]
} {
  // GOVERSION may carry experiments after a space ("go1.26.8 X:..."): the first word is the release.
  const running = parseGoVersion((context.effectiveGoEnv.GOVERSION ?? '').split(' ')[0] ?? '')
  const modules: GoModule[] = []
  const skipped: SkippedModule[] = []
  for (const module of context.modules) {
    const required = parseGoVersion(module.json?.Go ?? '')
    const unavailable = context.unavailable?.get(module.relDir)
    if (unavailable !== undefined) {
      skipped.push({ module, reason: unavailable })
    } else if (module.json === undefined) {
      skipped.push({ module, reason: `go cannot read ${module.relPath}` })
    } else if (running && required && compareGoVersions(running, required) < 0) {
      skipped.push({
        module,
        reason: `${module.relPath} requires go >= ${formatGoVersion(required)} (running go ${formatGoVersion(running)})`
      })
    } else {
      const missing = missingLocalReplacement(module)
      if (missing !== undefined) {
        skipped.push({ module, reason: `replacement directory ${missing} has no go.mod` })
      } else {
        modules.push(module)
      }
    }
  }
  return { modules, skipped }
}

/** "skipped b/go.mod (requires go >= 1.99.0 ...)" for check summaries. */
export function describeSkipped(skipped: SkippedModule[]): string {
  return skipped.map((s) => `skipped ${s.module.relDir}: ${s.reason}`).join('; ')
}

/** The first local replace target (as written) without a go.mod: go cannot load the module. */
function missingLocalReplacement(module: GoModule): string | undefined {
  for (const replace of module.json?.Replace ?? []) {
    if (!isLocalReplace(replace)) continue
    const target = path.resolve(module.dir, replace.New.Path)
    if (!fs.existsSync(path.join(target, 'go.mod'))) return replace.New.Path
  }
  return undefined
}

/** The outcome of a check with no module to run on: skipped, saying why. */
export function nothingToRun(skipped: SkippedModule[]): CheckOutcome {
  return {
    findings: [],
    status: 'skipped',
    summary: skipped.length > 0 ? describeSkipped(skipped) : 'no go.mod found'
  }
}
