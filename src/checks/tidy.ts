/**
 * tidy: are go.mod and go.sum what `go mod tidy` would write? `go mod tidy -diff` (Go 1.23+)
 * changes nothing on disk: it prints a unified diff of each file it would change and exits 1.
 * Every hunk becomes a finding on the lines of the committed file it touches. Exit 1 without a
 * diff means go could not load the module's packages: go's own message is the finding.
 *
 * Each module runs with GOWORK=off: tidiness is a property of a module's own go.mod and go.sum,
 * and in workspace mode `go mod tidy` refuses to run anyway. tidy may download what the module
 * needs but the cache lacks (a missing requirement), through the pinned GOPROXY.
 */
import fs from 'node:fs'
import path from 'node:path'
import { compareFindings, type CheckFinding } from '../findings.js'
import {
  describeEnding,
  describeFailure,
  ranToEnd,
  succeeded,
  type GoOutcome
} from '../go/command.js'
import type { GoModule } from '../go/modules.js'
import { hasTidyDiff, hunkModules, parseTidyDiff, type TidyHunk } from '../go/tidydiff.js'
import { goMessage, locateInGoMod } from '../go/verifyoutput.js'
import { compareGoVersions, formatGoVersion, parseGoVersion } from '../go/version.js'
import { describeSkipped, runnableModules, type SkippedModule, nothingToRun } from './scope.js'
import type { Check, CheckContext, CheckOutcome } from './types.js'

const COMMAND_TIMEOUT_MS = 5 * 60_000
const TIDY_ARGS = ['mod', 'tidy', '-diff']
/** The first Go with `go mod tidy -diff` (its release candidates included). */
export const TIDY_DIFF_SINCE = { major: 1, minor: 23 }

/** What one module's `go mod tidy -diff` printed; the check gathers it, assessTidy judges it. */
export interface ModuleTidyFacts {
  module: Pick<GoModule, 'relDir' | 'relPath' | 'directives'>
  /** Which of go.mod and go.sum exist in the module directory (tidy may create go.sum). */
  exists: { 'go.mod': boolean; 'go.sum': boolean }
  result: GoOutcome
}

export interface TidyFacts {
  modules: ModuleTidyFacts[]
  skipped: SkippedModule[]
  /** Repository root, to show paths under it relative. */
  root?: string
}

export const tidyCheck: Check = {
  name: 'tidy',
  stage: 2,
  timeoutMs: 10 * 60_000,
  async run(context: CheckContext): Promise<CheckOutcome> {
    const tooOld = goTooOld(context.effectiveGoEnv.GOVERSION ?? '')
    if (tooOld) return tooOld
    const { modules, skipped } = runnableModules(context)
    if (modules.length === 0) {
      return nothingToRun(skipped)
    }
    const facts: ModuleTidyFacts[] = []
    for (const module of modules) facts.push(await tidyModule(context, module))
    return assessTidy({ modules: facts, skipped, root: context.config.root })
  }
}

async function tidyModule(context: CheckContext, module: GoModule): Promise<ModuleTidyFacts> {
  context.log(`go mod tidy -diff in ${module.relDir}`)
  const result = await context.go.run(TIDY_ARGS, {
    cwd: module.dir,
    env: { GOWORK: 'off' },
    timeoutMs: COMMAND_TIMEOUT_MS
  })
  if (!succeeded(result) && !printedDiff(result)) context.log(describeFailure(TIDY_ARGS, result))
  return {
    module,
    exists: {
      'go.mod': fs.existsSync(path.join(module.dir, 'go.mod')),
      'go.sum': fs.existsSync(path.join(module.dir, 'go.sum'))
    },
    result
  }
}

// ---------------------------------------------------------------------------------------------
// Judging (pure)

/** Before Go 1.23 there is no -diff, and plain tidy would rewrite the files: skip with a notice. */
export function goTooOld(goversion: string): CheckOutcome | undefined {
  // GOVERSION may carry experiments after a space ("go1.26.8 X:nocoverageredesign").
  const running = parseGoVersion(goversion.trim().split(/\s+/)[0] ?? '')
  // A devel build or an unknown spelling: try it, go says so if -diff is unknown.
  if (running === undefined || compareGoVersions(running, TIDY_DIFF_SINCE) >= 0) return undefined
  const since = formatGoVersion(TIDY_DIFF_SINCE)
  return {
    findings: [
      {
        rule: 'tidy/unsupported',
        severity: 'notice',
        title: `tidy needs Go ${since} or newer`,
        message: `go mod tidy -diff exists since Go ${since}; this runner has go ${formatGoVersion(running)}, so go.mod and go.sum tidiness was not checked (plain go mod tidy would rewrite them).`,
        fix: `use Go ${since} or newer (actions/setup-go), or leave tidy out of checks`
      }
    ],
    status: 'skipped',
    summary: `go ${formatGoVersion(running)} has no go mod tidy -diff (Go ${since}+)`
  }
}

