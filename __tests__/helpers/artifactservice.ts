// A local GitHub Actions artifact service on 127.0.0.1 for tests: the results service's artifact
// API that @actions/artifact 6 talks to on github.com (twirp JSON under
// `${ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.ArtifactService/<Method>`) and the
// Azure blob endpoint its signed URLs point at (Put Block, Put Block List, Get Blob). Several
// jobs of one workflow run each get their own runtime token (job()), as a matrix's jobs do, and
// see each other's artifacts. Node built-ins only; artifacts live in memory.
//
// What @actions/artifact 6.2 does with it (read from node_modules/@actions/artifact/lib):
// - GITHUB_SERVER_URL github.com, *.ghe.com or *.localhost; anything else is GHES, refused with
//   GHESNotSupportedError before any request. Env is read per call, not at import: one process
//   can act as several jobs by swapping ACTIONS_RUNTIME_TOKEN between calls.
// - it takes the backend ids from the runtime token's `scp` claim
//   (`Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>`) and sends both in every
//   request body; only the origin of ACTIONS_RESULTS_URL is used.
// - every twirp call is a POST with `Authorization: Bearer <token>` and protobuf JSON (proto
//   field names, defaults left out, int64 as strings, wrappers as plain values). It retries
//   500/502/503/504/429 and unparseable bodies 5 times, waiting 3 s, then 4.5-6.75 s, ... (not
//   configurable); other statuses fail at once as `Failed to <Method>: Received non-retryable
//   error: Failed request: (<status>) <reason>: <msg>`; ECONNRESET and friends fail at once; no
//   timeout. A `msg` containing `insufficient usage` becomes its storage quota error.
// - upload: CreateArtifact {ids, name, version: 7, mime_type: application/zip, expires_at when
//   retention days are given} -> {ok, signed_upload_url}; the zip (archiver, level 6) streams to
//   the URL through the Azure SDK's uploadStream: one Put Block per 8 MiB (up to 5 at once), then
//   Put Block List with x-ms-blob-content-type; 500/503 retried 3 times (after 0 s, 4 s, 12 s), a
//   stall over 5 min (ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS) aborts. Then FinalizeArtifact {ids,
//   name, size, hash: `sha256:<hex of the zip>`} -> {ok, artifact_id}. ok:false from either is
//   `InvalidResponseError: <Method>: response from backend was not ok`.
// - list: ListArtifacts {ids, name_filter?, id_filter?} -> {artifacts: [{ids, database_id, name,
//   size, created_at, digest}]}: every artifact of the run, whichever job made it (`latest` only
//   keeps the highest id per name, on the client).
// - download by id: ListArtifacts with id_filter (none found: ArtifactNotFoundError), then
//   GetSignedArtifactURL {run id, the artifact's job id, name} -> {signed_url}; one plain GET
//   (must be 200; a zip when the Content-Type is application/zip or the path ends in .zip), unzipped
//   into the path as it streams. A failed GET or extraction is tried 5 times, 5 s apart, then
//   `Unable to download and extract artifact: Artifact download failed after 5 retries.`; a
//   body idle for 30 s counts as failed.
// - DefaultArtifactClient's methods print a multi-line `::warning::` of their own (`Artifact
//   upload failed with error: ...`) only for what throws before the first request (GHES): they
//   return the inner promise without awaiting it, so a failed request skips their catch.
//
// The service's own rules (what GitHub documents or answers, and the stand-in's choices):
// names are unique in a run from the CreateArtifact that claims them (409 `an artifact with this
// name already exists on the workflow run`) until DeleteArtifact; a token may only name its own
// run, and its own job except where the client names the artifact's job (GetSignedArtifactURL);
// FinalizeArtifact checks the size and sha256 against the committed blob; an artifact past its
// expires_at is gone.
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
  type BackendIds,
  type TwirpAnswer
} from './twirp.js'

export const ARTIFACT_TWIRP_SERVICE = 'github.actions.results.api.v1.ArtifactService'

export type ArtifactTwirpMethod =
  | 'CreateArtifact'
  | 'FinalizeArtifact'
  | 'ListArtifacts'
  | 'GetSignedArtifactURL'
  | 'DeleteArtifact'
/** What a fault applies to: a twirp method, a blob operation, or every blob write / read. */
export type ArtifactFaultTarget =
  ArtifactTwirpMethod | 'PutBlock' | 'PutBlockList' | 'GetBlob' | 'BlobUpload' | 'BlobDownload'

