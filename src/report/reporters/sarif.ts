import { renderSarif, writeSarif } from '../sarif.js'
import { safeJson } from '../safetext.js'
import type { ReportContext, Reporter } from './context.js'

/** The findings as SARIF 2.1.0 for code scanning: to the sarif file, or stdout (--format sarif). */
export const sarifReporter: Reporter = {
  name: 'sarif',
  async run(context, choice) {
    const log = renderSarif(context.report, {
      root: context.root,
      informationUri: actionRepositoryUri(context),
      findings: context.findings
    })
    if (choice.file === undefined) {
      context.sink.print(`${safeJson(JSON.stringify(log, null, 2))}\n`)
      return
    }
    await writeSarif(choice.file, log)
    context.delivered.files.sarif = choice.file
  }
}

/** The action's own repository on its GitHub server, when the runner names it. */
function actionRepositoryUri(context: ReportContext): string | undefined {
  const repository = context.env.GITHUB_ACTION_REPOSITORY
  if (repository === undefined || !/^[\w.-]+\/[\w.-]+$/.test(repository)) return undefined
  const server = (context.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  return `${server}/${repository}`
}
