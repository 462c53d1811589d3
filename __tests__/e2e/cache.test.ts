// The caches end to end: dist/main.js then dist/post.js under Node 24, job after job, against a
// local cache service (__tests__/helpers/cacheservice.ts) that speaks what @actions/cache 6
// speaks on github.com, so the action's real tar/zstd path runs. Every job starts from empty
// GOMODCACHE and GOCACHE directories, as a fresh runner does: what it finds there, the restore
// put there. The jobs of a describe run in order and build on each other, like pushes to main.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { readFiles, writeFiles, type CacheFiles } from '../../__fixtures__/cache.js'
import { startCacheService, type CacheService } from '../helpers/cacheservice.js'
import {
  distFile,
  node24,
  parseFileCommands,
  parseWorkflowCommands,
  readFileCommands,
  realGo,
  reportSchemaErrors,
  runNodeAsync,
  runnerEnvironment,
  sandbox,
  type Run,
  type Sandbox,
  type WorkflowCommand
} from '../helpers/e2e.js'
import { fileProxyUrl } from '../helpers/goproxy.js'

jest.setTimeout(240_000)

const TOKEN = `ghs_e2eCacheToken${Math.random().toString(36).slice(2, 12)}`

interface CacheEntryJson {
  name: 'module' | 'build'
  key: string
  restore: string
  restoredKey?: string
  files?: number
  note?: string
}

interface Job {
  main: Run
  post: Run
  mainCommands: WorkflowCommand[]
  postCommands: WorkflowCommand[]
  outputs: Record<string, string>
  report: {
    verdict: string
    cache?: CacheEntryJson[]
    results: Array<{
      check: string
      findings: Array<{ severity: string; file?: string; title: string; message: string }>
    }>
  }
  /** The job summary main wrote, then the one post wrote. */
  mainSummary: string
  postSummary: string
  gomodcache: string
  gocache: string
}

/** The post step's state variable, as the runner names it for core.getState. */
const STATE_VARIABLE = 'STATE_go-ci-gate-cache'

const read = (file: string): string => fs.readFileSync(file, 'utf8')

/** A post step run besides the job's own, with the state main left or another one. */
type ExtraPost = (step?: {
  state?: string
  env?: Record<string, string>
}) => Promise<Run & { commands: WorkflowCommand[]; summary: string }>

/** One repository checkout and the service its jobs share; `job` runs main then post. */
class Repo {
  readonly box: Sandbox
  readonly workspace: string
  private jobs = 0

  constructor(readonly service: CacheService) {
    this.box = sandbox('cache')
    this.workspace = this.box.checkout('e2e-cache', 'workspace')
  }

