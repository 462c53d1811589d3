#!/usr/bin/env node
// npm 11's `npm ci` refuses a lock file that lacks any platform's optional native package
// (rollup's, jest's resolver's, Node's own for tools/node24). A registry that serves only this
// machine's platform leaves them out of the lock `npm install` writes. This adds each missing
// one as a version-only optional entry: `npm ci` then accepts the lock everywhere, installs the
// package where the platform matches and skips it elsewhere. Run after `npm install`:
//   node scripts/complete-lock.mjs [package-lock.json ...]
import fs from 'node:fs'

const files = process.argv.slice(2)
for (const file of files.length > 0
  ? files
  : ['package-lock.json', 'tools/node24/package-lock.json']) {
  const lock = JSON.parse(fs.readFileSync(file, 'utf8'))
  const packages = lock.packages
  let added = 0
  for (const [location, meta] of Object.entries(packages)) {
    for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
      const nested = `${location === '' ? '' : `${location}/`}node_modules/${name}`
      const hoisted = `node_modules/${name}`
      if (packages[nested] || packages[hoisted]) continue
      packages[hoisted] = {
        version: range.replace(/^[\^~=]/, ''),
        ...(meta.dev ? { dev: true } : {}),
        optional: true
      }
      added++
    }
  }
  const sorted = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))
  )
  fs.writeFileSync(file, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`)
  console.log(`${file}: added ${added} optional platform package(s)`)
}
