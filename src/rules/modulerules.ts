/** The rules of the checks that fetch and compare modules: download, verify, tidy, vendor. */

import type { Rule } from './rule.js'

export const MODULE_RULES = [
  // download
  {
    id: 'download/failed',
    severity: 'error',
    meaning: '`go mod download` failed (network, auth, a proxy error), after its retries.',
    fix: 'Read go’s error; check GOPROXY, GOPRIVATE and credentials.'
  },
  {
    id: 'download/not-found',
    severity: 'error',
    meaning: 'A required module or version does not exist (404/410).',
    fix: 'Require a version that exists.'
  },
  {
    id: 'download/checksum-mismatch',
    severity: 'error',
    meaning: 'A download does not match go.sum or the checksum database.',
    fix: 'Find out who changed the module; never just delete the go.sum line.'
  },
  {
    id: 'download/go-sum',
    severity: 'error',
    meaning: 'go.sum lacks checksums for a required module.',
    fix: 'Run `go mod tidy` and commit go.sum.'
  },
  {
    id: 'download/updates-go-mod',
    severity: 'error',
    meaning: '`go mod download` had to change go.mod or go.sum.',
    fix: 'Run `go mod tidy` and commit the result.'
  },
  // verify
  {
    id: 'verify/modified',
    severity: 'error',
    meaning: 'A module in the module cache no longer matches its recorded hash.',
    fix: 'Clear the module cache (`go clean -modcache`) and find what wrote to it.'
  },
  {
    id: 'verify/failed',
    severity: 'error',
    meaning: '`go mod verify` failed, was killed or timed out.',
    fix: 'Run `go mod verify` and fix what it reports.'
  },
  // tidy
  {
    id: 'tidy/unsupported',
    severity: 'notice',
    meaning: 'The installed go has no `go mod tidy -diff` (before 1.23): tidiness not checked.',
    fix: 'Install Go 1.23 or newer.'
  },
  {
    id: 'tidy/untidy',
    severity: 'error',
    meaning: 'go.mod or go.sum is not what `go mod tidy` writes.',
    fix: 'Run `go mod tidy` and commit the result.'
  },
  {
    id: 'tidy/failed',
    severity: 'error',
    meaning: '`go mod tidy -diff` failed to load the module, was killed or timed out.',
    fix: 'Run `go mod tidy -diff` and fix what it reports.'
  },
  // vendor
  {
    id: 'vendor/failed',
    severity: 'error',
    meaning: '`go mod vendor` or `go list -mod=vendor` fails.',
    fix: 'Run `go mod vendor` and fix what it reports.'
  },
  {
    id: 'vendor/inconsistent',
    severity: 'error',
    meaning: 'vendor/modules.txt disagrees with go.mod (`go: inconsistent vendoring`).',
    fix: 'Run `go mod vendor` and commit vendor/.'
  },
  {
    id: 'vendor/drift',
    severity: 'error',
    meaning: 'Files in vendor/ differ from what `go mod vendor` writes.',
    fix: 'Run `go mod vendor` and commit vendor/.'
  },
  {
    id: 'vendor/missing',
    severity: 'error',
    meaning: 'go.mod says the module is vendored, but vendor/ is missing.',
    fix: 'Run `go mod vendor` and commit vendor/.'
  }
] as const satisfies readonly Rule[]
