import { buildsCheck } from './builds.js'
import { downloadCheck } from './download.js'
import { envCheck } from './env.js'
import { modfileCheck } from './modfile.js'
import { testsCheck } from './tests.js'
import { tidyCheck } from './tidy.js'
import { toolchainCheck } from './toolchain.js'
import type { Check } from './types.js'
import { vendorCheck } from './vendor.js'
import { verifyCheck } from './verify.js'

/** Every check, in the order the gate reports them. */
export const CHECKS: Check[] = [
  toolchainCheck,
  envCheck,
  modfileCheck,
  downloadCheck,
  verifyCheck,
  tidyCheck,
  vendorCheck,
  testsCheck,
  buildsCheck
]