  /**
   * The job's GOMODCACHE and GOCACHE: the same paths every time, as on a hosted runner (the
   * paths are part of an entry's version), emptied before each job, as a fresh runner has them.
   */
  freshDirs(): { gomodcache: string; gocache: string } {
    const dirs = {
      gomodcache: path.join(this.box.base, 'home', 'go', 'pkg', 'mod'),
      gocache: path.join(this.box.base, 'home', '.cache', 'go-build')
    }
    for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true })
    return dirs
  }

  async job(
    options: {
      event?: string
      inputs?: Record<string, string>
      before?: (dirs: { gomodcache: string; gocache: string }) => void
      /**
       * Between the steps, as a later step of the job might touch the caches; `steps.post` runs
       * a post step of its own first (another job's with the same state, or a crafted state).
       */
      afterMain?: (
        dirs: { gomodcache: string; gocache: string },
        steps: { state: string; post: ExtraPost }
      ) => void | Promise<void>
    } = {}
  ): Promise<Job> {
    const n = ++this.jobs
    const dirs = this.freshDirs()
    options.before?.(dirs)
    const runner = runnerEnvironment(this.box, this.workspace, {
      token: TOKEN,
      // The race runtime's cold build takes a minute on two cores; caching is the same without.
      inputs: { race: 'false', ...options.inputs },
      env: {
        ...this.service.env,
        GOMODCACHE: dirs.gomodcache,
        GOCACHE: dirs.gocache,
        GOPROXY: fileProxyUrl(),
        GOSUMDB: 'off',
        GOFLAGS: '-modcacherw',
        RUNNER_ARCH: 'X64',
        GITHUB_EVENT_NAME: options.event ?? 'push',
        GITHUB_REF: options.event === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main'
      }
    })
    const main = await runNodeAsync(node24(), [distFile('main')], {
      cwd: this.workspace,
      env: runner.env
    })
    // The runner hands the post step what main saved with core.saveState as STATE_* variables.
    const state = Object.fromEntries(
      parseFileCommands(fs.readFileSync(runner.files.state, 'utf8')).map(([k, v]) => [
        `STATE_${k}`,
        v
      ])
    )
    const mainSummary = fs.readFileSync(runner.files.summary, 'utf8')
    fs.writeFileSync(runner.files.summary, '')
    let extra = 0
    const extraPost: ExtraPost = async (step = {}) => {
      const summary = path.join(this.box.base, `job${n}-post${++extra}-summary.md`)
      fs.writeFileSync(summary, '')
      const cacheState = step.state ?? state[STATE_VARIABLE] ?? ''
      const run = await runNodeAsync(node24(), [distFile('post')], {
        cwd: this.workspace,
        env: {
          ...runner.env,
          ...state,
          [STATE_VARIABLE]: cacheState,
          GITHUB_STEP_SUMMARY: summary,
          ...step.env
        }
      })
      return { ...run, commands: parseWorkflowCommands(run.stdout), summary: read(summary) }
    }
    await options.afterMain?.(dirs, { state: state[STATE_VARIABLE] ?? '', post: extraPost })
    const post = await runNodeAsync(node24(), [distFile('post')], {
      cwd: this.workspace,
      env: { ...runner.env, ...state }
    })
    if (process.env.DEBUG_CACHE) {
      fs.writeFileSync(path.join(this.box.base, `job${n}-main.log`), main.stdout + main.stderr)
      fs.writeFileSync(path.join(this.box.base, `job${n}-post.log`), post.stdout + post.stderr)
    }
    const outputs = readFileCommands(runner.files.output)
    const postSummary = fs.readFileSync(runner.files.summary, 'utf8')
    return {
      main,
      post,
      mainCommands: parseWorkflowCommands(main.stdout),
      postCommands: parseWorkflowCommands(post.stdout),
      outputs,
      report: JSON.parse(fs.readFileSync(outputs.report ?? '', 'utf8')) as Job['report'],
      mainSummary,
      postSummary,
      ...dirs
    }
  }

  commit(message: string, edit: () => void): void {
    edit()
    this.box.commit(this.workspace, message)
  }

  /** go in the checkout, with caches of its own unless given a GOMODCACHE to fill. */
  go(args: string[], gomodcache = path.join(this.box.base, 'edit-gomodcache')): void {
    execFileSync(realGo(), args, {
      cwd: this.workspace,
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: this.box.base,
        GOENV: 'off',
        GOMODCACHE: gomodcache,
        GOCACHE: path.join(this.box.base, 'edit-gocache'),
        GOPROXY: fileProxyUrl(),
        GOSUMDB: 'off',
        GOFLAGS: '-modcacherw',
        GOTOOLCHAIN: 'local'
      }
    })
  }

  cleanup(): void {
    // Module trees are read-only unless -modcacherw; every job here sets it.
    if (process.env.DEBUG_CACHE) console.log(`kept ${this.box.base}`)
    else this.box.cleanup()
  }
}

const entry = (job: Job, name: 'module' | 'build'): CacheEntryJson | undefined =>
  job.report.cache?.find((e) => e.name === name)
const ofKind = (commands: WorkflowCommand[], kind: string): string[] =>
  commands.filter((c) => c.command === kind).map((c) => c.message)
