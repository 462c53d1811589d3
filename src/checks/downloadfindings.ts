/**
 * The download check's findings, each on the line to fix: what go could not download, checksums
 * that do not match, go.sum lines the repository lacks, and a go.mod go had to rewrite.
 */
import path from 'node:path'
import { isInside } from '../files.js'
import { toPosix } from '../go/command.js'
import { withoutUndefined, type CheckFinding } from '../findings.js'
import type { DownloadError } from '../go/downloaderrors.js'
import { formatGoDuration as formatDuration } from '../go/duration.js'
import { findDirectiveLine, findReplaceLine } from '../go/gomod.js'
import { findGoSumLine, parseGoSum } from '../go/gosum.js'
import { subjectOf, sumPathOf, type DownloadFacts, type TargetFacts } from './downloadfacts.js'
import { describeSkipped } from './scope.js'

/** Findings for the last attempt's failures: each error once, on the line to fix. */
export function failureFindings(target: TargetFacts, facts: DownloadFacts): CheckFinding[] {
  const last = target.attempts[target.attempts.length - 1]
  if (last === undefined) {
    return [
      {
        rule: 'download/failed',
        severity: 'error',
        title: `go mod download did not run for ${target.target.label}`,
        message: `No attempt was started: ${target.stoppedEarly ?? 'no time was left'}.`,
        file: target.target.label,
        fix:
          target.proxyDown !== undefined
            ? retryFix(facts)
            : 'raise download-timeout, or make the module proxy reachable'
      }
    ]
  }
  if (last.exitCode === 0 && !last.timedOut) return []
  const findings: CheckFinding[] = []
  const seen = new Set<string>()
  const permanent = last.output.errors.some((e) => e.kind !== 'transient')
  for (const error of last.output.errors) {
    const key = `${error.kind} ${subjectOf(error) ?? error.text}`
    if (seen.has(key)) continue
    seen.add(key)
    findings.push(errorFinding(error, target, facts, permanent))
  }
  if (last.timedOut && !permanent) {
    const waiting = last.output.pending.filter((p) => p.module !== undefined)
    const subjects = [...new Set(waiting.map((p) => subjectOf(p) as string))]
    const first = waiting[0]
    findings.push(
      withoutUndefined({
        rule: 'download/failed',
        severity: 'error',
        title: `Could not download ${subjects[0] ?? `the modules of ${target.target.label}`}`,
        message:
          `go mod download for ${target.target.label} got no answer within ` +
          `${formatDuration(last.timeoutMs)}` +
          (first
            ? ` (waiting for ${first.url}${subjects.length > 1 ? ` and ${subjects.length - 1} more` : ''})`
            : '') +
          `; ${attemptsText(target, facts)}.`,
        ...locate(target, first?.module, first?.version),
        fix: retryFix(facts)
      })
    )
  }
  if (findings.length === 0) {
    // go failed in a way the classifier has no name for: show go's own words.
    findings.push({
      rule: 'download/failed',
      severity: 'error',
      title: `go mod download failed for ${target.target.label}`,
      message:
        (last.exitCode === null
          ? `go mod download was killed by ${last.signal ?? 'a signal'}\n`
          : '') +
        (goWords(last.stderr) ||
          (last.exitCode === null ? '' : `go mod download exited ${last.exitCode}`)),
      file: target.target.label,
      fix: `run \`go mod download\` in ${target.target.modules[0]?.relDir ?? '.'} and fix what it reports`
    })
  }
  return findings
}

function errorFinding(
  error: DownloadError,
  target: TargetFacts,
  facts: DownloadFacts,
  permanentSeen: boolean
): CheckFinding {
  const subject = subjectOf(error)
  const message = mapPaths(error.text, target)
  if (error.kind === 'checksum') return checksumFinding(error, target, message)
  if (error.kind === 'transient') {
    return withoutUndefined({
      rule: 'download/failed',
      severity: 'error',
      title: `Could not download ${subject ?? `the modules of ${target.target.label}`}`,
      message:
        `${message}\n${error.cause}; ${attemptsText(target, facts)}` +
        (permanentSeen ? ' (not retried: another module failed for good)' : '') +
        '.',
      ...locate(target, error.module, error.version),
      fix: retryFix(facts)
    })
  }
  if (error.kind === 'not-found') {
    return withoutUndefined({
      rule: 'download/not-found',
      severity: 'error',
      title: `${subject ?? 'A required module'} not found`,
      message: `${message}\ngo found no such version (${error.cause}); not retried.`,
      ...locate(target, error.module, error.version),
      fix:
        error.module !== undefined
          ? `check the version exists: \`go list -m -versions ${error.module}\`; fix the require line`
          : 'check the required versions exist (`go list -m -versions <module>`) and fix the require line'
    })
  }
  // other: a refusal (401/403), a go.mod go cannot load, anything else go says.
  const where = error.location ? locateGoFile(error.location, target, facts.root) : undefined
  const denied = error.status === 401 || error.status === 403
  return withoutUndefined({
    rule: 'download/failed',
    severity: 'error',
    title: subject !== undefined ? `Could not download ${subject}` : `go mod download failed`,
    message: `${message}${denied ? '\nThe module proxy refused the request; not retried.' : ''}`,
    ...(where ?? locate(target, error.module, error.version)),
    fix: denied
      ? `for a private module set GOPRIVATE (and credentials); otherwise check the version exists: \`go list -m -versions ${error.module ?? '<module>'}\``
      : where !== undefined
        ? `fix line ${where.line} of ${where.file} as go says`
        : `read go's message; check the version exists: \`go list -m -versions ${error.module ?? '<module>'}\``
  })
}

