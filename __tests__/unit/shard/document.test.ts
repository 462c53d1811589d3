import { describe, expect, it } from '@jest/globals'
import { markShard, parseShard, planId, shardMatrix } from '../../../src/shard/document.js'
import { makePlanDocument } from '../../../src/shard/make.js'
import { parsePlanDocument, parseShardReport } from '../../../src/shard/validate.js'
import { report, result } from '../report/fixtures.js'

const planned = [
  { module: '.', package: 'example.com/m/a', tests: ['TestA1', 'TestA2'] },
  { module: '.', package: 'example.com/m/b', tests: ['TestB1'] },
  { module: 'sub', package: 'example.com/sub/c', tests: [] }
]
const planReport = report([result({ check: 'tidy' })], { planned })

describe('the plan document', () => {
  it('carries the assignment, the units and the plan job report without its listing', () => {
    const plan = makePlanDocument({
      report: planReport,
      shards: 2,
      targetSeconds: 300,
      timings: { packages: {}, tests: {} }
    })
    expect(plan.shards).toHaveLength(2)
    expect(plan.units).toEqual(planned)
    expect(plan.report).not.toHaveProperty('planned')
    expect(plan.report.results.map((r) => r.check)).toEqual(['tidy'])
    expect(plan.id).toBe(planId(plan.shards))
    expect(
      plan.shards
        .flat()
        .map((a) => a.package)
        .sort()
    ).toEqual(planned.map((u) => u.package))
  })

  it('is read back from a job output, and refused when it is not one or was edited', () => {
    const plan = makePlanDocument({
      report: planReport,
      shards: 2,
      targetSeconds: 300,
      timings: { packages: {}, tests: {} }
    })
    expect(parsePlanDocument(JSON.stringify(plan))).toEqual(plan)
    expect(parsePlanDocument('{not json')).toMatch(/^not JSON/)
    expect(parsePlanDocument('[]')).toBe('not a go-ci-gate plan of version 1')
    const edited = { ...plan, shards: [...plan.shards].reverse() }
    expect(parsePlanDocument(JSON.stringify(edited))).toBe(
      'its id does not match its shards (was it edited?)'
    )
  })
})

describe('shards', () => {
  it('reads K/N and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 })
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 })
    for (const bad of ['0/4', '5/4', '1/257', '2', 'a/b', '1/4/2', ''])
      expect(parseShard(bad)).toBeUndefined()
  })

  it('makes the matrix the shard jobs run', () => {
    expect(shardMatrix(3)).toEqual({
      include: [{ shard: '1/3' }, { shard: '2/3' }, { shard: '3/3' }]
    })
  })

  it('marks a shard report with its shard and plan, and nothing else', () => {
    const plan = makePlanDocument({
      report: planReport,
      shards: 2,
      targetSeconds: 300,
      timings: { packages: {}, tests: {} }
    })
    const marked = markShard(report([]), { mode: 'shard', shard: { index: 2, count: 2 }, plan })
    expect(marked.shard).toEqual({ index: 2, count: 2, plan: plan.id })
    expect(markShard(report([]), { mode: 'gate' }).shard).toBeUndefined()
  })

  it('reads a shard report back, and refuses what is not one', () => {
    expect(parseShardReport(JSON.stringify(report([])))).toMatchObject({ schemaVersion: 1 })
    expect(parseShardReport('nope')).toMatch(/^not JSON/)
    expect(parseShardReport('{"schemaVersion":2}')).toBe(
      'not a go-ci-gate report of schema version 1'
    )
    expect(parseShardReport('{"schemaVersion":1}')).toBe('a report without results')
  })
})
