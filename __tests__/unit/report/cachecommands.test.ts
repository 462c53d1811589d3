// @actions/cache's workflow commands while a cache call runs: its errors become warnings, its
// warning for a refused reservation a plain line (the gate warns with the reason itself), and
// nothing else printed meanwhile changes. The real
// @actions/core prints them, as it does for @actions/cache.
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import fc from 'fast-check'
import { softenCacheCommand, withSoftCacheCommands } from '../../../src/report/cachecommands.js'

describe('softenCacheCommand', () => {
  it.each([
    [
      '::error::Failed to restore: Cache service responded with 503',
      '::warning::Failed to restore: Cache service responded with 503'
    ],
    ['::error::Failed to save: Unable to upload', '::warning::Failed to save: Unable to upload'],
    [
      '::warning::Cache reservation failed: Cache already exists. Scope: refs/heads/main, Key: k',
      'Cache reservation failed: Cache already exists. Scope: refs/heads/main, Key: k'
    ]
  ])('%s', (line, softened) => {
    expect(softenCacheCommand(line)).toBe(softened)
  })

  it.each([
    // The gate's own findings, and anything else @actions/cache did not say.
    '::error file=go.mod,line=3::go.mod requires go >= 1.27',
    '::error::go-ci-gate failed: 1 error(s)',
    '::error::Failed to download go1.26.8',
    '::error title=x::Failed to restore: with properties',
    '::warning::Failed to save: already a warning',
    '::warning::Cache save failed.',
    '::notice::Cache reservation failed: already a notice',
    'Failed to restore: not a command',
    ' ::error::Failed to restore: indented, not a command',
    ''
  ])('leaves %j as it is', (line) => {
    expect(softenCacheCommand(line)).toBe(line)
  })

  it('rewrites only the command, never the message', () => {
    expect(softenCacheCommand('::error::Failed to restore: ::error::Failed to save: x')).toBe(
      '::warning::Failed to restore: ::error::Failed to save: x'
    )
  })

  it('leaves every line that is not one of the three commands unchanged', () => {
    fc.assert(
      fc.property(fc.string(), (line) => {
        fc.pre(!/^::(error|warning)::/.test(line))
        expect(softenCacheCommand(line)).toBe(line)
      })
    )
  })
})

/** A stream that keeps what it was given. */
function fakeStream(): { stream: NodeJS.WriteStream; chunks: unknown[]; args: unknown[][] } {
  const chunks: unknown[] = []
  const args: unknown[][] = []
  const stream = {
    write(chunk: unknown, ...rest: unknown[]): boolean {
      chunks.push(chunk)
      args.push(rest)
      return true
    }
  }
  return { stream: stream as unknown as NodeJS.WriteStream, chunks, args }
}

describe('withSoftCacheCommands', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('softens what @actions/core prints to stdout while the call runs, and only then', async () => {
    const written: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    const id = await withSoftCacheCommands(async () => {
      core.error('Failed to save: Unable to reserve cache')
      core.warning('Cache reservation failed: Cache already exists')
      core.info('Cache Size: ~12 MB')
      core.error('the gate itself')
      return 42
    })
    core.error('Failed to restore: after the call')
    expect(id).toBe(42)
    expect(written).toEqual([
      '::warning::Failed to save: Unable to reserve cache\n',
      'Cache reservation failed: Cache already exists\n',
      'Cache Size: ~12 MB\n',
      '::error::the gate itself\n',
      '::error::Failed to restore: after the call\n'
    ])
  })

  it('softens each line of a chunk, passes the other arguments on, and tells `seen` every line as printed', async () => {
    const { stream, chunks, args } = fakeStream()
    const seen: string[] = []
    const callback = (): void => undefined
    await withSoftCacheCommands(
      async () => {
        stream.write(
          'Received 0 of 10 (0.0%)\n::error::Failed to restore: timeout\n\nCache not found\n',
          'utf8',
          callback
        )
      },
      { stream, seen: (line) => seen.push(line) }
    )
    expect(chunks).toEqual([
      'Received 0 of 10 (0.0%)\n::warning::Failed to restore: timeout\n\nCache not found\n'
    ])
    expect(args).toEqual([['utf8', callback]])
    // Unsoftened: the caller looks for @actions/cache's own words; blank lines are left out.
    expect(seen).toEqual([
      'Received 0 of 10 (0.0%)',
      '::error::Failed to restore: timeout',
      'Cache not found'
    ])
  })

  it('makes what @actions/cache prints safe, keeping its own log commands', async () => {
    const { stream, chunks } = fakeStream()
    await withSoftCacheCommands(
      async () => {
        stream.write('::debug::key ##[x]\n::set-output name=result::pass\r\n  ##[error]y\n')
        stream.write('::error::Failed to restore: 500: ::add-path::/evil ##[z]\n')
      },
      { stream }
    )
    expect(chunks).toEqual([
      '::debug::key ## [x]\n: :set-output name=result::pass\r\n  ## [error]y\n',
      '::warning::Failed to restore: 500: ::add-path::/evil ## [z]\n'
    ])
  })

  it('passes bytes through untouched and unseen', async () => {
    const { stream, chunks } = fakeStream()
    const seen: string[] = []
    const bytes = Buffer.from('::error::Failed to save: as bytes\n')
    await withSoftCacheCommands(
      async () => {
        stream.write(bytes)
      },
      { stream, seen: (line) => seen.push(line) }
    )
    expect(chunks).toEqual([bytes])
    expect(chunks[0]).toBe(bytes)
    expect(seen).toEqual([])
  })

  it('stops softening and passes the error on when the call throws', async () => {
    const { stream, chunks } = fakeStream()
    await expect(
      withSoftCacheCommands(
        async () => {
          stream.write('::error::Failed to save: 500\n')
          throw new Error('socket hang up')
        },
        { stream }
      )
    ).rejects.toThrow(new Error('socket hang up'))
    stream.write('::error::Failed to save: after\n')
    expect(chunks).toEqual(['::warning::Failed to save: 500\n', '::error::Failed to save: after\n'])
  })

  it('works without a `seen`', async () => {
    const { stream, chunks } = fakeStream()
    await withSoftCacheCommands(
      async () => stream.write('::warning::Cache reservation failed: taken\n'),
      { stream }
    )
    expect(chunks).toEqual(['Cache reservation failed: taken\n'])
  })
})