function checksumFinding(error: DownloadError, target: TargetFacts, message: string): CheckFinding {
  const subject = `${error.module ?? 'a module'} ${error.version ?? ''}`.trim()
  const sum = error.checksum
  const fromGoSum = sum === undefined || sum.source === 'go.sum'
  let where: { file: string; line?: number } | undefined
  if (error.module !== undefined && error.version !== undefined) {
    for (const file of target.goSums) {
      const line = findGoSumLine(
        parseGoSum(file.text),
        error.module,
        error.version,
        error.goModOnly === true ? 'go.mod' : 'files'
      )
      if (line !== undefined && (sum === undefined || !fromGoSum || line.hash === sum.expected)) {
        where = { file: file.relPath, line: line.line }
        break
      }
    }
  }
  where ??= locate(target, error.module, error.version)
  const what = error.goModOnly === true ? `the go.mod of ${subject}` : subject
  const hashes =
    sum === undefined
      ? ''
      : `downloaded ${sum.downloaded}, ${fromGoSum ? 'go.sum has' : `the checksum database ${sum.source} has`} ${sum.expected}. `
  return withoutUndefined({
    rule: 'download/checksum-mismatch',
    severity: 'error',
    title: `Checksum mismatch for ${subject}`,
    message:
      `The code downloaded for ${what} is not what ${fromGoSum ? 'go.sum records' : 'the checksum database records'}: ` +
      `${hashes}Not retried.\n${message}`,
    ...where,
    fix: fromGoSum
      ? '`go clean -modcache` and download again; if it still differs, find out why go.sum or the published module changed before running `go mod tidy`'
      : 'do not update go.sum to match: the proxy served other code than the checksum database records; check GOPROXY and GONOSUMDB/GOPRIVATE, then `go clean -modcache`'
  })
}

/** Lines go added to the copy of go.sum (go.work.sum): the repository lacks them. */
export function sumFindings(target: TargetFacts): CheckFinding[] {
  const { before, after, relPath } = target.sums
  if (after === undefined) return []
  const known = new Set<string>()
  for (const text of [before ?? '', ...target.goSums.map((g) => g.text)]) {
    for (const line of text.split(/\r?\n/)) if (line.trim() !== '') known.add(line.trim())
  }
  const added = parseGoSum(after).filter(
    (l) => !known.has(`${l.module} ${l.version}${l.goModOnly ? '/go.mod' : ''} ${l.hash}`)
  )
  const byModule = new Map<string, typeof added>()
  for (const line of added) {
    const key = `${line.module} ${line.version}`
    byModule.set(key, [...(byModule.get(key) ?? []), line])
  }
  const findings: CheckFinding[] = []
  for (const [key, lines] of byModule) {
    const first = lines[0] as (typeof added)[number]
    const where = locate(target, first.module, first.version)
    const owner =
      target.target.modules.find((m) => m.relPath === where.file) ?? target.target.modules[0]
    const ownerSum = owner ? sumPathOf(owner.relDir) : relPath
    const inDir = owner && owner.relDir !== '.' ? ` in ${owner.relDir}` : ''
    const text = lines.map(
      (l) => `${l.module} ${l.version}${l.goModOnly ? '/go.mod' : ''} ${l.hash}`
    )
    findings.push(
      withoutUndefined({
        rule: 'download/go-sum',
        severity: 'error',
        title: `${ownerSum} lacks checksums for ${key}`,
        message:
          `go mod download needed ${text.length === 1 ? 'this line' : 'these lines'}, missing from ` +
          `${target.target.kind === 'workspace' ? `the modules' go.sum and ${relPath}` : relPath}, and would have added ` +
          `${text.length === 1 ? 'it' : 'them'} (the gate ran it on a copy):\n${text.join('\n')}\n` +
          'Builds with -mod=readonly fail with "missing go.sum entry".',
        ...where,
        fix: `run \`go mod tidy\`${inDir} and commit ${ownerSum}`
      })
    )
  }
  return findings
}

