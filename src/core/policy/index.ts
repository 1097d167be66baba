// The policy model and checks: what the scanner, the CLI and the editor import.
export { validatePolicy, isCleanPolicy, type PolicyCheckOptions } from './validate';
export { CODES, codeList, type CodeInfo, type DiagnosticCode } from './codes';
export type { Diagnostic, Fix, Severity, ClusterIdentities, UserAssignedIdentity } from './types';
export {
  parsePolicy,
  formatPolicy,
  mergePolicy,
  diffPolicies,
  lossesOfAlter,
  lossesOfDelete,
  formatPolicyDiff,
  type ManagedIdentityPolicy,
  type PolicyEntry,
  type PolicyChange,
} from './semantics';
export { splitUsages, usageNames, formatUsages, closestUsage, editDistance } from './usageText';
