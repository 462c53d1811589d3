import { describe, expect, it, jest } from '@jest/globals'
import os from 'node:os'
import * as core from '../../../__fixtures__/core.js'
import { finding, report, result, testsReport } from './fixtures.js'

jest.unstable_mockModule('@actions/core', () => core)

const { exportEnvironment, maskSecret, removeGoProblemMatcher, setOutputs } =
  await import('../../../src/report/outputs.js')

function outputs(): Record<string, unknown> {
  return Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, value]))
}

describe('setOutputs', () => {
  it('sets the verdict, counts, go version, fingerprint and report path', () => {
    const r = report(
      [
        result({
          status: 'fail',
          findings: [
            finding(),
            finding({ severity: 'warning' }),
            finding({ severity: 'warning' }),
            finding({ severity: 'notice' })
          ]
        }),
        result({ check: 'env', findings: [finding({ check: 'env', severity: 'error' })] })
      ],
      { goVersion: '1.26.8', environment: { hash: 'abc123', values: {} } }
    )
    setOutputs(r, { reportPath: '/tmp/go-ci-gate/report.json' })
    expect(outputs()).toEqual({
      result: 'fail',
      errors: '2',
      warnings: '2',
      notices: '1',
      'go-version': '1.26.8',
      'env-fingerprint': 'abc123',
      report: '/tmp/go-ci-gate/report.json',
      junit: '',
      sarif: '',
      coverage: '',
      'cache-hit': 'false',
      'build-cache-hit': 'false'
    })
  })

  it('says which cache was restored from its exact key', () => {
    const entry = { path: '/c', key: 'k' } as const
    const r = report([result()], {
      cache: [
        { ...entry, name: 'module', restore: 'exact', restoredKey: 'k' },
        { ...entry, name: 'build', restore: 'partial', restoredKey: 'k-older' }
      ]
    })
    setOutputs(r, { reportPath: 'r.json' })
    expect(outputs()).toMatchObject({ 'cache-hit': 'true', 'build-cache-hit': 'false' })
    core.setOutput.mockClear()
    setOutputs(report([result()], { cache: [{ ...entry, name: 'build', restore: 'exact' }] }), {
      reportPath: 'r.json'
    })
    expect(outputs()).toMatchObject({ 'cache-hit': 'false', 'build-cache-hit': 'true' })
  })

  it('sets the SARIF path when one was written', () => {
    setOutputs(report([result()]), { reportPath: 'r.json', sarifPath: '/w/go-ci-gate.sarif' })
    expect(outputs()).toMatchObject({ sarif: '/w/go-ci-gate.sarif' })
  })

  it('sets empty strings when the toolchain and environment are unknown', () => {
    setOutputs(report([result()]), { reportPath: 'r.json' })
    expect(outputs()).toMatchObject({ result: 'pass', 'go-version': '', 'env-fingerprint': '' })
  })

  it('sets the JUnit path and the total coverage when there are tests', () => {
    const r = report([result({ check: 'tests' })], { tests: testsReport({ coverage: 72.345 }) })
    setOutputs(r, { reportPath: 'r.json', junitPath: '/tmp/go-ci-gate/junit.xml' })
    expect(outputs()).toMatchObject({ junit: '/tmp/go-ci-gate/junit.xml', coverage: '72.3' })
    core.setOutput.mockClear()
    setOutputs(report([], { tests: testsReport({ coverage: 100 }) }), { reportPath: 'r.json' })
    expect(outputs()).toMatchObject({ junit: '', coverage: '100.0' })
    core.setOutput.mockClear()
    // Tests ran without coverage: nothing to say.
    setOutputs(report([], { tests: testsReport() }), { reportPath: 'r.json' })
    expect(outputs()).toMatchObject({ coverage: '' })
  })
})

describe('exportEnvironment', () => {
  it('exports every variable', () => {
    exportEnvironment({ GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' })
    expect(core.exportVariable.mock.calls).toEqual([
      ['GOFLAGS', '-mod=readonly'],
      ['GOTOOLCHAIN', 'local']
    ])
  })
})

describe('removeGoProblemMatcher', () => {
  it('prints exactly the remove-matcher command', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      removeGoProblemMatcher()
      expect(write.mock.calls).toEqual([[`::remove-matcher owner=go::${os.EOL}`]])
    } finally {
      write.mockRestore()
    }
  })
})

describe('maskSecret', () => {
  it('masks non-empty values only', () => {
    maskSecret('')
    maskSecret(undefined)
    expect(core.setSecret).not.toHaveBeenCalled()
    maskSecret('ghp_secret')
    expect(core.setSecret).toHaveBeenCalledWith('ghp_secret')
  })
})
