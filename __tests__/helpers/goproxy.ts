// Hermetic module proxies for tests. The real Go module proxy is asked once per machine for the
// few module versions the fixtures use; the module cache's download directory it fills is
// itself a valid GOPROXY tree, served as a file:// proxy or by a local HTTP server on 127.0.0.1
// that can be told to fail, 404 or hang.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** Every module version the fixtures require, fetched once into the test module cache. */
export const FIXTURE_MODULES = [
  'github.com/google/uuid@v1.6.0',
  'github.com/google/uuid@v1.5.0',
  'github.com/pkg/errors@v0.9.1'
]

const sharedCache = path.join(os.tmpdir(), 'go-ci-gate-test-modcache')

function goEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // -modcacherw: test caches must be deletable; GOFLAGS from the developer must not leak in.
  return { ...process.env, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local', GOWORK: 'off', ...extra }
}

/**
 * The shared test module cache, filled from the machine's configured proxy (whatever `go env
 * GOPROXY` says) on first use. Returns the file:// URL of its download tree.
 */
export function fixtureProxyDir(): string {
  const download = path.join(sharedCache, 'cache', 'download')
  const missing = FIXTURE_MODULES.filter((mv) => {
    const [mod, version] = mv.split('@') as [string, string]
    return !fs.existsSync(path.join(download, escapeModulePath(mod), '@v', `${version}.zip`))
  })
  if (missing.length > 0) {
    execFileSync('go', ['mod', 'download', '-x', ...missing], {
      cwd: os.tmpdir(),
      env: goEnv({ GOMODCACHE: sharedCache }),
      stdio: 'ignore'
    })
  }
  return download
}

export function fileProxyUrl(): string {
  return `file://${fixtureProxyDir()}`
}

/** A module cache of the test's own, so tampering with it harms no other test. */
export function freshModCache(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-modcache-'))
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** The environment a hermetic test gives the gate: its own cache, the local proxy, no sumdb. */
export function hermeticGoEnv(modcache: string, proxy = fileProxyUrl()): Record<string, string> {
  return { GOMODCACHE: modcache, GOPROXY: proxy, GOSUMDB: 'off', GOFLAGS: '-modcacherw' }
}

/** go's case encoding for module paths in the cache and on proxies: upper case -> !lower. */
export function escapeModulePath(modulePath: string): string {
  return modulePath.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`)
}

export type ProxyBehaviour =
  | { kind: 'serve' }
  | { kind: 'fail-first'; failures: number; status: number }
  /** `body`, when given, is sent as text/plain: the only error body go quotes. */
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'hang' }
  /** Serves the fixture modules, but answers `status` for every path under `prefix`. */
  | { kind: 'refuse'; prefix: string; status: number; body?: string }

export interface LocalProxy {
  url: string
  /** Paths requested, in order. */
  requests: string[]
  close: () => Promise<void>
}

/** A GOPROXY on 127.0.0.1 serving the fixture modules, misbehaving as told. */
export async function startLocalProxy(behaviour: ProxyBehaviour): Promise<LocalProxy> {
  const root = fixtureProxyDir()
  const requests: string[] = []
  let failed = 0
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://proxy').pathname)
    requests.push(urlPath)
    if (behaviour.kind === 'hang') return // never answers; closed by close()
    if (
      behaviour.kind === 'status' ||
      (behaviour.kind === 'refuse' && urlPath.startsWith(behaviour.prefix))
    ) {
      if (behaviour.body !== undefined) {
        res
          .writeHead(behaviour.status, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end(behaviour.body)
        return
      }
      res.writeHead(behaviour.status).end(`${behaviour.status} from the test proxy\n`)
      return
    }
    if (behaviour.kind === 'fail-first' && failed < behaviour.failures) {
      failed++
      res.writeHead(behaviour.status).end(`${behaviour.status} from the test proxy\n`)
      return
    }
    const file = path.join(root, path.normalize(urlPath))
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found\n')
      return
    }
    res.writeHead(200)
    fs.createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
