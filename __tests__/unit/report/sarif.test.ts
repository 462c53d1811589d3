import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type * as Sarif from 'sarif'
import type { Report } from '../../../src/findings.js'
import {
  FINGERPRINT_KEY,
  findingIdentity,
  renderSarif,
  writeSarif
} from '../../../src/report/sarif.js'
import { ruleById } from '../../../src/rules.js'
import { sarifSchemaErrors, sarifValidatorFindings } from '../../helpers/sarif.js'
import { finding, report, result, testsFindings, testsReport } from './fixtures.js'

const ROOT = '/work/repo'
const INFO = 'https://github.com/example/go-ci-gate'

/** A failing run with located, file-only and unlocated findings of several checks and levels. */
function realistic(): Report {
  return report(
    [
      result({
        check: 'toolchain',
        status: 'fail',
        findings: [
          finding({
            check: 'toolchain',
            rule: 'toolchain/go-too-old',
            title: 'Go older than go.mod',
            message: 'go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)',
            file: 'go.mod',
            line: 3,
            endLine: 3,
            fix: 'install go 1.99.0 before this step'
          })
        ]
      }),
      result({
        check: 'env',
        status: 'pass',
        findings: [
          finding({
            check: 'env',
            rule: 'env/unknown-variable',
            severity: 'warning',
            title: 'GONOSUMCHECK is not a Go variable',
            message: 'no go command reads GONOSUMCHECK',
            fix: 'remove it'
          }),
          finding({
            check: 'env',
            rule: 'env/gosumdb-off',
            severity: 'warning',
            title: 'Checksum database disabled',
            message: 'GOSUMDB=off'
          })
        ]
      }),
      result({
        check: 'modfile',
        status: 'pass',
        findings: [
          finding({
            check: 'modfile',
            rule: 'modfile/replace',
            severity: 'notice',
            title: 'example.com/x is replaced by another version',
            message: 'replace example.com/x v1.0.0 => example.com/x v1.0.1',
            file: 'sub dir/go.mod',
            line: 9
          }),
          finding({
            check: 'modfile',
            rule: 'modfile/local-replace',
            title: 'Local replace of example.com/fork points outside the repository',
            message: 'the directory ../../outside resolves outside the repository',
            file: '../outside/go.mod'
          })
        ]
      }),
      result({ check: 'tests', status: 'fail', findings: testsFindings() })
    ],
    { tests: testsReport(), modules: [{ path: 'example.com/demo', dir: '.' }] }
  )
}

describe('renderSarif', () => {
  const log = renderSarif(realistic(), { root: ROOT, informationUri: INFO })
  const run = log.runs[0] as Sarif.Run
  const results = run.results ?? []
  const rules = run.tool.driver.rules ?? []

  it('is SARIF 2.1.0 by the schema', () => {
    expect(log.version).toBe('2.1.0')
    expect(sarifSchemaErrors(log)).toEqual([])
  })

  it('names the tool, its version and where to learn about it', () => {
    expect(run.tool.driver).toMatchObject({
      name: 'go-ci-gate',
      version: '0.1.0',
      informationUri: INFO
    })
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/repo/' } })
    // upload-sarif sets the category only when the file has none: the gate leaves it out.
    expect(run.automationDetails).toBeUndefined()
  })

  it('has one rule per rule id present, from the catalogue', () => {
    const ids = [...new Set(results.map((r) => r.ruleId))]
    expect(rules.map((r) => r.id)).toEqual(ids)
    for (const [index, rule] of rules.entries()) {
      const entry = ruleById(rule.id)
      expect(entry).toBeDefined()
      expect(rule.shortDescription?.text).toBe(entry?.meaning)
      expect(rule.fullDescription?.text).toBe(entry?.meaning)
      expect(rule.help?.text).toBe(entry?.fix)
      for (const r of results.filter((x) => x.ruleId === rule.id)) expect(r.ruleIndex).toBe(index)
    }
    const level = (id: string) => rules.find((r) => r.id === id)?.defaultConfiguration?.level
    expect(level('tests/race')).toBe('error')
    expect(level('tests/flaky')).toBe('warning')
    expect(level('modfile/replace')).toBe('note')
    // 'error (notice with allow-local-replace)' in the catalogue: its default is error.
    expect(level('modfile/local-replace')).toBe('error')
  })

  it('locates every finding: its line, its file, else line 1 of the module go.mod', () => {
    const where = results.map((r) => {
      const loc = r.locations?.[0]?.physicalLocation
      return `${r.ruleId} ${r.level} ${loc?.artifactLocation?.uri}:${loc?.region?.startLine}`
    })
    expect(where).toEqual([
      'tests/failed error calc/calc_test.go:12',
      'tests/race error counter/counter.go:12',
      'toolchain/go-too-old error go.mod:3',
      'tests/build error parse/parse_test.go:7',
      // Its file leaves the repository: placed like an unlocated finding.
      'modfile/local-replace error go.mod:1',
      'tests/flaky warning util/retry_test.go:14',
      'env/unknown-variable warning go.mod:1',
      'env/gosumdb-off warning go.mod:1',
      'modfile/replace note sub%20dir/go.mod:9'
    ])
    expect(results.every((r) => r.locations?.length === 1)).toBe(true)
    const build = results.find((r) => r.ruleId === 'tests/build')
    expect(build?.locations?.[0]?.physicalLocation?.region).toEqual({
      startLine: 7,
      endLine: 7,
      startColumn: 9
    })
    const anchored = results.filter((r) => r.locations?.[0]?.message !== undefined)
    expect(anchored.map((r) => r.ruleId)).toEqual([
      'modfile/local-replace',
      'env/unknown-variable',
      'env/gosumdb-off'
    ])
  })

  it('says title, message and fix in the message text', () => {
    const older = results.find((r) => r.ruleId === 'toolchain/go-too-old')
    expect(older?.message.text).toBe(
      'Go older than go.mod\n\ngo.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)' +
        '\n\nFix: install go 1.99.0 before this step'
    )
  })

  it('fingerprints every result uniquely, the same value under both keys', () => {
    const prints = results.map((r) => r.partialFingerprints ?? {})
    for (const p of prints) {
      expect(p[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}:\d+$/)
      expect(p.primaryLocationLineHash).toBe(p[FINGERPRINT_KEY])
    }
    expect(new Set(prints.map((p) => p[FINGERPRINT_KEY])).size).toBe(results.length)
  })

  it('passes Microsoft’s SARIF validator, GitHub ingestion rules included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-unit-'))
    try {
      const file = path.join(dir, 'go-ci-gate.sarif')
      fs.writeFileSync(file, JSON.stringify(log, null, 2))
      expect(sarifValidatorFindings(file)).toEqual([])
      // The same validator refuses what code scanning refuses: a result without a location.
      const unlocated = structuredClone(log)
      delete unlocated.runs[0]?.results?.[0]?.locations
      fs.writeFileSync(file, JSON.stringify(unlocated, null, 2))
      expect(sarifValidatorFindings(file)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^GH1015 error: /)])
      )
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

