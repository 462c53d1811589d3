// Checks a SARIF file the way its readers would: against the SARIF 2.1.0 JSON schema (the copy
// the platform's @microsoft/sarif-multitool-* package ships beside the tool) and with
// Microsoft's SARIF validator, including its GitHub ingestion rules (GH*). Nothing is fetched
// from the network.
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

const require = createRequire(import.meta.url)
// The package's main module is the path of the platform's native executable.
const multitool = require('@microsoft/sarif-multitool') as string
const multitoolDir = path.dirname(multitool)

const addFormats = addFormatsModule.default
let validateSchema: ReturnType<Ajv2020['compile']> | undefined

/** The schema's complaints about the log, as `path: message` lines; [] when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validateSchema === undefined) {
    const schema = JSON.parse(
      fs.readFileSync(path.join(multitoolDir, 'sarif-2.1.0.json'), 'utf8')
    ) as object
    // The published schema uses keywords' older spellings in places; strict mode would refuse it.
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats(ajv)
    validateSchema = ajv.compile(schema)
  }
  if (validateSchema(log)) return []
  return (validateSchema.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? ''}`)
}

/**
 * What `Sarif.Multitool validate` reports for the file with the SARIF rules and GitHub's
 * ingestion rules, as `RULE level: location` lines; [] when it finds nothing. The tool exits 0
 * even when it reports errors, so its own SARIF output is read.
 */
export function sarifValidatorFindings(file: string): string[] {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-validate-')), 'out.sarif')
  try {
    const run = spawnSync(
      multitool,
      ['validate', file, '--rule-kind', 'Sarif;Gh', '--output', out, '--log', 'ForceOverwrite'],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' }
      }
    )
    if (run.status !== 0 || !fs.existsSync(out)) {
      throw new Error(`sarif-multitool validate failed (${run.status}): ${run.stdout}${run.stderr}`)
    }
    const log = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      runs: Array<{
        results?: Array<{
          ruleId: string
          level?: string
          message: { arguments?: string[] }
        }>
        invocations?: Array<{ toolExecutionNotifications?: Array<{ message: { text: string } }> }>
      }>
    }
    const run0 = log.runs[0]
    const problems = (run0?.invocations ?? []).flatMap((i) =>
      (i.toolExecutionNotifications ?? []).map((n) => `tool: ${n.message.text}`)
    )
    return [
      ...problems,
      ...(run0?.results ?? []).map(
        (r) => `${r.ruleId} ${r.level ?? 'warning'}: ${(r.message.arguments ?? []).join(' | ')}`
      )
    ]
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true })
  }
}
