import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import { z } from 'zod'
import { isDirectory, isInside } from './files.js'
import { CHECK_NAMES, type CheckName } from './findings.js'

/** Every input the action and the command share, by its action name. */
export const INPUT_NAMES = [
  'working-directory',
  'go-version',
  'go-version-file',
  'goproxy',
  'gosumdb',
  'goprivate',
  'gotoolchain',
  'checks',
  'fail-on',
  'allow-local-replace',
  'download-retries',
  'vendor',
  'annotations',
  'github-token'
] as const
export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Partial<Record<InputName, string>>

export const VERSION_FILE_NAMES = ['go.mod', 'go.work', '.go-version', '.tool-versions'] as const

export interface Config {
  /** Absolute repository root: annotation paths are relative to it. */
  root: string
  /** Absolute directory the gate looks for modules in. */
  workingDirectory: string
  /** A semver range the toolchain must satisfy, without "go" prefixes. */
  goVersion?: string
  /** Absolute path of the file naming the required version. */
  goVersionFile?: string
  /** Undefined: use what `go env` reports on this machine. */
  goproxy?: string
  gosumdb?: string
  goprivate?: string
  gotoolchain: string
  checks: CheckName[]
  failOn: 'error' | 'warning'
  allowLocalReplace: boolean
  /** Retries of `go mod download` after a transient failure (timeouts, resets, 5xx). */
  downloadRetries: number
  /** auto: check vendor/ where it exists; required: a module without vendor/ fails; off. */
  vendor: 'auto' | 'required' | 'off'
  annotations: boolean
  githubToken?: string
}

/** A user mistake in the inputs: one line, no stack trace. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

const TRUE_WORDS = ['true', 'True', 'TRUE']
const FALSE_WORDS = ['false', 'False', 'FALSE']
const MAX_DOWNLOAD_RETRIES = 10
const GOTOOLCHAIN_PATTERN = /^(local|auto|path|go1(\.\d+){1,2}((rc|beta)\d+)?(\+(auto|path))?)$/

/** Blank inputs mean "not given", as on a runner where every declared input is set. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

function booleanInput(defaultValue: boolean) {
  return optionalText.transform((value, ctx) => {
    if (value === undefined) return defaultValue
    if (TRUE_WORDS.includes(value)) return true
    if (FALSE_WORDS.includes(value)) return false
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a boolean; use true or false` })
    return z.NEVER
  })
}

/** Accepts what people write in workflows (1.26, 1.26.x, >=1.25, go1.26.1) as a semver range. */
export function normaliseVersionRange(value: string): string | undefined {
  const withoutPrefix = value.replace(/(^|[\s<>=^~])go(?=\d)/g, '$1')
  const range = semver.validRange(withoutPrefix, { loose: false })
  return range === null ? undefined : withoutPrefix
}