/** Warnings about caching (the jobs' GOSUMDB=off draws one of its own from the env check). */
const cacheWarnings = (commands: WorkflowCommand[]): string[] =>
  ofKind(commands, 'warning').filter((m) => /cache/i.test(m))
const savedKeys = (service: CacheService): string[] => service.entries.map((e) => e.key)

/** Sets every file and directory below `dir` back `ms`: what an earlier job left on the disk. */
function age(dir: string, ms: number): void {
  const then = new Date(Date.now() - ms)
  for (const name of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }))
    fs.utimesSync(path.join(dir, name), then, then)
}

/** A cache service and a checkout for the tests of one describe, in order. */
function useRepo(): { service: CacheService; repo: Repo } {
  const ctx = {} as { service: CacheService; repo: Repo }
  beforeAll(async () => {
    ctx.service = await startCacheService()
    ctx.repo = new Repo(ctx.service)
  })
  afterAll(async () => {
    await ctx.service?.close()
    ctx.repo?.cleanup()
  })
  return ctx
}

describe('a repository pushed to, job after job', () => {
  const ctx = useRepo()
  const jobs: Job[] = []

  it('cold: nothing to restore, the gate passes, post saves both caches', async () => {
    const job = await ctx.repo.job()
    jobs.push(job)
    expect({ main: job.main.status, post: job.post.status }).toEqual({ main: 0, post: 0 })
    if (process.env.DEBUG_CACHE) console.log(job.main.stdout, job.post.stdout)
    expect(reportSchemaErrors(job.report)).toEqual([])
    expect(entry(job, 'module')).toMatchObject({ restore: 'miss' })
    expect(entry(job, 'build')).toMatchObject({ restore: 'miss' })
    expect(job.outputs).toMatchObject({ 'cache-hit': 'false', 'build-cache-hit': 'false' })
    expect(cacheWarnings(job.mainCommands)).toEqual([])
    expect(cacheWarnings(job.postCommands)).toEqual([])
    expect(savedKeys(ctx.service).sort()).toEqual(
      [entry(job, 'module')?.key, entry(job, 'build')?.key].sort()
    )
    expect(entry(job, 'module')?.key).toMatch(/^go-ci-gate-mod-Linux-X64-[0-9a-f]{20}$/)
    expect(entry(job, 'build')?.key).toMatch(
      /^go-ci-gate-build-Linux-X64-go1\.\d+(\.\d+)?-norace-[0-9a-f]{8}-[0-9a-f]{12}$/
    )
    expect(job.post.stdout).toMatch(
      /module cache \(GOMODCACHE\): saved go-ci-gate-mod-.*, \d+ files, /
    )
    expect(job.post.stdout).toMatch(
      /build cache \(GOCACHE\): saved go-ci-gate-build-.*, \d+ files, /
    )
    expect(job.postSummary).toContain('### go-ci-gate: caches saved')
  })

  it('warm: the same commit restores both exact keys and saves nothing again', async () => {
    const job = await ctx.repo.job()
    jobs.push(job)
    expect({ main: job.main.status, post: job.post.status }).toEqual({ main: 0, post: 0 })
    expect(job.outputs).toMatchObject({ 'cache-hit': 'true', 'build-cache-hit': 'true' })
    expect(entry(job, 'module')).toMatchObject({ restore: 'exact' })
    expect(entry(job, 'build')).toMatchObject({ restore: 'exact' })
    expect(entry(job, 'module')?.files).toBeGreaterThan(0)
    expect(fs.existsSync(path.join(job.gomodcache, 'github.com/google/uuid@v1.6.0/uuid.go'))).toBe(
      true
    )
    expect(savedKeys(ctx.service)).toHaveLength(2)
    expect(job.post.stdout).toContain('was restored exactly, nothing new to save')
    expect(job.mainSummary).toContain('✅ exact key')
    expect(job.postSummary).toContain('not saved: exact key restored')
    // go found its compiled packages: the download check had nothing to fetch.
    expect(job.main.stdout).toMatch(/module cache \(GOMODCACHE\): restored exact key, \d+ files/)
  })

  it('source changed: the build cache restores the previous commit and is saved again, trimmed', async () => {
    ctx.repo.commit('edit', () => {
      fs.appendFileSync(
        path.join(ctx.repo.workspace, 'ids', 'ids.go'),
        '\n// Short returns the first eight characters of a fresh identifier.\nfunc Short() string { return New()[:8] }\n'
      )
    })
    const job = await ctx.repo.job()
    jobs.push(job)
    const previous = jobs[0] as Job
    expect(job.main.status).toBe(0)
    expect(entry(job, 'module')).toMatchObject({ restore: 'exact' })
    expect(entry(job, 'build')).toMatchObject({
      restore: 'partial',
      restoredKey: entry(previous, 'build')?.key
    })
    expect(job.outputs).toMatchObject({ 'cache-hit': 'true', 'build-cache-hit': 'false' })
    expect(savedKeys(ctx.service)).toContain(entry(job, 'build')?.key)
    expect(savedKeys(ctx.service)).toHaveLength(3)
    // The edited package's old compilations were restored but not used: the trim drops them.
    const trim = /build cache \(GOCACHE\): kept (\d+) entries .*, removed (\d+) unused/.exec(
      job.post.stdout
    )
    expect(Number(trim?.[2])).toBeGreaterThan(0)
  })

  it('go.sum changed: the nearest module cache is restored and the new one saved without the old version', async () => {
    ctx.repo.commit('bump', () => {
      ctx.repo.go(['get', 'github.com/google/uuid@v1.5.0'])
      ctx.repo.go(['mod', 'tidy'])
    })
    const job = await ctx.repo.job()
    jobs.push(job)
    expect(job.main.status).toBe(0)
    expect(entry(job, 'module')).toMatchObject({
      restore: 'partial',
      restoredKey: entry(jobs[0] as Job, 'module')?.key
    })
    expect(entry(job, 'module')?.key).not.toBe(entry(jobs[0] as Job, 'module')?.key)
    expect(savedKeys(ctx.service)).toContain(entry(job, 'module')?.key)
    expect(job.post.stdout).toMatch(
      /module cache \(GOMODCACHE\): kept 1 module versions .*, removed 1 unused/
    )

    // The next job restores exactly that: v1.5.0, and v1.6.0 no longer.
    const next = await ctx.repo.job()
    jobs.push(next)
    expect(entry(next, 'module')).toMatchObject({ restore: 'exact' })
    const uuid = path.join(next.gomodcache, 'github.com/google')
    expect(fs.readdirSync(uuid).sort()).toEqual(['uuid@v1.5.0'])
  })

  it('pull_request: restores, and the post step saves nothing', async () => {
    ctx.repo.commit('pr edit', () => {
      fs.appendFileSync(
        path.join(ctx.repo.workspace, 'ids', 'ids.go'),
        '\n// PR is a change under review.\nconst PR = 1\n'
      )
    })
    const before = savedKeys(ctx.service).length
    const job = await ctx.repo.job({ event: 'pull_request' })
    expect(job.main.status).toBe(0)
    expect(entry(job, 'module')).toMatchObject({ restore: 'exact' })
    expect(entry(job, 'build')).toMatchObject({ restore: 'partial' })
    expect(job.post.stdout).toContain(
      'not saving the caches: cache-save is auto and this is a pull_request event: restore only'
    )
    expect(savedKeys(ctx.service)).toHaveLength(before)
  })

  it('pre-populated GOMODCACHE: left as it is with a notice, not extracted over, not saved', async () => {
    const before = savedKeys(ctx.service).length
    const job = await ctx.repo.job({
      // A self-hosted runner's module cache, filled by an earlier job.
      before: ({ gomodcache }) => {
        ctx.repo.go(['mod', 'download'], gomodcache)
        age(gomodcache, 3_600_000)
      }
    })
    expect({ main: job.main.status, post: job.post.status }).toEqual({ main: 0, post: 0 })
    expect(entry(job, 'module')).toMatchObject({ restore: 'skipped' })
    expect(entry(job, 'build')).toMatchObject({ restore: 'partial' })
    expect(ofKind(job.mainCommands, 'notice')).toContainEqual(
      expect.stringMatching(
        /^module cache \(GOMODCACHE\): .* already holds files \(a self-hosted runner, or an earlier step\): not restoring over it$/
      )
    )
    expect(job.main.stdout + job.main.stderr).not.toMatch(/File exists/)
    expect(cacheWarnings(job.mainCommands)).toEqual([])
    expect(cacheWarnings(job.postCommands)).toEqual([])
    expect(job.post.stdout).toContain(
      'held files before this run, so it is neither trimmed nor saved'
    )
    // The build cache's key is this commit's, so it was saved; the module cache was not.
    expect(savedKeys(ctx.service).slice(before)).toEqual([entry(job, 'build')?.key])
  })

  it('service answers 500, then never: warnings, the same verdict, post exits 0', async () => {
    ctx.service.faults.fail({ method: 'GetCacheEntryDownloadURL', status: 500, times: 1 })
    ctx.service.faults.hang({ method: 'GetCacheEntryDownloadURL', ms: 120_000 })
    ctx.service.faults.hang({ method: 'CreateCacheEntry', ms: 120_000 })
    const requestsBefore = ctx.service.requests.length
    const keysBefore = savedKeys(ctx.service).length
    let job: Job
    try {
      job = await ctx.repo.job({ inputs: { 'cache-timeout': '5s', 'cache-save': 'always' } })
    } finally {
      ctx.service.faults.clear()
    }
    expect({ main: job.main.status, post: job.post.status }).toEqual({ main: 0, post: 0 })
    expect(job.report.verdict).toBe('pass')
    expect(job.outputs).toMatchObject({ 'cache-hit': 'false', 'build-cache-hit': 'false' })
    const timedOut = (what: string) => `the cache service did not finish the ${what} within 5 s`
    expect(cacheWarnings(job.mainCommands)).toEqual([
      `module cache (GOMODCACHE): restore failed, going on without it: ${timedOut('restore')}`,
      `build cache (GOCACHE): restore failed, going on without it: ${timedOut('restore')}`
    ])
    expect(cacheWarnings(job.postCommands)).toEqual([
      `module cache (GOMODCACHE): save failed: ${timedOut('save')}`,
      `build cache (GOCACHE): save failed: ${timedOut('save')}`
    ])
    // The first lookup got its 500 and @actions/cache asked again; that one was never answered.
    const lookups = ctx.service.requests
      .slice(requestsBefore)
      .filter((r) => r.twirp === 'GetCacheEntryDownloadURL')
    expect(lookups.map((r) => r.fault)).toEqual(['fail', 'hang', 'hang'])
    expect(lookups[0]?.status).toBe(500)
    expect(savedKeys(ctx.service)).toHaveLength(keysBefore)
  })
})

