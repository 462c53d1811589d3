/**
 * Module path escaping, as golang.org/x/mod/module does it (module.go: EscapePath,
 * EscapeVersion, CheckPath). File systems may fold case, so the module cache and proxies spell
 * each upper-case letter as '!' and its lower case: github.com/Azure -> github.com/!azure.
 */

/** The escaped form of a module path; throws, with go's wording, when the path is invalid. */
export function escapePath(modulePath: string): string {
  const problem = checkModulePath(modulePath)
  if (problem !== undefined) throw new Error(`malformed module path "${modulePath}": ${problem}`)
  return escapeString(modulePath)
}

/** The escaped form of a version; throws when go would refuse it. */
export function escapeVersion(version: string): string {
  if (checkElem(version, 'file') !== undefined || version.includes('!')) {
    throw new Error(`version "${version}" invalid: disallowed version string`)
  }
  return escapeString(version)
}

function escapeString(s: string): string {
  for (const ch of s) {
    if (ch === '!' || ch.charCodeAt(0) >= 0x80) {
      throw new Error('internal error: inconsistency in EscapePath')
    }
  }
  return s.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`)
}

type PathKind = 'module' | 'file'

const BAD_WINDOWS_NAMES = [
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...Array.from({ length: 9 }, (_, i) => `COM${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`)
]

function checkModulePath(p: string): string | undefined {
  if (p === '') return 'empty string'
  if (p.startsWith('-')) return 'leading dash'
  if (p.includes('//')) return 'double slash'
  if (p.endsWith('/')) return 'trailing slash'
  for (const elem of p.split('/')) {
    const problem = checkElem(elem, 'module')
    if (problem !== undefined) return problem
  }
  const first = p.split('/')[0] as string
  if (!first.includes('.')) return 'missing dot in first path element'
  const bad = [...first].find((c) => !/[-.0-9a-z]/.test(c))
  if (bad !== undefined) return `invalid char "${bad}" in first path element`
  if (!splitPathVersionOk(p)) return 'invalid version'
  return undefined
}

function checkElem(elem: string, kind: PathKind): string | undefined {
  if (elem === '') return 'empty path element'
  if (/^\.+$/.test(elem)) return `invalid path element "${elem}"`
  if (elem.startsWith('.') && kind === 'module') return 'leading dot in path element'
  if (elem.endsWith('.')) return 'trailing dot in path element'
  for (const ch of elem) {
    const ok = kind === 'module' ? /^[-._~0-9A-Za-z]$/.test(ch) : fileNameOk(ch)
    if (!ok) return `invalid char "${ch}"`
  }
  const dot = elem.indexOf('.')
  const short = dot >= 0 ? elem.slice(0, dot) : elem
  if (BAD_WINDOWS_NAMES.includes(short.toUpperCase())) {
    return `"${short}" disallowed as path element component on Windows`
  }
  if (kind === 'file') return undefined
  const tilde = short.lastIndexOf('~')
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
    return 'trailing tilde and digits in path element'
  }
  return undefined
}

function fileNameOk(ch: string): boolean {
  if (ch.charCodeAt(0) < 0x80) return /^[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]$/.test(ch)
  return /^\p{L}$/u.test(ch)
}

/** module.SplitPathVersion's ok: a final /vN (or gopkg.in's .vN) is well formed. */
function splitPathVersionOk(p: string): boolean {
  if (p.startsWith('gopkg.in/')) {
    let i = p.length
    if (p.endsWith('-unstable')) i -= '-unstable'.length
    while (i > 0 && /[0-9]/.test(p[i - 1] as string)) i--
    if (i <= 1 || p[i - 1] !== 'v' || p[i - 2] !== '.') return false
    const major = p.slice(i - 2)
    return !(major.length <= 2 || (major[2] === '0' && major !== '.v0'))
  }
  let i = p.length
  let dot = false
  while (i > 0 && /[0-9.]/.test(p[i - 1] as string)) {
    if (p[i - 1] === '.') dot = true
    i--
  }
  if (i <= 1 || i === p.length || p[i - 1] !== 'v' || p[i - 2] !== '/') return true
  const major = p.slice(i - 2)
  return !(dot || major.length <= 2 || major[2] === '0' || major === '/v1')
}
