/**
 * What `go mod download -json -x` printed, as data: the modules it downloaded (stdout), each
 * error it reported (stderr `go: <module>@<version>: …` lines with their indented continuation
 * lines, `verifying …: checksum mismatch` blocks, and the `Error` fields of the JSON) classified
 * as transient (worth retrying), not-found, checksum or other, and the proxy requests `-x`
 * announced that never finished (what a hung proxy was asked for). Pure: text in, data out.
 */
import { splitJsonObjects } from './jsonobjects.js'

export type DownloadErrorKind = 'transient' | 'not-found' | 'checksum' | 'other'

export interface ChecksumMismatch {
  /** The hash of what was downloaded, e.g. h1:…= */
  downloaded: string
  /** The hash it was compared with. */
  expected: string
  /** Where the expected hash came from: `go.sum`, or the checksum database's name. */
  source: string
}

export interface DownloadError {
  kind: DownloadErrorKind
  module?: string
  version?: string
  /** The error is about the module's go.mod alone (`…@v1.2.3/go.mod`). */
  goModOnly?: boolean
  /** Short and human: `503 Service Unavailable`, `connection refused`, `checksum mismatch`. */
  cause: string
  /** The HTTP status the proxy answered with, when go names one. */
  status?: number
  /** The URL go was reading, when it names one. */
  url?: string
  checksum?: ChecksumMismatch
  /** A file and line go named (`go.mod:5: …`), as go printed the path. */
  location?: { file: string; line: number }
  /** go's whole message for this error, continuation lines included, without `go: `. */
  text: string
}

/** One module go reported in `-json` mode. */
export interface DownloadedModule {
  path: string
  version: string
  error?: string
  zip?: string
  sum?: string
  goModSum?: string
}

/** A proxy request `go -x` printed as started (`# get <url>`). */
export interface ProxyRequest {
  url: string
  module?: string
  version?: string
}

export interface DownloadOutput {
  modules: DownloadedModule[]
  errors: DownloadError[]
  /** Requests started and never finished: what go was waiting for when it was stopped. */
  pending: ProxyRequest[]
}

/** Parses everything one `go mod download -json -x` printed. */
export function parseDownloadOutput(stdout: string, stderr: string): DownloadOutput {
  const modules = parseDownloadJson(stdout)
  const errors = classifyDownloadErrors(stderr)
  const seen = new Set(errors.map((e) => e.text))
  for (const m of modules) {
    if (m.error === undefined) continue
    for (const e of classifyDownloadErrors(m.error)) {
      if (seen.has(e.text)) continue
      seen.add(e.text)
      errors.push({ ...e, module: e.module ?? m.path, version: e.version ?? m.version })
    }
  }
  return { modules, errors, pending: pendingRequests(stderr) }
}

/** The concatenated JSON objects `go mod download -json` prints; text that is not JSON is skipped. */
export function parseDownloadJson(stdout: string): DownloadedModule[] {
  const modules: DownloadedModule[] = []
  for (const text of splitJsonObjects(stdout)) {
    let data: Record<string, unknown>
    try {
      data = JSON.parse(text) as Record<string, unknown>
    } catch {
      continue
    }
    if (typeof data.Path !== 'string') continue
    const m: DownloadedModule = {
      path: data.Path,
      version: typeof data.Version === 'string' ? data.Version : ''
    }
    if (typeof data.Error === 'string') m.error = data.Error
    if (typeof data.Zip === 'string') m.zip = data.Zip
    if (typeof data.Sum === 'string') m.sum = data.Sum
    if (typeof data.GoModSum === 'string') m.goModSum = data.GoModSum
    modules.push(m)
  }
  return modules
}

const GET_LINE = /^# get (\S+?)(?:: (.*))?$/
const SECURITY_END = /^For more information, see 'go help module-auth'\.?$/
const PARSING_HEADER = /^errors parsing (.+):$/
// The s flag: the rest of the line, whatever it holds, so the first `file:N: ` decides (where `.`
// stopped at a \r or \u2028, every later colon was tried again, each with a scan to the end).
const LOCATED = /^(.+?):(\d+)(?::\d+)?: (.*)$/s
/** Lines that start an error without go's `go: ` prefix: checksum reports and JSON `Error` fields. */
const ERROR_START = /^(verifying [^\s]+: |[^\s@:]+@v[^\s:]+: )/

/**
 * Every error in go's stderr (or in one `Error` field), classified. Lines that are not errors
 * (`# get` traces, `go: downloading …`) are ignored.
 */
