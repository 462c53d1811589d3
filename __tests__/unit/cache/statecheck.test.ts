// The post step's distrust of its state: an entry is kept only at the directory go names for
// that cache, and only when that directory looks like what go keeps there; the go.sum files the
// trim reads must lie in the workspace. Real directories in temp dirs; go itself is run in
// post.test.ts and the end-to-end tier.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { useTempDirs, writeFiles } from '../../../__fixtures__/cache.js'
import type { CacheEntryRestore } from '../../../src/cache/entries.js'
import { checkEntries, GOCACHE_README, sumsProblem } from '../../../src/cache/statecheck.js'

const tempDir = useTempDirs('gcg-statecheck-')

const MODULE_KEY = 'go-ci-gate-mod-Linux-X64-0123456789abcdef0123'
const BUILD_KEY = 'go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-0123456789ab'

/** A GOMODCACHE and a GOCACHE as go leaves them, and the entries naming them. */
function caches(): { gomodcache: string; gocache: string; entries: CacheEntryRestore[] } {
  const home = tempDir()
  const gomodcache = path.join(home, 'go', 'pkg', 'mod')
  const gocache = path.join(home, '.cache', 'go-build')
  writeFiles(gomodcache, {
    'cache/download/github.com/google/uuid/@v/v1.6.0.zip': 'zip',
    'github.com/google/uuid@v1.6.0/uuid.go': 'package uuid\n'
  })
  writeFiles(gocache, {
    README: `${GOCACHE_README}\nRun "go clean -cache" if the directory is getting too large.\n`,
    'trim.txt': '1750000000\n',
    [`ab/${'a'.repeat(64)}-a`]: 'entry'
  })
  return {
    gomodcache,
    gocache,
    entries: [
      { name: 'module', path: gomodcache, key: MODULE_KEY, restoreKeys: [] },
      { name: 'build', path: gocache, key: BUILD_KEY, restoreKeys: [] }
    ]
  }
}

const reasons = (checks: ReturnType<typeof checkEntries>): Array<string | undefined> =>
  checks.map((c) => ('rejected' in c ? c.rejected.reason : undefined))

describe('checkEntries', () => {
  it('keeps entries at the directories go names, with go’s spelling of the path', () => {
    const { gomodcache, gocache, entries } = caches()
    // The same directories, spelled another way and through a symbolic link.
    const link = path.join(path.dirname(gocache), 'link')
    fs.symlinkSync(gocache, link)
    const spelled: CacheEntryRestore[] = [
      { ...entries[0]!, path: `${gomodcache}/../mod/` },
      { ...entries[1]!, path: link }
    ]
    const checks = checkEntries(spelled, { GOMODCACHE: gomodcache, GOCACHE: gocache })
    expect(checks).toEqual([
      { entry: { ...spelled[0], path: gomodcache } },
      { entry: { ...spelled[1], path: gocache } }
    ])
  })

  it('refuses a path that is not where go keeps that cache, whatever it holds', () => {
    const { gomodcache, gocache, entries } = caches()
    // Another directory dressed up as both caches: only the path decides.
    const other = tempDir()
    writeFiles(other, { README: GOCACHE_README, 'cache/download/x': '', id_rsa: 'secret' })
    const checks = checkEntries(
      entries.map((e) => ({ ...e, path: other })),
      { GOMODCACHE: gomodcache, GOCACHE: gocache }
    )
    expect(checks).toEqual([
      {
        rejected: {
          name: 'module',
          key: MODULE_KEY,
          saved: false,
          reason: `the state names ${other}, which is not go env GOMODCACHE (${gomodcache})`
        }
      },
      {
        rejected: {
          name: 'build',
          key: BUILD_KEY,
          saved: false,
          reason: `the state names ${other}, which is not go env GOCACHE (${gocache})`
        }
      }
    ])
  })

  it('refuses the module cache for the build cache and back', () => {
    const { gomodcache, gocache, entries } = caches()
    const swapped = [
      { ...entries[0]!, path: gocache },
      { ...entries[1]!, path: gomodcache }
    ]
    expect(reasons(checkEntries(swapped, { GOMODCACHE: gomodcache, GOCACHE: gocache }))).toEqual([
      `the state names ${gocache}, which is not go env GOMODCACHE (${gomodcache})`,
      `the state names ${gomodcache}, which is not go env GOCACHE (${gocache})`
    ])
  })

  it('refuses a cache go has turned off', () => {
    const { entries } = caches()
    expect(reasons(checkEntries(entries, { GOMODCACHE: '', GOCACHE: 'off' }))).toEqual([
      'go env GOMODCACHE is "", so there is no such cache to save',
      'go env GOCACHE is "off", so there is no such cache to save'
    ])
    expect(reasons(checkEntries(entries, { GOMODCACHE: 'rel/mod', GOCACHE: 'off' }))[0]).toBe(
      'go env GOMODCACHE is "rel/mod", so there is no such cache to save'
    )
  })

  it('refuses a build cache without the README go writes', () => {
    const { gomodcache, gocache, entries } = caches()
    const dirs = { GOMODCACHE: gomodcache, GOCACHE: gocache }
    const why = `${gocache} does not look like a Go build cache (no README written by go)`
    const readme = path.join(gocache, 'README')

    fs.writeFileSync(readme, 'my notes\n')
    expect(reasons(checkEntries(entries, dirs))).toEqual([undefined, why])

    fs.rmSync(readme)
    expect(reasons(checkEntries(entries, dirs))).toEqual([undefined, why])

    // go's words, but through a link: go writes a file.
    const elsewhere = path.join(tempDir(), 'README')
    fs.writeFileSync(elsewhere, GOCACHE_README)
    fs.symlinkSync(elsewhere, readme)
    expect(reasons(checkEntries(entries, dirs))).toEqual([undefined, why])

    fs.rmSync(readme)
    fs.writeFileSync(readme, GOCACHE_README.slice(0, 20))
    expect(reasons(checkEntries(entries, dirs))).toEqual([undefined, why])
  })

  it('refuses a module cache without cache/download', () => {
    const { gomodcache, gocache, entries } = caches()
    const dirs = { GOMODCACHE: gomodcache, GOCACHE: gocache }
    const why = `${gomodcache} does not look like a Go module cache (no cache/download directory)`
    const download = path.join(gomodcache, 'cache', 'download')
    fs.rmSync(download, { recursive: true })
    expect(reasons(checkEntries(entries, dirs))).toEqual([why, undefined])

    // A link to some other directory is not go's download cache either.
    const elsewhere = tempDir()
    fs.symlinkSync(elsewhere, download)
    expect(reasons(checkEntries(entries, dirs))).toEqual([why, undefined])
  })

  it('keeps an empty or missing directory at the right path (nothing there to save)', () => {
    const home = tempDir()
    const dirs = { GOMODCACHE: path.join(home, 'mod'), GOCACHE: path.join(home, 'build') }
    fs.mkdirSync(dirs.GOCACHE)
    const entries: CacheEntryRestore[] = [
      { name: 'module', path: dirs.GOMODCACHE, key: MODULE_KEY, restoreKeys: [] },
      { name: 'build', path: dirs.GOCACHE, key: BUILD_KEY, restoreKeys: [] }
    ]
    expect(reasons(checkEntries(entries, dirs))).toEqual([undefined, undefined])
  })
})

