/**
 * What the toolchain check decides from, gathered: the version files on disk, the go-version-file
 * input as go reads it, and what plain `go` does with the runner's own environment.
 */
import path from 'node:path'
import type { Config } from '../config.js'
import { readIfFile } from '../files.js'
import { describeEnding, succeeded, type GoRunner } from './command.js'
import type { GoEnv } from './env.js'
import { locateDirectives, parseGoWorkJson } from './gomod.js'
import { loadFailure, loadModule, type GoModule, type GoWorkspace } from './modules.js'
import { relativePath } from './requirements.js'
import { VERSION_FILES, type VersionFileName } from './versionfiles.js'

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

/** Everything the toolchain check decides from; gatherToolchainFacts gathers it. */
export interface ToolchainFacts {
  config: Pick<Config, 'root' | 'workingDirectory' | 'gotoolchain' | 'goVersion' | 'goVersionFile'>
  /** `go env -json` under GOTOOLCHAIN=local with the runner's own environment: the installed go. */
  runnerGoEnv: GoEnv
  /** `go env -json` with the pinned environment: the go every child runs. */
  effectiveGoEnv: GoEnv
  /** Why `go env` failed under the pinned environment. */
  effectiveGoEnvError?: string
  modules: GoModule[]
  workspace?: GoWorkspace
  /** .go-version and .tool-versions files in the repository root and each module's directory. */
  versionFiles: VersionFileFact[]
  /** The go-version-file input: its text, and go's reading of it when it is a go.mod/go.work. */
  goVersionFile?: { text: string; loaded?: GoModule | GoWorkspace }
  plain?: PlainGoProbe
}

/** What gathering reads: the check's context has all of it. */
export interface ToolchainSources extends Omit<
  ToolchainFacts,
  'config' | 'versionFiles' | 'goVersionFile' | 'plain'
> {
  config: Config
  /** Runs go with the pinned environment. */
  go: GoRunner
  /** The runner's process environment, as the gate found it. */
  processEnv: Record<string, string | undefined>
}

const PROBE_TIMEOUT_MS = 60_000

/** Reads the version files and the go-version-file, and probes plain go. */
export async function gatherToolchainFacts(sources: ToolchainSources): Promise<ToolchainFacts> {
  const [goVersionFile, plain] = await Promise.all([
    readGoVersionFile(sources),
    probePlainGo(sources)
  ])
  return {
    config: sources.config,
    runnerGoEnv: sources.runnerGoEnv,
    effectiveGoEnv: sources.effectiveGoEnv,
    effectiveGoEnvError: sources.effectiveGoEnvError,
    modules: sources.modules,
    workspace: sources.workspace,
    versionFiles: findVersionFiles(sources),
    goVersionFile,
    plain
  }
}

/** .go-version and .tool-versions in the repository root, each module's and the workspace's directory. */
function findVersionFiles(sources: ToolchainSources): VersionFileFact[] {
  const dirs = new Set<string>([sources.config.root])
  for (const m of sources.modules) dirs.add(m.dir)
  if (sources.workspace) dirs.add(path.dirname(sources.workspace.file))
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

async function readGoVersionFile(
  sources: ToolchainSources
): Promise<ToolchainFacts['goVersionFile']> {
  const file = sources.config.goVersionFile
  if (file === undefined) return undefined
  const text = readIfFile(file) ?? ''
  const base = path.basename(file)
  if (base === 'go.mod') {
    const loaded =
      sources.modules.find((m) => m.file === file) ??
      (await loadModule(sources.go, sources.config.root, path.dirname(file)))
    return { text, loaded }
  }
  if (base === 'go.work') {
    if (sources.workspace?.file === file) return { text, loaded: sources.workspace }
    const loaded: GoWorkspace = {
      file,
      relPath: relativePath(sources.config.root, file),
      text,
      directives: locateDirectives(text)
    }
    const result = await sources.go.run(['work', 'edit', '-json', file], {
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
async function probePlainGo(sources: ToolchainSources): Promise<PlainGoProbe> {
  const plainGo = sources.go.withEnvironment(sources.processEnv)
  const cwd = sources.config.workingDirectory
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
