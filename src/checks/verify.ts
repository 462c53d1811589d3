/**
 * verify: is the module cache the code go.sum vouches for? `go mod verify` in each module
 * rehashes every module of its build list that is in the cache (extracted directory and zip)
 * and compares with the hash recorded at download, when go checked it against go.sum. A restored
 * cache that someone (or something) changed fails here, on the module's go.sum line.
 *
 * Each module runs with GOWORK=off: verify checks the build list, and a module's own build list
 * is what its go.sum records, so every problem maps onto a line of that go.sum. A workspace build
 * list only adds versions no single module selects, whose sums live in go.work.sum; the
 * workspace's modules are still each verified. vendor/ is not read: the vendor check compares it.
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
import { findDirectiveLine } from '../go/gomod.js'
import { findGoSumLine, parseGoSum } from '../go/gosum.js'
import type { GoModule } from '../go/modules.js'
import {
  goMessage,
  locateInGoMod,
  parseVerifyOutput,
  type VerifyProblem
} from '../go/verifyoutput.js'
import { describeSkipped, runnableModules, type SkippedModule, nothingToRun } from './scope.js'
import type { Check, CheckContext, CheckOutcome } from './types.js'
import { readIfFile } from '../files.js'

const COMMAND_TIMEOUT_MS = 5 * 60_000
const LIST_TIMEOUT_MS = 2 * 60_000
const VERIFY_ARGS = ['mod', 'verify']
const LIST_ARGS = [
  'list',
  '-e',
  '-m',
  '-f',
  '{{if not .Main}}{{.Path}} {{.Version}}{{with .Replace}} => {{.Path}} {{.Version}}{{end}}{{end}}',
  'all'
]

/** What one module's `go mod verify` saw; the check gathers it, assessVerify judges it. */
export interface ModuleVerifyFacts {
  module: Pick<GoModule, 'relDir' | 'relPath' | 'directives'>
  /** The module's go.sum text; undefined when it has none. */
  goSum?: string
  result: GoOutcome
  /**
   * The build list's modules (`module version`) with a zip or extracted directory in the module
   * cache: what verify rehashed. Undefined when go could not list them.
   */
  inCache?: string[]
  /** Build-list modules with nothing in the cache: verify has nothing to compare. */
  notInCache?: string[]
  /**
   * Replaced build-list modules (`module version => replacement [version]`): go mod verify looks
   * up the original version in the cache and never hashes the replacement.
   */
  replaced?: string[]
}

export interface VerifyFacts {
  modules: ModuleVerifyFacts[]
  skipped: SkippedModule[]
  /** Repository root, to show paths under it relative. */
  root?: string
}

export const verifyCheck: Check = {
  name: 'verify',
  stage: 2,
  timeoutMs: 10 * 60_000,
  async run(context: CheckContext): Promise<CheckOutcome> {
    const { modules, skipped } = runnableModules(context)
    if (modules.length === 0) {
      return nothingToRun(skipped)
    }
    const facts: ModuleVerifyFacts[] = []
    for (const module of modules) facts.push(await verifyModule(context, module))
    return assessVerify({ modules: facts, skipped, root: context.config.root })
  }
}

// ---------------------------------------------------------------------------------------------
// Gathering (runs go, reads files)

