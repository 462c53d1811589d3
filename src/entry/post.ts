import { stopGoOnTermination, terminationStatus } from '../go/termination.js'
import { run } from '../post.js'

stopGoOnTermination()
await run()
// A cache service that never answers leaves @actions/cache's request open (it sets no timeout);
// the step is over once run() is, so the process ends here rather than waiting on the socket
// (as the signal says, when the run was cancelled).
process.exit(terminationStatus() ?? process.exitCode)
