import * as core from '@actions/core'

/**
 * The action's post step. It runs after every job, whatever the gate decided; cache saving
 * and trimming attach here. Until then it only says so, so the log never goes silent.
 */
export async function run(): Promise<void> {
  try {
    core.info('go-ci-gate post: no cache to save (caching is not enabled in this version)')
  } catch (error) {
    // The post step must never fail the job: its work is an optimisation.
    core.warning(`go-ci-gate post: ${error instanceof Error ? error.message : String(error)}`)
  }
}
