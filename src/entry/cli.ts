import { run } from '../cli.js'
import { stopGoOnTermination } from '../go/termination.js'

stopGoOnTermination()
process.exitCode = await run(process.argv.slice(2))
