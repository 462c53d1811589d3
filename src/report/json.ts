import fs from 'node:fs/promises'
import path from 'node:path'
import type { Report } from '../findings.js'

/**
 * Writes the report as pretty JSON (schema/report.schema.json), creating directories. It is
 * written beside the target and renamed into place, so a reader never sees half a report.
 */
export async function writeJsonReport(report: Report, file: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  try {
    await fs.writeFile(temporary, `${JSON.stringify(report, null, 2)}\n`, 'utf8')
    await fs.rename(temporary, file)
  } catch (error) {
    await fs.rm(temporary, { force: true })
    throw error
  }
}
