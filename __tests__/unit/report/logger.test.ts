import { describe, expect, it, jest } from '@jest/globals'
import os from 'node:os'
import * as core from '../../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)

const { actionsLogger, terminalLogger } = await import('../../../src/report/logger.js')

function capture() {
  const chunks: string[] = []
  return { stream: { write: (chunk: string) => chunks.push(chunk) }, text: () => chunks.join('') }
}

describe('actionsLogger', () => {
  it('logs through core and returns what the group returns', async () => {
    core.group.mockImplementation(async (_name, fn) => fn())
    const log = actionsLogger()
    log.info('hello')
    log.warning('careful')
    await expect(log.group('Checks', async () => 42)).resolves.toBe(42)
    expect(core.info).toHaveBeenCalledWith('hello')
    expect(core.warning).toHaveBeenCalledWith('careful')
    expect(core.group).toHaveBeenCalledWith('Checks', expect.any(Function))
  })
})

describe('actionsLogger with hostile text', () => {
  it('makes info, warning and group names safe', async () => {
    core.group.mockImplementation(async (_name, fn) => fn())
    const log = actionsLogger()
    log.info('go mod verify in sub\n::set-output name=result::pass')
    log.warning('##[error]x')
    await log.group('tests: ::x\r##[y', async () => undefined)
    expect(core.info).toHaveBeenCalledWith('go mod verify in sub\n: :set-output name=result::pass')
    expect(core.warning).toHaveBeenCalledWith('## [error]x')
    expect(core.group).toHaveBeenCalledWith('tests: ::x\n## [y', expect.any(Function))
  })

  it('prints a block fenced by stop-commands with a fresh token, its lines safe', () => {
    const written: string[] = []
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    try {
      const log = actionsLogger()
      log.block(['ok', '\t::add-path::/evil'])
      log.block([])
      log.block(['again'])
    } finally {
      spy.mockRestore()
    }
    const lines = written.join('').split(os.EOL)
    const tokens = lines.flatMap((l) => /^::stop-commands::(.+)$/.exec(l)?.[1] ?? [])
    expect(tokens).toHaveLength(2)
    expect(tokens[0]).not.toBe(tokens[1])
    expect(lines).toEqual([
      `::stop-commands::${tokens[0]}`,
      'ok',
      '\t: :add-path::/evil',
      `::${tokens[0]}::`,
      `::stop-commands::${tokens[1]}`,
      'again',
      `::${tokens[1]}::`,
      ''
    ])
  })
})

describe('terminalLogger', () => {
  it('makes every line safe, a block included', () => {
    const { stream, text } = capture()
    const log = terminalLogger(stream)
    log.info('a\n::set-output name=result::pass')
    log.warning('x\n##[error]y')
    log.block(['\t::add-path::/evil', 'plain'])
    expect(text()).toBe(
      'a\n: :set-output name=result::pass\nwarning: x\n## [error]y\n\t: :add-path::/evil\nplain\n'
    )
  })

  it('prints plain lines and group names', async () => {
    const { stream, text } = capture()
    const log = terminalLogger(stream)
    log.info('hello')
    const value = await log.group('Checks', async () => {
      log.info('inside')
      return 'done'
    })
    log.warning('careful')
    expect(value).toBe('done')
    expect(text()).toBe('hello\nChecks\ninside\nwarning: careful\n')
  })

  it('prints only warnings when quiet, and still runs groups', async () => {
    const { stream, text } = capture()
    const log = terminalLogger(stream, { quiet: true })
    log.info('hello')
    const fn = jest.fn(async () => 1)
    await expect(log.group('Checks', fn)).resolves.toBe(1)
    log.warning('careful')
    expect(fn).toHaveBeenCalledTimes(1)
    expect(text()).toBe('warning: careful\n')
  })

  it('propagates a failing group', async () => {
    const { stream } = capture()
    await expect(
      terminalLogger(stream).group('x', async () => {
        throw new Error('boom')
      })
    ).rejects.toThrow('boom')
  })
})
