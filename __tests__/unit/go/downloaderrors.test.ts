// The download classifier on go's own words: the recordings of `go mod download -json -x`
// against a misbehaving local proxy (scripts/record-go-output.mjs, `npm run record`) and stderr
// captured from go 1.26 in cases a local proxy cannot stage (hosts renamed to example ones).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  allTransient,
  classifyDownloadErrors,
  moduleFromProxyUrl,
  parseDownloadJson,
  parseDownloadOutput,
  pendingRequests,
  unescapeModulePath,
  type DownloadError
} from '../../../src/go/downloaderrors.js'

const recorded = path.resolve('__fixtures__/recorded')
const index = JSON.parse(fs.readFileSync(path.join(recorded, 'index.json'), 'utf8')) as {
  recordings: Record<string, { command: string; stream: string; exitCode: number | null }>
}
const read = (name: string): string => fs.readFileSync(path.join(recorded, name), 'utf8')

/** The one error a stderr holds. */
function only(text: string): DownloadError {
  const errors = classifyDownloadErrors(text)
  expect(errors).toHaveLength(1)
  return errors[0] as DownloadError
}

const FAKE = { module: 'example.com/fake', version: 'v1.0.0' }

describe('recorded go mod download errors', () => {
  it('were recorded with -json -x', () => {
    const names = Object.keys(index.recordings).filter((n) => n.startsWith('download-'))
    expect(names.length).toBeGreaterThanOrEqual(12)
    for (const name of names) {
      expect(index.recordings[name]?.command).toBe('go mod download -json -x')
    }
  })

  it.each([
    ['download-503.stderr', 'transient', '503 Service Unavailable', 503],
    ['download-502.stderr', 'transient', '502 Bad Gateway', 502],
    ['download-404.stderr', 'not-found', '404 Not Found', 404],
    ['download-410.stderr', 'not-found', '410 Gone', 410],
    ['download-403.stderr', 'other', '403 Forbidden', 403]
  ])('%s: %s, %s', (name, kind, cause, status) => {
    const e = only(read(name))
    expect(e).toMatchObject({ kind, cause, status, ...FAKE })
    expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/example\.com\/fake\/@v\/v1\.0\.0\.mod$/)
    expect(e.text).toMatch(/^example\.com\/fake@v1\.0\.0: reading http/)
  })

  it.each([
    ['download-reset.stderr', 'EOF'],
    ['download-unexpected-eof.stderr', 'unexpected EOF'],
    ['download-refused.stderr', 'connection refused'],
    ['download-tls-timeout.stderr', 'TLS handshake timeout']
  ])('%s: transient, %s', (name, cause) => {
    const e = only(read(name))
    expect(e).toMatchObject({ kind: 'transient', cause, ...FAKE })
    expect(e.status).toBeUndefined()
  })

  it('download-checksum.stderr: the go.mod hash against go.sum, SECURITY ERROR included', () => {
    const e = only(read('download-checksum.stderr'))
    expect(e).toMatchObject({ kind: 'checksum', cause: 'checksum mismatch', goModOnly: true })
    expect(e).toMatchObject(FAKE)
    expect(e.checksum).toEqual({
      downloaded: 'h1:bjJ3dwSj3nRWYayqOpK1fS5baOLe27aCNvLSbK4XBuc=',
      expected: 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      source: 'go.sum'
    })
    expect(e.text).toContain('SECURITY ERROR')
    expect(e.text).toMatch(/For more information, see 'go help module-auth'\.$/)
  })

  it('download-hang.stderr: no error, one request go was still waiting for', () => {
    const output = parseDownloadOutput('', read('download-hang.stderr'))
    expect(output.errors).toEqual([])
    expect(output.pending).toHaveLength(1)
    expect(output.pending[0]).toMatchObject(FAKE)
    expect(output.pending[0]?.url).toMatch(/\/example\.com\/fake\/@v\/v1\.0\.0\.mod$/)
    expect(index.recordings['download-hang.stderr']?.exitCode).toBeNull()
  })

  it('download-zip-503.json: the zip failure arrives in the JSON Error field', () => {
    const output = parseDownloadOutput(read('download-zip-503.json'), '')
    expect(output.modules).toEqual([
      expect.objectContaining({ path: 'example.com/fake', version: 'v1.0.0' })
    ])
    expect(output.modules[0]?.error).toContain('503 Service Unavailable')
    expect(output.modules[0]?.zip).toBeUndefined()
    expect(output.errors).toEqual([
      expect.objectContaining({ kind: 'transient', status: 503, ...FAKE })
    ])
    expect(output.errors[0]?.url).toMatch(/\.zip$/)
  })
})

