/**
 * go prints some answers as one JSON object after another, not an array (`go list -json`,
 * `go mod download -json`): this splits them so each can be parsed on its own.
 */

/** Top-level `{…}` spans of a stream of JSON objects, strings respected. */
export function splitJsonObjects(text: string): string[] {
  const objects: string[] = []
  let depth = 0
  let start = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') {
      if (depth > 0) inString = true
    } else if (c === '{') {
      if (depth === 0) start = i
      depth++
    } else if (c === '}' && depth > 0) {
      depth--
      if (depth === 0) objects.push(text.slice(start, i + 1))
    }
  }
  return objects
}
