/** The inputs of a sharded run (plan, shard, merge over a job matrix), each parsed or refused in one line. */

import { z } from 'zod'
import { parsePlanDocument } from '../shard/validate.js'
import { parseShard } from '../shard/document.js'
import { boundedDurationInput, optionalText, quoted } from './inputvalues.js'

export const MODES = ['gate', 'plan', 'shard', 'merge'] as const
export type Mode = (typeof MODES)[number]
export const MAX_SHARDS = 256

export const shardInputs = {
  mode: optionalText.transform((value, ctx): Mode => {
    const mode = value ?? 'gate'
    if ((MODES as readonly string[]).includes(mode)) return mode as Mode
    ctx.addIssue({
      code: 'custom',
      message: `${quoted(mode)} is not allowed; use gate (everything in this job), plan, shard or merge (a job matrix: see the README's Sharding)`
    })
    return z.NEVER
  }),
  shards: optionalText.transform((value, ctx): number | 'auto' => {
    const text = value ?? 'auto'
    if (text === 'auto') return 'auto'
    if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_SHARDS) return Number(text)
    ctx.addIssue({
      code: 'custom',
      message: `${quoted(text)} is not allowed; use a whole number from 1 to ${MAX_SHARDS}, or auto (as many as shard-target asks)`
    })
    return z.NEVER
  }),
  'shard-target': boundedDurationInput('5m', '3m or 10m'),
  shard: optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined
    const shard = parseShard(value)
    if (shard !== undefined) return shard
    ctx.addIssue({
      code: 'custom',
      message: `${quoted(value)} is not a shard; use K/N with 1 <= K <= N <= ${MAX_SHARDS}, e.g. \${{ matrix.shard }} from the plan job's matrix`
    })
    return z.NEVER
  }),
  plan: optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined
    const parsed = parsePlanDocument(value)
    if (typeof parsed !== 'string') return parsed
    ctx.addIssue({ code: 'custom', message: `${quoted(value)} is not a plan: ${parsed}` })
    return z.NEVER
  })
}
