/**
 * What go prints when vendor/modules.txt contradicts go.mod (or go.work). Any command that loads
 * packages with -mod=vendor checks first and stops with, on stderr and exit 1:
 *
 *   go: inconsistent vendoring in /abs/dir:
 *   	github.com/google/uuid@v1.6.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt
 *
 *   	To ignore the vendor directory, use -mod=readonly or -mod=mod.
 *   	To sync the vendor directory, run:
 *   		go mod vendor
 *
 * (the wording is cmd/go/internal/modload/vendor.go's checkVendorConsistency). A `## go` line in
 * vendor/modules.txt newer than the running go stops it earlier with
 * `go: <module> in vendor/modules.txt requires go >= X (running go Y; ...)`. Pure: text in, data out.
 */

export type InconsistencyKind =
  /** go.mod requires mod@ver, modules.txt has no `## explicit` for it. */
  | 'required-not-explicit'
  /** Before go 1.14 modules.txt had no markers: only a version mismatch is detectable. */
  | 'required-version-differs'
  /** go.mod (or go.work) replaces it, modules.txt does not record the replacement. */
  | 'replaced-not-marked'
  /** Both replace it, with different targets. */
  | 'replacement-differs'
  /** modules.txt says explicit, no go.mod requires it. */
  | 'explicit-not-required'
  /** modules.txt records a replacement no go.mod (or go.work) has. */
  | 'marked-replaced-not-replaced'
  /** A `## go X` annotation newer than the running go. */
  | 'go-too-new'
  /** A package under vendor/ with no line in modules.txt (go 1.23+ ignores it). */
  | 'unlisted-package'
  /** A line of the inconsistent-vendoring block this parser does not know. */
  | 'other'

export interface VendorInconsistency {
  kind: InconsistencyKind
  /** Module path (for unlisted-package: the package path). */
  path: string
  /** Absent for path-only replacements (`replace x => y` without a version). */
  version?: string
  /** replaced-*: the file that names the replacement as go printed it (go.mod, b/go.mod, go.work). */
  source?: string
  /** replacement-differs: what go.mod/go.work says and what modules.txt says (path[@version]). */
  replacement?: string
  vendoredReplacement?: string
  /** required-version-differs: the version modules.txt names; go-too-new: the go version needed. */
  other?: string
  /** go-too-new: the go that runs. */
  running?: string
  /** The line as go printed it, trimmed. */
  text: string
}

export interface VendorConsistencyReport {
  /** The directory go named after `inconsistent vendoring in` (absolute, as go printed it). */
  dir?: string
  /** `go mod vendor` or `go work vendor`, as go advised. */
  fixCommand?: string
  problems: VendorInconsistency[]
}

const HEADER = /^go: inconsistent vendoring in (.+):$/
// A module path has no @: with `(\S+?)(?:@(\S+))?` every @ of a long word was tried, each with
// a scan to the word's end (quadratic: 9 KB of @ took 1.5 s).
const MODULE = String.raw`([^\s@]+)(?:@(\S+))?`
const DETAIL: Array<{
  kind: InconsistencyKind
  re: RegExp
  fields: Array<'source' | 'replacement' | 'vendoredReplacement' | 'other'>
}> = [
  {
    kind: 'required-not-explicit',
    re: new RegExp(
      `^${MODULE}: is explicitly required in go\\.mod, but not marked as explicit in vendor/modules\\.txt$`
    ),
    fields: []
  },
  {
    kind: 'required-version-differs',
    re: new RegExp(
      `^${MODULE}: is explicitly required in go\\.mod, but vendor/modules\\.txt indicates (\\S+)$`
    ),
    fields: ['other']
  },
  {
    kind: 'replaced-not-marked',
    re: new RegExp(
      `^${MODULE}: is replaced in (.+), but not marked as replaced in vendor/modules\\.txt$`
    ),
    fields: ['source']
  },
  {
    kind: 'replacement-differs',
    re: new RegExp(
      `^${MODULE}: is replaced by (\\S+) in (.+), but marked as replaced by (\\S+) in vendor/modules\\.txt$`
    ),
    fields: ['replacement', 'source', 'vendoredReplacement']
  },
  {
    kind: 'explicit-not-required',
    re: new RegExp(
      `^${MODULE}: is marked as explicit in vendor/modules\\.txt, but not explicitly required in (?:a )?go\\.mod$`
    ),
    fields: []
  },
  {
    kind: 'marked-replaced-not-replaced',
    re: new RegExp(
      `^${MODULE}: is marked as replaced in vendor/modules\\.txt, but not replaced in (go\\.mod|the workspace)$`
    ),
    fields: ['source']
  }
]
const GO_TOO_NEW =
  /^go: (\S+) in (?:\S*\/)?vendor\/modules\.txt requires go >= (\S+) \(running go (\S+?)[;)]/
const UNLISTED =
  /^go: ignoring package (\S+) which exists in the vendor directory but is missing from vendor\/modules\.txt/
const ADVICE =
  /^(To ignore the vendor directory|To sync the vendor directory|go (?:mod|work) vendor$)/

/** Every vendoring problem go names in `output` (stderr of a -mod=vendor command). */
export function parseVendorConsistency(output: string): VendorConsistencyReport {
  const report: VendorConsistencyReport = { problems: [] }
  let inBlock = false
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim()
    const header = HEADER.exec(line)
    if (header) {
      report.dir = header[1]
      inBlock = true
      continue
    }
    const tooNew = GO_TOO_NEW.exec(line)
    if (tooNew) {
      report.problems.push({
        kind: 'go-too-new',
        path: tooNew[1] as string,
        other: tooNew[2],
        running: tooNew[3],
        text: line
      })
      continue
    }
    const unlisted = UNLISTED.exec(line)
    if (unlisted) {
      report.problems.push({ kind: 'unlisted-package', path: unlisted[1] as string, text: line })
      continue
    }
    if (!inBlock || line === '') continue
    // A line that does not start with a tab ends the block (go's next message).
    if (!raw.startsWith('\t')) {
      inBlock = false
      continue
    }
    if (ADVICE.test(line)) {
      if (/^go (?:mod|work) vendor$/.test(line)) report.fixCommand = line
      continue
    }
    report.problems.push(parseDetail(line))
  }
  return report
}

function parseDetail(line: string): VendorInconsistency {
  for (const { kind, re, fields } of DETAIL) {
    const m = re.exec(line)
    if (!m) continue
    const problem: VendorInconsistency = { kind, path: m[1] as string, text: line }
    if (m[2] !== undefined) problem.version = m[2]
    fields.forEach((field, k) => {
      const value = m[3 + k]
      if (value !== undefined) problem[field] = value
    })
    return problem
  }
  const module = /^([^\s@:]+)(?:@([^\s:]+))?:/.exec(line)
  const problem: VendorInconsistency = { kind: 'other', path: module?.[1] ?? '', text: line }
  if (module?.[2] !== undefined) problem.version = module[2]
  return problem
}
