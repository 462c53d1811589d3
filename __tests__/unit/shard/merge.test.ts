import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import fs from 'node:fs'
import type { Finding, PackageTests, Report } from '../../../src/findings.js'
import { mergeShards } from '../../../src/shard/merge.js'
import { finding } from '../report/fixtures.js'
import {
  CALC,
  PARSE,
  assignment,
  byTestName,
  byTitle,
  moduleResults,
  passingShardReports,
  planDocument,
  shardReport,
  shardReports,
  singleRun
} from './mergefixtures.js'

const schema = JSON.parse(
  fs.readFileSync(new URL('../../../schema/report.schema.json', import.meta.url), 'utf8')
) as object
const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormatsModule.default(ajv)
const validate = ajv.compile(schema)

const testsResult = (report: Report) => report.results.find((r) => r.check === 'tests')
const pkg = (report: Report, name: string): PackageTests | undefined =>
  report.tests?.packages.find((p) => p.package === name)
const rules = (findings: readonly Pick<Finding, 'rule'>[]): string[] => findings.map((f) => f.rule)

describe('mergeShards', () => {
  it('gives the single run: the same findings, tests and verdict from 3 shards', () => {
    const plan = planDocument()
    const { report, problems } = mergeShards({ plan, reports: shardReports(plan) })
    const single = singleRun()

    expect(problems).toEqual([])
    expect(report.verdict).toBe('fail')
    expect(report.verdict).toBe(single.verdict)
    expect(report.results.map((r) => r.check)).toEqual(single.results.map((r) => r.check))
    expect(report.results.filter((r) => r.check !== 'tests')).toEqual(moduleResults())
    const tests = testsResult(report)
    expect(tests?.status).toBe('fail')
    expect(byTitle(tests?.findings ?? [])).toEqual(byTitle(testsResult(single)?.findings ?? []))
    expect(tests?.summary).toBe(
      '2 passed, 4 failed, 1 flaky, 1 skipped in 6 packages over 3 shards (race)'
    )
    // The wall time of the matrix: the slowest shard, after the plan job.
    expect(tests?.durationMs).toBe(3000)
    expect(report.durationMs).toBe(4000 + 5000)

    expect(report.tests?.packages.map((p) => p.package)).toEqual(
      single.tests?.packages.map((p) => p.package)
    )
    expect({ ...report.tests, packages: byTestName(report.tests?.packages ?? []) }).toEqual({
      ...single.tests,
      packages: byTestName(single.tests?.packages ?? [])
    })
    expect(report.shard).toBeUndefined()
    expect(report.goVersion).toBe('1.26.8')
    expect(report.startedAt).toBe(plan.report.startedAt)
    expect(report.commands.map((c) => c.args.join(' '))).toEqual([
      'mod download',
      'test shard-1',
      'test shard-2',
      'test shard-3'
    ])
    expect(validate(report)).toBe(true)
  })

  it('passes when every shard passed and every planned test ran once', () => {
    const plan = planDocument()
    const { report, problems } = mergeShards({ plan, reports: passingShardReports(plan) })
    expect(problems).toEqual([])
    expect(testsResult(report)?.status).toBe('pass')
    expect(report.verdict).toBe('pass')
    expect(validate(report)).toBe(true)
  })

  it('merges a split package into one, its tests the union of its parts', () => {
    const plan = planDocument()
    const { report } = mergeShards({ plan, reports: shardReports(plan) })
    const calc = report.tests?.packages.filter((p) => p.package === CALC) ?? []
    expect(calc).toHaveLength(1)
    expect(calc[0]?.status).toBe('fail')
    expect(calc[0]?.elapsed).toBe(1.5)
    expect(calc[0]?.tests.map((t) => t.name).sort()).toEqual([
      'TestAdd',
      'TestAdd/negative',
      'TestBig',
      'TestDiv'
    ])
  })

  it("reports a split package's build error once, and expects no test of it", () => {
    const plan = planDocument()
    const { report, problems } = mergeShards({ plan, reports: shardReports(plan) })
    const builds = testsResult(report)?.findings.filter((f) => f.rule === 'tests/build') ?? []
    expect(builds).toHaveLength(1)
    expect(pkg(report, PARSE)?.status).toBe('build-failed')
    expect(problems).toEqual([])
  })

  it('fails when a planned shard sent no report, without listing its tests as unrun', () => {
    const plan = planDocument()
    const [one, , three] = shardReports(plan)
    const { report, problems } = mergeShards({ plan, reports: [one!, three!] })
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'tests/shard-missing',
        severity: 'error',
        title: 'Shard 2/3 sent no report',
        fix: "re-run the failed jobs; the merge needs every shard's report"
      })
    ])
    expect(problems[0]?.message).toContain('3 packages (2 of them split across shards)')
    expect(testsResult(report)?.status).toBe('error')
    expect(testsResult(report)?.summary).toMatch(
      /^Shard 2\/3 sent no report; .* over 2 of 3 shards/
    )
    expect(report.verdict).toBe('fail')
    expect(validate(report)).toBe(true)
  })

  it('fails on a missing shard even when the others passed', () => {
    const plan = planDocument()
    const [one, two] = passingShardReports(plan)
    const { report } = mergeShards({ plan, reports: [one!, two!] })
    expect(rules(testsResult(report)?.findings ?? [])).toEqual(['tests/shard-missing'])
    expect(report.verdict).toBe('fail')
  })

  it('refuses a report of another plan, one without a shard mark, and a shard twice', () => {
    const plan = planDocument()
    const [one, two, three] = passingShardReports(plan)
    const other: Report = { ...two!, shard: { index: 2, count: 3, plan: 'ffffffffffffffff' } }
    const unmarked: Report = { ...three! }
    delete unmarked.shard
    const { report, problems } = mergeShards({
      plan,
      reports: [one!, other, unmarked, one!],
      sources: ['shard-1.json', 'shard-2.json', 'full.json', 'shard-1-again.json']
    })
    expect(problems.map((p) => [p.rule, p.title])).toEqual([
      ['tests/shard-foreign', 'shard-2.json is shard 2/3 of another plan'],
      ['tests/shard-foreign', "full.json is not a shard's report"],
      ['tests/shard-foreign', 'Shard 1/3 reported twice'],
      ['tests/shard-missing', 'Shard 2/3 sent no report'],
      ['tests/shard-missing', 'Shard 3/3 sent no report']
    ])
    expect(problems[0]?.message).toContain(
      `plan ffffffffffffffff; this merge is of plan ${plan.id}`
    )
    // The refused reports' tests are not merged: shard 1's tests counted once, nothing twice.
    expect(report.tests?.packages.map((p) => p.package)).toEqual([
      'example.com/demo/util',
      'example.com/demo/cmd',
      PARSE
    ])
    expect(report.verdict).toBe('fail')
  })

  it('names a report without a source by its place', () => {
    const plan = planDocument()
    const [one, two, three] = passingShardReports(plan)
    const stale = { ...three!, shard: { index: 3, count: 4, plan: plan.id } }
    const { problems } = mergeShards({ plan, reports: [one!, two!, three!, stale] })
    expect(problems.map((p) => p.title)).toEqual(['report 4 is shard 3/4 of another plan'])
  })

  it('fails on a test that ran in two shards, naming the package, test and shards', () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    reports[2]!.tests!.packages[0]!.tests.push({ name: 'TestAdd', status: 'pass' })
    const { report, problems } = mergeShards({ plan, reports })
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'tests/shard-twice',
        title: `TestAdd of ${CALC} ran in shards 2/3 and 3/3`,
        package: CALC
      })
    ])
    expect(pkg(report, CALC)?.tests.filter((t) => t.name === 'TestAdd')).toHaveLength(1)
    expect(testsResult(report)?.status).toBe('error')
    expect(report.verdict).toBe('fail')
  })

  it('fails on a planned test that ran in no shard, naming its package and shard', () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    const calc = reports[2]!.tests!.packages[0]!
    calc.tests = calc.tests.filter((t) => t.name !== 'TestBig')
    const { report, problems } = mergeShards({ plan, reports })
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'tests/shard-unrun',
        severity: 'error',
        title: `TestBig of ${CALC} ran in no shard`,
        package: CALC
      })
    ])
    expect(problems[0]?.message).toContain('shard 3/3, which reported without them')
    expect(report.verdict).toBe('fail')
  })

  it('lists at most 20 unrun tests, and one the plan gave to no shard', () => {
    const many = Array.from({ length: 25 }, (_, i) => `TestCase${String(i).padStart(2, '0')}`)
    const plan = planDocument()
    plan.units.push({ module: '.', package: 'example.com/demo/big', tests: many })
    const { problems } = mergeShards({ plan, reports: passingShardReports(plan) })
    expect(problems).toHaveLength(1)
    expect(problems[0]?.title).toBe('25 tests of example.com/demo/big ran in no shard')
    expect(problems[0]?.message).toContain('the plan gave them to no shard')
    expect(problems[0]?.message).toContain('TestCase19 and 5 more.')
    expect(problems[0]?.message).not.toContain('TestCase20')
  })

  it('expects the tests of a package that built but ran none of them', () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    // parse built this time, yet shard 1 ran none of its planned TestParse.
    reports[0]!.tests!.packages[1]!.tests = []
    const { problems } = mergeShards({ plan, reports })
    expect(problems.map((p) => p.title)).toEqual([`TestParse of ${PARSE} ran in no shard`])
  })

  it('expects no test a part could not run after its binary died (panic, timeout)', () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    const calc = reports[2]!.tests!.packages[0]!
    calc.status = 'fail'
    calc.tests = [{ name: 'TestDiv', status: 'unfinished', output: 'panic: boom' }]
    const tests = reports[2]!.results.find((r) => r.check === 'tests')!
    tests.status = 'fail'
    tests.findings.push(finding({ check: 'tests', rule: 'tests/panic', title: 'TestDiv panicked' }))
    const { report, problems } = mergeShards({ plan, reports })
    expect(problems).toEqual([])
    expect(report.verdict).toBe('fail')
  })

  it('takes a test the skip group found but the plan did not know as designed', () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    reports[2]!.tests!.packages[0]!.tests.push({ name: 'TestNew', status: 'pass' })
    const { report, problems } = mergeShards({ plan, reports })
    expect(problems).toEqual([])
    expect(pkg(report, CALC)?.tests.map((t) => t.name)).toContain('TestNew')
    expect(report.verdict).toBe('pass')
  })

  it('keeps coverage of packages run whole only, and says why there is no total', () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    for (const shard of reports) {
      shard.tests!.coverage = 50
      for (const p of shard.tests!.packages) p.coverage = 60
    }
    const { report, problems } = mergeShards({ plan, reports })
    expect(problems).toEqual([])
    expect(report.tests?.coverage).toBeUndefined()
    expect(pkg(report, 'example.com/demo/util')?.coverage).toBe(60)
    expect(pkg(report, CALC)?.coverage).toBeUndefined()
    expect(pkg(report, PARSE)?.coverage).toBeUndefined()
    expect(testsResult(report)?.summary).toContain(
      'coverage not merged: shards report percentages, not their profiles'
    )
    expect(report.verdict).toBe('pass')
  })

  it('does not judge a coverage threshold on shares: one error instead of each shard’s', () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    reports[0]!.tests!.coverageThreshold = 80
    reports[0]!.results[1]!.status = 'fail'
    reports[0]!.results[1]!.findings.push(
      finding({ check: 'tests', rule: 'tests/coverage', title: 'Coverage 40% is below 80%' })
    )
    const { report } = mergeShards({ plan, reports })
    expect(rules(testsResult(report)?.findings ?? [])).toEqual(['tests/shard-coverage'])
    expect(report.tests?.coverageThreshold).toBe(80)
    expect(report.verdict).toBe('fail')
  })

  it('warns when a shard ran another go than the plan job', () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    reports[1]!.goVersion = '1.25.0'
    const { report, problems } = mergeShards({ plan, reports })
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'tests/shard-go-version',
        severity: 'warning',
        title: 'Shard 2/3 ran go 1.25.0, the plan job go 1.26.8'
      })
    ])
    expect(testsResult(report)?.status).toBe('pass')
    expect(report.goVersion).toBe('1.26.8')
    expect(
      mergeShards({ plan: { ...plan, report: { ...plan.report, failOn: 'warning' } }, reports })
        .report.verdict
    ).toBe('fail')
  })

  it("takes a shard's set-up error, naming the shard, and lists none of its tests", () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    reports[1] = shardReport(plan, 2, [], [], {
      setupError: 'go was not found on PATH',
      verdict: 'fail',
      results: [],
      tests: undefined
    })
    const { report, problems } = mergeShards({ plan, reports })
    expect(problems).toEqual([])
    expect(report.setupError).toBe('shard 2/3: go was not found on PATH')
    expect(testsResult(report)?.status).toBe('error')
    expect(report.verdict).toBe('fail')
    expect(validate(report)).toBe(true)
  })

  it("keeps the plan job's set-up error before any shard's", () => {
    const plan = planDocument()
    plan.report.setupError = 'no Go module found in the repository root'
    const { report } = mergeShards({ plan, reports: passingShardReports(plan) })
    expect(report.setupError).toBe('no Go module found in the repository root')
    expect(report.verdict).toBe('fail')
  })

  it('merges race, shuffle and args as one run would report them', () => {
    const plan = planDocument()
    const reports = passingShardReports(plan)
    for (const shard of reports) shard.tests!.shuffleSeed = 42
    expect(mergeShards({ plan, reports }).report.tests?.shuffleSeed).toBe(42)
    reports[2]!.tests!.shuffleSeed = 43
    reports[2]!.tests!.race = false
    const merged = mergeShards({ plan, reports }).report.tests
    expect(merged?.shuffleSeed).toBeUndefined()
    expect(merged?.race).toBe(false)
    expect(merged?.args).toEqual(reports[0]!.tests!.args)
  })

  it('is undisturbed by an assignment that gives a shard nothing', () => {
    const shards = [...assignment(), []]
    const plan = planDocument(shards)
    const reports = [
      ...passingShardReports(plan),
      shardReport(plan, 4, [], [], {}, { packages: [] })
    ]
    const { report, problems } = mergeShards({ plan, reports })
    expect(problems).toEqual([])
    expect(report.verdict).toBe('pass')
    expect(testsResult(report)?.summary).toContain('over 4 shards')
  })
})
