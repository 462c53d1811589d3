import { envCheck } from './env.js'
import { modfileCheck } from './modfile.js'
import { toolchainCheck } from './toolchain.js'
import type { Check } from './types.js'

/** Every check, in the order the gate reports them. */
export const CHECKS: Check[] = [toolchainCheck, envCheck, modfileCheck]