describe('a module cache modified before it was saved', () => {
  const ctx = useRepo()

  it('is restored, and the verify check fails the gate on it', async () => {
    const uuid = (gomodcache: string): string =>
      path.join(gomodcache, 'github.com', 'google', 'uuid@v1.6.0', 'uuid.go')
    // A later step of the first job edits a file in the module cache; post saves it that way.
    const first = await ctx.repo.job({
      inputs: { checks: 'env,toolchain,modfile,download' },
      afterMain: ({ gomodcache }) => {
        fs.appendFileSync(uuid(gomodcache), '\n// planted after go mod download\n')
      }
    })
    expect({ main: first.main.status, post: first.post.status }).toEqual({ main: 0, post: 0 })
    expect(savedKeys(ctx.service)).toContain(entry(first, 'module')?.key)

    const job = await ctx.repo.job({ inputs: { checks: 'env,toolchain,modfile,download,verify' } })
    expect(entry(job, 'module')).toMatchObject({ restore: 'exact' })
    expect(fs.readFileSync(uuid(job.gomodcache), 'utf8')).toContain('planted after go mod download')
    expect(job.main.status).toBe(1)
    expect(job.report.verdict).toBe('fail')
    const verify = job.report.results.find((r) => r.check === 'verify')
    expect(verify?.findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        title: 'Module cache copy of github.com/google/uuid v1.6.0 has been modified'
      })
    )
    // The caches are still saved or skipped as usual: the verdict is the gate's alone.
    expect(job.post.status).toBe(0)
  })
})

