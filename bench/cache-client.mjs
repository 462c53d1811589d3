// Child of bench/cache.mjs: runs @actions/cache (this repository's node_modules, v6) the way
// actions/setup-go does, against the bench's local cache service. One JSON argument:
//   { op: 'restore', out, calls: [{ paths, key, restoreKeys }] }   calls in order, as the action does
//   { op: 'save', out, paths, key }
// The outcome goes to `out`, so whatever @actions/core prints on stdout stays untouched.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cacheModule = path.join(repoRoot, 'node_modules', '@actions', 'cache', 'lib', 'cache.js')

const spec = JSON.parse(process.argv[2])
const started = Date.now()
const cache = await import(pathToFileURL(cacheModule).href)
const result = { importMs: Date.now() - started }
try {
  if (spec.op === 'restore') {
    result.calls = []
    for (const call of spec.calls) {
      const t0 = Date.now()
      const matched = await cache.restoreCache(call.paths, call.key, call.restoreKeys ?? [])
      result.calls.push({ key: call.key, matched: matched ?? null, ms: Date.now() - t0 })
    }
  } else if (spec.op === 'save') {
    const t0 = Date.now()
    result.id = await cache.saveCache(spec.paths, spec.key)
    result.saveMs = Date.now() - t0
  } else {
    throw new Error(`unknown op ${spec.op}`)
  }
  result.threw = false
} catch (error) {
  result.threw = true
  result.message = String(error?.message ?? error)
}
result.ms = Date.now() - started
fs.writeFileSync(spec.out, JSON.stringify(result))
