// Types for scripts/node24.mjs (plain JavaScript, so `npm run test:e2e` can run it before jest).
declare module '*/scripts/node24.mjs' {
  /** Absolute path of the Node 24 binary installed from tools/node24's lock file. */
  export function node24Path(): string
}
