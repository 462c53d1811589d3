// One list each: the check names and the inputs. Everything that names them (the gate's
// registry, the checks input, action.yml, the README, the input schema) is held to that list.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { CHECKS } from '../../src/checks/index.js'
import { INPUT_NAMES } from '../../src/config.js'
import { inputSchema } from '../../src/config/inputschema.js'
import { CHECK_NAMES } from '../../src/findings.js'
import { readActionInputs } from '../helpers/e2e.js'

const root = path.resolve(import.meta.dirname, '../..')
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
const actionYml = fs.readFileSync(path.join(root, 'action.yml'), 'utf8')

/** The first cells of the table under a README heading: `| \`name\` | default | … |`. */
function readmeTable(heading: string): string[][] {
  const section = readme.split(`\n${heading}\n`)[1]?.split('\n## ')[0] ?? ''
  const rows: string[][] = []
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) {
      if (rows.length > 0 && !line.startsWith('|')) break
      continue
    }
    rows.push(line.split(' | ').map((cell) => cell.replace(/^\|/, '').trim()))
  }
  return rows
}

describe('check names', () => {
  it('are the gate registry, in its order', () => {
    expect(CHECKS.map((c) => c.name)).toEqual([...CHECK_NAMES])
  })

  it('are the README table of checks', () => {
    expect(readmeTable('## What it checks').map((row) => row[0])).toEqual(
      CHECK_NAMES.map((name) => `\`${name}\``)
    )
  })

  it('are what the checks input takes, and all of them by default', () => {
    const parse = inputSchema(root, root, root).shape.checks
    expect(parse.parse(undefined)).toEqual([...CHECK_NAMES])
    expect(parse.parse('all')).toEqual([...CHECK_NAMES])
    for (const name of CHECK_NAMES) expect(parse.parse(name)).toEqual([name])
    expect(parse.safeParse('lint').success).toBe(false)
  })

  it('are the ones the checks input says it takes, in action.yml', () => {
    const line = actionYml.split('\n').find((l) => l.includes('a comma-separated list of'))
    expect(line).toContain(`a comma-separated list of ${CHECK_NAMES.join(', ')}.`)
  })
})

describe('inputs', () => {
  const declared = readActionInputs()

  it('action.yml declares exactly the inputs the input schema validates', () => {
    const schemaKeys = Object.keys(inputSchema(root, root, root).shape)
    expect(schemaKeys).toEqual([...INPUT_NAMES])
    expect(declared.map((i) => i.name)).toEqual([...INPUT_NAMES])
  })

  it('the README table lists every input, in order, with the input schema’s default', () => {
    const rows = readmeTable('## Inputs')
    expect(rows.map((row) => row[0])).toEqual(INPUT_NAMES.map((name) => `\`${name}\``))
    const shape = inputSchema(root, root, root).shape
    for (const name of INPUT_NAMES) {
      const cell = rows.find((row) => row[0] === `\`${name}\``)?.[1] ?? ''
      const declaredDefault = declared.find((input) => input.name === name)?.default
      const unset: unknown = shape[name].parse(undefined)
      const literal = /^`([^`]*)`$/.exec(cell)?.[1]
      if (declaredDefault !== undefined) {
        // Expressions only the runner fills stay in action.yml.
        expect([name, cell]).toEqual([name, `\`${declaredDefault}\``])
      } else if (literal !== undefined && !literal.startsWith('go env ')) {
        // Giving the README's default explicitly means what giving nothing means.
        expect([name, shape[name].parse(literal)]).toEqual([name, unset])
      } else {
        // (none), go env …, or a default the gate picks at run time: the schema leaves it unset.
        expect([name, cell]).not.toEqual([name, ''])
        expect([name, Array.isArray(unset) ? unset.length : unset]).toEqual([
          name,
          Array.isArray(unset) ? 0 : undefined
        ])
      }
    }
  })

  it('action.yml gives no default but the ones only the runner can fill', () => {
    expect(declared.filter((input) => input.default !== undefined)).toEqual([
      { name: 'check-run-id', default: '${{ job.check_run_id }}' },
      { name: 'github-token', default: '${{ github.token }}' }
    ])
  })
})
