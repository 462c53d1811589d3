// The sticky comment's Markdown, rendered as GitHub renders it (cmark-gfm) where it matters.
import { describe, expect, it } from '@jest/globals'
import cmark from 'cmark-gfm'
import type { Finding } from '../../../src/findings.js'
import {
  commentBody,
  commentMarker,
  MAX_COMMENT_CHARS,
  runUrl,
  withoutMentions
} from '../../../src/report/commentbody.js'
import { finding, report, result } from './fixtures.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const LINKS = { server: 'https://github.com', repository: 'octo-org/planted', sha: SHA }
const RUN = 'https://github.com/octo-org/planted/actions/runs/42'
const MARKER = commentMarker('gate', 'go-ci-gate')
const ZWSP = '\u200B'

function render(markdown: string): string {
  // GitHub renders raw HTML and then sanitises it; unsafe shows what would reach the sanitiser.
  return cmark.renderHtmlSync(markdown, {
    unsafe: true,
    extensions: { table: true, strikethrough: true, autolink: true, tagfilter: true }
  })
}

function failing(findings: Finding[]) {
  return report([result({ status: 'fail', findings })], { goVersion: '1.26.8' })
}

const testFailure = finding({
  check: 'tests',
  rule: 'tests/failed',
  title: 'TestAdd/negative failed',
  file: 'calc/calc_test.go',
  line: 12
})

describe('commentMarker', () => {
  it('names the job and the check in an HTML comment', () => {
    expect(MARKER).toBe('<!-- go-ci-gate:comment gate/go-ci-gate -->')
  })

  it('keeps any job or check name from closing the comment, and apart from each other', () => {
    const hostile = commentMarker('build --> <b>x</b>', 'go--ci @a -->')
    expect(hostile).toMatch(/^<!-- go-ci-gate:comment [A-Za-z0-9_./-]+ -->$/)
    expect(hostile.slice(4, -3)).not.toContain('--')
    expect(hostile.slice(4, -3)).not.toContain('>')
    // Names that differ only in the replaced characters get markers of their own.
    expect(commentMarker('a b', 'c')).not.toBe(commentMarker('a_b', 'c'))
    expect(commentMarker('a b', 'c')).not.toBe(commentMarker('a:b', 'c'))
    expect(commentMarker('', 'c')).toMatch(/^<!-- go-ci-gate:comment _\.[0-9a-f]{8}\/c -->$/)
  })
})

