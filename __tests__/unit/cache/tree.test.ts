import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { someFile, treeSize } from '../../../src/cache/tree.js'
import { useTempDirs } from '../../../__fixtures__/cache.js'

const tempDir = useTempDirs('gcg-tree-')
/** a/b/one (5 bytes) and two (2 bytes). */
const tree = (): string => {
  const dir = tempDir()
  fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'a', 'b', 'one'), '12345')
  fs.writeFileSync(path.join(dir, 'two'), '67')
  return dir
}

describe('treeSize', () => {
  it('counts files and bytes below a directory, and stops at a limit', () => {
    const dir = tree()
    expect(treeSize(dir)).toEqual({ files: 2, bytes: 7 })
    expect(treeSize(dir, 1).files).toBe(1)
    expect(treeSize(path.join(dir, 'missing'))).toEqual({ files: 0, bytes: 0 })
  })

  it('takes a file as a tree of one', () => {
    expect(treeSize(path.join(tree(), 'a', 'b', 'one'))).toEqual({ files: 1, bytes: 5 })
  })
})

describe('someFile', () => {
  it('finds a file in a subdirectory, and says no when none passes', () => {
    const dir = tree()
    expect(someFile(dir, (stat) => stat.size === 5)).toBe(true)
    expect(someFile(dir, (stat) => stat.size === 6)).toBe(false)
    expect(someFile(path.join(dir, 'missing'), () => true)).toBe(false)
  })
})
