// The go mod verify parser on output captured from go 1.26.8 (GOFLAGS=-modcacherw, a file://
// proxy, module cache in /tmp/exp/mc) after tampering with the cache as the integration tests
// do; __tests__/integration/verify.test.ts checks that the installed go still prints these.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  goMessage,
  goModLineIn,
  isProgressLine,
  moduleVersionsIn,
  parseProblemLine,
  parseVerifyOutput
} from '../../../src/go/verifyoutput.js'

// go mod verify, exit 0, stdout.
const ALL_VERIFIED = 'all modules verified\n'
// go mod verify, exit 1, stderr: an extracted file edited, the ziphash of another deleted.
const DIR_AND_ZIPHASH =
  'github.com/google/uuid v1.6.0: missing ziphash: open /tmp/exp/mc/cache/download/github.com/google/uuid/@v/v1.6.0.ziphash: no such file or directory\n' +
  'github.com/pkg/errors v0.9.1: dir has been modified (/tmp/exp/mc/github.com/pkg/errors@v0.9.1)\n'
// exit 1, stderr: v1.5.0's zip copied over v1.6.0's.
const ZIP_REPLACED =
  'github.com/google/uuid v1.6.0: zip has been modified (/tmp/exp/mc/cache/download/github.com/google/uuid/@v/v1.6.0.zip)\n'
// exit 1, stderr: four bytes overwritten at offset 100 of the zip; then the zip truncated to 100.
const ZIP_CORRUPT = 'github.com/google/uuid v1.6.0: flate: corrupt input before offset 45\n'
const ZIP_TRUNCATED = 'github.com/google/uuid v1.6.0: zip: not a valid zip file\n'
// exit 1, stderr: empty module cache, GOPROXY=off: the module graph does not load.
const LOOKUP_DISABLED = 'go: github.com/google/uuid@v1.6.0: module lookup disabled by GOPROXY=off\n'
// exit 1, stderr: a go.mod with an unknown directive on line 6.
const GOMOD_ERROR = 'go: errors parsing go.mod:\ngo.mod:6: unknown directive: bogus\n'
// exit 0 with an empty cache: verify downloads go.mod files to load the graph.
const DOWNLOADING =
  'go: downloading github.com/google/uuid v1.6.0\ngo: downloading github.com/pkg/errors v0.9.1\n'

describe('parseVerifyOutput', () => {
  it('reads success from stdout', () => {
    expect(parseVerifyOutput(ALL_VERIFIED, '')).toEqual({
      allVerified: true,
      problems: [],
      other: []
    })
    expect(parseVerifyOutput(ALL_VERIFIED, DOWNLOADING).other).toEqual([])
    expect(parseVerifyOutput('', '').allVerified).toBe(false)
  })

  it('reads a modified directory and a missing ziphash, in order', () => {
    expect(parseVerifyOutput('', DIR_AND_ZIPHASH)).toEqual({
      allVerified: false,
      problems: [
        {
          module: 'github.com/google/uuid',
          version: 'v1.6.0',
          kind: 'missing-ziphash',
          path: '/tmp/exp/mc/cache/download/github.com/google/uuid/@v/v1.6.0.ziphash',
          text: DIR_AND_ZIPHASH.split('\n')[0]
        },
        {
          module: 'github.com/pkg/errors',
          version: 'v0.9.1',
          kind: 'dir-modified',
          path: '/tmp/exp/mc/github.com/pkg/errors@v0.9.1',
          text: 'github.com/pkg/errors v0.9.1: dir has been modified (/tmp/exp/mc/github.com/pkg/errors@v0.9.1)'
        }
      ],
      other: []
    })
  })

  it('reads a modified zip', () => {
    expect(parseVerifyOutput('', ZIP_REPLACED).problems).toEqual([
      {
        module: 'github.com/google/uuid',
        version: 'v1.6.0',
        kind: 'zip-modified',
        path: '/tmp/exp/mc/cache/download/github.com/google/uuid/@v/v1.6.0.zip',
        text: ZIP_REPLACED.trim()
      }
    ])
  })

  it('reads a zip go cannot hash as unreadable', () => {
    for (const text of [ZIP_CORRUPT, ZIP_TRUNCATED]) {
      const [problem] = parseVerifyOutput('', text).problems
      expect(problem).toEqual({
        module: 'github.com/google/uuid',
        version: 'v1.6.0',
        kind: 'unreadable',
        text: text.trim()
      })
    }
  })

  it("keeps go's own failures apart from module problems", () => {
    expect(parseVerifyOutput('', LOOKUP_DISABLED)).toEqual({
      allVerified: false,
      problems: [],
      other: [LOOKUP_DISABLED.trim()]
    })
    expect(parseVerifyOutput('', GOMOD_ERROR).other).toEqual([
      'go: errors parsing go.mod:',
      'go.mod:6: unknown directive: bogus'
    ])
  })

  it('reads pseudo-versions, +incompatible and CRLF', () => {
    const text =
      'example.com/x v0.0.0-20240101000000-abcdef123456: dir has been modified (/c/x@v0.0.0-20240101000000-abcdef123456)\r\n' +
      'example.com/y v2.0.0+incompatible: zip has been modified (/c/y.zip)\r\n'
    expect(
      parseVerifyOutput('', text).problems.map((p) => [p.module, p.version, p.kind, p.path])
    ).toEqual([
      [
        'example.com/x',
        'v0.0.0-20240101000000-abcdef123456',
        'dir-modified',
        '/c/x@v0.0.0-20240101000000-abcdef123456'
      ],
      ['example.com/y', 'v2.0.0+incompatible', 'zip-modified', '/c/y.zip']
    ])
  })

  it('does not take go: lines or versionless lines for module problems', () => {
    expect(parseProblemLine('go: downloading github.com/pkg/errors v0.9.1')).toBeUndefined()
    expect(parseProblemLine('go: github.com/x v1.0.0: something')).toBeUndefined()
    expect(parseProblemLine('github.com/x latest: something')).toBeUndefined()
  })

  it('never throws and accounts for every non-blank, non-progress stderr line', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (stdout, stderr) => {
        const out = parseVerifyOutput(stdout, stderr)
        const lines = stderr
          .split(/\r?\n/)
          .filter((l) => l.trim() !== '' && !isProgressLine(l.trimEnd()))
        expect(out.problems.length + out.other.length).toBe(lines.length)
      })
    )
  })
})

