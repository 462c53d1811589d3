/**
 * The environment go, and through it the code under test, runs with: the job's environment
 * without what only the action itself may use. A pull request's test must not read the job's
 * tokens or write the step's file commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE: the post
 * step reads its state from there). Everything else passes through: go needs HOME, PATH, the
 * GO* and CGO_* variables, proxies and certificates; tests may need the rest.
 */

/** Variables removed from go's environment, by exact name. */
export const WITHHELD_NAMES = [
  'GITHUB_ENV',
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_PATH',
  'GITHUB_STEP_SUMMARY'
] as const

/**
 * Variables removed by prefix: the action's inputs (INPUT_GITHUB-TOKEN among them), the
 * runner's service tokens and URLs (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL,
 * ACTIONS_ID_TOKEN_REQUEST_TOKEN, ...), and the post step's saved state (STATE_*).
 */
export const WITHHELD_PREFIXES = ['INPUT_', 'ACTIONS_', 'STATE_'] as const

export function isWithheld(name: string): boolean {
  const upper = name.toUpperCase()
  return (
    (WITHHELD_NAMES as readonly string[]).includes(upper) ||
    WITHHELD_PREFIXES.some((prefix) => upper.startsWith(prefix))
  )
}

/** The job's environment minus what go and the tests must not see. */
export function childEnvironment(
  env: Record<string, string | undefined>
): Record<string, string | undefined> {
  const child: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(env)) {
    if (!isWithheld(name)) child[name] = value
  }
  return child
}
