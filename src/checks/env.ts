/**
 * env: the gate pins GOPROXY, GOSUMDB, GOPRIVATE, GOFLAGS, GOTOOLCHAIN and GO111MODULE for every
 * child go (see pinEnvironment). This check says what the runner had that defeats the pinning or
 * the checksum database, and which Go-looking variables do nothing at all.
 */
import type { CheckFinding } from '../findings.js'
import type { GoEnv, PinnedEnvironment } from '../go/env.js'
import { readGoEnvFile, type GoEnvFile } from '../go/goenvfile.js'
import { GO_NAME, GO_RUNTIME_VARIABLES, nearest } from '../go/envnames.js'
import { MULTI_OWNER_HOSTS, publicHostCovered } from '../go/modulepatterns.js'
import type { RuleId } from '../rules.js'
import type { Check } from './types.js'

export interface EnvFindingsInput {
  processEnv: Record<string, string | undefined>
  /** `go env -json` with the runner's own environment, before pinning. */
  runnerGoEnv: GoEnv
  pinned: PinnedEnvironment
  /** Variables go reads that `go env` does not list (see GO_RUNTIME_VARIABLES). */
  knownVariables: readonly string[]
  /** The parsed go env file, to say where a value came from. */
  goEnvFile?: GoEnvFile
}

type Source =
  | { kind: 'input'; input: string }
  | { kind: 'process' }
  | { kind: 'file'; file: GoEnvFile; line: number }
  | { kind: 'default' }

