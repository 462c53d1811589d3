import { describe, expect, it } from '@jest/globals'
import { envFindings, pinnedSummary } from '../../../src/checks/env.js'
import type { Config } from '../../../src/config.js'
import type { CheckFinding } from '../../../src/findings.js'
import { pinEnvironment, type GoEnv } from '../../../src/go/env.js'
import { GO_RUNTIME_VARIABLES, editDistance, nearest } from '../../../src/go/envnames.js'
import { parseGoEnvFile, type GoEnvFile } from '../../../src/go/goenvfile.js'
import { publicHostCovered } from '../../../src/go/modulepatterns.js'

/** What `go env -json` lists on linux/amd64 with nothing configured (Go 1.26). */
const GO_DEFAULTS: GoEnv = {
  AR: 'ar',
  CC: 'gcc',
  CGO_ENABLED: '1',
  GO111MODULE: '',
  GOAMD64: 'v1',
  GOARCH: 'amd64',
  GOAUTH: 'netrc',
  GOBIN: '',
  GOCACHE: '/home/runner/.cache/go-build',
  GOCACHEPROG: '',
  GODEBUG: '',
  GOENV: '/home/runner/.config/go/env',
  GOEXE: '',
  GOEXPERIMENT: '',
  GOFIPS140: 'off',
  GOFLAGS: '',
  GOHOSTARCH: 'amd64',
  GOHOSTOS: 'linux',
  GOINSECURE: '',
  GOMOD: '/dev/null',
  GOMODCACHE: '/home/runner/go/pkg/mod',
  GONOPROXY: '',
  GONOSUMDB: '',
  GOOS: 'linux',
  GOPATH: '/home/runner/go',
  GOPRIVATE: '',
  GOPROXY: 'https://proxy.example.com,direct',
  GOROOT: '/opt/go',
  GOSUMDB: 'sum.example.com',
  GOTELEMETRY: 'local',
  GOTELEMETRYDIR: '/home/runner/.config/go/telemetry',
  GOTMPDIR: '',
  GOTOOLCHAIN: 'local',
  GOTOOLDIR: '/opt/go/pkg/tool/linux_amd64',
  GOVCS: '',
  GOVERSION: 'go1.26.8',
  GOWORK: '',
  PKG_CONFIG: 'pkg-config'
}

interface Scenario {
  processEnv?: Record<string, string | undefined>
  /** go env file lines. */
  file?: { path: string; relPath?: string; text: string }
  inputs?: Partial<Pick<Config, 'goproxy' | 'gosumdb' | 'goprivate'>>
  /** Drop keys from `go env` (an older go that does not know them). */
  unknownToGo?: string[]
}

/** Runs envFindings the way the gate would: go env reflects the process and the go env file. */
function findingsFor(scenario: Scenario = {}): CheckFinding[] {
  const processEnv = { PATH: '/usr/bin', HOME: '/home/runner', ...scenario.processEnv }
  const goEnvFile: GoEnvFile | undefined = scenario.file && {
    path: scenario.file.path,
    relPath: scenario.file.relPath,
    values: parseGoEnvFile(scenario.file.text)
  }
  const runnerGoEnv = goEnvAsGoSeesIt(processEnv, goEnvFile, scenario.unknownToGo ?? [])
  const pinned = pinEnvironment(runnerGoEnv, { gotoolchain: 'local', ...scenario.inputs })
  return envFindings({
    processEnv,
    runnerGoEnv,
    pinned,
    knownVariables: GO_RUNTIME_VARIABLES,
    goEnvFile
  })
}

/** A model of cmd/go's precedence: environment, then the go env file, then defaults. */
function goEnvAsGoSeesIt(
  processEnv: Record<string, string | undefined>,
  file: GoEnvFile | undefined,
  unknownToGo: string[]
): GoEnv {
  const env: GoEnv = {}
  for (const [key, fallback] of Object.entries(GO_DEFAULTS)) {
    if (unknownToGo.includes(key)) continue
    env[key] = processEnv[key] || file?.values[key]?.value || fallback
  }
  // Unset, GONOPROXY and GONOSUMDB default to GOPRIVATE.
  for (const key of ['GONOPROXY', 'GONOSUMDB']) {
    if (!processEnv[key] && !file?.values[key]) env[key] = env.GOPRIVATE ?? ''
  }
  return env
}

function only(findings: CheckFinding[]): CheckFinding {
  expect(findings).toHaveLength(1)
  return findings[0] as CheckFinding
}

