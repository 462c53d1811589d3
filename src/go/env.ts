import { createHash } from 'node:crypto'
import os from 'node:os'
import type { Config } from '../config.js'
import type { EnvironmentFingerprint } from '../findings.js'

export type GoEnv = Record<string, string>

/** Pure: the text `go env -json` prints, as a map. */
export function parseGoEnvJson(text: string): GoEnv {
  const data = JSON.parse(text) as unknown
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error('go env -json did not print an object')
  }
  const env: GoEnv = {}
  for (const [key, value] of Object.entries(data)) env[key] = String(value)
  return env
}

/** The variables the gate sets for every child go and exports to later steps. */
export interface PinnedEnvironment {
  GOPROXY: string
  GOSUMDB: string
  GOPRIVATE: string
  GOFLAGS: string
  GOTOOLCHAIN: string
  GO111MODULE: 'on'
}

/**
 * Pins the variables that decide which code a build uses. Defaults come from the runner's own
 * `go env` (Go's built-in defaults unless the organisation configured its own), never a host
 * written here.
 */
export function pinEnvironment(
  runnerGoEnv: GoEnv,
  config: Pick<Config, 'goproxy' | 'gosumdb' | 'goprivate' | 'gotoolchain'>,
  options: { vendored?: boolean } = {}
): PinnedEnvironment {
  return {
    GOPROXY: config.goproxy ?? runnerGoEnv.GOPROXY ?? '',
    GOSUMDB: config.gosumdb ?? runnerGoEnv.GOSUMDB ?? '',
    GOPRIVATE: config.goprivate ?? runnerGoEnv.GOPRIVATE ?? '',
    GOFLAGS: pinGoflags(runnerGoEnv.GOFLAGS ?? '', options.vendored === true),
    GOTOOLCHAIN: config.gotoolchain,
    GO111MODULE: 'on'
  }
}

/**
 * Keeps the user's flags but makes module resolution read-only: -mod=mod would let go rewrite
 * go.mod and hide an untidy one. An explicit -mod=vendor is kept: it is read-only too. Where the
 * repository vendors (`vendored`), no -mod is added: go then builds from vendor/ (read-only) as
 * it would without the gate, and later steps do not silently switch to the module cache.
 */
export function pinGoflags(goflags: string, vendored = false): string {
  const flags = goflags.split(/\s+/).filter((f) => f !== '')
  const mod = flags.filter((f) => /^--?mod=/.test(f)).pop()
  const rest = flags.filter((f) => !/^--?mod=/.test(f))
  if (mod !== undefined && /=(vendor|readonly)$/.test(mod)) {
    return [...rest, mod.replace(/^--/, '-')].join(' ')
  }
  if (vendored) return rest.join(' ')
  return [...rest, '-mod=readonly'].join(' ')
}

/** The values that decide what a build produces, in a fixed order. */
export const FINGERPRINT_KEYS = [
  'GOVERSION',
  'GOOS',
  'GOARCH',
  'CGO_ENABLED',
  'GOFLAGS',
  'GOPROXY',
  'GOSUMDB',
  'GOTOOLCHAIN',
  'GOMAXPROCS',
  'GODEBUG'
] as const

/**
 * A short hash two runs (or a laptop and CI) can compare. GOMAXPROCS is what a Go program started
 * here would get: the variable when set, otherwise the CPUs this process may use.
 */
export function environmentFingerprint(
  effectiveGoEnv: GoEnv,
  processEnv: Record<string, string | undefined>
): EnvironmentFingerprint {
  const values: Record<string, string> = {}
  for (const key of FINGERPRINT_KEYS) {
    if (key === 'GOMAXPROCS') {
      values[key] = processEnv.GOMAXPROCS || String(os.availableParallelism())
    } else if (key === 'GODEBUG') {
      values[key] = processEnv.GODEBUG ?? effectiveGoEnv.GODEBUG ?? ''
    } else {
      values[key] = effectiveGoEnv[key] ?? ''
    }
  }
  const canonical = FINGERPRINT_KEYS.map((k) => `${k}=${values[k]}`).join('\n')
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 12)
  return { hash, values }
}
