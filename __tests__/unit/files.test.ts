import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { resolveSymlinks } from '../../src/files.js'

let dir: string
beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-files-')))
  fs.mkdirSync(path.join(dir, 'real', 'sub'), { recursive: true })
  fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'))
  fs.symlinkSync('real/sub', path.join(dir, 'relative'))
  fs.symlinkSync(path.join(dir, 'nowhere', 'file.xml'), path.join(dir, 'dangling'))
  fs.symlinkSync('loop-b', path.join(dir, 'loop-a'))
  fs.symlinkSync('loop-a', path.join(dir, 'loop-b'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('resolveSymlinks', () => {
  it('follows every link, relative ones from where they stand', () => {
    expect(resolveSymlinks(path.join(dir, 'link', 'sub'))).toBe(path.join(dir, 'real', 'sub'))
    expect(resolveSymlinks(path.join(dir, 'relative', 'x.xml'))).toBe(
      path.join(dir, 'real', 'sub', 'x.xml')
    )
  })

  it('follows a dangling link to where writing through it would create a file', () => {
    expect(resolveSymlinks(path.join(dir, 'dangling'))).toBe(path.join(dir, 'nowhere', 'file.xml'))
  })

  it('keeps what does not exist yet as written', () => {
    expect(resolveSymlinks(path.join(dir, 'link', 'new', 'deeper', 'r.xml'))).toBe(
      path.join(dir, 'real', 'new', 'deeper', 'r.xml')
    )
  })

  it('throws on a loop of links', () => {
    expect(() => resolveSymlinks(path.join(dir, 'loop-a', 'x'))).toThrow(/too many symbolic links/)
  })

  it('answers at once for a path of thousands of names (found by bench/fuzz.mjs)', () => {
    const long = path.join(dir, ...Array.from({ length: 10_000 }, () => 'x.xml..'))
    expect(resolveSymlinks(long)).toBe(long)
  })
})
