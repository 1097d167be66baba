// Judges one cluster's gathered facts for the fleet audit: broad grants, broken exports, stale ids, unused identities, gaps.
import type { ManagementCommand } from '../commands/command';
import { buildAlterPolicyCommand, buildDeletePolicyCommand } from '../commands/policy';
import { buildDropPrincipalCommand, type DatabaseRole } from '../commands/principals';
import { isGuid } from '../guid';
import type { Severity } from '../policy/types';
import type { ManagedIdentityPolicyEntry } from '../results/policy';
import { runChecks, type FlowRequest } from '../workflows/flows';
import { identityOfResource, resolveIdentity, roleName, tenantOf, type ResolvedIdentity } from '../workflows/identity';
import { sameIdentity } from '../workflows/report';
import type { ClusterFacts, DatabaseFacts } from '../workflows/types';
import { AUDIT_RULES, type AuditRuleId } from './rules';

/** An identity the credential can see anywhere: a user-assigned identity, or a cluster's system-assigned one. */
export interface KnownIdentity {
  readonly principalId: string;
  readonly name: string;
  readonly resourceId?: string;
}

export interface AuditInventory {
  readonly identities: readonly KnownIdentity[];
}

export interface AuditFinding {
  readonly rule: AuditRuleId;
  readonly severity: Severity;
  readonly cluster: string;
  readonly clusterUri: string;
  readonly resourceId?: string;
  readonly database?: string;
  /** What the finding is about, in a person's words: an identity's label, an export's name. */
  readonly subject: string;
  readonly message: string;
  /** Commands that fix it, built by the core builders; empty when the fix needs a decision. */
  readonly fixes: readonly ManagementCommand[];
  readonly advice?: string;
}

const lower = (s: string | undefined): string => (s ?? '').toLowerCase();

/** What on the cluster runs as an identity, and the policy usage each use needs. */
export interface IdentityUse {
  readonly database: string;
  readonly what: string;
  readonly usage: string;
}

export function usesOf(facts: ClusterFacts, id: ResolvedIdentity): IdentityUse[] {
  const is = (ref: string | undefined): boolean => !!ref && sameIdentity(id, resolveIdentity(facts, ref));
  const out: IdentityUse[] = [];
  for (const db of facts.databases) {
    for (const e of db.exports ?? [])
      if (is(e.managedIdentity)) out.push({ database: db.name, what: `export ${e.name}`, usage: 'AutomatedFlows' });
    for (const u of db.updatePolicies ?? [])
      if (is(u.managedIdentity))
        out.push({ database: db.name, what: `update policy of ${u.table}`, usage: 'AutomatedFlows' });
    for (const t of db.externalTables ?? [])
      if (t.connections.some((c) => c.auth.mode === 'managedIdentity' && is(c.auth.identity)))
        out.push({ database: db.name, what: `external table ${t.name}`, usage: 'ExternalTable' });
    for (const d of db.dataConnections ?? [])
      if (d.identityResourceId && sameIdentity(id, identityOfResource(facts, d.identityResourceId)))
        out.push({ database: db.name, what: `data connection ${d.name}`, usage: 'NativeIngestion' });
  }
  return out;
}

function finding(
  facts: ClusterFacts,
  rule: AuditRuleId,
  subject: string,
  message: string,
  extra: { database?: string; fixes?: readonly ManagementCommand[]; advice?: string } = {},
): AuditFinding {
  return {
    rule,
    severity: AUDIT_RULES[rule].severity,
    cluster: facts.name,
    clusterUri: facts.uri,
    ...(facts.resourceId ? { resourceId: facts.resourceId } : {}),
    ...(extra.database !== undefined ? { database: extra.database } : {}),
    subject,
    message,
    fixes: extra.fixes ?? [],
    ...(extra.advice !== undefined ? { advice: extra.advice } : {}),
  };
}

interface PolicyAt {
  readonly database?: DatabaseFacts;
  readonly entries: readonly ManagedIdentityPolicyEntry[];
}

function policies(facts: ClusterFacts): PolicyAt[] {
  return [
    ...(facts.clusterPolicy ? [{ entries: facts.clusterPolicy }] : []),
    ...facts.databases.filter((d) => d.policy).map((d) => ({ database: d, entries: d.policy! })),
  ];
}

const where = (p: PolicyAt): string =>
  p.database ? `the policy of database ${p.database.name}` : 'the cluster policy';
