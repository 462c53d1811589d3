// Trimming planned and done on cache trees the tests build: module path escaping as
// golang.org/x/mod/module does it, which module cache files a go.sum keeps, which build cache
// entries a run's marks keep. The real go proves the same in __tests__/integration/cachetrim.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import {
  planBuildTrim,
  planModuleTrim,
  sumModules,
  trimBuildCache,
  trimModuleCache
} from '../../../src/cache/trim.js'
import { useTempDirs } from '../../../__fixtures__/cache.js'
import { AGE_MS } from '../../../src/cache/usage.js'
import { escapePath, escapeVersion } from '../../../src/go/modpath.js'

const tempDir = useTempDirs('gcg-trim-')

/** A 64-hex-digit id derived from `seed`. */
const outputId = (seed: string): string => createHash('sha256').update(seed).digest('hex')

/** An index (`-a`) file as cache.go writes it: "v1 <id> <out> <size> <unixnano>\n", 175 bytes. */
const indexLine = (id: string, out: string, size: number): string =>
  `v1 ${id} ${out} ${String(size).padStart(20)} ${'1748000000000000000'.padStart(20)}\n`

function write(root: string, rel: string, content = rel): void {
  const full = path.join(root, ...rel.split('/'))
  fs.mkdirSync(path.dirname(full), { recursive: true })
  fs.writeFileSync(full, content)
}

/** Every file below root, relative, sorted. */
function files(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string, rel: string): void => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const name = rel === '' ? item.name : `${rel}/${item.name}`
      if (item.isDirectory()) walk(path.join(dir, item.name), name)
      else out.push(name)
    }
  }
  walk(root, '')
  return out.sort()
}

/** Every directory below root, relative, sorted. */
function directories(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string, rel: string): void => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!item.isDirectory()) continue
      const name = rel === '' ? item.name : `${rel}/${item.name}`
      out.push(name)
      walk(path.join(dir, item.name), name)
    }
  }
  walk(root, '')
  return out.sort()
}

describe('escapePath and escapeVersion (golang.org/x/mod/module)', () => {
  it('spells upper case as ! and lower case, and leaves the rest', () => {
    expect(escapePath('github.com/GoogleCloudPlatform/omega')).toBe(
      'github.com/!google!cloud!platform/omega'
    )
    expect(escapePath('github.com/Azure/azure-sdk-for-go/v68')).toBe(
      'github.com/!azure/azure-sdk-for-go/v68'
    )
    expect(escapePath('gopkg.in/yaml.v3')).toBe('gopkg.in/yaml.v3')
    expect(escapePath('golang.org/x/text')).toBe('golang.org/x/text')
    expect(escapeVersion('v1.0.0-RC1')).toBe('v1.0.0-!r!c1')
    expect(escapeVersion('v2.0.0+incompatible')).toBe('v2.0.0+incompatible')
  })

  it('refuses what go refuses, in go words', () => {
    const bad: Array<[string, string]> = [
      ['Github.com/x', 'invalid char "G" in first path element'],
      ['github.com/foo!bar', 'invalid char "!"'],
      ['foo/bar', 'missing dot in first path element'],
      ['example.com/x/v1', 'invalid version'],
      ['example.com/x/v0', 'invalid version'],
      ['example.com/x/v2.1', 'invalid version'],
      ['gopkg.in/yaml', 'invalid version'],
      ['example.com//x', 'double slash'],
      ['example.com/x/', 'trailing slash'],
      ['-example.com/x', 'leading dash'],
      ['example.com/.x', 'leading dot in path element'],
      ['example.com/x.', 'trailing dot in path element'],
      ['example.com/con/x', '"con" disallowed as path element component on Windows'],
      ['example.com/prog~1', 'trailing tilde and digits in path element'],
      ['example.com/café', 'invalid char "é"'],
      ['', 'empty string']
    ]
    for (const [p, why] of bad) {
      expect(() => escapePath(p)).toThrow(`malformed module path "${p}": ${why}`)
    }
    expect(() => escapeVersion('v1.0.0!')).toThrow('version "v1.0.0!" invalid')
    expect(() => escapeVersion('v1/../x')).toThrow('disallowed version string')
  })

  it('agrees with the major-version rules for /vN and gopkg.in .vN', () => {
    for (const ok of [
      'example.com/x/v2',
      'example.com/x/v10',
      'gopkg.in/check.v1',
      'gopkg.in/a.v0'
    ]) {
      expect(escapePath(ok)).toBe(ok)
    }
  })
})

