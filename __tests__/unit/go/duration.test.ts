import { describe, expect, it } from '@jest/globals'
import { GO_DURATION, formatGoDuration, goDurationMs } from '../../../src/go/duration.js'

describe('goDurationMs', () => {
  it.each([
    ['0', 0],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['250ms', 250],
    ['10us', 0.01]
  ])('%s is %d ms', (text, ms) => {
    expect(GO_DURATION.test(text)).toBe(true)
    expect(goDurationMs(text)).toBeCloseTo(ms)
  })

  it.each(['', '10', '1d', '-5s', 's', '1h 30m'])('%j is not a Go duration', (text) => {
    expect(GO_DURATION.test(text)).toBe(false)
  })
})

describe('formatGoDuration', () => {
  it.each([
    [250, '250ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [300_000, '5m'],
    [90_000, '90s']
  ])('%i ms is %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text)
  })
})
