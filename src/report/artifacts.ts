/**
 * The run's artifacts through @actions/artifact, for a sharded run (issue 13): each shard job
 * uploads its JSON report as an artifact, and the merge job downloads every shard's. A failure
 * is thrown as one line naming the artifact; the caller decides what it is (a shard's failed
 * upload a warning, a report the merge misses an error). @actions/artifact's own warning for a
 * call refused before any request (GHES; several lines and a status page link) goes to the debug
 * log instead, and the lines it logs (which carry the service's error text) are made safe.
 */
import fs from 'node:fs'
import path from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { isInside } from '../files.js'
import { capText, errorMessage } from '../text.js'
import { withSoftCacheCommands } from './cachecommands.js'

export interface UploadReportOptions {
  /** Days GitHub keeps the artifact; the merge job of the same run is its only reader. */
  retentionDays?: number
}

export interface UploadedReport {
  name: string
  id: number
  /** Bytes of the zip uploaded. */
  size: number
  /** sha256 of the zip, hex. */
  digest?: string
}

export interface DownloadedReport {
  /** The artifact's name. */
  name: string
  /** A JSON file it held, under the directory it was downloaded into. */
  file: string
}

const FAILED_CALL =
  /^::warning::((?:Artifact upload|Download Artifact|Listing Artifacts) failed with error: )/

/** @actions/artifact's warning for a failed call, made a debug line (the caller reports it). */
function softenArtifactCommand(line: string): string {
  return line.replace(FAILED_CALL, '::debug::$1')
}

/** The first line of what @actions/artifact threw (a NetworkError goes on with advice), cut. */
function reason(error: unknown): string {
  const message = errorMessage(error)
  return capText(message.split('\n')[0]?.trim() || 'no reason given', 500)
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await withSoftCacheCommands(fn, { soften: softenArtifactCommand })
  } catch (error) {
    throw new Error(`${what}: ${reason(error)}`)
  }
}

/** Uploads `file` alone (zipped, at the top of the artifact) as the artifact `name`. */
export async function uploadReport(
  name: string,
  file: string,
  options: UploadReportOptions = {}
): Promise<UploadedReport> {
  const client = new DefaultArtifactClient()
  const absolute = path.resolve(file)
  const uploaded = await call(`could not upload ${absolute} as the artifact ${name}`, () =>
    client.uploadArtifact(name, [absolute], path.dirname(absolute), {
      retentionDays: options.retentionDays ?? 1
    })
  )
  return {
    name,
    id: uploaded.id ?? 0,
    size: uploaded.size ?? 0,
    ...(uploaded.digest ? { digest: uploaded.digest } : {})
  }
}

/**
 * Downloads every artifact of this run whose name starts with `prefix` into `dir/<name>/` and
 * returns the JSON files they held, by artifact name then path. Throws when the list fails, an
 * artifact fails to download or arrives changed, or holds no JSON file.
 */
export async function downloadReports(prefix: string, dir: string): Promise<DownloadedReport[]> {
  const client = new DefaultArtifactClient()
  const root = path.resolve(dir)
  const { artifacts } = await call('could not list the artifacts of this run', () =>
    client.listArtifacts({ latest: true })
  )
  const wanted = artifacts
    .filter((a) => a.name.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const reports: DownloadedReport[] = []
  for (const artifact of wanted) {
    const target = path.join(root, artifact.name)
    if (!isInside(root, target) || target === root) {
      throw new Error(`the artifact name ${artifact.name} cannot name a directory under ${root}`)
    }
    if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
      throw new Error(`cannot download the artifact ${artifact.name}: ${target} is not empty`)
    }
    const what = `could not download the artifact ${artifact.name}`
    const { digestMismatch } = await call(what, () =>
      client.downloadArtifact(artifact.id, {
        path: target,
        ...(artifact.digest ? { expectedHash: artifact.digest } : {})
      })
    )
    if (digestMismatch) {
      throw new Error(`${what}: its sha256 differs from the one it was uploaded with`)
    }
    const files = jsonFiles(target)
    if (files.length === 0) throw new Error(`the artifact ${artifact.name} holds no JSON file`)
    for (const file of files) reports.push({ name: artifact.name, file })
  }
  return reports
}

/** The .json files under `dir`, sorted by path. */
function jsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
}
