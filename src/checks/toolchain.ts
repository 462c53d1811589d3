/**
 * toolchain: does the go that runs here satisfy what the repository asks for? Compares the
 * installed go (`go env` under GOTOOLCHAIN=local) and the go every child actually runs (the
 * pinned GOTOOLCHAIN) with go.mod's and go.work's `go` and `toolchain` lines (as go's own JSON
 * reports them), `.go-version`, `.tool-versions`, and the go-version / go-version-file inputs;
 * and asks plain `go`, with the runner's own environment, whether it would silently switch.
 * The facts are gathered in src/go/toolchainfacts.ts; this file and its helpers judge them.
 */
import path from 'node:path'
import { compareFindings, type CheckFinding } from '../findings.js'
import { requirementOf, releaseOf, type Requirement, type Stated } from '../go/requirements.js'
import { gatherToolchainFacts, type ToolchainFacts } from '../go/toolchainfacts.js'
import { goComplaint } from '../go/toolchainerrors.js'
import { atLeast, formatGoVersion, parseToolchainName, type GoVersion } from '../go/version.js'
import { languageGoLines } from './toolchaingoline.js'
import { goVersionFileInput, goVersionInput, versionFileDisagreements } from './toolchaininputs.js'
import { silentSwitchFinding } from './toolchainoutside.js'
import type { Check, CheckContext, CheckOutcome } from './types.js'

export const toolchainCheck: Check = {
  name: 'toolchain',
  stage: 0,
  timeoutMs: 5 * 60_000,
  async run(context: CheckContext): Promise<CheckOutcome> {
    return assessToolchain(await gatherToolchainFacts(context))
  }
}

/** Pure: the findings and summary for these facts. */
export function assessToolchain(facts: ToolchainFacts): CheckOutcome {
  const { config } = facts
  const findings: CheckFinding[] = []
  const mode = config.gotoolchain
  const local = mode === 'local'
  const installedText = facts.runnerGoEnv.GOVERSION ?? ''
  const installed = parseToolchainName(installedText)
  const effectiveText = facts.effectiveGoEnv.GOVERSION ?? ''
  // The go every child runs: the installed one under GOTOOLCHAIN=local; otherwise whatever go
  // switched to, unknown when go could not start at all.
  const runningText = local ? installedText : facts.effectiveGoEnvError ? '' : effectiveText
  const running = local
    ? installed
    : facts.effectiveGoEnvError
      ? undefined
      : parseToolchainName(effectiveText)

  const unavailable: CheckFinding | undefined =
    facts.effectiveGoEnvError === undefined
      ? undefined
      : {
          rule: 'toolchain/unavailable',
          severity: 'error',
          title: local
            ? 'go env fails with the pinned environment'
            : `Go cannot start with GOTOOLCHAIN=${mode}`,
          message: facts.effectiveGoEnvError,
          fix: local
            ? 'fix the go environment go reports above (go env -json must succeed)'
            : `install the toolchain GOTOOLCHAIN=${mode} names before this step, or use gotoolchain: local`
        }

  const requirements: Requirement[] = []
  for (const m of facts.modules) {
    const r = requirementOf('go.mod', m)
    if (r) requirements.push(r)
  }
  const workspaceRequirement = facts.workspace
    ? requirementOf('go.work', facts.workspace)
    : undefined
  if (workspaceRequirement) requirements.push(workspaceRequirement)

  // Files first: what they say, whatever go runs.
  if (facts.workspace && workspaceRequirement?.go) {
    findings.push(...workspaceGoLine(facts, workspaceRequirement))
  }
  findings.push(...versionFileDisagreements(facts, requirements))

  if (installed === undefined) {
    if (unavailable) findings.push(unavailable)
    findings.push({
      rule: 'toolchain/not-comparable',
      severity: 'notice',
      title: 'Go version not comparable',
      message: `go reports version "${installedText}", which is not a release; toolchain requirements were not compared`
    })
    return finish(findings, summaryLine(facts, installedText, runningText, requirements))
  }

  // Then what runs against what they ask.
  const goLines = languageGoLines(facts, requirements, installed)
  // Where the gate's go misreads a go line, that is why go cannot start: said once, on the line.
  if (unavailable && goLines.insideGate.size === 0) findings.push(unavailable)
  findings.push(...goLines.findings)
  for (const r of requirements) {
    if (goLines.insideGate.has(r.relPath)) continue
    findings.push(...compareRequirement(r, { installed, running, runningText, mode, local, facts }))
  }
  if (running !== undefined) {
    findings.push(...goVersionInput(facts, running))
    findings.push(...goVersionFileInput(facts, running, findings))
  }
  if (facts.plain) {
    // Against what the gate's go runs; when that could not start, against the installed go.
    const reference = local || runningText === '' ? installedText : runningText
    const governing =
      workspaceRequirement ??
      requirements.find((r) => r.kind === 'go.mod' && r.dir === config.workingDirectory)
    // A go line plain go reads as a missing toolchain is said once, on the line, by languageGoLines.
    const switched = goLines.outsideGate.has(governing?.relPath ?? '')
      ? undefined
      : silentSwitchFinding(facts.plain, reference, governing)
    if (switched) findings.push(switched)
  }
  return finish(findings, summaryLine(facts, installedText, runningText, requirements))
}

function finish(findings: CheckFinding[], summary: string): CheckOutcome {
  return { findings: [...findings].sort(compareFindings), summary }
}

