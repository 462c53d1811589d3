// The corpus: real, clean Go modules at pinned versions, each checked by dist/cli.js as if it
// were the repository of a pull request. A clean module should get no error and no warning
// finding; `expected` lists the ones that are real (or caused by this machine, not the module),
// each with why. See corpus/README.md.
//
// Entry fields:
//   name      short name, used by --only and as the work directory .corpus/<name>
//   module    module@version fetched with `go mod download -json`; its files are the root
//   layout    optional extra steps, in order, before the commit:
//               { module: 'path@version', dir: 'sub' }  copy another published module into sub/
//               { file: 'a/b.go', from: 'path@version' }  one file from another published version
//               { go: ['mod', 'vendor'], dir: 'sub' }   run go with these arguments (dir default .)
//   args      optional extra dist/cli.js flags
//   fast      true for the subset `--fast` runs
//   expected  optional findings that are not failures: each matches a finding when every key
//             it gives agrees (rule, check, severity, file, line: exact; title: a substring), and has
//             a one-line reason. Every one must appear, so the list never goes stale.
//             asRoot: true limits it to runs as root (tests that only fail for root).
//
// `fast` marks the five quickest clean modules here (2 CPUs, warm build cache, as root): mux,
// cobra, viper, logrus, logrus-vendored; cobra is quick only as root, where its tests stop at the
// panic below. And zap-race-reverted (6 s), so CI also sees a real race land on its line.

export const MODULES = [
  {
    name: 'logrus',
    module: 'github.com/sirupsen/logrus@v1.10.2',
    fast: true
  },
  {
    name: 'chi',
    module: 'github.com/go-chi/chi/v5@v5.5.0'
  },
  {
    name: 'echo',
    module: 'github.com/labstack/echo/v4@v4.16.5'
  },
  {
    name: 'cobra',
    module: 'github.com/spf13/cobra@v1.10.2',
    fast: true,
    expected: [
      {
        rule: 'tests/panic',
        file: 'fish_completions_test.go',
        title: 'TestFailGenFishCompletionFile panicked',
        asRoot: true,
        reason:
          'root may write the 0400 file the test expects to be refused, so got is nil and got.Error() panics; passes as a normal user'
      }
    ]
  },
  {
    name: 'viper',
    module: 'github.com/spf13/viper@v1.21.0',
    fast: true
  },
  {
    name: 'text',
    module: 'golang.org/x/text@v0.44.0'
  },
  {
    name: 'mux',
    module: 'github.com/gorilla/mux@v1.8.1',
    fast: true
  },
  {
    name: 'zap',
    module: 'go.uber.org/zap@v1.28.0'
  },
  {
    // zap's repository holds nested modules; of them the module proxy serves only
    // go.uber.org/zap/exp (benchmarks/, tools/ and zapgrpc/internal/test are not published), which
    // lives in exp/ and replaces go.uber.org/zap => ../, as upstream has it.
    name: 'zap-multi',
    module: 'go.uber.org/zap@v1.28.0',
    layout: [{ module: 'go.uber.org/zap/exp@v0.3.0', dir: 'exp' }],
    expected: [
      {
        rule: 'tidy/untidy',
        file: 'exp/go.sum',
        title: 'go.yaml.in/yaml/v3 v3.0.4',
        reason:
          "real for this assembled tree: exp v0.3.0 was published against an older root, and v1.28.0 requires go.yaml.in/yaml/v3, whose checksum exp/go.sum lacks (zap's own make tidy-lint fails the same way)"
      }
    ]
  },
  {
    // A real race fix reverted (issue 11, item 4): zap v1.27.0, before the fix for zap#1426,
    // with the regression test the fix added (v1.28.0's zapcore/lazy_with_test.go). The
    // fix changed zapcore/lazy_with.go:42, the lazy write of the embedded Core that Enabled
    // read without the sync.Once; the race must land there, not on the test's line.
    name: 'zap-race-reverted',
    module: 'go.uber.org/zap@v1.27.0',
    fast: true,
    layout: [{ file: 'zapcore/lazy_with_test.go', from: 'go.uber.org/zap@v1.28.0' }],
    args: ['--checks', 'tests', '--packages', './zapcore'],
    expected: [
      {
        rule: 'tests/race',
        file: 'zapcore/lazy_with.go',
        line: 42,
        title: 'Data race in TestLazyCoreRace',
        reason:
          'the race zap#1426 fixed: initOnce writes d.Core while Enabled reads it; the line the real fix changed'
      },
      {
        rule: 'tests/race',
        file: 'zaptest/observer/observer.go',
        title: 'Data race in TestLazyCoreRace',
        reason:
          'the same missing synchronisation seen on the observer core With copies (a second race report go prints)'
      },
      {
        rule: 'tests/failed',
        file: 'zapcore/lazy_with_test.go',
        title: 'TestLazyCore/',
        reason:
          'the v1.28.0 test expects the fixed Check, which no longer calls the inner With; v1.27.0 does'
      }
    ]
  },
  {
    // Module zips leave vendor/ out: vendor it here, and require the vendor check to run.
    name: 'logrus-vendored',
    module: 'github.com/sirupsen/logrus@v1.10.2',
    layout: [{ go: ['mod', 'vendor'] }],
    args: ['--vendor', 'true'],
    fast: true
  }
]