const entryRef = (e: ManagedIdentityPolicyEntry): string => (e.isSystem ? 'system' : e.objectId);

/** AUD001 and AUD005: entries allowing `All`, and entries nothing visible uses. */
function judgeEntries(facts: ClusterFacts): AuditFinding[] {
  const out: AuditFinding[] = [];
  for (const p of policies(facts)) {
    for (const e of p.entries) {
      const id = resolveIdentity(facts, entryRef(e));
      const uses = usesOf(facts, id).filter((u) => !p.database || lower(u.database) === lower(p.database.name));
      const needed = [...new Set(uses.map((u) => u.usage))];
      if (e.usages.some((u) => lower(u) === 'all'))
        out.push(
          finding(facts, 'AUD001', id.label, `${where(p)} allows ${id.label} All usages`, {
            database: p.database?.name,
            advice: needed.length
              ? `What the audit sees needs only ${needed.join(', ')} (${uses.map((u) => u.what).join(', ')}).`
              : 'The audit sees nothing that runs as it here.',
          }),
        );
      if (!uses.length && id.attached !== false)
        out.push(
          finding(
            facts,
            'AUD005',
            id.label,
            `${where(p)} allows ${id.label} (${e.usages.join(', ')}), but no export, update policy, external table or data connection${p.database ? ` of ${p.database.name}` : ''} uses it`,
            { database: p.database?.name },
          ),
        );
    }
  }
  return out;
}

/** AUD002 and AUD003: exports that are disabled or whose last run failed. */
function judgeExports(facts: ClusterFacts): AuditFinding[] {
  const out: AuditFinding[] = [];
  for (const db of facts.databases)
    for (const e of db.exports ?? []) {
      if (e.isDisabled)
        out.push(finding(facts, 'AUD003', e.name, `continuous export ${e.name} is disabled`, { database: db.name }));
      else if (e.lastRunResult && lower(e.lastRunResult) !== 'completed')
        out.push(
          finding(
            facts,
            'AUD002',
            e.name,
            `continuous export ${e.name}: last run ${e.lastRunResult}${e.lastRunTime ? ` at ${e.lastRunTime.toISOString()}` : ''}`,
            { database: db.name },
          ),
        );
    }
  return out;
}

/** Every object id the cluster names as a managed identity, with where it is named. */
function identityReferences(facts: ClusterFacts): Map<string, string[]> {
  const refs = new Map<string, string[]>();
  const add = (id: string | undefined, where: string): void => {
    if (!id || !isGuid(id)) return;
    const key = lower(id);
    refs.set(key, [...(refs.get(key) ?? []), where]);
  };
  for (const p of policies(facts)) for (const e of p.entries) if (!e.isSystem) add(e.objectId, where(p));
  for (const db of facts.databases) {
    for (const e of db.exports ?? []) add(e.managedIdentity, `export ${db.name}.${e.name}`);
    for (const u of db.updatePolicies ?? []) add(u.managedIdentity, `update policy of ${db.name}.${u.table}`);
    for (const t of db.externalTables ?? [])
      for (const c of t.connections)
        if (c.auth.mode === 'managedIdentity') add(c.auth.identity, `external table ${db.name}.${t.name}`);
  }
  return refs;
}

/** AUD004: ids used as identities that the cluster does not have (ARM facts needed to tell). */
function judgeOrphans(facts: ClusterFacts, inventory: AuditInventory): AuditFinding[] {
  if (!facts.identities) return [];
  const out: AuditFinding[] = [];
  const known = (id: string) => inventory.identities.find((k) => lower(k.principalId) === id);
  const tenant = tenantOf(facts);
  for (const [id, places] of identityReferences(facts)) {
    if (resolveIdentity(facts, id).attached) continue;
    const other = known(id);
    const fixes: ManagementCommand[] = [];
    for (const db of facts.databases)
      for (const row of db.principals ?? [])
        if (lower(row.objectId) === id && tenant && /^aadapp=/i.test(row.fqn)) {
          const role = `${roleName(row.role).toLowerCase()}s` as DatabaseRole;
          places.push(`${roleName(row.role)} of ${db.name}`);
          fixes.push(buildDropPrincipalCommand(db.name, role, { kind: 'app', objectId: row.objectId, tenant }));
        }
    fixes.push(...policyRemovals(facts, id));
    out.push(
      finding(
        facts,
        'AUD004',
        other?.name ?? id,
        other
          ? `${other.name} (${id}) is no longer assigned to the cluster, but ${places.join(', ')} still name${places.length === 1 ? 's' : ''} it`
          : `no identity the credential can see has object id ${id}, yet ${places.join(', ')} name${places.length === 1 ? 's' : ''} it`,
        { fixes },
      ),
    );
  }
  for (const db of facts.databases)
    for (const d of db.dataConnections ?? [])
      if (d.identityResourceId && identityOfResource(facts, d.identityResourceId).attached === false)
        out.push(
          finding(
            facts,
            'AUD004',
            d.identityResourceId.split('/').pop() ?? d.identityResourceId,
            `data connection ${d.name} authenticates as ${d.identityResourceId}, which is not assigned to the cluster`,
            { database: db.name, advice: 'Point the data connection at an identity the cluster has (ARM).' },
          ),
        );
  return out;
}