describe('two jobs saving the same keys, and a service failing a save', () => {
  const ctx = useRepo()
  const creates = (from: number): number[] =>
    ctx.service.requests
      .slice(from)
      .filter((r) => r.twirp === 'CreateCacheEntry')
      .map((r) => r.status)

  it('a key another job saved first is a notice: the service answered 409', async () => {
    let other: Awaited<ReturnType<ExtraPost>> | undefined
    // The other job's post step saves the same keys while this job is still running.
    const job = await ctx.repo.job({
      afterMain: async (_dirs, steps) => {
        other = await steps.post()
      }
    })
    expect({ main: job.main.status, other: other?.status, post: job.post.status }).toEqual({
      main: 0,
      other: 0,
      post: 0
    })
    const keys = [entry(job, 'module')?.key, entry(job, 'build')?.key]
    expect(savedKeys(ctx.service).sort()).toEqual([...keys].sort())
    expect(cacheWarnings(other?.commands ?? [])).toEqual([])
    expect(ofKind(job.postCommands, 'notice')).toEqual([
      `module cache (GOMODCACHE): another job saved ${keys[0]} first (parallel jobs share keys; cache-key-suffix tells them apart)`,
      `build cache (GOCACHE): another job saved ${keys[1]} first (parallel jobs share keys; cache-key-suffix tells them apart)`
    ])
    expect(cacheWarnings(job.postCommands)).toEqual([])
    expect(creates(0)).toEqual([200, 200, 409, 409])
    expect(job.postSummary).toContain('⏭️ not saved: saved by another job')
  })

  it('a refusal or a 500 on every try is a warning naming it, never another job', async () => {
    // go.sum and the code change: both caches are saved under new keys.
    ctx.repo.commit('bump and edit', () => {
      ctx.repo.go(['get', 'github.com/google/uuid@v1.5.0'])
      ctx.repo.go(['mod', 'tidy'])
      fs.appendFileSync(path.join(ctx.repo.workspace, 'ids', 'ids.go'), '\nconst Edited = 1\n')
    })
    // The module cache's reservation is refused (200, ok: false); the build cache's answered 500
    // five times, which @actions/cache tries over about 30 s before it gives up.
    ctx.service.faults.refuse({
      method: 'CreateCacheEntry',
      message: 'reservations are paused',
      times: 1
    })
    ctx.service.faults.fail({ method: 'CreateCacheEntry', status: 500, times: 5 })
    const before = ctx.service.requests.length
    let job: Job
    try {
      job = await ctx.repo.job()
    } finally {
      ctx.service.faults.clear()
    }
    expect({ main: job.main.status, post: job.post.status }).toEqual({ main: 0, post: 0 })
    expect(job.report.verdict).toBe('pass')
    const [moduleKey, buildKey] = [entry(job, 'module')?.key, entry(job, 'build')?.key]
    expect(ofKind(job.postCommands, 'notice')).toEqual([])
    expect(cacheWarnings(job.postCommands)).toEqual([
      `module cache (GOMODCACHE): save failed: the cache service did not reserve ${moduleKey}: reservations are paused`,
      `build cache (GOCACHE): save failed: the cache service did not reserve ${buildKey}: ` +
        'Failed to CreateCacheEntry: Failed to make request after 5 attempts: ' +
        'Failed request: (500) Internal Server Error: injected 500 from the test cache service'
    ])
    // @actions/cache's own warning for the refusal stays in the log as a plain line.
    expect(job.post.stdout.split('\n')).toContain(
      'Cache reservation failed: reservations are paused'
    )
    expect(creates(before)).toEqual([200, 500, 500, 500, 500, 500])
    expect(savedKeys(ctx.service)).not.toContain(moduleKey)
    expect(savedKeys(ctx.service)).not.toContain(buildKey)
    expect(job.postSummary).toContain(
      '⏭️ not saved: save failed: the cache service did not reserve'
    )
  })
})

