// Real go releases other than the installed one, for tests about how an older go behaves. go
// itself fetches each one, once per machine, through the machine's configured module proxy (the
// golang.org/toolchain module a GOTOOLCHAIN switch downloads), into a module cache of its own.
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'

const toolchainCache = path.join(os.tmpdir(), 'go-ci-gate-test-toolchains')

/** The bin directory of go `version` (1.22.3): put it first on PATH to make it the installed go. */
export function goReleaseBin(version: string): string {
  const goroot = execFileSync('go', ['env', 'GOROOT'], {
    cwd: os.tmpdir(),
    env: {
      ...process.env,
      GOMODCACHE: toolchainCache,
      GOFLAGS: '-modcacherw',
      GOTOOLCHAIN: `go${version}`,
      GOWORK: 'off'
    },
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8'
  }).trim()
  return path.join(goroot, 'bin')
}
