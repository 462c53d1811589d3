/**
 * builds: does the code compile where CI does not run it? For each `build-targets` pair,
 * `go build -o /dev/null ./...` with GOOS, GOARCH and CGO_ENABLED=0 in every module; for each
 * `vet-tags` set, `go vet -tags=<set> ./...`, so files behind build tags compile even when their
 * tests never run. Every compile or vet error lands on its file and line; the same error seen by
 * several targets (or tag sets) is one finding naming them all.
 *
 * `-o /dev/null`: go build discards its output when -o names the null device, for any number of
 * packages. Plain `go build ./...` writes an executable into the module directory when the
 * pattern matches exactly one main package: the user's checkout would gain a file.
 *
 * A module the go.work uses builds in workspace mode, as `go build` there does; any other module
 * with GOWORK=off (go refuses to build a module the workspace does not use). Which is which, and
 * which modules are skipped, comes from planTargets (moduletargets.ts).
 */
import path from 'node:path'
import type { BuildTarget } from '../config.js'
import { isInside } from '../files.js'
import { compareFindings, plural, type CheckFinding } from '../findings.js'
import { describeEnding, ranToEnd, succeeded, toPosix } from '../go/command.js'
import { parseCompilerErrors } from '../go/compilererrors.js'
import { goMessage } from '../go/verifyoutput.js'
import {
  type BuildJob,
  type BuildRun,
  COMMAND_TIMEOUT_MS,
  CONCURRENCY,
  jobCommand,
  jobLabel,
  planModules,
  runBounded,
  runJob
} from './buildsrun.js'
import { describeSkipped, nothingToRun, type SkippedModule } from './scope.js'
import type { Check, CheckContext, CheckOutcome } from './types.js'

/** Lines of go's output kept for a failure without a location. */
const UNLOCATED_LINES = 10

/** The command as someone would type it to see the error again. */
function reproduce(job: BuildJob): string {
  return job.kind === 'build'
    ? `GOOS=${job.target.goos} GOARCH=${job.target.goarch} CGO_ENABLED=0 go build ./...`
    : `go vet -tags=${job.tags.join(',')} ./...`
}

export interface BuildsFacts {
  /** Absolute repository root: finding paths are relative to it. */
  root: string
  targets: BuildTarget[]
  tagSets: string[][]
  /** How many modules ran. */
  modules: number
  runs: BuildRun[]
  skipped: SkippedModule[]
  /** GOROOT, GOMODCACHE: a file there is not the repository's, even when it lies inside it. */
  outside?: string[]
}

export const buildsCheck: Check = {
  name: 'builds',
  stage: 2,
  timeoutMs: 30 * 60_000,
  async run(context: CheckContext): Promise<CheckOutcome> {
    const { buildTargets: targets, vetTags: tagSets } = context.config
    if (targets.length === 0 && tagSets.length === 0) {
      return { findings: [], status: 'skipped', summary: 'no build-targets or vet-tags given' }
    }
    const { units, skipped } = planModules(context)
    if (units.length === 0) return nothingToRun(skipped)

    const jobs: BuildJob[] = [
      ...targets.map((target): BuildJob => ({ kind: 'build', target })),
      ...tagSets.map((tags): BuildJob => ({ kind: 'vet', tags }))
    ]
    // Module by module: the two commands running at once are different targets of one module,
    // so they never compile the same standard library for the same target twice.
    const tasks = units.flatMap((unit) => jobs.map((job) => () => runJob(context, unit, job)))
    const runs = await runBounded(tasks, CONCURRENCY, context.signal)
    const outside = [context.effectiveGoEnv.GOROOT, context.effectiveGoEnv.GOMODCACHE].filter(
      (dir): dir is string => dir !== undefined && dir !== ''
    )
    return assessBuilds({
      root: context.config.root,
      targets,
      tagSets,
      modules: units.length,
      runs,
      skipped,
      outside
    })
  }
}

// ---------------------------------------------------------------------------------------------
// Judging (pure)

interface Group {
  kind: BuildJob['kind']
  /** Repository-relative, when the file is the repository's. */
  file?: string
  /** The file as shown in the message: repository-relative, or as go printed it. */
  shown?: string
  line?: number
  column?: number
  message: string
  /** It did not finish: the gate's limit stopped it, or a signal killed it. */
  cutShort?: 'timed out' | 'was killed'
  jobs: BuildJob[]
  modules: string[]
}