/** Pure: one finding per hunk of every diff, or go's message when it could not load. */
export function assessTidy(facts: TidyFacts): CheckOutcome {
  const findings: CheckFinding[] = []
  let untidy = 0
  let failed = 0
  for (const m of facts.modules) {
    const { result } = m
    if (succeeded(result)) continue
    if (printedDiff(result)) {
      const hunks = parseTidyDiff(result.stdout)
      if (hunks.length > 0) untidy++
      for (const hunk of hunks) findings.push(hunkFinding(m, hunk))
      continue
    }
    failed++
    findings.push(loadErrorFinding(m, facts.root))
  }
  const total = facts.modules.length
  const parts: string[] = []
  const noun = (n: number): string => `${n} module${n === 1 ? '' : 's'}`
  if (untidy === 0 && failed === 0) parts.push(`${noun(total)} tidy`)
  else {
    if (untidy > 0) parts.push(`${untidy} of ${noun(total)} not tidy`)
    if (failed > 0) parts.push(`${failed} of ${noun(total)} could not be loaded`)
  }
  if (facts.skipped.length > 0) parts.push(describeSkipped(facts.skipped))
  return { findings: findings.sort(compareFindings), summary: parts.join('; ') }
}

function fileIn(module: ModuleTidyFacts['module'], name: string): string {
  return module.relDir === '.' ? name : `${module.relDir}/${name}`
}

function tidyFix(module: ModuleTidyFacts['module']): string {
  const where = module.relDir === '.' ? '' : ` in ${module.relDir}`
  return `run \`go mod tidy\`${where} and commit go.mod and go.sum`
}

function hunkFinding(m: ModuleTidyFacts, hunk: TidyHunk): CheckFinding {
  const file = fileIn(m.module, hunk.file)
  const isSum = hunk.file === 'go.sum'
  const modules = hunkModules(hunk)
  const what: string[] = []
  const list = (ids: string[]): string => ids.join(', ')
  if (isSum) {
    if (modules.added.length > 0) what.push(`adds checksums for ${list(modules.added)}`)
    if (modules.removed.length > 0) what.push(`drops checksums for ${list(modules.removed)}`)
    if (modules.changed.length > 0) what.push(`changes checksums for ${list(modules.changed)}`)
  } else {
    if (modules.added.length > 0) what.push(`adds ${list(modules.added)}`)
    if (modules.removed.length > 0) what.push(`drops ${list(modules.removed)}`)
    if (modules.changed.length > 0) what.push(`changes ${list(modules.changed)}`)
  }
  const title = `${file} is not tidy` + (what.length > 0 ? ` (go mod tidy ${what.join('; ')})` : '')
  const lines =
    hunk.kind === 'insertion'
      ? `inserts after line ${hunk.line}`
      : hunk.line === hunk.endLine
        ? `changes line ${hunk.line}`
        : `changes lines ${hunk.line}-${hunk.endLine}`
  const finding: CheckFinding = {
    rule: 'tidy/untidy',
    severity: 'error',
    title,
    message: `go mod tidy ${lines} of ${file}:\n${hunk.text}`,
    file,
    fix: tidyFix(m.module)
  }
  if (m.exists[hunk.file as 'go.mod' | 'go.sum'] === false) {
    // Nothing to point at: tidy would create the file.
    finding.message = `${file} does not exist; go mod tidy would create it:\n${hunk.text}`
    return finding
  }
  finding.line = hunk.line
  if (hunk.endLine !== hunk.line) finding.endLine = hunk.endLine
  return finding
}

/** tidy ran to its end and printed what it would change: a diff is only whole when go exited 1 by itself. */
function printedDiff(result: ModuleTidyFacts['result']): boolean {
  return result.exitCode === 1 && ranToEnd(result) && hasTidyDiff(result.stdout)
}

function loadErrorFinding(m: ModuleTidyFacts, root: string | undefined): CheckFinding {
  const where = m.module.relDir === '.' ? '' : ` in ${m.module.relDir}`
  const ended = !ranToEnd(m.result)
  let message = m.result.timedOut
    ? `go mod tidy -diff did not finish within ${COMMAND_TIMEOUT_MS / 1000}s and was stopped`
    : ended
      ? `go mod tidy -diff ${describeEnding(m.result)}: go.mod and go.sum were not checked` +
        (m.result.stderr.trim() === '' ? '' : `\n${goMessage(m.result.stderr)}`)
      : goMessage(m.result.stderr) ||
        m.result.stdout.trim() ||
        `go mod tidy -diff ${describeEnding(m.result)}`
  if (root) message = message.split(`${root}/`).join('')
  const finding: CheckFinding = {
    rule: 'tidy/failed',
    severity: 'error',
    title: m.result.timedOut
      ? `go mod tidy -diff timed out${where}`
      : ended
        ? `go mod tidy -diff did not finish${where}`
        : `go mod tidy cannot load the module${where}`,
    message,
    file: m.module.relPath,
    fix: `fix what go reports above, then run \`go mod tidy\`${where}`
  }
  const line = locateInGoMod(message, m.module.directives)
  if (line) {
    finding.line = line.line
    if (line.column !== undefined) finding.column = line.column
  }
  return finding
}
