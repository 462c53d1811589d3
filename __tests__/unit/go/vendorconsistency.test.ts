// The parser of `go: inconsistent vendoring` on what go 1.26.8 printed (stderr of
// `go list -mod=vendor -e -f {{.ImportPath}} ./...`, exit 1 unless noted) for drift planted in
// copies of __fixtures__/go/vendor-module and vendor-workspace; the directory is where it ran.
import fc from 'fast-check'
import { describe, expect, it } from '@jest/globals'
import { parseVendorConsistency } from '../../../src/go/vendorconsistency.js'

const ADVICE_MOD =
  '\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor\n'
const ADVICE_WORK = ADVICE_MOD.replace('go mod vendor', 'go work vendor')

/** `## explicit` removed from vendor/modules.txt. */
const EXPLICIT_DROPPED =
  'go: inconsistent vendoring in /tmp/vx/m:\n' +
  '\tgithub.com/google/uuid@v1.6.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\n' +
  ADVICE_MOD

/** go.mod moved to v1.5.0, vendor/ still v1.6.0. */
const VERSION_MOVED =
  'go: inconsistent vendoring in /tmp/vx/b:\n' +
  '\tgithub.com/google/uuid@v1.5.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\n' +
  '\tgithub.com/google/uuid@v1.6.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod\n' +
  ADVICE_MOD

/** A `replace github.com/google/uuid => github.com/google/uuid v1.5.0` added to go.mod. */
const REPLACE_ADDED =
  'go: inconsistent vendoring in /tmp/vx/u:\n' +
  '\tgithub.com/google/uuid: is replaced in go.mod, but not marked as replaced in vendor/modules.txt\n' +
  ADVICE_MOD

/** The replace removed from go.mod again after vendoring with it. */
const REPLACE_REMOVED =
  'go: inconsistent vendoring in /tmp/vx/u:\n' +
  '\tgithub.com/google/uuid@v1.6.0: is marked as replaced in vendor/modules.txt, but not replaced in go.mod\n' +
  '\tgithub.com/google/uuid: is marked as replaced in vendor/modules.txt, but not replaced in go.mod\n' +
  ADVICE_MOD

/** The replace changed to v1.4.0 after vendoring with v1.5.0. */
const REPLACE_CHANGED =
  'go: inconsistent vendoring in /tmp/vx/u:\n' +
  '\tgithub.com/google/uuid: is replaced by github.com/google/uuid@v1.4.0 in go.mod, but marked as replaced by github.com/google/uuid@v1.5.0 in vendor/modules.txt\n' +
  ADVICE_MOD

/** `## explicit; go 1.99` written into vendor/modules.txt. */
const GO_TOO_NEW =
  'go: github.com/google/uuid in vendor/modules.txt requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)\n'

/** Workspace: `## explicit` removed; a/go.mod and b/go.mod both require the module. */
const WORKSPACE_EXPLICIT_DROPPED =
  'go: downloading github.com/pkg/errors v0.9.1\n' +
  'go: inconsistent vendoring in /tmp/vx/ws:\n' +
  '\tgithub.com/pkg/errors@v0.9.1: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\n' +
  '\tgithub.com/pkg/errors@v0.9.1: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\n' +
  ADVICE_WORK

/** Workspace: a replace added to b/go.mod. */
const WORKSPACE_REPLACE_IN_MODULE =
  'go: inconsistent vendoring in /tmp/vx/ws:\n' +
  '\tgithub.com/pkg/errors: is replaced in b/go.mod, but not marked as replaced in vendor/modules.txt\n' +
  ADVICE_WORK

/** Workspace: an explicit module entry no go.mod requires. */
const WORKSPACE_EXTRA =
  'go: inconsistent vendoring in /tmp/vx/ws:\n' +
  '\tgithub.com/google/uuid@v1.6.0: is marked as explicit in vendor/modules.txt, but not explicitly required in a go.mod\n' +
  ADVICE_WORK

/** A package directory copied under vendor/ with no modules.txt line (go 1.24 module; exit 0). */
const UNLISTED =
  'go: ignoring package github.com/pkg/errors which exists in the vendor directory but is missing from vendor/modules.txt. To sync the vendor directory run go mod vendor.\n'

