// The tidy check with the real go against __fixtures__/go/tidy-*, through the hermetic file://
// proxy and a module cache of each test's own (tidy downloads what it needs into it). Every test
// also proves the check left go.mod and go.sum byte for byte as they were.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { tidyCheck } from '../../src/checks/tidy.js'
import type { CheckContext, CheckOutcome } from '../../src/checks/types.js'
import type { CheckFinding } from '../../src/findings.js'
import { runCheck } from '../../src/runcheck.js'
import { cleanProcessEnv, contextFor, fixtureRepo, lineOf } from '../helpers/fixtures.js'
import { freshModCache, hermeticGoEnv } from '../helpers/goproxy.js'

// go mod tidy -diff from a file:// proxy: a few seconds; the first run of the suite also fills
// the shared test cache from the real proxy.
jest.setTimeout(120_000)

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

interface Run {
  outcome: CheckOutcome
  root: string
  context: CheckContext
}

function snapshot(root: string): Record<string, string | undefined> {
  const files: Record<string, string | undefined> = {}
  for (const dir of ['.', 'a', 'b']) {
    for (const name of ['go.mod', 'go.sum']) {
      const file = path.join(root, dir, name)
      if (fs.existsSync(file)) files[path.posix.join(dir, name)] = fs.readFileSync(file, 'base64')
    }
  }
  return files
}

async function tidy(
  fixture: string,
  adjust?: (context: CheckContext) => void
): Promise<Run & { before: Record<string, string | undefined> }> {
  const repo = fixtureRepo(fixture)
  const cache = freshModCache()
  cleanups.push(repo.cleanup, cache.cleanup)
  const before = snapshot(repo.root)
  const context = await contextFor(repo.root, {}, cleanProcessEnv(hermeticGoEnv(cache.dir)))
  adjust?.(context)
  try {
    const outcome = await tidyCheck.run(context)
    // Never modify the user's files.
    expect(snapshot(repo.root)).toEqual(before)
    return { outcome, root: repo.root, context, before }
  } finally {
    context.abort()
  }
}

/** file:line[-endLine] severity title, the way the reply lists them. */
function ownBrief(findings: CheckFinding[]): string[] {
  // Every finding is the tidy check's own.
  expect(findings.map((f) => f.rule.split('/')[0])).toEqual(findings.map(() => 'tidy'))
  return findings.map(
    (f) =>
      `${f.file ?? '-'}:${f.line ?? '-'}${f.endLine !== undefined ? `-${f.endLine}` : ''} ${f.severity} ${f.title}`
  )
}

const FIX = 'run `go mod tidy` and commit go.mod and go.sum'

