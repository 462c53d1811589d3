/**
 * Part of the toolchain check's judgement: the other places a Go version is named. `.go-version`
 * and `.tool-versions` against go.mod (tools such as setup-go, asdf and mise read them before go
 * does), and the go-version / go-version-file inputs against the go that runs. Pure.
 */
import path from 'node:path'
import semver from 'semver'
import type { CheckFinding } from '../findings.js'
import { isInside } from '../files.js'
import {
  neededRelease,
  relativePath,
  releaseOf,
  requirementOf,
  type Requirement
} from '../go/requirements.js'
import type { ToolchainFacts } from '../go/toolchainfacts.js'
import {
  atLeast,
  formatGoVersion,
  matchesRelease,
  parseWrittenVersion,
  toSemver,
  writtenOlderThan,
  type GoVersion
} from '../go/version.js'
import { isVersionFileName, parseVersionFile } from '../go/versionfiles.js'

/** .go-version / .tool-versions that would make setup-go, asdf or mise install another go. */
export function versionFileDisagreements(
  facts: ToolchainFacts,
  requirements: Requirement[]
): CheckFinding[] {
  const findings: CheckFinding[] = []
  for (const vf of facts.versionFiles) {
    const entry = parseVersionFile(vf.name, vf.text)
    const written = entry ? parseWrittenVersion(entry.version) : undefined
    if (!entry || !written) continue
    const dir = path.dirname(vf.file)
    const governing = governingRequirement(dir, requirements)
    if (!governing) continue
    const relPath = relativePath(facts.config.root, vf.file)
    const needed = neededRelease(governing)
    if (needed && needed === governing.toolchain) {
      if (matchesRelease(written, needed.version)) continue
      findings.push({
        rule: 'toolchain/version-file',
        severity: 'warning',
        title: `${vf.name} disagrees with ${governing.kind}`,
        message:
          `${relPath} says ${entry.version}, but ${governing.relPath}'s toolchain line says ` +
          `${needed.text}: tools that read ${vf.name} install another go than the one go selects`,
        file: relPath,
        line: entry.line,
        fix: `write ${formatGoVersion(needed.version)} in ${relPath}, or change the toolchain line`
      })
    } else if (governing.go && writtenOlderThan(written, governing.go.version)) {
      findings.push({
        rule: 'toolchain/version-file',
        severity: 'warning',
        title: `${vf.name} disagrees with ${governing.kind}`,
        message:
          `${relPath} says ${entry.version}, older than ${governing.relPath}'s go line ` +
          `(${governing.go.text}): a go installed from ${vf.name} cannot build this module`,
        file: relPath,
        line: entry.line,
        fix: `write ${releaseOf(governing.go)} (or newer) in ${relPath}`
      })
    }
  }
  return findings
}

/**
 * The go.mod/go.work a version file in `dir` speaks for: the module there, else the workspace
 * there, else the module under it with the highest go line (its toolchain line aside).
 */
function governingRequirement(dir: string, requirements: Requirement[]): Requirement | undefined {
  const here =
    requirements.find((r) => r.kind === 'go.mod' && r.dir === dir) ??
    requirements.find((r) => r.kind === 'go.work' && r.dir === dir)
  if (here) return here
  const below = requirements.filter((r) => r.kind === 'go.mod' && r.go && isInside(dir, r.dir))
  let highest: Requirement | undefined
  for (const r of below) {
    if (!highest?.go || (r.go && !atLeast(highest.go.version, r.go.version))) highest = r
  }
  return highest ? { ...highest, toolchain: undefined } : undefined
}

export function goVersionInput(facts: ToolchainFacts, running: GoVersion): CheckFinding[] {
  const range = facts.config.goVersion
  if (range === undefined) return []
  if (semver.satisfies(toSemver(running), range, { includePrerelease: true })) return []
  return [
    {
      rule: 'toolchain/go-version',
      severity: 'error',
      title: 'Go outside go-version',
      message: `go ${formatGoVersion(running)} runs here, which does not satisfy go-version "${range}"`,
      fix: `install a matching go before this step (actions/setup-go with go-version: ${range}) or change go-version`
    }
  ]
}

export function goVersionFileInput(
  facts: ToolchainFacts,
  running: GoVersion,
  sofar: CheckFinding[]
): CheckFinding[] {
  const file = facts.config.goVersionFile
  if (file === undefined || facts.goVersionFile === undefined) return []
  const relPath = relativePath(facts.config.root, file)
  const base = path.basename(file)
  const runs = formatGoVersion(running)
  const fix = `install it before this step (actions/setup-go with go-version-file: ${relPath})`
  if (base === 'go.mod' || base === 'go.work') {
    const loaded = facts.goVersionFile.loaded
    if (!loaded) return []
    // A module in scope that go cannot read is modfile's finding; one outside scope is ours.
    if (loaded.json === undefined) {
      if (facts.modules.some((m) => m.file === file) || facts.workspace?.file === file) return []
      return [
        {
          rule: 'toolchain/go-version-file',
          severity: 'error',
          title: 'go-version-file unreadable',
          message: loaded.loadError ?? `go could not read ${relPath}`,
          file: relPath,
          fix: `point go-version-file at a valid ${base}`
        }
      ]
    }
    const r = requirementOf(base, loaded)
    const needed = r ? neededRelease(r) : undefined
    if (!needed || atLeast(running, needed.version)) return []
    // The go line's own error already says this, on this line.
    if (sofar.some((f) => f.severity === 'error' && f.file === relPath && f.line === needed.line)) {
      return []
    }
    return [
      {
        rule: 'toolchain/go-version-file',
        severity: 'error',
        title: 'Go older than go-version-file',
        message: `go-version-file ${relPath} asks for go >= ${needed.text}, but go ${runs} runs here`,
        file: relPath,
        line: needed.line,
        fix
      }
    ]
  }
  if (!isVersionFileName(base)) return []
  const entry = parseVersionFile(base, facts.goVersionFile.text)
  const written = entry ? parseWrittenVersion(entry.version) : undefined
  if (!entry || !written) {
    return [
      {
        rule: 'toolchain/go-version-file',
        severity: 'error',
        title: 'go-version-file names no Go version',
        message: entry
          ? `${relPath} says "${entry.version}", which is not a Go version`
          : `${relPath} names no Go version${base === '.tool-versions' ? ' (no golang or go line)' : ''}`,
        file: relPath,
        line: entry?.line,
        fix: `write the Go version in ${relPath}, e.g. ${base === '.tool-versions' ? 'golang ' : ''}${runs}`
      }
    ]
  }
  if (matchesRelease(written, running)) return []
  return [
    {
      rule: 'toolchain/go-version-file',
      severity: 'error',
      title: 'Go does not match go-version-file',
      message: `go-version-file ${relPath} says ${entry.version}, but go ${runs} runs here`,
      file: relPath,
      line: entry.line,
      fix
    }
  ]
}
