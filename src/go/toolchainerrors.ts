/**
 * What go says when a toolchain switch goes wrong, read back. Pure. As go 1.21 to 1.26 print it:
 *   go: downloading go1.99.1 (linux/amd64)
 *   go: download go1.99.1 for linux/amd64: toolchain not available
 *   go: cannot find "go1.99.1" in PATH
 */

const DOWNLOAD_TARGET = /go: download(?:ing)? (\S+?)(?::| for | \()/
const PATH_TARGET = /cannot find "([^"]+)" in PATH/

/** The toolchain go set out to download (go1.99.1), if the text says so. */
export function downloadTarget(text: string): string | undefined {
  return DOWNLOAD_TARGET.exec(text)?.[1]
}

/** The toolchain go looked for on PATH (GOTOOLCHAIN=path) and did not find. */
export function missingFromPath(text: string): string | undefined {
  return PATH_TARGET.exec(text)?.[1]
}

/**
 * go's own complaint: its last message that is not download progress, without our prefixes. A
 * line go indents continues the one before (`\tserver response: ...` after a proxy's refusal).
 */
export function goComplaint(text: string): string {
  const messages: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^go env -json failed: /, '').trim()
    if (line === '') continue
    const last = messages.length - 1
    if (/^\s/.test(raw) && last >= 0) messages[last] = `${messages[last]} ${line}`
    else messages.push(line)
  }
  const complaints = messages.filter((m) => !m.startsWith('go: downloading '))
  return complaints[complaints.length - 1] ?? text.trim()
}
