/** Stack frames as findings show them: the repository's own, relative, short function names. */
import { plural } from '../../findings.js'
import { firstRepoFrame, type Frame, type RepoContext } from '../../go/stackframes.js'

/** Frames inside the repository, `  function  file:line`; the top frame when none is. */
export function frameLines(frames: readonly Frame[], context: RepoContext): string[] {
  const shown: string[] = []
  let skipped = 0
  for (const frame of frames) {
    const relative = firstRepoFrame([frame], context)?.relative
    if (relative === undefined) {
      skipped++
      continue
    }
    shown.push(`  ${shortFunction(frame.function)}  ${relative}:${frame.line}`)
  }
  if (shown.length === 0 && frames[0] !== undefined) {
    const top = frames[0]
    return [`  ${shortFunction(top.function)}  ${top.file}:${top.line} (outside the repository)`]
  }
  if (skipped > 0 && shown.length > 0)
    shown.push(`  (${plural(skipped, 'frame')} outside the repository hidden)`)
  return shown
}

/** `example.com/m/stats.(*Counter).Inc` -> `stats.(*Counter).Inc`. */
export function shortFunction(name: string): string {
  const slash = name.lastIndexOf(
    '/',
    name.indexOf('.') === -1 ? name.length : name.search(/\.[^/]*$/)
  )
  return slash === -1 ? name : name.slice(slash + 1)
}
