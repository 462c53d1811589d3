import { describeFailure, type GoRunner } from './command.js'
import { parseGoEnvJson } from './env.js'

/** Where go keeps its caches, as go itself reports them. */
export interface GoCacheDirs {
  GOMODCACHE: string
  GOCACHE: string
}

const ARGS = ['env', '-json', 'GOMODCACHE', 'GOCACHE']

/**
 * `go env -json GOMODCACHE GOCACHE` in `cwd`, with GOTOOLCHAIN=local: answering it never
 * downloads a toolchain and never writes to either cache. Throws GoNotFoundError without go, and
 * an Error saying what go printed when it fails or overruns `timeoutMs`.
 */
export async function readGoCacheDirs(
  go: GoRunner,
  cwd: string,
  timeoutMs = 30_000
): Promise<GoCacheDirs> {
  const result = await go.run(ARGS, { cwd, env: { GOTOOLCHAIN: 'local' }, timeoutMs })
  if (result.exitCode !== 0 || result.timedOut) throw new Error(describeFailure(ARGS, result))
  const env = parseGoEnvJson(result.stdout)
  return { GOMODCACHE: env.GOMODCACHE ?? '', GOCACHE: env.GOCACHE ?? '' }
}
