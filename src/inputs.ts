import { INPUT_NAMES, type RawInputs } from './config.js'

/**
 * The action's inputs as the runner passes them: INPUT_<NAME> with spaces as underscores and
 * upper case, exactly as @actions/core's getInput reads them.
 */
export function readActionInputs(env: Record<string, string | undefined>): RawInputs {
  const raw: RawInputs = {}
  for (const name of INPUT_NAMES) {
    const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]
    if (value !== undefined) raw[name] = value
  }
  return raw
}