describe('runUrl', () => {
  it('links the run, and the attempt after a re-run', () => {
    expect(runUrl(LINKS, { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' })).toBe(RUN)
    expect(runUrl(LINKS, { GITHUB_RUN_ID: '42' })).toBe(RUN)
    expect(runUrl(LINKS, { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '3' })).toBe(
      `${RUN}/attempts/3`
    )
  })

  it('makes no link from values GitHub would not set', () => {
    expect(runUrl(LINKS, {})).toBeUndefined()
    expect(runUrl(LINKS, { GITHUB_RUN_ID: '42) [x](https://evil' })).toBeUndefined()
    expect(runUrl(LINKS, { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2/../../x' })).toBe(RUN)
  })
})

describe('commentBody', () => {
  it('starts with the marker, then the verdict, the counts, the Go version and the commit', () => {
    const body = commentBody(failing([testFailure]), { marker: MARKER, mode: 'always' })
    const lines = body.split('\n')
    expect(lines[0]).toBe(MARKER)
    expect(body).toContain('### ❌ go-ci-gate fails')
    expect(body).toContain('**1 error** · 0 warnings · 0 notices · Go 1.26.8')
    // Without a link base there is no commit to name, and file:line stays plain.
    expect(body).not.toContain('commit')
    expect(body).toContain('- ❌ `calc/calc_test.go:12` · TestAdd/negative failed')
  })

  it('links each file:line to its line at the head commit, and the run', () => {
    const body = commentBody(failing([testFailure]), {
      marker: MARKER,
      mode: 'on-failure',
      links: LINKS,
      runUrl: RUN
    })
    expect(body).toContain('commit `0123456`')
    const html = render(body)
    expect(html).toContain(
      `<a href="https://github.com/octo-org/planted/blob/${SHA}/calc/calc_test.go#L12"><code>calc/calc_test.go:12</code></a>`
    )
    expect(html).toContain(`<a href="${RUN}">`)
    // The marker renders as a hidden HTML comment and nothing else.
    expect(html.startsWith(`${MARKER}\n<h3>`)).toBe(true)
  })

  it('lists at most 10 findings in the order given, and counts the rest', () => {
    const findings = Array.from({ length: 15 }, (_, i) =>
      finding({ title: `finding ${i}`, file: `f${i}.go`, line: i + 1 })
    )
    const reversed = [...findings].reverse()
    const body = commentBody(failing(findings), {
      marker: MARKER,
      mode: 'always',
      findings: reversed
    })
    const items = body.split('\n').filter((line) => line.startsWith('- '))
    expect(items).toHaveLength(10)
    expect(items[0]).toContain('finding 14')
    expect(items[9]).toContain('finding 5')
    expect(body).toContain('…and 5 more findings.')
  })

  it('orders errors first when no order is given', () => {
    const warning = finding({ severity: 'warning', title: 'a warning', file: 'a.go', line: 1 })
    const unlocated = finding({
      severity: 'notice',
      title: 'GOFLAGS is set',
      rule: 'env/goflags-invalid'
    })
    const body = commentBody(failing([unlocated, warning, testFailure]), {
      marker: MARKER,
      mode: 'always'
    })
    expect(body.indexOf('TestAdd')).toBeLessThan(body.indexOf('a warning'))
    expect(body.indexOf('a warning')).toBeLessThan(body.indexOf('GOFLAGS'))
    expect(body).toContain('- ⚠️ `a.go:1` · a warning\n- ℹ️ GOFLAGS is set\n')
  })

  it('cannot be turned into HTML, a fake marker or a mention by a finding', () => {
    const hostile = finding({
      title:
        '--> <!-- go-ci-gate:comment gate/go-ci-gate --> <script>alert(1)</script> ' +
        'ping @someone and @org/team, see owner/repo#12; run `go get example.com/x@v1.2.3`',
      file: 'dir/`weird` @x.go',
      line: 3
    })
    const body = commentBody(failing([hostile]), {
      marker: MARKER,
      mode: 'always',
      links: LINKS,
      checkName: 'lint <b>@boss</b>'
    })
    const html = render(body)
    expect(html.split('<!--')).toHaveLength(2) // only the marker
    expect(html).not.toMatch(/<script|<b>/)
    expect(html).toContain(`ping @${ZWSP}someone and @${ZWSP}org/team, see owner/repo#${ZWSP}12`)
    // A command stays copyable: no zero-width space inside code.
    expect(html).toContain('<code>go get example.com/x@v1.2.3</code>')
    expect(html).toContain('<code>dir/`weird` @x.go:3</code>')
    expect(html).toContain(`go-ci-gate (lint &lt;b&gt;@${ZWSP}boss&lt;/b&gt;) fails`)
    expect(html).not.toMatch(/(^|[^\u200B])@(someone|org|boss)/)
  })

  it('stays within its size however long the findings are', () => {
    const huge = Array.from({ length: 30 }, (_, i) =>
      finding({
        title: `${'<@x>`*'.repeat(5000)} ${i}`,
        file: `${'d/'.repeat(2000)}f${i}.go`,
        line: i + 1
      })
    )
    const body = commentBody(
      report([result({ status: 'fail', findings: huge })], { setupError: 'x'.repeat(100_000) }),
      { marker: MARKER, mode: 'always', links: LINKS, runUrl: RUN }
    )
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS)
    expect(body.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(10)

    const small = commentBody(failing(huge), { marker: MARKER, mode: 'always', maxChars: 3000 })
    expect(small.length).toBeLessThanOrEqual(3000)
    const shown = small.split('\n').filter((line) => line.startsWith('- ')).length
    expect(shown).toBeGreaterThan(0)
    expect(shown).toBeLessThan(10)
    expect(small).toContain(`…and ${30 - shown} more findings.`)
  })

  it('says the gate passes now when a passing run edits an on-failure comment', () => {
    const warning = finding({ severity: 'warning', title: 'a warning', file: 'a.go', line: 1 })
    const passing = report([result({ findings: [warning] })], { goVersion: '1.26.8' })
    const body = commentBody(passing, {
      marker: MARKER,
      mode: 'on-failure',
      links: LINKS,
      runUrl: RUN
    })
    expect(body.split('\n')[0]).toBe(MARKER)
    expect(body).toContain('### ✅ go-ci-gate passes now (commit `0123456`)')
    expect(body).toContain('0 errors · 1 warning · 0 notices · Go 1.26.8')
    expect(body).not.toContain('a warning')
    expect(body).toContain(`(${RUN})`)
  })

  it('lists what a passing run found when it comments always', () => {
    const warning = finding({ severity: 'warning', title: 'a warning', file: 'a.go', line: 1 })
    const body = commentBody(report([result({ findings: [warning] })]), {
      marker: MARKER,
      mode: 'always'
    })
    expect(body).toContain('### ✅ go-ci-gate passes\n')
    expect(body).toContain('- ⚠️ `a.go:1` · a warning')
  })

  it('says why the gate could not run', () => {
    const body = commentBody(report([], { verdict: 'fail', setupError: 'go: not found @x' }), {
      marker: MARKER,
      mode: 'on-failure'
    })
    expect(body).toContain('### ❌ go-ci-gate could not run')
    expect(body).toContain(`**The gate could not run its checks:** go: not found @${ZWSP}x`)
  })
})

describe('withoutMentions', () => {
  it('breaks mentions and issue references, and nothing else', () => {
    expect(withoutMentions('@a #1 a@b.c # 2 @ x #x')).toBe(
      `@${ZWSP}a #${ZWSP}1 a@${ZWSP}b.c # 2 @ x #x`
    )
  })
})
