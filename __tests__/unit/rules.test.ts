import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { CHECK_NAMES } from '../../src/findings.js'
import { RULES } from '../../src/rules.js'

const root = path.resolve(import.meta.dirname, '../..')

/** The README's rules table: one row per rule, `| \`id\` | severity | meaning | fix |`. */
function readmeRules(): string[][] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
  const section = readme.split('\n## Rules\n')[1]?.split('\n## ')[0] ?? ''
  return section
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim())
    )
}

/** Every `rule: '<id>'` and `'<id>'` comparison written in the sources. */
function rulesNamedInSources(): Set<string> {
  const named = new Set<string>()
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      // The catalogue itself (src/rules.ts, src/rules/) names every rule: look elsewhere.
      if (entry.isDirectory()) {
        if (full !== path.join(root, 'src/rules')) walk(full)
      } else if (entry.name.endsWith('.ts') && entry.name !== 'rules.ts') {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/'([a-z]+\/[a-z][a-z0-9-]*)'/g)) {
          named.add(m[1] ?? '')
        }
      }
    }
  }
  walk(path.join(root, 'src'))
  return named
}

describe('rules', () => {
  it('are unique, and each belongs to a check', () => {
    const ids = RULES.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) {
      expect(CHECK_NAMES).toContain(id.split('/')[0])
      expect(id).toMatch(/^[a-z]+\/[a-z][a-z0-9-]*$/)
    }
  })

  it('are the README table, row for row', () => {
    const rows = readmeRules()
    expect(rows.map((r) => r[0])).toEqual(RULES.map((r) => `\`${r.id}\``))
    expect(rows).toEqual(RULES.map((r) => [`\`${r.id}\``, r.severity, r.meaning, r.fix]))
  })

  it('are each given to a finding somewhere in the sources', () => {
    const named = rulesNamedInSources()
    expect(RULES.map((r) => r.id).filter((id) => !named.has(id))).toEqual([])
  })
})
