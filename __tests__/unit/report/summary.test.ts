import { afterEach, describe, expect, it, jest } from '@jest/globals'
import fc from 'fast-check'
import * as core from '../../../__fixtures__/core.js'
import type { Finding } from '../../../src/findings.js'
import { finding, report, result } from './fixtures.js'

jest.unstable_mockModule('@actions/core', () => core)

const { codeSpan, fencedBlock, renderFinding, renderSummary, tableCell, writeSummary } =
  await import('../../../src/report/summary.js')

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

function failing(findings: Finding[]) {
  return report([result({ status: 'fail', findings })])
}

describe('renderSummary', () => {
  it('heads with the verdict and counts, then the environment, checks and findings', () => {
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
      '### Environment',
      '### Checks',
      '### Findings',
      '#### toolchain',
      '#### env'
    ]
    const positions = order.map((marker) => md.indexOf(marker))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('says pass with a green tick and no environment section when there is none', () => {
    const md = renderSummary(report([result()]))
    expect(md.startsWith('## ✅ go-ci-gate: pass')).toBe(true)
    expect(md).not.toContain('### Environment')
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
      '❌ **error** · **go.sum is missing**: m<br>\n**Fix:** run \\`go mod tidy\\`'
    )
    expect(renderFinding(finding({ message: 'a\nb', fix: 'f' }))).toBe(
      '❌ **error** · **go.sum is missing**\n\n```text\na\nb\n```\n\n**Fix:** f'
    )
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
