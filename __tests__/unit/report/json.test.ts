import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {
  CheckResult,
  Finding,
  PackageTests,
  Report,
  TestCase,
  TestsReport
} from '../../../src/findings.js'
import { writeJsonReport } from '../../../src/report/json.js'
import { finding, report, result } from './fixtures.js'

const schema = JSON.parse(
  fs.readFileSync(new URL('../../../schema/report.schema.json', import.meta.url), 'utf8')
) as { properties: Record<string, unknown>; $defs: Record<string, { properties: object }> }

// ajv-formats is CommonJS: under NodeNext its default import is module.exports, which carries
// the plugin as .default too.
const addFormats = addFormatsModule.default
const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats(ajv)
const validate = ajv.compile(schema)

// Every optional field set: adding a field to these types breaks this file until the schema
// (and this fixture) learn it too.
const fullFinding: Required<Finding> = {
  check: 'toolchain',
  rule: 'toolchain/go-line',
  severity: 'warning',
  title: 'go line names no release',
  message: 'go 1.22',
  file: 'go.mod',
  line: 3,
  endLine: 3,
  column: 1,
  fix: 'write go 1.22.0',
  package: 'example.com/demo'
}
const fullResult: Required<CheckResult> = {
  check: 'toolchain',
  status: 'fail',
  durationMs: 3.5,
  findings: [fullFinding],
  summary: 'go 1.26.8'
}
const fullTestCase: Required<TestCase> = {
  name: 'TestAdd/negative',
  status: 'pass',
  flaky: true,
  runs: 10,
  failedRuns: 2,
  elapsed: 0.02,
  file: 'calc/calc_test.go',
  line: 18,
  output: '    calc_test.go:18: Add(-1, -2) = -2, want -3'
}
const fullPackage: Required<PackageTests> = {
  package: 'example.com/demo/calc',
  module: '.',
  dir: 'calc',
  status: 'pass',
  elapsed: 1.25,
  coverage: 87.5,
  tests: [
    fullTestCase,
    { name: 'TestDiv', status: 'fail', elapsed: 0, file: 'calc/calc_test.go', line: 30 },
    { name: 'TestSlow', status: 'skip' },
    { name: 'TestHang', status: 'unfinished', output: 'panic: test timed out after 10m0s' }
  ]
}
const fullTests: Required<TestsReport> = {
  args: ['test', '-json', '-count=1', '-race', '-shuffle=1718000000', './...'],
  race: true,
  shuffleSeed: 1718000000,
  coverage: 72.4,
  coverageThreshold: 70,
  reruns: 1,
  packages: [
    fullPackage,
    { package: 'example.com/demo/parse', module: '.', status: 'build-failed', tests: [] },
    { package: 'example.com/demo/cmd', module: '.', status: 'skip', tests: [] },
    { package: 'example.com/demo/lock', module: '.', status: 'unfinished', tests: [] },
    { package: 'example.com/demo/race', module: '.', status: 'fail', tests: [] }
  ]
}
const fullReport: Required<Report> = {
  ...report([fullResult]),
  setupError: 'no Go module found in the repository root',
  goVersion: '1.26.8',
  environment: { hash: 'abc', values: { GOFLAGS: '-mod=readonly' } },
  pinned: { GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' },
  workspace: 'go.work',
  tests: fullTests,
  shard: { index: 2, count: 4, plan: '0123456789abcdef' },
  planned: [{ module: '.', package: 'example.com/demo', tests: ['TestA', 'TestB'] }],
  cache: [
    {
      name: 'module',
      path: '/home/runner/go/pkg/mod',
      key: 'go-ci-gate-mod-Linux-X64-0123456789abcdef0123',
      restore: 'partial',
      restoredKey: 'go-ci-gate-mod-Linux-X64-fedcba9876543210fedc',
      files: 1200,
      bytes: 48_000_000,
      durationMs: 2100
    },
    {
      name: 'build',
      path: '/home/runner/.cache/go-build',
      key: 'go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-0123456789ab',
      restore: 'skipped',
      note: 'the cache service is not configured'
    }
  ],
  commands: [{ args: ['env', '-json'], cwd: '.', durationMs: 20, exitCode: 0 }]
}

function errorsOf(value: unknown): string {
  validate(value)
  return JSON.stringify(validate.errors)
}

describe('schema/report.schema.json', () => {
  it('accepts a report with every field', () => {
    expect(validate(fullReport)).toBe(true)
  })

  it('accepts a minimal report and a killed command (exit code null)', () => {
    const minimal = report([result()], {
      commands: [{ args: ['test'], cwd: '.', durationMs: 1, exitCode: null }]
    })
    expect(errorsOf(minimal)).toBe('null')
  })

  it('names exactly the properties the types have', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(fullReport).sort())
    expect(Object.keys(schema.$defs.finding?.properties ?? {}).sort()).toEqual(
      Object.keys(fullFinding).sort()
    )
    expect(Object.keys(schema.$defs.checkResult?.properties ?? {}).sort()).toEqual(
      Object.keys(fullResult).sort()
    )
    expect(Object.keys(schema.$defs.testsReport?.properties ?? {}).sort()).toEqual(
      Object.keys(fullTests).sort()
    )
    expect(Object.keys(schema.$defs.packageTests?.properties ?? {}).sort()).toEqual(
      Object.keys(fullPackage).sort()
    )
    expect(Object.keys(schema.$defs.testCase?.properties ?? {}).sort()).toEqual(
      Object.keys(fullTestCase).sort()
    )
  })

  it('rejects test results the types do not allow', () => {
    const withTests = (tests: unknown): Report => report([], { tests: tests as TestsReport })
    expect(errorsOf(withTests(fullTests))).toBe('null')
    expect(validate(withTests({ ...fullTests, extra: 1 }))).toBe(false)
    expect(validate(withTests({ ...fullTests, race: 'yes' }))).toBe(false)
    expect(validate(withTests({ ...fullTests, coverage: 100.5 }))).toBe(false)
    expect(validate(withTests({ ...fullTests, reruns: -1 }))).toBe(false)
    expect(validate(withTests({ ...fullTests, packages: undefined }))).toBe(false)
    const pkg = (overrides: object): unknown => ({
      ...fullTests,
      packages: [{ ...fullPackage, ...overrides }]
    })
    expect(validate(withTests(pkg({ status: 'crashed' })))).toBe(false)
    expect(validate(withTests(pkg({ elapsed: -1 })))).toBe(false)
    expect(validate(withTests(pkg({ url: 'x' })))).toBe(false)
    const test = (overrides: object): unknown => pkg({ tests: [{ ...fullTestCase, ...overrides }] })
    expect(validate(withTests(test({ status: 'panicked' })))).toBe(false)
    expect(validate(withTests(test({ line: 0 })))).toBe(false)
    expect(validate(withTests(test({ stack: 'x' })))).toBe(false)
    expect(validate(withTests(test({})))).toBe(true)
  })

  it('rejects extra properties on findings, results and the report', () => {
    const extraFinding = report([result({ findings: [{ ...finding(), url: 'x' } as Finding] })])
    expect(validate(extraFinding)).toBe(false)
    expect(errorsOf(extraFinding)).toContain('additionalProperties')
    expect(validate(report([{ ...result(), extra: 1 } as CheckResult]))).toBe(false)
    expect(validate({ ...report([]), extra: true })).toBe(false)
  })

  it('rejects wrong versions, severities, check names, lines and dates', () => {
    expect(validate({ ...report([]), schemaVersion: 2 })).toBe(false)
    expect(
      validate(report([result({ findings: [finding({ severity: 'fatal' as 'error' })] })]))
    ).toBe(false)
    expect(validate(report([result({ check: 'Tests' as 'env' })]))).toBe(false)
    expect(validate(report([result({ findings: [finding({ line: 0 })] })]))).toBe(false)
    expect(validate(report([], { startedAt: 'yesterday' }))).toBe(false)
    expect(validate(report([], { pinned: { GOFLAGS: 1 as unknown as string } }))).toBe(false)
  })

  it('accepts later check names of the same shape', () => {
    expect(validate(report([result({ check: 'race-tests' as 'env' })]))).toBe(true)
  })
})

describe('writeJsonReport', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-ci-gate-json-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('writes pretty JSON that validates, creating directories', async () => {
    const file = path.join(dir, 'a', 'b', 'report.json')
    await writeJsonReport(fullReport, file)
    const text = fs.readFileSync(file, 'utf8')
    expect(text).toBe(`${JSON.stringify(fullReport, null, 2)}\n`)
    expect(validate(JSON.parse(text))).toBe(true)
    expect(fs.readdirSync(path.dirname(file))).toEqual(['report.json'])
  })

  it('replaces an earlier report', async () => {
    const file = path.join(dir, 'report.json')
    fs.writeFileSync(file, 'old')
    await writeJsonReport(fullReport, file)
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(fullReport)
  })
})