describe('sumsProblem', () => {
  it('accepts go.sum and go.work.sum files in the workspace, present or not', () => {
    const ws = tempDir()
    writeFiles(ws, { 'go.sum': '', 'tools/go.sum': '' })
    const sums = ['go.sum', 'tools/go.sum', 'go.work.sum', 'new/go.sum'].map((f) =>
      path.join(ws, f)
    )
    expect(sumsProblem(sums, ws)).toBeUndefined()
    expect(sumsProblem([], ws)).toBeUndefined()
  })

  it('accepts them through a workspace reached by a symbolic link', () => {
    const ws = tempDir()
    writeFiles(ws, { 'go.sum': '' })
    const link = path.join(tempDir(), 'ws')
    fs.symlinkSync(ws, link)
    expect(sumsProblem([path.join(link, 'go.sum')], ws)).toBeUndefined()
    expect(sumsProblem([path.join(ws, 'go.sum')], link)).toBeUndefined()
  })

  it('refuses a file outside the workspace, by path or by link', () => {
    const ws = tempDir()
    const outside = tempDir()
    writeFiles(outside, { 'go.sum': 'secret' })
    expect(sumsProblem([path.join(outside, 'go.sum')], ws)).toBe(
      `${path.join(outside, 'go.sum')} is not inside the workspace ${ws}`
    )
    const climbing = `${ws}/../${path.basename(outside)}/go.sum`
    expect(sumsProblem([climbing], ws)).toBe(`${climbing} is not inside the workspace ${ws}`)
    fs.symlinkSync(path.join(outside, 'go.sum'), path.join(ws, 'go.sum'))
    expect(sumsProblem([path.join(ws, 'go.sum')], ws)).toBe(
      `${path.join(ws, 'go.sum')} is not inside the workspace ${ws}`
    )
    fs.mkdirSync(path.join(ws, 'sub'))
    fs.symlinkSync(outside, path.join(ws, 'sub', 'linked'))
    const viaDir = path.join(ws, 'sub', 'linked', 'go.sum')
    expect(sumsProblem([viaDir], ws)).toBe(`${viaDir} is not inside the workspace ${ws}`)
  })

  it('refuses anything but a go.sum or go.work.sum file', () => {
    const ws = tempDir()
    fs.mkdirSync(path.join(ws, 'go.sum'))
    expect(sumsProblem([path.join(ws, 'go.sum')], ws)).toBe(
      `${path.join(ws, 'go.sum')} is not a file`
    )
    expect(sumsProblem([path.join(ws, '.env')], ws)).toBe(
      `${path.join(ws, '.env')} is not a go.sum or go.work.sum`
    )
  })
})
