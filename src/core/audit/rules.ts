// The audit's rules in one table: the Markdown, JSON and SARIF outputs and the docs all read it.
import type { Severity } from '../policy/types';

export interface AuditRule {
  readonly id: string;
  /** A short name for SARIF's `rule.name` and the Markdown headings. */
  readonly name: string;
  readonly severity: Severity;
  /** What the rule finds and why it matters. */
  readonly help: string;
  /** What to do about it (the finding carries the exact commands when they are certain). */
  readonly fix: string;
}

export const AUDIT_RULES = {
  AUD001: {
    name: 'IdentityAllowsAll',
    severity: 'warning',
    help: 'A managed identity policy allows an identity `All` usages: every usage, including those the service adds later.',
    fix: 'Allow only the usages its flows need (the finding lists those the audit sees); `.alter` the policy with the narrowed entry.',
  },
  AUD002: {
    name: 'ExportFailing',
    severity: 'error',
    help: 'A continuous export failed its last run; one failing for 7 days is disabled by the service.',
    fix: 'Read `.show continuous-export NAME failures`, then run `adx-identity check --flow continuous-export` for the export.',
  },
  AUD003: {
    name: 'ExportDisabled',
    severity: 'error',
    help: 'A continuous export is disabled (by a user, or by the service after 7 days of failures): nothing is exported.',
    fix: 'Fix why it failed, then `.enable continuous-export NAME`.',
  },
  AUD004: {
    name: 'OrphanedIdentity',
    severity: 'error',
    help: 'An object id the cluster uses as a managed identity (policy, principal, export, update policy, external table, data connection) belongs to no identity assigned to the cluster: it was detached or deleted.',
    fix: 'Point the flow at an identity the cluster has, remove the stale policy entry, and drop the principals that hold the id.',
  },
  AUD005: {
    name: 'IdentityUnused',
    severity: 'warning',
    help: 'A managed identity policy allows an identity that nothing the audit can see uses (no export, update policy, external table or data connection).',
    fix: 'Remove the entry if no query-time use (SQL, external data, AI plugins) needs it; the audit cannot see those.',
  },
  AUD006: {
    name: 'FlowMissingPrerequisite',
    severity: 'error',
    help: "A flow's identity lacks what the flow needs: a database role, a usage in the policy, or its assignment to the cluster.",
    fix: 'Run the commands the finding lists (the same fixes `adx-identity check` prints for the flow).',
  },
  AUD900: {
    name: 'NotReadable',
    severity: 'warning',
    help: 'Part of a cluster could not be read, so the audit of that part is incomplete.',
    fix: 'Grant the credential AllDatabasesMonitor (or Database Monitor) and Reader, then audit again.',
  },
} as const satisfies Record<string, Omit<AuditRule, 'id'>>;

export type AuditRuleId = keyof typeof AUDIT_RULES;

export function auditRule(id: AuditRuleId): AuditRule {
  return { id, ...AUDIT_RULES[id] };
}

export function auditRules(): AuditRule[] {
  return (Object.keys(AUDIT_RULES) as AuditRuleId[]).map(auditRule);
}
