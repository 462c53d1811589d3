import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { PackageTests, TestsReport } from '../../../src/findings.js'
import {
  countTests,
  escapeAttribute,
  escapeText,
  renderJunit,
  writeJunit,
  xmlSafe
} from '../../../src/report/junit.js'
import { finding, testsFindings, testsReport } from './fixtures.js'

// ---------------------------------------------------------------------------------------------
// A small, strict XML 1.0 reader: enough to prove the output well-formed and to read it back.
// It refuses what a conforming parser refuses (characters outside `Char`, a `<` or a bare `&`
// in text or attributes, unknown entities, mismatched or unclosed tags, duplicate attributes,
// anything after the root) and decodes what a conforming parser decodes.

interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  /** The element's own character data, concatenated. */
  text: string
}

const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u
const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y

function parseXml(xml: string): XmlElement {
  const bad = NOT_CHAR.exec(xml)
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16)} is not allowed`)
  let i = 0
  const fail = (what: string): never => {
    throw new Error(`${what} at ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`)
  }
  const skipSpace = (): void => {
    while (/[ \t\r\n]/.test(xml.charAt(i))) i++
  }
  const name = (): string => {
    NAME.lastIndex = i
    const m = NAME.exec(xml)
    if (!m) return fail('expected a name')
    i += m[0].length
    return m[0]
  }
  const decode = (raw: string, inAttribute: boolean): string => {
    if (/<|&(?!(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) fail('bare < or &')
    // A literal tab or newline in an attribute value is normalised to a space.
    const normalised = inAttribute ? raw.replace(/[\t\n\r]/g, ' ') : raw
    return normalised.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, ref: string) => {
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
      if (named[ref] !== undefined) return named[ref]
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      const char = String.fromCodePoint(code)
      if (NOT_CHAR.test(char)) fail('reference to a character XML does not allow')
      return char
    })
  }
  const element = (): XmlElement => {
    if (xml.charAt(i) !== '<') fail('expected <')
    i++
    const node: XmlElement = { name: name(), attributes: {}, children: [], text: '' }
    for (;;) {
      const before = i
      skipSpace()
      if (xml.startsWith('/>', i)) {
        i += 2
        return node
      }
      if (xml.charAt(i) === '>') {
        i++
        break
      }
      if (i === before) fail('expected space before an attribute')
      const attribute = name()
      if (xml.charAt(i) !== '=' || xml.charAt(i + 1) !== '"') fail('expected ="')
      const end = xml.indexOf('"', i + 2)
      if (end < 0) fail('unterminated attribute')
      if (attribute in node.attributes) fail(`duplicate attribute ${attribute}`)
      node.attributes[attribute] = decode(xml.slice(i + 2, end), true)
      i = end + 1
    }
    for (;;) {
      const next = xml.indexOf('<', i)
      if (next < 0) fail(`unclosed <${node.name}>`)
      const raw = xml.slice(i, next)
      if (raw.includes(']]>')) fail(']]> in text')
      node.text += decode(raw, false)
      i = next
      if (xml.startsWith('</', i)) {
        i += 2
        if (name() !== node.name) fail(`mismatched </…> for <${node.name}>`)
        skipSpace()
        if (xml.charAt(i) !== '>') fail('expected >')
        i++
        return node
      }
      node.children.push(element())
    }
  }
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(xml)
  if (declaration) i = declaration[0].length
  skipSpace()
  const root = element()
  skipSpace()
  if (i !== xml.length) fail('content after the root element')
  return root
}

const kids = (node: XmlElement | undefined, name: string): XmlElement[] =>
  node?.children.filter((c) => c.name === name) ?? []
const kid = (node: XmlElement | undefined, name: string): XmlElement | undefined =>
  kids(node, name)[0]

function suites(xml: string): Map<string, XmlElement> {
  return new Map(kids(parseXml(xml), 'testsuite').map((s) => [s.attributes.name ?? '', s]))
}

function testcase(xml: string, suite: string, name: string): XmlElement | undefined {
  return kids(suites(xml).get(suite), 'testcase').find((c) => c.attributes.name === name)
}

function onePackage(pkg: Partial<PackageTests>, overrides: Partial<TestsReport> = {}) {
  return testsReport({
    packages: [
      { package: 'example.com/m', module: '.', dir: '.', status: 'pass', tests: [], ...pkg }
    ],
    ...overrides
  })
}

// ---------------------------------------------------------------------------------------------

describe('the test reader itself', () => {
  it.each([
    ['<a>', /unclosed/],
    ['<a></b>', /mismatched/],
    ['<a x="1" x="2"/>', /duplicate/],
    ['<a>x & y</a>', /bare/],
    ['<a x="<"/>', /bare/],
    ['<a>\u0000</a>', /not allowed/],
    ['<a>&#0;</a>', /reference/],
    ['<a>&nbsp;</a>', /bare/],
    ['<a/><b/>', /after the root/],
    ['<a>]]></a>', /]]>/],
    ['<a>\ud800</a>', /not allowed/]
  ])('refuses %j', (xml, message) => {
    expect(() => parseXml(xml)).toThrow(message)
  })

  it('reads attributes, text and references', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a x="1&#10;2" y="a\nb">t&lt;&#x1F600;<b/>u</a>'
    )
    expect(root.attributes).toEqual({ x: '1\n2', y: 'a b' })
    expect(root.text).toBe('t<😀u')
    expect(root.children.map((c) => c.name)).toEqual(['b'])
  })
})

describe('renderJunit', () => {
  const report = testsReport()
  const xml = renderJunit(report, {
    findings: testsFindings(),
    timestamp: '2025-01-02T03:04:05.678Z'
  })

  it('is well-formed XML with one suite per package and the totals on <testsuites>', () => {
    const root = parseXml(xml)
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true)
    expect(root.name).toBe('testsuites')
    expect(kids(root, 'testsuite').map((s) => s.attributes.name)).toEqual(
      report.packages.map((p) => p.package)
    )
    // 2 util + 4 calc + 1 counter + 0 cmd + 1 [build failed] + 1 lock
    expect(root.attributes).toMatchObject({
      name: 'go test',
      tests: '9',
      failures: '3',
      errors: '2',
      skipped: '1',
      time: '602.200'
    })
    const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 }
    for (const suite of kids(root, 'testsuite')) {
      const cases = kids(suite, 'testcase')
      expect(Number(suite.attributes.tests)).toBe(cases.length)
      expect(Number(suite.attributes.failures)).toBe(cases.filter((c) => kid(c, 'failure')).length)
      expect(Number(suite.attributes.errors)).toBe(cases.filter((c) => kid(c, 'error')).length)
      expect(Number(suite.attributes.skipped)).toBe(cases.filter((c) => kid(c, 'skipped')).length)
      expect(suite.attributes.timestamp).toBe('2025-01-02T03:04:05')
      for (const key of Object.keys(totals) as Array<keyof typeof totals>)
        totals[key] += Number(suite.attributes[key])
    }
    expect(totals).toEqual({ tests: 9, failures: 3, errors: 2, skipped: 1 })
  })

  it('puts classname, time, file and line on every testcase', () => {
    const add = testcase(xml, 'example.com/demo/calc', 'TestAdd/negative')
    expect(add?.attributes).toEqual({
      classname: 'example.com/demo/calc',
      name: 'TestAdd/negative',
      time: '0.000',
      file: 'calc/calc_test.go',
      line: '12'
    })
    expect(testcase(xml, 'example.com/demo/calc', 'TestDiv')?.attributes).toMatchObject({
      time: '1.200',
      file: 'calc/calc_test.go',
      line: '20'
    })
    expect(testcase(xml, 'example.com/demo/calc', 'TestDiv')?.children).toEqual([])
  })

  it('gives a failure its first line as the message and the whole output as the body', () => {
    const failure = kid(testcase(xml, 'example.com/demo/calc', 'TestAdd/negative'), 'failure')
    expect(failure?.attributes).toEqual({
      message: 'calc_test.go:12: Add(-1, -2) = -2, want -3',
      type: 'failure'
    })
    expect(failure?.text).toBe('    calc_test.go:12: Add(-1, -2) = -2, want -3')
    // A parent failing through its subtest is a failure too, named when it has no output.
    expect(kid(testcase(xml, 'example.com/demo/calc', 'TestAdd'), 'failure')?.attributes).toEqual({
      message: 'TestAdd failed',
      type: 'failure'
    })
  })

  it('skips framing lines when it picks the message', () => {
    const race = kid(testcase(xml, 'example.com/demo/counter', 'TestCounter'), 'failure')
    expect(race?.attributes.message).toBe('WARNING: DATA RACE')
  })

  it('marks a skipped test <skipped/> and an unfinished one <error>', () => {
    expect(kid(testcase(xml, 'example.com/demo/calc', 'TestBig'), 'skipped')).toBeDefined()
    const error = kid(testcase(xml, 'example.com/demo/lock', 'TestDeadlock'), 'error')
    expect(error?.attributes).toEqual({
      message: 'TestDeadlock did not finish: the test binary died or timed out while it ran',
      type: 'unfinished'
    })
    expect(error?.text).toContain('panic: test timed out after 10m0s')
  })

  it('lets a flaky test pass, with a flakyFailure and a note in system-out', () => {
    const flaky = testcase(xml, 'example.com/demo/util', 'TestRetry')
    expect(kid(flaky, 'failure')).toBeUndefined()
    expect(kid(flaky, 'error')).toBeUndefined()
    const first = kid(flaky, 'flakyFailure')
    expect(first?.attributes).toEqual({
      message: 'retry_test.go:14: attempt 1 failed: connection refused',
      type: 'flaky'
    })
    expect(kid(first, 'stackTrace')?.text).toBe(
      '    retry_test.go:14: attempt 1 failed: connection refused'
    )
    expect(kid(flaky, 'system-out')?.text).toBe(
      'TestRetry failed, then passed when run again: it is flaky.'
    )
    expect(suites(xml).get('example.com/demo/util')?.attributes).toMatchObject({
      tests: '2',
      failures: '0',
      errors: '0'
    })
  })

  it('reports a package that did not build as one [build failed] testcase with the errors', () => {
    const suite = suites(xml).get('example.com/demo/parse')
    expect(suite?.attributes).toMatchObject({ tests: '1', failures: '0', errors: '1' })
    const build = testcase(xml, 'example.com/demo/parse', '[build failed]')
    expect(build?.attributes).toMatchObject({ file: 'parse/parse_test.go', line: '7' })
    const error = kid(build, 'error')
    expect(error?.attributes).toEqual({
      message: 'example.com/demo/parse does not build: undefined: Tokenize',
      type: 'build-failed'
    })
    expect(error?.text).toContain('parse/parse_test.go:7: example.com/demo/parse does not build')
    expect(error?.text).toContain('Fix: fix the compile error')
  })

  it('blames a dependency that does not build when the package has no error of its own', () => {
    const dependency = finding({
      check: 'tests',
      rule: 'tests/build',
      title: 'example.com/m/internal/lex does not build: syntax error',
      message: 'syntax error: unexpected }',
      file: 'internal/lex/lex.go',
      line: 3
    })
    const out = renderJunit(onePackage({ status: 'build-failed', dir: 'cmd' }), {
      findings: [dependency]
    })
    const error = kid(testcase(out, 'example.com/m', '[build failed]'), 'error')
    expect(error?.attributes.message).toBe(dependency.title)
    expect(error?.text).toContain('internal/lex/lex.go:3')
  })

  it('turns a package that failed outside its tests into a [package] failure', () => {
    const race = finding({
      check: 'tests',
      rule: 'tests/race',
      title: 'Data race in example.com/m (TestMain or after the tests)',
      message: 'Write by goroutine 7:\n  m.init.func1  m.go:9',
      file: 'm.go',
      line: 9
    })
    const out = renderJunit(
      onePackage({ status: 'fail', tests: [{ name: 'TestA', status: 'pass' }] }),
      { findings: [race, finding({ check: 'modfile', title: 'unrelated' })] }
    )
    const pkg = testcase(out, 'example.com/m', '[package]')
    expect(pkg?.attributes).toMatchObject({ file: 'm.go', line: '9' })
    expect(kid(pkg, 'failure')?.attributes).toEqual({ message: race.title, type: 'failure' })
    expect(kid(pkg, 'failure')?.text).not.toContain('unrelated')
    expect(suites(out).get('example.com/m')?.attributes).toMatchObject({
      tests: '2',
      failures: '1'
    })
    // A binary that died before any test ended: an error, described even without a finding.
    const died = renderJunit(onePackage({ status: 'unfinished' }))
    expect(kid(testcase(died, 'example.com/m', '[package]'), 'error')?.attributes).toEqual({
      message: 'example.com/m did not finish',
      type: 'unfinished'
    })
  })

  it('ties findings to a package by their package field, never by the title', () => {
    // The race is in library code outside the package's directory, found by the package's tests.
    const race = finding({
      check: 'tests',
      rule: 'tests/race',
      title: 'Data race in example.com/m (TestMain or after the tests)',
      message: 'Write by goroutine 7:\n  lib.Set  lib/lib.go:9',
      file: 'lib/lib.go',
      line: 9,
      package: 'example.com/m/cmd'
    })
    // Its title names example.com/m, and it lies in example.com/m's directory: neither counts.
    const other = finding({
      check: 'tests',
      rule: 'tests/package-failed',
      title: 'example.com/m failed outside any test',
      message: 'exit status 3',
      file: 'main_test.go',
      line: 11,
      package: 'example.com/m/other'
    })
    const out = renderJunit(
      testsReport({
        packages: [
          { package: 'example.com/m', module: '.', dir: '.', status: 'fail', tests: [] },
          { package: 'example.com/m/cmd', module: '.', dir: 'cmd', status: 'fail', tests: [] }
        ]
      }),
      { findings: [race, other] }
    )
    const cmd = testcase(out, 'example.com/m/cmd', '[package]')
    expect(cmd?.attributes).toMatchObject({ file: 'lib/lib.go', line: '9' })
    expect(kid(cmd, 'failure')?.attributes.message).toBe(race.title)
    const root = testcase(out, 'example.com/m', '[package]')
    expect(root?.attributes.file).toBeUndefined()
    expect(kid(root, 'failure')?.attributes.message).toBe('example.com/m failed outside any test')
    expect(kid(root, 'failure')?.text).toBe('')
  })

  it('keeps a test run N times (-count) one testcase, its message saying how many runs failed', () => {
    const out = renderJunit(
      onePackage({
        status: 'fail',
        tests: [
          {
            name: 'TestSometimes',
            status: 'fail',
            runs: 10,
            failedRuns: 2,
            file: 'sometimes_test.go',
            line: 18,
            output: '    sometimes_test.go:18: run 2: stale\n    sometimes_test.go:18: run 3: stale'
          },
          { name: 'TestAlways', status: 'pass', runs: 10, failedRuns: 0 }
        ]
      })
    )
    const cases = kids(suites(out).get('example.com/m'), 'testcase')
    expect(cases.map((c) => c.attributes.name)).toEqual(['TestSometimes', 'TestAlways'])
    expect(kid(cases[0], 'failure')?.attributes).toEqual({
      message: 'failed in 2 of 10 runs: sometimes_test.go:18: run 2: stale',
      type: 'failure'
    })
    expect(kid(cases[0], 'failure')?.text).toContain('run 3: stale')
    expect(cases[1]?.children).toEqual([])
    expect(suites(out).get('example.com/m')?.attributes).toMatchObject({
      tests: '2',
      failures: '1'
    })
  })

  it('adds no [package] testcase when a test explains the failure', () => {
    expect(xml).not.toContain('name="[package]"')
  })

  it('writes coverage as a suite property', () => {
    const out = renderJunit(onePackage({ coverage: 87.25 }))
    const property = kid(kid(suites(out).get('example.com/m'), 'properties'), 'property')
    expect(property?.attributes).toEqual({ name: 'coverage', value: '87.3' })
  })

  it('writes an empty run as an empty <testsuites>', () => {
    const out = renderJunit(testsReport({ packages: [] }), { name: 'go-ci-gate' })
    expect(out).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<testsuites name="go-ci-gate" tests="0" failures="0" errors="0" skipped="0" time="0.000"/>\n'
    )
    expect(parseXml(out).children).toEqual([])
  })

  it('leaves out attributes it does not know', () => {
    const out = renderJunit(onePackage({ tests: [{ name: 'TestA', status: 'pass' }] }))
    expect(testcase(out, 'example.com/m', 'TestA')?.attributes).toEqual({
      classname: 'example.com/m',
      name: 'TestA',
      time: '0.000'
    })
    expect(suites(out).get('example.com/m')?.attributes.timestamp).toBeUndefined()
  })
})

describe('escaping', () => {
  it('escapes markup in text and attributes', () => {
    expect(escapeText('a < b && c > d ]]>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;')
    expect(escapeAttribute('say "hi"\tto\n<you>')).toBe('say &quot;hi&quot;&#9;to&#10;&lt;you&gt;')
  })

  it('drops what XML 1.0 cannot hold, keeps tabs, newlines and astral characters', () => {
    expect(xmlSafe('a\u0000b\u0007c\u001fd\u007fe')).toBe('abcd\u007fe')
    expect(xmlSafe('lone \ud800 high, lone \udc00 low, pair \ud83d\ude00')).toBe(
      'lone  high, lone  low, pair 😀'
    )
    expect(xmlSafe('\ufffe\uffff\ufffd')).toBe('\ufffd')
    expect(xmlSafe('\u001b[31mred\u001b[0m\tx\r\ny\rz')).toBe('red\tx\ny\nz')
  })

  it('reads back what go printed, minus what XML cannot hold', () => {
    const output =
      '    x_test.go:3: got <nil> & "want" \'err\'\r\n' +
      '\u001b[1mbold\u001b[0m NUL\u0000 bell\u0007 ]]> lone\udfff 😀 \ufffe\n' +
      '\tgoroutine 7 [running]:'
    const name = 'TestQuote/"a"_<b>&c'
    const out = renderJunit(
      onePackage({
        status: 'fail',
        tests: [{ name, status: 'fail', file: 'x_test.go', line: 3, output }]
      })
    )
    const failure = kid(testcase(out, 'example.com/m', name), 'failure')
    expect(failure?.text).toBe(
      '    x_test.go:3: got <nil> & "want" \'err\'\n' +
        'bold NUL bell ]]> lone 😀 \n' +
        '\tgoroutine 7 [running]:'
    )
    expect(failure?.attributes.message).toBe('x_test.go:3: got <nil> & "want" \'err\'')
  })

  it('stays well-formed and loses nothing XML can hold, whatever the strings', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 })
    fc.assert(
      fc.property(text, text, text, text, (pkg, name, output, file) => {
        const out = renderJunit(
          testsReport({
            packages: [
              {
                package: pkg,
                module: '.',
                status: 'fail',
                tests: [
                  { name, status: 'fail', output, file, line: 1 },
                  { name: `${name}/flaky`, status: 'pass', flaky: true, output }
                ]
              }
            ]
          }),
          { findings: [finding({ check: 'tests', title: output, message: output })] }
        )
        const suite = kid(parseXml(out), 'testsuite')
        expect(suite?.attributes.name).toBe(xmlSafe(pkg))
        const first = kid(suite, 'testcase')
        expect(first?.attributes.name).toBe(xmlSafe(name))
        expect(first?.attributes.file).toBe(xmlSafe(file))
        expect(kid(first, 'failure')?.text).toBe(xmlSafe(output))
      }),
      { numRuns: 300 }
    )
  })
})

describe('countTests', () => {
  it('counts every test and subtest once, flaky apart from passed', () => {
    expect(countTests(testsReport())).toEqual({
      total: 8,
      passed: 2,
      failed: 3,
      unfinished: 1,
      skipped: 1,
      flaky: 1,
      packages: 6,
      buildFailed: 1
    })
  })
})

describe('writeJunit', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-ci-gate-junit-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('creates the directories, writes the file and replaces an earlier one', async () => {
    const file = path.join(dir, 'a', 'b', 'junit.xml')
    await writeJunit(file, 'old')
    const xml = renderJunit(testsReport())
    await writeJunit(file, xml)
    expect(fs.readFileSync(file, 'utf8')).toBe(xml)
    expect(fs.readdirSync(path.dirname(file))).toEqual(['junit.xml'])
  })

  it('fails when the path cannot be a file, leaving nothing behind', async () => {
    const blocker = path.join(dir, 'blocker')
    fs.writeFileSync(blocker, 'x')
    await expect(writeJunit(path.join(blocker, 'junit.xml'), '<a/>')).rejects.toThrow()
    const taken = path.join(dir, 'taken')
    fs.mkdirSync(taken)
    await expect(writeJunit(taken, '<a/>')).rejects.toThrow()
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
