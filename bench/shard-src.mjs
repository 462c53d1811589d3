// src/shard/*.ts as ES modules for the scripts that run under plain node (bench/shard.mjs,
// scripts/record-timings.mjs): each file transpiled alone with the repository's typescript into
// .bench/shard-src/, where their imports of each other (`./estimate.js`) resolve as written.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { benchDir, fail, repoRoot } from './common.mjs'

/** `{ plan, timings, ... }`: the module of src/shard/<name>.ts for each of `names`. */
export async function loadShardModules(names = ['plan', 'timings']) {
  const from = path.join(repoRoot, 'src', 'shard')
  const outDir = path.join(benchDir, 'shard-src')
  fs.rmSync(outDir, { recursive: true, force: true })
  fs.mkdirSync(outDir, { recursive: true })
  for (const entry of fs.readdirSync(from)) {
    if (!entry.endsWith('.ts')) continue
    const source = path.join(from, entry)
    const out = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: source
    })
    // Type-only imports vanish in transpiling; any other must be a sibling in src/shard/.
    for (const m of out.outputText.matchAll(
      /^\s*(?:import|export)\b[^'"]*\bfrom\s+['"]([^'"]+)['"]/gm
    )) {
      if (!m[1].startsWith('./')) {
        fail(
          `${path.relative(repoRoot, source)} imports ${m[1]}; teach bench/shard-src.mjs to follow`
        )
      }
    }
    fs.writeFileSync(path.join(outDir, entry.replace(/\.ts$/, '.js')), out.outputText)
  }
  const modules = {}
  for (const name of names) {
    modules[name] = await import(pathToFileURL(path.join(outDir, `${name}.js`)).href)
  }
  return modules
}
