// One ACTIONS_RESULTS_URL for a job that uses both the cache and the artifacts, as on github.com,
// where both services answer under the same host: twirp calls of the CacheService go to the cache
// service stand-in, every other request to the artifact service stand-in. Signed blob URLs name
// each stand-in's own address, so they never come through here.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { CACHE_TWIRP_SERVICE } from './cacheservice.js'

export interface ResultsRouter {
  /** ACTIONS_RESULTS_URL, with its trailing slash. */
  url: string
  close(): Promise<void>
}

export async function startResultsRouter(targets: {
  cache: string
  artifacts: string
}): Promise<ResultsRouter> {
  const server = http.createServer((req, res) => {
    const toCache = (req.url ?? '').startsWith(`/twirp/${CACHE_TWIRP_SERVICE}/`)
    const target = new URL(req.url ?? '/', toCache ? targets.cache : targets.artifacts)
    const forward = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    forward.on('error', () => {
      res.writeHead(502)
      res.end()
    })
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
