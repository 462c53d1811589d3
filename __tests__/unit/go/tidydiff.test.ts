// The go mod tidy -diff parser on stdout captured from go 1.26.8 (exit 1 each) in the
// __fixtures__/go/tidy-* modules and a few variants of them; __tests__/integration/tidy.test.ts
// checks that the installed go still prints what these samples show.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { hasTidyDiff, hunkModules, parseTidyDiff } from '../../../src/go/tidydiff.js'

const UUID_H1 = 'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0='
const UUID_MOD =
  'github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo='
const ERRORS_H1 = 'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4='
const ERRORS_MOD =
  'github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0='

// tidy-unused-require: `require github.com/pkg/errors v0.9.1` on line 7, after a blank line.
const UNUSED_REQUIRE = `diff current/go.mod tidy/go.mod
--- current/go.mod
+++ tidy/go.mod
@@ -3,5 +3,3 @@
 go 1.24.0
 
 require github.com/google/uuid v1.6.0
-
-require github.com/pkg/errors v0.9.1

diff current/go.sum tidy/go.sum
--- current/go.sum
+++ tidy/go.sum
@@ -1,4 +1,2 @@
 ${UUID_H1}
 ${UUID_MOD}
-${ERRORS_H1}
-${ERRORS_MOD}

`

// Both requires in one block (lines 5-8), only uuid imported: tidy collapses the block.
const COLLAPSED_BLOCK = `diff current/go.mod tidy/go.mod
--- current/go.mod
+++ tidy/go.mod
@@ -2,7 +2,4 @@
 
 go 1.24.0
 
-require (
-\tgithub.com/google/uuid v1.6.0
-\tgithub.com/pkg/errors v0.9.1
-)
+require github.com/google/uuid v1.6.0

`

// tidy-missing-require: uuid imported, go.mod has `require (` on line 5 with pkg/errors only.
const MISSING_REQUIRE = `diff current/go.mod tidy/go.mod
--- current/go.mod
+++ tidy/go.mod
@@ -3,5 +3,6 @@
 go 1.24.0
 
 require (
+\tgithub.com/google/uuid v1.6.0
 \tgithub.com/pkg/errors v0.9.1
 )

diff current/go.sum tidy/go.sum
--- current/go.sum
+++ tidy/go.sum
@@ -1,2 +1,4 @@
+${UUID_H1}
+${UUID_MOD}
 ${ERRORS_H1}
 ${ERRORS_MOD}

`

// Same module, go.mod with a single-line require of pkg/errors: a change, not an insertion.
const MISSING_REQUIRE_SINGLE_LINE = `diff current/go.mod tidy/go.mod
--- current/go.mod
+++ tidy/go.mod
@@ -2,4 +2,7 @@
 
 go 1.24.0
 
-require github.com/pkg/errors v0.9.1
+require (
+\tgithub.com/google/uuid v1.6.0
+\tgithub.com/pkg/errors v0.9.1
+)

`

// tidy-missing-sum: the pkg/errors h1 line missing after line 2.
const MISSING_SUM = `diff current/go.sum tidy/go.sum
--- current/go.sum
+++ tidy/go.sum
@@ -1,3 +1,4 @@
 ${UUID_H1}
 ${UUID_MOD}
+${ERRORS_H1}
 ${ERRORS_MOD}

`

// tidy-stale-sum: uuid's two lines left behind at the top.
const STALE_SUM = `diff current/go.sum tidy/go.sum
--- current/go.sum
+++ tidy/go.sum
@@ -1,4 +1,2 @@
-${UUID_H1}
-${UUID_MOD}
 ${ERRORS_H1}
 ${ERRORS_MOD}

`

// go.sum without its pkg/errors h1 line and without a final newline.
const NO_FINAL_NEWLINE = `diff current/go.sum tidy/go.sum
--- current/go.sum
+++ tidy/go.sum
@@ -1,3 +1,4 @@
 ${UUID_H1}
 ${UUID_MOD}
-${ERRORS_MOD}
\\ No newline at end of file
+${ERRORS_H1}
+${ERRORS_MOD}

`

// No go.sum at all: an empty current file.
const NO_GO_SUM = `diff current/go.sum tidy/go.sum
--- current/go.sum
+++ tidy/go.sum
@@ -0,0 +1,4 @@
+${UUID_H1}
+${UUID_MOD}
+${ERRORS_H1}
+${ERRORS_MOD}

`

type Place = [file: string, line: number, endLine: number, kind: string]
const places = (stdout: string): Place[] =>
  parseTidyDiff(stdout).map((h) => [h.file, h.line, h.endLine, h.kind])

