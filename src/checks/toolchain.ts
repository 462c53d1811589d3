/**
 * toolchain: does the go that runs here satisfy what the repository asks for? Compares the
 * installed go (`go env` under GOTOOLCHAIN=local) and the go every child actually runs (the
 * pinned GOTOOLCHAIN) with go.mod's and go.work's `go` and `toolchain` lines (as go's own JSON
 * reports them), `.go-version`, `.tool-versions`, and the go-version / go-version-file inputs;
 * and asks plain `go`, with the runner's own environment, whether it would silently switch.
 */
import path from 'node:path'
import semver from 'semver'
import type { Config } from '../config.js'
import { compareFindings, type CheckFinding } from '../findings.js'
import { describeEnding, succeeded, toPosix } from '../go/command.js'
import {
  findDirectiveLine,
  locateDirectives,
  parseGoWorkJson,
  type Directive
} from '../go/gomod.js'
import { loadFailure, loadModule, type GoModule, type GoWorkspace } from '../go/modules.js'
import {
  compareGoVersions,
  formatGoVersion,
  isLanguageVersion,
  parseGoVersion,
  requiresPatchedForm,
  toSemver,
  type GoVersion
} from '../go/version.js'
import {
  VERSION_FILES,
  isVersionFileName,
  parseVersionFile,
  type VersionFileName
} from '../go/versionfiles.js'
import type { Check, CheckContext, CheckOutcome } from './types.js'
import { isInside, readIfFile } from '../files.js'

/** A version file found on disk, with its text. */
export interface VersionFileFact {
  name: VersionFileName
  /** Absolute. */
  file: string
  text: string
}

/** What plain `go` does with the runner's own environment (no pinning). */
export interface PlainGoProbe {
  /** `go env GOTOOLCHAIN`: go answers it without switching, so it is the configured value. */
  gotoolchain: string
  /** `go env GOVERSION` when it succeeded. */
  version?: string
  /** go's message when it did not (a switch that needs a download fails: the probe is offline). */
  error?: string
}

/** Everything the toolchain check decides from; the check gathers it, assessToolchain judges it. */
export interface ToolchainFacts extends Pick<
  CheckContext,
  'runnerGoEnv' | 'effectiveGoEnv' | 'effectiveGoEnvError' | 'modules' | 'workspace'
> {
  config: Pick<Config, 'root' | 'workingDirectory' | 'gotoolchain' | 'goVersion' | 'goVersionFile'>
  /** .go-version and .tool-versions files in the repository root and each module's directory. */
  versionFiles: VersionFileFact[]
  /** The go-version-file input: its text, and go's reading of it when it is a go.mod/go.work. */
  goVersionFile?: { text: string; loaded?: GoModule | GoWorkspace }
  plain?: PlainGoProbe
}

const PROBE_TIMEOUT_MS = 60_000

export const toolchainCheck: Check = {
  name: 'toolchain',
  stage: 0,
  timeoutMs: 5 * 60_000,
  async run(context: CheckContext): Promise<CheckOutcome> {
    const [goVersionFile, plain] = await Promise.all([
      readGoVersionFile(context),
      probePlainGo(context)
    ])
    return assessToolchain({
      config: context.config,
      runnerGoEnv: context.runnerGoEnv,
      effectiveGoEnv: context.effectiveGoEnv,
      effectiveGoEnvError: context.effectiveGoEnvError,
      modules: context.modules,
      workspace: context.workspace,
      versionFiles: findVersionFiles(context),
      goVersionFile,
      plain
    })
  }
}

// ---------------------------------------------------------------------------------------------
// Gathering (reads files, runs go)

/** .go-version and .tool-versions in the repository root, each module's and the workspace's directory. */
function findVersionFiles(context: CheckContext): VersionFileFact[] {
  const dirs = new Set<string>([context.config.root])
  for (const m of context.modules) dirs.add(m.dir)
  if (context.workspace) dirs.add(path.dirname(context.workspace.file))
  const found: VersionFileFact[] = []
  for (const dir of dirs) {
    for (const name of VERSION_FILES) {
      const file = path.join(dir, name)
      const text = readIfFile(file)
      if (text !== undefined) found.push({ name, file, text })
    }
  }
  return found
}

