// The local cache service (__tests__/helpers/cacheservice.ts) against the real @actions/cache
// from this repository's node_modules: each save or restore runs in a child node process with
// the service's environment, so @actions/cache takes its real path (tar + zstd, the Azure SDK
// upload, the twirp client with its retries) and this process's environment stays clean.
import { execFile, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import {
  cacheVersion,
  startCacheService,
  type CacheService,
  type CacheServiceOptions
} from '../helpers/cacheservice.js'

// Only the persistent-5xx test is slow: @actions/cache retries twirp calls 5 times over ~30 s.
jest.setTimeout(120_000)

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')
const cacheLib = path.join(repoRoot, 'node_modules', '@actions', 'cache')

// @actions/cache picks zstd when `zstd --version` runs (Debian/Ubuntu package zstd), else gzip.
const hasZstd = spawnSync('zstd', ['--version'], { stdio: 'ignore' }).status === 0
const compression = hasZstd ? 'zstd-without-long' : 'gzip'
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd])
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b])

// The child: one saveCache / restoreCache (or a raw Azure SDK block upload), its outcome written
// to a file so that whatever @actions/core prints on stdout stays untouched.
const CLIENT = `
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
const spec = JSON.parse(process.argv[2])
const t0 = Date.now()
let result
try {
  if (spec.op === 'upload-blocks') {
    const require = createRequire(spec.cachePackageJson)
    const { BlockBlobClient } = require('@azure/storage-blob')
    const response = await new BlockBlobClient(spec.url).uploadFile(spec.file, {
      blockSize: spec.blockSize,
      maxSingleShotSize: spec.blockSize,
      concurrency: 2
    })
    result = { threw: false, value: response._response.status }
  } else {
    const cache = await import(pathToFileURL(spec.cacheModule).href)
    const value =
      spec.op === 'save'
        ? await cache.saveCache(spec.paths, spec.key)
        : await cache.restoreCache(spec.paths, spec.key, spec.restoreKeys)
    result = { threw: false, value: value === undefined ? null : value }
  }
} catch (error) {
  result = { threw: true, name: error?.name, message: String(error?.message ?? error) }
}
result.ms = Date.now() - t0
fs.writeFileSync(spec.out, JSON.stringify(result))
`

interface ClientRun {
  threw: boolean
  value: string | number | null
  name?: string
  message?: string
  /** Milliseconds the call took inside the child. */
  ms: number
  stdout: string
  warnings: string[]
  errors: string[]
  /** stdout lines that are not workflow commands. */
  info: string[]
  /** ::debug:: messages. */
  debug: string[]
}

const unescapeData = (s: string): string =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

function commands(stdout: string, name: string): string[] {
  return stdout.split('\n').flatMap((line) => {
    const m = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    return m && m[1] === name ? [unescapeData(m[2] as string)] : []
  })
}

let base: string
let script: string
let runs = 0