/** Pure: what in the runner's environment defeats the pinning or the checksum database. */
export function envFindings(input: EnvFindingsInput): CheckFinding[] {
  const { processEnv, runnerGoEnv, pinned } = input
  const findings: CheckFinding[] = []

  /** What go saw before pinning: the process environment wins over the go env file. */
  const runnerValue = (key: string): string => nonEmpty(processEnv[key]) ?? runnerGoEnv[key] ?? ''

  const sourceOf = (key: string, pinnedValue?: string): Source => {
    if (pinnedValue !== undefined && pinnedValue !== runnerValue(key)) {
      return { kind: 'input', input: key.toLowerCase() }
    }
    if (nonEmpty(processEnv[key]) !== undefined) return { kind: 'process' }
    const entry = input.goEnvFile?.values[key]
    if (input.goEnvFile && entry) return { kind: 'file', file: input.goEnvFile, line: entry.line }
    return { kind: 'default' }
  }

  const add = (
    source: Source,
    finding: { rule: RuleId; title: string; message: string; fix: string }
  ): void => {
    const located: CheckFinding = { severity: 'warning', ...finding }
    if (source.kind === 'file' && source.file.relPath !== undefined) {
      located.file = source.file.relPath
      located.line = source.line
    }
    findings.push(located)
  }

  // GOSUMDB=off: nothing checks downloaded modules against the checksum database.
  const gosumdb = pinned.GOSUMDB.trim()
  if (gosumdb === 'off') {
    const source = sourceOf('GOSUMDB', pinned.GOSUMDB)
    add(source, {
      rule: 'env/gosumdb-off',
      title: 'Checksum database disabled',
      message:
        `GOSUMDB=off (${describe(source)}): go does not check modules missing from go.sum against ` +
        `the checksum database, so a tampered or re-tagged module version is accepted.`,
      fix: `${unsetFix('GOSUMDB', source, 'set GOSUMDB to your checksum database in the workflow `env:`')}; list private modules in GOPRIVATE instead`
    })
  }

  // Patterns that exempt whole public hosts from the proxy and the checksum database.
  const patternVariables: Array<{ key: string; value: string; source: Source; effect: string }> = []
  patternVariables.push({
    key: 'GOPRIVATE',
    value: pinned.GOPRIVATE,
    source: sourceOf('GOPRIVATE', pinned.GOPRIVATE),
    effect: 'bypass the module proxy and the checksum database'
  })
  for (const key of ['GONOSUMDB', 'GONOPROXY'] as const) {
    const value = runnerValue(key)
    // Unset, go derives them from GOPRIVATE, which is checked above.
    const explicit =
      nonEmpty(processEnv[key]) !== undefined ||
      input.goEnvFile?.values[key] !== undefined ||
      value !== (runnerGoEnv.GOPRIVATE ?? '')
    if (!explicit) continue
    patternVariables.push({
      key,
      value,
      source: sourceOf(key),
      effect:
        key === 'GONOSUMDB'
          ? 'skip the checksum database'
          : 'bypass the module proxy (fetched straight from their repositories)'
    })
  }
  for (const { key, value, source, effect } of patternVariables) {
    const patterns = splitList(value)
    const covered = patterns.flatMap((pattern) => {
      const host = publicHostCovered(pattern)
      return host === undefined ? [] : [{ pattern, host }]
    })
    if (covered.length === 0) continue
    const first = covered[0] as { pattern: string; host: string }
    const ownerHost = MULTI_OWNER_HOSTS.includes(first.host) ? first.host : 'github.com'
    const kept = patterns.filter((p) => !covered.some((c) => c.pattern === p))
    const suggestion = [...kept, `${ownerHost}/<your-org>/*`].join(',')
    add(source, {
      rule: 'env/private-public',
      title: `${key} covers public code hosts`,
      message:
        `${key}=${shown(value)} (${describe(source)}): ` +
        `${covered.map((c) => coverage(c.pattern, c.host)).join('; ')}, so they ${effect}.`,
      fix: setFix(key, suggestion, source)
    })
  }

  // GOINSECURE: plain HTTP and unverified certificates for matching modules.
  const goinsecure = runnerValue('GOINSECURE')
  if (goinsecure.trim() !== '') {
    const source = sourceOf('GOINSECURE')
    add(source, {
      rule: 'env/goinsecure',
      title: 'Insecure module fetching enabled',
      message:
        `GOINSECURE=${shown(goinsecure)} (${describe(source)}): go fetches matching modules over ` +
        `plain HTTP or without verifying certificates, so anyone on the network path can swap them.`,
      fix: unsetFix('GOINSECURE', source, 'set GOINSECURE= (empty) in the workflow `env:`')
    })
  }

  // GOFLAGS=-mod=mod lets go rewrite go.mod and go.sum during a build, hiding an untidy go.mod.
  const goflags = runnerValue('GOFLAGS')
  const flags = goflags.split(/\s+/).filter((f) => f !== '')
  if (flags.some((f) => /^--?mod=mod$/.test(f))) {
    const source = sourceOf('GOFLAGS')
    const rest = flags.filter((f) => !/^--?mod=/.test(f)).join(' ')
    add(source, {
      rule: 'env/goflags-mod',
      title: 'GOFLAGS -mod=mod replaced by -mod=readonly',
      message:
        `GOFLAGS=${shown(goflags)} (${describe(source)}) lets go add missing requirements to ` +
        `go.mod and go.sum during a build, which hides an untidy go.mod; the gate ran go with ` +
        `GOFLAGS=${shown(pinned.GOFLAGS)} instead.`,
      fix:
        rest === ''
          ? `${unsetFix('GOFLAGS', source, 'set GOFLAGS=-mod=readonly in the workflow `env:`')} and commit what \`go mod tidy\` changes`
          : `${setFix('GOFLAGS', rest, source)} and commit what \`go mod tidy\` changes`
    })
  }

  // GOPROXY=off or direct alone: no module mirror.
  const proxies = splitList(pinned.GOPROXY, /[,|]/)
  if (
    proxies[0] === 'off' ||
    (proxies.length > 0 && proxies.every((p) => p === 'direct' || p === 'off'))
  ) {
    const source = sourceOf('GOPROXY', pinned.GOPROXY)
    const off = proxies[0] === 'off'
    add(source, {
      rule: 'env/goproxy',
      title: off ? 'Module downloads disabled (GOPROXY=off)' : 'No module proxy (GOPROXY=direct)',
      message: off
        ? `GOPROXY=${shown(pinned.GOPROXY)} (${describe(source)}): go cannot download any module, ` +
          `so every build that needs a module not already in the cache fails.`
        : `GOPROXY=${shown(pinned.GOPROXY)} (${describe(source)}): every module is fetched from ` +
          `its repository, which is slower and flakier than a proxy, and a deleted or rewritten ` +
          `repository breaks the build.`,
      fix: unsetFix(
        'GOPROXY',
        source,
        'set GOPROXY to your module proxy followed by `,direct` in the workflow `env:`'
      )
    })
  }

  // GO111MODULE=off/auto: pinned to on here, but a later step or a local run may build in GOPATH mode.
  const go111module = runnerValue('GO111MODULE').trim()
  if (go111module === 'off' || go111module === 'auto') {
    const source = sourceOf('GO111MODULE')
    add(source, {
      rule: 'env/go111module',
      title: `GO111MODULE=${go111module}`,
      message: `GO111MODULE=${go111module} (${describe(source)}): ${
        go111module === 'off'
          ? 'go builds in GOPATH mode, ignoring go.mod and go.sum'
          : 'go falls back to GOPATH mode outside a module'
      }; the gate ran go with GO111MODULE=on, but steps that run go without it do not.`,
      fix: unsetFix('GO111MODULE', source, 'set GO111MODULE=on in the workflow `env:`')
    })
  }

  // Go-looking variables nothing reads.
  const known = new Set([...Object.keys(runnerGoEnv), ...input.knownVariables])
  const candidates = [...known].filter((k) => k.startsWith('GO')).sort()
  const names = Object.keys(processEnv)
    .filter((k) => processEnv[k] !== undefined && GO_NAME.test(k) && !known.has(k))
    .sort()
  for (const name of names) {
    const suggestion = nearest(name, candidates)
    const value = processEnv[name] ?? ''
    const shownValue = /^(|\d+|true|false|on|off|yes|no)$/i.test(value.trim())
      ? `${name}=${value}`
      : `${name} (value not shown, ${value.length} characters)`
    add(
      { kind: 'process' },
      {
        rule: 'env/unknown-variable',
        title: `${name} is not a Go variable`,
        message:
          `${name} is not a Go variable${suggestion ? `; did you mean ${suggestion}?` : '.'} ` +
          `No go command or Go program reads ${shownValue}, so it has no effect.`,
        fix:
          `remove ${name} from the workflow \`env:\`` +
          (suggestion ? ` (set ${suggestion} if that is what you meant)` : '')
      }
    )
  }

  return findings
}

