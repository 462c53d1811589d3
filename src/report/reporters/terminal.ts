import path from 'node:path'
import type { Report } from '../../findings.js'
import { toPosix } from '../../go/command.js'
import { renderTerminal } from '../terminal.js'
import type { Reporter } from './context.js'

/** Compiler-style lines for a person at a terminal: `file:line:col: error: …`. */
export const terminalReporter: Reporter = {
  name: 'terminal',
  run(context) {
    const { cwd, color } = context.terminal ?? { cwd: context.root, color: false }
    context.sink.print(renderTerminal(rebase(context.report, context.root, cwd), { color }))
  }
}

/** Compiler-style lines are clickable from where the command ran, so paths start there. */
function rebase(report: Report, root: string, cwd: string): Report {
  if (path.resolve(root) === path.resolve(cwd)) return report
  const move = (file: string): string => toPosix(path.relative(cwd, path.join(root, file)))
  return {
    ...report,
    results: report.results.map((r) => ({
      ...r,
      findings: r.findings.map((f) => (f.file === undefined ? f : { ...f, file: move(f.file) }))
    }))
  }
}
