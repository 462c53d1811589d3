// GitHub's published OpenAPI description (npm @octokit/openapi, the api.github.com file with
// $refs) cut down to the operations the GitHub API stand-in serves, compiled once per process
// with ajv, so the stand-in refuses what GitHub refuses and never answers what GitHub would not.
//
// GitHub validates a request body against its JSON schema and answers 422 with
// `Invalid request.\n\n<problem>`; the problem wording below is GitHub's where issues quote it
// ("No more than 50 items are allowed; 77 were supplied.", `"sha" wasn't supplied.`,
// `For 'links/0/schema', nil is not an object.`) and a close paraphrase otherwise (marked).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const addFormats = addFormatsModule.default
const require = createRequire(import.meta.url)
const SPEC_ID = 'https://api.github.com/openapi.json'

export const OPERATION_IDS = [
  'checks/create',
  'checks/update',
  'checks/list-annotations',
  'pulls/list-files',
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment'
] as const
export type OperationId = (typeof OPERATION_IDS)[number]

/**
 * Rules GitHub documents in prose but the schema leaves out, applied as schema patches: the
 * update operation's description of `output.title` says "**Required**".
 */
const DOCUMENTED_REQUIRED: Partial<Record<OperationId, { pointer: string[]; add: string }>> = {
  'checks/update': { pointer: ['properties', 'output'], add: 'title' }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }
type Params = Record<string, string | number>

export interface Operation {
  id: OperationId
  method: string
  /** The path as the description writes it, e.g. `/repos/{owner}/{repo}/check-runs`. */
  template: string
  /** The operation's page on docs.github.com: GitHub's `documentation_url` for it. */
  docsUrl: string
  /** The path parameters when `pathname` is this operation's path, else undefined. */
  match(pathname: string): Record<string, string> | undefined
  /** Path parameters typed by the schema; a problem when one is not of its type. */
  pathParams(raw: Record<string, string>): { params: Params } | { problem: string }
  /** Query parameters the operation declares, typed by the schema; unknown ones are ignored. */
  queryParams(query: URLSearchParams): { params: Params } | { problem: string }
  /** GitHub's `Invalid request.` problems with the body; [] when it is valid. */
  bodyProblems(body: unknown): string[]
  /** The response schema's complaints about an answer (status, JSON body); [] when valid. */
  responseProblems(status: number, body: unknown): string[]
}

let cached: Operation[] | undefined

/** The served operations, compiled on first use (the description is parsed once per process). */
export function githubOperations(): Operation[] {
  cached ??= compileOperations()
  return cached
}

function compileOperations(): Operation[] {
  const file = path.join(
    path.dirname(require.resolve('@octokit/openapi/package.json')),
    'generated',
    'api.github.com.json'
  )
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject
  const found = new Map<OperationId, { method: string; template: string; op: JsonObject }>()
  for (const [template, item] of Object.entries(spec.paths as JsonObject)) {
    for (const [method, op] of Object.entries(item as JsonObject)) {
      const id = (op as JsonObject).operationId as OperationId
      if ((OPERATION_IDS as readonly string[]).includes(id)) {
        found.set(id, { method: method.toUpperCase(), template, op: op as JsonObject })
      }
    }
  }
  // Only the component schemas these operations reach are kept; the rest of the file is dropped.
  const resolve = (value: Json): Json => {
    if (isObject(value) && typeof value.$ref === 'string') return resolve(pointer(spec, value.$ref))
    return value
  }
  const schemas: JsonObject = {}
  const reach = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(reach)
    else if (isObject(value)) {
      const ref = value.$ref
      if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
        const name = ref.slice('#/components/schemas/'.length)
        if (!(name in schemas)) {
          schemas[name] = pointer(spec, ref)
          reach(schemas[name])
        }
      }
      Object.values(value).forEach(reach)
    }
  }
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, logger: false })
  addFormats(ajv)
  const operations = OPERATION_IDS.map((id) => {
    const entry = found.get(id)
    if (entry === undefined) throw new Error(`@octokit/openapi no longer describes ${id}`)
    const params = ((entry.op.parameters ?? []) as Json[]).map((p) => resolve(p) as JsonObject)
    const body = resolve(entry.op.requestBody ?? null) as JsonObject | null
    const bodySchema = body === null ? undefined : jsonSchema(body)
    const responses = Object.entries(entry.op.responses as JsonObject).map(
      ([status, r]) => [status, jsonSchema(resolve(r) as JsonObject)] as const
    )
    reach([params, bodySchema ?? null, responses.map(([, s]) => s ?? null)] as Json)
    return { id, entry, params, bodySchema, responses }
  })
  for (const name of ['basic-error', 'validation-error']) {
    schemas[name] = pointer(spec, `#/components/schemas/${name}`)
    reach(schemas[name])
  }
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: nullableEnums(schemas) } })
  const compile = (schema: Json): ValidateFunction =>
    ajv.compile(nullableEnums(absoluteRefs(schema)) as object)
  const basicError = compile({ $ref: '#/components/schemas/basic-error' })
  const validationError = compile({ $ref: '#/components/schemas/validation-error' })
  return operations.map(({ id, entry, params, bodySchema, responses }) => {
    const patch = DOCUMENTED_REQUIRED[id]
    if (patch !== undefined && bodySchema !== undefined) {
      const target = patch.pointer.reduce<Json>((s, k) => (s as JsonObject)[k] ?? null, bodySchema)
      const object = target as JsonObject
      object.required = [...((object.required as string[] | undefined) ?? []), patch.add]
    }
    const validateBody = bodySchema === undefined ? undefined : compile(bodySchema)
    const validateResponse = new Map(
      responses.map(([status, schema]) => [
        status,
        schema === undefined ? undefined : compile(schema)
      ])
    )
    const docs = (entry.op.externalDocs as JsonObject | undefined)?.url
    return makeOperation({
      id,
      method: entry.method,
      template: entry.template,
      docsUrl: typeof docs === 'string' ? docs : 'https://docs.github.com/rest',
      pathParams: params.filter((p) => p.in === 'path'),
      queryParams: params.filter((p) => p.in === 'query'),
      validateBody,
      validateResponse: (status) =>
        validateResponse.get(String(status)) ??
        (status === 422 ? validationError : status >= 400 ? basicError : undefined)
    })
  })
}

