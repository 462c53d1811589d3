#!/usr/bin/env node
// Records per-package and per-top-level-test timings of real modules for bench/shard.mjs: fetches
// each module through the go command's own module proxy settings (`go mod download -json`), runs
// `go test -json -count=1 ./...` in a copy of it ONCE (no -race, to keep it bearable on 2 CPUs),
// and writes bench/timings/<module>@<version>.json through src/shard/timings.ts, the code the
// plan uses. The raw test2json stream stays in .bench/record/ (ignored by git); `--reuse` builds
// the file again from it without running the tests.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { benchDir, fail, knownNames, log, makeWritable, repoRoot } from '../bench/common.mjs'
import { loadShardModules } from '../bench/shard-src.mjs'

/**
 * text: 48 test packages with large tables, the large module of bench/gate.mjs. gonum: 91 test
 * packages of numerical code whose tests need neither network nor services, and vary from
 * milliseconds to minutes: the uneven spread that package-level balancing struggles with.
 * crypto: about 60 test packages (ssh and acme serve on loopback only), none dominated by one test.
 */
const MODULES = {
  text: { module: 'golang.org/x/text', version: 'v0.44.0' },
  gonum: { module: 'gonum.org/v1/gonum', version: 'v0.17.0' },
  crypto: { module: 'golang.org/x/crypto', version: 'v0.59.0' }
}

const TEST_ARGS = ['test', '-json', '-count=1', './...']

const USAGE = `usage: node scripts/record-timings.mjs [--modules ${Object.keys(MODULES).join(',')}] [--reuse]

  --modules LIST  which modules, comma-separated (default: all)
  --reuse         build the timings file from the last recorded stream in .bench/record/
                  instead of running the tests again`

const { values: flags } = parseArgs({
  options: {
    modules: { type: 'string', default: Object.keys(MODULES).join(',') },
    reuse: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (flags.help) {
  console.log(USAGE)
  process.exit(0)
}
const names = knownNames('modules', flags.modules, MODULES, 'module')
const recordDir = path.join(benchDir, 'record')
const timingsDir = path.join(repoRoot, 'bench', 'timings')

function check(command, args, cwd, env = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 })
  if (result.error) throw result.error
  if (result.status !== 0) {
    fail(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${result.stderr}`)
  }
  return result.stdout
}

/** .bench/record/<name>: the module's files out of the module cache, writable, dependencies fetched. */
function prepare(name) {
  const { module, version } = MODULES[name]
  const source = `${module}@${version}`
  const dir = path.join(recordDir, name)
  log(`${name}: go mod download ${source}`)
  // Outside any module, so the download is not tied to this repository's go.mod or go.work.
  const info = JSON.parse(check('go', ['mod', 'download', '-json', source], os.tmpdir()))
  if (!info.Dir) fail(`go mod download ${source} reported no Dir`)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(recordDir, { recursive: true })
  fs.cpSync(info.Dir, dir, { recursive: true })
  fs.chmodSync(dir, 0o755)
  makeWritable(dir)
  log(`${name}: go mod download (dependencies)`)
  check('go', ['mod', 'download'], dir)
  return dir
}

/** Runs go test once, its stdout streamed into `streamFile`; wall seconds and exit code. */
function runTests(dir, streamFile) {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(streamFile)
    const started = performance.now()
    const child = spawn('go', TEST_ARGS, { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.pipe(out)
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000
      out.end(() => resolve({ seconds, exitCode: code }))
    })
  })
}

/**
 * The stream as the report's `tests.packages` (the fields timingsFromReports reads): each package
 * whose test binary ran, with its top-level tests. "[no test files]" packages are left out.
 */
function packagesFromStream(text) {
  const packages = new Map()
  const entry = (pkg) => {
    if (!packages.has(pkg)) packages.set(pkg, { package: pkg, module: '.', tests: new Map() })
    return packages.get(pkg)
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    const event = JSON.parse(line)
    if (!event.Package || !['pass', 'fail', 'skip'].includes(event.Action)) continue
    if (event.Test === undefined) {
      const pkg = entry(event.Package)
      pkg.status = event.Action
      pkg.elapsed = event.Elapsed
    } else if (!event.Test.includes('/')) {
      entry(event.Package).tests.set(event.Test, {
        name: event.Test,
        status: event.Action,
        elapsed: event.Elapsed
      })
    }
  }
  return [...packages.values()]
    .filter((p) => !(p.status === 'skip' && p.tests.size === 0))
    .map((p) => ({ ...p, tests: [...p.tests.values()] }))
    .sort((a, b) => a.package.localeCompare(b.package))
}

const { timings: timingsModule } = await loadShardModules(['timings'])
const goVersion = check('go', ['env', 'GOVERSION'], os.tmpdir()).trim()
fs.mkdirSync(timingsDir, { recursive: true })
for (const name of names) {
  const { module, version } = MODULES[name]
  const streamFile = path.join(recordDir, `${name}.jsonl`)
  const metaFile = path.join(recordDir, `${name}.run.json`)
  let run
  if (flags.reuse) {
    if (!fs.existsSync(metaFile)) fail(`--reuse: no recorded run of ${name} in ${recordDir}`)
    run = JSON.parse(fs.readFileSync(metaFile, 'utf8'))
  } else {
    const dir = prepare(name)
    log(`${name}: go ${TEST_ARGS.join(' ')} (once, timed)`)
    run = { ...(await runTests(dir, streamFile)), go: goVersion, cpus: os.cpus().length }
    fs.writeFileSync(metaFile, JSON.stringify(run))
    log(`${name}: ${run.seconds.toFixed(1)} s, exit ${run.exitCode}`)
  }
  const packages = packagesFromStream(fs.readFileSync(streamFile, 'utf8'))
  const timings = timingsModule.compactTimings(
    timingsModule.timingsFromReports([{ tests: { packages } }])
  )
  const failed = packages.filter((p) => p.status === 'fail').map((p) => p.package)
  const record = {
    module,
    version,
    go: run.go,
    command: `go ${TEST_ARGS.join(' ')}`,
    cpus: run.cpus,
    wallSeconds: Math.round(run.seconds * 10) / 10,
    exitCode: run.exitCode,
    failedPackages: failed,
    // Every package whose tests ran is in timings.packages, each ended top-level test in tests.
    timings
  }
  const file = path.join(timingsDir, `${module.replaceAll('/', '_')}@${version}.json`)
  fs.writeFileSync(file, `${JSON.stringify(record)}\n`)
  const tests = packages.reduce((n, p) => n + p.tests.length, 0)
  log(
    `${name}: ${packages.length} packages, ${tests} tests, ${failed.length} failed packages -> ` +
      `${path.relative(process.cwd(), file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`
  )
}