describe('classifyDownloadErrors', () => {
  it.each([
    ['500 Internal Server Error', 'transient'],
    ['504 Gateway Timeout', 'transient'],
    ['429 Too Many Requests', 'transient'],
    ['401 Unauthorized', 'other'],
    ['404 Not Found', 'not-found']
  ])('reads the status %s from the proxy as %s', (status, kind) => {
    const e = only(
      `go: github.com/x/y@v1.2.3: reading https://proxy.example.com/github.com/x/y/@v/v1.2.3.zip: ${status}\n`
    )
    expect(e).toMatchObject({ kind, cause: status, module: 'github.com/x/y', version: 'v1.2.3' })
  })

  it.each([
    [
      'dial tcp 192.0.2.1:443: i/o timeout',
      'i/o timeout',
      'go: github.com/x/y@v1.2.3: Get "https://proxy.example.com/github.com/x/y/@v/v1.2.3.mod": dial tcp 192.0.2.1:443: i/o timeout'
    ],
    [
      'connection reset by peer',
      'connection reset',
      'go: github.com/x/y@v1.2.3: Get "https://proxy.example.com/github.com/x/y/@v/v1.2.3.zip": read tcp 10.0.0.2:51234->192.0.2.1:443: read: connection reset by peer'
    ],
    [
      'unexpected EOF on the zip (go 1.26, local proxy)',
      'unexpected EOF',
      'go: github.com/google/uuid@v1.6.0: read "http://127.0.0.1:18033/github.com/google/uuid/@v/v1.6.0.zip": unexpected EOF'
    ],
    [
      'a DNS failure behind "invalid version" (go 1.26, GOPROXY=direct, no network)',
      'host not resolved',
      "go: github.com/google/uuid@v1.6.1-0.20990101000000-abcdefabcdef: invalid version: git ls-remote -q --end-of-options https://github.com/google/uuid in /tmp/mc/cache/vcs/c3a7: exit status 128:\n\tfatal: unable to access 'https://github.com/google/uuid/': Could not resolve host: github.com"
    ]
  ])('%s is transient', (_name, cause, text) => {
    expect(only(text)).toMatchObject({ kind: 'transient', cause })
  })

  it('lets the proxy status win over words in its response', () => {
    const e = only(
      [
        'go: github.com/x/y@v1.99.0: reading https://proxy.example.com/github.com/x/y/@v/v1.99.0.mod: 404 Not Found',
        '\tserver response: not found: github.com/x/y@v1.99.0: invalid version: git ls-remote: i/o timeout'
      ].join('\n')
    )
    expect(e).toMatchObject({ kind: 'not-found', status: 404, version: 'v1.99.0' })
    expect(e.text).toContain('server response: not found')
  })

  it('keeps a refusal with its server response as other (go 1.26, a proxy answering 403)', () => {
    const e = only(
      'go: github.com/google/uuid@v1.99.0: reading https://proxy.example.com/github.com/google/uuid/@v/v1.99.0.mod: 403 Forbidden\n\tserver response: This module version is not available.\n'
    )
    expect(e).toMatchObject({ kind: 'other', status: 403, cause: '403 Forbidden' })
    expect(e.text.split('\n')).toHaveLength(2)
  })

  it.each([
    [
      'unknown revision',
      'go: github.com/x/y@v9.9.9: invalid version: unknown revision v9.9.9',
      'unknown revision'
    ],
    [
      'a version missing from a file:// proxy (go 1.26)',
      'go: github.com/google/uuid@v1.99.0: reading file:///tmp/cache/download/github.com/google/uuid/@v/v1.99.0.mod: no such file or directory',
      'not in the file proxy'
    ]
  ])('%s is not-found', (_name, text, cause) => {
    expect(only(text)).toMatchObject({ kind: 'not-found', cause })
  })

  it('reads a zip checksum mismatch against go.sum (go 1.26)', () => {
    const e = only(
      [
        'verifying github.com/google/uuid@v1.6.0: checksum mismatch',
        '\tdownloaded: h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
        '\tgo.sum:     h1:AAAAJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
        '',
        'SECURITY ERROR',
        'This download does NOT match an earlier download recorded in go.sum.',
        'The bits may have been replaced on the origin server, or an attacker may',
        'have intercepted the download attempt.',
        '',
        "For more information, see 'go help module-auth'.",
        ''
      ].join('\n')
    )
    expect(e).toMatchObject({
      kind: 'checksum',
      module: 'github.com/google/uuid',
      version: 'v1.6.0',
      checksum: {
        downloaded: 'h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
        expected: 'h1:AAAAJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
        source: 'go.sum'
      }
    })
    expect(e.goModOnly).toBeUndefined()
  })

  it('names the checksum database when that is what disagrees', () => {
    const e = only(
      [
        'go: github.com/x/y@v1.0.0: verifying module: checksum mismatch',
        '\tdownloaded: h1:AAAA=',
        '\tsum.example.com: h1:BBBB=',
        '',
        'SECURITY ERROR',
        'This download does NOT match the one reported by the checksum server.',
        "For more information, see 'go help module-auth'."
      ].join('\n')
    )
    expect(e.kind).toBe('checksum')
    expect(e.checksum).toEqual({
      downloaded: 'h1:AAAA=',
      expected: 'h1:BBBB=',
      source: 'sum.example.com'
    })
  })

  it('locates a go.mod go cannot load, by the path go printed (go 1.26, -modfile)', () => {
    const e = only(
      'go: errors parsing ../t8/go.mod:\n../t8/go.mod:5: require github.com/google/uuid: version "v2.0.0" invalid: should be v0 or v1, not v2\n'
    )
    expect(e).toMatchObject({ kind: 'other', location: { file: '../t8/go.mod', line: 5 } })
    expect(e.module).toBeUndefined()
    expect(e.cause).toBe(
      'require github.com/google/uuid: version "v2.0.0" invalid: should be v0 or v1, not v2'
    )
  })

  it('returns one error per module, in order', () => {
    const errors = classifyDownloadErrors(
      [
        '# get http://127.0.0.1:1/github.com/google/uuid/@v/v1.6.0.zip: 503 Service Unavailable (0.002s)',
        'go: github.com/google/uuid@v1.6.0: reading http://127.0.0.1:1/github.com/google/uuid/@v/v1.6.0.zip: 503 Service Unavailable',
        'go: github.com/pkg/errors@v0.9.1: reading http://127.0.0.1:1/github.com/pkg/errors/@v/v0.9.1.zip: 404 Not Found'
      ].join('\n')
    )
    expect(errors.map((e) => [e.module, e.version, e.kind])).toEqual([
      ['github.com/google/uuid', 'v1.6.0', 'transient'],
      ['github.com/pkg/errors', 'v0.9.1', 'not-found']
    ])
    expect(allTransient(errors)).toBe(false)
    expect(allTransient(errors.slice(0, 1))).toBe(true)
    expect(allTransient([])).toBe(false)
  })

  it('ignores -x traces and progress lines', () => {
    expect(
      classifyDownloadErrors(
        [
          '# get https://proxy.example.com/github.com/x/y/@v/v1.0.0.mod',
          '# get https://proxy.example.com/github.com/x/y/@v/v1.0.0.mod: 200 OK (0.1s)',
          'mkdir -p /tmp/mc/cache/vcs # git3 https://github.com/x/y',
          'cd /tmp/mc/cache/vcs/abc; git ls-remote -q origin',
          '0.012s # cd /tmp/mc/cache/vcs/abc; git ls-remote -q origin',
          'go: downloading github.com/x/y v1.0.0'
        ].join('\n')
      )
    ).toEqual([])
  })

  // Reproducers from bench/fuzz.mjs: patterns that backtracked over long runs (quadratic: these
  // took hours); what they yield is asserted, never how long.
  it('reads lines with 1 MiB of blanks in them', () => {
    const blanks = ' \t'.repeat(1 << 19)
    const [refused, unavailable] = classifyDownloadErrors(
      [
        'go: example.com/a@v1.0.0: reading https://p/a: connection refused',
        `${blanks}x`,
        `go: example.com/b@v1.0.0: reading https://p/b: 503 Service${blanks}Unavailable${blanks}`
      ].join('\n')
    )
    expect(refused).toMatchObject({ kind: 'transient', module: 'example.com/a' })
    expect(refused?.text.endsWith('x')).toBe(true)
    expect(unavailable).toMatchObject({ kind: 'transient', status: 503, module: 'example.com/b' })
    expect(unavailable?.cause).toBe(`503 Service${blanks}Unavailable`)
  })

  it('reads a checksum mismatch without the hashes whose note has a million empty lines', () => {
    // The hash lines are looked for at each line's start: over the empty lines, they were
    // looked for again from each one (quadratic), when none was found earlier.
    const [error] = classifyDownloadErrors(
      [
        'verifying example.com/a@v1.0.0: checksum mismatch',
        '',
        'SECURITY ERROR',
        '\n'.repeat(1 << 20),
        "For more information, see 'go help module-auth'."
      ].join('\n')
    )
    expect(error).toMatchObject({ kind: 'checksum', module: 'example.com/a', version: 'v1.0.0' })
    expect(error?.checksum).toBeUndefined()
  })

  // Found reading the patterns next to the ones bench/fuzz.mjs found, not by it: each `module `
  // of a line was followed to the line's end.
  it('reads a line of 150,000 `module ` words, and a repository that does not exist', () => {
    const many = 'module '.repeat(150_000)
    expect(
      classifyDownloadErrors(`go: example.com/a@v1.0.0: ${many}x\n\tdoes not exist`)[0]?.kind
    ).toBe('other')
    expect(
      classifyDownloadErrors(`go: example.com/a@v1.0.0: ${many}repository does not exist`)[0]
    ).toMatchObject({ kind: 'not-found', cause: 'does not exist' })
  })

  it('locates a go.mod line whose message holds a line separator', () => {
    const errors = classifyDownloadErrors(
      `go: errors parsing go.mod:\ngo.mod:3: ${'x:1: '.repeat(200_000)}\u2028unknown directive`
    )
    expect(errors.map((e) => e.location)).toEqual([{ file: 'go.mod', line: 3 }])
  })

  it('never throws and only knows four kinds, whatever it is given', () => {
    const kinds = ['transient', 'not-found', 'checksum', 'other']
    const goish = fc.string({
      unit: fc.constantFrom(
        'go: ',
        'verifying ',
        'x.com/m@v1.0.0',
        '/go.mod',
        ': ',
        '\n',
        '\t',
        ' ',
        '503 Service Unavailable',
        '404 Not Found',
        'checksum mismatch',
        'SECURITY ERROR',
        'downloaded: h1:A=',
        'go.sum: h1:B=',
        '# get http://h/x.com/m/@v/v1.0.0.mod',
        'go.mod:3',
        'errors parsing go.mod:',
        'EOF',
        '{',
        '}',
        '"'
      ),
      maxLength: 60
    })
    fc.assert(
      fc.property(goish, goish, (stdout, stderr) => {
        const output = parseDownloadOutput(stdout, stderr)
        for (const e of output.errors) {
          expect(kinds).toContain(e.kind)
          expect(e.text).not.toBe('')
        }
      })
    )
  })
})

