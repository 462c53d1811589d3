/**
 * The main step's side of caching: restore the module cache before any go command could write
 * to GOMODCACHE, the build cache once the effective go version is known, age the build cache so
 * go marks what this run uses, and hand the post step what it needs to trim and save.
 * Never throws: a cache problem is a warning and the run goes on without it.
 */
import type { Config } from '../config.js'
import type { GoEnv } from '../go/env.js'
import {
  NOT_CONFIGURED,
  restoreEntries,
  type CacheClient,
  type CacheEntryPlan,
  type CacheEntryRestore,
  type CacheLog
} from './entries.js'
import { findSumFiles, planBuildCache, planModuleCache, type FoundSumFile } from './plan.js'
import type { CacheState } from './state.js'
import { ageBuildCache } from './usage.js'
import { errorMessage } from '../text.js'

export interface CacheSessionOptions {
  config: Pick<
    Config,
    | 'root'
    | 'workingDirectory'
    | 'race'
    | 'tags'
    | 'buildTargets'
    | 'vetTags'
    | 'coverage'
    | 'testFlags'
    | 'cacheKeySuffix'
    | 'cacheSave'
    | 'cacheTimeoutMs'
  >
  client: CacheClient
  log: CacheLog
  /** The runner's environment: RUNNER_OS, RUNNER_ARCH, GITHUB_SHA. */
  env: Record<string, string | undefined>
  now?: () => number
}

export class CacheSession {
  private readonly options: CacheSessionOptions
  private readonly now: () => number
  /** Before the first go command: go writes to GOCACHE from its first `go env` on. */
  private readonly startedAt: number
  private sums: FoundSumFile[] = []
  private runnerGoVersion: string | undefined
  private readonly keepModules: string[] = []
  readonly entries: CacheEntryRestore[] = []

  constructor(options: CacheSessionOptions) {
    this.options = options
    this.now = options.now ?? Date.now
    this.startedAt = this.now()
  }

  /** Before any go command that could write to GOMODCACHE (a toolchain switch, a download). */
  async restoreModuleCache(runnerGoEnv: GoEnv): Promise<void> {
    this.runnerGoVersion = runnerGoEnv.GOVERSION
    const plan = this.plan('module', () => {
      this.sums = findSumFiles(this.options.config, runnerGoEnv)
      return planModuleCache(this.inputs(), runnerGoEnv)
    })
    if (plan !== undefined) await this.restore(plan)
  }

  /** Once the checks' go is known (after pinning GOTOOLCHAIN), before anything builds. */
  async restoreBuildCache(effectiveGoEnv: GoEnv): Promise<void> {
    const { GOVERSION, GOHOSTOS, GOHOSTARCH } = effectiveGoEnv
    // A switched toolchain lives in the module cache as a module no go.sum lists: keep it.
    if (GOVERSION && GOVERSION !== this.runnerGoVersion && GOHOSTOS && GOHOSTARCH) {
      this.keepModules.push(`golang.org/toolchain@v0.0.1-${GOVERSION}.${GOHOSTOS}-${GOHOSTARCH}`)
    }
    const plan = this.plan('build', () => planBuildCache(this.inputs(), effectiveGoEnv))
    if (plan === undefined) return
    const [entry] = await this.restore(plan)
    if (entry?.matchedKey !== undefined) {
      // Restored entries carry the mtimes of the run that saved them: age them all, so that
      // the ones this run uses are told apart by go's own mark (usage.ts). Only what was
      // restored: a directory the gate did not fill (a runner's own cache) keeps its mtimes.
      const aged = ageBuildCache(plan.path, this.now())
      if (aged > 0) this.options.log.info(`build cache (GOCACHE): ${aged} entries aged`)
    }
  }

  /** What the post step needs, or undefined when it has nothing to save. */
  state(): CacheState | undefined {
    if (this.entries.length === 0) return undefined
    if (this.entries.every((e) => e.skipped === NOT_CONFIGURED)) return undefined
    return {
      version: 1,
      startedAt: this.startedAt,
      savePolicy: this.options.config.cacheSave,
      timeoutMs: this.options.config.cacheTimeoutMs,
      sums: this.sums.map((s) => s.file),
      keepModules: [...this.keepModules],
      entries: this.entries
    }
  }

  private inputs(): Parameters<typeof planModuleCache>[0] {
    return { config: this.options.config, env: this.options.env, sums: this.sums }
  }

  private plan(
    name: CacheEntryPlan['name'],
    make: () => CacheEntryPlan
  ): CacheEntryPlan | undefined {
    try {
      return make()
    } catch (error) {
      this.options.log.warning(`${name} cache: not restored or saved: ${errorMessage(error)}`)
      return undefined
    }
  }

  private async restore(plan: CacheEntryPlan): Promise<CacheEntryRestore[]> {
    // The missing service was reported with the first entry: once is enough.
    if (this.entries.some((e) => e.skipped === NOT_CONFIGURED)) {
      const skipped = [{ ...plan, skipped: NOT_CONFIGURED }]
      this.entries.push(...skipped)
      return skipped
    }
    const restored = await restoreEntries([plan], this.options.client, this.options.log, {
      timeoutMs: this.options.config.cacheTimeoutMs,
      runStartedAt: this.startedAt
    })
    this.entries.push(...restored)
    return restored
  }
}
