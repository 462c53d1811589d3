/**
 * What git tracks in the checkout: a file that exists on this disk but is not committed does not
 * exist on the runner. git is spawned with argument arrays (never a shell) and literal pathspecs,
 * so paths with spaces or glob characters mean themselves.
 */
import { execFile, execFileSync } from 'node:child_process'
import path from 'node:path'
import { toPosix } from './command.js'

const GIT_TIMEOUT_MS = 60_000
const MAX_BUFFER = 64 * 1024 * 1024

export interface GitResult {
  exitCode: number
  stdout: string
  stderr: string
}

// Never prompt, never page, never read the user's editor settings.
const gitEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  LC_ALL: 'C'
})

/** Runs git in `cwd`; a git that cannot start reports exit code -1 instead of throwing. */
export function runGit(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: MAX_BUFFER,
        timeout: GIT_TIMEOUT_MS,
        windowsHide: true,
        env: gitEnv()
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ exitCode: code, stdout, stderr })
      }
    )
  })
}

/** Tracked-file queries for one repository root. */
export interface GitTracking {
  /** The tracked files among `paths` (relative to the root, POSIX), and under them when directories. */
  tracked(paths: string[]): Promise<Set<string>>
  /** True when `file` (relative to the root) is tracked. */
  isTracked(file: string): Promise<boolean>
  /** True when at least one tracked file lies at or under `dir` (relative to the root). */
  hasTrackedUnder(dir: string): Promise<boolean>
}

/**
 * Tracking for `root`, or undefined when it is not inside a git work tree (or git is missing or
 * refuses the directory, e.g. "dubious ownership"): then nothing can be said about tracking.
 */
export async function gitTracking(root: string): Promise<GitTracking | undefined> {
  const probe = await runGit(root, ['rev-parse', '--is-inside-work-tree'])
  if (probe.exitCode !== 0 || probe.stdout.trim() !== 'true') return undefined
  const lsFiles = async (paths: string[]): Promise<string[]> => {
    if (paths.length === 0) return []
    // Output is relative to cwd (the root) without --full-name; -z keeps odd names verbatim.
    const result = await runGit(root, [
      '--literal-pathspecs',
      'ls-files',
      '-z',
      '--cached',
      '--',
      ...paths.map(normalise)
    ])
    if (result.exitCode !== 0) {
      throw new Error(`git ls-files failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`)
    }
    return result.stdout.split('\0').filter((f) => f !== '')
  }
  return {
    tracked: async (paths) => new Set(await lsFiles(paths)),
    isTracked: async (file) => (await lsFiles([file])).includes(normalise(file)),
    hasTrackedUnder: async (dir) => (await lsFiles([dir])).length > 0
  }
}

/**
 * True when git tracks `file` (relative to `root`). False when it does not, and when `root` is
 * in no git work tree or git cannot run: then no file is tracked. Synchronous, for the input
 * checks that run before anything else.
 */
export function isTrackedSync(root: string, file: string): boolean {
  try {
    execFileSync(
      'git',
      ['--literal-pathspecs', 'ls-files', '--error-unmatch', '--cached', '--', normalise(file)],
      { cwd: root, stdio: 'ignore', timeout: GIT_TIMEOUT_MS, windowsHide: true, env: gitEnv() }
    )
    return true
  } catch {
    return false
  }
}

/** A root-relative path as git prints it: POSIX, no "./", "." for the root itself. */
function normalise(p: string): string {
  const posix = toPosix(path.normalize(p)).replace(/\/+$/, '')
  return posix === '' ? '.' : posix
}
