// The inputs of bench/fuzz.mjs: a seeded random source, mutations of real go output (lines
// dropped, duplicated, reordered, cut short, stretched into long lines, JSON fields deleted or
// given the wrong type, ...) and small grammars for what go prints. Deterministic: the same seed
// text gives the same input. Node built-ins only.

/** FNV-1a: a seed text as 32 bits. */
function hash32(text) {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** mulberry32, with the helpers the generators use. */
export class Rng {
  constructor(seedText) {
    this.state = hash32(String(seedText))
  }

  /** A float in [0, 1). */
  float() {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [0, n). */
  int(n) {
    return Math.floor(this.float() * n)
  }

  /** An integer in [lo, hi]. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1)
  }

  /** An integer in [lo, hi], as likely small as large (log-uniform). */
  logRange(lo, hi) {
    return Math.min(hi, Math.floor(Math.exp(Math.log(lo) + this.float() * Math.log(hi / lo))))
  }

  chance(p) {
    return this.float() < p
  }

  pick(items) {
    return items[this.int(items.length)]
  }

  /** One of `[weight, value]` pairs, by weight. */
  weighted(pairs) {
    const total = pairs.reduce((sum, [w]) => sum + w, 0)
    let x = this.float() * total
    for (const [w, value] of pairs) {
      x -= w
      if (x < 0) return value
    }
    return pairs[pairs.length - 1][1]
  }
}

/** Characters parsers stumble on: controls, test2json's ^V marker, separators, unicode. */
export const ODD_CHARS = [
  '\0',
  '\x01',
  '\x07',
  '\b',
  '\v',
  '\f',
  '\x1b',
  '\x16',
  '\x7f',
  '\r',
  '\t',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u0301',
  'é',
  'ß',
  '中',
  '😀',
  '\\',
  '"',
  "'",
  '`',
  '%',
  ',',
  ':',
  ';',
  '/',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '@',
  '#',
  '=',
  '+',
  '-',
  '*',
  '$',
  '^',
  '|',
  '?',
  '.',
  ' ',
  '0',
  '9'
]

/** Numbers that overflow, round, or are not numbers. */
export const ODD_NUMBERS = [
  '0',
  '-1',
  '-0',
  '1e309',
  '1e-400',
  '9007199254740993',
  '18446744073709551616',
  '99999999999999999999999999999999999999',
  '0x1f',
  '00000000000012',
  '1.5',
  'NaN',
  'Infinity',
  '٣',
  '1_000'
]

/** What a long run is made of; whitespace often, as `\s+` then `.+` is the usual backtracking trap. */
const RUN_CHARS = [
  ' ',
  ' ',
  '\t',
  '\t',
  ' \t',
  'x',
  '0',
  '1',
  ':',
  '.',
  '/',
  '(',
  ')',
  '[',
  '{',
  '"',
  '\\',
  '@',
  '-',
  '#',
  'é'
]

/** Most an input grows to (characters). */
export const MAX_INPUT = 2 * 1024 * 1024

const lines = (text) => text.split('\n')
const joined = (parts) => parts.join('\n')

function clip(text) {
  return text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text
}

function randomChars(r, count) {
  let s = ''
  for (let i = 0; i < count; i++) s += r.pick(ODD_CHARS)
  return s
}

/** A long line: a piece of `source` repeated to about `length` characters, maybe with an end. */
export function longLine(r, source, length) {
  const start = source.length === 0 ? 0 : r.int(source.length)
  let piece = source.slice(start, start + r.range(1, 48))
  if (piece === '' || r.chance(0.35)) piece = r.pick(RUN_CHARS).repeat(r.range(1, 3))
  let line = piece.repeat(Math.ceil(length / piece.length)).slice(0, length)
  // An end the pattern cannot take (`.` stops at \r and \u2028), sometimes with text after it.
  if (r.chance(0.5)) line += r.pick(['\u2028', '\r', 'x', ' ', ':', ')', '\x16', '0'])
  if (r.chance(0.2)) line += r.pick(['\u2028x', '\rx', ' x', '@'])
  if (r.chance(0.3)) line = source.slice(0, r.int(Math.min(source.length, 80) + 1)) + line
  return line
}

/** The size of a big input: 16 KiB to 1 MiB, log-uniform. */
const bigSize = (r) => r.logRange(16 * 1024, 1024 * 1024)

/**
 * One mutation of a text. `pool` holds other texts of the same kind (for splicing and foreign
 * lines); `big` allows inputs of up to 1 MiB.
 */
export function mutateText(r, text, pool, big) {
  const ls = lines(text)
  const at = () => r.int(ls.length)
  const other = () => (pool.length > 0 ? r.pick(pool) : '')
  switch (r.weighted(big ? BIG_MUTATIONS : MUTATIONS)) {
    case 'truncate': {
      const cut = r.int(text.length + 1)
      return r.chance(0.8) ? text.slice(0, cut) : text.slice(cut)
    }
    case 'drop-lines': {
      const n = r.range(1, Math.max(1, Math.floor(ls.length / 3)))
      const dropped = new Set(Array.from({ length: n }, at))
      return joined(ls.filter((_, i) => !dropped.has(i)))
    }
    case 'dup-lines': {
      const i = at()
      const block = ls.slice(i, i + r.range(1, 6))
      const blockChars = block.reduce((sum, l) => sum + l.length + 1, 0)
      const times = Math.min(
        big ? r.logRange(100, 20000) : r.range(1, 20),
        Math.ceil(MAX_INPUT / blockChars)
      )
      const copies = []
      for (let k = 0; k < times; k++) copies.push(...block)
      return clip(joined([...ls.slice(0, i), ...copies, ...ls.slice(i)]))
    }
    case 'reorder': {
      if (r.chance(0.5)) {
        const i = at()
        const j = at()
        ;[ls[i], ls[j]] = [ls[j], ls[i]]
      } else {
        const i = at()
        const window = ls.slice(i, i + r.range(2, 12))
        for (let k = window.length - 1; k > 0; k--) {
          const j = r.int(k + 1)
          ;[window[k], window[j]] = [window[j], window[k]]
        }
        ls.splice(i, window.length, ...window)
      }
      return joined(ls)
    }
    case 'foreign-lines': {
      const src = lines(other())
      const n = r.range(1, 8)
      for (let k = 0; k < n; k++) ls.splice(at(), 0, src[r.int(src.length)] ?? '')
      return joined(ls)
    }
    case 'splice': {
      const o = other()
      return clip(text.slice(0, r.int(text.length + 1)) + o.slice(r.int(o.length + 1)))
    }
    case 'chars': {
      let s = text
      const n = r.range(1, 10)
      for (let k = 0; k < n; k++) {
        const i = r.int(s.length + 1)
        const add = randomChars(r, r.range(1, 3))
        s = r.chance(0.5) ? s.slice(0, i) + add + s.slice(i + 1) : s.slice(0, i) + add + s.slice(i)
      }
      return s
    }
    case 'line-endings': {
      return r.weighted([
        [3, () => text.replace(/\n/g, '\r\n')],
        [2, () => ls.map((l) => (r.chance(0.3) ? `${l}\r` : l)).join('\n')],
        [1, () => text.replace(/\n/g, '\r')],
        [1, () => text.replace(/\n/g, '')],
        [1, () => text.replace(/\n/g, '\n\n')],
        [1, () => text.replace(/\n/g, '\u2028')]
      ])()
    }
    case 'long-line': {
      const i = at()
      const length = big ? bigSize(r) : r.logRange(64, 16384)
      const line = longLine(r, ls[i] || other() || 'x', length)
      if (r.chance(0.5)) ls[i] = line
      else ls.splice(i, 0, line)
      return clip(joined(ls))
    }
    case 'numbers': {
      return text.replace(/\d+/g, (d) => (r.chance(0.3) ? r.pick(ODD_NUMBERS) : d))
    }
    case 'tokens': {
      const src = other()
      const words = src.split(/[\s:,()"]+/).filter((w) => w !== '')
      if (words.length === 0) return text
      return ls
        .map((l) => (r.chance(0.2) ? l.replace(/[^\s:,()"]+/, () => r.pick(words)) : l))
        .join('\n')
    }
    case 'indent': {
      return ls
        .map((l) =>
          r.chance(0.3)
            ? r.pick(['', '\t', '\t\t', '    ', '        ', ' ', '\t    ']).repeat(r.range(0, 3)) +
              l.replace(/^\s+/, r.chance(0.5) ? '' : '$&')
            : l
        )
        .join('\n')
    }
    case 'blank-lines': {
      const n = big ? r.logRange(1000, 200000) : r.range(1, 30)
      const blanks = new Array(Math.min(n, MAX_INPUT / 2)).fill(r.pick(['', ' ', '\t', '\r']))
      const i = at()
      return clip(joined([...ls.slice(0, i), ...blanks, ...ls.slice(i)]))
    }
    case 'json': {
      // Structure-aware: a line that is a JSON object gets one of its fields changed.
      const candidates = ls.map((l, i) => i).filter((i) => ls[i].trimStart().startsWith('{'))
      if (candidates.length === 0) return text
      const n = r.range(1, 3)
      for (let k = 0; k < n; k++) {
        const i = r.pick(candidates)
        ls[i] = mutateJsonText(r, ls[i], big)
      }
      return clip(joined(ls))
    }
    default:
      return text
  }
}

const MUTATIONS = [
  [6, 'truncate'],
  [6, 'drop-lines'],
  [5, 'dup-lines'],
  [5, 'reorder'],
  [4, 'foreign-lines'],
  [3, 'splice'],
  [6, 'chars'],
  [3, 'line-endings'],
  [5, 'long-line'],
  [3, 'numbers'],
  [4, 'tokens'],
  [3, 'indent'],
  [2, 'blank-lines'],
  [8, 'json']
]

/** A big input is most often a long line: where a backtracking pattern shows. */
const BIG_MUTATIONS = [
  [6, 'long-line'],
  [2, 'dup-lines'],
  [1, 'blank-lines'],
  [2, 'json']
]

/** Values of the wrong type, or of the right type and strange. */
export function oddValue(r, big = false) {
  return r.weighted([
    [3, () => null],
    [2, () => r.chance(0.5)],
    [3, () => Number(r.pick(ODD_NUMBERS))],
    [2, () => r.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 4294967296])],
    [3, () => randomChars(r, r.range(0, 12))],
    [2, () => (big ? 'x'.repeat(bigSize(r)) : 'y'.repeat(r.logRange(1, 4096)))],
    [2, () => []],
    [2, () => ({})],
    [2, () => [oddValue(r), oddValue(r)]],
    [2, () => ({ Path: oddValue(r), Version: oddValue(r) })],
    [1, () => deep(r.logRange(2, big ? 200_000 : 200))],
    [2, () => r.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', ''])]
  ])()
}

/**
 * Arrays nested `depth` deep, as a placeholder toJson writes out: JSON.stringify of the value
 * itself would overflow the stack (JSON.parse reads any depth).
 */
const deep = (depth) => `\u0000deep:${depth}\u0000`

/** JSON text of a value, deep placeholders written out (within MAX_INPUT in all). */
export function toJson(value, indent) {
  let room = MAX_INPUT
  return (JSON.stringify(value, null, indent) ?? 'null').replace(
    /"\\u0000deep:(\d+)\\u0000"/g,
    (_, n) => {
      const depth = Math.max(0, Math.min(Number(n), Math.floor(room / 2)))
      room -= 2 * depth
      return `${'['.repeat(depth)}1${']'.repeat(depth)}`
    }
  )
}

const FIELD_NAMES = [
  'Action',
  'Package',
  'Test',
  'Output',
  'Elapsed',
  'Time',
  'ImportPath',
  'FailedBuild',
  'Key',
  'Value',
  'Path',
  'Version',
  'Module',
  'Go',
  'Toolchain',
  'Require',
  'Replace',
  'Exclude',
  'Retract',
  'Use',
  'DiskPath',
  'ModPath',
  'Old',
  'New',
  'Indirect',
  'Error',
  'Zip',
  'Sum',
  'GoModSum',
  '__proto__',
  'constructor'
]

/** One JSON value changed somewhere in it: a field deleted, retyped, added or nested. */
export function mutateJson(r, value, big) {
  if (value === null || typeof value !== 'object') return r.chance(0.7) ? oddValue(r, big) : value
  // Walk down a random path, then change what is there.
  let parent = value
  for (let depth = 0; depth < 6; depth++) {
    const keys = Object.keys(parent)
    if (keys.length === 0 || r.chance(0.4)) break
    const key = r.pick(keys)
    const child = parent[key]
    if (child === null || typeof child !== 'object') break
    parent = child
  }
  const keys = Object.keys(parent)
  const key = keys.length > 0 && r.chance(0.8) ? r.pick(keys) : r.pick(FIELD_NAMES)
  r.weighted([
    [3, () => delete parent[key]],
    [5, () => (parent[key] = oddValue(r, big))],
    [
      2,
      () => {
        if (typeof parent[key] === 'string') parent[key] = mutateString(r, parent[key], big)
        else parent[key] = oddValue(r, big)
      }
    ],
    [1, () => (parent[r.pick(FIELD_NAMES)] = parent[key])],
    [1, () => (parent[key] = [parent[key], parent[key]])]
  ])()
  return value
}

function mutateString(r, s, big) {
  return r.weighted([
    [3, () => s + randomChars(r, r.range(1, 5))],
    [2, () => s.slice(0, r.int(s.length + 1))],
    [2, () => longLine(r, s || 'x', big ? bigSize(r) : r.logRange(16, 4096))],
    [2, () => s.replace(/\n/g, r.pick(['', '\r\n', '\n\n', '\u2028']))],
    [1, () => `\x16${s}`],
    [1, () => s.replace(/\d+/g, () => r.pick(ODD_NUMBERS))]
  ])()
}

/** A JSON line with one change; text that is not JSON gets a few characters changed instead. */
export function mutateJsonText(r, text, big) {
  let value
  try {
    value = JSON.parse(text)
  } catch {
    return text + randomChars(r, r.range(1, 3))
  }
  let out
  try {
    out = toJson(mutateJson(r, value, big))
  } catch {
    // Text an earlier mutation nested deeper than JSON.stringify can go: change characters.
    return text + randomChars(r, r.range(1, 3))
  }
  // Sometimes as a hand-written encoder would: duplicate keys, odd escapes, a cut.
  return r.weighted([
    [8, () => out],
    [1, () => out.replace(/^\{/, '{"Action":"output","Action":"pass",')],
    [1, () => out.replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)],
    [1, () => out.slice(0, r.int(out.length))]
  ])()
}

/** Applies 1..max mutations; sometimes (rate `bigRate`) first one that makes a big input. */
export function mutate(r, text, pool, { max = 4, bigRate = 0.02 } = {}) {
  let out = r.chance(bigRate) ? mutateText(r, text, pool, true) : text
  for (let n = r.range(1, max); n > 0; n--) out = mutateText(r, out, pool, false)
  return clip(out)
}

// ---------------------------------------------------------------------------------------------
// Grammar pieces: what go prints, made up from parts.

const HOSTS = ['example.com', 'github.com/acme', 'golang.org/x', 'gopkg.in', 'go.uber.org', 'a.b']
const NAMES = ['uuid', 'errors', 'sync', 'text', 'chi/v5', 'x', 'm', 'lib', 'tools', 'y/z']

export function modulePath(r) {
  return r.weighted([
    [8, () => `${r.pick(HOSTS)}/${r.pick(NAMES)}`],
    [1, () => r.pick(['std', 'cmd', 'C', 'example.com', ''])],
    [1, () => `${r.pick(HOSTS)}/${randomChars(r, r.range(1, 4))}`],
    [1, () => `${r.pick(HOSTS)}/!upper/${r.pick(NAMES)}`]
  ])()
}

export function version(r) {
  return r.weighted([
    [6, () => `v${r.range(0, 3)}.${r.range(0, 30)}.${r.range(0, 9)}`],
    [2, () => `v0.0.0-20240101${r.range(100000, 999999)}-abcdef123456`],
    [1, () => `v2.${r.range(0, 9)}.0+incompatible`],
    [1, () => `v1.${r.pick(ODD_NUMBERS)}.0`],
    [1, () => r.pick(['v1', 'latest', 'master', '', 'v1.2.3/go.mod'])]
  ])()
}

export function goVersion(r) {
  return r.weighted([
    [5, () => `1.${r.range(18, 27)}.${r.range(0, 9)}`],
    [2, () => `1.${r.range(18, 27)}`],
    [1, () => `1.${r.range(20, 27)}rc${r.range(1, 3)}`],
    [1, () => r.pick(['1', '2.0', '1.99.0', '', 'go1.22', '1.22.x', r.pick(ODD_NUMBERS)])]
  ])()
}

export const hash = (r) =>
  `h1:${Buffer.from(Array.from({ length: 32 }, () => r.int(256))).toString('base64')}`

export function fileName(r, suffix = '_test.go') {
  return r.weighted([
    [6, () => `${r.pick(['calc', 'main', 'dump', 'a', 'lock', 'x_y'])}${suffix}`],
    [2, () => `${r.pick(['100%', 'a,b', 'c:d', 'sp ace', 'é', '-x', '.hidden'])}${suffix}`],
    [1, () => `${randomChars(r, r.range(1, 6))}${suffix}`],
    [1, () => r.pick(['.go', '_test.go', 'x.go.go', 'testing.go', '<autogenerated>'])]
  ])()
}

export const absPath = (r, file) =>
  `${r.pick(['/home/runner/work/m/m', '/usr/local/go/src/testing', '/root/go/pkg/mod/x@v1.0.0', 'C:\\a\\b', '', '.'])}/${file}`

export function frame(r) {
  const fn = `${modulePath(r)}.${r.pick(['Func', '(*T).M', 'TestX.func1', 'init', 'main'])}`
  const args = r.pick(['()', '(0xc000012345, 0x1)', '(...)', '', '({0x1, 0x2})'])
  return [
    `${fn}${args}`,
    `\t${absPath(r, fileName(r, r.pick(['.go', '_test.go'])))}:${r.range(1, 500)} +0x${r.int(4096).toString(16)}`
  ]
}

export function frames(r, max = 6) {
  const out = []
  for (let n = r.range(0, max); n > 0; n--) out.push(...frame(r))
  return out
}

export function raceReport(r) {
  const access = (prev) =>
    `${prev ? 'Previous ' : ''}${r.pick(['', 'atomic '])}${r.pick(['read', 'write'])} at 0x00c000${r.int(99999)} by ${r.chance(0.8) ? `goroutine ${r.range(1, 99)}` : 'main goroutine'}:`
  const out = [
    '==================',
    'WARNING: DATA RACE',
    access(false),
    ...frames(r).map(indentFrame),
    ''
  ]
  if (r.chance(0.8)) out.push(access(true), ...frames(r).map(indentFrame), '')
  for (let n = r.range(0, 2); n > 0; n--) {
    out.push(
      `Goroutine ${r.range(1, 99)} (${r.pick(['running', 'finished'])}) created at:`,
      ...frames(r).map(indentFrame),
      ''
    )
  }
  if (r.chance(0.3)) out.push(`Location is global 'x' of size 8 at 0x000001 (m.test+0x1)`)
  out.push('==================')
  if (r.chance(0.5)) out.push(`    testing.go:1617: race detected during execution of test`)
  return out
}

const indentFrame = (line) => (line.startsWith('\t') ? `      ${line.slice(1)}` : `  ${line}`)

export function panicReport(r) {
  const out = [
    `${r.pick(['panic', 'fatal error'])}: ${r.pick(['boom', 'assignment to entry in nil map', 'runtime error: index out of range [5] with length 3', 'boom [recovered]', 'boom [recovered, repanicked]', ''])}`
  ]
  if (r.chance(0.3)) out.push('\tpanic: boom')
  if (r.chance(0.3)) out.push('[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]')
  out.push('')
  for (let n = r.range(1, 4); n > 0; n--) {
    out.push(
      `goroutine ${r.range(1, 999)} [${r.pick(['running', 'chan receive', 'chan receive, 2 minutes', 'select', 'sleep'])}]:`,
      ...frames(r)
    )
    if (r.chance(0.5))
      out.push(
        `created by ${modulePath(r)}.TestX in goroutine ${r.range(1, 9)}`,
        `\t${absPath(r, fileName(r))}:${r.range(1, 99)} +0x1d`
      )
    out.push('')
  }
  return out
}

export function timeoutReport(r) {
  const out = [`panic: test timed out after ${r.pick(['2s', '10m0s', '1h0m0s', '0s', '1.5s'])}`]
  if (r.chance(0.9)) {
    out.push('\trunning tests:')
    for (let n = r.range(0, 4); n > 0; n--)
      out.push(`\t\t${testName(r)} (${r.pick(['2s', '0s', '10m0s'])})`)
  }
  out.push('')
  return [...out, ...panicReport(r).slice(2)]
}

export function testName(r) {
  return r.weighted([
    [6, () => `Test${r.pick(['Add', 'Row', 'Flaky', 'Stuck', 'Lookup', 'X'])}`],
    [2, () => `Test${r.pick(['Add', 'X'])}/${r.pick(['case_1', 'negative', 'a/b', '#00', ''])}`],
    [1, () => r.pick(['', ' ', 'Test', '__proto__', 'constructor', 'TestX/'])],
    [1, () => `Test${randomChars(r, r.range(1, 5))}`]
  ])()
}

export function failureLines(r) {
  const out = []
  for (let n = r.range(1, 4); n > 0; n--) {
    const indent = '    '.repeat(r.range(0, 3))
    out.push(
      `${indent}${fileName(r, r.pick(['_test.go', '.go']))}:${r.range(1, 300)}: ${r.pick(['Add(-1, 2) = 2, want 1', 'boom', '', 'got:\n', 'a.go:1: b'])}`
    )
    for (let k = r.range(0, 2); k > 0; k--) out.push(`${indent}    continued ${k}`)
  }
  return out
}

export function compilerLines(r) {
  const out = []
  if (r.chance(0.7))
    out.push(`# ${modulePath(r)}${r.chance(0.3) ? ` [${modulePath(r)}.test]` : ''}`)
  for (let n = r.range(1, 5); n > 0; n--) {
    const file = `${r.pick(['./', '', '../', '/abs/dir/', 'vet: ./'])}${fileName(r, r.pick(['.go', '_test.go']))}`
    out.push(
      `${file}:${r.range(1, 300)}${r.chance(0.7) ? `:${r.range(1, 80)}` : ''}: ${r.pick(['undefined: want', 'too many errors', 'cannot use x (variable of type int) as string value', 'fmt.Printf format %d has arg s of wrong type string'])}`
    )
    if (r.chance(0.2)) out.push('\t\thave M(string)', '\t\twant M(int)')
  }
  return out
}