describe('parseDownloadJson', () => {
  it('reads go -json objects, braces inside strings included, and skips what is not', () => {
    const modules = parseDownloadJson(
      [
        '{\n\t"Path": "github.com/x/y",\n\t"Version": "v1.0.0",\n\t"Error": "x {not} \\"json\\""\n}',
        'noise',
        '{\n\t"Path": "github.com/x/z",\n\t"Version": "v0.1.0",\n\t"Zip": "/c/z.zip",\n\t"Sum": "h1:S=",\n\t"GoModSum": "h1:G="\n}',
        '{"NoPath": true}',
        '{broken'
      ].join('\n')
    )
    expect(modules).toEqual([
      { path: 'github.com/x/y', version: 'v1.0.0', error: 'x {not} "json"' },
      {
        path: 'github.com/x/z',
        version: 'v0.1.0',
        zip: '/c/z.zip',
        sum: 'h1:S=',
        goModSum: 'h1:G='
      }
    ])
  })
})

describe('pendingRequests and moduleFromProxyUrl', () => {
  it('lists requests started and never finished, each as often as it is open', () => {
    const pending = pendingRequests(
      [
        '# get http://127.0.0.1:9/github.com/a/b/@v/v1.0.0.mod',
        '# get http://127.0.0.1:9/github.com/c/d/@v/v2.0.0.zip',
        '# get http://127.0.0.1:9/github.com/a/b/@v/v1.0.0.mod: 200 OK (0.001s)',
        '# get http://127.0.0.1:9/github.com/e/f/@v/list'
      ].join('\n')
    )
    expect(pending).toEqual([
      {
        url: 'http://127.0.0.1:9/github.com/c/d/@v/v2.0.0.zip',
        module: 'github.com/c/d',
        version: 'v2.0.0'
      },
      { url: 'http://127.0.0.1:9/github.com/e/f/@v/list', module: 'github.com/e/f' }
    ])
  })

  it.each([
    [
      'https://proxy.example.com/github.com/!burnt!sushi/toml/@v/v1.3.2.zip',
      { module: 'github.com/BurntSushi/toml', version: 'v1.3.2' }
    ],
    [
      'https://goproxy.example.com/artifactory/api/go/golang/golang.org/x/mod/@v/v0.20.0.info',
      { module: 'golang.org/x/mod', version: 'v0.20.0' }
    ],
    ['https://proxy.example.com/github.com/x/y/@latest', { module: 'github.com/x/y' }],
    ['https://proxy.example.com/github.com/x/y/', {}],
    ['not a url', {}]
  ])('%s', (url, expected) => {
    expect(moduleFromProxyUrl(url)).toEqual(expected)
  })

  it('undoes go case encoding', () => {
    expect(unescapeModulePath('github.com/!azure/azure-sdk-for-go')).toBe(
      'github.com/Azure/azure-sdk-for-go'
    )
  })
})
