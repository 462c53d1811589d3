// Marking what a run uses in GOCACHE: ageing every entry before go runs, reading go's marks
// after, on a cache tree in go's format. The real go confirms it in
// __tests__/integration/cachetrim.test.ts.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  AGE_MS,
  GO_MTIME_INTERVAL_MS,
  GO_TRIM_LIMIT_MS,
  ageBuildCache,
  listBuildEntries,
  outputName,
  usedBuildEntries
} from '../../../src/cache/usage.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const hash = (seed: string): string => createHash('sha256').update(seed).digest('hex')
const indexLine = (id: string, out: string): string =>
  `v1 ${id} ${out} ${'4'.padStart(20)} ${'1748000000000000000'.padStart(20)}\n`

const NOW = Date.parse('2025-06-02T12:00:00Z')

function write(root: string, rel: string, content = rel): string {
  const full = path.join(root, ...rel.split('/'))
  fs.mkdirSync(path.dirname(full), { recursive: true })
  fs.writeFileSync(full, content)
  return full
}

function setMtime(root: string, rel: string, ms: number): void {
  fs.utimesSync(path.join(root, ...rel.split('/')), new Date(ms), new Date(ms))
}

const mtime = (root: string, rel: string): number =>
  fs.statSync(path.join(root, ...rel.split('/'))).mtimeMs

/** A cache with an entry `seed` (index + output) whose files were last used `ms`. */
function cacheWith(seeds: Record<string, number>): {
  root: string
  names: Record<string, { a: string; d: string }>
} {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-usage-'))
  dirs.push(root)
  write(root, 'README')
  write(root, 'trim.txt', '1748000000')
  const names: Record<string, { a: string; d: string }> = {}
  for (const [seed, ms] of Object.entries(seeds)) {
    const id = hash(`a ${seed}`)
    const out = hash(`d ${seed}`)
    const a = `${id.slice(0, 2)}/${id}-a`
    const d = `${out.slice(0, 2)}/${out}-d`
    write(root, a, indexLine(id, out))
    if (seed.startsWith('exe')) write(root, `${d}/${seed}`)
    else write(root, d)
    setMtime(root, a, ms)
    setMtime(root, d, ms)
    names[seed] = { a, d }
  }
  return { root, names }
}

describe('the ageing interval', () => {
  it("lies past go's refresh interval and well inside its trim cutoff", () => {
    // cache.go: markUsed refreshes when now - mtime >= mtimeInterval; Trim deletes before
    // now - trimLimit - mtimeInterval.
    expect(AGE_MS).toBeGreaterThanOrEqual(GO_MTIME_INTERVAL_MS * 2)
    expect(AGE_MS + 24 * 60 * 60 * 1000).toBeLessThan(GO_TRIM_LIMIT_MS + GO_MTIME_INTERVAL_MS)
  })
})

describe('ageBuildCache', () => {
  it('sets every index and output entry, executables too, a day back, and nothing else', () => {
    const week = NOW - 7 * 24 * 3600 * 1000
    const { root, names } = cacheWith({ old: week, fresh: NOW - 1000, exe1: week })
    write(root, 'fuzz/ab-a')
    write(root, 'ab/not-an-entry.tmp')
    setMtime(root, 'ab/not-an-entry.tmp', week)
    const readme = mtime(root, 'README')
    expect(ageBuildCache(root, NOW)).toBe(6)
    for (const { a, d } of Object.values(names)) {
      expect(mtime(root, a)).toBe(NOW - AGE_MS)
      expect(mtime(root, d)).toBe(NOW - AGE_MS)
    }
    expect(mtime(root, 'README')).toBe(readme)
    expect(mtime(root, 'ab/not-an-entry.tmp')).toBe(week)
    expect(fs.statSync(path.join(root, names.exe1?.d as string)).isDirectory()).toBe(true)
  })

  it('is a no-op on an empty or missing cache', () => {
    expect(ageBuildCache(path.join(os.tmpdir(), 'gcg-no-such-cache'), NOW)).toBe(0)
  })
})

describe('usedBuildEntries', () => {
  it('lists what go refreshed or wrote since the start, plus the outputs those index entries name', () => {
    const aged = NOW - AGE_MS
    const { root, names } = cacheWith({ hit: aged, miss: aged, shared: aged, written: NOW + 5000 })
    const n = names as Record<'hit' | 'miss' | 'shared' | 'written', { a: string; d: string }>
    setMtime(root, n.hit.a, NOW + 1000)
    setMtime(root, n.hit.d, NOW + 1000)
    // A fresh index entry whose identical output go found in place (copyFile's early return).
    setMtime(root, n.shared.a, NOW + 2000)
    expect(usedBuildEntries(root, NOW)).toEqual(
      [n.hit.a, n.hit.d, n.shared.a, n.shared.d, n.written.a, n.written.d].sort()
    )
  })

  it('does not follow an index entry go would not read', () => {
    const { root, names } = cacheWith({ bad: NOW - AGE_MS })
    const bad = names.bad as { a: string; d: string }
    fs.writeFileSync(path.join(root, bad.a), 'v2 garbage')
    setMtime(root, bad.a, NOW + 1000)
    expect(usedBuildEntries(root, NOW)).toEqual([bad.a])
    expect(outputName(path.join(root, bad.a))).toBeUndefined()
    expect(outputName(path.join(root, 'missing-a'))).toBeUndefined()
  })

  it('lists entries with their sizes, the files of an executable directory counted', () => {
    const { root, names } = cacheWith({ exe2: NOW, plain: NOW })
    const byName = new Map(listBuildEntries(root).map((e) => [e.name, e]))
    expect(byName.get(names.exe2?.d as string)).toMatchObject({
      kind: 'd',
      isDirectory: true,
      files: 1
    })
    expect(byName.get(names.plain?.a as string)).toMatchObject({ kind: 'a', bytes: 175, files: 1 })
    expect(byName.size).toBe(4)
  })
})
