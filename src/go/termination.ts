import { cancelGo, signalRunningGo } from './command.js'

/** How long go and its test binaries get to stop on SIGTERM before they are killed. */
const GRACE_MS = 2000

const EXIT_STATUS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 }
let received: NodeJS.Signals | undefined

/** The exit status a termination signal asks for (130, 143), once one was received. */
export function terminationStatus(): number | undefined {
  return received === undefined ? undefined : EXIT_STATUS[received]
}

/**
 * A cancelled run (the runner sends SIGINT, then SIGTERM; a developer presses Ctrl-C) must not
 * leave go and the test binaries running: stop them, with their children, then exit as the
 * signal says. Installed by the entry points only.
 */
export function stopGoOnTermination(): void {
  for (const signal of Object.keys(EXIT_STATUS) as NodeJS.Signals[]) {
    process.once(signal, () => {
      received = signal
      const running = cancelGo('SIGTERM')
      const exit = (): never => process.exit(EXIT_STATUS[signal])
      if (running === 0) exit()
      setTimeout(() => {
        signalRunningGo('SIGKILL')
        exit()
      }, GRACE_MS)
    })
  }
}
