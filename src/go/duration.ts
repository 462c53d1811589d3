/** Go durations (`90s`, `1h30m`, `0`) as the inputs and go's -timeout take them, and back. Pure. */

/** A whole Go duration: 0, or amounts with units. */
export const GO_DURATION = /^(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000
}

/** A Go duration (already matched by GO_DURATION) in milliseconds. */
export function goDurationMs(text: string): number {
  let ms = 0
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    ms += Number(amount) * (UNIT_MS[unit as string] ?? 0)
  }
  return ms
}

/** 1500 -> 1.5s, 2000 -> 2s, 300000 -> 5m, 250 -> 250ms: the way go prints a duration. */
export function formatGoDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`
  const seconds = ms / 1000
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1).replace(/\.0$/, '')}s`
}
