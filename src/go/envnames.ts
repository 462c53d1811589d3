/**
 * The names of Go's environment variables: the ones go and Go programs read beyond what `go env`
 * lists, and the nearest known name to one nothing reads (a typo's likely meaning). Pure.
 */

/**
 * Variables go or Go programs read that `go env` does not list: the runtime's (`go doc runtime`),
 * the race detector's, coverage, toolchain experiments, FIPS, the per-architecture settings go env
 * lists only for the host GOARCH, and the compiler's documented debugging variables.
 */
export const GO_RUNTIME_VARIABLES: readonly string[] = [
  'GODEBUG',
  'GOGC',
  'GOMEMLIMIT',
  'GOMAXPROCS',
  'GORACE',
  'GOTRACEBACK',
  'GOCOVERDIR',
  'GOROOT_FINAL',
  'GOEXPERIMENT',
  'GOFIPS140',
  'GO386',
  'GOAMD64',
  'GOARM',
  'GOARM64',
  'GOMIPS',
  'GOMIPS64',
  'GOPPC64',
  'GORISCV64',
  'GOWASM',
  'GOWASIRUNTIME',
  'GOSSAFUNC',
  'GOSSADIR',
  // Read by golang.org/x/tools/go/packages, so by gopls, golangci-lint and staticcheck.
  'GOPACKAGESDRIVER'
]

/** A Go-looking name: GO followed by capitals and digits. Names with underscores belong to others. */
export const GO_NAME = /^GO[A-Z0-9]+$/

/** The closest known name by edit distance, when it is close enough to be a plausible typo. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate)
    if (best === undefined || distance < best.distance) best = { name: candidate, distance }
  }
  if (best === undefined) return undefined
  return best.distance <= Math.max(2, Math.floor(name.length / 2)) ? best.name : undefined
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost
      )
    }
    previous = current
  }
  return previous[b.length] as number
}
