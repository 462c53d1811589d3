/**
 * The gate's set-up: `go env` before and after pinning the environment, and the modules in scope,
 * into the context every check reads. A set-up that leaves nothing to check says why.
 */
import fs from 'node:fs'
import path from 'node:path'
import {
  goflagsFailure,
  noModuleFailure,
  pinnedGoFailure,
  type GoEnvProblem,
  type SetupFailure
} from './checks/setup.js'
import type { CheckContext } from './checks/types.js'
import type { Config } from './config.js'
import { isInside } from './files.js'
import { describeEnding, succeeded, type GoRunner } from './go/command.js'
import { parseGoEnvJson, pinEnvironment, type GoEnv } from './go/env.js'
import { discoverModuleDirs, loadModule, loadWorkspace } from './go/modules.js'
import { errorMessage } from './text.js'

export type Prepared =
  | { context: CheckContext & { abort: (reason?: Error) => void }; setup?: SetupFailure }
  | { failure: SetupFailure }

/**
 * Pins the environment, asks go what it now sees, and reads every module in scope. A set-up
 * that leaves nothing to check comes back as `failure`; one that leaves only the static checks
 * to run comes back as `setup`, next to the context they run with.
 */
export async function prepareContext(
  config: Config,
  runnerGo: GoRunner,
  runnerGoEnv: GoEnv,
  childEnv: Record<string, string | undefined>,
  processEnv: Record<string, string | undefined> = childEnv
): Promise<Prepared> {
  const moduleDirs = discoverModuleDirs(config.workingDirectory)
  const vendored = [config.workingDirectory, ...moduleDirs].some((dir) =>
    fs.existsSync(path.join(dir, 'vendor', 'modules.txt'))
  )
  const pinned = pinEnvironment(runnerGoEnv, config, { vendored })
  const go = runnerGo.withEnvironment({ ...childEnv, ...pinned })
  // go env ignores GOFLAGS; every other go command parses it first: probe with the cheapest.
  const probe = await go.run(['version'], {
    cwd: config.workingDirectory,
    env: { GOTOOLCHAIN: 'local' },
    timeoutMs: GO_ENV_TIMEOUT_MS
  })
  if (!succeeded(probe) && /\$GOFLAGS/.test(probe.stderr)) {
    return { failure: goflagsFailure(pinned.GOFLAGS, probe.stderr) }
  }
  // With GOTOOLCHAIN other than local, go may switch toolchains here: that is the point.
  let effectiveGoEnv = runnerGoEnv
  let effectiveGoEnvError: string | undefined
  try {
    effectiveGoEnv = await readGoEnv(go, config.workingDirectory, {}, TOOLCHAIN_SWITCH_TIMEOUT_MS)
  } catch (error) {
    effectiveGoEnvError = errorMessage(error)
  }
  const modules = await Promise.all(moduleDirs.map((dir) => loadModule(go, config.root, dir)))
  const workspace = await loadWorkspace(go, config.root, config.workingDirectory)
  const controller = new AbortController()
  const context: CheckContext & { abort: (reason?: Error) => void } = {
    config,
    go,
    runnerGoEnv,
    effectiveGoEnv,
    effectiveGoEnvError,
    pinned,
    processEnv,
    modules,
    workspace,
    signal: controller.signal,
    log: () => undefined,
    progress: () => undefined,
    abort: (reason?: Error) => controller.abort(reason)
  }
  if (modules.length === 0) {
    const enclosing = enclosingGoMod(config.root, config.workingDirectory)
    const failure = noModuleFailure({
      workingDirectory: config.workingDirectory,
      root: config.root,
      ...(enclosing === undefined ? {} : { enclosing })
    })
    return { context, setup: failure }
  }
  if (effectiveGoEnvError !== undefined) {
    return { context, setup: pinnedGoFailure(config.gotoolchain) }
  }
  return { context }
}

/** A go.mod in a directory above `dir`, up to the repository root. */
function enclosingGoMod(root: string, dir: string): string | undefined {
  for (let current = path.dirname(dir); isInside(root, current); current = path.dirname(current)) {
    const file = path.join(current, 'go.mod')
    if (fs.existsSync(file)) return file
    if (current === path.dirname(current)) break
  }
  return undefined
}

/** go env with the job's environment: it never downloads, so it answers quickly or is stuck. */
const GO_ENV_TIMEOUT_MS = 30_000
/** go env with the pinned GOTOOLCHAIN may download a whole toolchain first. */
const TOOLCHAIN_SWITCH_TIMEOUT_MS = 5 * 60_000

/** go env -json failed: how, for the set-up finding. */
export class GoEnvError extends Error {
  constructor(readonly problem: GoEnvProblem) {
    super(
      problem.kind === 'timed-out'
        ? `go env -json timed out after ${problem.seconds} s`
        : problem.kind === 'not-json'
          ? 'go env -json did not print JSON'
          : `go env -json failed: ${problem.stderr.trim() || problem.ending}`
    )
    this.name = 'GoEnvError'
  }
}

export async function readGoEnv(
  go: GoRunner,
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = GO_ENV_TIMEOUT_MS
): Promise<GoEnv> {
  const result = await go.run(['env', '-json'], { cwd, env, timeoutMs })
  if (result.timedOut) {
    throw new GoEnvError({ kind: 'timed-out', seconds: Math.round(timeoutMs / 1000) })
  }
  if (!succeeded(result)) {
    throw new GoEnvError({ kind: 'failed', ending: describeEnding(result), stderr: result.stderr })
  }
  try {
    return parseGoEnvJson(result.stdout)
  } catch {
    throw new GoEnvError({ kind: 'not-json', output: result.stdout })
  }
}
