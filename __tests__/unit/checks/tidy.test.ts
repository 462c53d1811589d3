// assessTidy and the version gate on facts made by hand (the integration test runs the real go).
import { describe, expect, it } from '@jest/globals'
import { assessTidy, goTooOld, type ModuleTidyFacts } from '../../../src/checks/tidy.js'
import { locateDirectives } from '../../../src/go/gomod.js'

const GO_MOD = 'module example.com/a\n\ngo 1.24.0\n\nrequire github.com/google/uuid v1.6.0\n'
// go mod tidy -diff with no go.sum on disk (go 1.26.8, exit 1).
const NO_GO_SUM = `diff current/go.sum tidy/go.sum
--- current/go.sum
+++ tidy/go.sum
@@ -0,0 +1,2 @@
+github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=
+github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=

`

function facts(over: Partial<ModuleTidyFacts> = {}): ModuleTidyFacts {
  return {
    module: { relDir: 'a', relPath: 'a/go.mod', directives: locateDirectives(GO_MOD) },
    exists: { 'go.mod': true, 'go.sum': true },
    result: { exitCode: 1, stdout: NO_GO_SUM, stderr: '', timedOut: false },
    ...over
  }
}

describe('assessTidy', () => {
  it("names files under the module's directory and fixes there", () => {
    const [f] = assessTidy({ modules: [facts()], skipped: [] }).findings
    expect([f?.file, f?.line, f?.endLine, f?.severity]).toEqual(['a/go.sum', 1, undefined, 'error'])
    expect(f?.fix).toBe('run `go mod tidy` in a and commit go.mod and go.sum')
  })

  it('gives no line in a go.sum that does not exist yet', () => {
    const [f] = assessTidy({
      modules: [facts({ exists: { 'go.mod': true, 'go.sum': false } })],
      skipped: []
    }).findings
    expect([f?.file, f?.line]).toEqual(['a/go.sum', undefined])
    expect(f?.message).toMatch(
      /^a\/go\.sum does not exist; go mod tidy would create it:\n@@ -0,0 \+1,2 @@\n/
    )
  })

  it("places a load error on the go.mod line go names, with the root's path made relative", () => {
    const stderr = 'go: errors parsing go.mod:\n/repo/a/go.mod:5:9: malformed module path\n'
    const [f] = assessTidy({
      modules: [facts({ result: { exitCode: 1, stdout: '', stderr, timedOut: false } })],
      skipped: [],
      root: '/repo'
    }).findings
    expect([f?.file, f?.line, f?.column, f?.title]).toEqual([
      'a/go.mod',
      5,
      9,
      'go mod tidy cannot load the module in a'
    ])
    expect(f?.message).toBe('go: errors parsing go.mod:\na/go.mod:5:9: malformed module path')
  })

  it('turns a timeout into an error, even with partial output', () => {
    const outcome = assessTidy({
      modules: [
        facts({ result: { exitCode: null, stdout: NO_GO_SUM, stderr: '', timedOut: true } })
      ],
      skipped: []
    })
    expect(outcome.findings.map((f) => [f.file, f.line, f.title])).toEqual([
      ['a/go.mod', undefined, 'go mod tidy -diff timed out in a']
    ])
    expect(outcome.summary).toBe('1 of 1 module could not be loaded')
  })
})

describe('goTooOld', () => {
  it('skips before 1.23 with a notice, and runs from 1.23rc1 on or when the version is unknown', () => {
    expect(goTooOld('go1.22.12')).toMatchObject({
      status: 'skipped',
      findings: [
        { rule: 'tidy/unsupported', severity: 'notice', title: 'tidy needs Go 1.23 or newer' }
      ]
    })
    expect(goTooOld('go1.23rc1')).toBeUndefined()
    expect(goTooOld('go1.23.0')).toBeUndefined()
    expect(goTooOld('go1.26.8 X:nocoverageredesign')).toBeUndefined()
    expect(goTooOld('devel go1.27-abcdef')).toBeUndefined()
  })
})
