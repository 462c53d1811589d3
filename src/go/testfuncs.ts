/** Where a test function is declared: the line a failure with no location is annotated on. */

const TEST_FUNC = /^func\s+((?:Test|Benchmark|Fuzz|Example)\w*)\s*(?:\[[^\]]*\])?\s*\(/

/** `func TestX(` lines of one Go source file: name -> 1-based line. */
export function findTestFuncs(source: string): Map<string, number> {
  const funcs = new Map<string, number>()
  const lines = source.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = TEST_FUNC.exec(lines[i] as string)
    if (m && !funcs.has(m[1] as string)) funcs.set(m[1] as string, i + 1)
  }
  return funcs
}

/** `TestX/sub/case` -> `TestX`: the function a subtest runs in. */
export function topLevelTest(name: string): string {
  const slash = name.indexOf('/')
  return slash === -1 ? name : name.slice(0, slash)
}
