/** One rule of the catalogue: what a finding of it means and how to fix it. */
export interface Rule {
  /** `<check>/<name>`: stable across releases, so a rule can be tracked and filtered on. */
  id: string
  severity: string
  meaning: string
  fix: string
}
