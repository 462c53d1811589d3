/**
 * What a go.mod or go.work asks of the toolchain: its `go` and `toolchain` lines as go's own JSON
 * reports them, parsed, with the lines they sit on. Pure: a loaded file in, a requirement out.
 */
import path from 'node:path'
import { toPosix } from './command.js'
import { findDirectiveLine, type Directive } from './gomod.js'
import type { GoModule, GoWorkspace } from './modules.js'
import {
  atLeast,
  formatGoVersion,
  isLanguageVersion,
  parseGoVersion,
  parseToolchainName,
  requiresPatchedForm,
  type GoVersion
} from './version.js'

/** A version as written in a file, parsed, with the line it sits on. */
export interface Stated {
  text: string
  version: GoVersion
  line?: number
}

/** What one go.mod or go.work asks for. */
export interface Requirement {
  kind: 'go.mod' | 'go.work'
  relPath: string
  /** Absolute directory of the file. */
  dir: string
  go?: Stated
  toolchain?: Stated
  /** `toolchain default`: go never switches for this file beyond what GOTOOLCHAIN names. */
  toolchainDefault?: true
}

/** Relative to the repository root, POSIX; `.` for the root itself. */
export function relativePath(root: string, file: string): string {
  return toPosix(path.relative(root, file)) || '.'
}

export function requirementOf(
  kind: 'go.mod' | 'go.work',
  loaded: GoModule | GoWorkspace
): Requirement | undefined {
  // A file go could not read is modfile's to report.
  if (loaded.json === undefined) return undefined
  const requirement: Requirement = { kind, relPath: loaded.relPath, dir: path.dirname(loaded.file) }
  const goText = loaded.json.Go
  const goVersion = goText === undefined ? undefined : parseGoVersion(goText)
  if (goText !== undefined && goVersion !== undefined) {
    requirement.go = {
      text: goText,
      version: goVersion,
      line: findDirectiveLine(loaded.directives, 'go')
    }
  }
  // `go work edit -json` leaves Toolchain out (go 1.26 prints only Go, Use, Replace, though its
  // documentation lists it), so for go.work the directive's own word is the only reading there is.
  const toolchainText =
    loaded.json.Toolchain ??
    (kind === 'go.work' ? directiveWord(loaded.directives, 'toolchain') : undefined)
  const toolchainVersion =
    toolchainText === undefined ? undefined : parseToolchainName(toolchainText)
  if (toolchainText !== undefined && toolchainVersion !== undefined) {
    requirement.toolchain = {
      text: toolchainText,
      version: toolchainVersion,
      line: findDirectiveLine(loaded.directives, 'toolchain')
    }
  }
  if (toolchainText === 'default') requirement.toolchainDefault = true
  return requirement
}

function directiveWord(directives: Directive[], verb: string): string | undefined {
  return directives.find((d) => d.verb === verb)?.args[0]
}

/** The release a requirement makes go use at least: the toolchain line when it is the higher. */
export function neededRelease(r: Requirement): Stated | undefined {
  if (r.toolchain && (!r.go || atLeast(r.toolchain.version, r.go.version))) return r.toolchain
  return r.go
}

/** The release to install for a stated version: 1.22 means 1.22.0. */
export function releaseOf(stated: Stated): string {
  const v = stated.version
  if (isLanguageVersion(v) && requiresPatchedForm(v)) return `${formatGoVersion(v)}.0`
  return formatGoVersion(v)
}