/** The check's one line: what every child go ran with. */
export function pinnedSummary(pinned: PinnedEnvironment): string {
  const values = (['GOPROXY', 'GOSUMDB', 'GOFLAGS', 'GOTOOLCHAIN'] as const).map(
    (k) => `${k}=${shown(pinned[k])}`
  )
  return `pinned ${values.join(' ')}`
}

export const envCheck: Check = {
  name: 'env',
  stage: 0,
  timeoutMs: 60_000,
  run(context) {
    const goEnvFile = readGoEnvFile(context.runnerGoEnv.GOENV, context.config.root)
    const findings = envFindings({
      processEnv: context.processEnv,
      runnerGoEnv: context.runnerGoEnv,
      pinned: context.pinned,
      knownVariables: GO_RUNTIME_VARIABLES,
      goEnvFile
    })
    return Promise.resolve({ findings, summary: pinnedSummary(context.pinned) })
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

function splitList(value: string, separator: RegExp = /,/): string[] {
  return value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** A value fit for a message: URL credentials hidden, quoted when empty or spaced. */
function shown(value: string): string {
  const safe = value.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@')
  return safe === '' || /\s/.test(safe) ? JSON.stringify(safe) : safe
}

/** What a pattern covering a public host covers, in words. */
function coverage(pattern: string, host: string): string {
  const [hostPattern] = pattern.split('/')
  if (/[*?[\\]/.test(hostPattern ?? ''))
    return `"${pattern}" matches modules on public hosts such as ${host}`
  if (MULTI_OWNER_HOSTS.includes(host)) return `"${pattern}" matches every module on ${host}`
  return `"${pattern}" matches the public modules under ${pattern.replace(/\/\*?$/, '')}`
}

function describe(source: Source): string {
  switch (source.kind) {
    case 'input':
      return `from the \`${source.input}\` input`
    case 'process':
      return "from the job's environment"
    case 'file':
      return `from the go env file ${source.file.path}`
    case 'default':
      return "from go's defaults"
  }
}

/** How to undo a setting where it was made, so go falls back to its own default. */
function unsetFix(key: string, source: Source, whenDefault: string): string {
  switch (source.kind) {
    case 'input':
      return `remove the \`${source.input}\` input from this step's \`with:\``
    case 'process':
      return `remove ${key} from the workflow \`env:\``
    case 'file':
      return source.file.relPath !== undefined
        ? `delete the ${key}= line from ${source.file.relPath}`
        : `run \`go env -u ${key}\``
    case 'default':
      // The value is go's own default (GOROOT/go.env): no host is named here, the org picks one.
      return whenDefault
  }
}

/** One line: how to give the variable this value where it was set. */
function setFix(key: string, value: string, source: Source): string {
  switch (source.kind) {
    case 'input':
      return `set the \`${source.input}\` input to ${value}`
    case 'file':
      return source.file.relPath !== undefined
        ? `set ${key}=${value} in ${source.file.relPath}`
        : `run \`go env -w ${key}=${value}\``
    case 'process':
    case 'default':
      return `set ${key}=${value} in the workflow \`env:\``
  }
}
