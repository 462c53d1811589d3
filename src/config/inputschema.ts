import fs from 'node:fs'
import path from 'node:path'
import { split as splitShellWords } from 'shlex'
import { z } from 'zod'
import { validateCacheKeySuffix } from '../cache/keys.js'
import { CHECK_NAMES } from '../findings.js'
import { isDirectory, resolveSymlinks } from '../files.js'
import { goDurationNs } from '../go/duration.js'
import { GOPROXY_FIX, GOSUMDB_FIX, goproxyProblem, gosumdbProblem } from '../go/proxysyntax.js'
import { refusedTestFlag } from '../go/testflags.js'
import { shardInputs } from './shardinputs.js'
import { printableValue, errorMessage } from '../text.js'
import {
  FALSE_WORDS,
  GOTOOLCHAIN_PATTERN,
  MAX_DOWNLOAD_RETRIES,
  MAX_RERUNS,
  MAX_TEST_TIMEOUT,
  MAX_TEST_TIMEOUT_NS,
  TARGET,
  TRUE_WORDS,
  VERSION_FILE_NAMES,
  booleanInput,
  boundedDurationInput,
  junitFile,
  listOf,
  normaliseVersionRange,
  optionalText,
  outsideRoot,
  quoted,
  reportFile,
  tagList,
  wholeNumberInput,
  type BuildTarget
} from './inputvalues.js'

