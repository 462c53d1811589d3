import { run } from '../cli.js'
import { stopGoOnTermination, terminationStatus } from '../go/termination.js'

stopGoOnTermination()
const status = await run(process.argv.slice(2))
process.exitCode = terminationStatus() ?? status
