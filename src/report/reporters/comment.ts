import { stickyCommentFromEnv } from '../comment.js'
import type { Reporter } from './context.js'

/** The sticky pull request comment (input comment): made or edited in place, one warning at most. */
export const commentReporter: Reporter = {
  name: 'comment',
  async run(context) {
    const result = await stickyCommentFromEnv({
      mode: context.config.comment,
      checkName: context.config.checkName,
      token: context.config.githubToken,
      report: context.report,
      findings: context.findings,
      env: context.env,
      client: context.github?.client
    })
    if ('warning' in result) context.sink.warn(result.warning)
  }
}
