import { afterEach, describe, expect, it, jest } from '@jest/globals'
import fc from 'fast-check'
import * as core from '../../../__fixtures__/core.js'
import type { Finding, PackageTests, TestCase, TestsReport } from '../../../src/findings.js'
import { finding, report, result, testsFindings, testsReport } from './fixtures.js'

jest.unstable_mockModule('@actions/core', () => core)

const { renderSummary, writeSummary } = await import('../../../src/report/summary.js')
const { codeSpan, fencedBlock, headTail, inlineWithCode, renderFinding, tableCell } =
  await import('../../../src/report/markdown.js')
const { renderTestFailure, sortPackages } = await import('../../../src/report/summarytests.js')

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

function failing(findings: Finding[]) {
  return report([result({ status: 'fail', findings })])
}

describe('renderSummary', () => {
  it('heads with the verdict and counts, then the findings, the checks and the folded environment', () => {
    const r = report(
      [
        result({
          check: 'toolchain',
          status: 'fail',
          durationMs: 1500,
          summary: 'go 1.26.8',
          findings: [finding({ check: 'toolchain', file: 'go.mod', line: 3, title: 'too new' })]
        }),
        result({
          check: 'env',
          durationMs: 4,
          findings: [finding({ check: 'env', severity: 'warning', title: 'GOSUMDB=off' })]
        })
      ],
      { goVersion: '1.26.8', environment: { hash: 'abc123', values: { GOVERSION: 'go1.26.8' } } }
    )
    const md = renderSummary(r)
    expect(md.startsWith('## ❌ go-ci-gate: fail\n')).toBe(true)
    expect(md).toContain('**1 error** · 1 warning · 0 notices · 2 checks · Go 1.26.8')
    expect(md).toContain('Fingerprint: `abc123`')
    expect(md).toContain('| GOVERSION | go1.26.8 |')
    expect(md).toContain('| toolchain | ❌ fail | 1.5 s | 1 | 0 | 0 | go 1.26.8 |')
    expect(md).toContain('| env | ✅ pass | 4 ms | 0 | 1 | 0 |   |')
    expect(md).toContain(
      '#### toolchain\n\n❌ **error** · `go.mod:3` · **too new**: go.mod requires'
    )
    const order = [
      '## ',
      '### Findings',
      '#### toolchain',
      '#### env',
      '### Checks',
      '<details><summary>Environment</summary>\n\nFingerprint:'
    ]
    const positions = order.map((marker) => md.indexOf(marker))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('says pass with a green tick and no environment section when there is none', () => {
    const md = renderSummary(report([result()]))
    expect(md.startsWith('## ✅ go-ci-gate: pass')).toBe(true)
    expect(md).not.toContain('Environment')
    expect(md).not.toContain('### Findings')
  })

  it('says how many annotations were hidden when there were any', () => {
    const r = failing([finding()])
    expect(renderSummary(r)).not.toContain('not shown inline')
    expect(renderSummary(r, { hiddenAnnotations: { error: 15, warning: 2, notice: 0 } })).toContain(
      '17 annotations were not shown inline (GitHub shows 10 per severity per step); all are listed here.'
    )
    expect(renderSummary(r, { hiddenAnnotations: 1 })).toContain(
      '1 annotation was not shown inline'
    )
  })

  it('cuts 20k findings to the budget and says how many were left out', () => {
    const findings = Array.from({ length: 20_000 }, (_, i) =>
      finding({ file: `pkg/p${i}/x_test.go`, line: i + 1, message: `failure number ${i}` })
    )
    const budget = 64 * 1024
    const md = renderSummary(failing(findings), { budgetBytes: budget, hiddenAnnotations: 19_990 })
    expect(bytes(md)).toBeLessThanOrEqual(budget)
    const match =
      /⚠️ (\d+) findings were left out to keep this summary under 64 KiB; the JSON report \(output `report`\) has them all\./.exec(
        md
      )
    expect(match).not.toBeNull()
    const listed = md.match(/^❌ \*\*error\*\*/gm)?.length ?? 0
    expect(listed).toBeGreaterThan(100)
    expect(listed + Number(match?.[1])).toBe(20_000)
    // Not every finding is listed here any more, so the note points at the JSON report.
    expect(md).toContain('19990 annotations were not shown inline')
    expect(md).not.toContain('all are listed here')
    // The budget is used, not wasted: another finding would not have fitted.
    expect(bytes(md)).toBeGreaterThan(budget - 300)
  })

  it('lists everything without a left-out line when it fits', () => {
    const md = renderSummary(failing([finding(), finding({ title: 'second' })]))
    expect(md).not.toContain('left out')
    expect(md).toContain('**second**')
  })

  it('caps one enormous message instead of dropping every finding', () => {
    const huge = 'x'.repeat(2 * 1024 * 1024)
    const md = renderSummary(failing([finding({ message: `a\n${huge}` })]), {
      budgetBytes: 64 * 1024
    })
    expect(bytes(md)).toBeLessThanOrEqual(64 * 1024)
    expect(md).toContain('more characters)')
    expect(md).not.toContain('left out')
  })

  it('falls back to a short notice when even the checks table does not fit', () => {
    const r = report([result({ summary: 'y'.repeat(900) })])
    const md = renderSummary(r, { budgetBytes: 300 })
    expect(bytes(md)).toBeLessThanOrEqual(300)
    expect(md).toContain('## ✅ go-ci-gate: pass')
    expect(md).toContain('did not fit in 300 bytes')
  })

  it('never exceeds the budget, whatever the findings say', () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 })
    const arbitraryFinding = fc.record({
      title: text,
      message: fc.oneof(
        text,
        fc.array(text, { maxLength: 40 }).map((lines) => lines.join('\n'))
      ),
      file: fc.option(text, { nil: undefined }),
      line: fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: undefined }),
      fix: fc.option(text, { nil: undefined }),
      severity: fc.constantFrom('error' as const, 'warning' as const, 'notice' as const)
    })
    fc.assert(
      fc.property(
        fc.array(arbitraryFinding, { maxLength: 300 }),
        fc.integer({ min: 0, max: 64 * 1024 }),
        fc.nat({ max: 1000 }),
        (parts, budgetBytes, hiddenAnnotations) => {
          const findings = parts.map((p) => {
            const f: Finding = {
              check: 'modfile',
              rule: 'modfile/go-sum',
              severity: p.severity,
              title: p.title,
              message: p.message
            }
            if (p.file !== undefined) f.file = p.file
            if (p.line !== undefined) f.line = p.line
            if (p.fix !== undefined) f.fix = p.fix
            return f
          })
          const md = renderSummary(failing(findings), { budgetBytes, hiddenAnnotations })
          expect(bytes(md)).toBeLessThanOrEqual(budgetBytes)
        }
      ),
      { numRuns: 200 }
    )
  })
})

