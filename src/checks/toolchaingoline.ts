/**
 * Part of the toolchain check's judgement: a `go` line without a patch (`go 1.23`), which matters
 * on one kind of runner only. Pure.
 */
import type { CheckFinding } from '../findings.js'
import type { Requirement } from '../go/requirements.js'
import type { ToolchainFacts } from '../go/toolchainfacts.js'
import { downloadTarget, goComplaint, missingFromPath } from '../go/toolchainerrors.js'
import { namesNoRelease, selectToolchain } from '../go/toolchainselect.js'
import { formatGoVersion, type GoVersion } from '../go/version.js'

/** A GOTOOLCHAIN value and whose it is, for the words of a finding. */
interface Setting {
  value: string
  whose: 'gate' | 'runner'
  /** What go said under it, when it failed. */
  said?: string
}

/**
 * `go 1.N` and `go 1.N.0` do the same on every go that switches toolchains, except one that
 * predates the fix for golang/go#62278: asked to switch for a newer `go 1.N` line, it looks for
 * the toolchain go1.N, which does not exist, and every go command fails. A warning on the line
 * only there: under the gate's GOTOOLCHAIN, or the runner's own (plain go outside the gate).
 * `outsideGate` names the files whose line plain go reads so: their outside-gate finding would
 * only say it again. `insideGate` names those the gate's own go misreads: every go command it runs
 * fails for that one cause, so the finding is an error and stands for the go-too-old and
 * go-cannot-start findings it explains.
 */
export function languageGoLines(
  facts: ToolchainFacts,
  requirements: Requirement[],
  installed: GoVersion
): { findings: CheckFinding[]; outsideGate: Set<string>; insideGate: Set<string> } {
  const settings: Setting[] = [
    { value: facts.config.gotoolchain, whose: 'gate', said: facts.effectiveGoEnvError }
  ]
  const runner = facts.plain?.gotoolchain
  if (runner !== undefined && runner !== '(unknown)') {
    settings.push({ value: runner, whose: 'runner', said: facts.plain?.error })
  }
  const findings: CheckFinding[] = []
  const outsideGate = new Set<string>()
  const insideGate = new Set<string>()
  for (const r of requirements) {
    if (!r.go) continue
    const toolchain = r.toolchainDefault
      ? ('default' as const)
      : r.toolchain && { name: r.toolchain.text, version: r.toolchain.version }
    const hits = settings.flatMap((setting) => {
      const selection = selectToolchain({
        installed,
        gotoolchain: setting.value,
        go: r.go?.version,
        toolchain
      })
      if (selection?.by !== 'go-line' || !namesNoRelease(selection.name)) return []
      return [{ setting, name: selection.name, mode: selection.mode }]
    })
    const first = hits[0]
    if (!first) continue
    if (hits.some((h) => h.setting.whose === 'runner')) outsideGate.add(r.relPath)
    const gateFails = hits.some((h) => h.setting.whose === 'gate')
    if (gateFails) insideGate.add(r.relPath)
    const { name } = first
    // One clause per GOTOOLCHAIN value: the gate's and the runner's are often the same.
    const clauses = [...new Set(hits.map((h) => h.setting.value))].map((value) => {
      const same = hits.filter((h) => h.setting.value === value)
      const whose = same
        .map((h) =>
          h.setting.whose === 'gate' ? 'the gotoolchain input' : "the runner's own environment"
        )
        .join(' and ')
      const action =
        same[0]?.mode === 'path'
          ? `looks for a ${name} command on PATH`
          : `tries to download ${name}`
      return `with GOTOOLCHAIN=${value} (${whose}) it ${action}`
    })
    const fails =
      hits.length === 2
        ? 'every go command fails, in the gate and outside it'
        : first.setting.whose === 'gate'
          ? 'every go command the gate runs fails'
          : 'every go command outside the gate fails'
    const said = hits
      .map((h) => h.setting.said ?? '')
      .find((text) => downloadTarget(text) === name || missingFromPath(text) === name)
    findings.push({
      rule: 'toolchain/go-line',
      severity: gateFails ? 'error' : 'warning',
      title: `go line read as toolchain ${name}, which does not exist`,
      message:
        `go ${formatGoVersion(installed)}, installed here, reads \`go ${r.go.text}\` in ${r.relPath} ` +
        `as the toolchain ${name}, not ${name}.0 (golang/go#62278, fixed in go 1.21.11 and 1.22.4); ` +
        `${clauses.join('; ')}: no release has that name, so ${fails}` +
        (said === undefined ? '' : ` (${goComplaint(said)})`),
      file: r.relPath,
      line: r.go.line,
      fix:
        `write \`go ${r.go.text}.0\` in ${r.relPath}, or install go ${r.go.text}.0 or newer before ` +
        `this step (actions/setup-go with go-version-file: ${r.relPath})`
    })
  }
  return { findings, outsideGate, insideGate }
}