describe('go messages', () => {
  it('drops progress lines', () => {
    expect(goMessage(DOWNLOADING + LOOKUP_DISABLED)).toBe(LOOKUP_DISABLED.trim())
    expect(isProgressLine('go: finding module for package github.com/google/uuid')).toBe(true)
    expect(
      isProgressLine('go: found github.com/google/uuid in github.com/google/uuid v1.6.0')
    ).toBe(true)
    expect(isProgressLine('go: example.com/loaderror imports')).toBe(false)
  })

  it('finds the go.mod line go names, not a dependency go.mod', () => {
    expect(goModLineIn(GOMOD_ERROR)).toEqual({ line: 6 })
    expect(goModLineIn('go: /repo/a/go.mod:12:3: bad')).toEqual({ line: 12, column: 3 })
    expect(
      goModLineIn('go: github.com/x@v1.0.0: parsing /cache/github.com/x@v1.0.0/go.mod:5: bad')
    ).toBeUndefined()
    expect(goModLineIn(LOOKUP_DISABLED)).toBeUndefined()
  })

  it('lists the module@version pairs a message names', () => {
    expect(moduleVersionsIn(LOOKUP_DISABLED)).toEqual([
      { module: 'github.com/google/uuid', version: 'v1.6.0' }
    ])
    // A proxy URL's /@v/v0.9.9.zip is not a module@version.
    expect(
      moduleVersionsIn(
        'github.com/pkg/errors: github.com/pkg/errors@v0.9.9: reading file:///p/github.com/pkg/errors/@v/v0.9.9.zip: no such file or directory'
      )
    ).toEqual([{ module: 'github.com/pkg/errors', version: 'v0.9.9' }])
  })

  // Reproducer from bench/fuzz.mjs: the pattern was tried at every character of a long word
  // without an @, and each try scanned to the word's end (a 70 KB line took 7 s, 1 MiB hours).
  it('reads a line with a 1 MiB word, and starts a module at the word’s first letter or digit', () => {
    const long = `# get http://127.0.0.1:33639/example.com/fake/@v/v1.0.${'x'.repeat(1 << 20)}`
    expect(moduleVersionsIn(long)).toEqual([])
    expect(moduleVersionsIn(`${'x'.repeat(1 << 20)} a.b/c@v1.2.3`)).toEqual([
      { module: 'a.b/c', version: 'v1.2.3' }
    ])
    expect(moduleVersionsIn('-foo@v1.2.3 (x/y@v1.0.0) "q@v0.0.1"')).toEqual([
      { module: 'foo', version: 'v1.2.3' },
      { module: 'x/y', version: 'v1.0.0' },
      { module: 'q', version: 'v0.0.1' }
    ])
  })
})
