/**
 * Which toolchain go switches to, decided the way cmd/go's toolchain.Select decides it (Go 1.21
 * and later): from GOTOOLCHAIN and the `go` and `toolchain` lines of the go.mod or go.work in
 * effect. The installed go decides; the toolchain it starts does not decide again. Pure.
 *
 * One answer depends on which go decides. A `go` line without a patch (`go 1.23`) is a language
 * version; the first release of it is 1.23.0. Go 1.21.11, 1.22.4 and later switch to go1.23.0;
 * earlier releases (1.21.0-1.21.10, 1.22 pre-releases, 1.22.0-1.22.3) switch to "go1.23", which
 * does not exist, and every go command fails (golang/go#62278). Observed with go1.21.0, 1.21.10,
 * 1.21.11, 1.22rc1, 1.22.2, 1.22.3, 1.22.4, 1.23.0 and 1.26.8.
 */
import {
  compareGoVersions,
  formatGoVersion,
  isLanguageVersion,
  parseGoVersion,
  parseToolchainName,
  requiresPatchedForm,
  type GoVersion
} from './version.js'

export interface SelectionInput {
  /** The installed go: the one that reads GOTOOLCHAIN and go.mod, and decides. */
  installed: GoVersion
  /** GOTOOLCHAIN as go reads it: local, auto, path, go1.N.P, go1.N.P+auto, go1.N.P+path. */
  gotoolchain: string
  /** The file's `go` line. */
  go?: GoVersion
  /** The file's `toolchain` line: a toolchain (its name as written), or `default`. */
  toolchain?: { name: string; version: GoVersion } | 'default'
}

export interface ToolchainSelection {
  /** The toolchain go runs in its place: go1.23.0, or go1.23 from a go that predates the fix. */
  name: string
  /** What asked for it. */
  by: 'gotoolchain' | 'toolchain-line' | 'go-line'
  /** GOTOOLCHAIN's mode: `path` only looks on PATH, the others download when PATH lacks it. */
  mode: 'auto' | 'path' | 'forced'
}

/** The first go that switches toolchains at all. */
const FIRST_SWITCHING = parseGoVersion('1.21rc1') as GoVersion
/** The first releases that ask for go1.N.0 for a `go 1.N` line (golang/go#62278). */
const FIXED = [parseGoVersion('1.21.11'), parseGoVersion('1.22.4')] as GoVersion[]

/** This go reads a `go 1.N` line (N >= 21) as the toolchain go1.N, which does not exist. */
export function readsLanguageVersionAsToolchain(go: GoVersion): boolean {
  if (compareGoVersions(go, FIRST_SWITCHING) < 0) return false
  if (go.major !== 1 || go.minor > 22) return false
  const fixed = FIXED.find((f) => f.minor === go.minor) as GoVersion
  return compareGoVersions(go, fixed) < 0
}

/** A toolchain name that names no release: a language version from 1.21 on (go1.23). */
export function namesNoRelease(name: string): boolean {
  const version = parseToolchainName(name)
  return version !== undefined && isLanguageVersion(version) && requiresPatchedForm(version)
}

/** The toolchain go runs instead of itself, or undefined when it runs itself (or cannot tell). */
export function selectToolchain(input: SelectionInput): ToolchainSelection | undefined {
  const { installed } = input
  if (compareGoVersions(installed, FIRST_SWITCHING) < 0) return undefined
  const value = input.gotoolchain.trim()
  let mode = value
  let minVersion = installed
  let selection: ToolchainSelection | undefined
  if (value !== 'auto' && value !== 'path') {
    const plus = value.indexOf('+')
    const min = plus < 0 ? value : value.slice(0, plus)
    mode = plus < 0 ? '' : value.slice(plus + 1)
    if (plus >= 0 && mode !== 'auto' && mode !== 'path') return undefined // go refuses it
    if (min !== 'local') {
      const named = parseToolchainName(min)
      // go refuses a GOTOOLCHAIN it cannot read; the gate reports that in go's words.
      if (named === undefined) return undefined
      minVersion = named
      if (compareGoVersions(named, installed) !== 0) {
        selection = { name: min, by: 'gotoolchain', mode: 'forced' }
      }
    }
  }
  if (mode !== 'auto' && mode !== 'path') return selection
  if (selection) selection.mode = mode
  // `toolchain default`: only ever the toolchain GOTOOLCHAIN names, whatever the go line says.
  if (input.toolchain === 'default') return selection
  if (input.toolchain && compareGoVersions(input.toolchain.version, minVersion) > 0) {
    selection = { name: input.toolchain.name, by: 'toolchain-line', mode }
    minVersion = input.toolchain.version
  }
  const go = input.go
  if (go && compareGoVersions(go, minVersion) > 0) {
    const release =
      isLanguageVersion(go) &&
      requiresPatchedForm(go) &&
      !readsLanguageVersionAsToolchain(installed)
    selection = { name: `go${formatGoVersion(go)}${release ? '.0' : ''}`, by: 'go-line', mode }
  }
  return selection
}
