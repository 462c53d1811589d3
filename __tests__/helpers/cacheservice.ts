// A local GitHub Actions cache service on 127.0.0.1 for tests: the cache service v2 that
// @actions/cache 6 talks to on github.com (twirp JSON under
// `${ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.CacheService/<Method>`) and the
// Azure blob endpoint its signed URLs point at (Put Blob, Put Block, Put Block List, Get Blob with
// Range / x-ms-range, Get Blob Properties). Give a child process `env` and @actions/cache runs its
// real tar + zstd path against it. Node built-ins only; blobs live in memory, bounded by maxBytes.
//
// What @actions/cache 6.3 does with it (read from node_modules/@actions/cache/lib):
// - ACTIONS_CACHE_SERVICE_V2 set and a github.com (or *.ghe.com, *.localhost) GITHUB_SERVER_URL
//   select v2; any other server URL is GHES and selects the v1 REST API, which this does not speak.
// - every twirp call is a POST with `Authorization: Bearer $ACTIONS_RUNTIME_TOKEN`; the client
//   does not read the token's claims. It retries 500/502/503/504 and unparseable bodies 5 times,
//   waiting 3 s, then 4.5-6.75 s, ... (about 25-35 s in all, not configurable); other statuses
//   fail at once; ECONNRESET and friends fail at once; a request has no timeout at all.
// - save: CreateCacheEntry {key, version} -> signed_upload_url; the Azure SDK uploads the archive
//   (one Put Blob up to 128 MiB, else 64 MiB Put Blocks + Put Block List; 5xx retried 4 times
//   over ~16 s); then FinalizeCacheEntryUpload {key, version, size_bytes}. Every CreateCacheEntry
//   failure (409 conflict, 5xx, reset, an ok:false answer) becomes ReserveCacheError, logged with
//   core.info as "another job may be creating this cache", not a warning; the cause is only in
//   `::debug::Failed to reserve cache: <error>`. An ok:false answer also warns `Cache
//   reservation failed: <message>`, and one starting `cache write denied: ` warns instead.
// - restore: GetCacheEntryDownloadURL {key, restore_keys, version}; for a URL whose host is not
//   *.blob.core.windows.net it downloads with one plain GET (no Range), tried again once after
//   5 s on 502/503/504 or a connection error (a 500 is final), aborted when the socket idles 5 s
//   after the headers arrived (before the headers there is no timeout).
//   SEGMENT_DOWNLOAD_TIMEOUT_MINS only applies to the Azure SDK download, used for
//   *.blob.core.windows.net hosts: `blobHost: 'azure'` gets that path by naming such a host in
//   the URLs and routing it here with HTTP(S)_PROXY (loopback stays direct via NO_PROXY).
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import {
  ACCOUNT,
  blobOperation,
  blobResponder,
  blobSigner,
  md5,
  parseBlockList,
  type BlobOperation
} from './azureblob.js'
import {
  ArmedFaults,
  asArray,
  loopbackNoProxy,
  readTwirpCall,
  runtimeToken,
  sendTwirp,
  twirpError,
  type TwirpAnswer
} from './twirp.js'

export { runtimeToken, type BlobOperation }

export const CACHE_TWIRP_SERVICE = 'github.actions.results.api.v1.CacheService'

export type TwirpMethod =
  'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'GetCacheEntryDownloadURL'
/** What a fault applies to: a twirp method, a blob operation, or every blob write / read. */
export type FaultTarget =
  TwirpMethod | Exclude<BlobOperation, 'Unknown'> | 'BlobUpload' | 'BlobDownload'

/** Answer `status` (a twirp JSON error, or an Azure XML error for blobs) `times` times. */
export interface FailFault {
  method: FaultTarget
  status: number
  /** How many matching requests fail; every one when omitted. */
  times?: number
  message?: string
}

