// Integration helpers: copy a fixture Go module into a fresh git checkout and build the real
// CheckContext the gate would build, with the real go.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CheckContext } from '../../src/checks/types.js'
import type { CheckFinding } from '../../src/findings.js'
import { parseConfig, type RawInputs } from '../../src/config.js'
import { GoRunner } from '../../src/go/command.js'
import { prepareContext, readGoEnv } from '../../src/gatecontext.js'

const here = path.dirname(fileURLToPath(import.meta.url))
export const repoRoot = path.resolve(here, '../..')
export const goFixtures = path.join(repoRoot, '__fixtures__', 'go')

export interface FixtureRepo {
  root: string
  cleanup: () => void
}

/**
 * Copies __fixtures__/go/<name> into a temp dir and commits it, so "tracked by git" means what it
 * means in a real checkout. `untracked` paths are left out of the commit.
 */
export function fixtureRepo(name: string, options: { untracked?: string[] } = {}): FixtureRepo {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `gcg-${name}-`))
  fs.cpSync(path.join(goFixtures, name), root, { recursive: true })
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: root, stdio: 'ignore' })
  }
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  for (const p of options.untracked ?? []) git('rm', '-q', '--cached', '-r', p)
  git(
    '-c',
    'user.name=fixture',
    '-c',
    'user.email=fixture@example.invalid',
    'commit',
    '-q',
    '-m',
    'fixture',
    '--allow-empty'
  )
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) }
}

/** Environment for child go: the machine's, without anything the developer set that would leak in. */
export function cleanProcessEnv(
  extra: Record<string, string> = {}
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env }
  for (const key of Object.keys(env)) {
    if (
      /^GO(FLAGS|TOOLCHAIN|SUMDB|PROXY|PRIVATE|NOSUMDB|NOPROXY|INSECURE|111MODULE|WORK)$/.test(key)
    )
      delete env[key]
  }
  return { ...env, ...extra }
}

/** The context the gate would give every check, for `root` with these inputs. */
export async function contextFor(
  root: string,
  inputs: RawInputs = {},
  processEnv = cleanProcessEnv()
): Promise<CheckContext & { abort: () => void }> {
  const config = parseConfig(inputs, { cwd: root, root, label: (n) => `input "${n}"` })
  const runnerGo = new GoRunner({ root, env: processEnv })
  const runnerGoEnv = await readGoEnv(runnerGo, config.workingDirectory, { GOTOOLCHAIN: 'local' })
  const prepared = await prepareContext(config, runnerGo, runnerGoEnv, processEnv)
  if ('failure' in prepared) throw new Error(`set-up failed: ${prepared.failure.reason}`)
  return prepared.context
}

/** The installed go's version, e.g. 1.26.8, so fixtures can be written relative to it. */
export function installedGoVersion(): string {
  return execFileSync('go', ['env', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: 'local' } })
    .toString()
    .trim()
    .replace(/^go/, '')
}

/** `file:line severity title` for each finding: compact, exact assertions on where findings land. */
export function brief(findings: CheckFinding[]): string[] {
  return findings.map((f) => `${f.file ?? '-'}:${f.line ?? '-'} ${f.severity} ${f.title}`)
}

/** The 1-based line of `file` (relative to `root`) that matches `text`, so tests never hard-code it. */
export function lineOf(
  root: string,
  file: string,
  text: string,
  match: 'includes' | 'equals' | 'startsWith' = 'includes'
): number {
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n')
  const index = lines.findIndex((l) =>
    match === 'equals' ? l === text : match === 'startsWith' ? l.startsWith(text) : l.includes(text)
  )
  if (index < 0) throw new Error(`${text} not in ${file}`)
  return index + 1
}