async function readGoVersionFile(context: CheckContext): Promise<ToolchainFacts['goVersionFile']> {
  const file = context.config.goVersionFile
  if (file === undefined) return undefined
  const text = readIfFile(file) ?? ''
  const base = path.basename(file)
  if (base === 'go.mod') {
    const loaded =
      context.modules.find((m) => m.file === file) ??
      (await loadModule(context.go, context.config.root, path.dirname(file)))
    return { text, loaded }
  }
  if (base === 'go.work') {
    if (context.workspace?.file === file) return { text, loaded: context.workspace }
    const loaded: GoWorkspace = {
      file,
      relPath: relativePath(context.config.root, file),
      text,
      directives: locateDirectives(text)
    }
    const result = await context.go.run(['work', 'edit', '-json', file], {
      cwd: path.dirname(file),
      env: { GOTOOLCHAIN: 'local' },
      timeoutMs: PROBE_TIMEOUT_MS
    })
    if (succeeded(result)) loaded.json = parseGoWorkJson(result.stdout)
    if (loaded.json === undefined) loaded.loadError = loadFailure('go work edit -json', result)
    return { text, loaded }
  }
  return { text }
}

/**
 * Plain `go env GOVERSION` with the runner's own environment: what a workflow step without the
 * gate would run. The environment is the runner's, not the pinned one (pinning is what hides the
 * switch), except GOPROXY=off: this check runs before anything may use the network, so a switch
 * that needs a download fails, and go's message names the toolchain it wanted. A toolchain
 * already in the module cache or on PATH is still used, as it would be.
 */
async function probePlainGo(context: CheckContext): Promise<PlainGoProbe> {
  const plainGo = context.go.withEnvironment(context.processEnv)
  const cwd = context.config.workingDirectory
  const [version, gotoolchain] = await Promise.all([
    plainGo.run(['env', 'GOVERSION'], {
      cwd,
      env: { GOPROXY: 'off' },
      timeoutMs: PROBE_TIMEOUT_MS
    }),
    plainGo.run(['env', 'GOTOOLCHAIN'], { cwd, timeoutMs: PROBE_TIMEOUT_MS })
  ])
  const probe: PlainGoProbe = {
    gotoolchain: succeeded(gotoolchain) ? gotoolchain.stdout.trim() : '(unknown)'
  }
  if (succeeded(version) && version.stdout.trim() !== '') probe.version = version.stdout.trim()
  else probe.error = version.stderr.trim() || `go env GOVERSION ${describeEnding(version)}`
  return probe
}

// ---------------------------------------------------------------------------------------------
// Judging (pure)

/** A version as written in a file, parsed, with the line it sits on. */
interface Stated {
  text: string
  version: GoVersion
  line?: number
}

/** What one go.mod or go.work asks for. */
interface Requirement {
  kind: 'go.mod' | 'go.work'
  relPath: string
  /** Absolute directory of the file. */
  dir: string
  go?: Stated
  toolchain?: Stated
}

/**
 * The version inside a toolchain name, as go's gover.FromToolchain reads it: go1.21.1,
 * go1.21.1-bigcorp, gccgo-go1.21.1; also GOVERSION values ("go1.26.8 X:nocoverageredesign").
 * Undefined for devel builds and "default".
 */
export function parseToolchainName(name: string): GoVersion | undefined {
  const first = name.trim().split(/\s+/)[0] ?? ''
  let rest: string
  if (first.startsWith('go')) rest = first.slice(2)
  else if (first.includes('-go')) rest = first.slice(first.indexOf('-go') + 3)
  else return undefined
  return parseGoVersion(rest.split('-')[0] ?? '')
}

/** A version as people write it in .go-version / .tool-versions: 1.26.1, 1.26, 1.26.x, go1.26.1. */
export function parseWrittenVersion(text: string): GoVersion | undefined {
  return parseGoVersion(text.trim().replace(/^go/, '').replace(/\.x$/, ''))
}

/** `stated` (possibly a minor only: "1.26" means any 1.26.x) is satisfied by `release`. */
export function matchesRelease(stated: GoVersion, release: GoVersion): boolean {
  if (isLanguageVersion(stated)) {
    return stated.major === release.major && stated.minor === release.minor
  }
  return compareGoVersions(stated, release) === 0
}

/** `written` (a minor only means its newest patch) is older than the minimum `min`. */
function olderThan(written: GoVersion, min: GoVersion): boolean {
  if (isLanguageVersion(written)) {
    return written.major < min.major || (written.major === min.major && written.minor < min.minor)
  }
  return compareGoVersions(written, min) < 0
}

function atLeast(have: GoVersion, want: GoVersion): boolean {
  return compareGoVersions(have, want) >= 0
}

function relativePath(root: string, file: string): string {
  return toPosix(path.relative(root, file)) || '.'
}