/** Pure: the findings and summary for what each go build and go vet printed. */
export function assessBuilds(facts: BuildsFacts): CheckOutcome {
  const groups = new Map<string, Group>()
  const failing = new Set<string>()
  const add = (key: string, run: BuildRun, group: Omit<Group, 'jobs' | 'modules'>): void => {
    const existing = groups.get(key) ?? { ...group, jobs: [], modules: [] }
    groups.set(key, existing)
    if (!existing.jobs.some((j) => jobLabel(j) === jobLabel(run.job))) existing.jobs.push(run.job)
    if (!existing.modules.includes(run.module.relDir)) existing.modules.push(run.module.relDir)
  }
  for (const run of facts.runs) {
    const { result, job, module } = run
    if (succeeded(result)) continue
    failing.add(failingLabel(job))
    // Stopped or killed part-way: what it printed is not the whole story, so say how it ended.
    if (!ranToEnd(result)) {
      const command = `go ${jobCommand(job).args.join(' ')}`
      const message = result.timedOut
        ? `${command} did not finish within ${COMMAND_TIMEOUT_MS / 1000}s and was stopped`
        : `${command} ${describeEnding(result)} before it finished`
      const cutShort = result.timedOut ? 'timed out' : 'was killed'
      add(`${job.kind}|timeout|${module.relDir}`, run, { kind: job.kind, message, cutShort })
      continue
    }
    const output = `${result.stderr}\n${result.stdout}`
    const errors = parseCompilerErrors(output.split(/\r?\n/))
    for (const error of errors) {
      const absolute = path.resolve(module.dir, error.file)
      const file = repositoryPath(absolute, facts.root, facts.outside ?? [])
      const shown = file ?? shownOutside(absolute, facts.outside ?? [])
      const where = `${file ?? absolute}:${error.line}:${error.column ?? ''}`
      add(`${job.kind}|${where}|${error.message}`, run, {
        kind: job.kind,
        file,
        shown,
        line: error.line,
        column: error.column,
        message: error.message
      })
    }
    if (errors.length === 0) {
      const text = firstLines(output, facts.root, module.dir)
      add(`${job.kind}|unlocated|${module.relDir}|${text}`, run, {
        kind: job.kind,
        message: text
      })
    }
  }

  const findings = [...groups.values()].map(groupFinding).sort(compareFindings)
  return { findings, summary: summarize(facts, failing) }
}

function failingLabel(job: BuildJob): string {
  return job.kind === 'build' ? jobLabel(job) : `go vet ${jobLabel(job)}`
}

/** The file relative to the repository root, POSIX, when it is the repository's own. */
function repositoryPath(
  absolute: string,
  root: string,
  outside: readonly string[]
): string | undefined {
  if (outside.some((dir) => isInside(dir, absolute))) return undefined
  if (!isInside(root, absolute)) return undefined
  return toPosix(path.relative(root, absolute))
}

/** A file outside the repository: relative to GOROOT or the module cache when under one. */
function shownOutside(absolute: string, outside: readonly string[]): string {
  for (const dir of outside) {
    if (isInside(dir, absolute)) return toPosix(path.relative(dir, absolute))
  }
  return toPosix(absolute)
}

/** go's first lines, progress lines dropped, paths under the module and repository made short. */
function firstLines(output: string, root: string, moduleDir: string): string {
  const text = goMessage(output)
    .split(`${moduleDir}${path.sep}`)
    .join('')
    .split(`${root}${path.sep}`)
    .join('')
  const lines = text.split('\n')
  const head = lines.slice(0, UNLOCATED_LINES)
  if (lines.length > UNLOCATED_LINES)
    head.push(`... (${lines.length - UNLOCATED_LINES} more lines)`)
  return head.join('\n') || 'go exited without saying why'
}

