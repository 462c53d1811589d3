/**
 * Every finding's stable identity. Reporters, deduplication, JUnit and SARIF key on these ids,
 * never on a title; the README's rules table is this list (a unit test holds them together).
 */

import { CODE_RULES } from './rules/coderules.js'
import { MODULE_RULES } from './rules/modulerules.js'
import type { Rule } from './rules/rule.js'
import { SETUP_RULES } from './rules/setuprules.js'

export type { Rule }

export const RULES = [...SETUP_RULES, ...MODULE_RULES, ...CODE_RULES] as const

export type RuleId = (typeof RULES)[number]['id']

const BY_ID = new Map<string, Rule>(RULES.map((rule) => [rule.id, rule]))

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id)
}
