/**
 * The repository's configuration file (.github/go-ci-gate.yml or go-ci-gate.yml): any input by
 * its action name, read by the action and the command alike. Values become the inputs' text
 * form, so the one zod schema validates them; every mistake is one line naming file:line.
 */

import fs from 'node:fs'
import path from 'node:path'
import { join as joinShellWords } from 'shlex'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { printableValue } from '../text.js'
import { quoted } from './inputvalues.js'
import { ConfigError, INPUT_NAMES, type InputName, type RawInputs } from '../config.js'

/** Where the file is looked for, in order, relative to the repository root. */
export const CONFIG_FILE_NAMES = ['.github/go-ci-gate.yml', 'go-ci-gate.yml'] as const

/**
 * The YAML a key takes besides a string: `text` also a number (kept as written, so
 * `go-version: 1.20` stays 1.20), `boolean` only true or false, `count` a whole number,
 * `list` a string or a list joined the way the input's text form expects.
 */
export type ValueKind =
  | { kind: 'text' }
  | { kind: 'boolean'; orText?: string }
  | { kind: 'count' }
  | { kind: 'list'; join: 'comma' | 'space' | 'words' | 'lines' }

const text: ValueKind = { kind: 'text' }
const boolean: ValueKind = { kind: 'boolean' }
const count: ValueKind = { kind: 'count' }
const commaList: ValueKind = { kind: 'list', join: 'comma' }

/** Keys that differ per job or that only the runner can fill: refused in the file, with why. */
export const PER_JOB_KEYS: Partial<Record<InputName, string>> = {
  config: 'the file cannot name another configuration file',
  mode: 'it differs between the jobs of a sharded run; give it as the step’s input',
  shard: 'it differs between the jobs of a sharded run; give it as the step’s input',
  plan: 'it is the plan job’s output; give it as the step’s input',
  'github-token':
    'a token has no place in a committed file; the action uses the job’s token (input github-token)',
  'check-run-id': 'it names one job’s check run; the action fills it from ${{ job.check_run_id }}'
}

/** What the file may hold for each input it accepts. */
export const FILE_KINDS: Partial<Record<InputName, ValueKind>> = {
  'working-directory': text,
  'go-version': text,
  'go-version-file': text,
  goproxy: text,
  gosumdb: text,
  goprivate: commaList,
  gotoolchain: text,
  checks: commaList,
  'fail-on': text,
  'allow-local-replace': boolean,
  'download-retries': count,
  'download-timeout': text,
  vendor: { kind: 'boolean', orText: 'auto' },
  race: boolean,
  packages: { kind: 'list', join: 'space' },
  tags: commaList,
  timeout: text,
  shuffle: text,
  'test-flags': { kind: 'list', join: 'words' },
  coverage: boolean,
  'coverage-threshold': text,
  'rerun-failed': count,
  junit: text,
  sarif: text,
  'build-targets': commaList,
  'vet-tags': { kind: 'list', join: 'lines' },
  cache: boolean,
  'cache-save': text,
  'cache-key-suffix': text,
  'cache-timeout': text,
  annotations: boolean,
  'check-name': text,
  comment: text,
  shards: text,
  'shard-target': text
}

/** The inputs whose values are paths, resolved against the repository root when the file sets them. */
export const PATH_INPUTS: readonly InputName[] = [
  'working-directory',
  'go-version-file',
  'junit',
  'sarif'
]

export interface ConfigFile {
  /** The file as shown in messages: relative to the repository root, POSIX. */
  name: string
  values: RawInputs
  /** The line of each key. */
  lines: Partial<Record<InputName, number>>
}

/**
 * The configuration file of the repository at `root`: the one `named` names (relative to
 * `base`, inside `root`), else the first of CONFIG_FILE_NAMES that exists, else undefined.
 * `label` names the config input or flag in the error when the named file cannot be used.
 */