describe('envFindings', () => {
  it('finds nothing in a clean environment', () => {
    expect(findingsFor()).toEqual([])
  })

  it('finds nothing for variables go reads, known runtime variables, or names with underscores', () => {
    expect(
      findingsFor({
        processEnv: {
          GOPATH: '/home/runner/go',
          GOMAXPROCS: '4',
          GOGC: '200',
          GOMEMLIMIT: '2GiB',
          GORACE: 'halt_on_error=1',
          GOTRACEBACK: 'all',
          GODEBUG: 'gctrace=1',
          GOCOVERDIR: '/tmp/cover',
          GOARM: '7',
          GOPRIVATE: 'github.com/acme/*,corp.example.com',
          GOFLAGS: '-mod=readonly -trimpath',
          GO111MODULE: 'on',
          GOOGLE_APPLICATION_CREDENTIALS: '/secrets/key.json',
          GORELEASER_KEY: 'secret',
          GO_VERSION: '1.26'
        }
      })
    ).toEqual([])
  })

  describe('GOSUMDB=off', () => {
    it('warns when the job environment turns the checksum database off', () => {
      const f = only(findingsFor({ processEnv: { GOSUMDB: 'off' } }))
      expect(f).toMatchObject({
        rule: 'env/gosumdb-off',
        severity: 'warning',
        title: 'Checksum database disabled'
      })
      expect(f.message).toContain('GOSUMDB=off')
      expect(f.message).toContain("job's environment")
      expect(f.fix).toContain('remove GOSUMDB from the workflow `env:`')
      expect(f.file).toBeUndefined()
      expect(f.line).toBeUndefined()
    })

    it('warns on the effective value: an input that turns it off', () => {
      const f = only(findingsFor({ inputs: { gosumdb: 'off' } }))
      expect(f.message).toContain('`gosumdb` input')
      expect(f.fix).toContain('`gosumdb` input')
    })

    it('does not warn when an input restores the checksum database', () => {
      expect(
        findingsFor({ processEnv: { GOSUMDB: 'off' }, inputs: { gosumdb: 'sum.example.com' } })
      ).toEqual([])
    })

    it('names a go env file outside the repository without annotating it', () => {
      const f = only(
        findingsFor({
          file: {
            path: '/home/runner/.config/go/env',
            text: 'GOPROXY=https://proxy.example.com,direct\nGOSUMDB=off\n'
          }
        })
      )
      expect(f.message).toContain('/home/runner/.config/go/env')
      expect(f.fix).toContain('go env -u GOSUMDB')
      expect(f.file).toBeUndefined()
      expect(f.line).toBeUndefined()
    })

    it('annotates a go env file inside the repository at the line that sets it', () => {
      const f = only(
        findingsFor({
          file: {
            path: '/repo/ci/go.env',
            relPath: 'ci/go.env',
            text: '# ci\nGOSUMDB=sum.example.com\nGOSUMDB=off\n'
          }
        })
      )
      expect(f.file).toBe('ci/go.env')
      expect(f.line).toBe(3)
      expect(f.fix).toContain('ci/go.env')
    })
  })

  describe('patterns covering public hosts', () => {
    it.each([
      'github.com/*',
      'github.com',
      '*',
      'gitlab.com/*',
      'golang.org/x',
      'corp.example.com,*.com'
    ])('warns once for GOPRIVATE=%s', (pattern) => {
      const f = only(findingsFor({ processEnv: { GOPRIVATE: pattern } }))
      expect(f.title).toBe('GOPRIVATE covers public code hosts')
      expect(f.message).toContain(`GOPRIVATE=${pattern}`)
      expect(f.fix).toMatch(/^set GOPRIVATE=.*<your-org>\/\* in the workflow `env:`$/)
    })

    it('keeps the organisation patterns in the suggested value', () => {
      const f = only(findingsFor({ processEnv: { GOPRIVATE: 'corp.example.com,github.com/*' } }))
      expect(f.fix).toBe(
        'set GOPRIVATE=corp.example.com,github.com/<your-org>/* in the workflow `env:`'
      )
    })

    it.each([
      'github.com/acme/*',
      'github.com/acme',
      'corp.example.com',
      '*.corp.example.com',
      'gitlab.com/acme/platform'
    ])('accepts GOPRIVATE=%s (one organisation)', (pattern) => {
      expect(findingsFor({ processEnv: { GOPRIVATE: pattern } })).toEqual([])
    })

    it('warns on GONOSUMDB and GONOPROXY set explicitly', () => {
      const findings = findingsFor({
        processEnv: { GONOSUMDB: 'github.com', GONOPROXY: 'gitlab.com/*' }
      })
      expect(findings.map((f) => f.title)).toEqual([
        'GONOSUMDB covers public code hosts',
        'GONOPROXY covers public code hosts'
      ])
      expect(findings[0]?.message).toContain('checksum database')
      expect(findings[1]?.message).toContain('module proxy')
    })

    it('warns on the effective GOPRIVATE from the input', () => {
      const f = only(findingsFor({ inputs: { goprivate: '*' } }))
      expect(f.message).toContain('`goprivate` input')
    })
  })

  it('warns on GOINSECURE', () => {
    const f = only(findingsFor({ processEnv: { GOINSECURE: 'git.corp.example.com' } }))
    expect(f.title).toBe('Insecure module fetching enabled')
    expect(f.message).toContain('GOINSECURE=git.corp.example.com')
    expect(f.fix).toBe('remove GOINSECURE from the workflow `env:`')
  })

  describe('GOFLAGS', () => {
    it('warns that -mod=mod was replaced by -mod=readonly, keeping the other flags', () => {
      const f = only(findingsFor({ processEnv: { GOFLAGS: '-mod=mod -trimpath' } }))
      expect(f.title).toBe('GOFLAGS -mod=mod replaced by -mod=readonly')
      expect(f.message).toContain('GOFLAGS="-mod=mod -trimpath"')
      expect(f.message).toContain('GOFLAGS="-trimpath -mod=readonly"')
      expect(f.fix).toContain('set GOFLAGS=-trimpath in the workflow `env:`')
    })

    it('suggests removing GOFLAGS when -mod=mod was its only flag', () => {
      expect(only(findingsFor({ processEnv: { GOFLAGS: '-mod=mod' } })).fix).toMatch(
        /^remove GOFLAGS from the workflow `env:`/
      )
    })

    it.each(['-mod=vendor', '-mod=readonly', '-modcacherw'])('accepts GOFLAGS=%s', (flags) => {
      expect(findingsFor({ processEnv: { GOFLAGS: flags } })).toEqual([])
    })
  })

  describe('GOPROXY', () => {
    it('warns on off', () => {
      const f = only(findingsFor({ processEnv: { GOPROXY: 'off' } }))
      expect(f.title).toBe('Module downloads disabled (GOPROXY=off)')
      expect(f.message).toContain('GOPROXY=off')
    })

    it.each(['direct', 'direct,off'])('warns on %s without a proxy', (value) => {
      const f = only(findingsFor({ processEnv: { GOPROXY: value } }))
      expect(f.title).toBe('No module proxy (GOPROXY=direct)')
      expect(f.fix).toBe('remove GOPROXY from the workflow `env:`')
    })

    it.each([
      'https://proxy.example.com,direct',
      'https://goproxy.example.com|https://proxy.example.com',
      'https://goproxy.example.com,off'
    ])('accepts %s', (value) => {
      expect(findingsFor({ processEnv: { GOPROXY: value } })).toEqual([])
    })

    it('never shows credentials in a proxy URL', () => {
      const f = only(
        findingsFor({ processEnv: { GOPROXY: 'off,https://ci:s3cret@goproxy.example.com' } })
      )
      expect(f.message).not.toContain('s3cret')
      expect(f.message).toContain('GOPROXY=off,https://***@goproxy.example.com')
      const summary = pinnedSummary(
        pinEnvironment(
          { GOPROXY: 'https://ci:s3cret@goproxy.example.com,direct' },
          { gotoolchain: 'local' }
        )
      )
      expect(summary).not.toContain('s3cret')
      expect(summary).toContain('GOPROXY=https://***@goproxy.example.com,direct')
    })
  })

  describe('GO111MODULE', () => {
    it.each(['off', 'auto'])('warns on GO111MODULE=%s in the environment', (value) => {
      const f = only(findingsFor({ processEnv: { GO111MODULE: value } }))
      expect(f.title).toBe(`GO111MODULE=${value}`)
      expect(f.message).toContain('GO111MODULE=on')
      expect(f.fix).toBe('remove GO111MODULE from the workflow `env:`')
    })

    it('warns on GO111MODULE set by the go env file', () => {
      const f = only(
        findingsFor({ file: { path: '/home/runner/.config/go/env', text: 'GO111MODULE=auto\n' } })
      )
      expect(f.title).toBe('GO111MODULE=auto')
      expect(f.fix).toBe('run `go env -u GO111MODULE`')
    })
  })

  describe('variables go does not read', () => {
    it('suggests the nearest known name', () => {
      const f = only(findingsFor({ processEnv: { GONOSUMCHECK: '1' } }))
      expect(f.title).toBe('GONOSUMCHECK is not a Go variable')
      expect(f.message).toContain('GONOSUMCHECK is not a Go variable; did you mean GONOSUMDB?')
      expect(f.message).toContain('GONOSUMCHECK=1')
      expect(f.fix).toContain('remove GONOSUMCHECK from the workflow `env:`')
    })

    it('does not print values that may be secrets, nor suggest far-off names', () => {
      const f = only(findingsFor({ processEnv: { GOTOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz' } }))
      expect(f.message).not.toContain('ghp_')
      expect(f.message).not.toContain('did you mean')
    })

    it('takes the known names from the go that runs: what an older go does not list is flagged', () => {
      expect(findingsFor({ processEnv: { GOAUTH: 'netrc' } })).toEqual([])
      const f = only(findingsFor({ processEnv: { GOAUTH: 'netrc' }, unknownToGo: ['GOAUTH'] }))
      expect(f.title).toBe('GOAUTH is not a Go variable')
    })

    it('lists every finding of a busy environment', () => {
      const titles = findingsFor({
        processEnv: {
          GOSUMDB: 'off',
          GONOSUMCHECK: '1',
          GOFLAGS: '-mod=mod',
          GOPRIVATE: 'github.com/*'
        }
      }).map((f) => f.title)
      expect(titles).toEqual([
        'Checksum database disabled',
        'GOPRIVATE covers public code hosts',
        'GOFLAGS -mod=mod replaced by -mod=readonly',
        'GONOSUMCHECK is not a Go variable'
      ])
    })
  })

  it('gives every finding a title, a message and a one-line fix', () => {
    const findings = findingsFor({
      processEnv: {
        GOSUMDB: 'off',
        GOPRIVATE: '*',
        GOINSECURE: '*',
        GOFLAGS: '-mod=mod',
        GOPROXY: 'direct',
        GO111MODULE: 'off',
        GOPROXYURL: 'x'
      }
    })
    expect(findings).toHaveLength(7)
    for (const f of findings) {
      expect(f.rule).toMatch(/^env\//)
      expect(f.title).not.toBe('')
      expect(f.message).not.toBe('')
      expect(f.fix).toMatch(/^[^\n]+$/)
    }
  })
})

describe('publicHostCovered', () => {
  it.each([
    ['*', 'github.com'],
    ['*.com', 'github.com'],
    ['*.org/*', 'bitbucket.org'],
    ['github.com', 'github.com'],
    ['github.com/*', 'github.com'],
    ['github.com/*/', 'github.com'],
    ['git?ub.com/*', 'github.com'],
    ['[gh]ithub.com', 'github.com'],
    ['golang.org/x', 'golang.org'],
    ['google.golang.org', 'google.golang.org'],
    ['gopkg.in', 'gopkg.in']
  ])('%s covers %s', (pattern, host) => {
    expect(publicHostCovered(pattern)).toBe(host)
  })

  it.each([
    'github.com/acme',
    'github.com/acme/*',
    'github.com/acme-*',
    'corp.example.com',
    '*.corp.example.com',
    '',
    '[unclosed'
  ])('%s covers no public host', (pattern) => {
    expect(publicHostCovered(pattern)).toBeUndefined()
  })
})

describe('nearest and editDistance', () => {
  it('measures edits', () => {
    expect(editDistance('GOPROXY', 'GOPROXY')).toBe(0)
    expect(editDistance('GOPROXI', 'GOPROXY')).toBe(1)
    expect(editDistance('GONOSUMCHECK', 'GONOSUMDB')).toBe(5)
    expect(editDistance('', 'GO')).toBe(2)
  })

  it('suggests only plausible typos', () => {
    const known = ['GOFLAGS', 'GONOSUMDB', 'GOPROXY', 'GOSUMDB']
    expect(nearest('GOFLAG', known)).toBe('GOFLAGS')
    expect(nearest('GOSUMBD', known)).toBe('GOSUMDB')
    expect(nearest('GOXYZZYQUUX', known)).toBeUndefined()
  })
})

describe('parseGoEnvFile', () => {
  it('reads KEY=VALUE lines as go does: comments and junk ignored, the last value wins', () => {
    expect(
      parseGoEnvFile('# comment\nGOPROXY=a\n\nlower=x\nGOFLAGS=-mod=mod -v\nGOPROXY=b=c')
    ).toEqual({
      GOPROXY: { value: 'b=c', line: 6 },
      GOFLAGS: { value: '-mod=mod -v', line: 5 }
    })
  })
})

describe('pinnedSummary', () => {
  it('names what every child go ran with', () => {
    const pinned = pinEnvironment(GO_DEFAULTS, { gotoolchain: 'local' })
    expect(pinnedSummary(pinned)).toBe(
      'pinned GOPROXY=https://proxy.example.com,direct GOSUMDB=sum.example.com GOFLAGS=-mod=readonly GOTOOLCHAIN=local'
    )
  })
})