describe('parseTidyDiff', () => {
  it('recognises a diff, and its absence', () => {
    expect(hasTidyDiff(UNUSED_REQUIRE)).toBe(true)
    expect(hasTidyDiff('')).toBe(false)
    expect(hasTidyDiff('go: example.com/loaderror imports\n')).toBe(false)
    expect(parseTidyDiff('')).toEqual([])
  })

  it('places an unused require on its line, the blank separator left out', () => {
    const [mod, sum] = parseTidyDiff(UNUSED_REQUIRE)
    expect(mod).toEqual({
      file: 'go.mod',
      oldStart: 3,
      oldCount: 5,
      newStart: 3,
      newCount: 3,
      text: UNUSED_REQUIRE.split('\n').slice(3, 9).join('\n'),
      line: 7,
      endLine: 7,
      kind: 'removal',
      removedLines: [6, 7],
      removed: ['', 'require github.com/pkg/errors v0.9.1'],
      added: []
    })
    expect(sum).toMatchObject({ file: 'go.sum', line: 3, endLine: 4, kind: 'removal' })
    expect(sum?.text).toBe(UNUSED_REQUIRE.split('\n').slice(13, 18).join('\n'))
  })

  it('spans a rewritten require block', () => {
    expect(places(COLLAPSED_BLOCK)).toEqual([['go.mod', 5, 8, 'change']])
  })

  it('places a pure insertion after the line it follows, and at the top on line 1', () => {
    expect(places(MISSING_REQUIRE)).toEqual([
      ['go.mod', 5, 5, 'insertion'],
      ['go.sum', 1, 1, 'insertion']
    ])
    expect(places(MISSING_SUM)).toEqual([['go.sum', 2, 2, 'insertion']])
    expect(places(NO_GO_SUM)).toEqual([['go.sum', 1, 1, 'insertion']])
  })

  it('places a rewritten single-line require on that line', () => {
    expect(places(MISSING_REQUIRE_SINGLE_LINE)).toEqual([['go.mod', 5, 5, 'change']])
  })

  it('places stale go.sum lines', () => {
    expect(places(STALE_SUM)).toEqual([['go.sum', 1, 2, 'removal']])
  })

  it('keeps the no-newline marker in the text without counting it as a line', () => {
    const [hunk] = parseTidyDiff(NO_FINAL_NEWLINE)
    expect(hunk).toMatchObject({ line: 3, endLine: 3, kind: 'change', removedLines: [3] })
    expect(hunk?.added).toEqual([ERRORS_H1, ERRORS_MOD])
    expect(hunk?.text).toContain('\\ No newline at end of file')
  })

  it('reads headers without counts and context whose blank was stripped', () => {
    const stdout =
      'diff current/go.mod tidy/go.mod\n--- current/go.mod\n+++ tidy/go.mod\n' +
      '@@ -2,3 +2,2 @@\n\n go 1.24.0\n-require x v1.0.0\n' +
      '@@ -9 +8,0 @@\n-require y v1.0.0\n' +
      // Without context (diff -U0), a pure insertion's old start is the line it follows.
      '@@ -12,0 +11,1 @@\n+require z v1.0.0\n'
    expect(places(stdout)).toEqual([
      ['go.mod', 4, 4, 'removal'],
      ['go.mod', 9, 9, 'removal'],
      ['go.mod', 12, 12, 'insertion']
    ])
  })

  it('separates hunks of one file', () => {
    const lines = Array.from({ length: 20 }, (_, k) => `l${k + 1}`)
    const stdout =
      'diff current/go.sum tidy/go.sum\n--- current/go.sum\n+++ tidy/go.sum\n' +
      `@@ -1,4 +1,3 @@\n-${lines[0]}\n ${lines[1]}\n ${lines[2]}\n ${lines[3]}\n` +
      `@@ -12,6 +11,7 @@\n ${lines[11]}\n ${lines[12]}\n ${lines[13]}\n+new\n ${lines[14]}\n ${lines[15]}\n ${lines[16]}\n`
    expect(places(stdout)).toEqual([
      ['go.sum', 1, 1, 'removal'],
      ['go.sum', 14, 14, 'insertion']
    ])
  })

  it('never throws on arbitrary text, and every place is a real line range', () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        for (const hunk of parseTidyDiff(`diff current/go.mod tidy/go.mod\n${tail}`)) {
          expect(hunk.line).toBeGreaterThanOrEqual(1)
          expect(hunk.endLine).toBeGreaterThanOrEqual(hunk.line)
        }
      })
    )
  })

  it('points removed lines at the current file and insertions after the line they follow', () => {
    // A current file of distinct lines, and an edit: each line kept or removed, some inserted
    // before it (or at the end). Printed as one hunk with all kept lines as context.
    const edit = fc
      .array(fc.record({ keep: fc.boolean(), insertBefore: fc.nat({ max: 2 }) }), {
        minLength: 0,
        maxLength: 12
      })
      .chain((ops) => fc.record({ ops: fc.constant(ops), insertAtEnd: fc.nat({ max: 2 }) }))
    fc.assert(
      fc.property(edit, ({ ops, insertAtEnd }) => {
        const current = ops.map((_, k) => `old ${k + 1}`)
        const body: string[] = []
        let newCount = 0
        let inserted = 0
        const insertionsAfter: number[] = []
        ops.forEach((op, k) => {
          for (let n = 0; n < op.insertBefore; n++) {
            body.push(`+new ${inserted++}`)
            insertionsAfter.push(k)
            newCount++
          }
          if (op.keep) {
            body.push(` ${current[k]}`)
            newCount++
          } else body.push(`-${current[k]}`)
        })
        for (let n = 0; n < insertAtEnd; n++) {
          body.push(`+new ${inserted++}`)
          insertionsAfter.push(ops.length)
          newCount++
        }
        const removedAny = ops.some((o) => !o.keep)
        fc.pre(removedAny || inserted > 0)
        const oldStart = current.length === 0 ? 0 : 1
        const newStart = newCount === 0 ? 0 : 1
        const stdout =
          'diff current/go.sum tidy/go.sum\n--- current/go.sum\n+++ tidy/go.sum\n' +
          `@@ -${oldStart},${current.length} +${newStart},${newCount} @@\n${body.join('\n')}\n`
        const hunks = parseTidyDiff(stdout)
        expect(hunks).toHaveLength(1)
        const hunk = hunks[0]!
        hunk.removedLines.forEach((line, k) => {
          expect(current[line - 1]).toBe(hunk.removed[k])
        })
        expect(hunk.added).toHaveLength(inserted)
        if (removedAny) {
          const removed = ops.flatMap((o, k) => (o.keep ? [] : [k + 1]))
          expect([hunk.line, hunk.endLine]).toEqual([removed[0], removed[removed.length - 1]])
        } else {
          expect(hunk.kind).toBe('insertion')
          const first = Math.max(1, insertionsAfter[0]!)
          const last = Math.max(1, insertionsAfter[insertionsAfter.length - 1]!)
          expect([hunk.line, hunk.endLine]).toEqual([first, last])
        }
      })
    )
  })
})