describe('sumModules', () => {
  it('reads zip lines and go.mod-only lines from every sum, escaped, skipping junk', () => {
    const modules = sumModules(
      [
        {
          content: [
            'github.com/Azure/sdk v1.2.0 h1:aaa=',
            'github.com/Azure/sdk v1.2.0/go.mod h1:bbb=',
            'golang.org/x/text v0.3.0/go.mod h1:ccc=',
            'not a line',
            'Bad.Path/x v1.0.0 h1:ddd=',
            ''
          ].join('\r\n')
        },
        { content: 'example.com/m v1.0.0-RC1 h1:eee=\n' }
      ],
      ['golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64']
    )
    expect(
      Object.fromEntries(
        [...modules].map(([k, v]) => [k, { zip: [...v.zip], modOnly: [...v.modOnly] }])
      )
    ).toEqual({
      'github.com/!azure/sdk': { zip: ['v1.2.0'], modOnly: [] },
      'golang.org/x/text': { zip: [], modOnly: ['v0.3.0'] },
      'example.com/m': { zip: ['v1.0.0-!r!c1'], modOnly: [] },
      'golang.org/toolchain': { zip: ['v0.0.1-go1.26.8.linux-amd64'], modOnly: [] }
    })
  })
})

describe('trimModuleCache', () => {
  const GO_SUM = [
    'github.com/Azure/sdk v1.2.0 h1:aaa=',
    'github.com/Azure/sdk v1.2.0/go.mod h1:bbb=',
    'github.com/Azure/sdk/sub v0.1.0 h1:ccc=',
    'golang.org/x/text v0.3.0/go.mod h1:ddd='
  ].join('\n')
  const WORK_SUM = 'example.com/m v1.0.0-RC1 h1:eee=\n'

  function moduleCache(): string {
    const root = tempDir()
    const v = (mod: string, ver: string, exts: string[]): void => {
      for (const ext of exts) write(root, `cache/download/${mod}/@v/${ver}.${ext}`)
    }
    const all = ['info', 'mod', 'zip', 'ziphash', 'lock']
    write(root, 'github.com/!azure/sdk@v1.2.0/sdk.go')
    write(root, 'github.com/!azure/sdk@v1.2.0/internal/x.go')
    write(root, 'github.com/!azure/sdk@v1.1.0/sdk.go')
    write(root, 'github.com/!azure/sdk/sub@v0.1.0/sub.go')
    write(root, 'golang.org/x/text@v0.3.0/text.go')
    write(root, 'example.com/m@v1.0.0-!r!c1/m.go')
    write(root, 'github.com/old/dep@v0.1.0/dep.go')
    v('github.com/!azure/sdk', 'v1.2.0', all)
    v('github.com/!azure/sdk', 'v1.1.0', [...all, 'partial'])
    write(root, 'cache/download/github.com/!azure/sdk/@v/list')
    write(root, 'cache/download/github.com/!azure/sdk/@v/list.lock')
    write(root, 'cache/download/github.com/!azure/sdk/@v/v1.2.0.zip1234.tmp')
    write(root, 'cache/download/github.com/!azure/sdk/@v/v1.1.0.zip5678.tmp')
    v('github.com/!azure/sdk/sub', 'v0.1.0', all)
    v('golang.org/x/text', 'v0.3.0', all)
    v('example.com/m', 'v1.0.0-!r!c1', all)
    v('github.com/old/dep', 'v0.1.0', all)
    write(root, 'cache/download/github.com/old/dep/@v/list')
    write(root, 'cache/download/sumdb/sum.example/lookup/github.com/old/dep@v0.1.0')
    write(root, 'cache/download/sumdb/sum.example/tile/8/0/000')
    write(root, 'cache/vcs/0123abcd/HEAD')
    write(root, 'cache/vcs/0123abcd.lock')
    // go extracts modules read-only.
    for (const dir of directories(root).filter((d) => /@/.test(d))) {
      fs.chmodSync(path.join(root, dir), 0o555)
    }
    for (const f of files(root).filter((f) => /@v[^/]*\//.test(f) && !f.startsWith('cache/'))) {
      fs.chmodSync(path.join(root, f), 0o444)
    }
    return root
  }

  it('plans to keep the listed versions and what go needs offline, and nothing else', () => {
    const root = moduleCache()
    const plan = planModuleTrim(root, [{ content: GO_SUM }, { content: WORK_SUM }])
    expect(plan.keep.map((p) => p.name).sort()).toEqual([
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.info',
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.lock',
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.mod',
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.zip',
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.ziphash',
      'cache/download/github.com/!azure/sdk/@v/list',
      'cache/download/github.com/!azure/sdk/@v/list.lock',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.info',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.lock',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.mod',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.zip',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.zip1234.tmp',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.ziphash',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.info',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.lock',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.mod',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.zip',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.ziphash',
      // go.mod only: what loading the module graph reads.
      'cache/download/golang.org/x/text/@v/v0.3.0.info',
      'cache/download/golang.org/x/text/@v/v0.3.0.lock',
      'cache/download/golang.org/x/text/@v/v0.3.0.mod',
      'example.com/m@v1.0.0-!r!c1',
      'github.com/!azure/sdk/sub@v0.1.0',
      'github.com/!azure/sdk@v1.2.0'
    ])
    expect(plan.remove.map((p) => p.name).sort()).toEqual([
      'cache/download/github.com/!azure/sdk/@v/v1.1.0.info',
      'cache/download/github.com/!azure/sdk/@v/v1.1.0.lock',
      'cache/download/github.com/!azure/sdk/@v/v1.1.0.mod',
      'cache/download/github.com/!azure/sdk/@v/v1.1.0.partial',
      'cache/download/github.com/!azure/sdk/@v/v1.1.0.zip',
      'cache/download/github.com/!azure/sdk/@v/v1.1.0.zip5678.tmp',
      'cache/download/github.com/!azure/sdk/@v/v1.1.0.ziphash',
      'cache/download/github.com/old/dep/@v/list',
      'cache/download/github.com/old/dep/@v/v0.1.0.info',
      'cache/download/github.com/old/dep/@v/v0.1.0.lock',
      'cache/download/github.com/old/dep/@v/v0.1.0.mod',
      'cache/download/github.com/old/dep/@v/v0.1.0.zip',
      'cache/download/github.com/old/dep/@v/v0.1.0.ziphash',
      'cache/download/golang.org/x/text/@v/v0.3.0.zip',
      'cache/download/golang.org/x/text/@v/v0.3.0.ziphash',
      'cache/download/sumdb',
      'cache/vcs',
      'github.com/!azure/sdk@v1.1.0',
      'github.com/old/dep@v0.1.0',
      'golang.org/x/text@v0.3.0'
    ])
    expect(plan.keptVersions).toEqual([
      'example.com/m@v1.0.0-!r!c1',
      'github.com/!azure/sdk/sub@v0.1.0',
      'github.com/!azure/sdk@v1.2.0',
      'golang.org/x/text@v0.3.0'
    ])
    expect(plan.removedVersions).toEqual([
      'github.com/!azure/sdk@v1.1.0',
      'github.com/old/dep@v0.1.0'
    ])
    // Planning touches nothing.
    expect(fs.existsSync(path.join(root, 'github.com/old/dep@v0.1.0/dep.go'))).toBe(true)
  })

  it('deletes the rest, read-only trees too, then the directories it emptied', () => {
    const root = moduleCache()
    const before = files(root).length
    const result = trimModuleCache(root, [{ content: GO_SUM }, { content: WORK_SUM }])
    expect(files(root)).toEqual([
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.info',
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.lock',
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.mod',
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.zip',
      'cache/download/example.com/m/@v/v1.0.0-!r!c1.ziphash',
      'cache/download/github.com/!azure/sdk/@v/list',
      'cache/download/github.com/!azure/sdk/@v/list.lock',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.info',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.lock',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.mod',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.zip',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.zip1234.tmp',
      'cache/download/github.com/!azure/sdk/@v/v1.2.0.ziphash',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.info',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.lock',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.mod',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.zip',
      'cache/download/github.com/!azure/sdk/sub/@v/v0.1.0.ziphash',
      'cache/download/golang.org/x/text/@v/v0.3.0.info',
      'cache/download/golang.org/x/text/@v/v0.3.0.lock',
      'cache/download/golang.org/x/text/@v/v0.3.0.mod',
      'example.com/m@v1.0.0-!r!c1/m.go',
      'github.com/!azure/sdk/sub@v0.1.0/sub.go',
      'github.com/!azure/sdk@v1.2.0/internal/x.go',
      'github.com/!azure/sdk@v1.2.0/sdk.go'
    ])
    // No empty directory is left behind (github.com/old, cache/download/github.com/old, ...).
    for (const dir of directories(root)) {
      expect([dir, fs.readdirSync(path.join(root, dir)).length > 0]).toEqual([dir, true])
    }
    expect(result.kept).toEqual({ entries: 4, files: 25, bytes: expect.any(Number) })
    expect(result.removed).toEqual({ entries: 2, files: before - 25, bytes: expect.any(Number) })
    expect(result.kept.bytes + result.removed.bytes).toBeGreaterThan(0)
  })

  it('keeps versions it is told to keep although no go.sum lists them', () => {
    const root = tempDir()
    write(root, 'golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64/bin/go')
    write(root, 'cache/download/golang.org/toolchain/@v/v0.0.1-go1.26.8.linux-amd64.zip')
    write(root, 'golang.org/toolchain@v0.0.1-go1.25.0.linux-amd64/bin/go')
    const result = trimModuleCache(root, [], {
      keep: ['golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64']
    })
    expect(files(root)).toEqual([
      'cache/download/golang.org/toolchain/@v/v0.0.1-go1.26.8.linux-amd64.zip',
      'golang.org/toolchain@v0.0.1-go1.26.8.linux-amd64/bin/go'
    ])
    expect(result.removed.entries).toBe(1)
  })

  it('empties a cache no go.sum needs, and is a no-op on a missing directory', () => {
    const root = moduleCache()
    trimModuleCache(root, [])
    expect(files(root)).toEqual([])
    expect(directories(root)).toEqual(['cache', 'cache/download'])
    const missing = path.join(tempDir(), 'absent')
    expect(trimModuleCache(missing, [{ content: GO_SUM }])).toEqual({
      kept: { entries: 0, files: 0, bytes: 0 },
      removed: { entries: 0, files: 0, bytes: 0 }
    })
  })
})

describe('trimBuildCache', () => {
  const NOW = Date.parse('2025-06-02T12:00:00Z')
  const AGED = new Date(NOW - AGE_MS)

  /** A GOCACHE whose entries are all aged, as ageBuildCache leaves it. */
  function buildCache(): string {
    const root = tempDir()
    for (let i = 0; i < 256; i++) fs.mkdirSync(path.join(root, i.toString(16).padStart(2, '0')))
    write(root, 'README', 'This directory holds cached build artifacts from the Go build system.\n')
    write(root, 'trim.txt', '1748000000')
    write(root, 'testexpire.txt', '1748000000\n')
    write(root, 'fuzz/example.com/m/FuzzX/seed', 'go test fuzz v1\n')
    return root
  }

  /** An index entry and its output; `exec`: the output is a directory holding an executable. */
  function entry(root: string, seed: string, exec = false): { a: string; d: string } {
    const id = outputId(`action ${seed}`)
    const out = outputId(`output ${seed}`)
    const a = `${id.slice(0, 2)}/${id}-a`
    const d = `${out.slice(0, 2)}/${out}-d`
    write(root, a, indexLine(id, out, 4))
    if (exec) write(root, `${d}/${seed}`, 'ELF.')
    else write(root, d, 'data')
    for (const name of [a, d]) fs.utimesSync(path.join(root, name), AGED, AGED)
    return { a, d }
  }

  const use = (root: string, name: string, at = NOW + 1000): void => {
    fs.utimesSync(path.join(root, name), new Date(at), new Date(at))
  }

  it('keeps what was used since the start, output directories too, and nothing else', () => {
    const root = buildCache()
    const used = entry(root, 'used')
    const tool = entry(root, 'tool', true)
    const stale = entry(root, 'stale')
    const staleTool = entry(root, 'stale-tool', true)
    for (const name of [used.a, used.d, tool.a, tool.d]) use(root, name)
    const plan = planBuildTrim(root, NOW)
    expect(plan.keep.map((e) => e.name).sort()).toEqual([used.a, used.d, tool.a, tool.d].sort())
    expect(plan.remove.map((e) => e.name).sort()).toEqual(
      [stale.a, stale.d, staleTool.a, staleTool.d].sort()
    )
    const result = trimBuildCache(root, NOW)
    expect(result).toEqual({
      kept: { entries: 4, files: 4, bytes: 175 + 4 + 175 + 4 },
      removed: { entries: 4, files: 4, bytes: 175 + 4 + 175 + 4 }
    })
    expect(files(root)).toEqual(
      [
        'README',
        'fuzz/example.com/m/FuzzX/seed',
        'testexpire.txt',
        'trim.txt',
        used.a,
        used.d,
        tool.a,
        `${tool.d}/tool`
      ].sort()
    )
    // The 256 subdirectories stay, as go's Open would make them again.
    expect(fs.readdirSync(root).filter((n) => /^[0-9a-f]{2}$/.test(n))).toHaveLength(256)
  })

  it("keeps the output of an index entry written this run although go left the output's mtime old", () => {
    // cache.go copyFile returns early, mtime untouched, when an identical output exists.
    const root = buildCache()
    const shared = entry(root, 'shared')
    use(root, shared.a)
    const result = trimBuildCache(root, NOW)
    expect(result.kept.entries).toBe(2)
    expect(fs.existsSync(path.join(root, shared.d))).toBe(true)
  })

  it('counts a use stamped in whole seconds just before the start as this run', () => {
    const root = buildCache()
    const rounded = entry(root, 'rounded')
    const unused = entry(root, 'unused')
    for (const name of [rounded.a, rounded.d]) use(root, name, NOW - 1500)
    const plan = planBuildTrim(root, NOW)
    expect(plan.keep.map((e) => e.name).sort()).toEqual([rounded.a, rounded.d].sort())
    expect(plan.remove.map((e) => e.name).sort()).toEqual([unused.a, unused.d].sort())
  })

  it('trims nothing, and says so, when nothing was used', () => {
    const root = buildCache()
    entry(root, 'one')
    entry(root, 'two')
    const result = trimBuildCache(root, NOW)
    expect(result.removed.entries).toBe(0)
    expect(result.kept.entries).toBe(4)
    expect(result.skipped).toBe('none of the 4 entries was used since 2025-06-02T12:00:00.000Z')
  })
})
