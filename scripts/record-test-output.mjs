#!/usr/bin/env node
// Re-records what `go test -race -json` prints for the tests fixtures (__fixtures__/go/tests-*),
// from the installed go, into __fixtures__/recorded/test2json/: `npm run record:tests`.
// <case>.jsonl is go's stdout (the test2json stream), <case>.stderr its stderr, and index.json
// says which command, fixture and go version produced each and how go exited.
//
// Each fixture runs in a temporary copy, so the paths in the recordings are temporary
// directories (and differ on every recording): the parsers must never depend on them. What a
// check would know about that run is in index.json: moduleDir (the copy, as go printed it),
// goroot and gomodcache (`go env` of the recording go).
//
// `npm run record:tests -- <case> ...` re-records only the cases named and keeps the others and
// their entries in index.json.
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const out = path.resolve('__fixtures__/recorded/test2json')
const fixtures = path.resolve('__fixtures__/go')
const only = process.argv.slice(2)
if (only.length === 0) fs.rmSync(out, { recursive: true, force: true })
fs.mkdirSync(out, { recursive: true })

// The recordings must not depend on the recording machine's own settings. The fixtures have no
// dependencies, so no proxy is needed (GOPROXY=off proves it); -race needs cgo.
const env = {
  ...process.env,
  GOTOOLCHAIN: 'local',
  GOFLAGS: '',
  GOWORK: 'off',
  GO111MODULE: 'on',
  GOPROXY: 'off',
  CGO_ENABLED: '1'
}
delete env.GODEBUG
const go = (args, cwd, extraEnv = {}) =>
  spawnSync('go', args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' })
const goEnv = (name) => go(['env', name], fixtures).stdout.trim()
const version = goEnv('GOVERSION')
const goroot = goEnv('GOROOT')
const gomodcache = goEnv('GOMODCACHE')
const base = ['test', '-race', '-json', '-count=1']

// The flaky test fails when its marker file (os.TempDir()/gcg-flaky-<key>) is missing, writes it,
// and passes from then on: the first run fails, the rerun passes.
const flakyKey = crypto.randomBytes(6).toString('hex')
const flakyMarker = path.join(os.tmpdir(), `gcg-flaky-${flakyKey}`)

// The seed under which tests-shuffle's TestLookup runs before TestRegister and fails. -shuffle
// seeds math/rand, whose seeded sequence is the same on every go; __fixtures__/go/tests-shuffle/
// registry_test.go says the order it gives.
const shuffleSeed = 2

const cases = [
  {
    name: 'tests-fail',
    about: 'a passing test, a t.Errorf failure, a failing subtest, a t.Attr (the attr action)'
  },
  { name: 'tests-nolocation', about: 't.Fail() with no message: no file:line in the output' },
  {
    name: 'tests-race',
    about: 'a data race on a counter in library code, in a test that otherwise passes'
  },
  {
    name: 'tests-race-testmain',
    about: "a data race in TestMain after m.Run: the report lands after the package's PASS"
  },
  {
    name: 'tests-panic-goroutine',
    about: 'a panic in a goroutine a test started: the binary dies, the test has no final event'
  },
  {
    name: 'tests-timeout',
    args: ['-timeout', '2s'],
    about: 'two parallel tests blocked forever under -timeout 2s'
  },
  {
    name: 'tests-build',
    about: 'an undefined name in a _test.go: build-output and build-fail events'
  },
  {
    name: 'tests-longline',
    about: 'a t.Errorf message over 1 KiB: test2json splits the line across output events'
  },
  {
    name: 'tests-flaky',
    env: { GCG_FLAKY_KEY: flakyKey },
    about: 'first run: TestFlaky fails (it writes its marker file)'
  },
  {
    name: 'tests-flaky-rerun',
    fixture: 'tests-flaky',
    args: ['-run', '^TestFlaky$'],
    env: { GCG_FLAKY_KEY: flakyKey },
    about: 'the rerun of the failed test: it passes (its marker file exists)'
  },
  {
    name: 'tests-helper',
    about:
      'testify-style helpers in another package: with t.Helper the failure is at the call in the test, without it at check.go'
  },
  {
    name: 'tests-parallel',
    about: 'parallel subtests (t.Run + t.Parallel): two of four fail at the same t.Errorf line'
  },
  {
    name: 'tests-race-stdlib',
    about:
      'a race between a write in the test and a read in slices.Contains on another goroutine: the current access starts in GOROOT'
  },
  {
    name: 'tests-panic',
    about: 'a nil map write in the test itself: testing re-panics, later tests never run'
  },
  {
    name: 'tests-build-nontest',
    about: 'a type error in a non-test .go file: build-output and build-fail events'
  },
  {
    name: 'tests-build-text',
    fixture: 'tests-build-nontest',
    env: { GODEBUG: 'gotestjsonbuildtext=1' },
    about: 'the same build failure as older go printed it: the compiler errors on stderr'
  },
  {
    name: 'tests-vet',
    about: "a printf verb mismatch that go test's vet rejects: build-output and build-fail events"
  },
  {
    name: 'tests-vet-text',
    fixture: 'tests-vet',
    env: { GODEBUG: 'gotestjsonbuildtext=1' },
    about: "the same vet failure as older go printed it: vet's report on stderr"
  },
  {
    name: 'tests-tags',
    args: ['-tags=integration'],
    about: 'a test behind //go:build integration that fails, run with -tags=integration'
  },
  {
    name: 'tests-tags-notags',
    fixture: 'tests-tags',
    about: 'the same module without tags: the failing test is not built, everything passes'
  },
  {
    name: 'tests-shuffle',
    args: [`-shuffle=${shuffleSeed}`],
    about: `order-dependent tests under -shuffle=${shuffleSeed}: TestLookup runs before TestRegister and fails`
  },
  {
    name: 'tests-shuffle-ordered',
    fixture: 'tests-shuffle',
    about: 'the same tests in source order: they pass'
  },
  {
    name: 'tests-kill-parent',
    about:
      'a test that kills the go command with SIGKILL: go exits with no status and the package never reports'
  },
  {
    name: 'tests-kill-self',
    about: 'a test that kills its own binary with SIGKILL: "signal: killed" in the running test'
  },
  {
    name: 'tests-unterminated',
    about:
      'tests that print 12 KiB without a newline (three of test2json’s 4 KiB reads): test2json misses their --- PASS and --- FAIL lines and sends no pass or fail event'
  },
  {
    name: 'tests-race-lazy',
    about:
      'a race between a lazy build in library code and a test reading the built field: two reports with the same read and write lines, through two stacks'
  },
  {
    name: 'tests-count',
    args: ['-count=5'],
    about:
      'go test -count=5: a test failing in its 2nd and 3rd runs, a test racing in its 2nd and 3rd runs (reported once), a test passing in every run'
  },
  {
    name: 'tests-testmain-exit',
    about: 'TestMain failing the binary after every test passed: a failure outside any test'
  },
  {
    name: 'tests-filenames',
    // A file name with a colon cannot be checked out on Windows: the copy gets it.
    rename: { 'colon_test.go': '12:30_test.go' },
    about: 't.Errorf failures in files named 100%,done_test.go and 12:30_test.go'
  }
]

const unknown = only.filter((name) => !cases.some((c) => c.name === name))
if (unknown.length > 0) {
  console.error(
    `unknown case ${unknown.join(', ')}; the cases: ${cases.map((c) => c.name).join(', ')}`
  )
  process.exit(2)
}
const previous = path.join(out, 'index.json')
const index = {
  goVersion: version,
  goroot,
  gomodcache,
  recordings:
    only.length > 0 && fs.existsSync(previous)
      ? JSON.parse(fs.readFileSync(previous, 'utf8')).recordings
      : {}
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-record-tests-'))
try {
  const copies = new Map()
  for (const c of cases) {
    if (only.length > 0 && !only.includes(c.name)) continue
    const fixture = c.fixture ?? c.name
    let dir = copies.get(fixture)
    if (dir === undefined) {
      dir = path.join(work, fixture)
      fs.cpSync(path.join(fixtures, fixture), dir, { recursive: true })
      for (const [from, to] of Object.entries(c.rename ?? {})) {
        fs.renameSync(path.join(dir, from), path.join(dir, to))
      }
      // As go prints it: the real path (macOS's temporary directory is behind a symlink).
      dir = fs.realpathSync(dir)
      copies.set(fixture, dir)
    }
    const args = [...base, ...(c.args ?? []), './...']
    const result = go(args, dir, c.env)
    if (result.error) throw result.error
    fs.writeFileSync(path.join(out, `${c.name}.jsonl`), result.stdout)
    fs.writeFileSync(path.join(out, `${c.name}.stderr`), result.stderr)
    index.recordings[c.name] = {
      command: ['go', ...args].join(' '),
      ...(c.env === undefined ? {} : { env: c.env }),
      fixture: path.relative(process.cwd(), path.join(fixtures, fixture)),
      moduleDir: dir,
      ...(c.rename === undefined ? {} : { renamed: c.rename }),
      about: c.about,
      exitCode: result.status,
      ...(result.signal === null ? {} : { signal: result.signal })
    }
    console.log(`${c.name}: exit ${result.status}, ${result.stdout.split('\n').length - 1} events`)
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true })
  fs.rmSync(flakyMarker, { force: true })
}

fs.writeFileSync(path.join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`)
console.log(
  `recorded ${only.length || cases.length} go test runs of ${version} into ${path.relative(process.cwd(), out)}`
)