/**
 * Accept the request and answer nothing for `ms`, then drop the connection (a reset, as a load
 * balancer's idle timeout would). With `stage: 'body'` a blob download first sends its headers
 * and half the bytes, which is what @actions/cache's idle-socket timeout (5 s) can catch.
 */
export interface HangFault {
  method: FaultTarget
  ms: number
  times?: number
  stage?: 'headers' | 'body'
}

/**
 * Answer a reservation or a finalize with HTTP 200 and `ok: false` plus `message`, `times` times:
 * the service refusing without an HTTP error. @actions/cache warns `Cache reservation failed:
 * <message>` for CreateCacheEntry (then logs its ReserveCacheError as info, as for a 409) and
 * `<message>` for FinalizeCacheEntryUpload.
 */
export interface RefuseFault {
  method: 'CreateCacheEntry' | 'FinalizeCacheEntryUpload'
  message: string
  times?: number
}

export interface CacheEntryInfo {
  id: number
  key: string
  version: string
  /** Archive bytes, as uploaded and as finalized. */
  size: number
  sha256: string
  /** When CreateCacheEntry reserved it. */
  createdAt: Date
  /** When FinalizeCacheEntryUpload made it visible. */
  finalizedAt: Date
}

export interface CacheRequest {
  /** Milliseconds since the service started. */
  at: number
  method: string
  /** Path without the query. */
  path: string
  host: string
  twirp?: TwirpMethod
  blob?: BlobOperation
  /** A twirp request's JSON body, as sent. */
  body?: unknown
  /** x-ms-range, else Range, of a blob read. */
  range?: string
  /** Bytes received (writes) or sent (reads). */
  bytes: number
  /** The status answered; 0 while unanswered, or when the connection was dropped first. */
  status: number
  fault?: 'fail' | 'hang' | 'refuse'
  durationMs: number
}

export interface FaultControl {
  fail(fault: FailFault): void
  hang(fault: HangFault): void
  refuse(fault: RefuseFault): void
  clear(): void
  /** Faults still armed. */
  readonly active: ReadonlyArray<ArmedFault>
}

export interface CacheServiceOptions {
  /**
   * 'loopback' (default): signed URLs point at http://127.0.0.1:<port>/devstoreaccount1/...,
   * so @actions/cache downloads with a plain GET. 'azure': they name
   * http://<account>.blob.core.windows.net/... and env routes that host here through
   * HTTP_PROXY/HTTPS_PROXY, so the download takes the Azure SDK path (HEAD, then ranged GETs)
   * as on github.com. Every other https request of the child is refused (403 to CONNECT).
   */
  blobHost?: 'loopback' | 'azure'
  /** Bytes of blobs and staged blocks kept at most; 413 beyond. Default 256 MiB. */
  maxBytes?: number
  fail?: FailFault | FailFault[]
  hang?: HangFault | HangFault[]
  refuse?: RefuseFault | RefuseFault[]
  /** Exported as ACTIONS_CACHE_MODE (unset: reads and writes allowed). */
  cacheMode?: 'read' | 'write' | 'write-only' | 'none'
  /** CreateCacheEntry answers ok:false `cache write denied: ...` (a read-only token). */
  writeDenied?: boolean
  /** GetCacheEntryDownloadURL answers 403 `cache read denied: ...`. */
  readDenied?: boolean
  /**
   * Which `Authorization` values the twirp calls may carry; default only this service's token.
   * A run's jobs each have their own runtime token (the artifact service stand-in issues them).
   */
  authorize?: (authorization: string | undefined) => boolean
  /**
   * Lifetime of signed URLs, and of a reservation never finalized: until then a second
   * CreateCacheEntry for its key and version is a 409, as while another job uploads. Default 10 min.
   */
  urlTtlMs?: number
}

