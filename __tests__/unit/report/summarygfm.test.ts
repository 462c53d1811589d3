// The job summary as GitHub shows it: rendered by cmark-gfm, GitHub's own Markdown parser.
import { describe, expect, it } from '@jest/globals'
import cmark from 'cmark-gfm'
import fc from 'fast-check'
import type { Finding, Report } from '../../../src/findings.js'
import { renderFinding } from '../../../src/report/markdown.js'
import { lineLinks } from '../../../src/report/links.js'
import { renderSummary } from '../../../src/report/summary.js'
import { changeSet, finding, report, result, testsFindings, testsReport } from './fixtures.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const LINKS = { server: 'https://github.com', repository: 'octo-org/planted', sha: SHA }
const SKIPPED = 'skipped tools: go.sum is missing (modfile)'

/** A failing pull request: a toolchain line, a missing go.sum, untidy go.mod, failed tests, caches. */
function realistic(): Report {
  const toolchain = finding({
    check: 'toolchain',
    rule: 'toolchain/go-too-old',
    title: 'go.mod requires go 1.99.0, newer than the Go running (go1.26.8)',
    message: 'go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)',
    file: 'go.mod',
    line: 3,
    fix: 'set `go 1.26.8` in go.mod, or install Go 1.99.0 with `actions/setup-go`'
  })
  const goSum = finding({
    file: 'tools/go.mod',
    line: 1,
    fix: 'run `go mod tidy` in tools and commit tools/go.sum'
  })
  const untidy: Finding = finding({
    check: 'tidy',
    rule: 'tidy/untidy',
    title: 'go.mod is not tidy',
    message: '-\tgithub.com/old/dep v1.0.0\n+\tgithub.com/new/dep v1.2.0',
    file: 'go.mod',
    line: 7,
    endLine: 9,
    fix: 'run `go mod tidy` and commit go.mod and go.sum'
  })
  const env = finding({
    check: 'env',
    rule: 'env/gosumdb-off',
    severity: 'warning',
    title: 'GOSUMDB=off: checksums are not verified',
    message: 'GOSUMDB is off, so go accepts any module content',
    fix: 'remove `GOSUMDB=off` from the workflow'
  })
  const values = Object.fromEntries(
    [
      'GOVERSION',
      'GOOS',
      'GOARCH',
      'GOPROXY',
      'GOSUMDB',
      'GOFLAGS',
      'GOTOOLCHAIN',
      'GO111MODULE',
      'GONOSUMDB',
      'GOPRIVATE'
    ].map((name) => [name, name === 'GOVERSION' ? 'go1.26.8' : `value of ${name}`])
  )
  return report(
    [
      result({ check: 'toolchain', status: 'fail', summary: 'go 1.26.8', findings: [toolchain] }),
      result({ check: 'env', summary: '5 pinned', findings: [env] }),
      result({
        check: 'modfile',
        status: 'fail',
        summary: 'tools: go.sum missing',
        findings: [goSum]
      }),
      result({ check: 'download', summary: `1 module downloaded; ${SKIPPED}` }),
      result({ check: 'verify', summary: `1 module verified; ${SKIPPED}` }),
      result({ check: 'tidy', status: 'fail', summary: SKIPPED, findings: [untidy] }),
      result({ check: 'vendor', status: 'skipped', summary: `skipped: no vendor/; ${SKIPPED}` }),
      result({ check: 'tests', status: 'fail', summary: '3 failed', findings: testsFindings() })
    ],
    {
      verdict: 'fail',
      goVersion: '1.26.8',
      environment: { hash: 'f00dfeed', values },
      tests: testsReport(),
      cache: [
        {
          name: 'module',
          path: '/home/runner/go/pkg/mod',
          key: 'go-ci-gate-mod-Linux-X64-0123',
          restore: 'exact',
          files: 12,
          bytes: 4096
        }
      ]
    }
  )
}

function render(markdown: string): string {
  // GitHub renders raw HTML (<details>) and then sanitises it; unsafe keeps the HTML here.
  return cmark.renderHtmlSync(markdown, {
    unsafe: true,
    extensions: {
      table: true,
      strikethrough: true,
      autolink: true,
      tagfilter: true,
      tasklist: true
    }
  })
}

const headings = (html: string): string[] =>
  [...html.matchAll(/<h([1-6])>([\s\S]*?)<\/h\1>/g)].map((m) => `h${m[1]} ${m[2]}`)

