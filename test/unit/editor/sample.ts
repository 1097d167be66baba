// A .kql document with one command of each interesting kind, shared by the editor unit tests.
export const SAMPLE = [
  '// identities for the export',
  '.alter cluster policy managed_identity ```[',
  '  { "ObjectId": "system", "AllowedUsages": "AutomatedFlows" },',
  '  { "ObjectId": "1f3a3c2e-8d2b-4b57-9f6e-0c1d2e3f4a5b", "AllowedUsages": "NativeIngestion" }',
  ']```',
  '',
  '.alter-merge database Db policy managed_identity ```[{ "ObjectId": "system_assigned", "AllowedUsages": "AutomatedFlows, AutomatedFlows, NativeIngestoin" }]```',
  '',
  '.create-or-alter continuous-export E to table X with (managedIdentity=system) <| T',
  '',
  '.delete database Db policy managed_identity',
  '',
  '.show cluster policy managed_identity',
].join('\n');

/** Offset of the n-th (0-based) occurrence of `needle`. */
export function at(text: string, needle: string, n = 0): number {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} not found`);
  }
  return i;
}