/** The `.alter` that drops one id from each policy naming it (the others kept), or `.delete` when it was the only one. */
function policyRemovals(facts: ClusterFacts, id: string): ManagementCommand[] {
  return policies(facts)
    .filter((p) => p.entries.some((e) => lower(e.objectId) === id))
    .flatMap((p) => {
      const target = p.database
        ? { scope: 'database' as const, database: p.database.name }
        : { scope: 'cluster' as const };
      const rest = p.entries
        .filter((e) => lower(e.objectId) !== id)
        .map((e) => ({ objectId: e.isSystem ? 'system' : e.objectId, usages: e.usages }));
      try {
        return [rest.length ? buildAlterPolicyCommand(target, rest) : buildDeletePolicyCommand(target)];
      } catch {
        // An entry the builders refuse (a usage this version does not know): no command is certain then.
        return [];
      }
    });
}

const PREREQUISITES = /^(role-|policy-allows$|identity-attached$)/;

/** AUD006: the readiness checks of every export and update policy running as an identity, failed prerequisites only. */
function judgeFlows(facts: ClusterFacts, now: Date): AuditFinding[] {
  const out: AuditFinding[] = [];
  type Audited = Extract<FlowRequest, { flow: 'continuous-export' | 'update-policy' }>;
  const requests: Audited[] = facts.databases.flatMap((db) => [
    ...(db.exports ?? [])
      .filter((e) => e.managedIdentity)
      .map((e): Audited => ({ flow: 'continuous-export', database: db.name, exportName: e.name })),
    ...[...new Set((db.updatePolicies ?? []).filter((u) => u.managedIdentity).map((u) => u.table))].map(
      (table): Audited => ({ flow: 'update-policy', database: db.name, table }),
    ),
  ]);
  for (const request of requests) {
    const report = runChecks(facts, request, now);
    const what =
      request.flow === 'continuous-export' ? `export ${request.exportName}` : `update policy of ${request.table}`;
    for (const c of report.checks)
      if (c.verdict === 'failed' && PREREQUISITES.test(c.id))
        out.push(
          finding(facts, 'AUD006', what, `${what}: ${c.title} — ${c.reason}`, {
            database: request.database,
            fixes: c.fixes,
            ...(c.advice ? { advice: c.advice } : {}),
          }),
        );
  }
  return out;
}

/** AUD900: what could not be read, so silence there is not mistaken for health. */
function judgeGaps(facts: ClusterFacts): AuditFinding[] {
  return [
    ...Object.entries(facts.errors).map(([k, v]) => finding(facts, 'AUD900', k, `could not read ${k}: ${v}`)),
    ...facts.databases.flatMap((d) =>
      Object.entries(d.errors).map(([k, v]) =>
        finding(facts, 'AUD900', k, `could not read ${k} of ${d.name}: ${v}`, { database: d.name }),
      ),
    ),
  ];
}

/** Every finding for one cluster, in a stable order (rule, then database, then subject). */
export function auditCluster(facts: ClusterFacts, inventory: AuditInventory, now: Date = new Date()): AuditFinding[] {
  const all = [
    ...judgeEntries(facts),
    ...judgeExports(facts),
    ...judgeOrphans(facts, inventory),
    ...judgeFlows(facts, now),
    ...judgeGaps(facts),
  ];
  return all.sort(
    (a, b) =>
      a.rule.localeCompare(b.rule) ||
      (a.database ?? '').localeCompare(b.database ?? '') ||
      a.subject.localeCompare(b.subject),
  );
}
