// The repository's configuration file: where it is found, what its values become, which of
// them the inputs override, every error's one line, and its published JSON schema.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { parse as parseYaml } from 'yaml'
import {
  ConfigError,
  INPUT_NAMES,
  parseConfig,
  type InputName,
  type RawInputs
} from '../../src/config.js'
import {
  FILE_KINDS,
  PER_JOB_KEYS,
  inputsWithConfigFile,
  type ValueKind
} from '../../src/config/configfile.js'
import { configurationSection } from '../../src/report/configsummary.js'

const repo = path.resolve(import.meta.dirname, '../..')
let root: string

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-configfile-'))
  fs.mkdirSync(path.join(root, '.github'))
  fs.mkdirSync(path.join(root, 'svc'))
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/x\n\ngo 1.26.0\n')
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

const write = (name: string, text: string): void => fs.writeFileSync(path.join(root, name), text)
const inputLabel = (name: InputName): string => `input "${name}"`

/** The action's way: merged under `given`, then validated. */
function load(given: RawInputs = {}) {
  const merged = inputsWithConfigFile(given, {
    root,
    base: root,
    label: inputLabel,
    overrideKind: 'input'
  })
  const config = parseConfig(merged.raw, { cwd: root, root, label: merged.label })
  return { merged, config }
}

