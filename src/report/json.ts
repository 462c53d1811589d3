import { writeFileAtomic } from '../files.js'
import type { Report } from '../findings.js'

/**
 * Writes the report as pretty JSON (schema/report.schema.json), creating directories. It is
 * written beside the target and renamed into place, so a reader never sees half a report.
 */
export async function writeJsonReport(report: Report, file: string): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`)
}
