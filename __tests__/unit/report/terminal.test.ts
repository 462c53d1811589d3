import { describe, expect, it } from '@jest/globals'
import { renderJson, renderTerminal, sanitize, testsLine } from '../../../src/report/terminal.js'
import { finding, report, result, testsFindings, testsReport } from './fixtures.js'

const sample = report(
  [
    result({
      check: 'toolchain',
      status: 'fail',
      durationMs: 1500,
      summary: 'go 1.26.8',
      findings: [
        finding({
          check: 'toolchain',
          severity: 'warning',
          file: 'go.mod',
          line: 5,
          title: 'no patch',
          message: 'go 1.22 names no release'
        }),
        finding({
          check: 'toolchain',
          file: 'go.mod',
          line: 3,
          column: 1,
          title: 'go line newer than the toolchain',
          message: 'go.mod requires go >= 1.27\n(running go 1.26.8; GOTOOLCHAIN=local)',
          fix: 'install Go 1.27'
        })
      ]
    }),
    result({
      check: 'env',
      durationMs: 4,
      findings: [finding({ check: 'env', title: 'GOPROXY=off', message: 'downloads fail' })]
    })
  ],
  {
    environment: {
      hash: 'abc123',
      values: { GOVERSION: 'go1.26.8', GOOS: 'linux', GOARCH: 'amd64', GOPROXY: 'off' }
    }
  }
)

describe('renderTerminal', () => {
  it('prints compiler-style lines, errors first, then the table and the verdict', () => {
    expect(renderTerminal(sample, { color: false })).toBe(
      [
        'go.mod:3:1: error: go line newer than the toolchain: go.mod requires go >= 1.27',
        '    (running go 1.26.8; GOTOOLCHAIN=local)',
        '    fix: install Go 1.27',
        'go-ci-gate: error: GOPROXY=off: downloads fail',
        'go.mod:5: warning: no patch: go 1.22 names no release',
        '',
        'environment: abc123 (GOVERSION=go1.26.8, GOOS/GOARCH=linux/amd64, GOPROXY=off)',
        'CHECK      STATUS   TIME  ERRORS  WARNINGS  NOTICES  SUMMARY',
        'toolchain  fail    1.5 s       1         1        0  go 1.26.8',
        'env        pass     4 ms       1         0        0',
        'go-ci-gate: FAIL (2 errors, 1 warning)',
        ''
      ].join('\n')
    )
  })

  it('says PASS without counts when there is nothing to say', () => {
    const text = renderTerminal(report([result()]), { color: false })
    expect(text.endsWith('\ngo-ci-gate: PASS\n')).toBe(true)
    expect(text.startsWith('CHECK')).toBe(true)
  })

  it('names errored checks in the verdict', () => {
    const text = renderTerminal(report([result({ status: 'error', summary: 'go not found' })]), {
      color: false
    })
    expect(text).toContain('go-ci-gate: FAIL (1 check errored)\n')
  })

  it('colours the severity word only when asked', () => {
    const plain = renderTerminal(sample, { color: false })
    expect(plain).not.toContain('\u001b[')
    const coloured = renderTerminal(sample, { color: true })
    expect(coloured).toContain('go.mod:3:1: \u001b[31merror\u001b[0m: go line newer')
    expect(coloured).toContain('go.mod:5: \u001b[33mwarning\u001b[0m: no patch')
    expect(coloured).toContain('go-ci-gate: \u001b[31mFAIL\u001b[0m (')
    const notice = report([result({ findings: [finding({ severity: 'notice', title: 't' })] })])
    expect(renderTerminal(notice, { color: true })).toContain('\u001b[36mnotice\u001b[0m')
  })

  it('keeps escape sequences in findings from reaching the terminal', () => {
    const hostile = report([
      result({ findings: [finding({ title: 'a\u001b[2Jb', message: 'c\u0007d\r\ne' })] })
    ])
    const text = renderTerminal(hostile, { color: false })
    expect(text).toContain('go-ci-gate: error: ab: cd\n    e\n')
    expect(sanitize('x\u001b]0;title\u0007y')).toBe('x]0;titley')
  })
})

describe('hostile text on stdout', () => {
  const hostile = report([
    result({
      summary: '::set-output name=result::pass',
      findings: [
        finding({
          file: 'sub\n::set-output name=result::pass/go.mod',
          title: '##[error]t',
          message: 'm\n::add-path::/evil\n  ##[set-output name=result;]pass'
        })
      ]
    })
  ])

  it('renderTerminal prints no line a runner reads as a command', () => {
    const lines = renderTerminal(hostile, { color: false }).split('\n')
    expect(lines.filter((l) => l.trimStart().startsWith('::') || l.includes('##['))).toEqual([])
    expect(lines).toContain('    : :add-path::/evil')
  })

  it('renderJson writes `##[` as `#\\u0023[` and keeps the value', () => {
    const json = renderJson(hostile)
    expect(json).not.toContain('##[')
    expect(json).toContain('#\\u0023[error]t')
    expect(JSON.parse(json)).toEqual(hostile)
  })
})

describe('tests line', () => {
  it('follows the findings with the test counts, before the checks table', () => {
    const r = report(
      [result({ check: 'tests', status: 'fail', findings: testsFindings().slice(0, 1) })],
      { tests: testsReport() }
    )
    const lines = renderTerminal(r, { color: false }).split('\n')
    const at = lines.indexOf(
      'tests: 2 passed, 3 failed, 1 unfinished, 1 skipped, 1 flaky in 6 packages (1 did not build, race)'
    )
    expect(at).toBeGreaterThan(0)
    expect(lines[at - 1]).toBe('')
    expect(lines[at + 1]?.startsWith('CHECK')).toBe(true)
  })

  it('says which options shaped the run', () => {
    const pass = testsReport({
      race: false,
      shuffleSeed: 42,
      coverage: 81.26,
      coverageThreshold: 80,
      packages: [
        {
          package: 'example.com/m',
          module: '.',
          status: 'pass',
          tests: [
            { name: 'TestA', status: 'pass' },
            { name: 'TestB', status: 'skip' }
          ]
        }
      ]
    })
    expect(testsLine(pass)).toBe(
      'tests: 1 passed, 0 failed, 1 skipped in 1 package (no race, -shuffle=42, coverage 81.3% >= 80%)'
    )
    expect(testsLine({ ...pass, coverage: 79.94 })).toContain('coverage 79.9% < 80%')
    expect(testsLine({ ...pass, coverageThreshold: undefined })).toContain('coverage 81.3%)')
  })

  it('is absent when the tests did not run', () => {
    expect(renderTerminal(sample, { color: false })).not.toContain('tests:')
  })
})

describe('renderJson', () => {
  it('is the report as pretty JSON', () => {
    expect(JSON.parse(renderJson(sample))).toEqual(sample)
    expect(renderJson(sample)).toContain('\n  "schemaVersion": 1,\n')
  })
})
