import { describe, expect, it } from '@jest/globals'
import { downloadTarget, goComplaint, missingFromPath } from '../../../src/go/toolchainerrors.js'

// As go printed them (the proxy's address replaced): go1.26.8 and go1.22.3 under GOTOOLCHAIN=auto
// with GOPROXY=off, go1.22.3 asking a module proxy, and GOTOOLCHAIN=path.
const OFFLINE =
  'go: downloading go1.27.0 (linux/amd64)\ngo: download go1.27.0 for linux/amd64: toolchain not available\n'
const REFUSED =
  'go env -json failed: go: downloading go1.23 (linux/amd64)\n' +
  'go: download go1.23: golang.org/toolchain@v0.0.1-go1.23.linux-amd64: reading ' +
  'https://proxy.example/golang.org/toolchain/@v/v0.0.1-go1.23.linux-amd64.zip: 403 Forbidden\n' +
  '\tserver response: This module version is not available.\n'
const PATH = 'go: cannot find "go1.23" in PATH\n'

describe('toolchain switch messages', () => {
  it('finds the toolchain go set out to download', () => {
    expect(downloadTarget(OFFLINE)).toBe('go1.27.0')
    expect(downloadTarget(REFUSED)).toBe('go1.23')
    expect(downloadTarget(PATH)).toBeUndefined()
  })

  it('finds the toolchain go looked for on PATH', () => {
    expect(missingFromPath(PATH)).toBe('go1.23')
    expect(missingFromPath(OFFLINE)).toBeUndefined()
  })

  it("quotes go's last complaint, an indented line joined to the one it continues", () => {
    expect(goComplaint(OFFLINE)).toBe(
      'go: download go1.27.0 for linux/amd64: toolchain not available'
    )
    expect(goComplaint(REFUSED)).toBe(
      'go: download go1.23: golang.org/toolchain@v0.0.1-go1.23.linux-amd64: reading ' +
        'https://proxy.example/golang.org/toolchain/@v/v0.0.1-go1.23.linux-amd64.zip: 403 Forbidden ' +
        'server response: This module version is not available.'
    )
    expect(goComplaint(PATH)).toBe('go: cannot find "go1.23" in PATH')
  })
})
