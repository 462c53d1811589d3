/**
 * What the builds check runs: one job (a `build-targets` pair or a `vet-tags` set) in one module,
 * the modules it runs in, and at most two at a time. The judgement is in builds.ts.
 */
import type { BuildTarget } from '../config.js'
import { describeFailure, succeeded, type GoOutcome } from '../go/command.js'
import type { GoModule } from '../go/modules.js'
import { noPackage } from '../go/packages.js'
import { planTargets } from './moduletargets.js'
import type { SkippedModule } from './scope.js'
import type { CheckContext } from './types.js'

export const COMMAND_TIMEOUT_MS = 10 * 60_000
/** Compiles are CPU-bound and a hosted runner has 2 cores. */
export const CONCURRENCY = 2
const NULL_DEVICE = process.platform === 'win32' ? 'NUL' : '/dev/null'

export type BuildJob = { kind: 'build'; target: BuildTarget } | { kind: 'vet'; tags: string[] }

/** `windows/amd64`, `-tags=integration`. */
export function jobLabel(job: BuildJob): string {
  return job.kind === 'build'
    ? `${job.target.goos}/${job.target.goarch}`
    : `-tags=${job.tags.join(',')}`
}

/** The go arguments and the variables layered over the pinned environment for one job. */
export function jobCommand(job: BuildJob): { args: string[]; env: Record<string, string> } {
  if (job.kind === 'build') {
    return {
      args: ['build', '-o', NULL_DEVICE, './...'],
      env: { GOOS: job.target.goos, GOARCH: job.target.goarch, CGO_ENABLED: '0' }
    }
  }
  return { args: ['vet', `-tags=${job.tags.join(',')}`, './...'], env: {} }
}

/** One go build or go vet in one module, and what it printed. */
export interface BuildRun {
  module: Pick<GoModule, 'dir' | 'relDir'>
  job: BuildJob
  result: GoOutcome
  /** go vet did not run: go list (its result) found no package for ./... with the tags. */
  none?: boolean
}

/** A module to build, and the GOWORK it builds with. */
export interface BuildUnit {
  module: Pick<GoModule, 'dir' | 'relDir'>
  gowork: string
}

/**
 * The runnable modules: those the go.work uses build in workspace mode (GOWORK=<go.work>), as
 * go build there does; the others with GOWORK=off. When workspace mode cannot work (go.work or a
 * module it uses needs a newer go), its modules are skipped, as the download check skips them.
 */
export function planModules(context: CheckContext): {
  units: BuildUnit[]
  skipped: SkippedModule[]
} {
  const { targets, skipped } = planTargets(context)
  const workFile = context.workspace?.file
  const units = targets.flatMap((target) =>
    target.modules.map((module) => ({
      module,
      gowork: target.kind === 'workspace' && workFile !== undefined ? workFile : 'off'
    }))
  )
  // In the order the gate found the modules.
  const order = new Map(context.modules.map((m, i) => [m.dir, i]))
  units.sort((a, b) => (order.get(a.module.dir) ?? 0) - (order.get(b.module.dir) ?? 0))
  return { units, skipped }
}

export async function runJob(
  context: CheckContext,
  unit: BuildUnit,
  job: BuildJob
): Promise<BuildRun> {
  const { module } = unit
  const { args, env } = jobCommand(job)
  const where = module.relDir === '.' ? '' : ` in ${module.relDir}`
  // go vet fails with `no packages to vet` where ./... matches none (go build only warns).
  const none =
    job.kind === 'vet'
      ? await noPackage(context.go, module.dir, './...', job.tags.join(','), COMMAND_TIMEOUT_MS, {
          GOWORK: unit.gowork
        })
      : undefined
  if (none !== undefined) return { module, job, result: none, none: true }
  const shown = Object.entries(env).map(([k, v]) => `${k}=${v} `)
  context.log(`${shown.join('')}go ${args.join(' ')}${where}`)
  const result = await context.go.run(args, {
    cwd: module.dir,
    env: { ...env, GOWORK: unit.gowork },
    timeoutMs: COMMAND_TIMEOUT_MS
  })
  if (!succeeded(result)) context.log(describeFailure(args, result))
  return { module, job, result }
}

/** Runs the tasks, at most `limit` at a time, and returns their results in task order. */
export async function runBounded<T>(
  tasks: ReadonlyArray<() => Promise<T>>,
  limit: number,
  signal?: AbortSignal
): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      if (signal?.aborted) throw new Error('stopped before every build ran')
      const index = next++
      results[index] = await (tasks[index] as () => Promise<T>)()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}
