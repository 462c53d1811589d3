// assessVerify on facts made by hand (the integration test runs the real go): where a problem
// lands when go.sum cannot name it, and what a timeout becomes.
import { describe, expect, it } from '@jest/globals'
import { assessVerify, type ModuleVerifyFacts } from '../../../src/checks/verify.js'
import { locateDirectives } from '../../../src/go/gomod.js'

const GO_MOD = 'module example.com/a\n\ngo 1.24.0\n\nrequire github.com/pkg/errors v0.9.1\n'
const DIR_MODIFIED =
  'github.com/pkg/errors v0.9.1: dir has been modified (/c/github.com/pkg/errors@v0.9.1)\n'

function facts(over: Partial<ModuleVerifyFacts> = {}): ModuleVerifyFacts {
  return {
    module: { relDir: 'a', relPath: 'a/go.mod', directives: locateDirectives(GO_MOD) },
    goSum:
      'github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=\n' +
      'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\n',
    result: { exitCode: 1, stdout: '', stderr: DIR_MODIFIED, timedOut: false },
    inCache: ['github.com/pkg/errors v0.9.1'],
    notInCache: [],
    ...over
  }
}

describe('assessVerify', () => {
  it("annotates the module's files line in its own go.sum, under the module's directory", () => {
    const outcome = assessVerify({ modules: [facts()], skipped: [] })
    expect(outcome.findings.map((f) => [f.file, f.line, f.severity])).toEqual([
      ['a/go.sum', 2, 'error']
    ])
  })

  it('falls back to the require line when go.sum has no line for the module', () => {
    const outcome = assessVerify({ modules: [facts({ goSum: undefined })], skipped: [] })
    expect(outcome.findings.map((f) => [f.file, f.line])).toEqual([['a/go.mod', 5]])
    expect(outcome.findings[0]?.message).toContain(
      'a/go.sum has no line for github.com/pkg/errors v0.9.1'
    )
  })

  it('counts a module once across modules, and does not claim a count it does not have', () => {
    const clean = facts({
      result: { exitCode: 0, stdout: 'all modules verified\n', stderr: '', timedOut: false }
    })
    expect(assessVerify({ modules: [clean, clean], skipped: [] }).summary).toBe(
      '1 module verified; vendor/ is not covered (the vendor check compares it)'
    )
    expect(assessVerify({ modules: [facts({ inCache: undefined })], skipped: [] }).summary).toBe(
      '1 module failed verification; vendor/ is not covered (the vendor check compares it)'
    )
  })

  it('turns a timeout into an error on go.mod, not a crash', () => {
    const outcome = assessVerify({
      modules: [facts({ result: { exitCode: null, stdout: '', stderr: '', timedOut: true } })],
      skipped: []
    })
    expect(outcome.findings.map((f) => [f.file, f.line, f.severity, f.title])).toEqual([
      ['a/go.mod', undefined, 'error', 'go mod verify timed out in a']
    ])
    expect(outcome.findings[0]?.message).toBe(
      'go mod verify did not finish within 300s and was stopped'
    )
    expect(outcome.summary).toBe(
      'go mod verify could not run in a; vendor/ is not covered (the vendor check compares it)'
    )
  })
})
