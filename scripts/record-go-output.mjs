#!/usr/bin/env node
// Re-records the go output the unit tests parse, from the installed go, into
// __fixtures__/recorded/: `npm run record`. Each file starts with nothing but go's own output;
// index.json says which command and go version produced it.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const out = path.resolve('__fixtures__/recorded')
const fixtures = path.resolve('__fixtures__/go')
fs.mkdirSync(out, { recursive: true })

// The recordings must not depend on the recording machine's own settings.
// Placeholder proxy and checksum database: the recordings name no real host.
const env = {
  ...process.env,
  GOTOOLCHAIN: 'local',
  GOFLAGS: '',
  GOWORK: 'off',
  GO111MODULE: 'on',
  GOPROXY: 'https://proxy.example.com,direct',
  GOSUMDB: 'sum.example.com'
}
const go = (args, cwd) => spawnSync('go', args, { cwd, env, encoding: 'utf8' })
const version = go(['env', 'GOVERSION']).stdout.trim()
const index = { goVersion: version, recordings: {} }

function record(name, args, cwd, stream = 'stdout') {
  const result = go(args, cwd)
  fs.writeFileSync(path.join(out, name), result[stream])
  index.recordings[name] = {
    command: ['go', ...args].join(' '),
    dir: path.relative(process.cwd(), cwd) || '.',
    stream,
    exitCode: result.status
  }
}

record('go-env.json', ['env', '-json'], fixtures)
for (const name of fs.readdirSync(fixtures).sort()) {
  const dir = path.join(fixtures, name)
  if (fs.existsSync(path.join(dir, 'go.mod'))) {
    record(`mod-edit-${name}.json`, ['mod', 'edit', '-json'], dir)
  }
}

// A go.mod go cannot read: what it prints says where.
const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-record-'))
fs.writeFileSync(
  path.join(broken, 'go.mod'),
  'module example.com/broken\n\ngo 1.22.0\n\nfrobnicate example.com/x\n'
)
record('mod-edit-broken.stderr', ['mod', 'edit', '-json'], broken, 'stderr')
index.recordings['mod-edit-broken.stderr'].dir =
  '(temporary module with an unknown directive on line 5)'
// A go line newer than the toolchain, under GOTOOLCHAIN=local.
fs.writeFileSync(path.join(broken, 'go.mod'), 'module example.com/broken\n\ngo 1.99.0\n')
record('list-go-line-newer.stderr', ['list', './...'], broken, 'stderr')
index.recordings['list-go-line-newer.stderr'].dir = '(temporary module with go 1.99.0)'
fs.rmSync(broken, { recursive: true, force: true })

// go list -e -json of the package patterns in each module of tests-modules (a module with
// packages, one with another directory, one with only a README, a tools module behind
// `//go:build tools`, one that builds only for windows), and in a module whose packages exist
// but fail to load: what src/go/patterns.ts reads. The fields are LIST_FIELDS of
// src/go/packages.ts (a unit test holds them together). Both are copied into a temporary
// directory, whose real path (go prints it) is kept as `root`: parsers must not depend on it.
const listFields =
  'ImportPath,Dir,Name,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,IgnoredGoFiles,InvalidGoFiles,Match,Error'
const listPatterns = [
  './...',
  './core',
  './lib/',
  'example.com/multi/exp/lib',
  './internal/...',
  './zapcore'
]
const listWork = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-record-list-')))
const modulesRoot = path.join(listWork, 'tests-modules')
fs.cpSync(path.join(fixtures, 'tests-modules'), modulesRoot, { recursive: true })
function recordList(name, dir, about, args, stream = 'stdout') {
  record(name, args, dir, stream)
  const root = dir.startsWith(modulesRoot) ? modulesRoot : dir
  Object.assign(index.recordings[name], { dir: about, root })
}
for (const module of ['.', 'exp', 'assets', 'tools', 'winsvc']) {
  const name = `list-modules-${module === '.' ? 'root' : module}`
  const about = path.posix.join('__fixtures__/go/tests-modules', module)
  const args = ['list', '-e', `-json=${listFields}`, '--', ...listPatterns]
  const dir = path.join(modulesRoot, module)
  recordList(`${name}.json`, dir, about, args)
  recordList(`${name}.stderr`, dir, about, args, 'stderr')
}
recordList(
  'test-no-packages.stderr',
  path.join(modulesRoot, 'assets'),
  '__fixtures__/go/tests-modules/assets',
  ['test', '-json', './...'],
  'stderr'
)
const loadErrors = path.join(listWork, 'loaderrors')
const sources = {
  'go.mod': 'module example.com/loaderrors\n\ngo 1.24.0\n',
  'syntax/bad.go': 'packag bad\n',
  'missing/missing.go': 'package missing\n\nimport _ "example.com/nothere/x"\n',
  'testonly/only_test.go': 'package testonly\n',
  'windows/only_windows.go': 'package windows\n'
}
for (const [file, text] of Object.entries(sources)) {
  fs.mkdirSync(path.dirname(path.join(loadErrors, file)), { recursive: true })
  fs.writeFileSync(path.join(loadErrors, file), text)
}
recordList(
  'list-load-errors.json',
  loadErrors,
  '(temporary module: syntax/ with a bad package clause, missing/ importing a module nobody requires, testonly/ with only a _test.go, windows/ with only a _windows.go, no Go file at the root)',
  ['list', '-e', `-json=${listFields}`, '--', './...', './windows', '.']
)
fs.rmSync(listWork, { recursive: true, force: true })

