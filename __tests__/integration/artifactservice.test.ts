// The local artifact service (__tests__/helpers/artifactservice.ts) against the real
// @actions/artifact from this repository's node_modules, and the action's side of it
// (src/report/artifacts.ts). In-process: @actions/artifact reads its environment per call (the
// token, the results URL), so this process plays each job of a run in turn by swapping the
// job's variables in around one call, and keeps what @actions/core prints to look at.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { DefaultArtifactClient } from '@actions/artifact'
import { downloadReports, uploadReport } from '../../src/report/artifacts.js'
import { resolvePlanInput } from '../../src/shardjobs.js'
import {
  startArtifactService,
  type ArtifactJob,
  type ArtifactService
} from '../helpers/artifactservice.js'

// @actions/artifact waits 3 s before retrying a twirp 5xx; nothing else here waits.
jest.setTimeout(60_000)

const PREFIX = 'go-ci-gate-shard-'
const DAY_MS = 24 * 60 * 60 * 1000

let base: string
let dirs = 0
const freshDir = (name: string): string => {
  const dir = path.join(base, `${++dirs}-${name}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

/** A shard's JSON report on disk. */
function writeReport(shard: number, extra: Record<string, unknown> = {}): string {
  const file = path.join(freshDir(`shard-${shard}`), 'report.json')
  const report = { shard, goVersion: 'go1.26.8', results: [{ check: 'tests', status: 'pass' }] }
  fs.writeFileSync(file, `${JSON.stringify({ ...report, ...extra }, null, 2)}\n`)
  return file
}

interface JobRun<T> {
  value?: T
  error?: Error
  /** What @actions/core printed on stdout meanwhile. */
  lines: string[]
}

// Variables of a surrounding job that would change what @actions/artifact does.
const FOREIGN = /^(ACTIONS_|GITHUB_RETENTION_DAYS$|GITHUB_SERVER_URL$)/

/** Runs `fn` as `job`: its variables set, stdout kept instead of printed. */
async function asJob<T>(
  job: ArtifactJob,
  fn: () => Promise<T>,
  extraEnv: Record<string, string> = {}
): Promise<JobRun<T>> {
  const saved = { ...process.env }
  for (const key of Object.keys(process.env)) if (FOREIGN.test(key)) delete process.env[key]
  Object.assign(process.env, job.env, { GITHUB_WORKSPACE: base }, extraEnv)
  const write = process.stdout.write
  let out = ''
  process.stdout.write = ((chunk: unknown) => {
    out += String(chunk)
    return true
  }) as typeof process.stdout.write
  try {
    return { value: await fn(), lines: out.split('\n').filter((l) => l !== '') }
  } catch (error) {
    return { error: error as Error, lines: out.split('\n').filter((l) => l !== '') }
  } finally {
    process.stdout.write = write
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}

const sha256 = (data: Buffer): string => crypto.createHash('sha256').update(data).digest('hex')
const sequence = (s: ArtifactService, from = 0) =>
  s.requests.slice(from).map((r) => [r.twirp ?? r.blob, r.status])

beforeAll(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-artifactservice-')))
})
afterAll(() => fs.rmSync(base, { recursive: true, force: true }))

describe('a sharded run: three shard jobs upload, the merge job downloads', () => {
  let service: ArtifactService
  const shards: ArtifactJob[] = []
  const files: string[] = []

  beforeAll(async () => {
    service = await startArtifactService()
  })
  afterAll(() => service.close())

  it('uploads each report as a zip in one block, finalized with its size and sha256', async () => {
    for (const shard of [1, 2, 3]) {
      const job = service.job()
      shards.push(job)
      files.push(writeReport(shard))
      const before = service.requests.length
      const run = await asJob(job, () => uploadReport(`${PREFIX}${shard}`, files.at(-1)!))

      expect(run.error).toBeUndefined()
      expect(run.lines.filter((l) => /^::(warning|error)/.test(l))).toEqual([])
      const artifact = service.artifacts.at(-1)!
      expect(run.value).toEqual({
        name: `${PREFIX}${shard}`,
        id: artifact.id,
        size: artifact.size,
        digest: sha256(service.zip(`${PREFIX}${shard}`)!)
      })
      expect(sequence(service, before)).toEqual([
        ['CreateArtifact', 200],
        ['PutBlock', 201],
        ['PutBlockList', 201],
        ['FinalizeArtifact', 200]
      ])
      const [create, , , finalize] = service.requests.slice(before)
      expect(create?.job).toBe(job.workflowJobRunBackendId)
      expect(create?.body).toMatchObject({
        workflow_run_backend_id: service.run,
        workflow_job_run_backend_id: job.workflowJobRunBackendId,
        name: `${PREFIX}${shard}`,
        version: 7,
        mime_type: 'application/zip'
      })
      // Retention 1 day: the merge job of the same run is the only reader.
      const expires = Date.parse((create?.body as { expires_at: string }).expires_at)
      expect(Math.abs(expires - (Date.now() + DAY_MS))).toBeLessThan(60 * 60 * 1000)
      expect(finalize?.body).toEqual({
        workflow_run_backend_id: service.run,
        workflow_job_run_backend_id: job.workflowJobRunBackendId,
        name: `${PREFIX}${shard}`,
        size: String(artifact.size),
        hash: `sha256:${sha256(service.zip(`${PREFIX}${shard}`)!)}`
      })
    }
    expect(new Set(service.artifacts.map((a) => a.workflowJobRunBackendId)).size).toBe(3)
    expect(service.artifacts.every((a) => a.workflowRunBackendId === service.run)).toBe(true)
    // A real zip holding the report under its own name.
    const zip = service.zip(`${PREFIX}1`)!
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
    expect(zip.includes(Buffer.from('report.json'))).toBe(true)
  })

  it('a fourth job lists every job’s artifacts and downloads those with the prefix', async () => {
    const merge = service.job()
    // Another artifact of the run that is not a shard report.
    const other = path.join(freshDir('other'), 'coverage.json')
    fs.writeFileSync(other, '{}\n')
    expect((await asJob(shards[0]!, () => uploadReport('coverage', other))).error).toBeUndefined()

    const listed = await asJob(merge, () => new DefaultArtifactClient().listArtifacts())
    expect(listed.value?.artifacts.map((a) => [a.name, a.id, a.size, a.digest])).toEqual(
      service.artifacts.map((a) => [a.name, a.id, a.size, a.digest])
    )

    const dir = freshDir('merge')
    const before = service.requests.length
    const run = await asJob(merge, () => downloadReports(PREFIX, dir))
    expect(run.error).toBeUndefined()
    expect(run.value).toEqual(
      [1, 2, 3].map((n) => ({
        name: `${PREFIX}${n}`,
        file: path.join(dir, `${PREFIX}${n}`, 'report.json')
      }))
    )
    for (const [i, report] of (run.value ?? []).entries()) {
      expect(fs.readFileSync(report.file, 'utf8')).toBe(fs.readFileSync(files[i]!, 'utf8'))
    }
    expect(fs.existsSync(path.join(dir, 'coverage'))).toBe(false)
    // @actions/artifact masks each signed URL's signature (raw and URL-encoded): the masks reach
    // the runner as commands, or the signatures show in its debug log.
    const masks = run.lines.filter((l) => l.includes('add-mask'))
    expect(masks).toHaveLength(6)
    expect(masks.every((l) => /^::add-mask::\S+$/.test(l))).toBe(true)
    // One list, then per artifact: find it by id, get its URL, fetch the zip.
    expect(sequence(service, before)).toEqual([
      ['ListArtifacts', 200],
      ...Array(3)
        .fill([
          ['ListArtifacts', 200],
          ['GetSignedArtifactURL', 200],
          ['GetBlob', 200]
        ])
        .flat()
    ])
    const lookups = service.requests.slice(before).filter((r) => r.twirp === 'GetSignedArtifactURL')
    // The merge job's token, the artifact's own job id.
    expect(
      lookups.map((r) => [r.job, (r.body as Record<string, string>).workflow_job_run_backend_id])
    ).toEqual(shards.map((s) => [merge.workflowJobRunBackendId, s.workflowJobRunBackendId]))
  })

  it('downloads into fresh directories only: a second download into the same one fails', async () => {
    const dir = freshDir('twice')
    const merge = service.job()
    expect((await asJob(merge, () => downloadReports(`${PREFIX}1`, dir))).value).toHaveLength(1)
    const again = await asJob(merge, () => downloadReports(`${PREFIX}1`, dir))
    expect(again.error?.message).toBe(
      `cannot download the artifact ${PREFIX}1: ${path.join(dir, `${PREFIX}1`)} is not empty`
    )
  })

  it('no artifact with the prefix: nothing, and the caller judges', async () => {
    const run = await asJob(service.job(), () => downloadReports('nothing-', freshDir('none')))
    expect(run).toMatchObject({ value: [] })
  })

  it('a name taken in the run is a 409 for any job, a one-line error; another run may use it', async () => {
    const file = writeReport(9)
    const before = service.requests.length
    const taken = await asJob(service.job(), () => uploadReport(`${PREFIX}2`, file))
    expect(taken.error?.message).toBe(
      `could not upload ${file} as the artifact ${PREFIX}2: Failed to CreateArtifact: ` +
        'Received non-retryable error: Failed request: (409) Conflict: ' +
        'an artifact with this name already exists on the workflow run'
    )
    expect(sequence(service, before)).toEqual([['CreateArtifact', 409]])
    // The caller reports it: nothing else warns.
    expect(taken.lines.filter((l) => /^::(warning|error)/.test(l))).toEqual([])

    const otherRun = service.job({ workflowRunBackendId: crypto.randomUUID() })
    const elsewhere = await asJob(otherRun, () => uploadReport(`${PREFIX}2`, file))
    expect(elsewhere.error).toBeUndefined()
    const seen = await asJob(otherRun, () => new DefaultArtifactClient().listArtifacts())
    expect(seen.value?.artifacts.map((a) => a.name)).toEqual([`${PREFIX}2`])
    // The first upload is untouched.
    const mine = service.artifacts.filter((a) => a.workflowRunBackendId === service.run)
    expect(mine.map((a) => a.name)).toEqual(
      [1, 2, 3].map((n) => `${PREFIX}${n}`).concat('coverage')
    )
  })
})

describe('faults', () => {
  let service: ArtifactService
  beforeAll(async () => {
    service = await startArtifactService()
  })
  afterEach(() => service.faults.clear())
  afterAll(() => service.close())

  it('a 5xx once on CreateArtifact and on a block: retried, then uploaded', async () => {
    service.faults.fail({ method: 'CreateArtifact', status: 503, times: 1 })
    service.faults.fail({ method: 'PutBlock', status: 500, times: 1 })
    const run = await asJob(service.job(), () => uploadReport(`${PREFIX}retry`, writeReport(1)))

    expect(run.error).toBeUndefined()
    expect(sequence(service)).toEqual([
      ['CreateArtifact', 503],
      ['CreateArtifact', 200],
      ['PutBlock', 500],
      ['PutBlock', 201],
      ['PutBlockList', 201],
      ['FinalizeArtifact', 200]
    ])
    expect(run.lines).toContain(
      'Attempt 1 of 5 failed with error: Failed request: (503) Service Unavailable: ' +
        'injected 503 from the test artifact service. Retrying request in 3000 ms...'
    )
    expect(service.zip(`${PREFIX}retry`)?.length).toBe(service.artifacts.at(-1)?.size)
  })

  it('a failure that is not retried, and GHES, each end the upload with one line', async () => {
    const file = writeReport(2)
    service.faults.fail({ method: 'FinalizeArtifact', status: 400, times: 1, message: 'bad size' })
    const finalize = await asJob(service.job(), () => uploadReport(`${PREFIX}bad`, file))
    expect(finalize.error?.message).toBe(
      `could not upload ${file} as the artifact ${PREFIX}bad: Failed to FinalizeArtifact: ` +
        'Received non-retryable error: Failed request: (400) Bad Request: bad size'
    )
    expect(service.artifacts.map((a) => a.name)).not.toContain(`${PREFIX}bad`)

    service.faults.refuse({ method: 'CreateArtifact', times: 1 })
    const refused = await asJob(service.job(), () => uploadReport(`${PREFIX}refused`, file))
    expect(refused.error?.message).toBe(
      `could not upload ${file} as the artifact ${PREFIX}refused: CreateArtifact: response from backend was not ok`
    )

    const before = service.requests.length
    const ghes = await asJob(service.job(), () => uploadReport(`${PREFIX}ghes`, file), {
      GITHUB_SERVER_URL: 'https://github.example.com'
    })
    expect(ghes.error?.message).toMatch(/^could not upload .* not currently supported on GHES\.$/)
    expect(service.requests.length).toBe(before)
    // @actions/artifact's own multi-line warning for it is kept to the debug log.
    expect(ghes.lines.filter((l) => /^::(warning|error)/.test(l))).toEqual([])
    expect(ghes.lines.filter((l) => l.startsWith('::debug::Artifact upload failed'))).toHaveLength(
      1
    )
  })

  it('an artifact named .. is not downloaded outside the directory', async () => {
    const job = service.job()
    expect((await asJob(job, () => uploadReport('..', writeReport(6)))).error).toBeUndefined()
    const dir = freshDir('dots')
    const run = await asJob(job, () => downloadReports('..', dir))
    expect(run.error?.message).toBe(`the artifact name .. cannot name a directory under ${dir}`)
    expect(service.remove('..')).toBe(true)
  })

  it('a service that cannot be reached: one line, without the self-hosted runner advice', async () => {
    const gone = await startArtifactService()
    const job = gone.job()
    await gone.close()
    const file = writeReport(7)
    const run = await asJob(job, () => uploadReport(`${PREFIX}offline`, file))
    expect(run.error?.message).toBe(
      `could not upload ${file} as the artifact ${PREFIX}offline: Failed to CreateArtifact: ` +
        'Unable to make request: ECONNREFUSED'
    )
  })

  it('an artifact gone between the list and its download is a one-line error naming it', async () => {
    const job = service.job()
    expect(
      (await asJob(job, () => uploadReport(`${PREFIX}gone`, writeReport(3)))).error
    ).toBeUndefined()
    service.faults.fail({
      method: 'GetSignedArtifactURL',
      status: 404,
      times: 1,
      message: `artifact ${PREFIX}gone not found`
    })
    const run = await asJob(service.job(), () => downloadReports(`${PREFIX}gone`, freshDir('gone')))
    expect(run.error?.message).toBe(
      `could not download the artifact ${PREFIX}gone: Failed to GetSignedArtifactURL: ` +
        `Received non-retryable error: Failed request: (404) Not Found: artifact ${PREFIX}gone not found`
    )
    expect(run.lines.filter((l) => l.startsWith('::warning::'))).toEqual([])

    // By id, @actions/artifact says so itself; and a removed artifact is no longer listed.
    const byId = await asJob(job, () =>
      new DefaultArtifactClient().downloadArtifact(99_999, { path: freshDir('by-id') })
    )
    expect(byId.error?.name).toBe('ArtifactNotFoundError')
    expect(byId.error?.message).toMatch(/^No artifacts found for ID: 99999\n/)
    expect(service.remove(`${PREFIX}gone`)).toBe(true)
    const after = await asJob(job, () => downloadReports(`${PREFIX}gone`, freshDir('gone-2')))
    expect(after.value).toEqual([])
  })

  it('a zip that differs from the one uploaded is refused by its sha256', async () => {
    const job = service.job()
    await asJob(job, () => uploadReport(`${PREFIX}x`, writeReport(4)))
    await asJob(job, () => uploadReport('other', writeReport(5)))
    service.replaceZip(`${PREFIX}x`, service.zip('other')!)
    const run = await asJob(service.job(), () =>
      downloadReports(`${PREFIX}x`, freshDir('tampered'))
    )
    expect(run.error?.message).toBe(
      `could not download the artifact ${PREFIX}x: its sha256 differs from the one it was uploaded with`
    )
  })

  it('refuses a token it did not issue, and a token naming another job', async () => {
    const stranger = { ...service.job(), token: 'not-a-token' }
    stranger.env = { ...stranger.env, ACTIONS_RUNTIME_TOKEN: 'a.b.c' }
    const run = await asJob(stranger, () => new DefaultArtifactClient().listArtifacts())
    // The client cannot read backend ids from a token that is no JWT.
    expect(run.error?.message).toMatch(/^Invalid token specified/)

    const a = service.job()
    const b = service.job()
    const response = await fetch(
      `${service.url}twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${a.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          workflow_run_backend_id: b.workflowRunBackendId,
          workflow_job_run_backend_id: b.workflowJobRunBackendId
        })
      }
    )
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({
      code: 'permission_denied',
      msg: `the token does not grant access to job ${b.workflowJobRunBackendId}`
    })
    const unknown = await fetch(
      `${service.url}twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`,
      {
        method: 'POST',
        headers: { Authorization: 'Bearer nope', 'Content-Type': 'application/json' },
        body: '{}'
      }
    )
    expect(unknown.status).toBe(401)
  })
})