async function verifyModule(context: CheckContext, module: GoModule): Promise<ModuleVerifyFacts> {
  const env = { GOWORK: 'off' }
  context.log(`go mod verify in ${module.relDir}`)
  const [result, listed] = await Promise.all([
    context.go.run(VERIFY_ARGS, { cwd: module.dir, env, timeoutMs: COMMAND_TIMEOUT_MS }),
    context.go.run(LIST_ARGS, { cwd: module.dir, env, timeoutMs: LIST_TIMEOUT_MS })
  ])
  if (!succeeded(result)) context.log(describeFailure(VERIFY_ARGS, result))
  const facts: ModuleVerifyFacts = {
    module,
    result,
    goSum: readIfFile(path.join(module.dir, 'go.sum'))
  }
  const modcache = context.effectiveGoEnv.GOMODCACHE
  if (succeeded(listed) && modcache) {
    facts.inCache = []
    facts.notInCache = []
    facts.replaced = []
    for (const entry of listed.stdout.split('\n')) {
      const [mod, version, arrow] = entry.trim().split(/\s+/)
      if (!mod || !version || mod === 'go' || mod === 'toolchain') continue
      if (arrow === '=>') {
        facts.replaced.push(entry.trim())
        // verify still looks up the original version: it may be cached from before the replace.
        if (inModuleCache(modcache, mod, version)) facts.inCache.push(`${mod} ${version}`)
        continue
      }
      const cached = inModuleCache(modcache, mod, version)
      ;(cached ? facts.inCache : facts.notInCache).push(`${mod} ${version}`)
    }
  }
  return facts
}

/** verify rehashes a module when its zip or its extracted directory exists (verify.go). */
function inModuleCache(modcache: string, mod: string, version: string): boolean {
  const escPath = escapeModulePath(mod)
  const escVersion = escapeModulePath(version)
  return (
    fs.existsSync(path.join(modcache, 'cache', 'download', escPath, '@v', `${escVersion}.zip`)) ||
    fs.existsSync(path.join(modcache, `${escPath}@${escVersion}`))
  )
}