export function findConfigFile(
  root: string,
  named: string | undefined,
  base: string,
  label: string
): string | undefined {
  if (named === undefined || named.trim() === '') {
    return CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((file) =>
      fs.existsSync(file)
    )
  }
  const file = path.resolve(base, named.trim())
  const relative = path.relative(root, file)
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ConfigError(
      `${label}: ${quoted(named)} is outside the repository (${printableValue(root)}); use a file inside it`
    )
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throw new ConfigError(
      `${label}: ${quoted(named)} is not a file (looked for ${printableValue(file)})`
    )
  }
  return file
}

/** Reads and checks the file: every key an input the file may set, every value of its kind. */
export function loadConfigFile(file: string, root: string): ConfigFile {
  const name = path.relative(root, file).split(path.sep).join('/')
  const source = fs.readFileSync(file, 'utf8')
  const lineCounter = new LineCounter()
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const lineOf = (offset: number | undefined): number =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line
  const syntax = document.errors[0]
  if (syntax !== undefined) {
    const message = syntax.message.split('\n')[0] ?? syntax.code
    throw new ConfigError(`${name}:${lineOf(syntax.pos[0])}: not valid YAML: ${message}`)
  }
  const loaded: ConfigFile = { name, values: {}, lines: {} }
  const contents = document.contents
  if (contents === null || (isScalar(contents) && contents.value === null)) return loaded
  if (!isMap(contents)) {
    throw new ConfigError(
      `${name}:${lineOf(contents.range?.[0])}: the file must be a mapping of input names to values, e.g. race: true`
    )
  }
  for (const pair of contents.items) {
    const keyNode = pair.key as Node | null
    const line = lineOf(keyNode?.range?.[0])
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode)
    const at = `${name}:${line}`
    const refused = PER_JOB_KEYS[key as InputName]
    if (refused !== undefined)
      throw new ConfigError(`${at}: ${key}: not allowed in the file: ${refused}`)
    const kind = FILE_KINDS[key as InputName]
    if (kind === undefined) throw new ConfigError(`${at}: ${unknownKey(key)}`)
    const value = pair.value as Node | null
    const input = key as InputName
    loaded.values[input] = textForm(value, kind, `${at}: ${key}`)
    loaded.lines[input] = line
  }
  return loaded
}

/** An unknown key's error, with the nearest input name when one is close. */
function unknownKey(key: string): string {
  const near = INPUT_NAMES.filter((n) => FILE_KINDS[n] !== undefined).find(
    (n) => editDistance(n, key.toLowerCase()) <= 2
  )
  const hint = near === undefined ? '' : `; did you mean ${near}?`
  return `${quoted(key)} is not an input of go-ci-gate${hint} (the keys are the action’s inputs: README, Inputs)`
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row.push(
        Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      )
    }
    previous = row
  }
  return previous[b.length] ?? 0
}

/** A scalar as the input's text: a string as is, a number as written, a boolean as true/false. */
function scalarText(node: Node): string | boolean | undefined {
  if (!isScalar(node)) return undefined
  if (typeof node.value === 'boolean') return node.value
  if (typeof node.value === 'number') return node.source ?? String(node.value)
  if (typeof node.value === 'string') return node.value
  return undefined
}

/** What a value is, for an error: its text quoted, or what kind of YAML it is. */
function shown(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'an empty value'
  if (isSeq(node)) return 'a list'
  if (isMap(node)) return 'a mapping'
  const value = scalarText(node)
  return value === undefined ? 'this value' : quoted(String(value))
}