/** Answer `status` (a twirp JSON error, or an Azure XML error for blobs) `times` times. */
export interface ArtifactFailFault {
  method: ArtifactFaultTarget
  status: number
  /** How many matching requests fail; every one when omitted. */
  times?: number
  message?: string
}

/** Answer HTTP 200 with `ok: false`, `times` times (every time when omitted). */
export interface ArtifactRefuseFault {
  method: 'CreateArtifact' | 'FinalizeArtifact' | 'DeleteArtifact'
  times?: number
}

export interface ArtifactInfo {
  /** database_id: what listArtifacts calls id. */
  id: number
  workflowRunBackendId: string
  workflowJobRunBackendId: string
  name: string
  /** Zip bytes, as uploaded and as finalized. */
  size: number
  /** `sha256:<hex>` as the client finalized it, when it sent one. */
  digest?: string
  mimeType?: string
  /** The `version` CreateArtifact sent (7 for @actions/artifact 6). */
  version: number
  expiresAt?: Date
  createdAt: Date
  finalizedAt: Date
}

export interface ArtifactRequest {
  /** Milliseconds since the service started. */
  at: number
  method: string
  /** Path without the query. */
  path: string
  twirp?: ArtifactTwirpMethod
  blob?: BlobOperation
  /** A twirp request's JSON body, as sent. */
  body?: unknown
  /** The job whose token a twirp call carried. */
  job?: string
  /** Bytes received (writes) or sent (reads). */
  bytes: number
  /** The status answered; 0 while unanswered. */
  status: number
  fault?: 'fail' | 'refuse'
}

/** One job of a workflow run, as its runner would start a step. */
export interface ArtifactJob extends BackendIds {
  /** ACTIONS_RUNTIME_TOKEN: an unsigned JWT whose scp claim names this run and job. */
  token: string
  /** The variables to give the code that runs @actions/artifact as this job. */
  env: Record<string, string>
}

export interface ArtifactFaultControl {
  fail(fault: ArtifactFailFault): void
  refuse(fault: ArtifactRefuseFault): void
  clear(): void
  /** Faults still armed. */
  readonly active: ReadonlyArray<ArmedArtifactFault>
}

export type ArmedArtifactFault =
  ({ kind: 'fail' } & ArtifactFailFault) | ({ kind: 'refuse' } & ArtifactRefuseFault)

export interface ArtifactServiceOptions {
  fail?: ArtifactFailFault | ArtifactFailFault[]
  refuse?: ArtifactRefuseFault | ArtifactRefuseFault[]
  /** Lifetime of signed URLs. Default 10 min. */
  urlTtlMs?: number
}

export interface ArtifactService {
  /** ACTIONS_RESULTS_URL, with its trailing slash. */
  url: string
  /** The workflow run job() uses unless told another. */
  run: string
  /** A new job of `run` (default: the service's run), with its own token and backend id. */
  job(ids?: Partial<BackendIds>): ArtifactJob
  /** Finalized artifacts, in finalize order; deleted and removed ones leave (live). */
  artifacts: ArtifactInfo[]
  /** Every request, in arrival order (live). */
  requests: ArtifactRequest[]
  /** The twirp methods called, in order. */
  twirpCalls(): ArtifactTwirpMethod[]
  /** The zip of the finalized artifact `name` of `run` (default: the service's run). */
  zip(name: string, run?: string): Buffer | undefined
  /** Drops a finalized artifact behind the clients' backs (expired, deleted elsewhere). */
  remove(name: string, run?: string): boolean
  /** Swaps a finalized artifact's stored zip (a corrupted blob); its size and digest stay. */
  replaceZip(name: string, data: Buffer, run?: string): boolean
  faults: ArtifactFaultControl
  close(): Promise<void>
}

interface Upload {
  id: number
  ids: BackendIds
  name: string
  version: number
  mimeType?: string
  expiresAt?: Date
  createdAt: Date
  blobName: string
  blocks: Map<string, Buffer>
  data?: Buffer
  contentType?: string
  finalized?: ArtifactInfo
}

const TWIRP_METHODS: ArtifactTwirpMethod[] = [
  'CreateArtifact',
  'FinalizeArtifact',
  'ListArtifacts',
  'GetSignedArtifactURL',
  'DeleteArtifact'
]
const CONTAINER = 'actions-results'

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const sha256 = (data: Buffer): string => crypto.createHash('sha256').update(data).digest('hex')

