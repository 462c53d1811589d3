import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CheckResult, Finding, Report } from '../../../src/findings.js'
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
  severity: 'warning',
  title: 'go line names no release',
  message: 'go 1.22',
  file: 'go.mod',
  line: 3,
  endLine: 3,
  column: 1,
  fix: 'write go 1.22.0'
}
const fullResult: Required<CheckResult> = {
  check: 'toolchain',
  status: 'fail',
  durationMs: 3.5,
  findings: [fullFinding],
  summary: 'go 1.26.8'
}
const fullReport: Required<Report> = {
  ...report([fullResult]),
  goVersion: '1.26.8',
  environment: { hash: 'abc', values: { GOFLAGS: '-mod=readonly' } },
  pinned: { GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' },
  workspace: 'go.work',
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