export function classifyDownloadErrors(text: string): DownloadError[] {
  const blocks: string[][] = []
  let current: string[] | undefined
  let inSecurityNote = false
  let parsingFile: string | undefined
  for (const raw of text.split(/\r?\n/)) {
    // trimEnd, not replace(/\s+$/): the pattern retried at each blank of a long run (quadratic).
    const line = raw.trimEnd()
    if (inSecurityNote) {
      // The SECURITY ERROR paragraph belongs to the checksum mismatch above it.
      current?.push(line)
      if (SECURITY_END.test(line)) inSecurityNote = false
      continue
    }
    if (line === '') continue
    if (/^\s/.test(line)) {
      current?.push(line)
      continue
    }
    if (line === 'SECURITY ERROR' && current !== undefined) {
      current.push(line)
      inSecurityNote = true
      continue
    }
    if (/^go: (downloading|finding|extracting) /.test(line)) {
      current = undefined
      continue
    }
    const body = line.replace(/^go: /, '')
    const header = PARSING_HEADER.exec(body)
    if (header) {
      // `go: errors parsing go.mod:` then one `<file>:<line>: …` line per problem.
      parsingFile = header[1]
      current = undefined
      continue
    }
    if (parsingFile !== undefined && LOCATED.test(body)) {
      current = [body]
      blocks.push(current)
      continue
    }
    parsingFile = undefined
    if (body === line && !ERROR_START.test(line)) {
      // -x traces (`# get …`, `cd …; git …`, `0.01s # …`) and anything else that is not go's
      // error format.
      current = undefined
      continue
    }
    current = [body]
    blocks.push(current)
  }
  return blocks.map(classifyBlock)
}

const MODULE_VERSION = /(?:^|[\s"'(])([^\s@:"'()]*[^\s@:"'()/])@(v[^\s:/"'@()]+)(\/go\.mod)?/
const URL_IN_TEXT = /(?:reading|Get|read|Head) "?((?:https?|file):\/\/[^\s"]+?)"?: /
// The rest of the line, trimmed in code: `([^\n]*?)\s*$` retried `\s*$` at each character, over
// each blank of a long run (quadratic).
const HTTP_STATUS = /: ([1-5]\d\d) ([^\n]*)$/

/** Network failures that may well succeed on the next try. Order: most specific first. */
const TRANSIENT: Array<[RegExp, string]> = [
  [/TLS handshake timeout/i, 'TLS handshake timeout'],
  [/i\/o timeout/i, 'i/o timeout'],
  [/context deadline exceeded/i, 'context deadline exceeded'],
  [/Client\.Timeout exceeded|timeout awaiting response headers/i, 'timeout'],
  [/connection timed out|operation timed out|timed out/i, 'timed out'],
  [/connection reset( by peer)?/i, 'connection reset'],
  [/connection refused/i, 'connection refused'],
  [/broken pipe/i, 'broken pipe'],
  [/network is unreachable/i, 'network is unreachable'],
  [/no route to host/i, 'no route to host'],
  [/temporary failure in name resolution/i, 'temporary failure in name resolution'],
  [/server misbehaving/i, 'DNS server misbehaving'],
  [/no such host|could not resolve host/i, 'host not resolved'],
  [/unexpected EOF/i, 'unexpected EOF'],
  [/: EOF$/m, 'EOF'],
  [/http2: |stream error|GOAWAY/i, 'HTTP/2 stream error'],
  [/TLS: |tls: |remote error/i, 'TLS error']
]

/** The answer will not change by asking again: the version is not there. */
const NOT_FOUND: Array<[RegExp, string]> = [
  [/unknown revision/i, 'unknown revision'],
  [/invalid version/i, 'invalid version'],
  [/no matching versions/i, 'no matching versions'],
  [/reading file:\/\/\S+: no such file or directory/i, 'not in the file proxy'],
  [/\bnot found\b/i, 'not found'],
  // Not `.*`: from each `module ` that scanned to the line's end (quadratic on a line of them);
  // a scan stops at the next one, which is tried in its turn.
  [
    /\b(?:repository|module) (?:(?!\b(?:repository|module) )[^\n])*?does not exist\b/i,
    'does not exist'
  ]
]

