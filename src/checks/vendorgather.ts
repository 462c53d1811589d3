/**
 * The vendor check's gathering: regenerates a vendor/ into a temporary directory and compares the
 * trees, and asks `go list -mod=vendor` whether go itself finds the committed vendor/ consistent.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describeFailure, ranToEnd, succeeded } from '../go/command.js'
import { parseVendorConsistency, type VendorConsistencyReport } from '../go/vendorconsistency.js'
import {
  compareTrees,
  firstDifferingLine,
  normalizeLineEndings,
  type TreeDifference,
  type VendorTree
} from '../go/vendortree.js'
import type { CheckContext } from './types.js'
import type { VendorUnit } from './vendorplan.js'

const VENDOR_TIMEOUT_MS = 5 * 60_000
const LIST_TIMEOUT_MS = 2 * 60_000

/** What the check learned about one vendor/ from go and the disk. */
export interface UnitFacts {
  unit: VendorUnit
  committedModulesTxt: string
  /** Absent when go could not regenerate vendor/. */
  regenerated?: {
    modulesTxt: string
    difference: TreeDifference
    /** For each changed file (relative to vendor/), the first line that differs. */
    changedLines: Record<string, number>
  }
  /** go's message when `go mod vendor -o` failed. */
  regenerateError?: string
  consistency: VendorConsistencyReport
  /** `go list -mod=vendor` failed without an inconsistency this check knows. */
  listError?: string
}

export async function gatherUnit(
  context: CheckContext,
  unit: VendorUnit,
  tmp: string
): Promise<UnitFacts> {
  const vendorDir = path.join(unit.dir, 'vendor')
  const env = unit.kind === 'module' ? { GOWORK: 'off' } : {}
  const facts: UnitFacts = {
    unit,
    committedModulesTxt: fs.readFileSync(path.join(vendorDir, 'modules.txt'), 'utf8'),
    consistency: { problems: [] }
  }

  const out = path.join(tmp, 'vendor')
  fs.mkdirSync(tmp, { recursive: true })
  const args = [unit.kind === 'workspace' ? 'work' : 'mod', 'vendor', '-o', out]
  const label = unit.relDir === '.' ? 'vendor/' : `${unit.relDir}/vendor/`
  context.log(`${label}: go ${args.slice(0, 2).join(' ')} into a temporary directory`)
  const vendored = await context.go.run(args, { cwd: unit.dir, env, timeoutMs: VENDOR_TIMEOUT_MS })
  if (succeeded(vendored)) {
    const committed = await readTree(vendorDir)
    const regenerated = await readTree(out)
    const difference = compareTrees(committed, regenerated)
    const changedLines: Record<string, number> = {}
    for (const file of difference.changed) {
      changedLines[file] = firstDifferingLine(
        normalizeLineEndings(fs.readFileSync(path.join(vendorDir, file))),
        normalizeLineEndings(fs.readFileSync(path.join(out, file)))
      )
    }
    let modulesTxt = ''
    try {
      modulesTxt = fs.readFileSync(path.join(out, 'modules.txt'), 'utf8')
    } catch {
      // "go: no dependencies to vendor": go writes nothing at all.
    }
    facts.regenerated = { modulesTxt, difference, changedLines }
    context.log(
      `${label}: ${difference.changed.length} changed, ${difference.missing.length} missing, ${difference.extra.length} extra file(s)`
    )
  } else {
    facts.regenerateError = goMessage(args, vendored)
    context.log(`${label}: ${facts.regenerateError}`)
  }

  const listArgs = ['list', '-mod=vendor', '-e', '-f', '{{.ImportPath}}', './...']
  const listed = await context.go.run(listArgs, {
    cwd: unit.dir,
    env,
    timeoutMs: LIST_TIMEOUT_MS
  })
  facts.consistency = parseVendorConsistency(listed.stderr)
  const known = facts.consistency.problems.filter((p) => p.kind !== 'unlisted-package')
  if (!succeeded(listed) && known.length === 0) {
    facts.listError = goMessage(listArgs, listed)
  }
  context.log(
    `${label}: go list -mod=vendor: ${known.length === 0 ? 'consistent' : `${known.length} ${known.length === 1 ? 'inconsistency' : 'inconsistencies'}`}`
  )
  return facts
}

/** go's message without download progress, at most ten lines. */
function goMessage(args: string[], result: Parameters<typeof describeFailure>[1]): string {
  // Stopped or killed: say so first, whatever go printed before it died.
  if (!ranToEnd(result)) return describeFailure(args, result)
  const lines = result.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('go: downloading '))
  const text = lines.slice(0, 10).join('\n') + (lines.length > 10 ? '\n…' : '')
  return text || describeFailure(args, result)
}

/** Every file under `dir` except the top-level modules.txt, by content digest. */
async function readTree(dir: string): Promise<VendorTree> {
  const tree: VendorTree = new Map()
  const walk = async (abs: string, rel: string): Promise<void> => {
    let entries: fs.Dirent[]
    try {
      entries = await fs.promises.readdir(abs, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const childAbs = path.join(abs, entry.name)
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`
      if (entry.isDirectory()) {
        await walk(childAbs, childRel)
      } else if (entry.isSymbolicLink()) {
        // go never writes links: a committed one differs from whatever go writes there.
        tree.set(childRel, `symlink:${await fs.promises.readlink(childAbs)}`)
      } else if (entry.isFile() && childRel !== 'modules.txt') {
        const content = normalizeLineEndings(await fs.promises.readFile(childAbs))
        tree.set(childRel, createHash('sha256').update(content).digest('hex'))
      }
    }
  }
  await walk(dir, '')
  return tree
}
