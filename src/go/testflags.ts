/**
 * The go test flags the test-flags input refuses, and why. Taken from what go 1.26 lists
 * (`go help testflag`, `go help build`, and a test binary's `-h` for the `-test.` forms):
 * a flag is refused when another input owns it, when it stops the tests from running or from
 * being read, when it changes the module mode the gate pins, or when it makes go or the test
 * binary write files into the repository (profiles, fuzz inputs, artifacts, packages).
 */

const PROFILE = 'writes a profile into the package directory, which the gate never leaves behind'

/** By flag name, as go test takes it (`-name`, `--name`, `-name=value`, `-test.name`). */
const REFUSED: Record<string, string> = {
  v: '-json already reports every test, and -v lowers what test2json can tell apart',
  json: 'the gate always runs go test -json',
  race: 'use the race input',
  timeout: 'use the timeout input',
  shuffle: 'use the shuffle input',
  tags: 'use the tags input',
  gocoverdir: 'use the coverage input',
  c: 'the gate must run the tests, not only compile them',
  o: 'the gate must run the tests, not only compile them',
  n: 'the gate must run the tests, not print the commands',
  list: 'the gate must run the tests, not list them',
  exec: 'the gate reads the test binary output itself',
  C: 'go takes -C only as its first flag; use the working-directory input',
  mod: 'the gate pins the module mode in GOFLAGS (-mod=mod would let go write go.mod and go.sum)',
  modfile: 'go would read and write another go.mod and go.sum than the ones the gate checks',
  cpuprofile: PROFILE,
  memprofile: PROFILE,
  blockprofile: PROFILE,
  mutexprofile: PROFILE,
  trace: 'writes a trace into the package directory, which the gate never leaves behind',
  outputdir: 'it only says where profiles and artifacts go, and the gate writes neither',
  artifacts: 'writes test artifacts into the package directory, which the gate never leaves behind',
  fuzz: 'fuzzing writes the inputs it finds into the package testdata/fuzz directory',
  fuzzcachedir: 'writes a fuzzing corpus into that directory',
  fuzzworker: "it is go test's own fuzzing worker mode",
  pkgdir: 'writes compiled packages into that directory',
  testlogfile: 'go test sets it itself, to write its own log',
  paniconexit0: 'go test sets it itself, so that a test calling os.Exit(0) fails'
}

/** Every -cover* flag: the coverage input sets them. */
const COVER = /^cover/

/** A refused word of test-flags and the reason, e.g. `-cpuprofile=cpu.out`. */
export interface RefusedTestFlag {
  word: string
  reason: string
}

/**
 * Pure: the first word go test or the test binary would take as a refused flag, or undefined.
 * Before `-args` a word is go test's (`-name` or `-test.name`); after it, the words go to the
 * test binary, where only the `-test.` forms are go's (a bare `-v` there is the test's own flag).
 */
export function refusedTestFlag(words: readonly string[]): RefusedTestFlag | undefined {
  let binary = false
  for (const word of words) {
    if (!binary && (word === '-args' || word === '--args')) {
      binary = true
      continue
    }
    const m = /^--?(test\.)?([A-Za-z][\w.-]*)(?:=|$)/.exec(word)
    if (m === null || (binary && m[1] === undefined)) continue
    const name = m[2] as string
    const reason = REFUSED[name] ?? (COVER.test(name) ? 'use the coverage input' : undefined)
    if (reason !== undefined) return { word, reason }
  }
  return undefined
}
