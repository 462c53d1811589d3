/**
 * GOOS/GOARCH targets: which pairs the installed go can build for (`go tool dist list`), and a
 * clear input error for a `build-targets` value that is not one of them. config.ts checks the
 * syntax (`goos/goarch`); only go knows the pairs, so this runs once go is there, before any check.
 */
import { ConfigError, type BuildTarget, type InputName } from '../config.js'
import { describeEnding, succeeded, type GoRunner } from './command.js'

export const DIST_LIST_ARGS = ['tool', 'dist', 'list']
const DIST_LIST_TIMEOUT_MS = 60_000

/** Pure: `go tool dist list` output (one `goos/goarch` a line) as a set of `goos/goarch`. */
export function parseDistList(stdout: string): Set<string> {
  const targets = new Set<string>()
  for (const line of stdout.split('\n')) {
    const word = line.trim()
    if (/^[a-z0-9]+\/[a-z0-9]+$/.test(word)) targets.add(word)
  }
  return targets
}

/** What people write for a GOOS or GOARCH that go spells otherwise. */
const GOOS_ALIASES: Record<string, string> = {
  macos: 'darwin',
  mac: 'darwin',
  osx: 'darwin',
  win: 'windows',
  win32: 'windows',
  win64: 'windows'
}
const GOARCH_ALIASES: Record<string, string> = {
  x64: 'amd64',
  aarch64: 'arm64',
  arm64e: 'arm64',
  armv8: 'arm64',
  i386: '386',
  i686: '386',
  x86: '386',
  armv6: 'arm',
  armv7: 'arm',
  armhf: 'arm',
  ppc64el: 'ppc64le'
}

/**
 * Pure: why `target` is not buildable, with a hint (the valid GOARCH values for its GOOS, or the
 * pair go spells otherwise), or undefined when `valid` holds it.
 */
export function describeUnknownTarget(
  valid: ReadonlySet<string>,
  target: BuildTarget
): string | undefined {
  const { goos, goarch } = target
  const name = `${goos}/${goarch}`
  if (valid.has(name)) return undefined
  const pairs = [...valid].map((t) => t.split('/') as [string, string])
  const archesOf = (os: string): string[] =>
    pairs
      .filter(([o]) => o === os)
      .map(([, a]) => a)
      .sort()
  const osValues = [...new Set(pairs.map(([o]) => o))].sort()
  const knownOs = osValues.includes(goos)
  const knownArch = pairs.some(([, a]) => a === goarch)

  const guessOs = knownOs ? goos : (GOOS_ALIASES[goos] ?? goos)
  const guessArch = knownArch ? goarch : (GOARCH_ALIASES[goarch] ?? goarch)
  const guess = `${guessOs}/${guessArch}`
  const didYouMean = guess !== name && valid.has(guess) ? ` (did you mean ${guess}?)` : ''

  let hint: string
  if (knownOs) {
    hint = `${goos} supports GOARCH ${archesOf(goos).join(', ')}`
  } else if (didYouMean !== '') {
    hint = `go has no GOOS ${goos}`
  } else {
    hint = `go has no GOOS ${goos}; GOOS is one of ${osValues.join(', ')}`
  }
  return `"${name}" is not a target go can build (go tool dist list): ${hint}${didYouMean}`
}

export interface CheckBuildTargetsOptions {
  /**
   * How to name the input, as parseConfig's label does: the action says `input "build-targets"`
   * (the default), the command `--build-targets`.
   */
  label?: (input: InputName) => string
  /** Told when go could not list its targets, so nothing was checked. */
  log?: (message: string) => void
}

/**
 * Runs `go tool dist list` once in `cwd` and throws a ConfigError naming input "build-targets",
 * the first target go cannot build and a hint. When go cannot list its targets, nothing is
 * checked (the builds check then reports what go build says about the pair).
 * A GoNotFoundError from the runner is passed on.
 */
export async function checkBuildTargets(
  go: GoRunner,
  cwd: string,
  targets: readonly BuildTarget[],
  options: CheckBuildTargetsOptions = {}
): Promise<void> {
  if (targets.length === 0) return
  const result = await go.run(DIST_LIST_ARGS, { cwd, timeoutMs: DIST_LIST_TIMEOUT_MS })
  const valid = succeeded(result) ? parseDistList(result.stdout) : new Set<string>()
  if (valid.size === 0) {
    const why = result.stderr.trim().split('\n')[0] || `go tool dist list ${describeEnding(result)}`
    options.log?.(`go tool dist list failed (${why}): build-targets not checked against it`)
    return
  }
  const label = options.label ?? ((input: InputName) => `input "${input}"`)
  for (const target of targets) {
    const problem = describeUnknownTarget(valid, target)
    if (problem !== undefined) throw new ConfigError(`${label('build-targets')}: ${problem}`)
  }
}
