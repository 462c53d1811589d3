/**
 * Part of the toolchain check's judgement: what plain `go`, run with the runner's own environment
 * (no pinning), does that the gate's go does not. Pure.
 */
import type { CheckFinding } from '../findings.js'
import type { Requirement } from '../go/requirements.js'
import { releaseOf } from '../go/requirements.js'
import type { PlainGoProbe } from '../go/toolchainfacts.js'
import { downloadTarget, goComplaint, missingFromPath } from '../go/toolchainerrors.js'
import { namesNoRelease } from '../go/toolchainselect.js'
import { compareGoVersions, formatGoVersion, parseToolchainName } from '../go/version.js'

/**
 * A warning when plain `go` (the runner's own environment) runs, or would download, another
 * toolchain than `reference` (what the gate's go runs), or cannot run at all. `governing` is the
 * go.mod/go.work of the working directory, to point at the line that made go switch.
 */
export function silentSwitchFinding(
  plain: PlainGoProbe,
  reference: string,
  governing?: Pick<Requirement, 'relPath' | 'go' | 'toolchain'>
): CheckFinding | undefined {
  const fix =
    'pin GOTOOLCHAIN=local for every go step (the gate exports it) and install the version go.mod asks for (actions/setup-go with go-version-file: go.mod)'
  const name = (text: string): string => text.trim().split(/\s+/)[0] ?? ''
  const via = `GOTOOLCHAIN=${plain.gotoolchain}`
  let target: string | undefined
  let downloads = false
  if (plain.version !== undefined) {
    if (name(plain.version) === name(reference)) return undefined
    target = name(plain.version)
  } else {
    const error = plain.error ?? ''
    const download = downloadTarget(error)
    if (download && download !== name(reference)) {
      target = download
      downloads = true
    } else {
      const missing = missingFromPath(error)
      const cause = missing ? locate(governing, missing) : undefined
      return {
        rule: 'toolchain/outside-gate',
        severity: 'warning',
        title: 'Go fails outside the gate',
        message:
          `with the runner's own environment (${via}) plain \`go\` fails: ${goComplaint(error)}` +
          (cause ? ` (${cause.why})` : ''),
        ...(cause ? { file: cause.file, line: cause.line } : {}),
        fix
      }
    }
  }
  const cause = locate(governing, target)
  const why = cause ? `${cause.why} and ${via} lets it` : `${via} says so`
  let message: string
  if (!downloads) {
    message = `with the runner's own environment plain \`go\` runs ${target}, not ${name(reference)} (${why})`
  } else if (namesNoRelease(target)) {
    // A language version (go1.23): a go from before golang/go#62278's fix, and no such release.
    message = `with the runner's own environment plain \`go\` tries to download ${target} (${why}), a release that does not exist, so it fails; the gate runs ${name(reference)}`
  } else {
    message = `with the runner's own environment plain \`go\` switches to ${target} (${why}) and downloads it; the gate runs ${name(reference)}`
  }
  return {
    rule: 'toolchain/outside-gate',
    severity: 'warning',
    title: 'Go switches toolchains outside the gate',
    message,
    ...(cause ? { file: cause.file, line: cause.line } : {}),
    fix
  }
}

/** Which line of the governing file names `toolchainName` (go1.99.1), if any. */
function locate(
  governing: Pick<Requirement, 'relPath' | 'go' | 'toolchain'> | undefined,
  toolchainName: string
): { file: string; line?: number; why: string } | undefined {
  if (!governing) return undefined
  const version = parseToolchainName(toolchainName)
  if (!version) return undefined
  if (governing.toolchain && compareGoVersions(governing.toolchain.version, version) === 0) {
    return {
      file: governing.relPath,
      line: governing.toolchain.line,
      why: `the toolchain line in ${governing.relPath} asks for it`
    }
  }
  const go = governing.go
  if (
    go &&
    (compareGoVersions(go.version, version) === 0 || releaseOf(go) === formatGoVersion(version))
  ) {
    return {
      file: governing.relPath,
      line: go.line,
      why: `the go line in ${governing.relPath} asks for it`
    }
  }
  return undefined
}