function requirementOf(
  kind: 'go.mod' | 'go.work',
  loaded: GoModule | GoWorkspace
): Requirement | undefined {
  // A file go could not read is modfile's to report.
  if (loaded.json === undefined) return undefined
  const requirement: Requirement = { kind, relPath: loaded.relPath, dir: path.dirname(loaded.file) }
  const goText = loaded.json.Go
  const goVersion = goText === undefined ? undefined : parseGoVersion(goText)
  if (goText !== undefined && goVersion !== undefined) {
    requirement.go = {
      text: goText,
      version: goVersion,
      line: findDirectiveLine(loaded.directives, 'go')
    }
  }
  // `go work edit -json` leaves Toolchain out (go 1.26 prints only Go, Use, Replace, though its
  // documentation lists it), so for go.work the directive's own word is the only reading there is.
  const toolchainText =
    loaded.json.Toolchain ??
    (kind === 'go.work' ? directiveWord(loaded.directives, 'toolchain') : undefined)
  const toolchainVersion =
    toolchainText === undefined ? undefined : parseToolchainName(toolchainText)
  if (toolchainText !== undefined && toolchainVersion !== undefined) {
    requirement.toolchain = {
      text: toolchainText,
      version: toolchainVersion,
      line: findDirectiveLine(loaded.directives, 'toolchain')
    }
  }
  return requirement
}

function directiveWord(directives: Directive[], verb: string): string | undefined {
  return directives.find((d) => d.verb === verb)?.args[0]
}

/** The release a requirement makes go use at least: the toolchain line when it is the higher. */
function neededRelease(r: Requirement): Stated | undefined {
  if (r.toolchain && (!r.go || atLeast(r.toolchain.version, r.go.version))) return r.toolchain
  return r.go
}

