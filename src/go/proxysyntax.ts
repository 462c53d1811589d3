/**
 * GOPROXY and GOSUMDB as cmd/go reads them (go 1.26: modfetch's proxyList and newProxyRepo,
 * dbDial, and sumdb/note's NewVerifier), so that a value go would refuse, or silently ignore
 * part of, is refused before any go command runs. Pure: no network, no go.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'

/** The part of a value go would refuse, and why. */
export interface ValueProblem {
  part: string
  reason: string
}

export const GOPROXY_FIX =
  'use a comma- or pipe-separated list of https://, http:// or file:// URLs, direct or off'
export const GOSUMDB_FIX = 'use off, a database name, name+key, or "name+key URL"'

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/
/** host[:port], a bracketed IPv6 address or a registered name (userinfo@ already removed). */
const HOST = /^(\[[0-9A-Fa-f:.]+(%25[^\]]+)?\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(:\d*)?$/
/** A checksum database name: host[/path], as dbDial checks it (no scheme, no trailing slash). */
const SUMDB_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]*(:\d+)?(\/[A-Za-z0-9._~-]+)*$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
/** sumdb/note's only algorithm: an Ed25519 public key, 32 bytes after the algorithm byte. */
const ALG_ED25519 = 1

const NO_SCHEME = 'is not a URL (it has no scheme)'

/** Why go would refuse `url` as a proxy or checksum database URL, or undefined. */
function urlProblem(url: string): string | undefined {
  if (CONTROL.test(url)) return 'has a control character'
  const m = SCHEME.exec(url)
  if (m === null) return NO_SCHEME
  const scheme = (m[1] as string).toLowerCase()
  const rest = m[2] as string
  if (BAD_ESCAPE.test(rest)) return 'has a % that starts no %XX escape'
  if (scheme === 'file') {
    // file:///path or file:/path: an empty host, then a path alone.
    return /^(\/\/\/|\/(?!\/))[^?#]*$/.test(rest)
      ? undefined
      : 'is a file:// URL with more than a path (a host, query or fragment), which go refuses'
  }
  if (scheme !== 'http' && scheme !== 'https') {
    return `has the scheme ${scheme}, and go takes only https, http and file`
  }
  const authority = /^\/\/([^/?#]*)/.exec(rest)?.[1] ?? ''
  if (authority === '') return 'has no host'
  const host = authority.slice(authority.lastIndexOf('@') + 1)
  return HOST.test(host) ? undefined : 'has a host go cannot parse'
}

/**
 * Pure: the first entry of a GOPROXY list go would refuse or never use, or undefined. Entries
 * are separated by `,` (next on 404/410) or `|` (next on any error); `direct` and `off` end the
 * list (go ignores what follows them); an entry with a dot, colon or slash but no scheme is
 * https (`example.com/proxy`); a single word other than direct or off is refused by go.
 */
export function goproxyProblem(value: string): ValueProblem | undefined {
  // go trims each entry, but a space anywhere is far likelier a mistake than an intent.
  if (/\s/.test(value)) return { part: value, reason: 'contains whitespace' }
  const entries = value.split(/[,|]/).filter((e) => e !== '')
  if (entries.length === 0) return { part: value, reason: 'names no proxy' }
  let ended: string | undefined
  for (const entry of entries) {
    if (ended !== undefined) {
      return { part: entry, reason: `comes after ${ended}, and go never reads past ${ended}` }
    }
    if (entry === 'direct' || entry === 'off') {
      ended = entry
      continue
    }
    const absolute = path.isAbsolute(entry) || path.posix.isAbsolute(entry)
    const url =
      /[.:/]/.test(entry) && !entry.includes(':/') && !absolute ? `https://${entry}` : entry
    const reason = urlProblem(url)
    if (reason === NO_SCHEME) return { part: entry, reason: 'is not a URL, direct or off' }
    if (reason !== undefined) return { part: entry, reason }
  }
  return undefined
}

/** Why go would refuse `key` (a database name, or name+hash+key) as GOSUMDB's first field. */
function sumdbKeyProblem(key: string): string | undefined {
  const [name = '', hash = '', ...base64] = key.split('+')
  if (!SUMDB_NAME.test(name)) return 'is not a checksum database name (host or host/path)'
  // A bare name: go knows the key of its default database by name; any other is go's to refuse.
  if (!key.includes('+')) return undefined
  const encoded = base64.join('+')
  if (!/^[0-9A-Fa-f]{8}$/.test(hash) || encoded === '' || !BASE64.test(encoded)) {
    return 'is not a verifier key (name+hash+key, as the database publishes it)'
  }
  const bytes = Buffer.from(encoded, 'base64')
  if (bytes[0] !== ALG_ED25519 || bytes.length !== 33) {
    return 'is not an Ed25519 verifier key (name+hash+key, as the database publishes it)'
  }
  const digest = createHash('sha256').update(`${name}\n`).update(bytes).digest()
  if (digest.readUInt32BE(0) !== Number.parseInt(hash, 16)) {
    return 'has a hash that does not match its name and key (a copying mistake?)'
  }
  return undefined
}

/**
 * Pure: the part of a GOSUMDB value go would refuse, or undefined: `off`, a database name,
 * name+hash+key (the hash is checked against the name and key, as go checks it), either
 * followed by the URL to reach the database at.
 */
export function gosumdbProblem(value: string): ValueProblem | undefined {
  if (value === 'off') return undefined
  if (/[\r\n]/.test(value)) return { part: value, reason: 'is more than one line' }
  const fields = value.split(/\s+/).filter((f) => f !== '')
  if (fields.length === 0) return { part: value, reason: 'names no checksum database' }
  if (fields.length > 2) return { part: value, reason: 'has more than two fields' }
  const [key = '', url] = fields
  const keyReason = sumdbKeyProblem(key)
  if (keyReason !== undefined) return { part: key, reason: keyReason }
  const urlReason = url === undefined ? undefined : urlProblem(url)
  if (urlReason !== undefined && url !== undefined) return { part: url, reason: urlReason }
  return undefined
}
