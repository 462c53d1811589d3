import { describe, expect, it } from '@jest/globals'
import {
  namesNoRelease,
  readsLanguageVersionAsToolchain,
  selectToolchain,
  type SelectionInput
} from '../../../src/go/toolchainselect.js'
import { parseGoVersion, type GoVersion } from '../../../src/go/version.js'

const v = (text: string): GoVersion => {
  const parsed = parseGoVersion(text)
  if (!parsed) throw new Error(`not a version: ${text}`)
  return parsed
}

/** go.mod as `go X` plus an optional toolchain line (a name, or `default`). */
function input(installed: string, gotoolchain: string, go: string, toolchain?: string) {
  const request: SelectionInput = { installed: v(installed), gotoolchain, go: v(go) }
  if (toolchain === 'default') request.toolchain = 'default'
  else if (toolchain) request.toolchain = { name: toolchain, version: v(toolchain.slice(2)) }
  return request
}

// What each go did, run for real as the installed go (`go env GOVERSION` in a module with that
// go.mod, GOPROXY=off): the toolchain it named in "go: downloading <name>" or "cannot find "<name>"
// in PATH", or its own version when it did not switch. The toolchains came from the module proxy.
describe('selectToolchain, as real go releases chose', () => {
  it.each([
    // The language-version reading of golang/go#62278, and the releases that fixed it.
    ['1.21.0', 'auto', '1.23', undefined, 'go1.23'],
    ['1.21.0', 'path', '1.23', undefined, 'go1.23'],
    ['1.21.0', 'auto', '1.27', undefined, 'go1.27'],
    ['1.21.10', 'auto', '1.27', undefined, 'go1.27'],
    ['1.21.11', 'auto', '1.27', undefined, 'go1.27.0'],
    ['1.21.13', 'auto', '1.27', undefined, 'go1.27.0'],
    ['1.22rc1', 'auto', '1.27', undefined, 'go1.27'],
    ['1.22.2', 'auto', '1.27', undefined, 'go1.27'],
    ['1.22.3', 'auto', '1.27', undefined, 'go1.27'],
    ['1.22.4', 'auto', '1.27', undefined, 'go1.27.0'],
    ['1.23.0', 'auto', '1.27', undefined, 'go1.27.0'],
    ['1.26.8', 'auto', '1.27', undefined, 'go1.27.0'],
    ['1.26.8', 'path', '1.27', undefined, 'go1.27.0'],
    ['1.26.8', 'auto', '1.27.0', undefined, 'go1.27.0'],
    ['1.26.8', 'go1.26.8+auto', '1.27', undefined, 'go1.27.0'],
    // A go line the installed go satisfies: no switch, whatever its form.
    ['1.21.0', 'auto', '1.21', undefined, undefined],
    ['1.26.8', 'auto', '1.21', undefined, undefined],
    ['1.26.8', 'auto', '1.23', undefined, undefined],
    ['1.26.8', 'auto', '1.26', undefined, undefined],
    ['1.22.3', 'auto', '1.22', undefined, undefined],
    ['1.26.8', 'local', '1.27', undefined, undefined],
    ['1.21.0', 'local', '1.23', undefined, undefined],
    // GOTOOLCHAIN's own minimum, and the installed go still decides.
    ['1.22.3', 'go1.22.5+auto', '1.23', undefined, 'go1.23'],
    ['1.22.3', 'go1.23.2+auto', '1.23', undefined, 'go1.23.2'],
    ['1.22.3', 'go1.22.1+auto', '1.22', undefined, 'go1.22.1'],
    // The toolchain line first; `toolchain default` stops the switch.
    ['1.22.3', 'auto', '1.23', 'go1.23.0', 'go1.23.0'],
    ['1.22.3', 'auto', '1.23', 'go1.22.9', 'go1.23'],
    ['1.22.3', 'auto', '1.23', 'default', undefined]
  ])('go%s, GOTOOLCHAIN=%s, go %s, toolchain %s: %s', (installed, gotoolchain, go, tc, name) => {
    expect(selectToolchain(input(installed, gotoolchain, go, tc))?.name).toBe(name)
  })

  it('says which line asked and how go looks for the toolchain', () => {
    expect(selectToolchain(input('1.22.3', 'path', '1.23'))).toEqual({
      name: 'go1.23',
      by: 'go-line',
      mode: 'path'
    })
    expect(selectToolchain(input('1.22.3', 'auto', '1.23', 'go1.23.0'))).toEqual({
      name: 'go1.23.0',
      by: 'toolchain-line',
      mode: 'auto'
    })
    expect(selectToolchain(input('1.22.3', 'go1.23.2+auto', '1.23'))).toEqual({
      name: 'go1.23.2',
      by: 'gotoolchain',
      mode: 'auto'
    })
    expect(selectToolchain(input('1.26.8', 'go1.25.0', '1.24.0'))).toEqual({
      name: 'go1.25.0',
      by: 'gotoolchain',
      mode: 'forced'
    })
  })

  it('leaves a go from before toolchain switching, and a GOTOOLCHAIN go refuses, alone', () => {
    expect(selectToolchain(input('1.20.14', 'auto', '1.23'))).toBeUndefined()
    expect(selectToolchain(input('1.26.8', 'go1.27.0+never', '1.28'))).toBeUndefined()
    expect(selectToolchain(input('1.26.8', 'banana', '1.28'))).toBeUndefined()
  })
})

describe('readsLanguageVersionAsToolchain', () => {
  it.each([
    ['1.20.14', false],
    ['1.21rc2', true],
    ['1.21.0', true],
    ['1.21.10', true],
    ['1.21.11', false],
    ['1.22rc1', true],
    ['1.22.3', true],
    ['1.22.4', false],
    ['1.23rc1', false],
    ['1.23.0', false],
    ['1.26.8', false]
  ])('go%s: %s', (installed, expected) => {
    expect(readsLanguageVersionAsToolchain(v(installed))).toBe(expected)
  })
})

describe('namesNoRelease', () => {
  it.each([
    ['go1.23', true],
    ['go1.21', true],
    ['go1.20', false],
    ['go1.23.0', false],
    ['go1.23rc1', false],
    ['default', false]
  ])('%s: %s', (name, expected) => {
    expect(namesNoRelease(name)).toBe(expected)
  })
})
