// The Azure blob side the results-service stand-ins share (cacheservice.ts, artifactservice.ts):
// the signed (SAS) URLs the service hands out and checks, the operation a request is, its error
// answers (XML, x-ms-error-code) and the block list a Put Block List sends.
import crypto from 'node:crypto'
import type http from 'node:http'

/** The storage emulator's account: the Azure SDK reads it from the first path segment of an IP URL. */
export const ACCOUNT = 'devstoreaccount1'
export const STORAGE_VERSION = '2025-11-05'

export type BlobOperation =
  'PutBlob' | 'PutBlock' | 'PutBlockList' | 'GetBlob' | 'GetBlobProperties' | 'Unknown'

export function azureCode(status: number): string {
  switch (status) {
    case 400:
      return 'InvalidInput'
    case 403:
      return 'AuthenticationFailed'
    case 404:
      return 'BlobNotFound'
    case 409:
      return 'BlobAlreadyExists'
    case 412:
      return 'ConditionNotMet'
    case 413:
      return 'RequestBodyTooLarge'
    case 416:
      return 'InvalidRange'
    case 503:
      return 'ServerBusy'
    default:
      return status >= 500 ? 'InternalError' : 'InvalidOperation'
  }
}

export const md5 = (data: Buffer): string => crypto.createHash('md5').update(data).digest('base64')

/** The blob operation a request is, from its method and `comp` query parameter. */
export function blobOperation(method: string | undefined, comp: string | null): BlobOperation {
  if (method === 'PUT') {
    if (comp === 'block') return 'PutBlock'
    if (comp === 'blocklist') return 'PutBlockList'
    return comp === null ? 'PutBlob' : 'Unknown'
  }
  if (method === 'HEAD') return 'GetBlobProperties'
  return method === 'GET' && comp === null ? 'GetBlob' : 'Unknown'
}

/** The block ids of a Put Block List body, in order, or undefined when it is not one. */
export function parseBlockList(xml: string): string[] | undefined {
  if (!/<BlockList>/.test(xml)) return undefined
  const ids: string[] = []
  for (const m of xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)) {
    ids.push((m[2] as string).trim())
  }
  return ids
}

/** The headers every blob answer carries, and the XML error answer, for one request. */
export function blobResponder(
  req: http.IncomingMessage,
  res: http.ServerResponse
): {
  common: () => Record<string, string>
  fail: (status: number, message: string, extra?: Record<string, string>) => void
} {
  const clientRequestId = req.headers['x-ms-client-request-id']
  const common = (): Record<string, string> => ({
    'x-ms-request-id': crypto.randomUUID(),
    'x-ms-version': String(req.headers['x-ms-version'] ?? STORAGE_VERSION),
    ...(typeof clientRequestId === 'string' ? { 'x-ms-client-request-id': clientRequestId } : {}),
    Date: new Date().toUTCString(),
    Server: 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0'
  })
  const fail = (status: number, message: string, extra: Record<string, string> = {}): void => {
    const code = azureCode(status)
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>' +
      `<Error><Code>${code}</Code><Message>${message}\nRequestId:${crypto.randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`
    res
      .writeHead(status, {
        ...common(),
        ...extra,
        'x-ms-error-code': code,
        'Content-Type': 'application/xml',
        'Content-Length': String(Buffer.byteLength(xml))
      })
      .end(req.method === 'HEAD' ? undefined : xml)
  }
  return { common, fail }
}

/**
 * Signed URLs for the blobs of one container: HMAC over permissions, container, blob and expiry
 * with a secret of this process, so a client can only use the URLs the service gave it.
 */
export function blobSigner(container: string, ttlMs: number) {
  const secret = crypto.randomBytes(32)
  const sign = (blobName: string, permissions: string, expiry: string): string =>
    crypto
      .createHmac('sha256', secret)
      .update(`${permissions}\n/${container}/${blobName}\n${expiry}`)
      .digest('base64')
  return {
    /** `${base}/${blobName}?<sas>`; `extra` query parameters ride along unsigned. */
    signedUrl(
      base: string,
      blobName: string,
      permissions: string,
      extra: Record<string, string> = {}
    ): string {
      const expiry = new Date(Date.now() + ttlMs).toISOString().replace(/\.\d+Z$/, 'Z')
      const query = new URLSearchParams({
        sv: STORAGE_VERSION,
        sr: 'b',
        sp: permissions,
        se: expiry,
        sig: sign(blobName, permissions, expiry),
        ...extra
      })
      return `${base}/${blobName}?${query.toString()}`
    },
    /** Why a blob request's signature does not allow `needed`, or undefined when it does. */
    problem(blobName: string, query: URLSearchParams, needed: string): string | undefined {
      const sp = query.get('sp') ?? ''
      const se = query.get('se') ?? ''
      const sig = query.get('sig') ?? ''
      const expected = sign(blobName, sp, se)
      if (
        sig.length !== expected.length ||
        !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))
      ) {
        return 'Signature did not match.'
      }
      if (!(Date.parse(se) > Date.now())) return 'Signed expiry time has passed.'
      if (![...needed].every((p) => sp.includes(p)))
        return 'This request is not authorized to perform this operation using this permission.'
      return undefined
    }
  }
}