/** "a", "a and b", "a, b and c". */
function words(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`
}

function moduleWords(modules: readonly string[]): string {
  const named = modules.map((m) => (m === '.' ? 'the root module' : m))
  return words(named)
}

function groupFinding(group: Group): CheckFinding {
  const labels = group.jobs.map(jobLabel)
  const first = group.jobs[0] as BuildJob
  const inModule =
    group.modules.length === 1 && group.modules[0] === '.'
      ? ''
      : ` (in ${moduleWords(group.modules)})`
  const runIn =
    group.modules[0] === undefined || group.modules[0] === '.' ? '' : ` in ${group.modules[0]}`
  const location =
    group.shown === undefined
      ? ''
      : `${group.shown}:${group.line ?? ''}${group.column !== undefined ? `:${group.column}` : ''}: `
  const seenBy =
    group.kind === 'build'
      ? `go build ./... with CGO_ENABLED=0 fails for ${words(labels)} in ${moduleWords(group.modules)}`
      : `go vet ${words(labels)} ./... fails in ${moduleWords(group.modules)}`

  let title: string
  if (group.cutShort !== undefined) {
    title =
      group.kind === 'build'
        ? `go build for ${words(labels)} ${group.cutShort}${inModule}`
        : `go vet ${words(labels)} ${group.cutShort}${inModule}`
  } else if (group.kind === 'build') {
    title = `Build fails for ${words(labels)}${group.shown === undefined ? inModule : ''}`
  } else {
    const headline = group.shown === undefined ? `fails${inModule}` : firstLine(group.message)
    title = `go vet ${words(labels)}: ${headline}`
  }

  let fix: string
  if (group.shown !== undefined && group.file === undefined) {
    fix =
      group.kind === 'build'
        ? `${group.shown} is not in the repository: upgrade or replace the module it belongs to, or drop ${words(labels)} from build-targets`
        : `${group.shown} is not in the repository: upgrade or replace the module it belongs to`
  } else if (group.cutShort === 'timed out') {
    fix = `find out why \`${reproduce(first)}\`${runIn} hangs`
  } else if (group.cutShort !== undefined) {
    fix = `find out what killed \`${reproduce(first)}\`${runIn} (the out-of-memory killer, a watchdog), then run the job again`
  } else if (group.shown === undefined) {
    fix = `make \`${reproduce(first)}\`${runIn} succeed: fix what go reports above`
  } else {
    fix =
      group.kind === 'build'
        ? `make it compile for ${words(labels)}, then check with \`${reproduce(first)}\`${runIn}`
        : `fix it, then check with \`${reproduce(first)}\`${runIn}`
  }

  const finding: CheckFinding = {
    rule: group.kind === 'build' ? 'builds/build' : 'builds/vet',
    severity: 'error',
    title,
    message: `${location}${group.message}\n${seenBy}`,
    fix
  }
  if (group.file !== undefined) {
    finding.file = group.file
    if (group.line !== undefined) finding.line = group.line
    if (group.column !== undefined) finding.column = group.column
  }
  return finding
}

function firstLine(text: string): string {
  return text.split('\n')[0] as string
}

function summarize(facts: BuildsFacts, failing: ReadonlySet<string>): string {
  const what = [
    facts.targets.length > 0 ? plural(facts.targets.length, 'target') : '',
    facts.tagSets.length > 0 ? plural(facts.tagSets.length, 'tag set') : ''
  ].filter((s) => s !== '')
  const parts = [`${what.join(', ')} on ${plural(facts.modules, 'module')}`]
  // In the order the inputs name them, whichever module failed first.
  const inOrder = [
    ...facts.targets.map((target): BuildJob => ({ kind: 'build', target })),
    ...facts.tagSets.map((tags): BuildJob => ({ kind: 'vet', tags }))
  ]
    .map(failingLabel)
    .filter((label) => failing.has(label))
  if (inOrder.length > 0) parts.push(`failing: ${inOrder.join(', ')}`)
  for (const label of new Set(facts.runs.filter((r) => r.none).map((r) => jobLabel(r.job)))) {
    const where = facts.runs.filter((r) => r.none && jobLabel(r.job) === label)
    parts.push(`go vet ${label}: no packages in ${where.map((r) => r.module.relDir).join(', ')}`)
  }
  if (facts.skipped.length > 0) parts.push(describeSkipped(facts.skipped))
  return parts.join('; ')
}
