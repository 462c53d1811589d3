/**
 * GOPRIVATE, GONOSUMDB and GONOPROXY patterns as go matches them (path.Match, element by element,
 * on module path prefixes), and which public code hosts a pattern covers wholesale. Pure.
 */

/**
 * Hosts where one path element after the host names an owner: a pattern naming the host alone, or
 * the host with a wildcard owner, covers everyone's code there.
 */
export const MULTI_OWNER_HOSTS = [
  'github.com',
  'gitlab.com',
  'bitbucket.org',
  'codeberg.org',
  'gitea.com',
  'git.sr.ht',
  'gopkg.in'
]

/** Hosts serving only public modules of one project or company: any pattern on them is public code. */
const PUBLIC_PROJECT_HOSTS = [
  'golang.org',
  'google.golang.org',
  'go.googlesource.com',
  'cloud.google.com',
  'k8s.io',
  'sigs.k8s.io',
  'go.uber.org',
  'go.opentelemetry.io',
  'go.etcd.io',
  'gocloud.dev',
  'honnef.co',
  'gonum.org',
  'modernc.org',
  'mvdan.cc',
  'gotest.tools'
]

/**
 * The public host a GOPRIVATE-style pattern covers wholesale, if any. Patterns match path
 * prefixes element by element (path.Match), so `*` matches every module, `github.com` and
 * `github.com/*` every owner on GitHub, `golang.org/x` the Go project's public modules.
 */
export function publicHostCovered(pattern: string): string | undefined {
  const elements = pattern.replace(/\/+$/, '').split('/')
  const [hostPattern, ownerPattern] = elements
  if (hostPattern === undefined || hostPattern === '') return undefined
  const hostRe = globElement(hostPattern)
  if (hostRe === undefined) return undefined
  for (const host of MULTI_OWNER_HOSTS) {
    if (!hostRe.test(host)) continue
    // The host alone, or a wildcard owner: everyone's code on that host.
    if (ownerPattern === undefined || /^[*?]+$/.test(ownerPattern)) return host
  }
  return PUBLIC_PROJECT_HOSTS.find((host) => hostRe.test(host))
}

/** One path element of a path.Match pattern as a regular expression; undefined when malformed. */
function globElement(pattern: string): RegExp | undefined {
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (c === '*') {
      re += '[^/]*'
    } else if (c === '?') {
      re += '[^/]'
    } else if (c === '\\') {
      if (++i >= pattern.length) return undefined
      re += escapeRe(pattern[i] as string)
    } else if (c === '[') {
      // [abc], [a-z], [^abc]; a backslash escapes the next character.
      let cls = '['
      i++
      if (pattern[i] === '^') {
        cls += '^'
        i++
      }
      let closed = false
      for (; i < pattern.length; i++) {
        const k = pattern[i] as string
        if (k === ']') {
          closed = true
          break
        }
        if (k === '\\') {
          if (++i >= pattern.length) return undefined
          cls += escapeRe(pattern[i] as string)
        } else cls += k === '-' ? '-' : escapeRe(k)
      }
      if (!closed || cls === '[' || cls === '[^') return undefined
      re += `${cls}]`
    } else {
      re += escapeRe(c)
    }
  }
  try {
    return new RegExp(`^${re}$`, 'i')
  } catch {
    return undefined
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}