function withTests(tests: TestsReport = testsReport(), findings: Finding[] = testsFindings()) {
  return report([result({ check: 'tests', status: 'fail', findings })], { tests })
}

function pkg(name: string, overrides: Partial<PackageTests> = {}): PackageTests {
  return { package: name, module: '.', status: 'pass', tests: [], ...overrides }
}

/** The lines of the markdown table that follows `marker`. */
function tableAfter(md: string, marker: string): string[] {
  const rest = md.slice(md.indexOf(marker))
  const lines = rest.split('\n')
  const start = lines.findIndex((l) => l.startsWith('|'))
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'))
  return lines.slice(start, end < 0 ? undefined : end)
}

describe('renderSummary: tests', () => {
  it('adds a Tests section after the findings, and before the checks', () => {
    const md = renderSummary(withTests())
    const order = [
      '### Findings',
      '### Tests',
      '| Package |',
      '#### Failures',
      '#### Data races',
      '#### Slowest tests',
      '#### ⚠️ Flaky tests',
      '### Checks'
    ]
    const positions = order.map((marker) => md.indexOf(marker))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('heads it with the counts, race, reruns, shuffle seed and coverage against the threshold', () => {
    const tests = testsReport({ shuffleSeed: 1234, coverage: 72.34, coverageThreshold: 80 })
    expect(renderSummary(withTests(tests))).toContain(
      '### Tests\n\n❌ **3 failed** · **1 unfinished** · 2 passed · 1 skipped · ⚠️ 1 flaky · ' +
        '6 packages (**1 did not build**) · race on · rerun-failed 1 · ' +
        'shuffle seed `1234`: replay with `go test -shuffle=1234` · ' +
        '❌ coverage **72.3%**, below the 80% threshold\n'
    )
  })

  it('says pass with a tick when every test passed, and shows what was off', () => {
    const tests: TestsReport = {
      args: ['test', '-json'],
      race: false,
      reruns: 0,
      coverage: 91,
      coverageThreshold: 90,
      packages: [pkg('example.com/m', { tests: [{ name: 'TestA', status: 'pass' }] })]
    }
    expect(renderSummary(withTests(tests, []))).toContain(
      '### Tests\n\n✅ 1 passed · 0 skipped · 1 package · race off · coverage 91.0% (threshold 90%)\n'
    )
  })

  it('lists packages failing first, with counts, time, and coverage when it was measured', () => {
    const rows = tableAfter(renderSummary(withTests()), '| Package |')
    expect(rows).toEqual([
      '| Package | Status | Passed | Failed | Skipped | Time |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      '| example.com/demo/parse | 💥 build failed | 0 | 0 | 0 | - |',
      '| example.com/demo/calc | ❌ fail | 1 | 2 | 1 | 1.5 s |',
      '| example.com/demo/counter | ❌ fail | 0 | 1 | 0 | 300 ms |',
      '| example.com/demo/lock | ❌ fail | 0 | 1 | 0 | 10m 0s |',
      '| example.com/demo/util | ✅ pass (⚠️ 1 flaky) | 1 | 0 | 0 | 400 ms |',
      '| example.com/demo/cmd | ⏭️ skip | 0 | 0 | 0 | - |'
    ])
    const covered = testsReport({
      coverage: 50,
      packages: [pkg('example.com/a', { coverage: 87.25 }), pkg('example.com/b')]
    })
    expect(tableAfter(renderSummary(withTests(covered, [])), '| Package |')).toEqual([
      '| Package | Status | Passed | Failed | Skipped | Time | Coverage |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      '| example.com/a | ✅ pass | 0 | 0 | 0 | - | 87.3% |',
      '| example.com/b | ✅ pass | 0 | 0 | 0 | - | - |'
    ])
  })

  it('shows each failing test with its output fenced, subtests rather than their parents', () => {
    const md = renderSummary(withTests())
    expect(md).toContain(
      '#### Failures\n\n❌ **TestAdd/negative** · `example.com/demo/calc` · `calc/calc_test.go:12`\n\n' +
        '```text\n    calc_test.go:12: Add(-1, -2) = -2, want -3\n```'
    )
    expect(md).not.toContain('❌ **TestAdd** ·')
    expect(md).toContain(
      '⏱️ **TestDeadlock** did not finish · `example.com/demo/lock` · `lock/lock_test.go:9`\n\n' +
        '```text\npanic: test timed out after 10m0s\n'
    )
    // Failed only through the race: the race's own block, with trimmed stacks, says it.
    expect(md).not.toContain('**TestCounter** ·')
    // Flaky tests passed in the end.
    expect(md).not.toContain('❌ **TestRetry**')
  })

  it('shows a race-only failure when there is no race finding to show instead', () => {
    const md = renderSummary(withTests(testsReport(), []))
    expect(md).toContain('❌ **TestCounter** · `example.com/demo/counter`')
    expect(md).not.toContain('#### Data races')
  })

  it('moves races from the findings to the Tests section, with both stacks', () => {
    const md = renderSummary(withTests())
    expect(md.match(/Data race in TestCounter/g)).toHaveLength(1)
    const races = md.slice(md.indexOf('#### Data races'), md.indexOf('#### Slowest'))
    expect(races).toContain('Previous read by goroutine 7:\n  counter.(*Counter).Get')
    // Without a Tests section the race is an ordinary finding.
    const plain = renderSummary(report([result({ check: 'tests', findings: testsFindings() })]))
    expect(plain).not.toContain('#### Data races')
    expect(plain).toContain('#### tests')
    expect(plain.match(/Data race in TestCounter/g)).toHaveLength(1)
  })

  it('fences output with more backticks than it holds, and says when there is none', () => {
    const block = renderTestFailure(pkg('example.com/m'), {
      name: 'TestMd',
      status: 'fail',
      output: 'want:\n````\n```go\nx\n```'
    })
    expect(block).toContain('`````text\nwant:\n````\n```go\nx\n```\n`````')
    expect(renderTestFailure(pkg('m'), { name: 'TestQuiet', status: 'fail' })).toBe(
      '❌ **TestQuiet** · `m`\n\n*(no output)*'
    )
    expect(renderTestFailure(pkg('m'), { name: 'Test*Star*', status: 'fail', output: 'x' })).toBe(
      '❌ **Test\\*Star\\*** · `m`\n\n```text\nx\n```'
    )
  })

  it('says how many of a test’s runs failed under -count', () => {
    const some = { name: 'TestSometimes', status: 'fail' as const, runs: 10, failedRuns: 2 }
    expect(renderTestFailure(pkg('m'), some)).toBe(
      '❌ **TestSometimes** · `m` · failed in 2 of 10 runs\n\n*(no output)*'
    )
    expect(renderTestFailure(pkg('m'), { ...some, failedRuns: 10 })).toContain(
      '· failed in all 10 runs'
    )
    expect(renderTestFailure(pkg('m'), { ...some, runs: undefined })).not.toContain('runs')
  })

  it('lists the 10 slowest top-level tests, slowest first', () => {
    const tests: TestCase[] = Array.from({ length: 15 }, (_, i) => ({
      name: `Test${String(i).padStart(2, '0')}`,
      status: 'pass',
      elapsed: i
    }))
    tests.push({ name: 'Test14/sub', status: 'pass', elapsed: 100 })
    const md = renderSummary(
      withTests(testsReport({ packages: [pkg('example.com/m', { tests })] }), [])
    )
    const rows = tableAfter(md, '#### The 10 slowest tests')
    expect(rows.slice(2).map((r) => r.split(' | ')[0])).toEqual(
      [14, 13, 12, 11, 10, 9, 8, 7, 6, 5].map((i) => `| Test${String(i).padStart(2, '0')}`)
    )
    expect(rows[2]).toBe('| Test14 | example.com/m | 14.0 s |')
    // Nothing timed, nothing to rank.
    const untimed = testsReport({
      packages: [pkg('m', { tests: [{ name: 'TestA', status: 'pass' }] })]
    })
    expect(renderSummary(withTests(untimed, []))).not.toContain('slowest')
  })

  it('lists flaky tests with where they are', () => {
    const rows = tableAfter(renderSummary(withTests()), '#### ⚠️ Flaky tests')
    expect(rows).toEqual([
      '| Test | Package | Location |',
      '| --- | --- | --- |',
      '| TestRetry | example.com/demo/util | `util/retry_test.go:14` |'
    ])
  })

  it('caps the packages table and keeps the failing packages in it', () => {
    const packages = Array.from({ length: 300 }, (_, i) =>
      pkg(`example.com/m/p${String(i).padStart(3, '0')}`, {
        status: i % 100 === 99 ? 'fail' : 'pass'
      })
    )
    const md = renderSummary(withTests(testsReport({ packages }), []))
    const rows = tableAfter(md, '| Package |').slice(2)
    expect(rows).toHaveLength(100)
    expect(rows.slice(0, 3).map((r) => r.split(' | ')[1])).toEqual([
      '❌ fail',
      '❌ fail',
      '❌ fail'
    ])
    expect(md).toContain(
      '… and 200 more packages; the JSON report (output `report`) lists them all.'
    )
  })

  it('fits a huge test run into the budget, outputs and findings both represented', () => {
    const failing: TestCase[] = Array.from({ length: 3000 }, (_, i) => ({
      name: `TestCase${i}`,
      status: 'fail',
      file: `p/x_test.go`,
      line: i + 1,
      output: `    x_test.go:${i + 1}: failure ${i}\n${'stack line\n'.repeat(1500)}`
    }))
    const packages = [
      pkg('example.com/m/p', { status: 'fail', tests: failing }),
      ...Array.from({ length: 5000 }, (_, i) => pkg(`example.com/m/ok${i}`))
    ]
    const findings = failing.map((t) =>
      finding({ check: 'tests', title: `${t.name} failed`, file: t.file, line: t.line })
    )
    for (const budget of [64 * 1024, 512 * 1024]) {
      const md = renderSummary(withTests(testsReport({ packages }), findings), {
        budgetBytes: budget
      })
      expect(bytes(md)).toBeLessThanOrEqual(budget)
      expect(bytes(md)).toBeGreaterThan(budget - 20 * 1024)
      const outputs = md.match(/^❌ \*\*TestCase\d+\*\* ·/gm)?.length ?? 0
      const listed = md.match(/^❌ \*\*error\*\* ·/gm)?.length ?? 0
      expect(outputs).toBeGreaterThan(0)
      expect(listed).toBeGreaterThan(10)
      const note = new RegExp(
        `⚠️ The output of (\\d+) failed tests was left out to keep this summary under ${budget / 1024} KiB`
      ).exec(md)
      expect(Number(note?.[1])).toBe(3000 - outputs)
      const left = /⚠️ (\d+) findings were left out/.exec(md)
      expect(Number(left?.[1])).toBe(3000 - listed)
      // Each output is cut to its head and tail, not dropped whole.
      expect(md).toContain('characters cut …')
    }
  })

  it('gives the failed tests whatever room the findings do not need', () => {
    const failing: TestCase[] = Array.from({ length: 40 }, (_, i) => ({
      name: `TestCase${i}`,
      status: 'fail',
      output: 'y'.repeat(1000)
    }))
    const tests = testsReport({
      packages: [pkg('example.com/m', { status: 'fail', tests: failing })]
    })
    const md = renderSummary(withTests(tests, [finding({ check: 'tests' })]), {
      budgetBytes: 64 * 1024
    })
    expect(md.match(/^❌ \*\*TestCase\d+\*\* ·/gm)).toHaveLength(40)
    expect(md).not.toContain('left out')
  })

  it('never exceeds the budget, whatever the tests printed', () => {
    const text = fc.string({ unit: 'binary', maxLength: 2000 })
    const testCase = fc.record({
      name: fc.string({ unit: 'binary', maxLength: 50 }),
      status: fc.constantFrom(
        'pass' as const,
        'fail' as const,
        'skip' as const,
        'unfinished' as const
      ),
      output: text,
      elapsed: fc.double({ min: 0, max: 1000, noNaN: true })
    })
    fc.assert(
      fc.property(
        fc.array(fc.array(testCase, { maxLength: 20 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 64 * 1024 }),
        (packages, budgetBytes) => {
          const tests = testsReport({
            packages: packages.map((cases, i) =>
              pkg(`example.com/m/p${i}`, { status: 'fail', tests: cases })
            )
          })
          const md = renderSummary(withTests(tests), { budgetBytes })
          expect(bytes(md)).toBeLessThanOrEqual(budgetBytes)
        }
      ),
      { numRuns: 100 }
    )
  })
})

describe('sortPackages', () => {
  it('puts build failures, failures and unfinished packages first, then by import path', () => {
    const sorted = sortPackages([
      pkg('d', { status: 'skip' }),
      pkg('c'),
      pkg('b', { status: 'unfinished' }),
      pkg('a', { status: 'fail' }),
      pkg('z', { status: 'build-failed' }),
      pkg('b2', { status: 'fail' })
    ])
    expect(sorted.map((p) => p.package)).toEqual(['z', 'a', 'b2', 'b', 'c', 'd'])
  })
})

describe('headTail', () => {
  it('keeps a quarter from the head and the rest from the tail', () => {
    const text = `${'h'.repeat(100)}${'m'.repeat(800)}${'t'.repeat(100)}`
    const cut = headTail(text, 200)
    expect(cut).toBe(
      `${'h'.repeat(50)}\n… 800 characters cut …\n${'m'.repeat(50)}${'t'.repeat(100)}`
    )
    expect(headTail('short', 200)).toBe('short')
  })

  it('never splits a surrogate pair', () => {
    const cut = headTail('😀'.repeat(100), 21)
    expect(cut).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
    )
  })
})

describe('escaping', () => {
  it('fences a multi-line message with more backticks than it contains', () => {
    const message = 'before\n````\n```go\nrm -rf /\n```\nafter'
    const block = renderFinding(finding({ message }))
    expect(block).toContain(`\`\`\`\`\`text\n${message}\n\`\`\`\`\``)
    // No line inside the block is as long a backtick run as the fence.
    const inner = block.split('`````text\n')[1]?.split('\n`````')[0]
    expect(inner).toBe(message)
  })

  it('uses at least three backticks for a fence', () => {
    expect(fencedBlock('a\nb')).toBe('```text\na\nb\n```')
    expect(fencedBlock('a ``` b')).toBe('````text\na ``` b\n````')
  })

  it('makes code spans that backticks cannot close', () => {
    expect(codeSpan('go.mod:3')).toBe('`go.mod:3`')
    expect(codeSpan('a`b')).toBe('``a`b``')
    expect(codeSpan('`x`')).toBe('`` `x` ``')
    expect(codeSpan('')).toBe('` `')
  })

  it('escapes pipes and newlines in table cells', () => {
    expect(tableCell('a|b\nc')).toBe('a\\|b<br>c')
    expect(tableCell('<img src=x>')).toBe('\\<img src=x\\>')
    const md = renderSummary(report([result({ check: 'env', summary: 'GOFLAGS=-mod=mod | x\ny' })]))
    const row = md.split('\n').find((line) => line.startsWith('| env |'))
    expect(row).toBe('| env | ✅ pass | 12 ms | 0 | 0 | 0 | GOFLAGS=-mod=mod \\| x<br>y |')
  })

  it('escapes markdown in titles and single-line messages', () => {
    const block = renderFinding(
      finding({ title: '**bold** [x](y)', message: '$HOME and $GOPATH <b>' })
    )
    expect(block).toBe(
      '❌ **error** · **\\*\\*bold\\*\\* \\[x\\](y)**: \\$HOME and \\$GOPATH \\<b\\>'
    )
  })

  it('puts the fix on its own line', () => {
    expect(renderFinding(finding({ message: 'm', fix: 'run `go mod tidy`' }))).toBe(
      '❌ **error** · **go.sum is missing**: m<br>\n**Fix:** run `go mod tidy`'
    )
    expect(renderFinding(finding({ message: 'a\nb', fix: 'f' }))).toBe(
      '❌ **error** · **go.sum is missing**\n\n```text\na\nb\n```\n\n**Fix:** f'
    )
  })
})

describe('code in fixes', () => {
  it('renders backquoted spans as code and escapes the rest', () => {
    expect(inlineWithCode('set `go 1.22.0` in go.mod *now*')).toBe(
      'set `go 1.22.0` in go.mod \\*now\\*'
    )
    expect(inlineWithCode('``a`b`` then `c`')).toBe('``a`b`` then `c`')
    expect(inlineWithCode('`<b>|x|</b>`')).toBe('`<b>|x|</b>`')
  })

  it('keeps an unpaired backtick literal, escaped', () => {
    expect(inlineWithCode("it`s Go's")).toBe("it\\`s Go's")
    expect(inlineWithCode('``x` y')).toBe('\\`\\`x\\` y')
    expect(inlineWithCode('a `` b')).toBe('a \\`\\` b')
  })

  it('never writes a backslash-backtick for a fix whose backticks pair up', () => {
    const md = renderFinding(
      finding({ fix: 'run `go mod tidy` and commit `go.sum`; or set `GOFLAGS=-mod=mod`' })
    )
    expect(md).not.toContain('\\`')
    expect(md).toContain('`go mod tidy` and commit `go.sum`; or set `GOFLAGS=-mod=mod`')
  })
})

describe('links', () => {
  const sha = 'c'.repeat(40)
  const links = { server: 'https://github.com', repository: 'o/r', sha }

  it('links each file:line to that line at the commit, and stays plain without a base', () => {
    const r = failing([
      finding({ file: 'pkg/a b.go', line: 7, endLine: 9 }),
      finding({ file: 'go.mod', line: 3, column: 2 }),
      finding({ file: '../outside.go', line: 1 })
    ])
    const md = renderSummary(r, { links })
    expect(md).toContain(
      `[\`pkg/a b.go:7\`](https://github.com/o/r/blob/${sha}/pkg/a%20b.go#L7-L9)`
    )
    expect(md).toContain(`[\`go.mod:3:2\`](https://github.com/o/r/blob/${sha}/go.mod#L3)`)
    expect(md).toContain('· `../outside.go:1` ·')
    expect(renderSummary(r)).not.toContain('](')
  })

  it('links failed tests and flaky tests to their lines', () => {
    const md = renderSummary(withTests(), { links })
    expect(md).toContain(
      `[\`calc/calc_test.go:12\`](https://github.com/o/r/blob/${sha}/calc/calc_test.go#L12)`
    )
    expect(md).toContain(
      `[\`util/retry_test.go:14\`](https://github.com/o/r/blob/${sha}/util/retry_test.go#L14)`
    )
  })
})

describe('a skip reason several checks share', () => {
  const reason = 'skipped .: go.sum is missing (modfile)'
  const r = report([
    result({ check: 'modfile', status: 'fail', summary: 'go.sum is missing' }),
    result({ check: 'download', status: 'skipped', summary: reason }),
    result({ check: 'verify', status: 'skipped', summary: `pass: 1 module verified; ${reason}` }),
    result({
      check: 'vendor',
      status: 'skipped',
      summary: `skipped: no vendor/ (vendor: auto); ${reason}`
    }),
    result({ check: 'tests', summary: 'skipped b: replacement directory ../x has no go.mod' })
  ])

  it('is said once under the verdict, and each row points at it', () => {
    const md = renderSummary(r)
    expect(md.split('go.sum is missing (modfile)')).toHaveLength(2)
    const [verdict] = md.split('\n### ')
    expect(verdict).toContain(
      '⏭️ download, verify, vendor skipped module `.`: go.sum is missing (modfile)'
    )
    const row = (check: string): string =>
      md.split('\n').find((l) => l.startsWith(`| ${check} |`)) ?? ''
    expect(row('download')).toContain('| skipped . (see above) |')
    expect(row('verify')).toContain('| pass: 1 module verified; skipped . (see above) |')
    expect(row('vendor')).toContain('| skipped: no vendor/ (vendor: auto); skipped . (see above) |')
    // A reason only one check gives stays on its row.
    expect(row('tests')).toContain('skipped b: replacement directory ../x has no go.mod')
    expect(row('modfile')).toContain('| go.sum is missing |')
  })

  it('stays on the row when only one check gives it', () => {
    const md = renderSummary(
      report([result({ check: 'download', status: 'skipped', summary: reason })])
    )
    expect(md).not.toContain('⏭️ download')
    expect(md).toContain(`| ${tableCell(reason)} |`)
  })
})

describe('writeSummary', () => {
  const saved = process.env.GITHUB_STEP_SUMMARY
  afterEach(() => {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY
    else process.env.GITHUB_STEP_SUMMARY = saved
  })

  it('appends through core.summary when GITHUB_STEP_SUMMARY is set', async () => {
    process.env.GITHUB_STEP_SUMMARY = '/tmp/summary.md'
    await expect(writeSummary('# hi\n')).resolves.toBe(true)
    expect(core.summary.addRaw).toHaveBeenCalledWith('# hi\n')
    expect(core.summary.write).toHaveBeenCalledTimes(1)
    expect(core.summary.write).toHaveBeenCalledWith()
  })

  it('does nothing outside Actions', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await expect(writeSummary('# hi\n')).resolves.toBe(false)
    expect(core.summary.addRaw).not.toHaveBeenCalled()
    expect(core.summary.write).not.toHaveBeenCalled()
  })
})

// The caches: what the main step restored (### Caches in the summary) and what the post step
// saved (its own summary).
const { renderCacheSaves } = await import('../../../src/report/summary.js')
type CacheEntryReport = NonNullable<Parameters<typeof renderSummary>[0]['cache']>[number]
type CacheEntrySave = Parameters<typeof renderCacheSaves>[0][number]

describe('caches', () => {
  const MODULE_KEY = 'go-ci-gate-mod-Linux-X64-0123456789abcdef0123'
  const BUILD_KEY = 'go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-0123456789ab'
  const TABLE_HEAD = [
    '| Cache | Key | Restored | Size | Time |',
    '| --- | --- | --- | ---: | ---: |'
  ]
  const FOOT =
    'The post step saves them, trimmed to what this run used (`cache-save` decides when).'

  function cacheSection(cache: CacheEntryReport[]): string {
    const markdown = renderSummary(report([result()], { cache }))
    const start = markdown.indexOf('<details><summary>Caches</summary>')
    expect(start).toBeGreaterThan(0)
    return markdown.slice(start, markdown.indexOf(FOOT, start) + FOOT.length)
  }

  it('shows each entry as restored: exact, nearest, none, skipped', () => {
    const section = cacheSection([
      {
        name: 'module',
        path: '/home/runner/go/pkg/mod',
        key: MODULE_KEY,
        restore: 'exact',
        restoredKey: MODULE_KEY,
        files: 1234,
        bytes: 52_428_800,
        durationMs: 1500
      },
      {
        name: 'build',
        path: '/home/runner/.cache/go-build',
        key: BUILD_KEY,
        restore: 'partial',
        restoredKey: 'go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-fedcba987654',
        files: 10,
        bytes: 2048,
        durationMs: 250
      },
      { name: 'module', path: '/m', key: 'k-miss', restore: 'miss', durationMs: 90 },
      {
        name: 'build',
        path: '/b',
        key: 'k-skip',
        restore: 'skipped',
        note: '/b already holds files | see *log*'
      }
    ])
    expect(section).toBe(
      [
        '<details><summary>Caches</summary>',
        '',
        ...TABLE_HEAD,
        `| modules (GOMODCACHE) | \`${MODULE_KEY}\` | ✅ exact key | 1234 files, 50 MiB | 1.5 s |`,
        `| build (GOCACHE) | \`${BUILD_KEY}\` | ↪️ nearest entry \`go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-fedcba987654\` | 10 files, 2.0 KiB | 250 ms |`,
        '| modules (GOMODCACHE) | `k-miss` | ➖ no entry yet |  | 90 ms |',
        '| build (GOCACHE) | `k-skip` | ⏭️ skipped: /b already holds files \\| see \\*log\\* |  |  |',
        '',
        FOOT
      ].join('\n')
    )
  })

  it('shows a nearest entry without its key when the report has none', () => {
    const section = cacheSection([
      { name: 'build', path: '/b', key: 'k', restore: 'partial', files: 0, bytes: 0 }
    ])
    expect(section).toContain('| build (GOCACHE) | `k` | ↪️ nearest entry | 0 files, 0 B |  |')
  })

  it('sits folded after the tests and the checks', () => {
    const markdown = renderSummary(
      report([result()], {
        tests: testsReport(),
        cache: [{ name: 'module', path: '/m', key: 'k', restore: 'miss' }]
      })
    )
    const checks = markdown.indexOf('### Checks')
    const caches = markdown.indexOf('<details><summary>Caches</summary>')
    const tests = markdown.indexOf('### Tests')
    expect([tests > 0, checks > tests, caches > checks]).toEqual([true, true, true])
    expect(markdown.trimEnd().endsWith('</details>')).toBe(true)
  })

  it('has no Caches section without cache entries', () => {
    expect(renderSummary(report([result()]))).not.toContain('Caches')
    expect(renderSummary(report([result()], { cache: [] }))).not.toContain('Caches')
  })

  it('renderCacheSaves: a row per entry, saved or why not', () => {
    const saves: CacheEntrySave[] = [
      {
        name: 'module',
        key: MODULE_KEY,
        saved: true,
        size: { files: 321, bytes: 3 * 1024 * 1024 },
        durationMs: 65_000
      },
      { name: 'build', key: BUILD_KEY, saved: false, reason: 'exact key restored' },
      { name: 'build', key: 'k2', saved: false, reason: 'save failed: 503 <html> | retry' }
    ]
    expect(renderCacheSaves(saves)).toBe(
      [
        '### go-ci-gate: caches saved',
        '',
        '| Cache | Key | Saved | Size | Time |',
        '| --- | --- | --- | ---: | ---: |',
        `| modules (GOMODCACHE) | \`${MODULE_KEY}\` | ✅ saved | 321 files, 3.0 MiB | 1m 5s |`,
        `| build (GOCACHE) | \`${BUILD_KEY}\` | ⏭️ not saved: exact key restored |  |  |`,
        '| build (GOCACHE) | `k2` | ⏭️ not saved: save failed: 503 \\<html\\> \\| retry |  |  |',
        ''
      ].join('\n')
    )
  })

  it('renderCacheSaves: the note alone, escaped, when nothing was saved', () => {
    expect(
      renderCacheSaves([], 'Not saved: cache-save is auto and this is a pull_request event.')
    ).toBe(
      '### go-ci-gate: caches saved\n\nNot saved: cache-save is auto and this is a pull\\_request event.\n'
    )
    expect(renderCacheSaves([])).toBe('### go-ci-gate: caches saved\n')
  })

  it('renderCacheSaves: the note above the table', () => {
    const markdown = renderCacheSaves(
      [{ name: 'build', key: 'k', saved: false, reason: 'empty' }],
      'Trimmed first.'
    )
    expect(markdown).toBe(
      [
        '### go-ci-gate: caches saved',
        '',
        'Trimmed first.',
        '',
        '| Cache | Key | Saved | Size | Time |',
        '| --- | --- | --- | ---: | ---: |',
        '| build (GOCACHE) | `k` | ⏭️ not saved: empty |  |  |',
        ''
      ].join('\n')
    )
  })
})
