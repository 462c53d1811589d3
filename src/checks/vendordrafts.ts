/**
 * What the vendor check's findings are built from: a finding under construction with the modules
 * it is about, and where a vendor/ and its go.mod (or go.work) sit.
 */
import type { CheckFinding } from '../findings.js'
import { findDirectiveLine } from '../go/gomod.js'
import type { LoadedFile } from '../go/modules.js'
import type { VendorInconsistency } from '../go/vendorconsistency.js'
import type { VendorUnit } from './vendorplan.js'

/** A finding under construction, with the modules it is about (for merging). */
export interface Draft {
  finding: CheckFinding
  modules: Set<string>
  /** The go message it came from, for consistency findings. */
  problem?: VendorInconsistency
}

export interface Place {
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

export function placeOf(unit: VendorUnit): Place {
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

export function anchorLine(
  file: LoadedFile<unknown>,
  kind: VendorUnit['kind']
): number | undefined {
  return kind === 'workspace'
    ? (findDirectiveLine(file.directives, 'use') ?? findDirectiveLine(file.directives, 'go'))
    : findDirectiveLine(file.directives, 'module')
}
