/** The rules of the checks that read the toolchain, the environment and go.mod: toolchain, env, modfile. */

import type { Rule } from './rule.js'

export const SETUP_RULES = [
  // toolchain
  {
    id: 'toolchain/go-missing',
    severity: 'error',
    meaning: 'No `go` on PATH: nothing can be checked.',
    fix: 'Add actions/setup-go (or install Go) before the gate.'
  },
  {
    id: 'toolchain/unavailable',
    severity: 'error',
    meaning: 'go cannot start with the pinned GOTOOLCHAIN (it names a release go cannot obtain).',
    fix: 'Install the release go.mod asks for, or set `gotoolchain` to one go can run.'
  },
  {
    id: 'toolchain/go-line',
    severity: 'warning (error when the gotoolchain input hits it)',
    meaning:
      'A newer `go 1.N` line that the installed go (1.21.0-1.21.10, 1.22.0-1.22.3) reads as toolchain go1.N: no such release.',
    fix: 'Write `go 1.N.0`, or install go 1.N.0 or newer before the gate.'
  },
  {
    id: 'toolchain/not-comparable',
    severity: 'notice',
    meaning: 'The installed go reports a version that is not a release (a development build).',
    fix: 'None needed; install a release to have requirements compared.'
  },
  {
    id: 'toolchain/go-too-old',
    severity: 'error',
    meaning: 'The installed go is older than a `go` or `toolchain` line (go.mod, go.work).',
    fix: 'Install a newer go (setup-go with `go-version-file: go.mod`).'
  },
  {
    id: 'toolchain/toolchain-ahead',
    severity: 'warning',
    meaning: 'A `toolchain` line names a newer go than the one installed.',
    fix: 'Install that go, or lower the `toolchain` line.'
  },
  {
    id: 'toolchain/switched',
    severity: 'notice',
    meaning: 'go switched to another toolchain under the pinned GOTOOLCHAIN.',
    fix: 'Install the toolchain go.mod asks for to skip the download.'
  },
  {
    id: 'toolchain/work-go-line',
    severity: 'error',
    meaning: "go.work's `go` line is older than a module's: go refuses the workspace.",
    fix: 'Raise the go.work `go` line (`go work use` does it).'
  },
  {
    id: 'toolchain/version-file',
    severity: 'warning',
    meaning: '.go-version or .tool-versions disagrees with go.mod.',
    fix: 'Make the file name the same release as go.mod.'
  },
  {
    id: 'toolchain/go-version',
    severity: 'error',
    meaning: 'The installed go is outside the `go-version` input.',
    fix: 'Install a go in that range, or change `go-version`.'
  },
  {
    id: 'toolchain/go-version-file',
    severity: 'error',
    meaning:
      'The `go-version-file` input is unreadable, names no version, or disagrees with the installed go.',
    fix: 'Point `go-version-file` at a file naming the go you install.'
  },
  {
    id: 'toolchain/outside-gate',
    severity: 'warning',
    meaning: 'Outside the gate (the runner’s own GOTOOLCHAIN) go fails or switches toolchains.',
    fix: 'Set GOTOOLCHAIN in the workflow, or install the release go.mod asks for.'
  },
  // env
  {
    id: 'env/go-env-timeout',
    severity: 'error',
    meaning: '`go env` did not answer: nothing can be checked.',
    fix: 'Find what blocks go (a GOTOOLCHAIN download, a hung file system).'
  },
  {
    id: 'env/go-env-invalid',
    severity: 'error',
    meaning: '`go env -json` printed something that is not JSON.',
    fix: 'Run `go env -json` on the runner and fix what it prints.'
  },
  {
    id: 'env/go-env-failed',
    severity: 'error',
    meaning: "go rejects the job's environment (a variable it cannot accept).",
    fix: 'Fix or unset the variables go names.'
  },
  {
    id: 'env/goflags-invalid',
    severity: 'error',
    meaning: 'go cannot parse GOFLAGS.',
    fix: 'Fix GOFLAGS in the workflow `env:`.'
  },
  {
    id: 'env/gosumdb-off',
    severity: 'warning',
    meaning: 'GOSUMDB=off: downloads are not checked against the checksum database.',
    fix: 'Unset GOSUMDB; use GONOSUMDB or GOPRIVATE for private modules.'
  },
  {
    id: 'env/private-public',
    severity: 'warning',
    meaning: 'GOPRIVATE/GONOSUMDB/GONOPROXY patterns cover public code hosts.',
    fix: 'Narrow the pattern to your organisation.'
  },
  {
    id: 'env/goinsecure',
    severity: 'warning',
    meaning: 'GOINSECURE lets go fetch modules over plain HTTP.',
    fix: 'Unset GOINSECURE; serve the modules over HTTPS.'
  },
  {
    id: 'env/goflags-mod',
    severity: 'warning',
    meaning: 'GOFLAGS=-mod=mod would hide an untidy go.mod; the gate pins -mod=readonly.',
    fix: 'Drop -mod=mod from GOFLAGS.'
  },
  {
    id: 'env/goproxy',
    severity: 'warning',
    meaning: 'GOPROXY=off or direct alone: downloads bypass the module proxy.',
    fix: 'Unset GOPROXY, or list a proxy before `direct`.'
  },
  {
    id: 'env/go111module',
    severity: 'warning',
    meaning: 'GO111MODULE is not `on`.',
    fix: 'Unset GO111MODULE or set it to `on`.'
  },
  {
    id: 'env/unknown-variable',
    severity: 'warning',
    meaning: 'A GO-prefixed variable no go command reads.',
    fix: 'Remove it, or spell the variable go reads.'
  },
  // modfile
  {
    id: 'modfile/no-module',
    severity: 'error',
    meaning: 'No go.mod in the repository: nothing to gate.',
    fix: 'Set `working-directory` to the module, or commit its go.mod.'
  },
  {
    id: 'modfile/unreadable',
    severity: 'error',
    meaning: 'go cannot parse go.mod or go.work.',
    fix: 'Fix the file where go points.'
  },
  {
    id: 'modfile/go-sum',
    severity: 'error',
    meaning: 'go.sum is missing or not committed while go.mod requires modules.',
    fix: 'Run `go mod tidy` and commit go.sum.'
  },
  {
    id: 'modfile/replace',
    severity: 'notice',
    meaning: 'A `replace` to another version or module: builds differ from what dependents see.',
    fix: 'Require the version you need and drop the replace.'
  },
  {
    id: 'modfile/local-replace',
    severity: 'error (notice with allow-local-replace)',
    meaning: 'A `replace` to a local directory that is missing or not committed.',
    fix: 'Commit the directory, or replace with a published version.'
  },
  {
    id: 'modfile/work-use',
    severity: 'error',
    meaning: 'go.work uses a directory that is missing or has no go.mod.',
    fix: 'Drop the `use` (`go work edit -dropuse`) or commit the module.'
  }
] as const satisfies readonly Rule[]