describe('parseVendorConsistency', () => {
  it('reads a missing `## explicit` marker as required-not-explicit, with go advice', () => {
    expect(parseVendorConsistency(EXPLICIT_DROPPED)).toEqual({
      dir: '/tmp/vx/m',
      fixCommand: 'go mod vendor',
      problems: [
        {
          kind: 'required-not-explicit',
          path: 'github.com/google/uuid',
          version: 'v1.6.0',
          text: 'github.com/google/uuid@v1.6.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt'
        }
      ]
    })
  })

  it('reads both sides of a version moved in go.mod', () => {
    const report = parseVendorConsistency(VERSION_MOVED)
    expect(report.problems.map((p) => [p.kind, p.path, p.version])).toEqual([
      ['required-not-explicit', 'github.com/google/uuid', 'v1.5.0'],
      ['explicit-not-required', 'github.com/google/uuid', 'v1.6.0']
    ])
  })

  it('reads replacements go.mod and vendor/modules.txt disagree on', () => {
    expect(parseVendorConsistency(REPLACE_ADDED).problems).toEqual([
      {
        kind: 'replaced-not-marked',
        path: 'github.com/google/uuid',
        source: 'go.mod',
        text: 'github.com/google/uuid: is replaced in go.mod, but not marked as replaced in vendor/modules.txt'
      }
    ])
    expect(
      parseVendorConsistency(REPLACE_REMOVED).problems.map((p) => [
        p.kind,
        p.path,
        p.version,
        p.source
      ])
    ).toEqual([
      ['marked-replaced-not-replaced', 'github.com/google/uuid', 'v1.6.0', 'go.mod'],
      ['marked-replaced-not-replaced', 'github.com/google/uuid', undefined, 'go.mod']
    ])
    expect(parseVendorConsistency(REPLACE_CHANGED).problems).toEqual([
      expect.objectContaining({
        kind: 'replacement-differs',
        path: 'github.com/google/uuid',
        replacement: 'github.com/google/uuid@v1.4.0',
        source: 'go.mod',
        vendoredReplacement: 'github.com/google/uuid@v1.5.0'
      })
    ])
  })

  it('reads a `## go` line newer than the running go', () => {
    expect(parseVendorConsistency(GO_TOO_NEW)).toEqual({
      problems: [
        {
          kind: 'go-too-new',
          path: 'github.com/google/uuid',
          other: '1.99',
          running: '1.26.8',
          text: GO_TOO_NEW.trim()
        }
      ]
    })
  })

  it('keeps one problem per go.mod in workspace mode, and the go work vendor advice', () => {
    const report = parseVendorConsistency(WORKSPACE_EXPLICIT_DROPPED)
    expect(report.fixCommand).toBe('go work vendor')
    expect(report.dir).toBe('/tmp/vx/ws')
    expect(report.problems.map((p) => `${p.kind} ${p.path}@${p.version}`)).toEqual([
      'required-not-explicit github.com/pkg/errors@v0.9.1',
      'required-not-explicit github.com/pkg/errors@v0.9.1'
    ])
    expect(parseVendorConsistency(WORKSPACE_REPLACE_IN_MODULE).problems[0]).toMatchObject({
      kind: 'replaced-not-marked',
      source: 'b/go.mod'
    })
    expect(parseVendorConsistency(WORKSPACE_EXTRA).problems[0]).toMatchObject({
      kind: 'explicit-not-required',
      path: 'github.com/google/uuid',
      version: 'v1.6.0'
    })
  })

  it('reads a vendored package missing from modules.txt', () => {
    expect(parseVendorConsistency(UNLISTED).problems).toEqual([
      expect.objectContaining({ kind: 'unlisted-package', path: 'github.com/pkg/errors' })
    ])
  })

  it('keeps an unknown line of the block as other, and ignores everything outside it', () => {
    const text =
      'go: downloading example.com/x v1.0.0\n' +
      'go: inconsistent vendoring in /w:\n' +
      '\texample.com/x@v1.0.0: is frobnicated in vendor/modules.txt\n' +
      ADVICE_MOD +
      'go: something else entirely\n\tindented but not ours\n'
    expect(parseVendorConsistency(text).problems).toEqual([
      {
        kind: 'other',
        path: 'example.com/x',
        version: 'v1.0.0',
        text: 'example.com/x@v1.0.0: is frobnicated in vendor/modules.txt'
      }
    ])
  })

  it('finds nothing in a consistent run or in other errors', () => {
    expect(parseVendorConsistency('')).toEqual({ problems: [] })
    expect(
      parseVendorConsistency('go: updates to go.mod needed; to update it:\n\tgo mod tidy\n')
        .problems
    ).toEqual([])
  })

  // Reproducer from bench/fuzz.mjs: every @ of a long word was tried as the start of a version,
  // each with a scan to the word's end (9 KB of @ took 1.5 s, 1 MiB hours).
  it('reads a line with 1 MiB of @ in a word', () => {
    const at = '@'.repeat(1 << 20)
    const report = parseVendorConsistency(
      `go: inconsistent vendoring in /w:\n\tgolang.org/x/sync@v${at}: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\n\tgolang.org/x/sync@v${at}\n`
    )
    expect(report.problems.map((p) => [p.kind, p.path, p.version?.length])).toEqual([
      ['required-not-explicit', 'golang.org/x/sync', at.length + 1],
      ['other', '', undefined]
    ])
  })

  it('never throws, and every problem keeps the text it came from', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom(...EXPLICIT_DROPPED.split('\n')))),
        (lines) => {
          const text = lines.join('\n')
          for (const p of parseVendorConsistency(text).problems) expect(text).toContain(p.text)
        }
      )
    )
  })
})