describe('the job summary rendered by cmark-gfm', () => {
  const markdown = renderSummary(realistic(), { links: LINKS, hiddenAnnotations: 2 })
  const html = render(markdown)

  it('reads top-down: the verdict, the findings, the tests, the checks', () => {
    const order = headings(html)
    expect(order[0]).toBe('h2 ❌ go-ci-gate: fail')
    expect(order[1]).toBe('h3 Findings')
    const top = order.filter((h) => h.startsWith('h3 '))
    expect(top).toEqual(['h3 Findings', 'h3 Tests', 'h3 Checks'])
    // Nothing but the verdict's own lines comes before the findings.
    const beforeFindings = html.slice(html.indexOf('</h2>'), html.indexOf('<h3>Findings'))
    expect(beforeFindings).not.toMatch(/<table>|<details>|<h[1-6]>/)
  })

  it('folds the environment and the caches into <details>, after the checks', () => {
    const checks = html.indexOf('<h3>Checks</h3>')
    const env = /<details><summary>Environment<\/summary>\n([\s\S]*?)<\/details>/.exec(html)
    const caches = /<details><summary>Caches<\/summary>\n([\s\S]*?)<\/details>/.exec(html)
    expect(env?.[1]).toContain('<p>Fingerprint: <code>f00dfeed</code></p>')
    expect(env?.[1]).toContain('<td>GOVERSION</td>')
    expect(env?.[1]?.match(/<tr>/g)).toHaveLength(11)
    expect(caches?.[1]).toContain('<code>go-ci-gate-mod-Linux-X64-0123</code>')
    expect(env?.index).toBeGreaterThan(checks)
    expect(caches?.index).toBeGreaterThan(env?.index ?? Infinity)
  })

  it('shows code in fixes as code, never a literal backslash-backtick', () => {
    expect(markdown).not.toContain('\\`')
    expect(html).not.toContain('\\`')
    // Outside code, no backtick is left to show.
    const text = html.replace(/<pre[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '')
    expect(text).not.toContain('`')
    expect(html).toContain(
      '<strong>Fix:</strong> set <code>go 1.26.8</code> in go.mod, or install Go 1.99.0 with <code>actions/setup-go</code>'
    )
  })

  it('links every file:line to that line at the head commit', () => {
    const blob = `https://github.com/octo-org/planted/blob/${SHA}`
    for (const [text, url] of [
      ['go.mod:3', `${blob}/go.mod#L3`],
      ['go.mod:7', `${blob}/go.mod#L7-L9`],
      ['tools/go.mod:1', `${blob}/tools/go.mod#L1`],
      ['calc/calc_test.go:12', `${blob}/calc/calc_test.go#L12`],
      ['parse/parse_test.go:7:9', `${blob}/parse/parse_test.go#L7`],
      ['counter/counter.go:12', `${blob}/counter/counter.go#L12`],
      ['lock/lock_test.go:9', `${blob}/lock/lock_test.go#L9`]
    ]) {
      expect(html).toContain(`<a href="${url}"><code>${text}</code></a>`)
    }
    // Every location shown in code is a link: none is left as plain code.
    const plain = [...html.matchAll(/(?<!<a href="[^"]*">)<code>([\w./-]+:\d+(?::\d+)?)<\/code>/g)]
    expect(plain.map((m) => m[1])).toEqual([])
  })

  it('says a skip reason the checks share once, under the verdict', () => {
    const text = html.replace(/<[^>]+>/g, '')
    expect(text.split('go.sum is missing (modfile)')).toHaveLength(2)
    const verdict = html.slice(0, html.indexOf('<h3>Findings'))
    expect(verdict).toContain(
      '⏭️ download, verify, tidy, vendor skipped module <code>tools</code>: go.sum is missing (modfile)'
    )
  })

  it('renders plain file:line without a link base (the command)', () => {
    const plain = render(renderSummary(realistic()))
    expect(plain).not.toContain('<a href')
    expect(plain).toContain('<code>go.mod:3</code>')
    expect(plain).toContain('<code>calc/calc_test.go:12</code>')
  })

  it('keeps any file name inside its link: one <a>, to the encoded path, and no other markup', () => {
    const link = lineLinks(LINKS)
    const blob = `https://github.com/octo-org/planted/blob/${SHA}/`
    const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[/\\]/.test(s))
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 3 }), (segments) => {
        const file = segments.join('/')
        const html = render(
          renderFinding(finding({ file, line: 4, title: 't', message: 'm' }), link)
        )
        const anchors = [...html.matchAll(/<a href="([^"]*)">/g)].map((m) => m[1])
        if (link?.({ file, line: 4 }) === undefined) {
          expect(anchors).toEqual([])
          return
        }
        expect(anchors).toHaveLength(1)
        const href = anchors[0] ?? ''
        expect(href.startsWith(blob)).toBe(true)
        expect(href.endsWith('#L4')).toBe(true)
        // The path comes back whole from the href (cmark may re-escape & as &amp;).
        const encoded = href.slice(blob.length, -'#L4'.length).replace(/&amp;/g, '&')
        expect(encoded.split('/').map(decodeURIComponent).join('/')).toBe(
          file.replace(/^(\.\/)+/, '')
        )
        // Nothing from the name became markup: the only elements are the finding's own.
        const tags = [...html.matchAll(/<(\w+)/g)].map((m) => m[1])
        expect(tags.sort()).toEqual(['a', 'code', 'p', 'strong', 'strong'])
      }),
      { numRuns: 300 }
    )
  })
})

describe('the job summary rendered by cmark-gfm, with the changes known', () => {
  const changes = {
    known: true as const,
    set: changeSet(
      { 'go.mod': [{ start: 7, end: 7 }], 'calc/calc_test.go': 'file' },
      'pull request #12'
    )
  }
  const html = render(renderSummary(realistic(), { links: LINKS, changes }))

  it('still heads with the verdict, then the findings, changed lines first', () => {
    const order = headings(html)
    expect(order.slice(0, 5)).toEqual([
      'h2 ❌ go-ci-gate: fail',
      'h3 Findings',
      'h4 On changed lines',
      'h4 In changed files',
      'h4 Elsewhere'
    ])
    const beforeFindings = html.slice(html.indexOf('</h2>'), html.indexOf('<h3>Findings'))
    expect(beforeFindings).not.toMatch(/<table>|<details>|<h[1-6]>/)
    expect(beforeFindings).toContain(
      '<p>📍 5 of 8 findings lie outside the changes of pull request #12.</p>'
    )
    // The first finding is the untidy go.mod, whose range starts on the changed line 7.
    const first = html.slice(
      html.indexOf('<h4>On changed lines</h4>'),
      html.indexOf('<h4>In changed')
    )
    expect(first).toContain(
      `<a href="https://github.com/octo-org/planted/blob/${SHA}/go.mod#L7-L9">`
    )
    expect(first).toContain('<strong>error</strong> · tidy · ')
  })
})
