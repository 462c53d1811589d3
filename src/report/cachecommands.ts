/**
 * @actions/cache reports its own trouble through @actions/core: `::error::Failed to restore: …`
 * on a 5xx, `::warning::Cache reservation failed: …` when the service answers a reservation with
 * ok: false. For the gate cache trouble is never an error (the verdict never depends on it): while
 * a cache call runs, the first becomes a warning, and the second a plain log line, since the
 * gate's own warning for that save (cacheclient.ts) names the same reason. Its log carries text
 * from the network (a cache service's error), so every line is also made safe (safetext.ts), its
 * own log commands kept.
 */
import { safeLibraryLine } from './safetext.js'

const REWRITES: Array<{ from: RegExp; to: string }> = [
  { from: /^::error::(Failed to (?:restore|save): )/, to: '::warning::$1' },
  { from: /^::warning::(Cache reservation failed: )/, to: '$1' }
]

/** A workflow command line as the gate wants it shown. */
export function softenCacheCommand(line: string): string {
  for (const { from, to } of REWRITES) {
    if (from.test(line)) return line.replace(from, to)
  }
  return line
}

/** A line @actions/cache printed, as the runner gets it: softened and safe, its \r kept. */
function asShown(line: string, soften: (line: string) => string): string {
  const cr = line.endsWith('\r') ? '\r' : ''
  return safeLibraryLine(soften(line.slice(0, line.length - cr.length))) + cr
}

/**
 * Runs `fn` with @actions/cache's error and reservation commands softened on stdout; `seen`
 * gets every line it printed meanwhile (the only place it says why a save returned -1).
 * `soften` replaces the cache's rewrites for another library (@actions/artifact: artifacts.ts).
 */
export async function withSoftCacheCommands<T>(
  fn: () => Promise<T>,
  options: {
    stream?: NodeJS.WriteStream
    seen?: (line: string) => void
    soften?: (line: string) => string
  } = {}
): Promise<T> {
  const stream = options.stream ?? process.stdout
  const soften = options.soften ?? softenCacheCommand
  const write = stream.write.bind(stream)
  const patched = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : undefined
    if (text !== undefined && options.seen !== undefined) {
      for (const line of text.split('\n')) if (line !== '') options.seen(line)
    }
    const out =
      text === undefined
        ? chunk
        : text
            .split('\n')
            .map((line) => asShown(line, soften))
            .join('\n')
    return (write as (...args: unknown[]) => boolean)(out, ...rest)
  }
  stream.write = patched as typeof stream.write
  try {
    return await fn()
  } finally {
    stream.write = write
  }
}