export interface CacheService {
  /** ACTIONS_RESULTS_URL, with its trailing slash. */
  url: string
  /** The variables to give the process that runs @actions/cache. */
  env: Record<string, string>
  /** ACTIONS_RUNTIME_TOKEN: an unsigned JWT shaped like the runner's. */
  token: string
  /** Finalized entries, oldest first (live). */
  entries: CacheEntryInfo[]
  /** Every request, in arrival order (live: status and durationMs are set once it settles). */
  requests: CacheRequest[]
  /** The twirp methods called, in order. */
  twirpCalls(): TwirpMethod[]
  /** The archive of the newest finalized entry with this key (and version). */
  blob(key: string, version?: string): Buffer | undefined
  /** A finalized entry made without a client, e.g. a corrupt archive. */
  seed(entry: { key: string; version: string; data: Buffer }): CacheEntryInfo
  faults: FaultControl
  close(): Promise<void>
}

/** The version @actions/cache sends: sha256 of paths, compression, (windows-only,) salt. */
export function cacheVersion(
  paths: string[],
  compression: 'zstd-without-long' | 'zstd' | 'gzip',
  crossOsOnWindows = false
): string {
  const components = [...paths, compression]
  if (process.platform === 'win32' && !crossOsOnWindows) components.push('windows-only')
  components.push('1.0')
  return crypto.createHash('sha256').update(components.join('|')).digest('hex')
}

interface Reservation {
  id: number
  key: string
  version: string
  blobName: string
  createdAt: Date
  /** Staged blocks by base64 block id. */
  blocks: Map<string, Buffer>
  data?: Buffer
  etag?: string
  lastModified?: Date
  finalized?: CacheEntryInfo
}

export type ArmedFault =
  | ({ kind: 'fail' } & FailFault)
  | ({ kind: 'hang' } & HangFault)
  | ({ kind: 'refuse' } & RefuseFault)

