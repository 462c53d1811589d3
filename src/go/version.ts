/**
 * Go version strings as the toolchain orders them (go/version): the language version "1.21"
 * comes before its release candidates "1.21rc1", which come before the release "1.21.0".
 */
export interface GoVersion {
  major: number
  minor: number
  /** Undefined for a language version ("1.22") or a pre-release ("1.22rc1"). */
  patch?: number
  prerelease?: { kind: 'beta' | 'rc'; number: number }
}

const VERSION_PATTERN = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+)|(beta|rc)(\d+))?$/

/** Parses go1.26.8, 1.26.8, 1.22, 1.21rc1; undefined for anything else (devel builds, garbage). */
export function parseGoVersion(text: string): GoVersion | undefined {
  const m = VERSION_PATTERN.exec(text.trim())
  if (!m) return undefined
  const version: GoVersion = { major: Number(m[1]), minor: Number(m[2]) }
  if (m[3] !== undefined) version.patch = Number(m[3])
  if (m[4] !== undefined) version.prerelease = { kind: m[4] as 'beta' | 'rc', number: Number(m[5]) }
  return version
}

/** -1, 0 or 1, in the toolchain's own order. */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  return (
    Math.sign(a.major - b.major) ||
    Math.sign(a.minor - b.minor) ||
    Math.sign(stage(a) - stage(b)) ||
    Math.sign(step(a) - step(b))
  )
}

// Within one minor: language version, then betas, then release candidates, then releases.
function stage(v: GoVersion): number {
  if (v.patch !== undefined) return 3
  if (v.prerelease?.kind === 'rc') return 2
  if (v.prerelease?.kind === 'beta') return 1
  return 0
}

function step(v: GoVersion): number {
  return v.patch ?? v.prerelease?.number ?? 0
}

/** "1.22" names a language version, not a release anyone can download. */
export function isLanguageVersion(v: GoVersion): boolean {
  return v.patch === undefined && v.prerelease === undefined
}

export function formatGoVersion(v: GoVersion): string {
  if (v.patch !== undefined) return `${v.major}.${v.minor}.${v.patch}`
  if (v.prerelease) return `${v.major}.${v.minor}${v.prerelease.kind}${v.prerelease.number}`
  return `${v.major}.${v.minor}`
}

/** The semver spelling, for matching against go-version ranges: 1.22 -> 1.22.0, 1.21rc1 -> 1.21.0-rc.1. */
export function toSemver(v: GoVersion): string {
  if (v.prerelease) return `${v.major}.${v.minor}.0-${v.prerelease.kind}.${v.prerelease.number}`
  return `${v.major}.${v.minor}.${v.patch ?? 0}`
}

/** Go's own rule: before 1.21 a go line had no patch and named the 1.N release. */
export function requiresPatchedForm(v: GoVersion): boolean {
  return v.major > 1 || (v.major === 1 && v.minor >= 21)
}

/** `have` is the same as or newer than `want`, in the toolchain's order. */
export function atLeast(have: GoVersion, want: GoVersion): boolean {
  return compareGoVersions(have, want) >= 0
}

/**
 * The version inside a toolchain name, as go's gover.FromToolchain reads it: go1.21.1,
 * go1.21.1-bigcorp, gccgo-go1.21.1; also GOVERSION values ("go1.26.8 X:nocoverageredesign").
 * Undefined for devel builds and "default".
 */
export function parseToolchainName(name: string): GoVersion | undefined {
  const first = name.trim().split(/\s+/)[0] ?? ''
  let rest: string
  if (first.startsWith('go')) rest = first.slice(2)
  else if (first.includes('-go')) rest = first.slice(first.indexOf('-go') + 3)
  else return undefined
  return parseGoVersion(rest.split('-')[0] ?? '')
}

/** A version as people write it in .go-version / .tool-versions: 1.26.1, 1.26, 1.26.x, go1.26.1. */
export function parseWrittenVersion(text: string): GoVersion | undefined {
  return parseGoVersion(text.trim().replace(/^go/, '').replace(/\.x$/, ''))
}

/** `stated` (possibly a minor only: "1.26" means any 1.26.x) is satisfied by `release`. */
export function matchesRelease(stated: GoVersion, release: GoVersion): boolean {
  if (isLanguageVersion(stated)) {
    return stated.major === release.major && stated.minor === release.minor
  }
  return compareGoVersions(stated, release) === 0
}

/** `written` (a minor only means its newest patch) is older than the minimum `min`. */
export function writtenOlderThan(written: GoVersion, min: GoVersion): boolean {
  if (isLanguageVersion(written)) {
    return written.major < min.major || (written.major === min.major && written.minor < min.minor)
  }
  return compareGoVersions(written, min) < 0
}
