/**
 * Why tests cannot run here, as opposed to tests that fail: the race detector needs cgo and a C
 * compiler, and ThreadSanitizer needs a memory layout and syscalls some sandboxes refuse. These
 * are the machine's problems, reported once with the fix, never as failing tests.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { GoEnv } from './env.js'

/** Why `go test -race` cannot build here, or undefined when it can. */
export function raceUnavailableReason(
  goEnv: GoEnv,
  pathEnv: string | undefined,
  exists: (file: string) => boolean = isExecutable
): string | undefined {
  if (goEnv.CGO_ENABLED !== '1') {
    const compiler = compilerName(goEnv)
    const found = compiler !== undefined && findOnPath(compiler, pathEnv, exists) !== undefined
    return found
      ? 'the race detector needs cgo, and CGO_ENABLED is 0'
      : `the race detector needs cgo, and cgo is off because no C compiler${compiler ? ` (${compiler})` : ''} was found on PATH`
  }
  const compiler = compilerName(goEnv)
  if (compiler !== undefined && findOnPath(compiler, pathEnv, exists) === undefined) {
    return `the race detector needs a C compiler, and ${compiler} (go env CC) was not found on PATH`
  }
  return undefined
}

/** The C compiler go would run: the first word of CC, default gcc. */
function compilerName(goEnv: GoEnv): string | undefined {
  const cc = (goEnv.CC ?? '').trim().split(/\s+/)[0]
  return cc === undefined || cc === '' ? 'gcc' : cc
}

function findOnPath(
  command: string,
  pathEnv: string | undefined,
  exists: (file: string) => boolean
): string | undefined {
  if (command.includes('/') || command.includes('\\')) return exists(command) ? command : undefined
  for (const dir of (pathEnv ?? '').split(path.delimiter)) {
    if (dir === '') continue
    const file = path.join(dir, command)
    if (exists(file)) return file
  }
  return undefined
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

export interface EnvironmentFailure {
  /** `killed`: SIGKILL from outside the binary, the one cause a test can also bring on itself. */
  kind: 'race-runtime' | 'memory' | 'killed'
  /** What went wrong, in a few words. */
  cause: string
  /** The line of output that shows it. */
  evidence: string
  fix: string
}

const SANDBOX_FIX =
  'run the job on a standard GitHub-hosted runner or a container without a restrictive seccomp profile, or set race: false'

const ENVIRONMENT_FAILURES: Array<{
  kind: EnvironmentFailure['kind']
  pattern: RegExp
  cause: string
  fix: string
}> = [
  {
    kind: 'race-runtime',
    pattern: /ThreadSanitizer: unexpected memory mapping|ThreadSanitizer: unsupported VMA range/,
    cause: "the race detector (ThreadSanitizer) cannot use this machine's memory layout",
    fix: 'lower vm.mmap_rnd_bits (sysctl -w vm.mmap_rnd_bits=28) or use a go release whose race runtime supports this kernel, or set race: false'
  },
  {
    kind: 'race-runtime',
    pattern: /ThreadSanitizer failed to allocate|ERROR: ThreadSanitizer: failed to allocate/,
    cause: 'the race detector (ThreadSanitizer) could not reserve its shadow memory',
    fix: 'raise the memory limit (ulimit -v unlimited) or give the job more memory, or set race: false'
  },
  {
    kind: 'race-runtime',
    pattern: /FATAL: ThreadSanitizer|ThreadSanitizer: .*(?:personality|Operation not permitted)/,
    cause: 'the race detector (ThreadSanitizer) was refused what it needs by the sandbox',
    fix: SANDBOX_FIX
  },
  {
    kind: 'memory',
    // The Go runtime reserves address space at start: a low ulimit -v or container limit stops it.
    pattern: /^fatal error: (?:failed to reserve|runtime: cannot (?:reserve|allocate))/,
    cause:
      'a test binary could not reserve the memory it needs at start (an address-space or memory limit)',
    fix: 'lift the limit (ulimit -v unlimited, or a larger container memory limit), or run fewer packages at once (test-flags: -p 1)'
  },
  {
    kind: 'memory',
    pattern: /^fatal error: (?:runtime: )?out of memory/,
    cause: 'a test binary ran out of memory',
    fix: 'give the job more memory, or run fewer packages at once (test-flags: -p 1)'
  },
  {
    kind: 'killed',
    pattern: /^signal: killed$/,
    cause: 'a test binary was killed (SIGKILL), usually by the out-of-memory killer',
    fix: 'give the job more memory, or run fewer packages at once (test-flags: -p 1)'
  }
]

/** The first sign in the lines that the machine, not the code, stopped the tests. */
export function environmentFailure(lines: Iterable<string>): EnvironmentFailure | undefined {
  for (const line of lines) {
    const text = line.trim()
    for (const known of ENVIRONMENT_FAILURES) {
      if (known.pattern.test(text)) {
        return { kind: known.kind, cause: known.cause, evidence: text, fix: known.fix }
      }
    }
  }
  return undefined
}