// go mod download against a local module proxy that misbehaves as told: the errors the download
// check classifies. The proxy serves one made-up module, example.com/fake v1.0.0 (its go.mod and
// info; the zip is what fails), on 127.0.0.1, so the recordings name no real host; the port in
// them is whichever was free. -x shows the requests, and which one a hung proxy never answered.
await recordDownloadErrors()

async function recordDownloadErrors() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-record-download-'))
  const consumer = path.join(dir, 'consumer')
  fs.mkdirSync(consumer)
  fs.writeFileSync(
    path.join(consumer, 'go.mod'),
    'module example.com/consumer\n\ngo 1.24.0\n\nrequire example.com/fake v1.0.0\n'
  )
  const files = {
    '/example.com/fake/@v/v1.0.0.mod': 'module example.com/fake\n\ngo 1.24.0\n',
    '/example.com/fake/@v/v1.0.0.info': '{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n'
  }
  // Each case: how the proxy answers a request for `url`.
  const cases = [
    ['download-503.stderr', (res) => res.writeHead(503).end(), { about: 'answers 503' }],
    ['download-502.stderr', (res) => res.writeHead(502).end(), { about: 'answers 502' }],
    ['download-404.stderr', (res) => res.writeHead(404).end(), { about: 'answers 404' }],
    ['download-410.stderr', (res) => res.writeHead(410).end(), { about: 'answers 410' }],
    ['download-403.stderr', (res) => res.writeHead(403).end(), { about: 'answers 403' }],
    [
      'download-reset.stderr',
      (res) => res.socket.destroy(),
      { about: 'closes the connection without answering' }
    ],
    [
      'download-unexpected-eof.stderr',
      (res) => {
        res.writeHead(200, { 'content-length': '1000' })
        res.write('module example.com/fake\n')
        setTimeout(() => res.socket.destroy(), 50)
      },
      { about: 'promises 1000 bytes, sends fewer, closes' }
    ],
    [
      'download-hang.stderr',
      () => undefined,
      { about: 'never answers; go killed after 2 s', killAfterMs: 2000 }
    ],
    [
      'download-zip-503.json',
      (res, url) => serve(res, url, 503),
      { about: 'serves go.mod and info, 503 for the zip', stream: 'stdout' }
    ],
    [
      'download-checksum.stderr',
      (res, url) => serve(res, url, 404),
      {
        about: 'serves go.mod; go.sum records a wrong hash for it',
        goSum: 'example.com/fake v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'
      }
    ]
  ]
  function serve(res, url, otherwise) {
    if (files[url] === undefined) res.writeHead(otherwise).end()
    else res.writeHead(200).end(files[url])
  }
  for (const [name, answer, options = {}] of cases) {
    const server = http.createServer((req, res) =>
      answer(res, new URL(req.url, 'http://p').pathname)
    )
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const proxy = `http://127.0.0.1:${server.address().port}`
    await recordDownload(name, dir, consumer, proxy, options)
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  // Nothing listens: the connection is refused.
  const closed = net.createServer()
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const closedPort = closed.address().port
  await new Promise((resolve) => closed.close(resolve))
  await recordDownload('download-refused.stderr', dir, consumer, `http://127.0.0.1:${closedPort}`, {
    about: 'refuses connections (nothing listens)'
  })
  // Accepts TCP and never speaks: an https proxy times out in the TLS handshake (10 s).
  const silentSockets = []
  const silent = net.createServer((socket) => silentSockets.push(socket))
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve))
  await recordDownload(
    'download-tls-timeout.stderr',
    dir,
    consumer,
    `https://127.0.0.1:${silent.address().port}`,
    { about: 'is https, accepts TCP and never speaks' }
  )
  await new Promise((resolve) => {
    silent.close(resolve)
    for (const s of silentSockets) s.destroy()
  })
  fs.rmSync(dir, { recursive: true, force: true })
}

/** One `go mod download -json -x` on a fresh copy of the consumer and a cache of its own. */
async function recordDownload(name, dir, consumer, proxy, options = {}) {
  const copy = fs.mkdtempSync(path.join(dir, 'copy-'))
  fs.cpSync(consumer, copy, { recursive: true })
  if (options.goSum !== undefined) fs.writeFileSync(path.join(copy, 'go.sum'), options.goSum)
  const args = ['mod', 'download', '-json', '-x']
  const child = spawn('go', args, {
    cwd: copy,
    env: {
      ...env,
      GOPROXY: proxy,
      GOSUMDB: 'off',
      GOFLAGS: '-modcacherw',
      GOMODCACHE: path.join(copy, 'modcache')
    }
  })
  const streams = { stdout: '', stderr: '' }
  child.stdout.on('data', (c) => (streams.stdout += c))
  child.stderr.on('data', (c) => (streams.stderr += c))
  const timer =
    options.killAfterMs === undefined
      ? undefined
      : setTimeout(() => child.kill('SIGTERM'), options.killAfterMs)
  const exitCode = await new Promise((resolve) => child.on('close', (code) => resolve(code)))
  clearTimeout(timer)
  const stream = options.stream ?? 'stderr'
  fs.writeFileSync(path.join(out, name), streams[stream])
  index.recordings[name] = {
    command: ['go', ...args].join(' '),
    dir: `(temporary module requiring example.com/fake v1.0.0; the local proxy ${options.about})`,
    stream,
    exitCode
  }
}

fs.writeFileSync(path.join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`)
console.log(
  `recorded ${Object.keys(index.recordings).length} outputs of ${version} into ${path.relative(process.cwd(), out)}`
)
