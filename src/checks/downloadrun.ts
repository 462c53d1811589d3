/**
 * The download check's gathering: copies what go may write, runs `go mod download` on the copies
 * with retries and backoff inside a target's budget, and records what each attempt printed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { readIfFile } from '../files.js'
import type { GoRunResult } from '../go/command.js'
import { parseDownloadOutput } from '../go/downloaderrors.js'
import { formatGoDuration as formatDuration } from '../go/duration.js'
import { isLocalReplace } from '../go/gomod.js'
import type { GoWorkspace } from '../go/modules.js'
import {
  backoffDelay,
  retryDecision,
  sumPathOf,
  type AttemptFacts,
  type TargetFacts
} from './downloadfacts.js'
import type { ModuleTarget } from './moduletargets.js'
import type { CheckContext } from './types.js'

export interface DownloadSettings {
  backoffMs: number
  attemptTimeoutMs: number
  /** What one target's attempts and waits may take together. */
  budgetMs: number
}

/** An attempt with less time than this left is not started. */
const MIN_ATTEMPT_MS = 1000
const EDIT_TIMEOUT_MS = 60_000

/** One target: `go mod download` on copies, retried while failures are transient and time is left. */
export async function downloadTarget(
  context: CheckContext,
  target: ModuleTarget,
  settings: DownloadSettings,
  deadline: number
): Promise<TargetFacts> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-download-'))
  try {
    const copy = await prepareCopy(context, target, tmp)
    const maxAttempts = 1 + context.config.downloadRetries
    const attempts: AttemptFacts[] = []
    let stoppedEarly: string | undefined
    for (let n = 1; n <= maxAttempts; n++) {
      // The first attempt always gets its whole limit; later ones what the budget has left.
      const timeoutMs =
        n === 1
          ? settings.attemptTimeoutMs
          : Math.min(settings.attemptTimeoutMs, deadline - Date.now())
      if (timeoutMs < MIN_ATTEMPT_MS) {
        stoppedEarly = `the target's ${formatDuration(settings.budgetMs)} budget was spent`
        break
      }
      const result = await context.go.run(copy.args, {
        cwd: target.dir,
        env: copy.env,
        timeoutMs
      })
      const attempt = attemptFacts(result, timeoutMs)
      attempts.push(attempt)
      const decision = retryDecision(attempt)
      if (!decision.retry || n === maxAttempts) break
      const waitMs = backoffDelay(settings.backoffMs, n)
      if (Date.now() + waitMs + MIN_ATTEMPT_MS > deadline) {
        stoppedEarly = `the target's ${formatDuration(settings.budgetMs)} budget was spent`
        break
      }
      context.log(
        `download: attempt ${n + 1}/${maxAttempts} after ${decision.cause} from ${decision.subject ?? target.label}` +
          `${target.label === 'go.mod' ? '' : ` (${target.label})`}; retrying in ${formatDuration(waitMs)}`
      )
      try {
        await sleep(waitMs, undefined, { signal: context.signal })
      } catch {
        stoppedEarly = 'the gate was stopped'
        break
      }
    }
    return {
      target,
      attempts,
      maxAttempts,
      stoppedEarly,
      sums: { relPath: copy.sumRelPath, before: copy.sumBefore, after: readIfFile(copy.sumCopy) },
      goSums: copy.goSums,
      goMod:
        copy.goModBefore === undefined
          ? undefined
          : { before: copy.goModBefore, after: readIfFile(copy.copyFile) },
      copyFile: copy.copyFile
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

/** A target not tried because the module proxy could not be reached for an earlier one. */
export function notTried(target: ModuleTarget, maxAttempts: number, reason: string): TargetFacts {
  return {
    target,
    attempts: [],
    maxAttempts,
    stoppedEarly: `not tried: the module proxy could not be reached for an earlier module (${reason})`,
    proxyDown: reason,
    sums: { relPath: target.label },
    goSums: [],
    copyFile: ''
  }
}

interface PreparedCopy {
  args: string[]
  env: Record<string, string>
  copyFile: string
  sumCopy: string
  sumRelPath: string
  sumBefore?: string
  goModBefore?: string
  goSums: Array<{ relPath: string; text: string }>
}

/** Copies what go may write into `tmp` and says how to point go at the copies. */
async function prepareCopy(
  context: CheckContext,
  target: ModuleTarget,
  tmp: string
): Promise<PreparedCopy> {
  const goSums: Array<{ relPath: string; text: string }> = []
  for (const m of target.modules) {
    const text = readIfFile(path.join(m.dir, 'go.sum'))
    if (text !== undefined) goSums.push({ relPath: sumPathOf(m.relDir), text })
  }
  if (target.kind === 'module') {
    const module = target.modules[0] as ModuleTarget['modules'][number]
    const goModBefore = fs.readFileSync(path.join(module.dir, 'go.mod'), 'utf8')
    const sumBefore = readIfFile(path.join(module.dir, 'go.sum'))
    const copyFile = path.join(tmp, 'go.mod')
    fs.writeFileSync(copyFile, goModBefore)
    if (sumBefore !== undefined) fs.writeFileSync(path.join(tmp, 'go.sum'), sumBefore)
    return {
      args: ['mod', 'download', '-json', '-x', `-modfile=${copyFile}`],
      env: { GOWORK: 'off' },
      copyFile,
      sumCopy: path.join(tmp, 'go.sum'),
      sumRelPath: sumPathOf(module.relDir),
      sumBefore,
      goModBefore,
      goSums
    }
  }

  const workspace = context.workspace as GoWorkspace
  const copyFile = path.join(tmp, 'go.work')
  fs.writeFileSync(copyFile, fs.readFileSync(workspace.file, 'utf8'))
  const sumFile = path.join(path.dirname(workspace.file), 'go.work.sum')
  const sumBefore = readIfFile(sumFile)
  if (sumBefore !== undefined) fs.writeFileSync(path.join(tmp, 'go.work.sum'), sumBefore)
  const edits = absolutePathEdits(workspace, target.dir)
  if (edits.length > 0) {
    const result = await context.go.run(['work', 'edit', ...edits, copyFile], {
      cwd: target.dir,
      env: { GOWORK: copyFile },
      timeoutMs: EDIT_TIMEOUT_MS
    })
    if (result.exitCode !== 0) {
      throw new Error(`could not copy ${workspace.relPath}: ${result.stderr.trim()}`)
    }
  }
  const sumRelPath = workspace.relPath.replace(/go\.work$/, 'go.work.sum')
  const workSum = readIfFile(sumFile)
  if (workSum !== undefined) goSums.push({ relPath: sumRelPath, text: workSum })
  return {
    args: ['mod', 'download', '-json', '-x'],
    env: { GOWORK: copyFile },
    copyFile,
    sumCopy: path.join(tmp, 'go.work.sum'),
    sumRelPath,
    sumBefore,
    goSums
  }
}

/** `go work edit` flags making the copy's relative `use` and local `replace` paths absolute. */
export function absolutePathEdits(workspace: Pick<GoWorkspace, 'json'>, workDir: string): string[] {
  const edits: string[] = []
  for (const use of workspace.json?.Use ?? []) {
    if (path.isAbsolute(use.DiskPath)) continue
    edits.push(`-dropuse=${use.DiskPath}`, `-use=${path.resolve(workDir, use.DiskPath)}`)
  }
  for (const replace of workspace.json?.Replace ?? []) {
    if (!isLocalReplace(replace) || path.isAbsolute(replace.New.Path)) continue
    const old = replace.Old.Version
      ? `${replace.Old.Path}@${replace.Old.Version}`
      : replace.Old.Path
    edits.push(`-dropreplace=${old}`, `-replace=${old}=${path.resolve(workDir, replace.New.Path)}`)
  }
  return edits
}

function attemptFacts(result: GoRunResult, timeoutMs: number): AttemptFacts {
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    timeoutMs,
    output: parseDownloadOutput(result.stdout, result.stderr),
    stderr: result.stderr
  }
}
