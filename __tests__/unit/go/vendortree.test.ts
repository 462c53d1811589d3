// The pure halves of the vendor check: tree comparison, grouping by module, modules.txt reading
// and line diff. The modules.txt texts are what go 1.26.8's `go mod vendor` / `go work vendor`
// wrote for the fixtures (__fixtures__/go/vendor-*/vendor/modules.txt) and for a replace.
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from '@jest/globals'
import {
  compareTrees,
  describeGroup,
  diffLines,
  findEntry,
  firstDifferingLine,
  groupByModule,
  normalizeLineEndings,
  parseModulesTxt,
  splitLines,
  type LineHunk
} from '../../../src/go/vendortree.js'

const fixture = (name: string): string =>
  fs.readFileSync(path.resolve('__fixtures__/go', name, 'vendor/modules.txt'), 'utf8')

/** `go mod vendor` with `replace github.com/google/uuid => github.com/google/uuid v1.5.0`. */
const REPLACED =
  '# github.com/google/uuid v1.6.0 => github.com/google/uuid v1.5.0\n' +
  '## explicit\n' +
  'github.com/google/uuid\n' +
  '# github.com/google/uuid => github.com/google/uuid v1.5.0\n'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('parseModulesTxt', () => {
  it('reads a module vendor/modules.txt', () => {
    const text = fixture('vendor-module')
    expect(text).toBe('# github.com/google/uuid v1.6.0\n## explicit\ngithub.com/google/uuid\n')
    expect(parseModulesTxt(text)).toEqual({
      workspace: false,
      entries: [
        {
          path: 'github.com/google/uuid',
          version: 'v1.6.0',
          explicit: true,
          line: 1,
          endLine: 3,
          annotationLine: 2,
          packages: ['github.com/google/uuid']
        }
      ],
      blockOf: ['', 'github.com/google/uuid', 'github.com/google/uuid', 'github.com/google/uuid']
    })
  })

  it('knows a workspace vendor/modules.txt by its first line', () => {
    const parsed = parseModulesTxt(fixture('vendor-workspace'))
    expect(parsed.workspace).toBe(true)
    expect(parsed.entries.map((e) => [e.path, e.version, e.line, e.explicit])).toEqual([
      ['github.com/pkg/errors', 'v0.9.1', 2, true]
    ])
    expect(parsed.blockOf[1]).toBe('')
  })

  it('reads replacements, wildcard ones included', () => {
    const parsed = parseModulesTxt(REPLACED)
    expect(findEntry(parsed, 'github.com/google/uuid', 'v1.6.0')).toMatchObject({
      replacement: 'github.com/google/uuid v1.5.0',
      line: 1,
      endLine: 3
    })
    expect(findEntry(parsed, 'github.com/google/uuid')).toMatchObject({
      replacement: 'github.com/google/uuid v1.5.0',
      line: 4,
      endLine: 4,
      packages: []
    })
  })

  it('reads `## explicit; go 1.22` and an annotation-less block', () => {
    const parsed = parseModulesTxt(
      '# a.example/x v1.0.0\n## explicit; go 1.22\na.example/x\n# b.example/y v0.1.0\nb.example/y\n'
    )
    expect(parsed.entries.map((e) => [e.path, e.explicit, e.goVersion, e.annotationLine])).toEqual([
      ['a.example/x', true, '1.22', 2],
      ['b.example/y', false, undefined, undefined]
    ])
  })
})

describe('compareTrees and groupByModule', () => {
  const regenerated = new Map([
    ['github.com/google/uuid/uuid.go', 'u'],
    ['github.com/google/uuid/hash.go', 'h'],
    ['github.com/google/uuid/dce.go', 'd'],
    ['github.com/a/b/b.go', 'b'],
    ['github.com/a/b/c/c.go', 'c']
  ])

  it('finds missing, extra and changed files, sorted', () => {
    const committed = new Map(regenerated)
    committed.set('github.com/google/uuid/uuid.go', 'U')
    committed.set('github.com/google/uuid/hash.go', 'H')
    committed.delete('github.com/google/uuid/dce.go')
    committed.set('github.com/pkg/errors/errors.go', 'e')
    expect(compareTrees(committed, regenerated)).toEqual({
      missing: ['github.com/google/uuid/dce.go'],
      extra: ['github.com/pkg/errors/errors.go'],
      changed: ['github.com/google/uuid/hash.go', 'github.com/google/uuid/uuid.go']
    })
    expect(compareTrees(regenerated, new Map(regenerated))).toEqual({
      missing: [],
      extra: [],
      changed: []
    })
  })

  it('groups by the longest module path, a file of no module by its directory', () => {
    const groups = groupByModule(
      {
        missing: ['github.com/google/uuid/dce.go'],
        extra: ['github.com/pkg/errors/errors.go', 'stray.txt'],
        changed: [
          'github.com/a/b/c/c.go',
          'github.com/google/uuid/hash.go',
          'github.com/google/uuid/uuid.go'
        ]
      },
      ['github.com/google/uuid', 'github.com/a/b', 'github.com/a/b/c']
    )
    expect(groups).toEqual([
      { dir: '', missing: [], extra: ['stray.txt'], changed: [] },
      {
        dir: 'github.com/a/b/c',
        module: 'github.com/a/b/c',
        missing: [],
        extra: [],
        changed: ['github.com/a/b/c/c.go']
      },
      {
        dir: 'github.com/google/uuid',
        module: 'github.com/google/uuid',
        missing: ['github.com/google/uuid/dce.go'],
        extra: [],
        changed: ['github.com/google/uuid/hash.go', 'github.com/google/uuid/uuid.go']
      },
      {
        dir: 'github.com/pkg/errors',
        missing: [],
        extra: ['github.com/pkg/errors/errors.go'],
        changed: []
      }
    ])
    expect(describeGroup(groups[2] as (typeof groups)[number])).toBe(
      '2 files changed: hash.go, uuid.go; 1 missing: dce.go'
    )
  })

  it('lists at most five names per kind', () => {
    const extra = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => `m/${n}.go`)
    expect(describeGroup({ dir: 'm', module: 'm', missing: [], changed: [], extra })).toBe(
      '7 extra: a.go, b.go, c.go, d.go, e.go and 2 more'
    )
  })
})

