/**
 * Go durations as the inputs take them (`90s`, `1h30m`, `1.5h`, `0`), counted in nanoseconds
 * the way time.ParseDuration counts them: each part's fraction is cut to whole nanoseconds.
 * BigInt, because a Go duration reaches 2^63-1 ns, far past what a double holds exactly.
 */

/** The forms the inputs accept: a subset of what Go accepts (no sign, no bare `.5s`). */
export const GO_DURATION = /^(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/

/** Go's largest time.Duration: 2562047h47m16.854775807s. */
export const MAX_GO_DURATION_NS = (1n << 63n) - 1n

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n
}

/** Pure: the duration in nanoseconds, or undefined when GO_DURATION does not match `text`. */
export function goDurationNs(text: string): bigint | undefined {
  if (!GO_DURATION.test(text)) return undefined
  let ns = 0n
  for (const [, whole, fraction = '', unit] of text.matchAll(
    /(\d+)(?:\.(\d+))?(ns|us|µs|ms|s|m|h)/g
  )) {
    const perUnit = UNIT_NS[unit as string] ?? 0n
    ns += BigInt(whole as string) * perUnit
    if (fraction !== '') ns += (BigInt(fraction) * perUnit) / 10n ** BigInt(fraction.length)
  }
  return ns
}

/** Nanoseconds as milliseconds, for timers (exact below 2^53 ms, some 285,000 years). */
export function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6
}

/** A Go duration (one GO_DURATION matches) in milliseconds; 0 for anything else. */
export function goDurationMs(text: string): number {
  return nsToMs(goDurationNs(text) ?? 0n)
}

/** 1500 -> 1.5s, 2000 -> 2s, 300000 -> 5m, 250 -> 250ms: the way go prints a duration. */
export function formatGoDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`
  const seconds = ms / 1000
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1).replace(/\.0$/, '')}s`
}