/** go's case encoding in the module cache: upper case -> !lower. */
function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`)
}

// ---------------------------------------------------------------------------------------------
// Judging (pure)

const FIX =
  'drop the module cache (`go clean -modcache`, and do not restore or save that cache key) and download again (`go mod download`); then find out what modified the cache'

/** Pure: the findings and summary for what each module's `go mod verify` printed. */
export function assessVerify(facts: VerifyFacts): CheckOutcome {
  const findings: CheckFinding[] = []
  const checked = new Set<string>()
  const notChecked = new Set<string>()
  const failed = new Set<string>()
  const replaced = new Set<string>()
  const notRun: string[] = []
  let counted = true
  for (const m of facts.modules) {
    const output = parseVerifyOutput(m.result.stdout, m.result.stderr)
    for (const problem of output.problems) {
      findings.push(problemFinding(m, problem))
      failed.add(`${problem.module} ${problem.version}`)
    }
    // Stopped or killed part-way, verify may have checked only some modules: never a clean pass.
    if (!ranToEnd(m.result) || (m.result.exitCode !== 0 && output.problems.length === 0)) {
      findings.push(failureFinding(m, facts.root))
      notRun.push(m.module.relDir === '.' ? 'the root module' : m.module.relDir)
      continue
    }
    if (m.inCache === undefined) counted = false
    for (const mv of m.inCache ?? []) checked.add(mv)
    for (const mv of m.notInCache ?? []) notChecked.add(mv)
    for (const r of m.replaced ?? []) replaced.add(r)
  }
  for (const mv of checked) notChecked.delete(mv)
  for (const mv of failed) checked.add(mv)

  const modules = (n: number): string => `${n} module${n === 1 ? '' : 's'}`
  const parts: string[] = []
  if (failed.size > 0) {
    parts.push(
      counted
        ? `${failed.size} of ${modules(checked.size)} failed verification`
        : `${modules(failed.size)} failed verification`
    )
  } else if (notRun.length < facts.modules.length) {
    parts.push(counted ? `${modules(checked.size)} verified` : 'all modules verified')
  }
  if (notRun.length > 0) parts.push(`go mod verify could not run in ${notRun.join(', ')}`)
  if (notChecked.size > 0) {
    parts.push(
      `${notChecked.size} not in the module cache (nothing to verify: go checks them against go.sum when it downloads them)`
    )
  }
  if (replaced.size > 0) {
    parts.push(
      `${replaced.size} replaced (go mod verify does not hash replacements: ${[...replaced].join(', ')})`
    )
  }
  if (facts.skipped.length > 0) parts.push(describeSkipped(facts.skipped))
  parts.push('vendor/ is not covered (the vendor check compares it)')
  return { findings: findings.sort(compareFindings), summary: parts.join('; ') }
}

function sumPath(module: ModuleVerifyFacts['module']): string {
  return module.relDir === '.' ? 'go.sum' : `${module.relDir}/go.sum`
}

function problemFinding(m: ModuleVerifyFacts, problem: VerifyProblem): CheckFinding {
  const { module: mod, version } = problem
  const sumLine =
    m.goSum === undefined ? undefined : findGoSumLine(parseGoSum(m.goSum), mod, version)
  const what = {
    'dir-modified': {
      title: `Module cache copy of ${mod} ${version} has been modified`,
      detail: `the files extracted in the module cache${problem.path ? ` (${problem.path})` : ''} no longer hash to what was recorded when the module was downloaded`
    },
    'zip-modified': {
      title: `Module cache zip of ${mod} ${version} has been modified`,
      detail: `the downloaded zip${problem.path ? ` (${problem.path})` : ''} no longer hashes to what was recorded when it was downloaded`
    },
    'missing-ziphash': {
      title: `Module cache entry of ${mod} ${version} has no recorded hash`,
      detail:
        'the module is in the module cache without the .ziphash go writes after checking a download against go.sum, so nothing proves it is what go.sum names'
    },
    unreadable: {
      title: `Module cache entry of ${mod} ${version} cannot be hashed`,
      detail: 'go could not read the cached module to hash it (a truncated or corrupt file)'
    }
  }[problem.kind]
  const vouch = sumLine
    ? `go.sum line ${sumLine.line} vouches for ${sumLine.hash}`
    : `${sumPath(m.module)} has no line for ${mod} ${version}`
  const message =
    `${problem.text}\n` +
    `go mod verify: ${what.detail}; ${vouch}. Builds on this cache would compile code go.sum does not vouch for.`
  const finding: CheckFinding = {
    rule: 'verify/modified',
    severity: 'error',
    title: what.title,
    message,
    fix: FIX
  }
  if (sumLine) {
    finding.file = sumPath(m.module)
    finding.line = sumLine.line
    return finding
  }
  // No go.sum line (go.sum missing or untidy): the require line, else the go.mod.
  finding.file = m.module.relPath
  const line = findDirectiveLine(m.module.directives, 'require', [mod])
  if (line !== undefined) finding.line = line
  return finding
}

/** verify failed before verifying anything (the module graph did not load), or was cut short. */
function failureFinding(m: ModuleVerifyFacts, root: string | undefined): CheckFinding {
  const where = m.module.relDir === '.' ? '' : ` in ${m.module.relDir}`
  let message = m.result.timedOut
    ? `go mod verify did not finish within ${COMMAND_TIMEOUT_MS / 1000}s and was stopped`
    : !ranToEnd(m.result)
      ? `go mod verify ${describeEnding(m.result)} before it checked every module` +
        (m.result.stderr.trim() === '' ? '' : `\n${goMessage(m.result.stderr)}`)
      : goMessage(m.result.stderr) ||
        m.result.stdout.trim() ||
        `go mod verify ${describeEnding(m.result)}`
  if (root) message = message.split(`${root}/`).join('')
  const finding: CheckFinding = {
    rule: 'verify/failed',
    severity: 'error',
    title: m.result.timedOut
      ? `go mod verify timed out${where}`
      : ranToEnd(m.result)
        ? `go mod verify could not run${where}`
        : `go mod verify did not finish${where}`,
    message,
    file: m.module.relPath,
    fix: `make \`go mod verify\`${where} succeed: fix what go reports above`
  }
  const line = locateInGoMod(message, m.module.directives)
  if (line) {
    finding.line = line.line
    if (line.column !== undefined) finding.column = line.column
  }
  return finding
}
