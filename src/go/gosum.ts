/**
 * go.sum lines: `<module> <version> h1:<hash>` for the module's files and
 * `<module> <version>/go.mod h1:<hash>` for its go.mod alone. Pure; positions for findings.
 */
export interface GoSumLine {
  module: string
  version: string
  /** True for the `/go.mod` line (the hash of go.mod alone). */
  goModOnly: boolean
  hash: string
  /** 1-based. */
  line: number
}

export function parseGoSum(text: string): GoSumLine[] {
  const lines: GoSumLine[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const words = raw.trim().split(/\s+/)
    if (words.length !== 3) return
    const [module, versionField, hash] = words as [string, string, string]
    const goModOnly = versionField.endsWith('/go.mod')
    lines.push({
      module,
      version: goModOnly ? versionField.slice(0, -'/go.mod'.length) : versionField,
      goModOnly,
      hash,
      line: index + 1
    })
  })
  return lines
}

/**
 * The line to annotate for a module version: its files' hash when present (what verify and
 * download compare), else its go.mod hash.
 */
export function findGoSumLine(
  lines: GoSumLine[],
  module: string,
  version: string,
  prefer: 'files' | 'go.mod' = 'files'
): GoSumLine | undefined {
  const matches = lines.filter((l) => l.module === module && l.version === version)
  return (
    matches.find((l) => l.goModOnly === (prefer === 'go.mod')) ??
    matches.find((l) => l.goModOnly !== (prefer === 'go.mod'))
  )
}
