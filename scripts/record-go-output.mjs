#!/usr/bin/env node
// Re-records the go output the unit tests parse, from the installed go, into
// __fixtures__/recorded/: `npm run record`. Each file starts with nothing but go's own output;
// index.json says which command and go version produced it.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
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

fs.writeFileSync(path.join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`)
console.log(
  `recorded ${Object.keys(index.recordings).length} outputs of ${version} into ${path.relative(process.cwd(), out)}`
)
