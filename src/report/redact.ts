/**
 * Credentials written into URLs (`GOPROXY=https://user:token@proxy.example.com`) never reach a
 * log, a summary, an annotation or a report: the userinfo of every URL is replaced by `***`.
 * The exported environment keeps the real value (later steps need it); only what is shown is
 * redacted. Pure.
 */
import type { Report } from '../findings.js'

/** `scheme://userinfo@`: the userinfo is everything up to an @ before the host ends. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]+)@/gi

export const REDACTED = '***'

/** The text with the userinfo of every URL in it replaced by `***`. */
export function redactCredentials(text: string): string {
  return text.replace(URL_USERINFO, `$1${REDACTED}@`)
}

/**
 * The secrets in URLs of the text, for the runner to mask: each userinfo whole, its password,
 * and a user name that stands alone (a token given as the user).
 */
export function urlCredentials(text: string): string[] {
  const secrets = new Set<string>()
  for (const [, , userinfo] of text.matchAll(URL_USERINFO)) {
    if (userinfo === undefined || userinfo === REDACTED) continue
    secrets.add(userinfo)
    const colon = userinfo.indexOf(':')
    if (colon === -1) continue
    for (const part of [userinfo.slice(colon + 1), decodeOrSame(userinfo.slice(colon + 1))]) {
      if (part !== '') secrets.add(part)
    }
  }
  return [...secrets]
}

/** The report with every string in it redacted, for every reporter to show. */
export function redactReport(report: Report): Report {
  return redactStrings(report)
}

function redactStrings<T>(value: T): T {
  if (typeof value === 'string') return redactCredentials(value) as T
  if (Array.isArray(value)) return value.map((item: unknown) => redactStrings(item)) as T
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = redactStrings(item)
    return out as T
  }
  return value
}

function decodeOrSame(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
