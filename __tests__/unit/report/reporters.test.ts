import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { parseConfig, type RawInputs } from '../../../src/config.js'
import type { ReportSink } from '../../../src/report/reporters/context.js'
import {
  actionReporters,
  commandReporters,
  nothingDelivered,
  runReporters
} from '../../../src/report/reporters/index.js'
import { finding, report, result } from './fixtures.js'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reporters-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const config = (raw: RawInputs = {}) =>
  parseConfig(raw, { cwd: dir, root: dir, label: (name) => `input "${name}"`, tempDir: dir })

/** A sink that keeps what reporters said, as a terminal or runner would show it. */
function recordingSink() {
  const printed: string[] = []
  const warnings: string[] = []
  const annotated: string[] = []
  const sink: ReportSink = {
    print: (text) => printed.push(text),
    warn: (message) => warnings.push(message),
    annotations: {
      error: (message) => annotated.push(`error ${String(message)}`),
      warning: (message) => annotated.push(`warning ${String(message)}`),
      notice: (message) => annotated.push(`notice ${String(message)}`)
    }
  }
  return { sink, printed, warnings, annotated }
}

describe('the reporters registry', () => {
  it('gives the command one format on stdout, and the files its flags ask for', () => {
    const names = (format: Parameters<typeof commandReporters>[0], raw: RawInputs = {}) =>
      commandReporters(format, config(raw)).map(
        (c) => `${c.name}${c.file ? `>${path.basename(c.file)}` : ''}`
      )
    expect(names('text')).toEqual(['terminal'])
    expect(names('json')).toEqual(['json'])
    expect(names('sarif', { sarif: 'out.sarif' })).toEqual(['sarif', 'sarif>out.sarif'])
    expect(names('github', { junit: 'junit.xml' })).toEqual([
      'annotations',
      'summary',
      'junit>junit.xml'
    ])
  })

  it('gives the action the check run, annotations, reports, summary and comment; SARIF when asked', () => {
    expect(actionReporters(config(), dir).map((c) => c.name)).toEqual([
      'check-run',
      'annotations',
      'json',
      'junit',
      'summary',
      'comment'
    ])
    expect(actionReporters(config({ sarif: 'gate.sarif' }), dir).map((c) => c.name)).toContain(
      'sarif'
    )
  })

  it('runs each reporter alone: one that cannot write is one warning, the others still run', async () => {
    fs.writeFileSync(path.join(dir, 'blocker'), 'a file where a directory should be')
    const findings = [finding({ file: 'go.mod', line: 3 })]
    const { sink, printed, warnings, annotated } = recordingSink()
    const context = {
      report: report([result({ status: 'fail', findings })]),
      config: config(),
      root: dir,
      env: {},
      findings,
      sink,
      delivered: nothingDelivered()
    }
    await runReporters(
      [
        { name: 'summary' },
        { name: 'json', file: path.join(dir, 'blocker', 'report.json') },
        { name: 'annotations' }
      ],
      context
    )
    expect(warnings).toEqual([
      expect.stringMatching(/^could not write the JSON report to .*blocker.report\.json: /)
    ])
    // The registry's order, not the caller's: annotations first, so the summary can count them.
    expect(annotated).toEqual([expect.stringMatching(/^error go\.mod requires modules/)])
    expect(printed.join('')).toMatch(/## ❌ go-ci-gate: fail/)
    expect(context.delivered.files.json).toBeUndefined()
  })
})
