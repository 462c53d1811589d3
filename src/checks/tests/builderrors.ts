/** Compile and vet errors of a go test run, each on its file, line and column. */
import path from 'node:path'
import type { CheckFinding } from '../../findings.js'
import { relativeInside } from '../../files.js'
import { parseCompilerErrors } from '../../go/compilererrors.js'
import { buildIdPackage } from '../../go/testjson.js'
import type { Place, RepoPaths, TestModuleFacts } from './facts.js'
import { oneLine } from './output.js'

export function buildFindings(
  facts: TestModuleFacts,
  repo: RepoPaths,
  stderr: string[]
): CheckFinding[] {
  const findings: CheckFinding[] = []
  const seen = new Set<string>()
  const moduleDir = path.join(repo.root, facts.module.relDir)
  const add = (pkg: string, lines: string[], failed: boolean): void => {
    const errors = parseCompilerErrors(lines)
    for (const error of errors) {
      const place = placeOf(repo.root, moduleDir, error.file, error.line, error.column)
      const key = `${place?.file ?? error.file}:${error.line}:${error.column ?? ''}:${error.message}`
      if (seen.has(key)) continue
      seen.add(key)
      const isVet = lines.some((l) => /^# \[/.test(l) || l.startsWith('vet: '))
      findings.push({
        rule: 'tests/build',
        severity: 'error',
        title: `${pkg || facts.module.path} does not build: ${oneLine(error.message)}`,
        message: place
          ? error.message
          : `${error.file}:${error.line}${error.column ? `:${error.column}` : ''}: ${error.message}`,
        ...place,
        ...(pkg === '' ? {} : { package: pkg }),
        fix: isVet
          ? 'fix what go vet reports (go test runs a subset of vet); go vet ./... shows it locally'
          : 'fix the compile error; go vet ./... shows every one locally'
      })
    }
    if (errors.length === 0 && failed) {
      const text = lines.filter((l) => l.trim() !== '' && !l.startsWith('# ')).join('\n')
      const key = `${pkg}\n${text}`
      if (seen.has(key)) return
      seen.add(key)
      findings.push({
        rule: 'tests/build',
        severity: 'error',
        title: `${pkg || facts.module.path} does not build`,
        message: text || 'go reported a build failure without a message',
        ...(pkg === '' ? {} : { package: pkg }),
        fix: `run go vet ${pkg || './...'} to see the error`
      })
    }
  }
  for (const build of facts.run.builds.values()) {
    add(buildIdPackage(build.importPath), build.output.lines(), build.failed)
  }
  // Older go (and GODEBUG=gotestjsonbuildtext=1) print build errors on stderr.
  add('', stderr, false)
  // A package that failed to build with no build events at all (should not happen; say so).
  for (const pkg of facts.run.packages.values()) {
    if (
      pkg.failedBuild !== undefined &&
      !facts.run.builds.has(pkg.failedBuild) &&
      findings.length === 0
    ) {
      add(pkg.name, pkg.output?.lines() ?? [], true)
    }
  }
  return findings
}

/** A compiler's file (relative to go's working directory, or absolute) as a repository place. */
function placeOf(
  root: string,
  cwd: string,
  file: string,
  line: number,
  column: number | undefined
): Place | undefined {
  const relative = relativeInside(root, path.resolve(cwd, file))
  if (relative === undefined || relative === '.') return undefined
  const place: Place = { file: relative, line }
  if (column !== undefined) place.column = column
  return place
}