/** The zod schema of every input: each value parsed, or one issue saying what is allowed. */
export function inputSchema(cwd: string, root: string, tempDir: string) {
  const realRoot = resolveSymlinks(root)
  return z.object({
    // Read before the others, by src/config/configfile.ts.
    config: optionalText,
    'working-directory': optionalText.transform((value, ctx) => {
      const dir = path.resolve(cwd, value ?? '.')
      const shown = value ?? '.'
      if (!isDirectory(dir)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(shown)} is not a directory (looked for ${printableValue(dir)})`
        })
        return z.NEVER
      }
      const outside = outsideRoot(shown, dir, root, realRoot)
      if (outside !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${outside}; use a directory inside it` })
        return z.NEVER
      }
      return dir
    }),
    'go-version': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const range = normaliseVersionRange(value)
      if (range === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is not a version or range; use e.g. 1.26, 1.26.x, ^1.25.0 or >=1.24 <1.27`
        })
        return z.NEVER
      }
      return range
    }),
    'go-version-file': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const file = path.resolve(cwd, value)
      const base = path.basename(file)
      const names = VERSION_FILE_NAMES.join(', ')
      if (!(VERSION_FILE_NAMES as readonly string[]).includes(base)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is not a version file; use one of ${names}`
        })
        return z.NEVER
      }
      if (!fs.existsSync(file)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} does not exist (looked for ${printableValue(file)})`
        })
        return z.NEVER
      }
      const outside = outsideRoot(value, file, root, realRoot)
      if (outside !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${outside}; use a file inside it` })
        return z.NEVER
      }
      if (!fs.statSync(file).isFile()) {
        const what = isDirectory(file) ? 'a directory' : 'not a regular file'
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is ${what}; use the path of a file named ${names}`
        })
        return z.NEVER
      }
      return file
    }),
    goproxy: optionalText.transform((value, ctx) => {
      const problem = value === undefined ? undefined : goproxyProblem(value)
      if (problem === undefined) return value
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(problem.part)} ${problem.reason}; ${GOPROXY_FIX}`
      })
      return z.NEVER
    }),
    gosumdb: optionalText.transform((value, ctx) => {
      const problem = value === undefined ? undefined : gosumdbProblem(value)
      if (problem === undefined) return value
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(problem.part)} ${problem.reason}; ${GOSUMDB_FIX}`
      })
      return z.NEVER
    }),
    goprivate: optionalText.refine((v) => v === undefined || !/\s/.test(v), {
      message: 'must be a comma-separated list of module path patterns, without spaces'
    }),
    gotoolchain: optionalText.transform((value, ctx) => {
      const toolchain = value ?? 'local'
      if (!GOTOOLCHAIN_PATTERN.test(toolchain)) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(toolchain)} is not a GOTOOLCHAIN value; use local, auto, path, go1.N.P, go1.N.P+auto or go1.N.P+path`
        })
        return z.NEVER
      }
      return toolchain
    }),
    checks: optionalText.transform((value, ctx) => {
      if (value === undefined || value === 'all') return [...CHECK_NAMES]
      const names = listOf(value)
      const unknown = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n))
      if (unknown.length > 0 || names.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(unknown[0] ?? value)} is not a check; use all or a comma-separated list of ${CHECK_NAMES.join(', ')}`
        })
        return z.NEVER
      }
      // Keep the gate's own order, whatever order the user wrote.
      return CHECK_NAMES.filter((n) => names.includes(n))
    }),
    'fail-on': optionalText.transform((value, ctx) => {
      const failOn = value ?? 'error'
      if (failOn !== 'error' && failOn !== 'warning') {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(failOn)} is not allowed; use error or warning`
        })
        return z.NEVER
      }
      return failOn
    }),
    'allow-local-replace': booleanInput(false),
    'download-retries': wholeNumberInput(3, MAX_DOWNLOAD_RETRIES),
    'download-timeout': boundedDurationInput('2m', '30s or 5m'),
    vendor: optionalText.transform((value, ctx) => {
      const mode = value ?? 'auto'
      if (mode === 'auto') return 'auto' as const
      if (TRUE_WORDS.includes(mode)) return 'required' as const
      if (FALSE_WORDS.includes(mode)) return 'off' as const
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(mode)} is not allowed; use auto, true or false`
      })
      return z.NEVER
    }),
    race: booleanInput(true),
    packages: optionalText.transform((value, ctx) => {
      const patterns = value === undefined ? ['./...'] : value.split(/[\s,]+/).filter((p) => p)
      const flag = patterns.find((p) => p.startsWith('-'))
      if (flag !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(flag)} is not a package pattern; put go test flags in test-flags`
        })
        return z.NEVER
      }
      return patterns
    }),
    tags: optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const parsed = tagList(value)
      if ('bad' in parsed) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(parsed.bad)} is not a build tag; use comma-separated identifiers such as integration,linux`
        })
        return z.NEVER
      }
      return parsed.tags.join(',')
    }),
    timeout: optionalText.transform((value, ctx) => {
      const timeout = value ?? '10m'
      const ns = goDurationNs(timeout)
      if (ns === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(timeout)} is not a Go duration; use e.g. 90s, 10m or 1h30m (0 for none)`
        })
        return z.NEVER
      }
      if (ns > MAX_TEST_TIMEOUT_NS) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(timeout)} is longer than go test can wait; use a Go duration up to ${MAX_TEST_TIMEOUT}, e.g. 90s, 10m or 1h30m (0 for none)`
        })
        return z.NEVER
      }
      return timeout
    }),
    shuffle: optionalText.transform((value, ctx) => {
      const shuffle = value ?? 'off'
      if (shuffle === 'off' || shuffle === 'on') return shuffle
      if (/^\d{1,15}$/.test(shuffle)) return Number(shuffle)
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(shuffle)} is not allowed; use off, on, or a seed (a whole number of at most 15 digits) to replay an order`
      })
      return z.NEVER
    }),
    'test-flags': optionalText.transform((value, ctx) => {
      if (value === undefined) return []
      let words: string[]
      try {
        words = splitShellWords(value)
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} cannot be split into words: ${errorMessage(error)}`
        })
        return z.NEVER
      }
      const refused = refusedTestFlag(words)
      if (refused !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(refused.word)} is not allowed: ${refused.reason}`
        })
        return z.NEVER
      }
      return words
    }),
    coverage: booleanInput(false),
    'coverage-threshold': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const percent = Number(value.replace(/%$/, ''))
      if (!/^\d+(\.\d+)?%?$/.test(value) || percent > 100) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoted(value)} is not allowed; use a percentage from 0 to 100, e.g. 80 or 72.5`
        })
        return z.NEVER
      }
      return percent
    }),
    'rerun-failed': wholeNumberInput(1, MAX_RERUNS),
    junit: optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const junit = junitFile(value, path.resolve(cwd, value), { realRoot, tempDir })
      if (typeof junit !== 'string') return junit.file
      ctx.addIssue({ code: 'custom', message: junit })
      return z.NEVER
    }),
    sarif: optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const example = 'reports/go-ci-gate.sarif'
      const sarif = reportFile(value, path.resolve(cwd, value), { realRoot, tempDir }, example)
      if (typeof sarif !== 'string') return sarif.file
      ctx.addIssue({ code: 'custom', message: sarif })
      return z.NEVER
    }),
    'build-targets': optionalText.transform((value, ctx) => {
      const targets: BuildTarget[] = []
      for (const word of value === undefined ? [] : listOf(value)) {
        const m = TARGET.exec(word)
        if (!m) {
          ctx.addIssue({
            code: 'custom',
            message: `${quoted(word)} is not a GOOS/GOARCH pair; use e.g. linux/arm64,windows/amd64 (go tool dist list names them all)`
          })
          return z.NEVER
        }
        const target = { goos: m[1] as string, goarch: m[2] as string }
        if (!targets.some((t) => t.goos === target.goos && t.goarch === target.goarch)) {
          targets.push(target)
        }
      }
      return targets
    }),
    'vet-tags': optionalText.transform((value, ctx) => {
      const sets: string[][] = []
      for (const line of value === undefined ? [] : value.split('\n')) {
        if (line.trim() === '') continue
        const parsed = tagList(line)
        if ('bad' in parsed) {
          ctx.addIssue({
            code: 'custom',
            message: `${quoted(parsed.bad)} is not a build tag; give one tag set per line, e.g. integration or linux,cgo`
          })
          return z.NEVER
        }
        sets.push(parsed.tags)
      }
      return sets
    }),
    cache: booleanInput(true),
    'cache-save': optionalText.transform((value, ctx) => {
      const mode = value ?? 'auto'
      if (mode === 'auto' || mode === 'always' || mode === 'never') return mode
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(mode)} is not allowed; use auto (save on pushes and schedules, restore only on pull requests), always or never`
      })
      return z.NEVER
    }),
    'cache-key-suffix': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      const problem = validateCacheKeySuffix(value)
      if (problem === undefined) return value
      ctx.addIssue({ code: 'custom', message: problem })
      return z.NEVER
    }),
    'cache-timeout': boundedDurationInput('5m', '90s or 5m'),
    annotations: booleanInput(true),
    'check-run-id': optionalText.transform((value, ctx) => {
      if (value === undefined) return undefined
      if (/^[1-9][0-9]{0,15}$/.test(value)) return Number(value)
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(value)} is not a check run id; leave the default \${{ job.check_run_id }}, give a whole number, or empty for none`
      })
      return z.NEVER
    }),
    'check-name': optionalText.transform((value, ctx) => {
      const name = value ?? 'go-ci-gate'
      // eslint-disable-next-line no-control-regex
      if (name.length <= 100 && !/[\u0000-\u001f\u007f]/.test(name)) return name
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(name)} is not allowed; use one line of at most 100 characters, e.g. go-ci-gate`
      })
      return z.NEVER
    }),
    comment: optionalText.transform((value, ctx) => {
      const mode = value ?? 'off'
      if (mode === 'off' || mode === 'on-failure' || mode === 'always') return mode
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(mode)} is not allowed; use off, on-failure (a comment while the gate fails, edited to say it passes later) or always`
      })
      return z.NEVER
    }),
    ...shardInputs,
    'github-token': optionalText
  })
}