describe('a file over the 8 MiB block size', () => {
  it('goes up in 8 MiB blocks and comes back byte for byte with the real client', async () => {
    const service = await startArtifactService()
    try {
      const dir = freshDir('large')
      const big = crypto.randomBytes(17 * 1024 * 1024 + 123)
      fs.writeFileSync(path.join(dir, 'big.bin'), big)
      fs.mkdirSync(path.join(dir, 'nested'))
      fs.writeFileSync(path.join(dir, 'nested', 'small.json'), '{"ok":true}\n')
      const files = [path.join(dir, 'big.bin'), path.join(dir, 'nested', 'small.json')]
      const job = service.job()
      const up = await asJob(job, () =>
        new DefaultArtifactClient().uploadArtifact('large', files, dir, { compressionLevel: 0 })
      )
      expect(up.error).toBeUndefined()
      const zip = service.zip('large')!
      const blocks = service.requests.filter((r) => r.blob === 'PutBlock')
      expect(blocks.map((r) => r.bytes)).toEqual([
        8 * 1024 * 1024,
        8 * 1024 * 1024,
        zip.length - 16 * 1024 * 1024
      ])
      expect(up.value).toEqual({ id: 1, size: zip.length, digest: sha256(zip) })

      const out = freshDir('large-out')
      const down = await asJob(service.job(), () =>
        new DefaultArtifactClient().downloadArtifact(1, {
          path: out,
          expectedHash: `sha256:${sha256(zip)}`
        })
      )
      expect(down.value).toEqual({ downloadPath: out, digestMismatch: false })
      expect(fs.readFileSync(path.join(out, 'big.bin')).equals(big)).toBe(true)
      expect(fs.readFileSync(path.join(out, 'nested', 'small.json'), 'utf8')).toBe('{"ok":true}\n')
    } finally {
      await service.close()
    }
  })
})