function errorOf(given: RawInputs = {}): string {
  try {
    load(given)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('finding the file', () => {
  it('reads .github/go-ci-gate.yml', () => {
    write('.github/go-ci-gate.yml', 'fail-on: warning\n')
    expect(load().config.failOn).toBe('warning')
    expect(load().merged.sources?.file).toBe('.github/go-ci-gate.yml')
  })

  it('reads go-ci-gate.yml at the root, and .github/ first when both exist', () => {
    write('go-ci-gate.yml', 'race: false\n')
    expect(load().config.race).toBe(false)
    expect(load().merged.sources?.file).toBe('go-ci-gate.yml')
    write('.github/go-ci-gate.yml', 'fail-on: warning\n')
    expect(load().config.race).toBe(true)
    expect(load().merged.sources?.file).toBe('.github/go-ci-gate.yml')
  })

  it('reads the file the config input names instead', () => {
    write('.github/go-ci-gate.yml', 'fail-on: warning\n')
    write('svc/gate.yml', 'race: false\n')
    const { config, merged } = load({ config: 'svc/gate.yml' })
    expect([config.race, config.failOn]).toEqual([false, 'error'])
    expect(merged.sources?.file).toBe('svc/gate.yml')
  })

  it('refuses a config that is missing or outside the repository', () => {
    expect(errorOf({ config: 'nope.yml' })).toBe(
      `input "config": "nope.yml" is not a file (looked for ${path.join(root, 'nope.yml')})`
    )
    expect(errorOf({ config: '../x.yml' })).toMatch(
      /^input "config": "\.\.\/x\.yml" is outside the repository \(.*\); use a file inside it$/
    )
  })

  it('without a file, the inputs alone and no configuration section', () => {
    const { config, merged } = load({ race: 'false' })
    expect(config.race).toBe(false)
    expect(merged.sources).toBeUndefined()
    expect(configurationSection(merged.sources)).toBeUndefined()
  })

  it('an empty file sets nothing', () => {
    write('.github/go-ci-gate.yml', '# nothing yet\n')
    expect(load().merged.sources).toMatchObject({ fromFile: [], overridden: [] })
  })
})

describe('values', () => {
  it('become the inputs’ text forms: lists joined, booleans and numbers as written', () => {
    write(
      '.github/go-ci-gate.yml',
      [
        'checks: [modfile, tidy]',
        'race: false',
        'go-version: 1.20',
        'download-retries: 5',
        'packages: [./cmd/..., ./internal/...]',
        'tags: [integration, linux]',
        "test-flags: [-short, -run, '^Test(A|B) C$']",
        'build-targets: [linux/arm64, windows/amd64]',
        'vet-tags:',
        '  - integration',
        '  - [linux, cgo]',
        'vendor: auto',
        'coverage-threshold: 72.5',
        'timeout: 0'
      ].join('\n')
    )
    const { merged, config } = load()
    expect(merged.raw).toMatchObject({
      checks: 'modfile,tidy',
      race: 'false',
      'go-version': '1.20',
      'download-retries': '5',
      packages: './cmd/... ./internal/...',
      tags: 'integration,linux',
      'build-targets': 'linux/arm64,windows/amd64',
      'vet-tags': 'integration\nlinux,cgo',
      'coverage-threshold': '72.5',
      timeout: '0'
    })
    expect(config).toMatchObject({
      checks: ['modfile', 'tidy'],
      race: false,
      goVersion: '1.20',
      downloadRetries: 5,
      packages: ['./cmd/...', './internal/...'],
      tags: 'integration,linux',
      testFlags: ['-short', '-run', '^Test(A|B) C$'],
      buildTargets: [
        { goos: 'linux', goarch: 'arm64' },
        { goos: 'windows', goarch: 'amd64' }
      ],
      vetTags: [['integration'], ['linux', 'cgo']],
      vendor: 'auto',
      coverageThreshold: 72.5,
      testTimeout: '0'
    })
  })

  it('takes paths relative to the repository root (the command rebases them)', () => {
    write('.github/go-ci-gate.yml', 'working-directory: svc\n')
    expect(load().config.workingDirectory).toBe(path.join(root, 'svc'))
    const merged = inputsWithConfigFile(
      {},
      {
        root,
        base: path.join(root, 'svc'),
        label: (name) => `--${name}`,
        overrideKind: 'flag',
        rebase: (value) => path.relative(path.join(root, 'svc'), path.resolve(root, value)) || '.'
      }
    )
    expect(merged.raw['working-directory']).toBe('.')
  })
})

describe('precedence', () => {
  it('an input the workflow set overrides the file; an empty one does not', () => {
    write('.github/go-ci-gate.yml', 'race: false\nfail-on: warning\nchecks: modfile,tidy\n')
    const { config, merged } = load({ race: 'true', 'fail-on': '', tags: 'e2e' })
    expect([config.race, config.failOn, config.checks, config.tags]).toEqual([
      true,
      'warning',
      ['modfile', 'tidy'],
      'e2e'
    ])
    expect(merged.sources).toEqual({
      file: '.github/go-ci-gate.yml',
      fromFile: ['checks', 'fail-on'],
      overridden: ['race'],
      overrideKind: 'input',
      values: { checks: 'modfile,tidy', 'fail-on': 'warning', race: 'true' }
    })
  })

  it('an input set to its default value still overrides the file', () => {
    write('.github/go-ci-gate.yml', 'race: false\n')
    expect(load({ race: 'true' }).config.race).toBe(true)
  })

  it('the summary says where each value came from', () => {
    write('.github/go-ci-gate.yml', 'race: false\nfail-on: warning\n')
    const section = configurationSection(load({ race: 'true' }).merged.sources) ?? ''
    expect(section).toContain('<details><summary>Configuration</summary>')
    expect(section).toContain(
      'Read `.github/go-ci-gate.yml`: 1 value(s) from the file, 1 overridden by inputs.'
    )
    expect(section).toContain('| `fail-on` | warning | `.github/go-ci-gate.yml` |')
    expect(section).toContain('| `race` | true | input (over the file) |')
  })

  it('the summary redacts credentials in a proxy URL', () => {
    write('.github/go-ci-gate.yml', 'goproxy: https://user:hunter2@proxy.example.com\n')
    const section = configurationSection(load().merged.sources) ?? ''
    expect(section).not.toContain('hunter2')
    expect(section).toContain('`goproxy`')
  })
})

describe('errors: one line naming the file, the line and the key', () => {
  const file = '.github/go-ci-gate.yml'
  const cases: Array<[string, string, string]> = [
    [
      'a wrong YAML type',
      'fail-on: error\n\n# why not\nrace: "sometimes"\n',
      `${file}:4: race: "sometimes" is not a boolean; use true or false`
    ],
    [
      'a value the schema refuses',
      'race: true\nfail-on: fatal\n',
      `${file}:2: fail-on: "fatal" is not allowed; use error or warning`
    ],
    [
      'a refused item of a list',
      'build-targets: [linux/arm64, plan9]\n',
      `${file}:1: build-targets: "plan9" is not a GOOS/GOARCH pair; use e.g. linux/arm64,windows/amd64 (go tool dist list names them all)`
    ],
    [
      'an unknown key',
      'race: true\nrase: false\n',
      `${file}:2: "rase" is not an input of go-ci-gate; did you mean race? (the keys are the action’s inputs: README, Inputs)`
    ],
    [
      'an unknown key nothing is near',
      'colour: blue\n',
      `${file}:1: "colour" is not an input of go-ci-gate (the keys are the action’s inputs: README, Inputs)`
    ],
    [
      'a per-job key',
      'race: true\nmode: shard\n',
      `${file}:2: mode: not allowed in the file: it differs between the jobs of a sharded run; give it as the step’s input`
    ],
    [
      'the token',
      'github-token: abc\n',
      `${file}:1: github-token: not allowed in the file: a token has no place in a committed file; the action uses the job’s token (input github-token)`
    ],
    [
      'a list where one value goes',
      'fail-on: [error, warning]\n',
      `${file}:1: fail-on: a list is not allowed; give one value, e.g. a string or a number`
    ],
    [
      'a boolean where text goes',
      'timeout: true\n',
      `${file}:1: timeout: "true" is not allowed; give one value, e.g. a string or a number`
    ],
    [
      'a string where a whole number goes',
      'rerun-failed: twice\n',
      `${file}:1: rerun-failed: "twice" is not a whole number; use e.g. 2`
    ],
    [
      'an empty value',
      'race:\n',
      `${file}:1: race: an empty value is not a boolean; use true or false`
    ],
    [
      'a mapping in a list',
      'checks:\n  - tidy\n  - {a: b}\n',
      `${file}:1: checks: a mapping in the list is not allowed; list strings`
    ],
    ['a YAML syntax error', 'race: true\nchecks: [tidy\n', `${file}:3: not valid YAML:`],
    [
      'a duplicate key',
      'race: true\nrace: false\n',
      `${file}:2: not valid YAML: Map keys must be unique`
    ],
    [
      'a file that is not a mapping',
      '- race\n',
      `${file}:1: the file must be a mapping of input names to values, e.g. race: true`
    ]
  ]
  it.each(cases)('%s', (_, text, expected) => {
    write(file, text)
    const message = errorOf()
    expect(message.startsWith(expected)).toBe(true)
    expect(message).not.toContain('\n')
    if (!expected.endsWith(':')) expect(message).toBe(expected)
  })

  it('a value the input overrides is not judged', () => {
    write(file, 'fail-on: fatal\n')
    expect(load({ 'fail-on': 'warning' }).config.failOn).toBe('warning')
  })

  it('an input’s own mistake is still named as the input', () => {
    write(file, 'race: false\n')
    expect(errorOf({ 'fail-on': 'fatal' })).toBe(
      'input "fail-on": "fatal" is not allowed; use error or warning'
    )
  })
})

describe('the README’s example file', () => {
  it('loads and validates as it stands', () => {
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8')
    const example = /```yaml\n(# yaml-language-server: [^\n]*\n[\s\S]*?)```/.exec(readme)?.[1]
    expect(example).toContain('$schema=')
    write('.github/go-ci-gate.yml', example ?? '')
    const { config, merged } = load()
    expect(merged.sources?.fromFile.length).toBeGreaterThan(5)
    expect(config.failOn).toBe('warning')
  })
})

describe('schema/config.schema.json', () => {
  const actionYml = parseYaml(fs.readFileSync(path.join(repo, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { description: string }>
  }
  const schemaFile = path.join(repo, 'schema', 'config.schema.json')

  function valueSchema(kind: ValueKind): Record<string, unknown> {
    switch (kind.kind) {
      case 'text':
        return { type: ['string', 'number'] }
      case 'boolean':
        return kind.orText === undefined
          ? { type: 'boolean' }
          : { anyOf: [{ type: 'boolean' }, { const: kind.orText }] }
      case 'count':
        return { type: 'integer', minimum: 0 }
      case 'list': {
        const item =
          kind.join === 'lines'
            ? { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }
            : { type: ['string', 'number'] }
        return { anyOf: [{ type: 'string' }, { type: 'array', items: item }] }
      }
    }
  }

  /** What the published schema must be: every key the file takes, as action.yml describes it. */
  function expectedSchema(): unknown {
    const properties: Record<string, unknown> = {}
    for (const name of INPUT_NAMES) {
      const kind = FILE_KINDS[name]
      if (kind === undefined) continue
      const description = actionYml.inputs[name]?.description.trim() ?? ''
      properties[name] = { description, ...valueSchema(kind) }
    }
    return {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'go-ci-gate configuration',
      description:
        'The repository file .github/go-ci-gate.yml (or go-ci-gate.yml): any input of the go-ci-gate action by its name. Inputs and flags override it. See the README, Configuration file.',
      type: ['object', 'null'],
      additionalProperties: false,
      properties
    }
  }

  it('every input is either a key of the file or refused in it with a reason', () => {
    for (const name of INPUT_NAMES) {
      expect([name, FILE_KINDS[name] !== undefined]).toEqual([
        name,
        PER_JOB_KEYS[name] === undefined
      ])
    }
  })

  it('is generated from action.yml and the file’s kinds (UPDATE_CONFIG_SCHEMA=1 rewrites it)', () => {
    // Rewritten, it wants `npx prettier --write schema/config.schema.json`.
    if (process.env.UPDATE_CONFIG_SCHEMA === '1') {
      fs.writeFileSync(schemaFile, `${JSON.stringify(expectedSchema(), null, 2)}\n`)
    }
    expect(JSON.parse(fs.readFileSync(schemaFile, 'utf8'))).toEqual(expectedSchema())
  })

  it('names exactly the inputs the file takes, and no other key', () => {
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as {
      additionalProperties: boolean
      properties: Record<string, { description: string }>
    }
    expect(schema.additionalProperties).toBe(false)
    expect(Object.keys(schema.properties)).toEqual(
      INPUT_NAMES.filter((name) => PER_JOB_KEYS[name] === undefined)
    )
    for (const [name, property] of Object.entries(schema.properties)) {
      expect([name, property.description.length > 0]).toEqual([name, true])
    }
  })
})