const TWIRP_METHODS: TwirpMethod[] = [
  'CreateCacheEntry',
  'FinalizeCacheEntryUpload',
  'GetCacheEntryDownloadURL'
]
const AZURE_HOST = 'productionresultssa0.blob.core.windows.net'
const CONTAINER = 'actions-cache'

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` against a blob of `size`, or 'invalid'. */
function parseRange(header: string, size: number): { start: number; end: number } | 'invalid' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid'
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0 || size === 0) return 'invalid'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (start >= size || end < start) return 'invalid'
  return { start, end }
}

/** Start the service on 127.0.0.1 on a free port. */
export async function startCacheService(options: CacheServiceOptions = {}): Promise<CacheService> {
  const started = Date.now()
  const token = runtimeToken(started)
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024
  const urlTtlMs = options.urlTtlMs ?? 10 * 60 * 1000
  const blobHost = options.blobHost ?? 'loopback'

  const entries: CacheEntryInfo[] = []
  const requests: CacheRequest[] = []
  const reservations = new Map<string, Reservation>() // by blob name
  let nextId = 1
  let storedBytes = 0
  const timers = new Set<NodeJS.Timeout>()
  const sockets = new Set<Socket>()

  const armed = new ArmedFaults<ArmedFault>([
    ...asArray(options.fail).map((f) => ({ kind: 'fail' as const, ...f })),
    ...asArray(options.hang).map((f) => ({ kind: 'hang' as const, ...f })),
    ...asArray(options.refuse).map((f) => ({ kind: 'refuse' as const, ...f }))
  ])
  const faults: FaultControl = {
    fail: (f) => armed.arm({ kind: 'fail', ...f }),
    hang: (f) => armed.arm({ kind: 'hang', ...f }),
    refuse: (f) => armed.arm({ kind: 'refuse', ...f }),
    clear: () => armed.clear(),
    get active() {
      return armed.active
    }
  }
  /** The first armed fault for any of these targets, consumed once. */
  const takeFault = (...targets: FaultTarget[]): ArmedFault | undefined => armed.take(...targets)

  let port = 0
  const origin = (): string => `http://127.0.0.1:${port}`
  const blobBase = (): string =>
    blobHost === 'azure'
      ? `http://${AZURE_HOST}/${CONTAINER}`
      : `${origin()}/${ACCOUNT}/${CONTAINER}`

  const signer = blobSigner(CONTAINER, urlTtlMs)
  const signedUrl = (blobName: string, permissions: 'r' | 'cw'): string =>
    signer.signedUrl(blobBase(), blobName, permissions)

  function commit(r: Reservation, data: Buffer): CacheEntryInfo {
    const entry: CacheEntryInfo = {
      id: r.id,
      key: r.key,
      version: r.version,
      size: data.length,
      sha256: crypto.createHash('sha256').update(data).digest('hex'),
      createdAt: r.createdAt,
      finalizedAt: new Date()
    }
    r.finalized = entry
    entries.push(entry)
    return entry
  }
  function finalizedReservation(entry: CacheEntryInfo): Reservation | undefined {
    for (const r of reservations.values()) if (r.finalized === entry) return r
    return undefined
  }
  /** GitHub's order: the key exactly, then as a prefix, then each restore key the same way; newest wins. */
  function match(key: string, restoreKeys: string[], version: string): CacheEntryInfo | undefined {
    const sameVersion = entries.filter((e) => e.version === version)
    const newest = (list: CacheEntryInfo[]): CacheEntryInfo | undefined => list[list.length - 1]
    for (const k of [key, ...restoreKeys]) {
      const found =
        newest(sameVersion.filter((e) => e.key === k)) ??
        newest(sameVersion.filter((e) => e.key.startsWith(k)))
      if (found) return found
    }
    return undefined
  }

  // ------------------------------------------------------------------------------------------
  // twirp

  function twirp(method: TwirpMethod, body: Record<string, unknown>): TwirpAnswer {
    const key = typeof body.key === 'string' ? body.key : ''
    const version = typeof body.version === 'string' ? body.version : ''
    if (key === '') return twirpError(400, 'key is required')
    if (version === '') return twirpError(400, 'version is required')
    if (key.length > 512) return twirpError(400, 'key is longer than 512 characters')
    if (key.includes(',')) return twirpError(400, 'key cannot contain commas')

    if (method === 'CreateCacheEntry') {
      if (options.writeDenied) {
        return {
          status: 200,
          body: {
            ok: false,
            signed_upload_url: '',
            message: 'cache write denied: token has no writable scopes'
          }
        }
      }
      for (const r of [...reservations.values()]) {
        if (r.key !== key || r.version !== version) continue
        if (!r.finalized && r.createdAt.getTime() + urlTtlMs <= Date.now()) {
          // An upload abandoned for longer than its URL lived: the key is free again.
          storedBytes -= r.data?.length ?? 0
          for (const b of r.blocks.values()) storedBytes -= b.length
          reservations.delete(r.blobName)
          continue
        }
        return twirpError(409, 'cache entry with the same key, version, and scope already exists')
      }
      const id = nextId++
      const blobName = `${crypto.randomUUID()}/${id}.tar`
      reservations.set(blobName, {
        id,
        key,
        version,
        blobName,
        createdAt: new Date(),
        blocks: new Map()
      })
      return { status: 200, body: { ok: true, signed_upload_url: signedUrl(blobName, 'cw') } }
    }

    if (method === 'FinalizeCacheEntryUpload') {
      const r = [...reservations.values()].find(
        (x) => x.key === key && x.version === version && !x.finalized
      )
      if (!r) return twirpError(404, 'cache entry not found')
      const size = Number(body.size_bytes ?? 0)
      if (!r.data) {
        return {
          status: 200,
          body: { ok: false, entry_id: '0', message: 'cache entry was not uploaded' }
        }
      }
      if (r.data.length !== size) {
        return {
          status: 200,
          body: {
            ok: false,
            entry_id: '0',
            message: `cache entry size mismatch: uploaded ${r.data.length} bytes, finalized ${size}`
          }
        }
      }
      const entry = commit(r, r.data)
      return { status: 200, body: { ok: true, entry_id: String(entry.id) } }
    }

    // GetCacheEntryDownloadURL
    if (options.readDenied)
      return twirpError(403, 'cache read denied: token has no readable scopes')
    const restoreKeys = Array.isArray(body.restore_keys)
      ? body.restore_keys.filter((k): k is string => typeof k === 'string')
      : []
    if (restoreKeys.length + 1 > 10) return twirpError(400, 'at most 10 keys are allowed')
    const found = match(key, restoreKeys, version)
    const r = found && finalizedReservation(found)
    if (!found || !r)
      return { status: 200, body: { ok: false, signed_download_url: '', matched_key: '' } }
    return {
      status: 200,
      body: { ok: true, signed_download_url: signedUrl(r.blobName, 'r'), matched_key: found.key }
    }
  }

  // ------------------------------------------------------------------------------------------
  // HTTP

  const server = http.createServer()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // Refuse tunnels: in 'azure' mode HTTPS_PROXY points here so nothing leaves the machine.
  server.on('connect', (req: http.IncomingMessage, socket: Socket) => {
    requests.push({
      at: Date.now() - started,
      method: 'CONNECT',
      path: req.url ?? '',
      host: req.url ?? '',
      bytes: 0,
      status: 403,
      durationMs: 0
    })
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
  })

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const t0 = Date.now()
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
    const log: CacheRequest = {
      at: t0 - started,
      method: req.method ?? '',
      path: url.pathname,
      host: url.host,
      bytes: 0,
      status: 0,
      durationMs: 0
    }
    requests.push(log)
    let settled = false
    let hangTimer: NodeJS.Timeout | undefined
    const settle = (): void => {
      if (settled) return
      settled = true
      log.status = res.headersSent ? res.statusCode : 0
      log.durationMs = Date.now() - t0
      if (hangTimer) {
        clearTimeout(hangTimer)
        timers.delete(hangTimer)
      }
    }
    res.on('finish', settle)
    res.on('close', settle)

    /** Hold the request open, then drop the connection. */
    const hang = (fault: HangFault, partial?: () => void): void => {
      log.fault = 'hang'
      partial?.()
      hangTimer = setTimeout(() => req.socket.destroy(), fault.ms)
      timers.add(hangTimer)
    }

    const chunks: Buffer[] = []
    let received = 0
    let overflow = false
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (req.method === 'PUT' && storedBytes + received > maxBytes) overflow = true
      else chunks.push(chunk)
    })
    req.on('end', () => {
      log.bytes = received
      const body = Buffer.concat(chunks)
      try {
        route(url, req, res, body, overflow, log, hang)
      } catch (error) {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error))
      }
    })
  })

  function route(
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    overflow: boolean,
    log: CacheRequest,
    hang: (fault: HangFault, partial?: () => void) => void
  ): void {
    const call = readTwirpCall(
      req,
      url,
      body,
      CACHE_TWIRP_SERVICE,
      TWIRP_METHODS,
      options.authorize ?? ((authorization) => authorization === `Bearer ${token}`)
    )
    if (call) {
      log.twirp = call.method
      log.body = call.body
      if (call.refused) {
        sendTwirp(res, call.refused)
        return
      }
      const method = call.method
      const fault = takeFault(method)
      if (fault?.kind === 'hang') return hang(fault)
      if (fault?.kind === 'fail') {
        log.fault = 'fail'
        sendTwirp(
          res,
          twirpError(
            fault.status,
            fault.message ?? `injected ${fault.status} from the test cache service`
          )
        )
        return
      }
      if (fault?.kind === 'refuse') {
        log.fault = 'refuse'
        const field = method === 'CreateCacheEntry' ? { signed_upload_url: '' } : { entry_id: '0' }
        sendTwirp(res, { status: 200, body: { ok: false, ...field, message: fault.message } })
        return
      }
      sendTwirp(res, twirp(method, call.body))
      return
    }
    blob(url, req, res, body, overflow, log, hang)
  }

  function blob(
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    overflow: boolean,
    log: CacheRequest,
    hang: (fault: HangFault, partial?: () => void) => void
  ): void {
    const { common, fail } = blobResponder(req, res)

    const prefix = url.hostname.endsWith('.blob.core.windows.net')
      ? `/${CONTAINER}/`
      : `/${ACCOUNT}/${CONTAINER}/`
    if (!url.pathname.startsWith(prefix)) {
      fail(404, 'The specified resource does not exist.', { 'x-ms-error-code': 'ResourceNotFound' })
      return
    }
    const blobName = decodeURIComponent(url.pathname.slice(prefix.length))
    const comp = url.searchParams.get('comp')
    const isWrite = req.method === 'PUT'
    const isRead = req.method === 'GET' || req.method === 'HEAD'
    log.blob = blobOperation(req.method, comp)
    if (log.blob === 'Unknown') {
      fail(400, `This test service does not implement ${req.method ?? ''} comp=${comp ?? ''}.`)
      return
    }
    const problem = signer.problem(blobName, url.searchParams, isWrite ? 'w' : 'r')
    if (problem) {
      fail(403, `Server failed to authenticate the request. ${problem}`)
      return
    }
    const r = reservations.get(blobName)
    if (!r) {
      fail(404, 'The specified blob does not exist.')
      return
    }

    const fault = takeFault(log.blob, isWrite ? 'BlobUpload' : 'BlobDownload')
    if (fault?.kind === 'fail') {
      log.fault = 'fail'
      fail(fault.status, fault.message ?? `Injected ${fault.status} from the test cache service.`)
      return
    }

    if (isWrite) {
      if (fault?.kind === 'hang') return hang(fault)
      if (r.finalized) {
        fail(409, 'The cache entry is finalized; its blob cannot change.')
        return
      }
      if (overflow) {
        fail(
          413,
          `The request body is too large: the test cache service keeps at most ${maxBytes} bytes.`
        )
        return
      }
      const written = (): Record<string, string> => {
        r.lastModified = new Date()
        r.etag = `"0x${crypto.randomBytes(7).toString('hex').toUpperCase()}"`
        return { ETag: r.etag, 'Last-Modified': r.lastModified.toUTCString() }
      }
      const created = (headers: Record<string, string>): void => {
        res
          .writeHead(201, {
            ...common(),
            ...headers,
            'x-ms-request-server-encrypted': 'true',
            'Content-Length': '0'
          })
          .end()
      }
      const replaceData = (data: Buffer): void => {
        storedBytes += data.length - (r.data?.length ?? 0)
        r.data = data
      }
      if (log.blob === 'PutBlob') {
        if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
          fail(400, 'An HTTP header that is mandatory for this request is not specified.', {
            'x-ms-error-code': 'MissingRequiredHeader'
          })
          return
        }
        replaceData(body)
        for (const b of r.blocks.values()) storedBytes -= b.length
        r.blocks.clear()
        created({ ...written(), 'Content-MD5': md5(body) })
        return
      }
      if (log.blob === 'PutBlock') {
        const id = url.searchParams.get('blockid')
        if (!id) {
          fail(400, 'The blockid query parameter is required.')
          return
        }
        storedBytes += body.length - (r.blocks.get(id)?.length ?? 0)
        r.blocks.set(id, body)
        created({ 'Content-MD5': md5(body) })
        return
      }
      // PutBlockList
      const ids = parseBlockList(body.toString('utf8'))
      if (!ids) {
        fail(400, 'The XML specified is not syntactically valid.')
        return
      }
      const missing = ids.find((id) => !r.blocks.has(id))
      if (missing !== undefined) {
        fail(400, `The specified block list is invalid: block ${missing} was not staged.`)
        return
      }
      const data = Buffer.concat(ids.map((id) => r.blocks.get(id) as Buffer))
      for (const b of r.blocks.values()) storedBytes -= b.length
      r.blocks.clear()
      replaceData(data)
      created(written())
      return
    }

    if (!isRead) {
      fail(405, 'The method is not allowed.')
      return
    }
    const data = r.data
    if (!data || !r.finalized) {
      fail(404, 'The specified blob does not exist.')
      return
    }
    const ifMatch = req.headers['if-match']
    if (ifMatch && ifMatch !== '*' && ifMatch !== r.etag) {
      fail(412, 'The condition specified using HTTP conditional header(s) is not met.')
      return
    }
    const properties: Record<string, string> = {
      ...common(),
      'Content-Type': 'application/octet-stream',
      ETag: r.etag ?? '"0x0"',
      'Last-Modified': (r.lastModified ?? r.createdAt).toUTCString(),
      'Accept-Ranges': 'bytes',
      'x-ms-blob-type': 'BlockBlob',
      'x-ms-creation-time': r.createdAt.toUTCString(),
      'x-ms-lease-state': 'available',
      'x-ms-lease-status': 'unlocked',
      'x-ms-server-encrypted': 'true'
    }
    const rangeHeader = req.headers['x-ms-range'] ?? req.headers.range
    let start = 0
    let end = data.length - 1
    let status = 200
    if (typeof rangeHeader === 'string' && req.method === 'GET') {
      log.range = rangeHeader
      const range = parseRange(rangeHeader, data.length)
      if (range === 'invalid') {
        fail(416, 'The range specified is invalid for the current size of the resource.', {
          'Content-Range': `bytes */${data.length}`
        })
        return
      }
      ;({ start, end } = range)
      status = 206
      properties['Content-Range'] = `bytes ${start}-${end}/${data.length}`
    } else {
      properties['Content-MD5'] = md5(data)
    }
    const slice = data.subarray(start, end + 1)
    properties['Content-Length'] = String(slice.length)
    if (fault?.kind === 'hang') {
      if (fault.stage === 'body' && req.method === 'GET') {
        const half = slice.subarray(0, Math.floor(slice.length / 2))
        return hang(fault, () => {
          res.writeHead(status, properties)
          res.write(half)
          log.bytes = half.length
        })
      }
      return hang(fault)
    }
    res.writeHead(status, properties)
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    log.bytes = slice.length
    res.end(slice)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port

  const noProxy = loopbackNoProxy()
  const env: Record<string, string> = {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: `${origin()}/`,
    ACTIONS_RUNTIME_TOKEN: token,
    // Anything but github.com, *.ghe.com or *.localhost is GHES, where @actions/cache uses v1.
    GITHUB_SERVER_URL: 'https://github.com',
    // The Azure SDK does not bypass proxies for loopback by itself.
    NO_PROXY: noProxy,
    no_proxy: noProxy
  }
  if (options.cacheMode) env.ACTIONS_CACHE_MODE = options.cacheMode
  if (blobHost === 'azure') {
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'])
      env[name] = origin()
  }

  return {
    url: `${origin()}/`,
    env,
    token,
    entries,
    requests,
    twirpCalls: () => requests.flatMap((r) => (r.twirp ? [r.twirp] : [])),
    blob(key, version) {
      const entry = [...entries]
        .reverse()
        .find((e) => e.key === key && (version === undefined || e.version === version))
      return entry && finalizedReservation(entry)?.data
    },
    seed({ key, version, data }) {
      const id = nextId++
      const blobName = `${crypto.randomUUID()}/${id}.tar`
      const r: Reservation = {
        id,
        key,
        version,
        blobName,
        createdAt: new Date(),
        blocks: new Map()
      }
      reservations.set(blobName, r)
      r.data = data
      storedBytes += data.length
      r.lastModified = new Date()
      r.etag = `"0x${crypto.randomBytes(7).toString('hex').toUpperCase()}"`
      return commit(r, data)
    },
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
