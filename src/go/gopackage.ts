/** One package as `go list -e -json=<fields>` prints it: the fields the gate asks for. */
export interface GoPackage {
  ImportPath: string
  /** Absolute directory. */
  Dir?: string
  Name?: string
  GoFiles?: string[]
  CgoFiles?: string[]
  TestGoFiles?: string[]
  XTestGoFiles?: string[]
  /** Files excluded by build constraints (tags, GOOS): a test may still name them. */
  IgnoredGoFiles?: string[]
  /** Files go could not read (a syntax error before the package clause): still the package's. */
  InvalidGoFiles?: string[]
  /** The patterns, as go cleaned them, that matched this package (see patterns.ts). */
  Match?: string[]
  Error?: { Err?: string }
}
