// Every workflow this repository shows or runs, checked by actionlint: the README's snippets and
// .github/workflows/. The snippets name the published action; here they use this checkout's
// action.yml (uses: ./), so actionlint also checks every input and output they name against it.
// [network]: actionlint is built once per machine from the module proxy by go install.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { repoRoot } from '../helpers/fixtures.js'

const ACTIONLINT = 'github.com/rhysd/actionlint/cmd/actionlint@v1.7.12'
const PUBLISHED = /go-ci-gate\/go-ci-gate@v\d+/g

/** The ```yaml blocks of a Markdown file, with the line each starts on. */
function yamlBlocks(markdown: string): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```yaml') continue
    // A configuration file's example is no workflow (unit/configfile.test.ts loads it).
    if (lines[i + 1]?.startsWith('# yaml-language-server:') === true) continue
    const start = i + 1
    while (i + 1 < lines.length && lines[i + 1]?.trim() !== '```') i++
    blocks.push({ line: start + 1, text: lines.slice(start, i + 1).join('\n') })
    i++
  }
  return blocks
}

/**
 * A snippet as a workflow: a whole one as it is; a list of steps inside a job that has run the
 * gate as step `gate` first (the snippets read its outputs) and a matrix (one reads matrix.os).
 */
function asWorkflow(snippet: string): string {
  const local = snippet.replace(PUBLISHED, './')
  if (/^jobs:/m.test(local)) return local
  const steps = local
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n')
  const gateStep = /^\s*id: gate\b/m.test(local) ? '' : '      - uses: ./\n        id: gate\n'
  return [
    'name: snippet',
    'on: pull_request',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  gate:',
    '    runs-on: ${{ matrix.os }}',
    '    strategy:',
    '      matrix:',
    '        os: [ubuntu-latest]',
    '    steps:',
    '      - uses: actions/checkout@v5',
    gateStep + steps,
    ''
  ].join('\n')
}

const offline = process.env.GO_CI_GATE_OFFLINE === '1'
;(offline ? describe.skip : describe)('workflows, checked by actionlint [network]', () => {
  let actionlint: string
  let dir: string

  beforeAll(() => {
    const bin = path.join(os.tmpdir(), 'go-ci-gate-test-actionlint-v1.7.12')
    actionlint = path.join(bin, 'actionlint')
    if (!fs.existsSync(actionlint)) {
      execFileSync('go', ['install', ACTIONLINT], {
        cwd: os.tmpdir(),
        env: { ...process.env, GOBIN: bin, GOFLAGS: '', GOWORK: 'off' },
        stdio: ['ignore', 'ignore', 'pipe']
      })
    }
    // A repository of its own (actionlint finds local actions from the git root) holding this
    // checkout's action: action.yml and the dist/ files its runs section names.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcg-actionlint-'))
    execFileSync('git', ['init', '-q'], { cwd: dir })
    fs.mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true })
    fs.copyFileSync(path.join(repoRoot, 'action.yml'), path.join(dir, 'action.yml'))
    fs.cpSync(path.join(repoRoot, 'dist'), path.join(dir, 'dist'), { recursive: true })
  }, 600_000)
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  /** actionlint's complaints about one workflow, as it prints them (empty: none). */
  function lint(name: string, workflow: string): string {
    const file = path.join(dir, '.github', 'workflows', name)
    fs.writeFileSync(file, workflow)
    const result = spawnSync(actionlint, ['-no-color', '-oneline', file], {
      cwd: dir,
      encoding: 'utf8'
    })
    fs.rmSync(file)
    if (result.error) throw result.error
    return `${result.stdout}${result.stderr}`.trim()
  }

  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
  const blocks = yamlBlocks(readme)

  it('finds the README’s workflow snippets', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4)
  })

  it.each(blocks.map((b) => [b.line, b.text] as const))(
    'README.md line %i: no complaint',
    (line, text) => {
      expect(lint(`readme-${line}.yml`, asWorkflow(text))).toBe('')
    }
  )

  it.each(fs.readdirSync(path.join(repoRoot, '.github', 'workflows')))(
    '.github/workflows/%s: no complaint',
    (name) => {
      const text = fs.readFileSync(path.join(repoRoot, '.github', 'workflows', name), 'utf8')
      expect(lint(name, text)).toBe('')
    }
  )

  it('holds a snippet to action.yml: an input or output it does not declare is a complaint', () => {
    const bad = asWorkflow(
      '- uses: go-ci-gate/go-ci-gate@v0\n  id: gate\n  with:\n    no-such-input: x\n' +
        '- run: echo "${{ steps.gate.outputs.no-such-output }}"'
    )
    const said = lint('bad.yml', bad)
    expect(said).toContain('no-such-input')
    expect(said).toContain('no-such-output')
  })
})