/** The machine's environment without a surrounding job's variables or jest's NODE_OPTIONS. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (/^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_)/.test(key)) continue
    if (/^(NODE_OPTIONS|NODE_NO_WARNINGS|CACHE_UPLOAD_|SEGMENT_DOWNLOAD_)/.test(key)) continue
    env[key] = value
  }
  return { ...env, ...extra }
}

async function client(
  service: CacheService,
  workspace: string,
  spec: Record<string, unknown>,
  extraEnv: Record<string, string> = {}
): Promise<ClientRun> {
  const dir = path.join(base, `run-${++runs}`)
  const runnerTemp = path.join(dir, 'temp')
  fs.mkdirSync(runnerTemp, { recursive: true })
  const out = path.join(dir, 'result.json')
  const env = childEnv({
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    ...service.env,
    ...extraEnv
  })
  const full = {
    cacheModule: path.join(cacheLib, 'lib', 'cache.js'),
    cachePackageJson: path.join(cacheLib, 'package.json'),
    out,
    ...spec
  }
  fs.mkdirSync(workspace, { recursive: true })
  const { stdout } = await promisify(execFile)(process.execPath, [script, JSON.stringify(full)], {
    cwd: workspace,
    env,
    encoding: 'utf8',
    timeout: 110_000,
    maxBuffer: 16 * 1024 * 1024
  })
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as Omit<
    ClientRun,
    'stdout' | 'warnings' | 'errors' | 'info' | 'debug'
  >
  return {
    ...result,
    stdout,
    warnings: commands(stdout, 'warning'),
    errors: commands(stdout, 'error'),
    debug: commands(stdout, 'debug'),
    info: stdout.split('\n').filter((l) => !l.startsWith('::') && l.trim() !== '')
  }
}

const save = (s: CacheService, ws: string, key: string, env?: Record<string, string>) =>
  client(s, ws, { op: 'save', paths: ['data'], key }, env)
const restore = (
  s: CacheService,
  ws: string,
  key: string,
  restoreKeys: string[] = [],
  env?: Record<string, string>,
  paths = ['data']
) => client(s, ws, { op: 'restore', paths, key, restoreKeys }, env)

// ---------------------------------------------------------------------------------------------
// Trees

interface Node {
  type: 'file' | 'dir'
  mode: number
  content?: string
}

/** Every file and directory under dir: type, permission bits, and base64 content. */
function tree(dir: string): Record<string, Node> {
  const nodes: Record<string, Node> = {}
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = path.posix.join(rel, name)
      const stat = fs.lstatSync(path.join(dir, r))
      if (stat.isDirectory()) {
        nodes[r] = { type: 'dir', mode: stat.mode & 0o777 }
        walk(r)
      } else {
        nodes[r] = {
          type: 'file',
          mode: stat.mode & 0o777,
          content: fs.readFileSync(path.join(dir, r)).toString('base64')
        }
      }
    }
  }
  walk('')
  return nodes
}

/** Removes a tree that holds read-only directories, as a non-root user could not. */
function forceRemove(dir: string): void {
  if (!fs.existsSync(dir)) return
  const chmod = (p: string): void => {
    const stat = fs.lstatSync(p)
    if (!stat.isDirectory()) return
    fs.chmodSync(p, 0o755)
    for (const name of fs.readdirSync(p)) chmod(path.join(p, name))
  }
  chmod(dir)
  fs.rmSync(dir, { recursive: true, force: true })
}

/** A workspace with data/: text, every byte value, an incompressible file, read-only parts. */
function makeWorkspace(name: string, seed: string): string {
  const ws = path.join(base, name)
  const data = path.join(ws, 'data')
  fs.mkdirSync(path.join(data, 'nested', 'deeper'), { recursive: true })
  fs.writeFileSync(path.join(data, 'go.sum'), `example.com/m v1.0.0 h1:${seed}=\n`)
  fs.writeFileSync(path.join(data, 'nested', 'bytes.bin'), Buffer.from([...Array(256).keys()]))
  fs.writeFileSync(path.join(data, 'nested', 'deeper', 'empty'), '')
  // Incompressible, so the archive is large enough for several 64 KiB blocks.
  const random = Buffer.alloc(200 * 1024)
  for (let i = 0, x = seed.length * 2654435761; i < random.length; i++) {
    x = (x ^ (x << 13)) >>> 0
    x = (x ^ (x >>> 17)) >>> 0
    x = (x ^ (x << 5)) >>> 0
    random[i] = x & 0xff
  }
  fs.writeFileSync(path.join(data, 'random.bin'), random)
  // Like GOMODCACHE: a read-only module directory holding a read-only file.
  const mod = path.join(data, 'pkg', 'mod', 'example.com', 'm@v1.0.0')
  fs.mkdirSync(mod, { recursive: true })
  fs.writeFileSync(path.join(mod, 'go.mod'), `module example.com/m // ${seed}\n`)
  fs.chmodSync(path.join(mod, 'go.mod'), 0o444)
  fs.chmodSync(mod, 0o555)
  return ws
}

