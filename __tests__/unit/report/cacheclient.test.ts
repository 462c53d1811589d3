// Telling a refused reservation apart: @actions/cache 6 raises one ReserveCacheError for every
// failed CreateCacheEntry and keeps the cause only in `::debug::Failed to reserve cache: <error>`.
// The causes below are what its twirp client words (lib/internal/shared/cacheTwirpClient.js,
// errors.js); the end-to-end tier gets them from the real client and a local service.
import { describe, expect, it } from '@jest/globals'
import { reserveFailure } from '../../../src/report/cacheclient.js'

const KEY = 'go-ci-gate-build-Linux-X64-go1.26.8-race-1a2b3c4d-0123456789ab'

describe('reserveFailure', () => {
  it('makes the service 409 (another job holds the key) a CacheKeyTakenError', () => {
    const error = reserveFailure(
      KEY,
      'Error: Failed to CreateCacheEntry: Received non-retryable error: Failed request: (409) Conflict: cache entry with the same key, version, and scope already exists'
    )
    expect(error.name).toBe('CacheKeyTakenError')
    expect(error.message).toBe(`another job holds the cache key ${KEY}`)
  })

  it.each([
    [
      'a 5xx after the five tries',
      'Error: Failed to CreateCacheEntry: Failed to make request after 5 attempts: Failed request: (500) Internal Server Error: boom',
      'Failed to CreateCacheEntry: Failed to make request after 5 attempts: Failed request: (500) Internal Server Error: boom'
    ],
    [
      'another 4xx',
      'Error: Failed to CreateCacheEntry: Received non-retryable error: Failed request: (400) Bad Request: key is required',
      'Failed to CreateCacheEntry: Received non-retryable error: Failed request: (400) Bad Request: key is required'
    ],
    [
      'a reset connection (NetworkError, with its advice on a second line)',
      'Error: Failed to CreateCacheEntry: Unable to make request: ECONNRESET\nIf you are using self-hosted runners, please make sure ...',
      'Failed to CreateCacheEntry: Unable to make request: ECONNRESET'
    ],
    [
      'the storage quota',
      'Error: Failed to CreateCacheEntry: Cache storage quota has been hit. Unable to upload any new cache entries.\nMore info ...',
      'Failed to CreateCacheEntry: Cache storage quota has been hit. Unable to upload any new cache entries.'
    ],
    [
      'an ok: false answer with a message',
      'Error: reservations are paused',
      'reservations are paused'
    ],
    ['no cause logged', undefined, '@actions/cache gave no reason'],
    ['a 409 named in the message only', 'Error: upstream said 409', 'upstream said 409']
  ])('makes %s a failure naming it', (_what, cause, reason) => {
    const error = reserveFailure(KEY, cause)
    expect(error.name).toBe('Error')
    expect(error.message).toBe(`the cache service did not reserve ${KEY}: ${reason}`)
  })
})
