// modfile against the fixtures with the real go, in real git checkouts.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { modfileCheck } from '../../src/checks/modfile.js'
import type { CheckOutcome } from '../../src/checks/types.js'
import type { RawInputs } from '../../src/config.js'
import type { CheckFinding } from '../../src/findings.js'
import { runCheck } from '../../src/runcheck.js'
import { contextFor, fixtureRepo, type FixtureRepo, brief, lineOf } from '../helpers/fixtures.js'

// Each test spawns go a handful of times.
jest.setTimeout(60_000)

const repos: FixtureRepo[] = []
afterEach(() => {
  while (repos.length > 0) repos.pop()?.cleanup()
})

function repo(name: string, options: { untracked?: string[] } = {}): FixtureRepo {
  const r = fixtureRepo(name, options)
  repos.push(r)
  return r
}

async function modfile(root: string, inputs: RawInputs = {}): Promise<CheckOutcome> {
  const context = await contextFor(root, inputs)
  try {
    return await modfileCheck.run(context)
  } finally {
    context.abort()
  }
}

describe('modfile', () => {
  it('is a stage 0 check named modfile with a two-minute limit', () => {
    expect(modfileCheck).toMatchObject({ name: 'modfile', stage: 0, timeoutMs: 120_000 })
  })

  describe('local-replace', () => {
    it('errors on a replace leaving the repository, at its go.mod line', async () => {
      const { root } = repo('local-replace')
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toEqual([
        'go.mod:11 error Local replace of example.com/x points outside the repository'
      ])
      const f = outcome.findings[0] as CheckFinding
      expect(f.line).toBe(lineOf(root, 'go.mod', '=> ../outside'))
      expect(f.rule).toMatch(/^modfile\//)
      expect(f.message).toContain('replace example.com/x => ../outside')
      expect(f.fix).toMatch(/^[^\n]+$/)
      expect(outcome.summary).toBe('2 modules, 2 local replaces')
    })

    it('turns the error into a notice with allow-local-replace', async () => {
      const { root } = repo('local-replace')
      const outcome = await modfile(root, { 'allow-local-replace': 'true' })
      expect(brief(outcome.findings)).toEqual([
        'go.mod:11 notice Local replace of example.com/x points outside the repository'
      ])
      expect(outcome.findings[0]?.message).toContain('allow-local-replace')
    })

    it('errors on a replace into a directory git does not track', async () => {
      const { root } = repo('local-replace', { untracked: ['third_party/y'] })
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toEqual([
        'go.mod:11 error Local replace of example.com/x points outside the repository',
        'go.mod:14 error Local replace of example.com/y points at an uncommitted directory'
      ])
      expect(outcome.findings[1]?.line).toBe(lineOf(root, 'go.mod', '=> ./third_party/y'))
      expect(outcome.findings[1]?.message).toContain('third_party/y is not tracked by git')
    })

    it('errors when only the replacement go.mod is uncommitted', async () => {
      const { root } = repo('local-replace', { untracked: ['third_party/y/go.mod'] })
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toContain(
        'go.mod:14 error Local replace of example.com/y points at an uncommitted module'
      )
    })

    it('errors on a replace into a directory that does not exist', async () => {
      const { root } = repo('local-replace')
      fs.rmSync(path.join(root, 'third_party'), { recursive: true })
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toContain(
        'go.mod:14 error Local replace of example.com/y points at a missing directory'
      )
    })

    it('fails the check through the gate, and passes it when local replaces are allowed', async () => {
      const { root } = repo('local-replace')
      const denied = await contextFor(root)
      const allowed = await contextFor(root, { 'allow-local-replace': 'true' })
      try {
        expect((await runCheck(modfileCheck, denied)).status).toBe('fail')
        expect((await runCheck(modfileCheck, allowed)).status).toBe('pass')
      } finally {
        denied.abort()
        allowed.abort()
      }
    })
  })

  describe('monorepo-replace', () => {
    it('accepts a local replace of a committed sibling module', async () => {
      const { root } = repo('monorepo-replace')
      const outcome = await modfile(root)
      expect(outcome.findings).toEqual([])
      expect(outcome.summary).toBe('2 modules, 1 local replace')
    })

    it('errors at the line go names when a go.mod cannot be read', async () => {
      const { root } = repo('monorepo-replace')
      const file = path.join(root, 'lib', 'go.mod')
      const lines = fs.readFileSync(file, 'utf8').split('\n')
      lines.splice(2, 0, 'foo bar')
      fs.writeFileSync(file, lines.join('\n'))
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toEqual(['lib/go.mod:3 error go cannot read lib/go.mod'])
      expect(outcome.findings[0]?.message).toBe('lib/go.mod:3: unknown directive: foo')
      expect(outcome.findings[0]?.message).not.toContain(root)
    })

    it('checks go.work: missing use directories and workspace replaces, located in go.work', async () => {
      const { root } = repo('monorepo-replace')
      fs.writeFileSync(
        path.join(root, 'go.work'),
        [
          'go 1.24.0',
          '',
          'use (',
          '\t./a',
          '\t./lib',
          '\t./tools',
          ')',
          '',
          'replace example.com/z => ../elsewhere',
          'replace example.com/mono/lib => ./lib',
          ''
        ].join('\n')
      )
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toEqual([
        'go.work:6 error go.work uses a missing directory',
        'go.work:9 error Local replace of example.com/z points outside the repository'
      ])
      expect(outcome.findings[0]?.message).toContain('use ./tools')
      expect(outcome.summary).toBe('2 modules, workspace go.work, 3 local replaces')
    })
  })

  describe('missing-go-sum', () => {
    it('errors on the first require line when go.sum is missing', async () => {
      const { root } = repo('missing-go-sum')
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toEqual(['go.mod:6 error go.sum is missing'])
      expect(outcome.findings[0]?.line).toBe(
        lineOf(root, 'go.mod', 'require github.com/google/uuid')
      )
      expect(outcome.findings[0]?.message).toContain('github.com/google/uuid')
      expect(outcome.findings[0]?.fix).toBe('run `go mod tidy` and commit go.sum')
    })

    it('names the module as blocked: every later go command there stops at "missing go.sum entry"', async () => {
      const { root } = repo('missing-go-sum')
      const outcome = await modfile(root)
      expect(outcome.blocked).toEqual([
        { moduleDirs: ['.'], reason: 'go.sum is missing (modfile)' }
      ])
    })
  })

  describe('version-replace', () => {
    it('notes a replace by another version on its line', async () => {
      const { root } = repo('version-replace')
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toEqual([
        'go.mod:8 notice github.com/google/uuid is replaced by another version'
      ])
      expect(outcome.findings[0]?.line).toBe(
        lineOf(root, 'go.mod', '=> github.com/google/uuid v1.5.0')
      )
      expect(outcome.findings[0]?.message).toContain('github.com/google/uuid v1.5.0')
      expect(outcome.findings[0]?.fix).toBe(
        'require github.com/google/uuid v1.5.0 instead (`go get github.com/google/uuid@v1.5.0`) and drop the replace'
      )
      expect(outcome.summary).toBe('1 module, 1 version replace')
    })

    it('errors when go.sum exists but is not committed', async () => {
      const { root } = repo('version-replace', { untracked: ['go.sum'] })
      expect(fs.existsSync(path.join(root, 'go.sum'))).toBe(true)
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toEqual([
        'go.mod:5 error go.sum is not committed',
        'go.mod:8 notice github.com/google/uuid is replaced by another version'
      ])
      expect(outcome.findings[0]?.line).toBe(
        lineOf(root, 'go.mod', 'require github.com/google/uuid')
      )
      // go.sum is on disk here: the later checks do not fail for it, so they still run.
      expect(outcome.blocked).toBeUndefined()
    })

    it('says nothing about tracking outside a git checkout', async () => {
      const { root } = repo('version-replace', { untracked: ['go.sum'] })
      fs.rmSync(path.join(root, '.git'), { recursive: true, force: true })
      const outcome = await modfile(root)
      expect(brief(outcome.findings)).toEqual([
        'go.mod:8 notice github.com/google/uuid is replaced by another version'
      ])
      expect(outcome.summary).toContain('not a git checkout')
    })
  })
})
