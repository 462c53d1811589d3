/** The rules of the checks that compile and run the code: tests, builds. */

import type { Rule } from './rule.js'

export const CODE_RULES = [
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
  // tests, merging a sharded run's reports (src/shard/merge.ts)
  {
    id: 'tests/shard-missing',
    severity: 'error',
    meaning:
      'A planned shard sent no report (its job was cancelled or crashed): its tests are unknown.',
    fix: 'Re-run the failed jobs; the merge needs every shard’s report.'
  },
  {
    id: 'tests/shard-foreign',
    severity: 'error',
    meaning:
      'A report the merge cannot use: of another plan, without a shard mark, or a second report of one shard.',
    fix: 'Merge the reports of this plan’s shards, one of each.'
  },
  {
    id: 'tests/shard-unrun',
    severity: 'error',
    meaning: 'A planned test ran in no shard.',
    fix: 'Keep -run, -skip, -failfast out of `test-flags`; else re-plan and re-run.'
  },
  {
    id: 'tests/shard-twice',
    severity: 'error',
    meaning: 'A test ran in two shards: the groups of a split package overlapped.',
    fix: 'Re-run the plan and its shards; if it happens again, report the plan.'
  },
  {
    id: 'tests/shard-go-version',
    severity: 'warning',
    meaning: 'A shard ran its tests with another Go version than the plan job ran its checks with.',
    fix: 'Set up the same Go (`go-version`) in the plan job and every shard job.'
  },
  {
    id: 'tests/shard-coverage',
    severity: 'error',
    meaning:
      'Coverage cannot be merged from the shards’ percentages, so `coverage-threshold` was not judged.',
    fix: 'Judge `coverage-threshold` in an unsharded run.'
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
