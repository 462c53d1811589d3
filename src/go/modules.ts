import fs from 'node:fs'
import path from 'node:path'
import { describeEnding, succeeded, toPosix, type GoEnding, type GoRunner } from './command.js'
import {
  locateDirectives,
  parseGoModJson,
  parseGoWorkJson,
  type Directive,
  type GoModJson,
  type GoWorkJson
} from './gomod.js'

/** Folders go ignores or that hold someone else's modules. */
export function isSkippedFolder(name: string): boolean {
  return (
    name === 'vendor' ||
    name === 'testdata' ||
    name === 'node_modules' ||
    name.startsWith('.') ||
    name.startsWith('_')
  )
}

/** Every directory at or below `start` holding a go.mod, the start first, then in path order. */
export function discoverModuleDirs(start: string): string[] {
  const found: string[] = []
  const walk = (dir: string): void => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    if (entries.some((e) => e.isFile() && e.name === 'go.mod')) found.push(dir)
    const subdirs = entries
      .filter((e) => e.isDirectory() && !isSkippedFolder(e.name))
      .map((e) => e.name)
      .sort()
    for (const name of subdirs) walk(path.join(dir, name))
  }
  walk(start)
  return found
}

/** A go.mod or go.work file: its text, where its directives are, and what go made of it. */
export interface LoadedFile<T> {
  /** Absolute path. */
  file: string
  /** Relative to the repository root, POSIX. */
  relPath: string
  text: string
  directives: Directive[]
  json?: T
  /** go's own message when it could not read the file. */
  loadError?: string
}

export interface GoModule extends LoadedFile<GoModJson> {
  /** Absolute module directory. */
  dir: string
  /** Relative to the repository root, POSIX; "." for the root. */
  relDir: string
}

export type GoWorkspace = LoadedFile<GoWorkJson>

/** go.mod files are read by go itself, under GOTOOLCHAIN=local so reading never downloads. */
export async function loadModule(go: GoRunner, root: string, dir: string): Promise<GoModule> {
  const file = path.join(dir, 'go.mod')
  const text = fs.readFileSync(file, 'utf8')
  const relDir = toPosix(path.relative(root, dir)) || '.'
  const module: GoModule = {
    dir,
    relDir,
    file,
    relPath: relDir === '.' ? 'go.mod' : `${relDir}/go.mod`,
    text,
    directives: locateDirectives(text)
  }
  const result = await go.run(['mod', 'edit', '-json'], {
    cwd: dir,
    env: { GOTOOLCHAIN: 'local', GOWORK: 'off' },
    timeoutMs: 60_000
  })
  if (succeeded(result)) module.json = parseGoModJson(result.stdout)
  if (module.json === undefined) module.loadError = loadFailure('go mod edit -json', result)
  return module
}

/** The go.work go would use from `cwd`, when it lies inside the repository. */
export async function loadWorkspace(
  go: GoRunner,
  root: string,
  cwd: string
): Promise<GoWorkspace | undefined> {
  const where = await go.run(['env', 'GOWORK'], {
    cwd,
    env: { GOTOOLCHAIN: 'local' },
    timeoutMs: 60_000
  })
  const file = where.stdout.trim()
  if (!succeeded(where) || file === '' || file === 'off') return undefined
  const relPath = toPosix(path.relative(root, file))
  if (relPath.startsWith('..') || path.isAbsolute(relPath)) return undefined
  const text = fs.readFileSync(file, 'utf8')
  const workspace: GoWorkspace = { file, relPath, text, directives: locateDirectives(text) }
  const result = await go.run(['work', 'edit', '-json', file], {
    cwd,
    env: { GOTOOLCHAIN: 'local' },
    timeoutMs: 60_000
  })
  if (succeeded(result)) workspace.json = parseGoWorkJson(result.stdout)
  if (workspace.json === undefined) workspace.loadError = loadFailure('go work edit -json', result)
  return workspace
}

/** Why go's JSON of a go.mod or go.work is missing: go's own message, or what it printed instead. */
export function loadFailure(command: string, result: GoEnding & { stderr: string }): string {
  if (succeeded(result)) return `${command} exited 0 without printing the file's JSON`
  return result.stderr.trim() || `${command} ${describeEnding(result)}`
}
