// Three self-contained ESM bundles: the action's main and post steps, and the command.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

// check-dist builds into a scratch directory and compares it with the committed dist/.
const outDir = process.env.GO_CI_GATE_DIST_DIR ?? 'dist'

/** @type {Array<{ name: string, banner?: string }>} */
const entries = [{ name: 'main' }, { name: 'post' }, { name: 'cli', banner: '#!/usr/bin/env node' }]

/** @type {import('rollup').RollupOptions[]} */
const config = entries.map(({ name, banner }) => ({
  input: `src/entry/${name}.ts`,
  output: {
    esModule: true,
    file: `${outDir}/${name}.js`,
    format: 'es',
    sourcemap: false,
    inlineDynamicImports: true,
    banner
  },
  onwarn(warning, warn) {
    // The toolkit's dependencies use `this` at module scope and circular imports; both are harmless.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return
    warn(warning)
  },
  plugins: [
    typescript({ tsconfig: 'tsconfig.build.json' }),
    nodeResolve({ preferBuiltins: true }),
    commonjs(),
    json()
  ]
}))

export default config
