#!/usr/bin/env node
// `npm run demo`: runs the built command on examples/demo, first as a developer sees it locally,
// then as a pull request shows it (workflow-command annotations and the job summary).
import { spawnSync } from 'node:child_process'

const demo = 'examples/demo'
for (const [heading, format] of [
  ['Locally: npx go-ci-gate examples/demo', 'text'],
  ['On the pull request: annotations and job summary', 'github']
]) {
  console.log(`\n=== ${heading}\n`)
  const result = spawnSync(process.execPath, ['dist/cli.js', '--format', format, demo], {
    stdio: 'inherit'
  })
  // The demo has planted problems: exit status 1 (gate failed) is the expected outcome.
  if (result.status !== 0 && result.status !== 1) process.exit(result.status ?? 1)
  console.log(
    `\n(exit status ${result.status}: ${result.status === 1 ? 'the gate failed, as planted' : 'pass'})`
  )
}