describe('a cache state rewritten during the job', () => {
  const ctx = useRepo()

  /** Every path in a saved entry's archive. */
  function archived(key: string): string[] {
    const blob = ctx.service.blob(key)
    if (blob === undefined) throw new Error(`no entry ${key}`)
    const file = path.join(ctx.repo.box.base, 'archive.tar')
    fs.writeFileSync(file, blob)
    // GNU tar recognises the zstd (or gzip) compression by itself when it reads a file.
    return execFileSync('tar', ['-tf', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    })
      .split('\n')
      .filter(Boolean)
  }

  it('archives nothing from a directory go does not name, and saves the real caches', async () => {
    // Dressed up as both caches (go's README, cache/download), with something worth stealing.
    const secrets = path.join(ctx.repo.box.base, 'secrets')
    const planted: CacheFiles = {
      README: 'This directory holds cached build artifacts from the Go build system.\n',
      'cache/download/example.com/x/@v/v1.0.0.zip': 'zip',
      id_rsa: '-----BEGIN OPENSSH PRIVATE KEY-----\n'
    }
    writeFiles(secrets, planted)
    const noGo = path.join(ctx.repo.box.base, 'bin-without-go')
    fs.mkdirSync(noGo)
    let crafted: Awaited<ReturnType<ExtraPost>> | undefined
    let withoutGo: Awaited<ReturnType<ExtraPost>> | undefined
    const job = await ctx.repo.job({
      afterMain: async (_dirs, steps) => {
        // What a step of the job (a pull request's test) could write to the state.
        const state = JSON.parse(steps.state) as { entries: Array<{ path: string }> }
        state.entries = state.entries.map((e) => ({ ...e, path: secrets }))
        crafted = await steps.post({ state: JSON.stringify(state) })
        withoutGo = await steps.post({ env: { PATH: noGo } })
      }
    })
    const [moduleKey, buildKey] = [entry(job, 'module')?.key, entry(job, 'build')?.key]

    expect(crafted?.status).toBe(0)
    expect(cacheWarnings(crafted?.commands ?? [])).toEqual([
      `module cache (GOMODCACHE): not saved: the state names ${secrets}, which is not go env GOMODCACHE (${job.gomodcache})`,
      `build cache (GOCACHE): not saved: the state names ${secrets}, which is not go env GOCACHE (${job.gocache})`
    ])
    expect(crafted?.summary).toContain(`⏭️ not saved: the state names ${secrets}`)
    expect(readFiles(secrets)).toEqual(planted)

    expect(withoutGo?.status).toBe(0)
    expect(cacheWarnings(withoutGo?.commands ?? [])).toEqual([
      'go-ci-gate post: nothing saved: go must say where its caches are before anything is saved from them: ' +
        '"go" was not found on PATH: add actions/setup-go (or install Go) before this step'
    ])

    // Neither asked the service for anything; the job's own post step then saved both.
    expect({ main: job.main.status, post: job.post.status }).toEqual({ main: 0, post: 0 })
    expect(cacheWarnings(job.postCommands)).toEqual([])
    expect(ctx.service.twirpCalls().filter((c) => c === 'CreateCacheEntry')).toHaveLength(2)
    expect(savedKeys(ctx.service).sort()).toEqual([moduleKey, buildKey].sort())
    const paths = [...archived(moduleKey ?? ''), ...archived(buildKey ?? '')]
    expect(paths.some((p) => p.includes('go-build/README'))).toBe(true)
    expect(paths.some((p) => p.includes('pkg/mod/cache/download/'))).toBe(true)
    expect(paths.filter((p) => p.includes('secrets'))).toEqual([])
  })
})