function listOf(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

function schema(cwd: string, root: string) {
  return z.object({
    'working-directory': optionalText.transform((value, ctx) => {
      const dir = path.resolve(cwd, value ?? '.')
      if (!isDirectory(dir)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not a directory (looked for ${dir})`
        })
        return z.NEVER
      }
      if (!isInside(root, dir)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is outside the repository root ${root}`
        })
        return z.NEVER
      }
      return dir
    }),
    'go-version': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const range = normaliseVersionRange(value)
      if (range === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not a version or range; use e.g. 1.26, 1.26.x, ^1.25.0 or >=1.24 <1.27`
        })
        return z.NEVER
      }
      return range
    }),
    'go-version-file': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const file = path.resolve(cwd, value)
      const base = path.basename(file)
      if (!(VERSION_FILE_NAMES as readonly string[]).includes(base)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not a version file; use one of ${VERSION_FILE_NAMES.join(', ')}`
        })
        return z.NEVER
      }
      if (!fs.existsSync(file)) {
        ctx.addIssue({ code: 'custom', message: `"${value}" does not exist (looked for ${file})` })
        return z.NEVER
      }
      return file
    }),
    goproxy: optionalText.refine((v) => v === undefined || !/\s/.test(v), {
      message:
        'must be a comma- or pipe-separated list of proxy URLs, direct or off, without spaces'
    }),
    gosumdb: optionalText.refine((v) => v === undefined || !/[\n\r]/.test(v), {
      message: 'must be one line: off, a database name, or "name+key url"'
    }),
    goprivate: optionalText.refine((v) => v === undefined || !/\s/.test(v), {
      message: 'must be a comma-separated list of module path patterns, without spaces'
    }),
    gotoolchain: optionalText.transform((value, ctx) => {
      const toolchain = value ?? 'local'
      if (!GOTOOLCHAIN_PATTERN.test(toolchain)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${toolchain}" is not a GOTOOLCHAIN value; use local, auto, path, go1.N.P, go1.N.P+auto or go1.N.P+path`
        })
        return z.NEVER
      }
      return toolchain
    }),
    checks: optionalText.transform((value, ctx) => {
      if (value === undefined || value === 'all') return [...CHECK_NAMES]
      const names = listOf(value)
      const unknown = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n))
      if (unknown.length > 0 || names.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `"${unknown[0] ?? value}" is not a check; use all or a comma-separated list of ${CHECK_NAMES.join(', ')}`
        })
        return z.NEVER
      }
      // Keep the gate's own order, whatever order the user wrote.
      return CHECK_NAMES.filter((n) => names.includes(n))
    }),
    'fail-on': optionalText.transform((value, ctx) => {
      const failOn = value ?? 'error'
      if (failOn !== 'error' && failOn !== 'warning') {
        ctx.addIssue({
          code: 'custom',
          message: `"${failOn}" is not allowed; use error or warning`
        })
        return z.NEVER
      }
      return failOn
    }),
    'allow-local-replace': booleanInput(false),
    'download-retries': optionalText.transform((value, ctx) => {
      if (value === undefined) return 3
      if (!/^\d+$/.test(value) || Number(value) > MAX_DOWNLOAD_RETRIES) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not allowed; use a whole number from 0 to ${MAX_DOWNLOAD_RETRIES}`
        })
        return z.NEVER
      }
      return Number(value)
    }),
    vendor: optionalText.transform((value, ctx) => {
      const mode = value ?? 'auto'
      if (mode === 'auto') return 'auto' as const
      if (TRUE_WORDS.includes(mode)) return 'required' as const
      if (FALSE_WORDS.includes(mode)) return 'off' as const
      ctx.addIssue({ code: 'custom', message: `"${mode}" is not allowed; use auto, true or false` })
      return z.NEVER
    }),
    annotations: booleanInput(true),
    'github-token': optionalText
  })
}

export interface ParseOptions {
  /** Directory relative inputs are resolved against. */
  cwd: string
  /** Repository root; annotation paths are relative to it. */
  root: string
  /** How to name an input in an error: the action says `input "fail-on"`, the command `--fail-on`. */
  label: (input: InputName) => string
}

/** One validated Config, or a ConfigError naming the input, the value and what is allowed. */
export function parseConfig(raw: RawInputs, options: ParseOptions): Config {
  const result = schema(options.cwd, options.root).safeParse(raw)
  if (!result.success) {
    const issue = result.error.issues[0]
    const input = String(issue?.path[0] ?? '') as InputName
    const value = raw[input]
    const message =
      issue?.message.startsWith('"') === true
        ? issue.message
        : `"${value ?? ''}" is not valid: ${issue?.message ?? 'unknown problem'}`
    throw new ConfigError(`${options.label(input)}: ${message}`)
  }
  const v = result.data
  return {
    root: options.root,
    workingDirectory: v['working-directory'],
    goVersion: v['go-version'],
    goVersionFile: v['go-version-file'],
    goproxy: v.goproxy,
    gosumdb: v.gosumdb,
    goprivate: v.goprivate,
    gotoolchain: v.gotoolchain,
    checks: v.checks,
    failOn: v['fail-on'],
    allowLocalReplace: v['allow-local-replace'],
    downloadRetries: v['download-retries'],
    vendor: v.vendor,
    annotations: v.annotations,
    githubToken: v['github-token']
  }
}