interface Running {
  installed: GoVersion
  running: GoVersion | undefined
  runningText: string
  mode: string
  local: boolean
  facts: ToolchainFacts
}

function compareRequirement(r: Requirement, run: Running): CheckFinding[] {
  const { installed, running, mode, local, facts } = run
  const findings: CheckFinding[] = []
  const setupGo = `actions/setup-go with go-version-file: ${r.relPath}`
  const runningName = running ? formatGoVersion(running) : undefined
  let switchedFor: Stated | undefined

  if (r.go && !atLeast(installed, r.go.version)) {
    if (!local && running && atLeast(running, r.go.version)) {
      switchedFor = r.go
    } else {
      const message =
        running && runningName
          ? `${r.relPath} requires go >= ${r.go.text} (running go ${runningName}; GOTOOLCHAIN=${mode})`
          : `${r.relPath} requires go >= ${r.go.text}; go ${formatGoVersion(installed)} is installed and ` +
            `GOTOOLCHAIN=${mode} could not switch: ${goComplaint(facts.effectiveGoEnvError ?? '')}`
      findings.push({
        rule: 'toolchain/go-too-old',
        severity: 'error',
        title: `Go older than ${r.kind}`,
        message,
        file: r.relPath,
        line: r.go.line,
        fix: `install go ${releaseOf(r.go)} before this step (${setupGo}) or lower the go line`
      })
    }
  }

  if (r.toolchain && !atLeast(installed, r.toolchain.version)) {
    if (!local && running && atLeast(running, r.toolchain.version)) {
      if (!switchedFor || atLeast(r.toolchain.version, switchedFor.version))
        switchedFor = r.toolchain
    } else {
      const runs = runningName ?? formatGoVersion(installed)
      findings.push({
        rule: 'toolchain/toolchain-ahead',
        severity: 'warning',
        title: 'toolchain line ahead of installed go',
        message:
          `${r.relPath} asks for toolchain ${r.toolchain.text}, but go ${runs} runs here ` +
          `(GOTOOLCHAIN=${mode}): CI builds with another go than the one the module chose`,
        file: r.relPath,
        line: r.toolchain.line,
        fix: `install ${r.toolchain.text} before this step (${setupGo}) or lower the toolchain line`
      })
    }
  }

  if (switchedFor && running) {
    const which = switchedFor === r.toolchain ? 'toolchain' : 'go'
    findings.push({
      rule: 'toolchain/switched',
      severity: 'notice',
      title: 'Toolchain switched',
      message:
        `go ${formatGoVersion(installed)} is installed, but ${r.relPath}'s ${which} line asks for ` +
        `${switchedFor.text}: with GOTOOLCHAIN=${mode} every go command ran ${run.runningText}`,
      file: r.relPath,
      line: switchedFor.line,
      fix: `install go ${releaseOf(switchedFor)} before this step (${setupGo}) to skip the toolchain download`
    })
  }
  return findings
}

/** In workspace mode go refuses a go.work whose go line is older than a used module's. */
function workspaceGoLine(facts: ToolchainFacts, work: Requirement): CheckFinding[] {
  const workspace = facts.workspace
  const workGo = work.go
  if (!workspace?.json || !workGo) return []
  const findings: CheckFinding[] = []
  for (const use of workspace.json.Use ?? []) {
    const dir = path.resolve(path.dirname(workspace.file), use.DiskPath)
    const module = facts.modules.find((m) => m.dir === dir)
    const r = module ? requirementOf('go.mod', module) : undefined
    if (!r?.go || atLeast(workGo.version, r.go.version)) continue
    findings.push({
      rule: 'toolchain/work-go-line',
      severity: 'error',
      title: 'go.work go line older than a module',
      message:
        `module ${module?.relDir ?? use.DiskPath} listed in go.work file requires go >= ${r.go.text}, ` +
        `but go.work lists go ${workGo.text}: go refuses the workspace`,
      file: work.relPath,
      line: workGo.line,
      fix: `run \`go work use\` (it raises go.work's go line to ${r.go.text}) or lower the go line in ${r.relPath}`
    })
  }
  return findings
}

function summaryLine(
  facts: ToolchainFacts,
  installedText: string,
  runningText: string,
  requirements: Requirement[]
): string {
  const mode = facts.config.gotoolchain
  const show = (text: string): string => {
    const v = parseToolchainName(text)
    return v ? formatGoVersion(v) : text || 'unknown'
  }
  let head: string
  if (mode === 'local') head = `go ${show(installedText)} (local)`
  else if (runningText === '')
    head = `go ${show(installedText)} installed; GOTOOLCHAIN=${mode} failed`
  else if (show(runningText) !== show(installedText)) {
    head = `go ${show(runningText)} (${mode}; installed ${show(installedText)})`
  } else head = `go ${show(runningText)} (${mode})`
  const goLines = requirements.filter((r) => r.kind === 'go.mod' && r.go).map((r) => r.go as Stated)
  if (facts.modules.length === 0) return `${head}; no modules`
  if (goLines.length === 0) return `${head}; no go line in go.mod (go assumes 1.16)`
  let highest = goLines[0] as Stated
  for (const s of goLines) if (!atLeast(highest.version, s.version)) highest = s
  const count = goLines.length === 1 ? '1 module requires' : `${goLines.length} modules require`
  return `${head}; ${count} ≥ ${highest.text}`
}
