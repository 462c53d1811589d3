import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import {
  GoNotFoundError,
  GoRunner,
  describeFailure,
  signalRunningGo,
  succeeded
} from '../../src/go/command.js'
import { isRunning } from '../helpers/processes.js'

const tmp = os.tmpdir()

describe('GoRunner', () => {
  it('runs go with an argument array and the pinned environment, and records the command', async () => {
    const runner = new GoRunner({ root: tmp, env: { ...process.env, GOFLAGS: '-mod=readonly' } })
    const result = await runner.run(['env', 'GOFLAGS', 'GOTOOLCHAIN'], {
      cwd: tmp,
      env: { GOTOOLCHAIN: 'local' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.stdout.split('\n').slice(0, 2)).toEqual(['-mod=readonly', 'local'])
    expect(runner.commands).toEqual([
      {
        args: ['env', 'GOFLAGS', 'GOTOOLCHAIN'],
        cwd: '.',
        durationMs: expect.any(Number),
        exitCode: 0
      }
    ])
  })

  it('passes arguments through untouched: no shell ever sees them', async () => {
    const runner = new GoRunner({ root: tmp, env: process.env })
    const hostile = '$(touch pwned); `touch pwned` && touch pwned'
    const result = await runner.run(['env', hostile], { cwd: tmp })
    expect(fs.existsSync(path.join(tmp, 'pwned'))).toBe(false)
    expect(result.stdout.trim()).toBe('')
  })

  it('streams output as it arrives', async () => {
    const runner = new GoRunner({ root: tmp, env: process.env })
    const chunks: string[] = []
    await runner.run(['version'], { cwd: tmp, onStdout: (c) => chunks.push(c) })
    expect(chunks.join('')).toMatch(/^go version go1\.\d+/)
  })

  it('throws GoNotFoundError, saying to add setup-go, when the binary is missing', async () => {
    const runner = new GoRunner({ root: tmp, env: process.env, binary: 'go-does-not-exist-here' })
    const failure = runner.run(['version'], { cwd: tmp })
    await expect(failure).rejects.toBeInstanceOf(GoNotFoundError)
    await expect(failure).rejects.toThrow(/add actions\/setup-go/)
  })

  it('kills the whole process group on timeout, grandchildren included', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'gcg-timeout-'))
    const pidFile = path.join(dir, 'grandchild.pid')
    // The runner starts any binary; sh stands in for go's own children (compilers, test binaries).
    const runner = new GoRunner({ root: dir, env: process.env, binary: 'sh' })
    const result = await runner.run(['-c', `sleep 30 & echo $! > ${pidFile}; wait`], {
      cwd: dir,
      timeoutMs: 300
    })
    expect(result.timedOut).toBe(true)
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'))
    await new Promise((r) => setTimeout(r, 100))
    expect(isRunning(grandchild)).toBe(false)
    expect(describeFailure(['test', './...'], result)).toMatch(
      /^go test \.\/\.\.\. timed out after/
    )
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('kills a running command when its signal aborts (its check ran out of time)', async () => {
    const controller = new AbortController()
    const runner = new GoRunner({ root: tmp, env: process.env, binary: 'sh' }).withSignal(
      controller.signal
    )
    const running = runner.run(['-c', 'sleep 30'], { cwd: tmp, timeoutMs: 60_000 })
    setTimeout(() => controller.abort(), 100)
    const result = await running
    expect(result.aborted).toBe(true)
    expect(result.timedOut).toBe(false)
    expect(result.signal).toBe('SIGTERM')
    expect(describeFailure(['test'], result)).toMatch(/^go test was stopped after \d+ s$/)
  })

  it('stops one command through its own signal, and the runner goes on', async () => {
    const runner = new GoRunner({ root: tmp, env: process.env, binary: 'sh' })
    const watchdog = new AbortController()
    const running = runner.run(['-c', 'sleep 30'], { cwd: tmp, signal: watchdog.signal })
    setTimeout(() => watchdog.abort(), 100)
    expect((await running).aborted).toBe(true)
    const next = await runner.run(['-c', 'exit 3'], { cwd: tmp })
    expect([next.exitCode, next.aborted]).toEqual([3, false])
  })

  it('says a command killed by a signal was killed, never that it exited', async () => {
    const runner = new GoRunner({ root: tmp, env: process.env, binary: 'sh' })
    const result = await runner.run(['-c', 'kill -KILL $$'], { cwd: tmp })
    expect([result.exitCode, result.signal]).toEqual([null, 'SIGKILL'])
    expect(succeeded(result)).toBe(false)
    expect(describeFailure(['test', './...'], result)).toBe('go test ./... was killed by SIGKILL')
  })

  it('signals every go command still running, with its children', async () => {
    const runner = new GoRunner({ root: tmp, env: process.env, binary: 'sh' })
    const running = runner.run(['-c', 'sleep 30 & wait'], { cwd: tmp, timeoutMs: 60_000 })
    await new Promise((r) => setTimeout(r, 100))
    expect(signalRunningGo('SIGTERM')).toBe(1)
    const result = await running
    expect(result.signal).toBe('SIGTERM')
    expect(signalRunningGo('SIGTERM')).toBe(0)
  })
})
