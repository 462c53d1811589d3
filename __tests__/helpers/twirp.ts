// What the local stand-ins for GitHub's results service share (cacheservice.ts, artifactservice.ts):
// the runner's ACTIONS_RUNTIME_TOKEN as an unsigned JWT, and the twirp JSON framing both
// @actions/cache and @actions/artifact speak under `${ACTIONS_RESULTS_URL}twirp/<service>/<Method>`
// (a POST with `Authorization: Bearer <token>` and a JSON body; errors as `{code, msg}`), and the
// NO_PROXY that keeps their clients' loopback requests off a proxy.
import type http from 'node:http'

export interface TwirpAnswer {
  status: number
  body: object
}

/** The backend ids a job's token grants: `Actions.Results:<run>:<job>` in its `scp` claim. */
export interface BackendIds {
  workflowRunBackendId: string
  workflowJobRunBackendId: string
}

const base64url = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * An unsigned JWT with the claims a runner's ACTIONS_RUNTIME_TOKEN carries. @actions/artifact
 * reads the backend ids from its `scp` claim; @actions/cache reads no claim at all.
 */
export function runtimeToken(
  now = Date.now(),
  ids: BackendIds = { workflowRunBackendId: '1', workflowJobRunBackendId: '1' }
): string {
  const iat = Math.floor(now / 1000)
  const header = { typ: 'JWT', alg: 'none' }
  const claims = {
    nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
    scp:
      'Actions.GenericRead:00000000-0000-0000-0000-000000000000 ' +
      `Actions.Results:${ids.workflowRunBackendId}:${ids.workflowJobRunBackendId}`,
    ac: JSON.stringify([{ Scope: 'refs/heads/main', Permission: 3 }]),
    iss: 'vstoken.actions.githubusercontent.com',
    aud: 'vso:00000000-0000-0000-0000-000000000000',
    iat,
    nbf: iat - 60,
    exp: iat + 6 * 3600
  }
  return `${base64url(header)}.${base64url(claims)}.`
}

/** The twirp error code GitHub's results service answers with for an HTTP status. */
export function twirpCode(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_argument'
    case 401:
      return 'unauthenticated'
    case 403:
      return 'permission_denied'
    case 404:
      return 'not_found'
    case 408:
      return 'deadline_exceeded'
    case 409:
      return 'already_exists'
    case 412:
      return 'failed_precondition'
    case 429:
      return 'resource_exhausted'
    case 503:
      return 'unavailable'
    default:
      return status >= 500 ? 'internal' : 'unknown'
  }
}

export const twirpError = (status: number, msg: string): TwirpAnswer => ({
  status,
  body: { code: twirpCode(status), msg }
})

export function sendTwirp(res: http.ServerResponse, answer: TwirpAnswer): void {
  res
    .writeHead(answer.status, { 'Content-Type': 'application/json' })
    .end(JSON.stringify(answer.body))
}

/**
 * A request read as a call of `service`: not twirp at all (`undefined`: another route's), or its
 * method and body (parsed when JSON, else the text, so a log shows what came) with the answer a
 * malformed or unauthorized call gets, in the order a twirp server checks them.
 */
export function readTwirpCall<M extends string>(
  req: http.IncomingMessage,
  url: URL,
  raw: Buffer,
  service: string,
  methods: readonly M[],
  authorized: (authorization: string | undefined) => boolean
):
  | undefined
  | { method?: M; body?: unknown; refused: TwirpAnswer }
  | { method: M; body: Record<string, unknown>; refused?: undefined } {
  const m = /^\/twirp\/([^/]+)\/([^/]+)$/.exec(url.pathname)
  if (!m) return undefined
  const method = m[2] as M
  if (m[1] !== service || !methods.includes(method)) {
    return { refused: twirpError(404, `no handler for path "${url.pathname}"`) }
  }
  let body: unknown
  try {
    body = JSON.parse(raw.toString('utf8'))
  } catch {
    body = raw.toString('utf8')
  }
  const refuse = (answer: TwirpAnswer) => ({ method, body, refused: answer })
  if (req.method !== 'POST') {
    return refuse(twirpError(404, `unsupported method ${req.method ?? ''} (only POST is allowed)`))
  }
  if (!authorized(req.headers.authorization)) {
    return refuse(twirpError(401, 'invalid or missing bearer token'))
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return refuse(twirpError(400, 'unexpected Content-Type (this service speaks twirp JSON)'))
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse(twirpError(400, 'the request body is not a JSON object'))
  }
  return { method, body: body as Record<string, unknown> }
}

/**
 * NO_PROXY for a stand-in's client: the machine's list plus loopback, since the Azure SDK does
 * not bypass proxies for loopback by itself.
 */
export function loopbackNoProxy(): string {
  return [process.env.NO_PROXY ?? process.env.no_proxy ?? '', '127.0.0.1', 'localhost', '::1']
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v, i, all) => v !== '' && all.indexOf(v) === i)
    .join(',')
}

/** An option that takes one value or several. */
export const asArray = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v]

/**
 * The faults a test arms on a stand-in: a request takes the first one armed for any of its
 * targets, `times` times (every time without it).
 */
export class ArmedFaults<F extends { method: string; times?: number }> {
  private armed: F[]

  constructor(initial: F[] = []) {
    this.armed = [...initial]
  }

  arm(fault: F): void {
    this.armed.push(fault)
  }

  clear(): void {
    this.armed = []
  }

  /** Copies of the faults still armed. */
  get active(): F[] {
    return this.armed.map((f) => ({ ...f }))
  }

  /** The first armed fault for any of these targets, consumed once. */
  take(...targets: Array<F['method']>): F | undefined {
    const fault = this.armed.find((f) => targets.includes(f.method))
    if (!fault) return undefined
    if (fault.times !== undefined) {
      fault.times--
      if (fault.times <= 0) this.armed = this.armed.filter((f) => f !== fault)
    }
    return fault
  }
}