interface OperationParts {
  id: OperationId
  method: string
  template: string
  docsUrl: string
  pathParams: JsonObject[]
  queryParams: JsonObject[]
  validateBody: ValidateFunction | undefined
  validateResponse: (status: number) => ValidateFunction | undefined
}

function makeOperation(parts: OperationParts): Operation {
  const names: string[] = []
  const source = parts.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name)
    return '([^/]+)'
  })
  const regex = new RegExp(`^${source}$`)
  return {
    id: parts.id,
    method: parts.method,
    template: parts.template,
    docsUrl: parts.docsUrl,
    match(pathname) {
      const m = regex.exec(pathname)
      if (m === null) return undefined
      return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]))
    },
    pathParams: (raw) => typedParams(parts.pathParams, (name) => raw[name]),
    queryParams: (query) => typedParams(parts.queryParams, (name) => query.get(name) ?? undefined),
    bodyProblems(body) {
      if (parts.validateBody === undefined || parts.validateBody(body)) return []
      return githubProblems(parts.validateBody.errors ?? [])
    },
    responseProblems(status, body) {
      const validate = parts.validateResponse(status)
      if (validate === undefined) return [`${parts.id} declares no ${status} response`]
      if (validate(body)) return []
      return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? ''}`)
    }
  }
}

/** Parameters converted to the schema's type: an integer parameter must be written as one. */
function typedParams(
  declared: JsonObject[],
  value: (name: string) => string | undefined
): { params: Params } | { problem: string } {
  const params: Params = {}
  for (const p of declared) {
    const name = p.name as string
    const raw = value(name)
    if (raw === undefined) {
      if (p.required === true) return { problem: `"${name}" wasn't supplied.` }
      continue
    }
    const type = (p.schema as JsonObject | undefined)?.type
    if (type === 'integer') {
      if (!/^-?\d+$/.test(raw)) return { problem: `For '${name}', "${raw}" is not an integer.` }
      params[name] = Number(raw)
    } else params[name] = raw
  }
  return { params }
}

/**
 * ajv's errors in GitHub's words. Where the schema says anyOf, only the first branch's errors are
 * kept (for a check run that is the `status: completed` branch, which names `conclusion`).
 */
export function githubProblems(errors: ErrorObject[]): string[] {
  const kept = errors.filter(
    (e) => e.keyword !== 'anyOf' && !/\/anyOf\/[1-9]\d*\//.test(e.schemaPath)
  )
  return [...new Set(kept.map(githubProblem))]
}

function githubProblem(e: ErrorObject): string {
  const at = e.instancePath.split('/').filter(Boolean)
  const last = at.at(-1)
  const where = last === undefined ? 'root' : /^\d+$/.test(last) ? 'items' : `properties/${last}`
  switch (e.keyword) {
    case 'required':
      return `"${(e.params as { missingProperty: string }).missingProperty}" wasn't supplied.`
    case 'maxItems':
      return `No more than ${(e.params as { limit: number }).limit} items are allowed; ${(e.data as unknown[]).length} were supplied.`
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues
      return `For '${where}', ${inspect(e.data)} is not a member of [${allowed.map(inspect).join(', ')}].`
    }
    case 'type': {
      const type = String((e.params as { type: string }).type).split(',')[0] ?? ''
      return `For '${where}', ${inspect(e.data)} is not ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}.`
    }
    case 'maxLength':
      // Paraphrase: no quoted GitHub wording found for a too-long string.
      return `For '${where}', ${String(e.data).length} characters were supplied; no more than ${(e.params as { limit: number }).limit} are allowed.`
    default:
      return `For '${where}', ${inspect(e.data)} ${e.message ?? 'is not valid'}.`
  }
}

/** A value as GitHub's (Ruby) messages print it: nil, "text", 12. */
function inspect(value: unknown): string {
  if (value === null || value === undefined) return 'nil'
  const text = JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** The JSON schema of a request body or response object (application/json), if it has one. */
function jsonSchema(container: JsonObject): Json | undefined {
  const content = container.content as JsonObject | undefined
  return (content?.['application/json'] as JsonObject | undefined)?.schema
}

/**
 * A copy where `nullable: true` also admits null into an `enum` (GitHub answers
 * `"conclusion": null` for a run in progress; its enum leaves null out, which OpenAPI 3.0.3 would
 * require, and ajv applies the enum as written).
 */
function nullableEnums(schema: Json): Json {
  return JSON.parse(
    JSON.stringify(schema, (_, value: unknown) => {
      const node = value as { nullable?: unknown; enum?: unknown[] }
      if (isObject(value as Json) && node.nullable === true && Array.isArray(node.enum)) {
        return node.enum.includes(null) ? value : { ...node, enum: [...node.enum, null] }
      }
      return value
    })
  ) as Json
}

function absoluteRefs(schema: Json): Json {
  return JSON.parse(
    JSON.stringify(schema, (key, value: unknown) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${SPEC_ID}${value}`
        : value
    )
  ) as Json
}

function pointer(root: Json, ref: string): Json {
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, key) => {
      const next = isObject(node) ? node[key] : undefined
      if (next === undefined) throw new Error(`OpenAPI reference ${ref} does not resolve`)
      return next
    }, root)
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