function textForm(node: Node | null, kind: ValueKind, at: string): string {
  const scalar = node === null ? undefined : scalarText(node)
  const wrong = (what: string): ConfigError => new ConfigError(`${at}: ${shown(node)} ${what}`)
  switch (kind.kind) {
    case 'boolean':
      if (typeof scalar === 'boolean') return String(scalar)
      if (kind.orText !== undefined && scalar === kind.orText) return scalar
      throw wrong(
        kind.orText === undefined
          ? 'is not a boolean; use true or false'
          : `is not allowed; use ${kind.orText}, true or false`
      )
    case 'count':
      if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value)) {
        return String(node.value)
      }
      throw wrong('is not a whole number; use e.g. 2')
    case 'text':
      if (typeof scalar === 'string') return scalar
      throw wrong('is not allowed; give one value, e.g. a string or a number')
    case 'list': {
      if (typeof scalar === 'string') return scalar
      if (!isSeq(node)) throw wrong('is not allowed; give a string or a list of strings')
      const items = node.items.map((item) => listItem(item as Node | null, kind.join, at))
      if (kind.join === 'words') return joinShellWords(items)
      return items.join(kind.join === 'comma' ? ',' : kind.join === 'space' ? ' ' : '\n')
    }
  }
}

/** One list item: a string (or number), or for vet-tags a tag set given as a list itself. */
function listItem(node: Node | null, join: string, at: string): string {
  const scalar = node === null ? undefined : scalarText(node)
  if (typeof scalar === 'string') return scalar
  if (join === 'lines' && isSeq(node)) {
    return node.items.map((tag) => listItem(tag as Node | null, 'comma', at)).join(',')
  }
  throw new ConfigError(`${at}: ${shown(node)} in the list is not allowed; list strings`)
}

/** Where the values the file set ended up: kept, or overridden by an input or flag. */
export interface ConfigSources {
  file: string
  fromFile: InputName[]
  overridden: InputName[]
  /** How an override is named: input or flag. */
  overrideKind: 'input' | 'flag'
  /** The effective text of each of those inputs, as given (before validation). */
  values: RawInputs
}

export interface MergedInputs {
  raw: RawInputs
  sources?: ConfigSources
  /** Names an input in errors: the file's key as file:line: key, the others as `label` does. */
  label: (input: InputName) => string
}

/**
 * The file's values under the given inputs: a given input (not blank) wins. `rebase` turns a
 * path the file gives (relative to the repository root) into one relative to where the given
 * inputs are resolved.
 */
export function mergeConfigFile(
  file: ConfigFile | undefined,
  given: RawInputs,
  options: {
    label: (input: InputName) => string
    overrideKind: 'input' | 'flag'
    rebase?: (value: string) => string
  }
): MergedInputs {
  if (file === undefined) return { raw: given, label: options.label }
  const raw: RawInputs = { ...given }
  const sources: ConfigSources = {
    file: file.name,
    fromFile: [],
    overridden: [],
    overrideKind: options.overrideKind,
    values: {}
  }
  for (const input of INPUT_NAMES) {
    const value = file.values[input]
    if (value === undefined) continue
    if ((given[input] ?? '').trim() !== '') {
      sources.overridden.push(input)
      sources.values[input] = given[input]
      continue
    }
    sources.fromFile.push(input)
    sources.values[input] = value
    const rebase = options.rebase
    raw[input] =
      rebase !== undefined && PATH_INPUTS.includes(input) && value.trim() !== ''
        ? rebase(value.trim())
        : value
  }
  const label = (input: InputName): string =>
    sources.fromFile.includes(input)
      ? `${file.name}:${file.lines[input] ?? 1}: ${input}`
      : options.label(input)
  return { raw, sources, label }
}

/** The configuration file found (or named by the config input) and merged under the given inputs. */
export function inputsWithConfigFile(
  given: RawInputs,
  options: {
    root: string
    /** What a relative config value is resolved against. */
    base: string
    label: (input: InputName) => string
    overrideKind: 'input' | 'flag'
    rebase?: (value: string) => string
  }
): MergedInputs {
  const file = findConfigFile(options.root, given.config, options.base, options.label('config'))
  return mergeConfigFile(
    file === undefined ? undefined : loadConfigFile(file, options.root),
    given,
    options
  )
}
