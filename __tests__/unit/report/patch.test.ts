import { describe, expect, it } from '@jest/globals'
import {
  changedRangesOf,
  parseGitDiff,
  parsePatch,
  unquoteGitPath
} from '../../../src/report/patch.js'

describe('parsePatch (a GitHub pull request file patch)', () => {
  it('gives the added lines of the new file, adjacent lines merged', () => {
    const patch = [
      '@@ -1,6 +1,7 @@ package calc',
      ' package calc',
      ' ',
      '-func Add(a, b int) int { return a - b }',
      '+func Add(a, b int) int { return a + b }',
      '+',
      '+func Sub(a, b int) int { return a - b }',
      ' ',
      ' func Mul(a, b int) int { return a * b }',
      '@@ -20,3 +21,4 @@ func Div(a, b int) int {',
      ' \treturn a / b',
      ' }',
      '+// end',
      ' '
    ].join('\n')
    expect(parsePatch(patch)).toEqual([
      { start: 3, end: 5 },
      { start: 23, end: 23 }
    ])
  })

  it('reads hunk headers without counts (one line each)', () => {
    expect(parsePatch('@@ -1 +1 @@\n-a\n+b')).toEqual([{ start: 1, end: 1 }])
    expect(parsePatch('@@ -0,0 +1 @@\n+only line')).toEqual([{ start: 1, end: 1 }])
    expect(parsePatch('@@ -3 +3,2 @@\n-x\n+y\n+z')).toEqual([{ start: 3, end: 4 }])
  })

  it('skips "\\ No newline at end of file" without counting it', () => {
    const patch = [
      '@@ -1,2 +1,2 @@',
      ' first',
      '-last',
      '\\ No newline at end of file',
      '+last, now ended',
      '@@ -9,1 +9,2 @@',
      ' nine',
      '+ten'
    ].join('\n')
    expect(parsePatch(patch)).toEqual([
      { start: 2, end: 2 },
      { start: 10, end: 10 }
    ])
  })

  it('takes an added line that starts with +++ (or ---) as content, not a header', () => {
    const patch = ['@@ -1,2 +1,3 @@', ' a', '-- removed', '+++ added', '+--- added too'].join('\n')
    expect(parsePatch(patch)).toEqual([{ start: 2, end: 3 }])
  })

  it('reads CRLF patches and lines of CRLF files alike', () => {
    const lf = '@@ -1,2 +1,4 @@\n a\n+b\n c\n+d'
    const crlf = lf.replace(/\n/g, '\r\n')
    expect(parsePatch(crlf)).toEqual(parsePatch(lf))
    expect(parsePatch(crlf)).toEqual([
      { start: 2, end: 2 },
      { start: 4, end: 4 }
    ])
  })

  it('changes no new line for a pure deletion', () => {
    expect(parsePatch('@@ -4,2 +3,0 @@\n-gone\n-gone too')).toEqual([])
    expect(parsePatch('')).toEqual([])
  })

  it('counts an empty context line whose space was stripped', () => {
    expect(parsePatch('@@ -1,3 +1,4 @@\n a\n\n+new\n c')).toEqual([{ start: 3, end: 3 }])
  })

  it('stops a miscounted hunk at the next header instead of swallowing it', () => {
    const patch = '@@ -1,5 +1,5 @@\n+a\n@@ -40,1 +40,1 @@\n-x\n+y'
    expect(parsePatch(patch)).toEqual([
      { start: 1, end: 1 },
      { start: 40, end: 40 }
    ])
  })
})

describe('unquoteGitPath', () => {
  it('keeps a plain path and decodes a quoted one', () => {
    expect(unquoteGitPath('dir/file.go').path).toBe('dir/file.go')
    expect(unquoteGitPath('"b/tab\\there \\"q\\" \\\\"').path).toBe('b/tab\there "q" \\')
    expect(unquoteGitPath('"caf\\303\\251.go" rest')).toEqual({ path: 'café.go', rest: ' rest' })
  })
})

describe('parseGitDiff (hand-made edge cases; real git output is in the integration test)', () => {
  it('names a file by the +++ line even when the header is ambiguous', () => {
    const diff = [
      'diff --git a/x b/y b/x b/y',
      'index 1111111..2222222 100644',
      '--- a/x b/y',
      '+++ b/x b/y',
      '@@ -1 +1 @@',
      '-old',
      '+new'
    ].join('\n')
    expect(parseGitDiff(diff)).toEqual([
      { path: 'x b/y', deleted: false, binary: false, ranges: [{ start: 1, end: 1 }], hunks: true }
    ])
  })

  it('takes a hunk line that reads like a header as content', () => {
    const diff = [
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1,0 +2,2 @@',
      '+++ b/other',
      '+diff --git a/g b/g'
    ].join('\n')
    const files = parseGitDiff(diff)
    expect(files.map((f) => f.path)).toEqual(['f'])
    expect(files[0]?.ranges).toEqual([{ start: 2, end: 3 }])
  })

  it('maps files to ranges: deleted dropped, no hunks means the whole file', () => {
    const files = parseGitDiff(
      [
        'diff --git a/gone.go b/gone.go',
        'deleted file mode 100644',
        '--- a/gone.go',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-x',
        'diff --git a/old.go b/new.go',
        'similarity index 100%',
        'rename from old.go',
        'rename to new.go',
        'diff --git "a/\\303\\251.bin" "b/\\303\\251.bin"',
        'Binary files "a/\\303\\251.bin" and "b/\\303\\251.bin" differ'
      ].join('\n')
    )
    expect(Object.fromEntries(changedRangesOf(files))).toEqual({
      'new.go': 'file',
      'é.bin': 'file'
    })
    expect(files.find((f) => f.path === 'new.go')?.from).toBe('old.go')
  })
})
