import { describe, expect, it, jest } from '@jest/globals'
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

describe('terminalLogger', () => {
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