describe('firstDifferingLine and normalizeLineEndings', () => {
  it('names the line of the first differing byte', () => {
    expect(firstDifferingLine(enc('a\nb\nc\n'), enc('a\nb\nX\n'))).toBe(3)
    expect(firstDifferingLine(enc('a\nb\n'), enc('a\nb\nmore\n'))).toBe(3)
    expect(firstDifferingLine(enc('same'), enc('same'))).toBe(1)
    expect(firstDifferingLine(enc(''), enc('x'))).toBe(1)
  })

  it('treats CRLF as LF and leaves lone CRs alone', () => {
    expect(new TextDecoder().decode(normalizeLineEndings(enc('a\r\nb\rc\r\n')))).toBe('a\nb\rc\n')
    const lf = enc('no carriage returns\n')
    expect(normalizeLineEndings(lf)).toBe(lf)
  })
})

/** Applies hunks to `a`, which must give `b`. */
function apply(a: string[], hunks: LineHunk[]): string[] {
  const out: string[] = []
  let i = 0
  for (const h of hunks) {
    const start = h.removed.length === 0 ? h.committedStart : h.committedStart - 1
    while (i < start) out.push(a[i++] as string)
    expect(a.slice(i, i + h.removed.length)).toEqual(h.removed)
    i += h.removed.length
    out.push(...h.added)
  }
  while (i < a.length) out.push(a[i++] as string)
  return out
}

describe('diffLines', () => {
  const committed = splitLines(fixture('vendor-module'))

  it('points a dropped `## explicit` at the line it followed', () => {
    const drifted = committed.filter((l) => l !== '## explicit')
    expect(diffLines(drifted, committed)).toEqual([
      { committedStart: 1, removed: [], regeneratedStart: 2, added: ['## explicit'] }
    ])
  })

  it('points an extra committed block at its lines', () => {
    const drifted = [
      ...committed,
      '# github.com/pkg/errors v0.9.1',
      '## explicit',
      'github.com/pkg/errors'
    ]
    expect(diffLines(drifted, committed)).toEqual([
      {
        committedStart: 4,
        removed: ['# github.com/pkg/errors v0.9.1', '## explicit', 'github.com/pkg/errors'],
        regeneratedStart: 4,
        added: []
      }
    ])
  })

  it('pairs a changed version line with its replacement', () => {
    const drifted = committed.map((l) => l.replace('v1.6.0', 'v1.5.0'))
    expect(diffLines(drifted, committed)).toEqual([
      {
        committedStart: 1,
        removed: ['# github.com/google/uuid v1.5.0'],
        regeneratedStart: 1,
        added: ['# github.com/google/uuid v1.6.0']
      }
    ])
  })

  it('finds nothing in equal files, and adding to an empty file starts at line 0', () => {
    expect(diffLines(committed, [...committed])).toEqual([])
    expect(diffLines([], ['x'])).toEqual([
      { committedStart: 0, removed: [], regeneratedStart: 1, added: ['x'] }
    ])
  })

  it('turns the committed lines into the regenerated ones, for any two files', () => {
    const line = fc.constantFrom('# a v1', '## explicit', 'a', 'a/b', '# b v2', 'b', '')
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (a, b) => {
        const hunks = diffLines(a, b)
        expect(apply(a, hunks)).toEqual(b)
        for (const h of hunks) expect(h.removed.length + h.added.length).toBeGreaterThan(0)
      })
    )
  })
})
