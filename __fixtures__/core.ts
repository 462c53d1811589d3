// Typed mocks of @actions/core for unit tests (jest.unstable_mockModule).
import type * as core from '@actions/core'
import { jest } from '@jest/globals'

export const debug = jest.fn<typeof core.debug>()
export const error = jest.fn<typeof core.error>()
export const info = jest.fn<typeof core.info>()
export const notice = jest.fn<typeof core.notice>()
export const warning = jest.fn<typeof core.warning>()
export const getInput = jest.fn<typeof core.getInput>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const setSecret = jest.fn<typeof core.setSecret>()
export const exportVariable = jest.fn<typeof core.exportVariable>()
export const startGroup = jest.fn<typeof core.startGroup>()
export const endGroup = jest.fn<typeof core.endGroup>()
export const saveState = jest.fn<typeof core.saveState>()
export const getState = jest.fn<typeof core.getState>()
export const isDebug = jest.fn<typeof core.isDebug>()
export const group = jest.fn<typeof core.group>()

/** The slice of core.summary the reporters use; addRaw chains like the real one. */
export interface SummaryMock {
  addRaw: jest.Mock<(text: string, addEOL?: boolean) => SummaryMock>
  write: jest.Mock<() => Promise<SummaryMock>>
}
export const summary: SummaryMock = {
  addRaw: jest.fn<(text: string, addEOL?: boolean) => SummaryMock>(() => summary),
  write: jest.fn<() => Promise<SummaryMock>>(async () => summary)
}