describe('tidy', () => {
  it('is a stage 2 check named tidy', () => {
    expect(tidyCheck).toMatchObject({ name: 'tidy', stage: 2 })
  })

  it('passes a tidy module', async () => {
    const { outcome, before } = await tidy('tidy-clean')
    expect(outcome.findings).toEqual([])
    expect(outcome.status).toBeUndefined()
    expect(outcome.summary).toBe('1 module tidy')
    expect(Object.keys(before)).toEqual(['go.mod', 'go.sum'])
  })

  it('errors on an unused require line and on its go.sum lines', async () => {
    const { outcome, root } = await tidy('tidy-unused-require')
    const require = lineOf(root, 'go.mod', 'require github.com/pkg/errors v0.9.1', 'equals')
    const sum = lineOf(
      root,
      'go.sum',
      'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=',
      'equals'
    )
    expect([require, sum]).toEqual([7, 3])
    expect(ownBrief(outcome.findings)).toEqual([
      // The blank line before it goes too; the finding points at the directive.
      `go.mod:${require} error go.mod is not tidy (go mod tidy drops github.com/pkg/errors)`,
      `go.sum:${sum}-${sum + 1} error go.sum is not tidy (go mod tidy drops checksums for github.com/pkg/errors v0.9.1)`
    ])
    const [mod, gosum] = outcome.findings as [CheckFinding, CheckFinding]
    expect(mod.rule).toMatch(/^tidy\//)
    expect(mod.message).toBe(
      [
        `go mod tidy changes line ${require} of go.mod:`,
        '@@ -3,5 +3,3 @@',
        ' go 1.24.0',
        ' ',
        ' require github.com/google/uuid v1.6.0',
        '-',
        '-require github.com/pkg/errors v0.9.1'
      ].join('\n')
    )
    expect(mod.fix).toBe(FIX)
    expect(gosum.message).toContain(
      '-github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0='
    )
    expect(outcome.summary).toBe('1 of 1 module not tidy')
  })

  it('errors where a missing require would be inserted, in go.mod and go.sum', async () => {
    const { outcome, root } = await tidy('tidy-missing-require')
    // tidy adds uuid inside the require block, right after `require (`.
    const block = lineOf(root, 'go.mod', 'require (')
    expect(block).toBe(5)
    expect(ownBrief(outcome.findings)).toEqual([
      `go.mod:${block} error go.mod is not tidy (go mod tidy adds github.com/google/uuid)`,
      // Inserted before the first line: annotated on line 1.
      'go.sum:1 error go.sum is not tidy (go mod tidy adds checksums for github.com/google/uuid v1.6.0)'
    ])
    expect(outcome.findings[0]?.message).toMatch(
      /^go mod tidy inserts after line 5 of go\.mod:\n@@ -3,5 \+3,6 @@\n[^]*\n\+\tgithub\.com\/google\/uuid v1\.6\.0\n/
    )
    expect(outcome.findings[0]?.endLine).toBeUndefined()
  })

  it('errors on stale go.sum lines', async () => {
    const { outcome } = await tidy('tidy-stale-sum')
    expect(ownBrief(outcome.findings)).toEqual([
      'go.sum:1-2 error go.sum is not tidy (go mod tidy drops checksums for github.com/google/uuid v1.6.0)'
    ])
  })

  it('errors after the go.sum line where a missing checksum belongs', async () => {
    const { outcome, root } = await tidy('tidy-missing-sum')
    const after = lineOf(
      root,
      'go.sum',
      'github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=',
      'equals'
    )
    expect(after).toBe(2)
    expect(ownBrief(outcome.findings)).toEqual([
      `go.sum:${after} error go.sum is not tidy (go mod tidy adds checksums for github.com/pkg/errors v0.9.1)`
    ])
    expect(outcome.findings[0]?.message).toContain(
      '+github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4='
    )
  })

  it("reports go's own message when the module's packages do not load", async () => {
    const { outcome } = await tidy('tidy-load-error')
    expect(ownBrief(outcome.findings)).toEqual([
      'go.mod:- error go mod tidy cannot load the module'
    ])
    expect(outcome.findings[0]?.message).toBe(
      [
        'go: example.com/loaderror imports',
        '\tgithub.com/google/uuid v1: malformed import path "github.com/google/uuid v1": invalid char \' \''
      ].join('\n')
    )
    expect(outcome.summary).toBe('1 of 1 module could not be loaded')
  })

  it('puts a load error on the require line of the module@version go names', async () => {
    const { outcome, root } = await tidy('tidy-unknown-version')
    const line = lineOf(root, 'go.mod', '\tgithub.com/pkg/errors v0.9.9', 'equals')
    expect(ownBrief(outcome.findings)).toEqual([
      `go.mod:${line} error go mod tidy cannot load the module`
    ])
    expect(outcome.findings[0]?.message).toMatch(
      /^go: example\.com\/unknownversion imports\n\tgithub\.com\/pkg\/errors: github\.com\/pkg\/errors@v0\.9\.9: /
    )
    // Progress lines are not the reason.
    expect(outcome.findings[0]?.message).not.toContain('go: downloading')
  })

  it('skips with a notice on a go without tidy -diff, running nothing', async () => {
    const { outcome, context } = await tidy('tidy-unused-require', (c) => {
      c.effectiveGoEnv = { ...c.effectiveGoEnv, GOVERSION: 'go1.22.12' }
    })
    expect(outcome.status).toBe('skipped')
    expect(ownBrief(outcome.findings)).toEqual(['-:- notice tidy needs Go 1.23 or newer'])
    expect(outcome.summary).toBe('go 1.22.12 has no go mod tidy -diff (Go 1.23+)')
    expect(context.go.commands.some((c) => c.args[0] === 'mod' && c.args[1] === 'tidy')).toBe(false)
  })

  it('runs each runnable module of a workspace on its own', async () => {
    const { outcome, context } = await tidy('go-work-two-modules')
    expect(outcome.findings).toEqual([])
    expect(outcome.summary).toMatch(/^1 module tidy; skipped b: b\/go\.mod requires go >= 1\.99\.0/)
    expect(
      context.go.commands.filter((c) => c.args.join(' ') === 'mod tidy -diff').map((c) => c.cwd)
    ).toEqual(['a'])
  })

  it('fails the check through the gate', async () => {
    const repo = fixtureRepo('tidy-stale-sum')
    const cache = freshModCache()
    cleanups.push(repo.cleanup, cache.cleanup)
    const context = await contextFor(repo.root, {}, cleanProcessEnv(hermeticGoEnv(cache.dir)))
    const result = await runCheck(tidyCheck, context)
    context.abort()
    expect(result.status).toBe('fail')
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['go.sum:1'])
  })
})