describe('a plan too large for a job output', () => {
  let service: ArtifactService
  beforeAll(async () => {
    service = await startArtifactService()
  })
  afterAll(() => service?.close())

  it('travels as the artifact go-ci-gate-plan: the shard job reads it back from the reference', async () => {
    const run = crypto.randomUUID()
    const planFile = path.join(base, 'plan-large.json')
    const plan = JSON.stringify({ version: 1, id: 'f00d', shards: [[]], filler: 'x'.repeat(1024) })
    fs.writeFileSync(planFile, plan)
    const upload = await asJob(service.job({ workflowRunBackendId: run }), () =>
      uploadReport('go-ci-gate-plan', planFile)
    )
    expect(upload.error).toBeUndefined()
    const reference = JSON.stringify({ version: 1, artifact: 'go-ci-gate-plan', id: 'f00d' })
    const temp = fs.mkdtempSync(path.join(base, 'resolve-'))
    const shard = await asJob(service.job({ workflowRunBackendId: run }), () =>
      resolvePlanInput(reference, temp)
    )
    expect(shard.error).toBeUndefined()
    expect(shard.value).toBe(plan)
    // A plan given whole is taken as it is, without a request.
    const before = service.requests.length
    expect(await resolvePlanInput(plan, temp)).toBe(plan)
    expect(service.requests.length).toBe(before)
    // In a run without the artifact: one line saying so.
    const other = await asJob(service.job({ workflowRunBackendId: crypto.randomUUID() }), () =>
      resolvePlanInput(reference, temp)
    )
    expect(other.error?.message).toBe("the plan's artifact go-ci-gate-plan is not in this run")
  })
})
