/**
 * Every finding's stable identity. Reporters, deduplication, JUnit and SARIF key on these ids,
 * never on a title; the README's rules table is this list (a unit test holds them together).
 */

export interface Rule {
  /** `<check>/<name>`: stable across releases, so a rule can be tracked and filtered on. */
  id: string
  severity: string
  meaning: string
  fix: string
}

export const RULES = [
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
    severity: 'warning',
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
  },
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
  },
  // tests
  {
    id: 'tests/failed',
    severity: 'error',
    meaning: 'A test failed (in any of its runs).',
    fix: 'Fix the test or the code at the failing line.'
  },
  {
    id: 'tests/flaky',
    severity: 'warning',
    meaning: 'A test failed, then passed when run again.',
    fix: 'Find the order or timing dependence; rerun with the shuffle seed shown.'
  },
  {
    id: 'tests/race',
    severity: 'error',
    meaning: 'The race detector saw two goroutines touch the same memory without synchronisation.',
    fix: 'Guard the shared value with a mutex, a channel or sync/atomic.'
  },
  {
    id: 'tests/race-other-access',
    severity: 'notice',
    meaning:
      'The other access of a data race reported on another line: the two lines race with each other.',
    fix: 'Fix the race where `tests/race` reports it; this line is its other side.'
  },
  {
    id: 'tests/panic',
    severity: 'error',
    meaning: 'A test or a goroutine it started panicked, ending the test binary.',
    fix: 'Fix the panic at the first frame in the repository.'
  },
  {
    id: 'tests/timeout',
    severity: 'error',
    meaning: 'A test was still running when the test binary hit its -timeout.',
    fix: 'Find what the test waits on, or raise `timeout`.'
  },
  {
    id: 'tests/build',
    severity: 'error',
    meaning: 'A package or its tests do not compile (or fail go vet during go test).',
    fix: 'Fix the error at the line go names.'
  },
  {
    id: 'tests/package-failed',
    severity: 'error',
    meaning: 'A test binary failed outside any test (TestMain, init, an exit).',
    fix: 'Run the package’s tests with -v and fix what fails.'
  },
  {
    id: 'tests/packages-unmatched',
    severity: 'error',
    meaning: 'A `packages` pattern matches no package in any module: no test ran.',
    fix: 'Change `packages` to patterns `go list` finds in a module.'
  },
  {
    id: 'tests/go-failed',
    severity: 'error',
    meaning: '`go test` failed without reporting a package (a load error).',
    fix: 'Run `go test` in the module and fix what it prints.'
  },
  {
    id: 'tests/killed',
    severity: 'error',
    meaning: '`go test` or a test binary was killed by a signal before it reported.',
    fix: 'Find what killed it (the out-of-memory killer, a watchdog).'
  },
  {
    id: 'tests/unreported',
    severity: 'error',
    meaning: 'A package `go list` named never reported a test result.',
    fix: 'Run the package’s tests alone and see where they stop.'
  },
  {
    id: 'tests/lost-result',
    severity: 'warning',
    meaning:
      'A test printed text without a newline that hid its `--- PASS` line from go test -json; the gate read the result from the line.',
    fix: 'End what the test prints with a newline.'
  },
  {
    id: 'tests/cannot-run',
    severity: 'error',
    meaning:
      'Tests cannot run on this runner: ThreadSanitizer refused the memory layout or limits, or the binary ran out of memory.',
    fix: 'Change the runner as the message says; no test is blamed.'
  },
  {
    id: 'tests/race-unavailable',
    severity: 'error',
    meaning: 'The race detector is not available here: tests ran without -race.',
    fix: 'Install a C compiler and set CGO_ENABLED=1, or set `race: false`.'
  },
  {
    id: 'tests/coverage',
    severity: 'error',
    meaning: 'Statement coverage is below `coverage-threshold`.',
    fix: 'Add tests, or lower the threshold.'
  },
  // builds
  {
    id: 'builds/build',
    severity: 'error',
    meaning: '`go build ./...` fails for a `build-targets` GOOS/GOARCH.',
    fix: 'Make the code compile for that target.'
  },
  {
    id: 'builds/vet',
    severity: 'error',
    meaning: '`go vet` fails with a `vet-tags` set.',
    fix: 'Fix the file behind that tag.'
  }
] as const satisfies readonly Rule[]

export type RuleId = (typeof RULES)[number]['id']

const BY_ID = new Map<string, Rule>(RULES.map((rule) => [rule.id, rule]))

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id)
}
