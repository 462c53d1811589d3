/**
 * go.mod and go.work as go itself reads them (`go mod edit -json`, `go work edit -json`), plus
 * where each directive sits in the file, so findings can point at the line to change.
 */
import { z } from 'zod'

export interface ModuleVersion {
  Path: string
  Version?: string
}

export interface GoModJson {
  Module: { Path: string; Deprecated?: string }
  Go?: string
  Toolchain?: string
  Require: Array<{ Path: string; Version: string; Indirect?: boolean }> | null
  Exclude: ModuleVersion[] | null
  Replace: Array<{ Old: ModuleVersion; New: ModuleVersion }> | null
  Retract: unknown[] | null
}

export interface GoWorkJson {
  Go?: string
  /** Documented, but go 1.26's `go work edit -json` never prints it. */
  Toolchain?: string
  /** go prints ModPath, not the ModulePath its documentation names. */
  Use: Array<{ DiskPath: string; ModPath?: string }> | null
  Replace: Array<{ Old: ModuleVersion; New: ModuleVersion }> | null
}

const moduleVersion = z.object({ Path: z.string(), Version: z.string().optional() })
const replacement = z.object({ Old: moduleVersion, New: moduleVersion })
/** go prints an empty list as null (and leaves some out): null either way. */
const listOf = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((list) => list ?? null)

const goModJson = z.object({
  Module: z.object({ Path: z.string(), Deprecated: z.string().optional() }),
  Go: z.string().optional(),
  Toolchain: z.string().optional(),
  Require: listOf(
    z.object({ Path: z.string(), Version: z.string(), Indirect: z.boolean().optional() })
  ),
  Exclude: listOf(moduleVersion),
  Replace: listOf(replacement),
  Retract: listOf(z.unknown())
}) satisfies z.ZodType<GoModJson>

const goWorkJson = z.object({
  Go: z.string().optional(),
  Toolchain: z.string().optional(),
  Use: listOf(z.object({ DiskPath: z.string(), ModPath: z.string().optional() })),
  Replace: listOf(replacement)
}) satisfies z.ZodType<GoWorkJson>

/**
 * Pure: JSON text in, data out; undefined when the text is not go's JSON for a go.mod (not JSON,
 * or a field of another type than go prints), so no check trips over a value later.
 */
export function parseGoModJson(text: string): GoModJson | undefined {
  const parsed = goModJson.safeParse(jsonOf(text))
  return parsed.success ? parsed.data : undefined
}

/** As parseGoModJson, for `go work edit -json`. */
export function parseGoWorkJson(text: string): GoWorkJson | undefined {
  const parsed = goWorkJson.safeParse(jsonOf(text))
  return parsed.success ? parsed.data : undefined
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** One directive of a go.mod/go.work file: its verb, its words (comments removed) and its line. */
export interface Directive {
  verb: string
  args: string[]
  /** 1-based. */
  line: number
}

/**
 * Lists the directives with their lines, unfolding blocks (`require ( ... )`). Positions only:
 * the values themselves come from go's JSON.
 */
export function locateDirectives(text: string): Directive[] {
  const directives: Directive[] = []
  let block: string | undefined
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const words = tokenize(lines[i] ?? '')
    if (words.length === 0) continue
    if (block !== undefined) {
      if (words[0] === ')') {
        block = undefined
        continue
      }
      directives.push({ verb: block, args: words, line: i + 1 })
      continue
    }
    const [verb, ...args] = words as [string, ...string[]]
    if (args.length === 1 && args[0] === '(') {
      block = verb
      continue
    }
    // `require ()`: an empty block go accepts, not a directive.
    if (args.length === 2 && args[0] === '(' && args[1] === ')') continue
    directives.push({ verb, args, line: i + 1 })
  }
  return directives
}

function tokenize(line: string): string[] {
  const words: string[] = []
  let i = 0
  while (i < line.length) {
    const c = line[i] as string
    if (c === ' ' || c === '\t') {
      i++
    } else if (line.startsWith('//', i)) {
      break
    } else if (c === '"' || c === '`') {
      // Quoted paths: keep the unquoted text so they compare equal to go's JSON.
      const end = line.indexOf(c, i + 1)
      const stop = end === -1 ? line.length : end
      words.push(line.slice(i + 1, stop).replace(/\\(.)/g, '$1'))
      i = stop + 1
    } else if (c === '(' || c === ')') {
      words.push(c)
      i++
    } else {
      let j = i
      while (j < line.length && !' \t()'.includes(line[j] as string) && !line.startsWith('//', j))
        j++
      words.push(line.slice(i, j))
      i = j
    }
  }
  return words
}

/** The line of the first directive with this verb whose leading words equal `args`. */
export function findDirectiveLine(
  directives: Directive[],
  verb: string,
  args: string[] = []
): number | undefined {
  return directives.find((d) => d.verb === verb && args.every((a, k) => d.args[k] === a))?.line
}

/** The line of the replace directive for Old (with its version when it has one). */
export function findReplaceLine(directives: Directive[], old: ModuleVersion): number | undefined {
  const args = old.Version ? [old.Path, old.Version] : [old.Path]
  return (
    findDirectiveLine(directives, 'replace', args) ??
    findDirectiveLine(directives, 'replace', [old.Path])
  )
}

/** A replace whose target has no version points at a directory. */
export function isLocalReplace(replace: { New: ModuleVersion }): boolean {
  return !replace.New.Version
}
