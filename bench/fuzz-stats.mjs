// The figures bench/fuzz.mjs keeps per parser, shared by the main thread and its workers.

export function emptyStats() {
  return {
    inputs: 0,
    inputChars: 0,
    throws: 0,
    output: 0,
    time: 0,
    check: 0,
    maxRatio: 0,
    maxRatioSize: 0,
    largestOut: 0,
    largestOutSize: 0,
    slowestMs: 0,
    slowestSize: 0,
    largestInput: 0
  }
}

/** Adds one outcome to the figures. */
export function count(stats, outcome) {
  stats.inputs++
  stats.inputChars += outcome.size
  stats.largestInput = Math.max(stats.largestInput, outcome.size)
  if (outcome.ms > stats.slowestMs) {
    stats.slowestMs = outcome.ms
    stats.slowestSize = outcome.size
  }
  if (outcome.out !== undefined) {
    if (outcome.out > stats.largestOut) {
      stats.largestOut = outcome.out
      stats.largestOutSize = outcome.size
    }
    // Below 1 KiB the constant of the bound dominates: small inputs count as 1 KiB.
    const ratio = outcome.out / Math.max(outcome.size, 1024)
    if (ratio > stats.maxRatio) {
      stats.maxRatio = ratio
      stats.maxRatioSize = outcome.size
    }
  }
  if (outcome.failure !== undefined) {
    const kind = outcome.failure.kind
    stats[kind === 'throw' ? 'throws' : kind]++
  }
}

/** Adds the figures of `part` (a worker's checkpoint) to `into`. */
export function merge(into, part) {
  for (const key of ['inputs', 'inputChars', 'throws', 'output', 'time', 'check'])
    into[key] += part[key]
  into.largestInput = Math.max(into.largestInput, part.largestInput)
  for (const [value, size] of [
    ['slowestMs', 'slowestSize'],
    ['largestOut', 'largestOutSize'],
    ['maxRatio', 'maxRatioSize']
  ]) {
    if (part[value] > into[value]) {
      into[value] = part[value]
      into[size] = part[size]
    }
  }
}
