/**
 * A coverage profile (`go test -coverprofile`): `mode: atomic`, then one line per block,
 * `example.com/m/pkg/file.go:12.34,15.2 3 1` (start.col,end.col statements count). A block seen
 * twice (several test binaries covering one package) counts once, covered if any run covered it:
 * the same arithmetic as `go tool cover -func`'s total.
 */

export interface Coverage {
  statements: number
  covered: number
}

export interface CoverageProfile {
  total: Coverage
  /** By import path: the file's directory in the profile. */
  packages: Map<string, Coverage>
}

const BLOCK = /^(.+):(\d+\.\d+,\d+\.\d+) (\d+) (\d+)$/

export function parseCoverProfile(text: string): CoverageProfile {
  const blocks = new Map<string, { statements: number; covered: boolean }>()
  for (const line of text.split('\n')) {
    const m = BLOCK.exec(line.trim())
    if (!m) continue
    const key = `${m[1]}:${m[2]}`
    const covered = Number(m[4]) > 0
    const seen = blocks.get(key)
    if (seen) seen.covered ||= covered
    else blocks.set(key, { statements: Number(m[3]), covered })
  }
  const total: Coverage = { statements: 0, covered: 0 }
  const packages = new Map<string, Coverage>()
  for (const [key, block] of blocks) {
    const file = key.slice(0, key.lastIndexOf(':'))
    const pkg = file.slice(0, Math.max(file.lastIndexOf('/'), 0))
    const entry = packages.get(pkg) ?? { statements: 0, covered: 0 }
    packages.set(pkg, entry)
    for (const sum of [total, entry]) {
      sum.statements += block.statements
      if (block.covered) sum.covered += block.statements
    }
  }
  return { total, packages }
}

/** Percent of statements covered, one decimal as go prints it; 0 statements count as 0%. */
export function percent(coverage: Coverage): number {
  if (coverage.statements === 0) return 0
  return Math.round((coverage.covered / coverage.statements) * 1000) / 10
}

/** Sums coverage from several profiles (one per module). */
export function addCoverage(a: Coverage, b: Coverage): Coverage {
  return { statements: a.statements + b.statements, covered: a.covered + b.covered }
}
