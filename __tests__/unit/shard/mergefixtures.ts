// A sharded run of the report fixtures' module: the plan job's report, the plan, and each
// shard's report made from the single run's test results (testsReport), so the merge can be
// held against the single run it stands in for.
import type {
  CheckResult,
  Finding,
  PackageTests,
  Report,
  TestsReport
} from '../../../src/findings.js'
import { planId, type PlanDocument } from '../../../src/shard/document.js'
import type { Assignment, PackageUnit } from '../../../src/shard/plan.js'
import { finding, report, result, testsFindings, testsReport } from '../report/fixtures.js'

export const CALC = 'example.com/demo/calc'
export const PARSE = 'example.com/demo/parse'

/** The module-level checks, as the plan job (and a single run) report them. */
export function moduleResults(): CheckResult[] {
  return [
    result({ check: 'toolchain', summary: 'go 1.26.8' }),
    result({ check: 'env' }),
    result({
      check: 'tidy',
      status: 'pass',
      findings: [
        finding({
          check: 'tidy',
          rule: 'tidy/unsupported',
          severity: 'notice',
          title: 'go mod tidy -diff is not available: tidiness not checked',
          message: 'go 1.22 has no go mod tidy -diff'
        })
      ]
    }),
    result({ check: 'builds', durationMs: 300 })
  ]
}

/** Every package of testsReport() and the top-level tests the plan job found in it. */
export function units(): PackageUnit[] {
  const unit = (name: string, tests: string[]): PackageUnit => ({
    module: '.',
    package: `example.com/demo/${name}`,
    tests
  })
  return [
    unit('util', ['TestRetry', 'TestTrim']),
    unit('calc', ['BenchmarkAdd', 'ExampleAdd', 'TestAdd', 'TestBig', 'TestDiv', 'TestMain']),
    unit('counter', ['TestCounter']),
    unit('cmd', []),
    unit('parse', ['TestParse', 'TestTokens']),
    unit('lock', ['TestDeadlock'])
  ]
}

const whole = (name: string): Assignment => ({ module: '.', package: `example.com/demo/${name}` })

/** calc and parse are split; the skip groups run what the run groups do not name. */
export function assignment(): Assignment[][] {
  return [
    [whole('util'), { ...whole('parse'), run: ['TestParse'] }, whole('cmd')],
    [
      { ...whole('calc'), run: ['TestAdd'] },
      { ...whole('parse'), skip: ['TestParse'] },
      whole('lock')
    ],
    [{ ...whole('calc'), skip: ['TestAdd'] }, whole('counter')]
  ]
}

export function planDocument(shards = assignment()): PlanDocument {
  return {
    version: 1,
    id: planId(shards),
    shards,
    estimates: [1, 1, 1],
    units: units(),
    report: report(moduleResults(), {
      goVersion: '1.26.8',
      durationMs: 4000,
      commands: [{ args: ['mod', 'download'], cwd: '.', durationMs: 900, exitCode: 0 }]
    })
  }
}

/** The single run the sharded one stands in for. */
export function singleRun(): Report {
  const tests = result({
    check: 'tests',
    status: 'fail',
    durationMs: 9000,
    findings: testsFindings()
  })
  const results = [...moduleResults()]
  results.splice(3, 0, tests)
  return report(results, { goVersion: '1.26.8', tests: testsReport() })
}

/** The single run's package, cut to the named tests (and their subtests). */
function part(name: string, tests?: string[], overrides: Partial<PackageTests> = {}): PackageTests {
  const pkg = testsReport().packages.find((p) => p.package === `example.com/demo/${name}`)
  if (pkg === undefined) throw new Error(`no package ${name} in testsReport()`)
  const kept =
    tests === undefined
      ? pkg.tests
      : pkg.tests.filter((t) => tests.includes(t.name.split('/')[0] ?? ''))
  return { ...pkg, tests: kept, ...overrides }
}

/** The single run's finding with this title. */
function testsFinding(title: string): Finding {
  const found = testsFindings().find((f) => f.title.startsWith(title))
  if (found === undefined) throw new Error(`no finding ${title}`)
  return found
}

/** A shard's report: its share of the tests, its findings, its mark. */
export function shardReport(
  plan: PlanDocument,
  index: number,
  packages: PackageTests[],
  findings: Finding[],
  overrides: Partial<Report> = {},
  tests: Partial<TestsReport> = {}
): Report {
  const failed = findings.some((f) => f.severity === 'error')
  return report(
    [
      result({ check: 'env' }),
      result({
        check: 'tests',
        status: failed ? 'fail' : 'pass',
        durationMs: 1000 * index,
        findings
      })
    ],
    {
      goVersion: '1.26.8',
      durationMs: 2000 + 1000 * index,
      shard: { index, count: plan.shards.length, plan: plan.id },
      tests: { ...testsReport(), packages, ...tests },
      commands: [{ args: ['test', `shard-${index}`], cwd: '.', durationMs: 10, exitCode: 1 }],
      ...overrides
    }
  )
}

/** The three shards of assignment(), each with exactly its share of the single run. */
export function shardReports(plan: PlanDocument): Report[] {
  const build = testsFinding('example.com/demo/parse does not build')
  return [
    shardReport(
      plan,
      1,
      [part('util'), part('parse', ['TestParse']), part('cmd')],
      [build, testsFinding('TestRetry is flaky')]
    ),
    shardReport(
      plan,
      2,
      [part('calc', ['TestAdd'], { elapsed: 0.5 }), part('parse'), part('lock')],
      [testsFinding('TestAdd/negative failed'), build]
    ),
    shardReport(
      plan,
      3,
      [part('calc', ['TestDiv', 'TestBig'], { status: 'pass', elapsed: 1 }), part('counter')],
      [testsFinding('Data race in TestCounter')]
    )
  ]
}

/** Only the passing packages: a sharded run that should pass. */
export function passingShardReports(plan: PlanDocument): Report[] {
  const pass = { status: 'pass' as const }
  const parse = (tests: string[]): PackageTests =>
    part('parse', undefined, {
      ...pass,
      tests: tests.map((name) => ({ name, status: 'pass' as const }))
    })
  const lock = part('lock', undefined, {
    ...pass,
    tests: [{ name: 'TestDeadlock', status: 'pass' }]
  })
  const counter = part('counter', undefined, {
    ...pass,
    tests: [{ name: 'TestCounter', status: 'pass' }]
  })
  const calcAdd = part('calc', ['TestAdd'], {
    ...pass,
    tests: [{ name: 'TestAdd', status: 'pass' }]
  })
  return [
    shardReport(plan, 1, [part('util'), parse(['TestParse']), part('cmd')], []),
    shardReport(plan, 2, [calcAdd, parse(['TestTokens']), lock], []),
    shardReport(plan, 3, [part('calc', ['TestDiv', 'TestBig'], pass), counter], [])
  ]
}

/** Names sorted, so packages compare whatever order their parts' tests ended in. */
export function byTestName(packages: PackageTests[]): PackageTests[] {
  return packages.map((p) => ({
    ...p,
    tests: [...p.tests].sort((a, b) => a.name.localeCompare(b.name))
  }))
}

export function byTitle(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.title.localeCompare(b.title))
}