/** Start the service on 127.0.0.1 on a free port. */
export async function startArtifactService(
  options: ArtifactServiceOptions = {}
): Promise<ArtifactService> {
  const started = Date.now()
  const run = crypto.randomUUID()
  const signer = blobSigner(CONTAINER, options.urlTtlMs ?? 10 * 60 * 1000)
  const tokens = new Map<string, BackendIds>()
  const uploads = new Map<string, Upload>() // by blob name; the run's names are in `artifacts`
  const artifacts: ArtifactInfo[] = []
  const requests: ArtifactRequest[] = []
  const sockets = new Set<Socket>()
  let nextId = 1

  const armed = new ArmedFaults<ArmedArtifactFault>([
    ...asArray(options.fail).map((f) => ({ kind: 'fail' as const, ...f })),
    ...asArray(options.refuse).map((f) => ({ kind: 'refuse' as const, ...f }))
  ])
  const faults: ArtifactFaultControl = {
    fail: (f) => armed.arm({ kind: 'fail', ...f }),
    refuse: (f) => armed.arm({ kind: 'refuse', ...f }),
    clear: () => armed.clear(),
    get active() {
      return armed.active
    }
  }
  /** The first armed fault for any of these targets, consumed once. */
  const takeFault = (...targets: ArtifactFaultTarget[]): ArmedArtifactFault | undefined =>
    armed.take(...targets)

  let port = 0
  const origin = (): string => `http://127.0.0.1:${port}`
  const blobBase = (): string => `${origin()}/${ACCOUNT}/${CONTAINER}`

  const live = (a: ArtifactInfo): boolean => !a.expiresAt || a.expiresAt.getTime() > Date.now()
  const findArtifact = (runId: string, name: string): ArtifactInfo | undefined =>
    artifacts.find((a) => a.workflowRunBackendId === runId && a.name === name && live(a))
  const uploadOf = (a: ArtifactInfo): Upload | undefined =>
    [...uploads.values()].find((u) => u.finalized === a)
  function drop(a: ArtifactInfo): void {
    artifacts.splice(artifacts.indexOf(a), 1)
    const u = uploadOf(a)
    if (u) uploads.delete(u.blobName)
  }

  // ------------------------------------------------------------------------------------------
  // twirp

  function twirp(
    method: ArtifactTwirpMethod,
    body: Record<string, unknown>,
    caller: BackendIds
  ): TwirpAnswer {
    const ids: BackendIds = {
      workflowRunBackendId: str(body.workflow_run_backend_id),
      workflowJobRunBackendId: str(body.workflow_job_run_backend_id)
    }
    if (!ids.workflowRunBackendId || !ids.workflowJobRunBackendId)
      return twirpError(400, 'workflow_run_backend_id and workflow_job_run_backend_id are required')
    if (ids.workflowRunBackendId !== caller.workflowRunBackendId)
      return twirpError(403, `the token does not grant access to run ${ids.workflowRunBackendId}`)
    if (
      method !== 'GetSignedArtifactURL' &&
      ids.workflowJobRunBackendId !== caller.workflowJobRunBackendId
    )
      return twirpError(
        403,
        `the token does not grant access to job ${ids.workflowJobRunBackendId}`
      )
    const name = str(body.name)
    if (method !== 'ListArtifacts' && name === '') return twirpError(400, 'name is required')

    if (method === 'CreateArtifact') {
      const taken =
        findArtifact(ids.workflowRunBackendId, name) ??
        [...uploads.values()].find(
          (u) =>
            !u.finalized &&
            u.ids.workflowRunBackendId === ids.workflowRunBackendId &&
            u.name === name
        )
      if (taken)
        return twirpError(409, 'an artifact with this name already exists on the workflow run')
      const expiresAt = body.expires_at === undefined ? undefined : new Date(str(body.expires_at))
      if (expiresAt && Number.isNaN(expiresAt.getTime()))
        return twirpError(400, 'expires_at is not an RFC 3339 timestamp')
      const id = nextId++
      const hashed = sha256(Buffer.from(`${ids.workflowRunBackendId}/${name}/${id}`))
      const blobName = `${ids.workflowRunBackendId}/workflow-job-run-${ids.workflowJobRunBackendId}/artifacts/${hashed}.zip`
      uploads.set(blobName, {
        id,
        ids,
        name,
        version: Number(body.version ?? 0),
        mimeType: typeof body.mime_type === 'string' ? body.mime_type : undefined,
        expiresAt,
        createdAt: new Date(),
        blobName,
        blocks: new Map()
      })
      return {
        status: 200,
        body: { ok: true, signed_upload_url: signer.signedUrl(blobBase(), blobName, 'cw') }
      }
    }

    if (method === 'FinalizeArtifact') {
      const u = [...uploads.values()].find(
        (x) =>
          !x.finalized &&
          x.ids.workflowRunBackendId === ids.workflowRunBackendId &&
          x.ids.workflowJobRunBackendId === ids.workflowJobRunBackendId &&
          x.name === name
      )
      if (!u) return twirpError(404, `artifact ${name} not found`)
      if (!u.data) return twirpError(400, `artifact ${name} was not uploaded`)
      const size = Number(body.size ?? 0)
      if (size !== u.data.length)
        return twirpError(
          400,
          `artifact size mismatch: uploaded ${u.data.length} bytes, finalized ${size}`
        )
      const hash = typeof body.hash === 'string' ? body.hash : undefined
      if (hash !== undefined && hash !== `sha256:${sha256(u.data)}`)
        return twirpError(400, `artifact hash mismatch: finalized ${hash}`)
      const info: ArtifactInfo = {
        id: u.id,
        ...u.ids,
        name,
        size,
        ...(hash !== undefined ? { digest: hash } : {}),
        ...(u.mimeType !== undefined ? { mimeType: u.mimeType } : {}),
        version: u.version,
        ...(u.expiresAt ? { expiresAt: u.expiresAt } : {}),
        createdAt: u.createdAt,
        finalizedAt: new Date()
      }
      u.finalized = info
      u.blocks.clear()
      artifacts.push(info)
      return { status: 200, body: { ok: true, artifact_id: String(info.id) } }
    }

    if (method === 'ListArtifacts') {
      const nameFilter = typeof body.name_filter === 'string' ? body.name_filter : undefined
      const idFilter = body.id_filter === undefined ? undefined : Number(body.id_filter)
      const listed = artifacts.filter(
        (a) =>
          a.workflowRunBackendId === ids.workflowRunBackendId &&
          live(a) &&
          (nameFilter === undefined || a.name === nameFilter) &&
          (idFilter === undefined || a.id === idFilter)
      )
      return {
        status: 200,
        body: {
          artifacts: listed.map((a) => ({
            workflow_run_backend_id: a.workflowRunBackendId,
            workflow_job_run_backend_id: a.workflowJobRunBackendId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.size),
            created_at: a.createdAt.toISOString(),
            ...(a.digest !== undefined ? { digest: a.digest } : {})
          }))
        }
      }
    }

    const found = findArtifact(ids.workflowRunBackendId, name)
    if (!found) return twirpError(404, `artifact ${name} not found`)
    if (method === 'GetSignedArtifactURL') {
      const u = uploadOf(found) as Upload
      return { status: 200, body: { signed_url: signer.signedUrl(blobBase(), u.blobName, 'r') } }
    }
    // DeleteArtifact
    drop(found)
    return { status: 200, body: { ok: true, artifact_id: String(found.id) } }
  }

  // ------------------------------------------------------------------------------------------
  // HTTP

  const server = http.createServer()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
    const log: ArtifactRequest = {
      at: Date.now() - started,
      method: req.method ?? '',
      path: url.pathname,
      bytes: 0,
      status: 0
    }
    requests.push(log)
    res.on('finish', () => void (log.status = res.statusCode))
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      log.bytes = body.length
      try {
        route(url, req, res, body, log)
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
    log: ArtifactRequest
  ): void {
    const caller = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''))
    const call = readTwirpCall(
      req,
      url,
      body,
      ARTIFACT_TWIRP_SERVICE,
      TWIRP_METHODS,
      () => caller !== undefined
    )
    if (!call) return blob(url, req, res, body, log)
    log.twirp = call.method
    log.body = call.body
    log.job = caller?.workflowJobRunBackendId
    if (call.refused) return sendTwirp(res, call.refused)
    const fault = takeFault(call.method)
    if (fault?.kind === 'fail') {
      log.fault = 'fail'
      const message = fault.message ?? `injected ${fault.status} from the test artifact service`
      return sendTwirp(res, twirpError(fault.status, message))
    }
    if (fault?.kind === 'refuse') {
      log.fault = 'refuse'
      return sendTwirp(res, { status: 200, body: { ok: false } })
    }
    sendTwirp(res, twirp(call.method, call.body, caller as BackendIds))
  }

  function blob(
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    log: ArtifactRequest
  ): void {
    const { common, fail } = blobResponder(req, res)
    const prefix = `/${ACCOUNT}/${CONTAINER}/`
    if (!url.pathname.startsWith(prefix)) {
      fail(404, 'The specified resource does not exist.', { 'x-ms-error-code': 'ResourceNotFound' })
      return
    }
    const blobName = decodeURIComponent(url.pathname.slice(prefix.length))
    const operation = blobOperation(req.method, url.searchParams.get('comp'))
    log.blob = operation
    if (operation !== 'PutBlock' && operation !== 'PutBlockList' && operation !== 'GetBlob') {
      fail(400, `This test service does not implement ${operation} (${req.method ?? ''}).`)
      return
    }
    const isWrite = operation !== 'GetBlob'
    const problem = signer.problem(blobName, url.searchParams, isWrite ? 'w' : 'r')
    if (problem) {
      fail(403, `Server failed to authenticate the request. ${problem}`)
      return
    }
    const u = uploads.get(blobName)
    if (!u || (!isWrite && !u.finalized)) {
      fail(404, 'The specified blob does not exist.')
      return
    }
    const fault = takeFault(operation, isWrite ? 'BlobUpload' : 'BlobDownload')
    if (fault?.kind === 'fail') {
      log.fault = 'fail'
      fail(
        fault.status,
        fault.message ?? `Injected ${fault.status} from the test artifact service.`
      )
      return
    }

    if (isWrite) {
      if (u.finalized) {
        fail(409, 'The artifact is finalized; its blob cannot change.')
        return
      }
      const created = (headers: Record<string, string> = {}): void => {
        res
          .writeHead(201, {
            ...common(),
            ...headers,
            'x-ms-request-server-encrypted': 'true',
            'Content-Length': '0'
          })
          .end()
      }
      if (operation === 'PutBlock') {
        const id = url.searchParams.get('blockid')
        if (!id) {
          fail(400, 'The blockid query parameter is required.')
          return
        }
        u.blocks.set(id, body)
        created({ 'Content-MD5': md5(body) })
        return
      }
      const ids = parseBlockList(body.toString('utf8'))
      if (!ids) {
        fail(400, 'The XML specified is not syntactically valid.')
        return
      }
      const missing = ids.find((id) => !u.blocks.has(id))
      if (missing !== undefined) {
        fail(400, `The specified block list is invalid: block ${missing} was not staged.`)
        return
      }
      u.data = Buffer.concat(ids.map((id) => u.blocks.get(id) as Buffer))
      u.contentType = str(req.headers['x-ms-blob-content-type']) || 'application/octet-stream'
      u.blocks.clear()
      created({ ETag: `"0x${crypto.randomBytes(7).toString('hex').toUpperCase()}"` })
      return
    }

    const data = u.data as Buffer
    const fileName = `${u.name}.zip`
    log.bytes = data.length
    res
      .writeHead(200, {
        ...common(),
        'Content-Type': u.contentType ?? 'application/octet-stream',
        'Content-Length': String(data.length),
        'Content-MD5': md5(data),
        // What GitHub's signed download URLs ask for (rscd): the artifact's name as the file's.
        'Content-Disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        'x-ms-blob-type': 'BlockBlob'
      })
      .end(data)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port

  const noProxy = loopbackNoProxy()
  function job(ids: Partial<BackendIds> = {}): ArtifactJob {
    const backend: BackendIds = {
      workflowRunBackendId: ids.workflowRunBackendId ?? run,
      workflowJobRunBackendId: ids.workflowJobRunBackendId ?? crypto.randomUUID()
    }
    const token = runtimeToken(Date.now(), backend)
    tokens.set(token, backend)
    return {
      ...backend,
      token,
      env: {
        ACTIONS_RESULTS_URL: `${origin()}/`,
        ACTIONS_RUNTIME_TOKEN: token,
        // Anything but github.com, *.ghe.com or *.localhost is GHES, which @actions/artifact refuses.
        GITHUB_SERVER_URL: 'https://github.com',
        // The Azure SDK does not bypass proxies for loopback by itself.
        NO_PROXY: noProxy,
        no_proxy: noProxy
      }
    }
  }

  return {
    url: `${origin()}/`,
    run,
    job,
    artifacts,
    requests,
    twirpCalls: () => requests.flatMap((r) => (r.twirp ? [r.twirp] : [])),
    zip(name, runId = run) {
      const a = findArtifact(runId, name)
      return a && uploadOf(a)?.data
    },
    remove(name, runId = run) {
      const a = findArtifact(runId, name)
      if (a) drop(a)
      return a !== undefined
    },
    replaceZip(name, data, runId = run) {
      const a = findArtifact(runId, name)
      const u = a && uploadOf(a)
      if (u) u.data = data
      return u !== undefined
    },
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
