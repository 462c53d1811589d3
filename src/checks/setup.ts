/**
 * When the gate cannot run the checks at all: no go, a go that refuses the job's environment, no
 * Go module where it looked. Each is one clear error from the check it belongs to; the checks
 * that cannot run without what failed are skipped with the reason, never passed. The command
 * exits 2 for these (a bad set-up, not failing code). Pure: the gate gathers, this judges.
 */
import path from 'node:path'
import type { CheckName, CheckResult, Finding } from '../findings.js'
import { capText, printableValue } from '../text.js'
import type { Check } from './types.js'

export interface SetupFailure {
  /** The check the finding belongs to. */
  check: CheckName
  /** Undefined when the check itself reports it (it runs: it is in `runnable`). */
  finding?: Finding
  /** Why the other checks did not run: their summaries say `not run: <reason>`. */
  reason: string
  /** Checks that still run: they need nothing of what failed (stage 0 ones). */
  runnable: CheckName[]
}

/** How one `go env -json` went wrong. */
export type GoEnvProblem =
  | { kind: 'failed'; ending: string; stderr: string }
  | { kind: 'timed-out'; seconds: number }
  | { kind: 'not-json'; output: string }

const SHOWN_VALUE = 80
const SHOWN_OUTPUT = 300

/** The job's go environment variables go's message names and the job sets, as `NAME=value`. */
export function blamedVariables(
  message: string,
  env: Record<string, string | undefined>
): string[] {
  const names = new Set(message.match(/\b(?:GO[A-Z0-9_]*|CGO_[A-Z_]+|CC|CXX)\b/g) ?? [])
  const blamed: string[] = []
  for (const name of names) {
    const value = env[name]
    if (value === undefined || value === '') continue
    blamed.push(`${name}=${printableValue(value, SHOWN_VALUE)}`)
  }
  return blamed
}

/** No go on PATH: nothing can run. */
export function goMissingFailure(error: Error): SetupFailure {
  return {
    check: 'toolchain',
    finding: {
      check: 'toolchain',
      rule: 'toolchain/go-missing',
      severity: 'error',
      title: 'Go is not installed',
      message: error.message,
      fix: 'add `- uses: actions/setup-go@v6` with `go-version-file: go.mod` before this step'
    },
    reason: 'go was not found',
    runnable: []
  }
}

/** go env with the runner's own environment failed: nothing can run. */
export function goEnvFailure(
  problem: GoEnvProblem,
  env: Record<string, string | undefined>
): SetupFailure {
  let finding: Finding
  if (problem.kind === 'timed-out') {
    finding = {
      check: 'env',
      rule: 'env/go-env-timeout',
      severity: 'error',
      title: `go env did not answer within ${problem.seconds} s`,
      message:
        `\`go env -json\` with the job's environment timed out after ${problem.seconds} s and was stopped. ` +
        'A go that hangs before doing anything is waiting on something outside Go: a wrapper script, a lock, a network file system.',
      fix: 'run `go env -json` in a step before this one to see where it hangs'
    }
  } else if (problem.kind === 'not-json') {
    finding = {
      check: 'env',
      rule: 'env/go-env-invalid',
      severity: 'error',
      title: 'go env -json printed something that is not JSON',
      message:
        `The \`go\` on PATH answered \`go env -json\` with:\n${capText(problem.output.trim(), SHOWN_OUTPUT) || '(nothing)'}\n` +
        'That is not a Go toolchain (a wrapper script, or another program named go).',
      fix: 'put a real Go toolchain first on PATH (actions/setup-go) before this step'
    }
  } else {
    const said = capText(problem.stderr.trim(), SHOWN_OUTPUT)
    const blamed = blamedVariables(said, env)
    finding = {
      check: 'env',
      rule: 'env/go-env-failed',
      severity: 'error',
      title:
        blamed.length > 0
          ? `go rejects the job's environment: ${blamed.join(', ')}`
          : "go env fails with the job's environment",
      message: `\`go env -json\` ${problem.ending}${said === '' ? ' without a message' : `:\n${said}`}`,
      fix:
        blamed.length > 0
          ? `fix or unset ${blamed.map((b) => b.split('=')[0]).join(', ')} in the workflow's env (go says what is wrong above)`
          : 'run `go env -json` on the runner and fix what it reports'
    }
  }
  return { check: 'env', finding, reason: finding.title, runnable: [] }
}

