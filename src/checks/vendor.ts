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
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Config } from '../config.js'
import { plural, withoutUndefined, type CheckFinding } from '../findings.js'
import { findDirectiveLine } from '../go/gomod.js'
import type { GoModule } from '../go/modules.js'
import { parseModulesTxt } from '../go/vendortree.js'
import { describeSkipped, nothingToRun, runnableModules } from './scope.js'
import type { Check, CheckContext, CheckOutcome } from './types.js'
import { vendorFindings } from './vendorfindings.js'
import { gatherUnit } from './vendorgather.js'
import { planVendor, type VendorDirState, type VendorPlan, type VendorUnit } from './vendorplan.js'

export const vendorCheck: Check = {
  name: 'vendor',
  stage: 2,
  timeoutMs: 10 * 60_000,
  run: runVendor
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
  if (modules.length === 0) return nothingToRun(skipped)
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
