// Parsers on go output recorded from the installed go by `npm run record`
// (scripts/record-go-output.mjs); index.json says which command printed each file.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { loadErrorFindings } from '../../../src/checks/modfile.js'
import { parseGoEnvJson } from '../../../src/go/env.js'
import { findDirectiveLine, locateDirectives, parseGoModJson } from '../../../src/go/gomod.js'
import { parseGoVersion } from '../../../src/go/version.js'

const recorded = path.resolve('__fixtures__/recorded')
const index = JSON.parse(fs.readFileSync(path.join(recorded, 'index.json'), 'utf8')) as {
  goVersion: string
  recordings: Record<string, { command: string; dir: string; exitCode: number }>
}
const read = (name: string): string => fs.readFileSync(path.join(recorded, name), 'utf8')
const modEdits = Object.entries(index.recordings).filter(([name]) =>
  /^mod-edit-.*\.json$/.test(name)
)

describe('recorded go output', () => {
  it('go env -json parses into the variables the gate pins and fingerprints', () => {
    const env = parseGoEnvJson(read('go-env.json'))
    expect(env.GOVERSION).toBe(index.goVersion)
    expect(parseGoVersion(env.GOVERSION ?? '')).toBeDefined()
    for (const key of [
      'GOPROXY',
      'GOSUMDB',
      'GOFLAGS',
      'GOTOOLCHAIN',
      'GOOS',
      'GOARCH',
      'CGO_ENABLED',
      'GOMODCACHE'
    ]) {
      expect(env).toHaveProperty(key)
    }
  })

  it('has a go mod edit -json recording for every fixture module', () => {
    expect(modEdits.length).toBeGreaterThanOrEqual(8)
  })

  it.each(modEdits)('%s: the JSON and the located directives agree', (name, meta) => {
    const json = parseGoModJson(read(name))
    if (json === undefined) throw new Error(`${name}: not go.mod JSON`)
    const gomod = fs.readFileSync(path.join(meta.dir, 'go.mod'), 'utf8')
    const directives = locateDirectives(gomod)
    expect(directives.find((d) => d.verb === 'module')?.args[0]).toBe(json.Module.Path)
    if (json.Go !== undefined) {
      const line = findDirectiveLine(directives, 'go', [json.Go])
      expect(line).toBeDefined()
      expect(gomod.split('\n')[(line ?? 0) - 1]).toMatch(
        new RegExp(`^go ${json.Go.replace(/\./g, '\\.')}\\b`)
      )
    }
    for (const require of json.Require ?? []) {
      expect(
        findDirectiveLine(directives, 'require', [require.Path, require.Version])
      ).toBeDefined()
    }
    for (const replace of json.Replace ?? []) {
      expect(findDirectiveLine(directives, 'replace', [replace.Old.Path])).toBeDefined()
    }
  })

  it("go's unreadable-go.mod message becomes an error at the line go names", () => {
    const stderr = read('mod-edit-broken.stderr')
    const file = /^(\/\S+go\.mod):\d+:/m.exec(stderr)?.[1] ?? '/tmp/x/go.mod'
    const findings = loadErrorFindings({
      file,
      relPath: 'svc/go.mod',
      text: '',
      directives: [],
      loadError: stderr.trim()
    })
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'modfile/unreadable',
        severity: 'error',
        file: 'svc/go.mod',
        line: 5,
        message: 'svc/go.mod:5: unknown directive: frobnicate'
      })
    ])
  })

  it("go's own refusal of a newer go line is the message the toolchain check mirrors", () => {
    expect(read('list-go-line-newer.stderr').trim()).toBe(
      `go: go.mod requires go >= 1.99.0 (running go ${index.goVersion.replace(/^go/, '')}; GOTOOLCHAIN=local)`
    )
  })
})
