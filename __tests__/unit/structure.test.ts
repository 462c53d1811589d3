// The shape issue 11 asked for, held: small source files, and no check importing another check
// (a check reads as its judgement; what two checks share lives in src/go/ or a helper module).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { CHECKS } from '../../src/checks/index.js'

const root = path.resolve(import.meta.dirname, '../..')
const MAX_LINES = 400

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sources(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

const files = sources(path.join(root, 'src'))
const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/')

describe('source layout', () => {
  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = files
      .map((file) => [relative(file), fs.readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > MAX_LINES)
    expect(long).toEqual([])
  })

  it('has no check importing another check', () => {
    const checkFiles = new Map(
      CHECKS.map((c) => [path.join(root, 'src/checks', `${c.name}.ts`), c.name])
    )
    const crossings: string[] = []
    for (const file of files) {
      const own = checkFiles.get(file)
      const text = fs.readFileSync(file, 'utf8')
      for (const m of text.matchAll(/from '(\.[^']+)\.js'/g)) {
        const target = path.resolve(path.dirname(file), `${m[1]}.ts`)
        const other = checkFiles.get(target)
        if (other !== undefined && other !== own && relative(file).startsWith('src/checks/')) {
          if (path.basename(file) !== 'index.ts') crossings.push(`${relative(file)} -> ${other}`)
        }
      }
    }
    expect(crossings).toEqual([])
  })
})