function classifyBlock(lines: string[]): DownloadError {
  const text = lines.join('\n').trim()
  const head = lines[0] ?? ''
  const error: DownloadError = { kind: 'other', cause: '', text }
  const mv = MODULE_VERSION.exec(head)
  if (mv) {
    error.module = mv[1]
    error.version = mv[2]
    if (mv[3] !== undefined) error.goModOnly = true
  }
  const url = URL_IN_TEXT.exec(head)
  if (url) error.url = url[1]
  const located = LOCATED.exec(head)
  if (located && /(^|\/)go\.(mod|work)$/.test(located[1] ?? '')) {
    error.location = { file: located[1] as string, line: Number(located[2]) }
  }

  if (/checksum mismatch|SECURITY ERROR/.test(text)) {
    error.kind = 'checksum'
    error.cause = 'checksum mismatch'
    // A line's indent is blanks and tabs: `^\s*` also took the newlines after it, and over a run
    // of empty lines was retried at each (quadratic).
    const downloaded = /^[ \t]*downloaded:\s*(\S+)/m.exec(text)
    const expected = /^[ \t]*(?!downloaded:)([^\s:]+):\s*(h1:\S+)/m.exec(text)
    if (downloaded && expected) {
      error.checksum = {
        downloaded: downloaded[1] as string,
        expected: expected[2] as string,
        source: expected[1] as string
      }
    }
    return error
  }

  // The proxy's own answer decides when there is one: 5xx and 429 pass, 404 and 410 stay.
  const status = HTTP_STATUS.exec(head)
  if (status) {
    const code = Number(status[1])
    error.status = code
    error.cause = `${code} ${status[2] ?? ''}`.trim()
    if (code >= 500 || code === 429 || code === 408) error.kind = 'transient'
    else if (code === 404 || code === 410) error.kind = 'not-found'
    else error.kind = 'other'
    return error
  }

  for (const [pattern, cause] of TRANSIENT) {
    if (pattern.test(text)) {
      error.kind = 'transient'
      error.cause = cause
      return error
    }
  }
  for (const [pattern, cause] of NOT_FOUND) {
    if (pattern.test(text)) {
      error.kind = 'not-found'
      error.cause = cause
      return error
    }
  }
  error.cause = shortCause(head, error)
  return error
}

/** The tail of the first line after the module and URL, kept short for a log line. */
function shortCause(head: string, error: DownloadError): string {
  let rest = head
  if (error.location) rest = head.slice(head.indexOf(': ') + 2)
  else if (error.module !== undefined) {
    const at = head.indexOf(`${error.module}@${error.version ?? ''}`)
    if (at >= 0) rest = head.slice(at).replace(/^[^:]*:\s*/, '')
  }
  const trimmed = rest.trim()
  return trimmed.length > 120 ? `${trimmed.slice(0, 117)}...` : trimmed
}

/**
 * Requests `go -x` announced (`# get <url>`) with no matching result line
 * (`# get <url>: 200 OK (0.002s)`): what go was still waiting for.
 */
export function pendingRequests(stderr: string): ProxyRequest[] {
  const open = new Map<string, number>()
  for (const raw of stderr.split(/\r?\n/)) {
    const m = GET_LINE.exec(raw.trimEnd())
    if (!m) continue
    const url = m[1] as string
    const count = open.get(url) ?? 0
    if (m[2] === undefined) open.set(url, count + 1)
    else if (count > 0) open.set(url, count - 1)
  }
  const pending: ProxyRequest[] = []
  for (const [url, count] of open) {
    for (let i = 0; i < count; i++) pending.push({ url, ...moduleFromProxyUrl(url) })
  }
  return pending
}

/**
 * The module and version a GOPROXY URL asks for (`…/github.com/!azure/x/@v/v1.2.3.zip`), with
 * go's case encoding undone. `@v/list` and `@latest` name a module without a version.
 */
export function moduleFromProxyUrl(url: string): { module?: string; version?: string } {
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(url).pathname)
  } catch {
    return {}
  }
  const m = /^([^@]*?)\/@(?:v\/(.+?)\.(?:info|mod|zip)|v\/list|latest)$/.exec(pathname)
  if (!m) return {}
  // Proxy URLs may carry a path prefix (https://host/prefix/<module>/@v/…); module paths start
  // with a host name, which has a dot, so drop leading segments until one has one.
  const segments = (m[1] as string).split('/').filter((s) => s !== '')
  while (segments.length > 1 && !(segments[0] as string).includes('.')) segments.shift()
  const module = unescapeModulePath(segments.join('/'))
  return m[2] === undefined ? { module } : { module, version: unescapeModulePath(m[2]) }
}

/** go's case encoding on proxies: `!x` stands for `X`. */
export function unescapeModulePath(escaped: string): string {
  return escaped.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** True when every error is one that may pass on the next attempt. */
export function allTransient(errors: DownloadError[]): boolean {
  return errors.length > 0 && errors.every((e) => e.kind === 'transient')
}
