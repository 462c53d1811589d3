#!/usr/bin/env node
// Builds the bundles into a scratch directory and compares them with the committed dist/:
// a stale dist/ is a broken release, since runners execute dist/ and never build.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-ci-gate-dist-'))
try {
  execFileSync('npx', ['rollup', '--config', 'rollup.config.mjs', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, GO_CI_GATE_DIST_DIR: scratch }
  })
  const built = fs.readdirSync(scratch).sort()
  const committed = fs.existsSync('dist') ? fs.readdirSync('dist').sort() : []
  const problems = []
  for (const name of new Set([...built, ...committed])) {
    if (!built.includes(name)) problems.push(`dist/${name} is committed but no longer built`)
    else if (!committed.includes(name)) problems.push(`dist/${name} is built but not committed`)
    else if (
      !fs.readFileSync(path.join(scratch, name)).equals(fs.readFileSync(path.join('dist', name)))
    )
      problems.push(`dist/${name} differs from a fresh build`)
  }
  if (problems.length > 0) {
    console.error(`check-dist: ${problems.join('; ')}. Run \`npm run build\` and commit dist/.`)
    process.exit(1)
  }
  console.log(`check-dist: dist/ matches a fresh build (${built.join(', ')})`)
} finally {
  fs.rmSync(scratch, { recursive: true, force: true })
}
