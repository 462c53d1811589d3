/**
 * Where the two caches live and under which keys, from the configuration, what go reports
 * (`go env -json`) and the go.sum files in scope. Reads files, runs nothing.
 */
import path from 'node:path'
import type { Config } from '../config.js'
import { readIfFile, relativeInside } from '../files.js'
import type { GoEnv } from '../go/env.js'
import { discoverModuleDirs } from '../go/modules.js'
import type { CacheEntryPlan } from './entries.js'
import { cacheKeys, rollingPart, type SumFile } from './keys.js'

/** A go.sum or go.work.sum: its absolute path as well as the key's repository-relative one. */
export interface FoundSumFile extends SumFile {
  file: string
}

/**
 * Every go.sum of every module at or below the working directory, and the go.work.sum of the
 * workspace go uses (`GOWORK`), when it lies inside the repository. A module whose go.sum is
 * missing still counts: the key then changes the day one appears.
 */
export function findSumFiles(
  config: Pick<Config, 'root' | 'workingDirectory'>,
  goEnv: GoEnv
): FoundSumFile[] {
  const files = discoverModuleDirs(config.workingDirectory).map((dir) => path.join(dir, 'go.sum'))
  const gowork = goEnv.GOWORK ?? ''
  if (gowork !== '' && gowork !== 'off' && relativeInside(config.root, gowork) !== undefined) {
    files.push(path.join(path.dirname(gowork), 'go.work.sum'))
  }
  return files.map((file) => ({
    file,
    path: relativeInside(config.root, file) ?? path.basename(file),
    content: readIfFile(file) ?? ''
  }))
}

export interface CachePlanInputs {
  config: Pick<
    Config,
    | 'root'
    | 'workingDirectory'
    | 'race'
    | 'tags'
    | 'buildTargets'
    | 'vetTags'
    | 'coverage'
    | 'testFlags'
    | 'cacheKeySuffix'
  >
  /** The runner's environment: RUNNER_OS, RUNNER_ARCH, GITHUB_SHA. */
  env: Record<string, string | undefined>
  sums: readonly SumFile[]
}

/** The module cache entry: GOMODCACHE under the hash of every go.sum (the runner's go env). */
export function planModuleCache(inputs: CachePlanInputs, goEnv: GoEnv): CacheEntryPlan {
  const { module } = keysFor(inputs, goEnv)
  return { name: 'module', path: requireDir(goEnv, 'GOMODCACHE'), ...module }
}

/**
 * The build cache entry: GOCACHE under the exact go version and the flags that change what go
 * compiles. `goEnv` is the effective environment (after any toolchain switch and pinning), as
 * the checks' go sees it.
 */
export function planBuildCache(inputs: CachePlanInputs, goEnv: GoEnv): CacheEntryPlan {
  const { build } = keysFor(inputs, goEnv)
  return { name: 'build', path: requireDir(goEnv, 'GOCACHE'), ...build }
}

function keysFor(inputs: CachePlanInputs, goEnv: GoEnv): ReturnType<typeof cacheKeys> {
  const { config, env } = inputs
  const buildFlags = [
    `GOFLAGS=${goEnv.GOFLAGS ?? ''}`,
    `CGO_ENABLED=${goEnv.CGO_ENABLED ?? ''}`,
    ...(config.coverage ? ['cover'] : []),
    ...config.vetTags.map((set) => `vet:${set.join(',')}`),
    // One item: the hash sorts items, and a flag's value belongs with its flag.
    ...(config.testFlags.length > 0 ? [`test:${JSON.stringify(config.testFlags)}`] : [])
  ]
  return cacheKeys({
    os: env.RUNNER_OS || goEnv.GOHOSTOS || 'unknown',
    arch: env.RUNNER_ARCH || goEnv.GOHOSTARCH || 'unknown',
    goVersion: goEnv.GOVERSION || 'unknown',
    sums: inputs.sums,
    race: config.race,
    tags: config.tags,
    targets: config.buildTargets.map((t) => `${t.goos}/${t.goarch}`),
    buildFlags,
    suffix: config.cacheKeySuffix,
    rolling: rollingPart(env.GITHUB_SHA)
  })
}

function requireDir(goEnv: GoEnv, name: 'GOMODCACHE' | 'GOCACHE'): string {
  const dir = goEnv[name] ?? ''
  // GOCACHE=off disables the build cache; a relative value is an error to go itself.
  if (dir === '' || dir === 'off' || !path.isAbsolute(dir)) {
    throw new Error(`go env ${name} is ${dir === '' ? 'empty' : `"${dir}"`}: no directory to cache`)
  }
  return dir
}