function twirpRequests(s: CacheService, method: string) {
  return s.requests.filter((r) => r.twirp === method)
}

// ---------------------------------------------------------------------------------------------

beforeAll(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-cacheservice-')))
  script = path.join(base, 'client.mjs')
  fs.writeFileSync(script, CLIENT)
})

afterAll(() => forceRemove(base))

describe('local cache service v2 with the real @actions/cache', () => {
  let service: CacheService
  let source: string
  let saved: ClientRun
  const KEY = 'gcg-Linux-go-A'
  const version = cacheVersion(['data'], compression)

  // One save every test here starts from; the first test judges it.
  beforeAll(async () => {
    service = await startCacheService()
    source = makeWorkspace('source', 'A')
    saved = await save(service, source, KEY)
  })
  afterAll(() => service.close())

  it('saves a directory through CreateCacheEntry, a blob PUT and FinalizeCacheEntryUpload', () => {
    const run = saved

    expect(run.threw).toBe(false)
    expect(run.warnings).toEqual([])
    expect(run.errors).toEqual([])
    const entry = service.entries[0]!
    expect(run.value).toBe(entry.id)
    expect(entry.id).toBeGreaterThan(0)
    expect(entry).toMatchObject({ key: KEY, version })

    const requests = service.requests.slice(0, 3)
    expect(requests.map((r) => [r.twirp ?? r.blob, r.status])).toEqual([
      ['CreateCacheEntry', 200],
      ['PutBlob', 201],
      ['FinalizeCacheEntryUpload', 200]
    ])
    expect(twirpRequests(service, 'CreateCacheEntry')[0]?.body).toEqual({ key: KEY, version })
    expect(twirpRequests(service, 'FinalizeCacheEntryUpload')[0]?.body).toEqual({
      key: KEY,
      version,
      size_bytes: String(entry.size)
    })
    expect(requests[1]?.bytes).toBe(entry.size)

    // The real archive path: tar piped through zstdmt (gzip when zstd is missing).
    const blob = service.blob(KEY)!
    expect(blob.length).toBe(entry.size)
    if (hasZstd) {
      expect(run.stdout).toContain('--use-compress-program zstdmt')
      expect(blob.subarray(0, 4)).toEqual(ZSTD_MAGIC)
    } else {
      expect(blob.subarray(0, 2)).toEqual(GZIP_MAGIC)
    }
  })

  it('restores it byte for byte, read-only parts included, into a fresh workspace', async () => {
    const before = service.requests.length
    const ws = path.join(base, 'exact')
    const run = await restore(service, ws, KEY)

    expect(run.threw).toBe(false)
    expect(run.value).toBe(KEY)
    expect(run.warnings).toEqual([])
    expect(run.info).toContain(`Cache hit for: ${KEY}`)
    expect(tree(path.join(ws, 'data'))).toEqual(tree(path.join(source, 'data')))
    const mod = path.join(ws, 'data', 'pkg', 'mod', 'example.com', 'm@v1.0.0')
    expect(fs.statSync(mod).mode & 0o777).toBe(0o555)
    expect(fs.statSync(path.join(mod, 'go.mod')).mode & 0o777).toBe(0o444)

    const mine = service.requests.slice(before)
    expect(mine.map((r) => [r.twirp ?? r.blob, r.status])).toEqual([
      ['GetCacheEntryDownloadURL', 200],
      ['GetBlob', 200]
    ])
    // No restore keys: the field is left out, as protobuf JSON leaves out empty lists.
    expect(mine[0]?.body).toEqual({ key: KEY, version })
    expect(mine[1]?.bytes).toBe(service.entries[0]?.size)
  })

  it('matches the key, then restore keys as prefixes, newest first, same version only', async () => {
    // A newer entry that also starts with gcg-Linux-go-.
    const other = makeWorkspace('source-a2', 'A2')
    const second = await save(service, other, `${KEY}2`)
    expect(second.value).toBe(service.entries.at(-1)?.id)

    const viaRestoreKey = await restore(service, path.join(base, 'prefix'), 'gcg-Linux-go-Z', [
      'gcg-Linux-nothing-',
      'gcg-Linux-go-'
    ])
    expect(viaRestoreKey.value).toBe(`${KEY}2`)
    expect(viaRestoreKey.info).toContain(`Cache hit for restore-key: ${KEY}2`)
    expect(tree(path.join(base, 'prefix', 'data'))).toEqual(tree(path.join(other, 'data')))
    expect(twirpRequests(service, 'GetCacheEntryDownloadURL').at(-1)?.body).toEqual({
      key: 'gcg-Linux-go-Z',
      restore_keys: ['gcg-Linux-nothing-', 'gcg-Linux-go-'],
      version
    })

    // The exact key wins over a newer entry it is a prefix of.
    const exact = await restore(service, path.join(base, 'exact-again'), KEY, ['gcg-Linux-go-'])
    expect(exact.value).toBe(KEY)

    // The primary key is itself a prefix (GitHub's order: exact, then partial, then restore keys).
    const partial = await restore(service, path.join(base, 'partial'), 'gcg-Linux-go-')
    expect(partial.value).toBe(`${KEY}2`)

    const before = service.requests.length
    const miss = await restore(service, path.join(base, 'miss'), 'gcg-Windows-go-A', ['gcg-Win'])
    expect(miss).toMatchObject({ threw: false, value: null, warnings: [] })
    expect(fs.existsSync(path.join(base, 'miss', 'data'))).toBe(false)

    // Other paths make another version: no match for the very same key.
    const otherVersion = await restore(service, path.join(base, 'version'), KEY, [], {}, ['other'])
    expect(otherVersion.value).toBeNull()
    const lookups = service.requests.slice(before)
    expect(lookups.map((r) => r.twirp ?? r.blob)).toEqual([
      'GetCacheEntryDownloadURL',
      'GetCacheEntryDownloadURL'
    ])
    expect((lookups[1]?.body as { version: string }).version).toBe(
      cacheVersion(['other'], compression)
    )
  })

  it('answers a second save of the same key and version with the 409 @actions/cache logs as info', async () => {
    const before = service.requests.length
    const entries = service.entries.length
    const run = await save(service, source, KEY)

    expect(run.threw).toBe(false)
    expect(run.value).toBe(-1)
    expect(run.warnings).toEqual([])
    expect(run.info).toContain(
      `Failed to save: Unable to reserve cache with key ${KEY}, another job may be creating this cache.`
    )
    expect(run.debug.join('\n')).toContain(
      '(409) Conflict: cache entry with the same key, version, and scope already exists'
    )
    expect(service.requests.slice(before).map((r) => [r.twirp ?? r.blob, r.status])).toEqual([
      ['CreateCacheEntry', 409]
    ])
    expect(service.entries).toHaveLength(entries)
  })

  it('refuses a wrong bearer token and wrong blob signatures', async () => {
    const run = await restore(service, path.join(base, 'badtoken'), KEY, [], {
      ACTIONS_RUNTIME_TOKEN: 'not-the-token'
    })
    expect(run.value).toBeNull()
    expect(run.warnings).toEqual([
      'Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: ' +
        'Failed request: (401) Unauthorized: invalid or missing bearer token'
    ])

    const lookup = await fetch(
      `${service.url}twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${service.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ key: KEY, version })
      }
    )
    const { signed_download_url: download } = (await lookup.json()) as {
      signed_download_url: string
    }
    expect((await fetch(download)).status).toBe(200)
    const tampered = new URL(download)
    tampered.searchParams.set('sig', 'AAAA' + (tampered.searchParams.get('sig') ?? '').slice(4))
    const refused = await fetch(tampered)
    expect(refused.status).toBe(403)
    expect(refused.headers.get('x-ms-error-code')).toBe('AuthenticationFailed')
    // A read URL does not allow writes.
    const write = await fetch(download, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: 'x'
    })
    expect(write.status).toBe(403)
  })

  it('serves ranged and HEAD reads with the headers the Azure SDK reads', async () => {
    const entry = service.entries[0]!
    const lookup = await fetch(
      `${service.url}twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${service.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ key: KEY, version })
      }
    )
    const url = ((await lookup.json()) as { signed_download_url: string }).signed_download_url
    const head = await fetch(url, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(entry.size))
    for (const h of [
      'etag',
      'last-modified',
      'x-ms-request-id',
      'x-ms-version',
      'x-ms-blob-type'
    ]) {
      expect(head.headers.get(h)).toBeTruthy()
    }
    const part = await fetch(url, { headers: { 'x-ms-range': 'bytes=4-9', Range: 'bytes=0-0' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 4-9/${entry.size}`)
    expect(Buffer.from(await part.arrayBuffer())).toEqual(service.blob(KEY)!.subarray(4, 10))
    const beyond = await fetch(url, { headers: { Range: `bytes=${entry.size}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${entry.size}`)
  })

  it('takes a block upload (Put Block, Put Block List) from the Azure SDK', async () => {
    const key = 'gcg-blocks'
    const archive = path.join(base, 'blocks.tar')
    const tarArgs = hasZstd ? ['--use-compress-program', 'zstdmt'] : ['-z']
    const tar = spawnSync('tar', [
      '--posix',
      '-cf',
      archive,
      ...tarArgs,
      '-P',
      '-C',
      source,
      'data'
    ])
    expect(tar.status).toBe(0)
    const size = fs.statSync(archive).size
    expect(size).toBeGreaterThan(3 * 64 * 1024)

    const twirp = async (method: string, body: object): Promise<Record<string, string>> => {
      const res = await fetch(
        `${service.url}twirp/github.actions.results.api.v1.CacheService/${method}`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${service.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body)
        }
      )
      expect(res.status).toBe(200)
      return (await res.json()) as Record<string, string>
    }
    const created = await twirp('CreateCacheEntry', { key, version })
    const before = service.requests.length
    const upload = await client(service, source, {
      op: 'upload-blocks',
      url: created.signed_upload_url,
      file: archive,
      blockSize: 64 * 1024
    })
    expect(upload).toMatchObject({ threw: false, value: 201 })
    const ops = service.requests.slice(before).map((r) => r.blob)
    expect(ops.filter((o) => o === 'PutBlock')).toHaveLength(Math.ceil(size / (64 * 1024)))
    expect(ops.at(-1)).toBe('PutBlockList')
    // Not visible before FinalizeCacheEntryUpload.
    expect((await twirp('GetCacheEntryDownloadURL', { key, version })).ok).toBe(false)
    expect(
      await twirp('FinalizeCacheEntryUpload', { key, version, size_bytes: String(size) })
    ).toMatchObject({ ok: true })
    expect(service.blob(key)).toEqual(fs.readFileSync(archive))

    const run = await restore(service, path.join(base, 'from-blocks'), key)
    expect(run.value).toBe(key)
    expect(tree(path.join(base, 'from-blocks', 'data'))).toEqual(tree(path.join(source, 'data')))
  })

  it('retries a 500 that goes away, and treats a 500 on the blob as a miss with a warning', async () => {
    service.faults.fail({ method: 'GetCacheEntryDownloadURL', status: 500, times: 1 })
    const before = service.requests.length
    const retried = await restore(service, path.join(base, 'retried'), KEY)
    expect(retried.value).toBe(KEY)
    expect(retried.warnings).toEqual([])
    expect(retried.info.join('\n')).toContain(
      'Attempt 1 of 5 failed with error: Failed request: (500)'
    )
    expect(
      service.requests.slice(before).map((r) => [r.twirp ?? r.blob, r.status, r.fault])
    ).toEqual([
      ['GetCacheEntryDownloadURL', 500, 'fail'],
      ['GetCacheEntryDownloadURL', 200, undefined],
      ['GetBlob', 200, undefined]
    ])
    expect(service.faults.active).toEqual([])

    service.faults.fail({ method: 'GetBlob', status: 500 })
    const failed = await restore(service, path.join(base, 'blob500'), KEY)
    service.faults.clear()
    expect(failed).toMatchObject({ threw: false, value: null })
    expect(failed.warnings).toEqual([
      'Failed to restore: downloadCache failed: Cache service responded with 500'
    ])
    expect(fs.existsSync(path.join(base, 'blob500', 'data'))).toBe(false)
  })

  it('ends a hung twirp call and a stalled download within a bounded time', async () => {
    // The twirp client has no timeout: the service drops the connection after ms.
    service.faults.hang({ method: 'GetCacheEntryDownloadURL', ms: 1500, times: 1 })
    const hung = await restore(service, path.join(base, 'hung'), KEY)
    expect(hung).toMatchObject({ threw: false, value: null })
    expect(hung.warnings).toHaveLength(1)
    expect(hung.warnings[0]).toMatch(
      /^Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNRESET/
    )
    expect(hung.ms).toBeGreaterThanOrEqual(1400)
    expect(hung.ms).toBeLessThan(15_000)

    // Headers and half the body, then nothing: @actions/cache's 5 s idle-socket timeout ends it
    // long before the service would drop the connection.
    service.faults.hang({ method: 'GetBlob', ms: 100_000, stage: 'body', times: 1 })
    const before = service.requests.length
    const stalled = await restore(service, path.join(base, 'stalled'), KEY)
    expect(stalled).toMatchObject({ threw: false, value: null })
    expect(stalled.warnings).toEqual(['Failed to restore: Premature close'])
    expect(stalled.ms).toBeGreaterThanOrEqual(4_500)
    expect(stalled.ms).toBeLessThan(20_000)
    const get = service.requests.slice(before).find((r) => r.blob === 'GetBlob')
    expect(get).toMatchObject({ status: 200, fault: 'hang' })
    expect(get?.bytes).toBeLessThan(service.entries[0]!.size)
    expect(fs.existsSync(path.join(base, 'stalled', 'data'))).toBe(false)
  })
})

describe('persistent 5xx', () => {
  const services: CacheService[] = []
  afterAll(async () => {
    for (const s of services) await s.close()
  })
  const start = async (options: CacheServiceOptions): Promise<CacheService> => {
    const s = await startCacheService(options)
    services.push(s)
    return s
  }

  it('restore returns undefined with a warning; save warns, or informs when reserving failed', async () => {
    const lookup = await start({ fail: { method: 'GetCacheEntryDownloadURL', status: 500 } })
    const finalize = await start({ fail: { method: 'FinalizeCacheEntryUpload', status: 500 } })
    const reserve = await start({ fail: { method: 'CreateCacheEntry', status: 503 } })
    const ws = makeWorkspace('five-hundreds', 'F')
    // Each takes ~30 s of @actions/cache's own backoff (3 s, then x1.5 with jitter): in parallel.
    const [restored, finalized, reserved] = await Promise.all([
      restore(lookup, path.join(base, 'r500'), 'gcg-k'),
      save(finalize, ws, 'gcg-k'),
      save(reserve, ws, 'gcg-k')
    ])

    expect(restored).toMatchObject({ threw: false, value: null, errors: [] })
    expect(restored.warnings).toEqual([
      'Failed to restore: Failed to GetCacheEntryDownloadURL: Failed to make request after 5 ' +
        'attempts: Failed request: (500) Internal Server Error: injected 500 from the test cache service'
    ])
    expect(lookup.requests.map((r) => [r.twirp, r.status])).toEqual(
      Array(5).fill(['GetCacheEntryDownloadURL', 500])
    )

    expect(finalized).toMatchObject({ threw: false, value: -1, errors: [] })
    expect(finalized.warnings).toEqual([
      'Failed to save: Failed to FinalizeCacheEntryUpload: Failed to make request after 5 ' +
        'attempts: Failed request: (500) Internal Server Error: injected 500 from the test cache service'
    ])
    expect(finalize.requests.filter((r) => r.blob === 'PutBlob')).toHaveLength(1)
    expect(finalize.entries).toEqual([]) // uploaded but never finalized: not visible

    // Any CreateCacheEntry failure becomes ReserveCacheError, which @actions/cache logs as info.
    expect(reserved).toMatchObject({ threw: false, value: -1, warnings: [], errors: [] })
    expect(reserved.info).toContain(
      'Failed to save: Unable to reserve cache with key gcg-k, another job may be creating this cache.'
    )
    expect(reserve.twirpCalls()).toEqual(Array(5).fill('CreateCacheEntry'))
    expect(reserve.requests.some((r) => r.blob)).toBe(false)
  })
})

describe('policies and limits', () => {
  let ws: string
  beforeAll(() => {
    ws = makeWorkspace('policies', 'P')
  })

  it('a read-only token: save warns with cache write denied; reads denied warn and miss', async () => {
    const s = await startCacheService({ writeDenied: true, readDenied: true })
    try {
      const saved = await save(s, ws, 'gcg-k')
      expect(saved).toMatchObject({ threw: false, value: -1 })
      expect(saved.warnings).toEqual([
        'Failed to save: Unable to reserve cache with key gcg-k. More details: cache write denied: token has no writable scopes'
      ])
      const restored = await restore(s, path.join(base, 'denied'), 'gcg-k')
      expect(restored).toMatchObject({ threw: false, value: null })
      expect(restored.warnings).toEqual([
        'Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: ' +
          'Failed request: (403) Forbidden: cache read denied: token has no readable scopes'
      ])
    } finally {
      await s.close()
    }
  })

  it('an ok:false refusal: a reservation warns and logs the ReserveCacheError as info, a finalize warns', async () => {
    const s = await startCacheService({
      refuse: [
        { method: 'CreateCacheEntry', message: 'reservations are paused', times: 1 },
        { method: 'FinalizeCacheEntryUpload', message: 'finalize refused', times: 1 }
      ]
    })
    try {
      const reserved = await save(s, ws, 'gcg-k')
      expect(reserved).toMatchObject({ threw: false, value: -1, errors: [] })
      expect(reserved.warnings).toEqual(['Cache reservation failed: reservations are paused'])
      expect(reserved.info).toContain(
        'Failed to save: Unable to reserve cache with key gcg-k, another job may be creating this cache.'
      )
      expect(reserved.debug).toContain('Failed to reserve cache: Error: reservations are paused')

      const finalized = await save(s, ws, 'gcg-k')
      expect(finalized).toMatchObject({ threw: false, value: -1, errors: [] })
      expect(finalized.warnings).toEqual(['finalize refused'])
      expect(s.requests.map((r) => [r.twirp ?? r.blob, r.status, r.fault])).toEqual([
        ['CreateCacheEntry', 200, 'refuse'],
        ['CreateCacheEntry', 200, undefined],
        ['PutBlob', 201, undefined],
        ['FinalizeCacheEntryUpload', 200, 'refuse']
      ])
      expect(s.entries).toEqual([])
    } finally {
      await s.close()
    }
  })

  it('ACTIONS_CACHE_MODE=read skips the save without a request', async () => {
    const s = await startCacheService({ cacheMode: 'read' })
    try {
      const saved = await save(s, ws, 'gcg-k')
      expect(saved.value).toBe(-1)
      expect(saved.info).toContain(
        "Cache save skipped: the effective cache-mode 'read' does not permit writes."
      )
      expect(s.requests).toEqual([])
    } finally {
      await s.close()
    }
  })

  it('a seeded corrupt archive: tar fails and restore warns instead of throwing', async () => {
    const s = await startCacheService()
    try {
      const entry = s.seed({
        key: 'gcg-corrupt',
        version: cacheVersion(['data'], compression),
        data: Buffer.from('this is not an archive\n')
      })
      expect(s.entries).toEqual([entry])
      const restored = await restore(s, path.join(base, 'corrupt'), 'gcg-corrupt')
      expect(restored).toMatchObject({ threw: false, value: null })
      expect(restored.info).toContain('Cache hit for: gcg-corrupt')
      expect(restored.warnings).toHaveLength(1)
      expect(restored.warnings[0]).toMatch(/^Failed to restore: .*tar.* failed with/)
    } finally {
      await s.close()
    }
  })

  it('expired upload URLs are refused; an abandoned reservation frees its key', async () => {
    const s = await startCacheService({ urlTtlMs: 1 })
    try {
      const first = await save(s, ws, 'gcg-k')
      expect(first.value).toBe(-1)
      expect(first.warnings.join('\n')).toContain('Signed expiry time has passed.')
      const second = await save(s, ws, 'gcg-k')
      expect(second.value).toBe(-1)
      expect(
        s.requests.filter((r) => r.twirp || r.blob).map((r) => [r.twirp ?? r.blob, r.status])
      ).toEqual([
        ['CreateCacheEntry', 200],
        ['PutBlob', 403],
        ['CreateCacheEntry', 200],
        ['PutBlob', 403]
      ])
      expect(s.entries).toEqual([])
    } finally {
      await s.close()
    }
  })

  it('keeps at most maxBytes: a larger upload gets 413 and the save warns', async () => {
    const s = await startCacheService({ maxBytes: 1024 })
    try {
      const saved = await save(s, ws, 'gcg-k')
      expect(saved).toMatchObject({ threw: false, value: -1 })
      expect(saved.warnings.some((w) => w.startsWith('Failed to save: '))).toBe(true)
      expect(s.requests.filter((r) => r.blob === 'PutBlob').map((r) => r.status)).toEqual([413])
      expect(s.entries).toEqual([])
    } finally {
      await s.close()
    }
  })
})

describe("blobHost 'azure': the Azure SDK download path", () => {
  it('HEAD for the size, then ranged GETs; SEGMENT_DOWNLOAD_TIMEOUT_MINS bounds a stall', async () => {
    const s = await startCacheService({ blobHost: 'azure' })
    try {
      const ws = makeWorkspace('azure', 'Z')
      const saved = await save(s, ws, 'gcg-az')
      expect(saved.warnings).toEqual([])
      const size = s.entries[0]!.size

      const before = s.requests.length
      const restored = await restore(s, path.join(base, 'azure-restored'), 'gcg-az')
      expect(restored.value).toBe('gcg-az')
      expect(tree(path.join(base, 'azure-restored', 'data'))).toEqual(tree(path.join(ws, 'data')))
      const reads = s.requests.slice(before).filter((r) => r.blob)
      expect(reads.map((r) => [r.host, r.blob, r.status, r.range])).toEqual([
        ['productionresultssa0.blob.core.windows.net', 'GetBlobProperties', 200, undefined],
        ['productionresultssa0.blob.core.windows.net', 'GetBlob', 206, `bytes=0-${size - 1}`]
      ])

      s.faults.hang({ method: 'GetBlob', ms: 100_000, stage: 'body' })
      const stalled = await restore(s, path.join(base, 'azure-stalled'), 'gcg-az', [], {
        SEGMENT_DOWNLOAD_TIMEOUT_MINS: '0.05' // 3 s
      })
      expect(stalled).toMatchObject({ threw: false, value: null })
      expect(stalled.warnings).toEqual([
        'Failed to restore: Aborting cache download as the download time exceeded the timeout.'
      ])
      expect(stalled.ms).toBeLessThan(20_000)
    } finally {
      await s.close()
    }
  })
})