describe('fingerprints across runs', () => {
  const print = (overrides: Parameters<typeof finding>[0]) =>
    renderSarif(report([result({ findings: [finding(overrides)] })]), { root: ROOT }).runs[0]
      ?.results?.[0]?.partialFingerprints?.[FINGERPRINT_KEY]
  const base = {
    check: 'tests' as const,
    rule: 'tests/failed' as const,
    title: 'TestAdd failed in 2 of 10 runs',
    file: 'calc/calc_test.go',
    line: 12
  }

  it('stay when the finding moves lines, its counts change or its message changes', () => {
    expect(print({ ...base, line: 40, message: 'other output' })).toBe(print(base))
    expect(print({ ...base, title: 'TestAdd failed in 3 of 10 runs' })).toBe(print(base))
    expect(
      findingIdentity({ rule: 'tests/panic', title: 'x panicked: nil map at 0xc000012345' })
    ).toBe(findingIdentity({ rule: 'tests/panic', title: 'x panicked: nil map at 0xc000099999' }))
  })

  it('change with the rule, the file or the test', () => {
    const first = print(base)
    expect(print({ ...base, rule: 'tests/flaky' })).not.toBe(first)
    expect(print({ ...base, file: 'calc/other_test.go' })).not.toBe(first)
    expect(print({ ...base, title: 'TestAdd2 failed in 2 of 10 runs' })).not.toBe(first)
  })

  it('tell apart two findings with one identity by their order', () => {
    const log = renderSarif(
      report([
        result({
          findings: [
            finding({ rule: 'tidy/untidy', title: 'go.mod is not tidy', file: 'go.mod', line: 9 }),
            finding({ rule: 'tidy/untidy', title: 'go.mod is not tidy', file: 'go.mod', line: 4 })
          ]
        })
      ]),
      { root: ROOT }
    )
    const prints = (log.runs[0]?.results ?? []).map((r) => [
      r.locations?.[0]?.physicalLocation?.region?.startLine,
      r.partialFingerprints?.[FINGERPRINT_KEY]?.split(':')[1]
    ])
    expect(prints).toEqual([
      [4, '1'],
      [9, '2']
    ])
  })
})

describe('a run with no module', () => {
  it('keeps findings without a place as notifications of the invocation, never as results', () => {
    const log = renderSarif(
      report(
        [
          result({
            check: 'toolchain',
            status: 'error',
            findings: [
              finding({
                check: 'toolchain',
                rule: 'toolchain/go-missing',
                title: 'Go is not installed',
                message: 'no go on PATH'
              })
            ]
          })
        ],
        { modules: [], setupError: 'no go on PATH' }
      ),
      { root: ROOT }
    )
    const run = log.runs[0] as Sarif.Run
    expect(run.results).toEqual([])
    expect(run.invocations?.[0]).toMatchObject({
      executionSuccessful: false,
      toolExecutionNotifications: [{ level: 'error', descriptor: { id: 'toolchain/go-missing' } }]
    })
    expect(sarifSchemaErrors(log)).toEqual([])
  })
})

describe('writeSarif', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-write-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('writes the log as JSON, creating directories, leaving no temporary file', async () => {
    const file = path.join(dir, 'nested', 'go-ci-gate.sarif')
    const log = renderSarif(realistic(), { root: ROOT })
    await writeSarif(file, log)
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(log)
    expect(fs.readdirSync(path.dirname(file))).toEqual(['go-ci-gate.sarif'])
  })
})