/** go rewrote its copy of go.mod (a non-canonical version, say): builds would say "updates to go.mod needed". */
export function goModChangeFinding(target: TargetFacts): CheckFinding | undefined {
  const goMod = target.goMod
  if (goMod?.after === undefined || goMod.after === goMod.before) return undefined
  const before = goMod.before.split(/\r?\n/)
  const after = goMod.after.split(/\r?\n/)
  let index = 0
  while (index < before.length && before[index] === after[index]) index++
  const module = target.target.modules[0]
  const inDir = module && module.relDir !== '.' ? ` in ${module.relDir}` : ''
  return {
    rule: 'download/updates-go-mod',
    severity: 'error',
    title: `go mod download had to update ${target.target.label}`,
    message:
      `go rewrote line ${index + 1} of its copy: "${(before[index] ?? '').trim()}" became ` +
      `"${(after[index] ?? '').trim()}". Builds with -mod=readonly fail with "updates to go.mod needed".`,
    file: target.target.label,
    line: Math.min(index + 1, before.length),
    fix: `run \`go mod tidy\`${inDir} and commit ${target.target.label}`
  }
}

/** The require line of a module (or the replace that brings it in), in the target's files. */
function locate(
  target: TargetFacts,
  module: string | undefined,
  version: string | undefined
): { file: string; line?: number } {
  const modules = target.target.modules
  const fallback = { file: target.target.label }
  if (module === undefined) return fallback
  for (const args of version ? [[module, version], [module]] : [[module]]) {
    for (const m of modules) {
      const line = findDirectiveLine(m.directives, 'require', args)
      if (line !== undefined) return { file: m.relPath, line }
    }
  }
  // A replacement's path: point at the replace directive that names it.
  const files = [
    ...modules.map((m) => ({ relPath: m.relPath, directives: m.directives, json: m.json })),
    ...(target.target.workspace ? [target.target.workspace] : [])
  ]
  for (const f of files) {
    for (const r of f.json?.Replace ?? []) {
      if (r.New.Path === module && (!version || !r.New.Version || r.New.Version === version)) {
        const line = findReplaceLine(f.directives, r.Old)
        if (line !== undefined) return { file: f.relPath, line }
      }
    }
  }
  return fallback
}

/** A go.mod/go.work go named (maybe the copy, maybe relative to where go ran) as a repository path. */
function locateGoFile(
  location: { file: string; line: number },
  target: TargetFacts,
  root: string
): { file: string; line: number } | undefined {
  const absolute = path.resolve(target.target.dir, location.file)
  if (absolute === target.copyFile) return { file: target.target.label, line: location.line }
  if (!isInside(root, absolute)) return undefined
  return { file: toPosix(path.relative(root, absolute)), line: location.line }
}

/** go's message with the copy's path shown as the user's file. */
function mapPaths(text: string, target: TargetFacts): string {
  const copyDir = path.dirname(target.copyFile)
  const relCopy = path.relative(target.target.dir, target.copyFile)
  // The relative form first: it ends with the absolute one when both lie under the same root.
  let out = relCopy === '' ? text : text.split(relCopy).join(target.target.label)
  out = out.split(target.copyFile).join(target.target.label)
  return out.split(copyDir).join('<copy>')
}

function attemptsText(target: TargetFacts, facts: DownloadFacts): string {
  const n = target.attempts.length
  const tried = `${n} attempt${n === 1 ? '' : 's'}`
  if (target.stoppedEarly) return `${tried}, then stopped: ${target.stoppedEarly}`
  if (n < target.maxAttempts) return tried
  return `${tried} (download-retries: ${facts.downloadRetries})`
}

function retryFix(facts: DownloadFacts): string {
  return `re-run the job; if it keeps failing, check that GOPROXY (${facts.goproxy || 'unset'}) is reachable from the runner, or raise download-retries or download-timeout`
}

export function summaryOf(
  facts: DownloadFacts,
  downloaded: number,
  failed: number,
  retries: number
): string {
  let text = `${downloaded} module${downloaded === 1 ? '' : 's'} downloaded`
  if (failed > 0) text += `, ${failed} failed`
  if (retries > 0) text += ` (${retries} ${retries === 1 ? 'retry' : 'retries'})`
  const workspace = facts.targets.find((t) => t.target.kind === 'workspace')
  if (workspace) text += `; workspace ${workspace.target.label}`
  if (facts.skipped.length > 0) text += `; ${describeSkipped(facts.skipped)}`
  return text
}

/** go's stderr without the -x trace lines, at most 20 lines. */
function goWords(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !/^(# |\d+(\.\d+)?s # |cd |mkdir |git )/.test(l))
    .slice(0, 20)
    .join('\n')
    .trim()
}