/** Pure: the findings and summary for these facts. */
export function assessToolchain(facts: ToolchainFacts): CheckOutcome {
  const { config } = facts
  const findings: CheckFinding[] = []
  const add = (f: CheckFinding): void => {
    findings.push(f)
  }
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

  if (facts.effectiveGoEnvError !== undefined) {
    add({
      rule: 'toolchain/unavailable',
      severity: 'error',
      title: local
        ? 'go env fails with the pinned environment'
        : `Go cannot start with GOTOOLCHAIN=${mode}`,
      message: facts.effectiveGoEnvError,
      fix: local
        ? 'fix the go environment go reports above (go env -json must succeed)'
        : `install the toolchain GOTOOLCHAIN=${mode} names before this step, or use gotoolchain: local`
    })
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
  for (const r of requirements) {
    if (r.go && isLanguageVersion(r.go.version) && requiresPatchedForm(r.go.version)) {
      add({
        rule: 'toolchain/go-line',
        severity: 'warning',
        title: 'go line names no release',
        message:
          `go ${r.go.text} names a language version, not a release (the first release is ` +
          `${r.go.text}.0): with GOTOOLCHAIN=auto, go releases from before the fix for ` +
          `golang/go#62278 try to download "go${r.go.text}" and fail with "toolchain not available"`,
        file: r.relPath,
        line: r.go.line,
        fix: `write \`go ${r.go.text}.0\` in ${r.relPath}`
      })
    }
  }
  if (facts.workspace && workspaceRequirement?.go) {
    findings.push(...workspaceGoLine(facts, workspaceRequirement))
  }
  findings.push(...versionFileDisagreements(facts, requirements))

  if (installed === undefined) {
    add({
      rule: 'toolchain/not-comparable',
      severity: 'notice',
      title: 'Go version not comparable',
      message: `go reports version "${installedText}", which is not a release; toolchain requirements were not compared`
    })
    return finish(findings, summaryLine(facts, installedText, runningText, requirements))
  }

  // Then what runs against what they ask.
  for (const r of requirements) {
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
    const switched = silentSwitchFinding(facts.plain, reference, governing)
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
            `GOTOOLCHAIN=${mode} could not switch: ${goMessage(facts.effectiveGoEnvError ?? '')}`
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

/** The release to install for a stated version: 1.22 means 1.22.0. */
function releaseOf(stated: Stated): string {
  const v = stated.version
  if (isLanguageVersion(v) && requiresPatchedForm(v)) return `${formatGoVersion(v)}.0`
  return formatGoVersion(v)
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

/** .go-version / .tool-versions that would make setup-go, asdf or mise install another go. */
function versionFileDisagreements(
  facts: ToolchainFacts,
  requirements: Requirement[]
): CheckFinding[] {
  const findings: CheckFinding[] = []
  for (const vf of facts.versionFiles) {
    const entry = parseVersionFile(vf.name, vf.text)
    const written = entry ? parseWrittenVersion(entry.version) : undefined
    if (!entry || !written) continue
    const dir = path.dirname(vf.file)
    const governing = governingRequirement(dir, requirements)
    if (!governing) continue
    const relPath = relativePath(facts.config.root, vf.file)
    const needed = neededRelease(governing)
    if (needed && needed === governing.toolchain) {
      if (matchesRelease(written, needed.version)) continue
      findings.push({
        rule: 'toolchain/version-file',
        severity: 'warning',
        title: `${vf.name} disagrees with ${governing.kind}`,
        message:
          `${relPath} says ${entry.version}, but ${governing.relPath}'s toolchain line says ` +
          `${needed.text}: tools that read ${vf.name} install another go than the one go selects`,
        file: relPath,
        line: entry.line,
        fix: `write ${formatGoVersion(needed.version)} in ${relPath}, or change the toolchain line`
      })
    } else if (governing.go && olderThan(written, governing.go.version)) {
      findings.push({
        rule: 'toolchain/version-file',
        severity: 'warning',
        title: `${vf.name} disagrees with ${governing.kind}`,
        message:
          `${relPath} says ${entry.version}, older than ${governing.relPath}'s go line ` +
          `(${governing.go.text}): a go installed from ${vf.name} cannot build this module`,
        file: relPath,
        line: entry.line,
        fix: `write ${releaseOf(governing.go)} (or newer) in ${relPath}`
      })
    }
  }
  return findings
}

/**
 * The go.mod/go.work a version file in `dir` speaks for: the module there, else the workspace
 * there, else the module under it with the highest go line (its toolchain line aside).
 */
function governingRequirement(dir: string, requirements: Requirement[]): Requirement | undefined {
  const here =
    requirements.find((r) => r.kind === 'go.mod' && r.dir === dir) ??
    requirements.find((r) => r.kind === 'go.work' && r.dir === dir)
  if (here) return here
  const below = requirements.filter((r) => r.kind === 'go.mod' && r.go && isInside(dir, r.dir))
  let highest: Requirement | undefined
  for (const r of below) {
    if (!highest?.go || (r.go && !atLeast(highest.go.version, r.go.version))) highest = r
  }
  return highest ? { ...highest, toolchain: undefined } : undefined
}

function goVersionInput(facts: ToolchainFacts, running: GoVersion): CheckFinding[] {
  const range = facts.config.goVersion
  if (range === undefined) return []
  if (semver.satisfies(toSemver(running), range, { includePrerelease: true })) return []
  return [
    {
      rule: 'toolchain/go-version',
      severity: 'error',
      title: 'Go outside go-version',
      message: `go ${formatGoVersion(running)} runs here, which does not satisfy go-version "${range}"`,
      fix: `install a matching go before this step (actions/setup-go with go-version: ${range}) or change go-version`
    }
  ]
}

function goVersionFileInput(
  facts: ToolchainFacts,
  running: GoVersion,
  sofar: CheckFinding[]
): CheckFinding[] {
  const file = facts.config.goVersionFile
  if (file === undefined || facts.goVersionFile === undefined) return []
  const relPath = relativePath(facts.config.root, file)
  const base = path.basename(file)
  const runs = formatGoVersion(running)
  const fix = `install it before this step (actions/setup-go with go-version-file: ${relPath})`
  if (base === 'go.mod' || base === 'go.work') {
    const loaded = facts.goVersionFile.loaded
    if (!loaded) return []
    // A module in scope that go cannot read is modfile's finding; one outside scope is ours.
    if (loaded.json === undefined) {
      if (facts.modules.some((m) => m.file === file) || facts.workspace?.file === file) return []
      return [
        {
          rule: 'toolchain/go-version-file',
          severity: 'error',
          title: 'go-version-file unreadable',
          message: loaded.loadError ?? `go could not read ${relPath}`,
          file: relPath,
          fix: `point go-version-file at a valid ${base}`
        }
      ]
    }
    const r = requirementOf(base, loaded)
    const needed = r ? neededRelease(r) : undefined
    if (!needed || atLeast(running, needed.version)) return []
    // The go line's own error already says this, on this line.
    if (sofar.some((f) => f.severity === 'error' && f.file === relPath && f.line === needed.line)) {
      return []
    }
    return [
      {
        rule: 'toolchain/go-version-file',
        severity: 'error',
        title: 'Go older than go-version-file',
        message: `go-version-file ${relPath} asks for go >= ${needed.text}, but go ${runs} runs here`,
        file: relPath,
        line: needed.line,
        fix
      }
    ]
  }
  if (!isVersionFileName(base)) return []
  const entry = parseVersionFile(base, facts.goVersionFile.text)
  const written = entry ? parseWrittenVersion(entry.version) : undefined
  if (!entry || !written) {
    return [
      {
        rule: 'toolchain/go-version-file',
        severity: 'error',
        title: 'go-version-file names no Go version',
        message: entry
          ? `${relPath} says "${entry.version}", which is not a Go version`
          : `${relPath} names no Go version${base === '.tool-versions' ? ' (no golang or go line)' : ''}`,
        file: relPath,
        line: entry?.line,
        fix: `write the Go version in ${relPath}, e.g. ${base === '.tool-versions' ? 'golang ' : ''}${runs}`
      }
    ]
  }
  if (matchesRelease(written, running)) return []
  return [
    {
      rule: 'toolchain/go-version-file',
      severity: 'error',
      title: 'Go does not match go-version-file',
      message: `go-version-file ${relPath} says ${entry.version}, but go ${runs} runs here`,
      file: relPath,
      line: entry.line,
      fix
    }
  ]
}

const SWITCH_TARGET = /go: download(?:ing)? (\S+?)(?::| for | \()/
const PATH_TARGET = /cannot find "([^"]+)" in PATH/

/**
 * Pure: a warning when plain `go` (the runner's own environment) runs, or would download, another
 * toolchain than `reference` (what the gate's go runs), or cannot run at all. `governing` is the
 * go.mod/go.work of the working directory, to point at the line that made go switch.
 */
export function silentSwitchFinding(
  plain: PlainGoProbe,
  reference: string,
  governing?: Pick<Requirement, 'relPath' | 'go' | 'toolchain'>
): CheckFinding | undefined {
  const fix =
    'pin GOTOOLCHAIN=local for every go step (the gate exports it) and install the version go.mod asks for (actions/setup-go with go-version-file: go.mod)'
  const name = (text: string): string => text.trim().split(/\s+/)[0] ?? ''
  const via = `GOTOOLCHAIN=${plain.gotoolchain}`
  let target: string | undefined
  let downloads = false
  if (plain.version !== undefined) {
    if (name(plain.version) === name(reference)) return undefined
    target = name(plain.version)
  } else {
    const error = plain.error ?? ''
    const download = SWITCH_TARGET.exec(error)
    if (download?.[1] && download[1] !== name(reference)) {
      target = download[1]
      downloads = true
    } else {
      const missing = PATH_TARGET.exec(error)?.[1]
      const cause = missing ? locate(governing, missing) : undefined
      return {
        rule: 'toolchain/outside-gate',
        severity: 'warning',
        title: 'Go fails outside the gate',
        message:
          `with the runner's own environment (${via}) plain \`go\` fails: ${goMessage(error)}` +
          (cause ? ` (${cause.why})` : ''),
        ...(cause ? { file: cause.file, line: cause.line } : {}),
        fix
      }
    }
  }
  const cause = locate(governing, target)
  const why = cause ? `${cause.why} and ${via} lets it` : `${via} says so`
  const message = downloads
    ? `with the runner's own environment plain \`go\` switches to ${target} (${why}) and downloads it; the gate runs ${name(reference)}`
    : `with the runner's own environment plain \`go\` runs ${target}, not ${name(reference)} (${why})`
  return {
    rule: 'toolchain/outside-gate',
    severity: 'warning',
    title: 'Go switches toolchains outside the gate',
    message,
    ...(cause ? { file: cause.file, line: cause.line } : {}),
    fix
  }
}

/** Which line of the governing file names `toolchainName` (go1.99.1), if any. */
function locate(
  governing: Pick<Requirement, 'relPath' | 'go' | 'toolchain'> | undefined,
  toolchainName: string
): { file: string; line?: number; why: string } | undefined {
  if (!governing) return undefined
  const version = parseToolchainName(toolchainName)
  if (!version) return undefined
  if (governing.toolchain && compareGoVersions(governing.toolchain.version, version) === 0) {
    return {
      file: governing.relPath,
      line: governing.toolchain.line,
      why: `the toolchain line in ${governing.relPath} asks for it`
    }
  }
  const go = governing.go
  if (
    go &&
    (compareGoVersions(go.version, version) === 0 || releaseOf(go) === formatGoVersion(version))
  ) {
    return {
      file: governing.relPath,
      line: go.line,
      why: `the go line in ${governing.relPath} asks for it`
    }
  }
  return undefined
}

/** go's own complaint: the last line that is not download progress, without our prefixes. */
function goMessage(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^go env -json failed: /, '').trim())
    .filter((l) => l !== '' && !l.startsWith('go: downloading '))
  return lines[lines.length - 1] ?? text.trim()
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
