// What the benchmark scripts share: where they live, how they fail and log, and the small
// helpers each needs for its table. Node built-ins only.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Everything a benchmark creates lives here (ignored by git). */
export const benchDir = path.join(repoRoot, '.bench')

/** One line on stderr, exit 2: the benchmark could not run. */
export function fail(message) {
  console.error(`bench: ${message}`)
  process.exit(2)
}

/** Progress on stderr, so stdout holds the table alone. */
export function log(message) {
  process.stderr.write(`${message}\n`)
}

/** Module files come out of the module cache read-only; a checkout must be editable. */
export function makeWritable(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      fs.chmodSync(p, 0o755)
      makeWritable(p)
    } else if (entry.isFile()) {
      fs.chmodSync(p, 0o644)
    }
  }
}

/** git's arguments before the command: an identity, and no signing prompt. */
export const GIT_IDENTITY = [
  '-c',
  'user.name=bench',
  '-c',
  'user.email=bench@example.invalid',
  '-c',
  'commit.gpgsign=false'
]

/** The median of the numbers among `values` (missing samples skipped); NaN when none. */
export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** A comma-separated flag value as names, each one of `known`'s keys (else fail, naming it). */
export function knownNames(flag, value, known, noun) {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  for (const name of names) {
    if (!(name in known))
      fail(`--${flag}: unknown ${noun} "${name}"; use ${Object.keys(known).join(', ')}`)
  }
  return names
}

/** A command that must succeed (else the benchmark fails, with its stderr); its stdout. */
function must(command, args, cwd, env = process.env) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024
  })
  if (result.status !== 0) {
    fail(
      `${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${(result.stderr ?? '').trim()}`
    )
  }
  return result.stdout
}

/**
 * .bench/work/<name>: the module `source` (path@version) from the module cache (`go mod download
 * -json`), made writable and committed to a fresh git repository, so the gate sees a checkout;
 * then its dependencies downloaded, so no timed run touches the network. Reused unless `fresh`.
 */
export function prepareModule(name, source, { fresh = false } = {}) {
  const workRoot = path.join(benchDir, 'work')
  const dir = path.join(workRoot, name)
  const marker = path.join(workRoot, `${name}.source`)
  const git = (...args) => must('git', [...GIT_IDENTITY, ...args], dir)
  const reuse =
    !fresh &&
    fs.existsSync(path.join(dir, '.git')) &&
    fs.existsSync(marker) &&
    fs.readFileSync(marker, 'utf8').trim() === source
  if (!reuse) {
    log(`${name}: go mod download ${source}`)
    fs.rmSync(dir, { recursive: true, force: true })
    fs.rmSync(marker, { force: true })
    // Outside any module, so the download is not tied to this repository's go.mod or go.work.
    const info = JSON.parse(must('go', ['mod', 'download', '-json', source], os.tmpdir()))
    if (!info.Dir) fail(`go mod download ${source} reported no Dir: ${JSON.stringify(info)}`)
    fs.mkdirSync(workRoot, { recursive: true })
    fs.cpSync(info.Dir, dir, { recursive: true })
    fs.chmodSync(dir, 0o755)
    makeWritable(dir)
    git('init', '-q', '-b', 'main')
    git('add', '-A')
    git('commit', '-q', '-m', `${source} from the module proxy`)
    fs.writeFileSync(marker, `${source}\n`)
  }
  log(`${name}: go mod download (dependencies)`)
  must('go', ['mod', 'download'], dir, { ...process.env, GOFLAGS: '-mod=mod' })
  if (must('git', ['status', '--porcelain'], dir).trim() !== '') {
    git('add', '-A')
    git('commit', '-q', '-m', 'go mod download')
  }
  return dir
}