describe('hunkModules', () => {
  it('names what each captured hunk adds, drops or changes', () => {
    const named = (stdout: string) => parseTidyDiff(stdout).map((h) => hunkModules(h))
    expect(named(UNUSED_REQUIRE)).toEqual([
      { added: [], removed: ['github.com/pkg/errors'], changed: [] },
      { added: [], removed: ['github.com/pkg/errors v0.9.1'], changed: [] }
    ])
    // uuid is in both the old block and the new line: only pkg/errors goes.
    expect(named(COLLAPSED_BLOCK)).toEqual([
      { added: [], removed: ['github.com/pkg/errors'], changed: [] }
    ])
    expect(named(MISSING_REQUIRE)).toEqual([
      { added: ['github.com/google/uuid'], removed: [], changed: [] },
      { added: ['github.com/google/uuid v1.6.0'], removed: [], changed: [] }
    ])
    expect(named(MISSING_REQUIRE_SINGLE_LINE)).toEqual([
      { added: ['github.com/google/uuid'], removed: [], changed: [] }
    ])
    // One line of pkg/errors' pair was there, the other is added: its checksums gain a line.
    expect(named(NO_FINAL_NEWLINE)).toEqual([
      { added: ['github.com/pkg/errors v0.9.1'], removed: [], changed: [] }
    ])
  })

  it('calls a version bump or an indirect comment a change', () => {
    expect(
      hunkModules({
        file: 'go.mod',
        removed: ['\tgithub.com/pkg/errors v0.9.0', '\tgithub.com/google/uuid v1.6.0'],
        added: ['\tgithub.com/pkg/errors v0.9.1', '\tgithub.com/google/uuid v1.6.0 // indirect']
      })
    ).toEqual({
      added: [],
      removed: [],
      changed: ['github.com/pkg/errors', 'github.com/google/uuid']
    })
    expect(
      hunkModules({ file: 'go.mod', removed: ['go 1.22.0', 'module example.com/x v1'], added: [] })
    ).toEqual({ added: [], removed: [], changed: [] })
  })
})
