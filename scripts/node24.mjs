#!/usr/bin/env node
// Finds (and with --install, installs) the Node 24 binary the end-to-end tests run dist/ under,
// from tools/node24's lock file: action.yml says node24, so that is what the tests use.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const toolDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'node24')
const packageName = `node-${process.platform}-${process.arch}`

export function node24Path() {
  return path.join(toolDir, 'node_modules', packageName, 'bin', 'node')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--install') && !fs.existsSync(node24Path())) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', toolDir], {
      stdio: 'inherit'
    })
  }
  if (!fs.existsSync(node24Path())) {
    console.error(
      `node24: no ${packageName} binary in ${toolDir}; run: node scripts/node24.mjs --install`
    )
    process.exit(1)
  }
  console.log(node24Path())
}
