import { describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { annotationPath, displayPath } from '../../../src/report/paths.js'

describe('annotationPath', () => {
  const root = '/repo'

  it('keeps relative paths inside the root, POSIX and normalised', () => {
    expect(annotationPath(root, 'go.mod')).toBe('go.mod')
    expect(annotationPath(root, './pkg/a/../b/x_test.go')).toBe('pkg/b/x_test.go')
    expect(annotationPath(root, '/repo/sub/go.sum')).toBe('sub/go.sum')
    expect(annotationPath('/repo/', 'go.mod')).toBe('go.mod')
  })

  it('allows names that merely start with two dots', () => {
    expect(annotationPath(root, '..hidden/go.mod')).toBe('..hidden/go.mod')
  })

  it('rejects escapes, other absolute paths and the root itself', () => {
    expect(annotationPath(root, '../fork/go.mod')).toBeUndefined()
    expect(annotationPath(root, 'a/../../etc/passwd')).toBeUndefined()
    expect(annotationPath(root, '/etc/passwd')).toBeUndefined()
    expect(annotationPath(root, '/repository/go.mod')).toBeUndefined()
    expect(annotationPath(root, '.')).toBeUndefined()
    expect(annotationPath(root, '')).toBeUndefined()
  })

  it('rejects NUL, newlines and other control characters', () => {
    expect(annotationPath(root, 'go.mod\u0000')).toBeUndefined()
    expect(annotationPath(root, 'a\nb.go')).toBeUndefined()
    expect(annotationPath(root, 'a\rb.go')).toBeUndefined()
    expect(annotationPath(root, 'a\u001b[31mb.go')).toBeUndefined()
  })

  it('turns Windows separators into POSIX ones and rejects other drives', () => {
    const root = 'D:\\a\\repo'
    expect(annotationPath(root, 'pkg\\x_test.go', path.win32)).toBe('pkg/x_test.go')
    expect(annotationPath(root, 'D:\\a\\repo\\go.mod', path.win32)).toBe('go.mod')
    expect(annotationPath(root, 'C:\\a\\repo\\go.mod', path.win32)).toBeUndefined()
    expect(annotationPath(root, '..\\other\\go.mod', path.win32)).toBeUndefined()
  })
})

describe('displayPath', () => {
  it('quotes paths with control characters and leaves others alone', () => {
    expect(displayPath('a b/go.mod')).toBe('a b/go.mod')
    expect(displayPath('a\nb')).toBe('"a\\nb"')
  })
})