/** GOFLAGS holds something go cannot parse: every go command but go env fails the same way. */
export function goflagsFailure(goflags: string, stderr: string): SetupFailure {
  const said = capText(stderr.trim(), SHOWN_OUTPUT)
  const finding: Finding = {
    check: 'env',
    rule: 'env/goflags-invalid',
    severity: 'error',
    title: `go cannot parse GOFLAGS=${printableValue(goflags, SHOWN_VALUE)}`,
    message:
      `${said}\nEvery go command reads GOFLAGS (the gate keeps the runner's flags and adds its own), ` +
      'so none of them could run.',
    fix: 'fix or remove the flag go names in GOFLAGS (the workflow env, or `go env -u GOFLAGS`)'
  }
  return { check: 'env', finding, reason: `go cannot parse GOFLAGS`, runnable: [] }
}

/** The pinned environment makes go fail (a GOTOOLCHAIN it cannot get): the toolchain check says so. */
export function pinnedGoFailure(gotoolchain: string): SetupFailure {
  return {
    check: 'toolchain',
    reason:
      gotoolchain === 'local'
        ? 'go env fails with the pinned environment'
        : `go cannot start with GOTOOLCHAIN=${gotoolchain}`,
    runnable: ['toolchain', 'env', 'modfile']
  }
}

export interface NoModuleFacts {
  /** Absolute directory the gate looked in. */
  workingDirectory: string
  /** Absolute repository root. */
  root: string
  /** A go.mod above the working directory, inside the repository, when there is one. */
  enclosing?: string
}

/** No go.mod at or below the working directory: a gate that checked nothing never passes. */
export function noModuleFailure(facts: NoModuleFacts): SetupFailure {
  const shown = displayDir(facts.root, facts.workingDirectory)
  const enclosing =
    facts.enclosing === undefined
      ? undefined
      : displayDir(facts.root, path.dirname(facts.enclosing))
  const finding: Finding = {
    check: 'modfile',
    rule: 'modfile/no-module',
    severity: 'error',
    title: `No Go module found in ${shown}`,
    message:
      `Looked for go.mod in ${shown} and every directory below it (skipping vendor/, testdata/, ` +
      'node_modules/ and directories starting with . or _), and found none, so there was nothing to check.' +
      (enclosing === undefined
        ? ''
        : `\n${shown} lies inside the module at ${enclosing}: the gate checks whole modules.`),
    fix:
      enclosing !== undefined
        ? `set working-directory to ${enclosing}`
        : 'check out the repository before this step (actions/checkout), or set working-directory to the directory holding go.mod'
  }
  return {
    check: 'modfile',
    finding,
    reason: `no Go module found in ${shown}`,
    runnable: ['toolchain', 'env']
  }
}

/** Every planned check's result when set-up failed: the finding, what ran, the rest skipped. */
export function setupResults(
  planned: readonly Check[],
  failure: SetupFailure,
  ran: ReadonlyMap<CheckName, CheckResult>
): CheckResult[] {
  const results = planned.map((check): CheckResult => {
    const result = ran.get(check.name)
    if (check.name === failure.check && failure.finding !== undefined) {
      const findings = [failure.finding, ...(result?.findings ?? [])]
      return { check: check.name, status: 'fail', durationMs: result?.durationMs ?? 0, findings }
    }
    if (result !== undefined) return result
    return {
      check: check.name,
      status: 'skipped',
      durationMs: 0,
      findings: [],
      summary: `not run: ${failure.reason}`
    }
  })
  // The failure's own check was not planned (checks: tests): its finding still shows, first.
  if (failure.finding !== undefined && !planned.some((c) => c.name === failure.check)) {
    results.unshift({
      check: failure.check,
      status: 'fail',
      durationMs: 0,
      findings: [failure.finding]
    })
  }
  return results
}

function displayDir(root: string, dir: string): string {
  const relative = path.relative(root, dir).split(path.sep).join('/')
  if (relative === '') return 'the repository root'
  return relative.startsWith('..') ? dir : relative
}
