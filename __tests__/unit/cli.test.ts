// The command's argument handling and exit statuses; a full run against real go is in e2e.
import os from 'node:os'
import { Writable } from 'node:stream'
import { describe, expect, it } from '@jest/globals'
import { run, USAGE } from '../../src/cli.js'
import { VERSION } from '../../src/version.js'

function io() {
  const out: string[] = []
  const err: string[] = []
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _enc, done) {
        into.push(String(chunk))
        done()
      }
    })
  return {
    io: { stdout: sink(out), stderr: sink(err), env: process.env, cwd: os.tmpdir() },
    out: () => out.join(''),
    err: () => err.join('')
  }
}

describe('go-ci-gate command', () => {
  it('prints usage with --help and exits 0', async () => {
    const t = io()
    expect(await run(['--help'], t.io)).toBe(0)
    expect(t.out()).toBe(`${USAGE}\n`)
  })

  it('prints its version', async () => {
    const t = io()
    expect(await run(['-v'], t.io)).toBe(0)
    expect(t.out()).toBe(`go-ci-gate ${VERSION}\n`)
  })

  it.each([
    [['--frobnicate'], /^go-ci-gate: Unknown option '--frobnicate'/],
    [
      ['--format', 'xml'],
      /^go-ci-gate: --format: "xml" is not allowed; use text, json or github\n$/
    ],
    [['a', 'b'], /^go-ci-gate: give one directory, either as an argument or with -C\n$/],
    [
      ['--fail-on', 'fatal'],
      /^go-ci-gate: --fail-on: "fatal" is not allowed; use error or warning\n$/
    ],
    [['--checks', 'lint'], /^go-ci-gate: --checks: "lint" is not a check; use all or /],
    [
      ['does-not-exist-dir'],
      /^go-ci-gate: --working-directory: "does-not-exist-dir" is not a directory/
    ]
  ])('exits 2 with one line for bad usage %j', async (argv, message) => {
    const t = io()
    expect(await run(argv, t.io)).toBe(2)
    expect(t.err()).toMatch(message)
    expect(t.err()).not.toMatch(/\n\s+at /)
    expect(t.out()).toBe('')
  })
})
