// "What uses this identity": policies, principals, exports, update policies, external tables and data connections, read
// from gathered facts.
import type { Target } from '../commands';
import type { PolicyChange, PolicyEntry } from '../policy';
import type { ClusterFacts } from '../workflows/types';

export interface IdentityRef {
  readonly system: boolean;
  /** Principal (object) id, when known. */
  readonly objectId?: string;
  readonly resourceId?: string;
}

export interface IdentityUse {
  readonly kind: 'policy' | 'principal' | 'export' | 'updatePolicy' | 'externalTable' | 'dataConnection';
  /** `cluster` or the database name. */
  readonly where: string;
  readonly name: string;
  readonly detail: string;
}

const eq = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** The identity behind an id as written in a policy, export or external table (`system` or an object id). */
export function identityOf(facts: ClusterFacts, id: string): IdentityRef {
  const sys = facts.identities?.system?.principalId;
  if (id.toLowerCase() === 'system' || eq(id, sys))
    return { system: true, objectId: sys, resourceId: facts.resourceId };
  const user = facts.identities?.userAssigned.find((u) => eq(u.principalId, id) || eq(u.clientId, id));
  return { system: false, objectId: user?.principalId ?? id, resourceId: user?.resourceId };
}

function matches(facts: ClusterFacts, who: IdentityRef, id: string | undefined): boolean {
  if (!id) return false;
  const other = identityOf(facts, id);
  return who.system ? other.system : !other.system && eq(other.objectId, who.objectId);
}

function matchesResource(facts: ClusterFacts, who: IdentityRef, resourceId: string | undefined): boolean {
  if (!resourceId) return false;
  if (who.system) return eq(resourceId, facts.resourceId);
  return eq(resourceId, who.resourceId);
}

/** Every place the identity appears; read-only (follower) databases included, as they show what would break. */
export function usesOfIdentity(facts: ClusterFacts, who: IdentityRef): IdentityUse[] {
  const uses: IdentityUse[] = [];
  for (const e of facts.clusterPolicy ?? []) {
    if (matches(facts, who, e.isSystem ? 'system' : e.objectId))
      uses.push({ kind: 'policy', where: 'cluster', name: 'cluster policy', detail: e.usages.join(', ') });
  }
  for (const d of facts.databases) {
    for (const e of d.policy ?? []) {
      if (matches(facts, who, e.isSystem ? 'system' : e.objectId))
        uses.push({ kind: 'policy', where: d.name, name: `policy of ${d.name}`, detail: e.usages.join(', ') });
    }
    for (const p of d.principals ?? []) {
      if (matches(facts, who, p.objectId) || (who.system && /^aadapp=system;/i.test(p.fqn)))
        uses.push({ kind: 'principal', where: d.name, name: p.role, detail: p.fqn });
    }
    for (const x of d.exports ?? []) {
      if (matches(facts, who, x.managedIdentity))
        uses.push({
          kind: 'export',
          where: d.name,
          name: x.name,
          detail: `continuous export to ${x.externalTableName}`,
        });
    }
    for (const u of d.updatePolicies ?? []) {
      if (matches(facts, who, u.managedIdentity))
        uses.push({
          kind: 'updatePolicy',
          where: d.name,
          name: u.table,
          detail: `from ${u.source}${u.isEnabled ? '' : ' (disabled)'}`,
        });
    }
    for (const t of d.externalTables ?? []) {
      if (t.connections.some((c) => c.auth.mode === 'managedIdentity' && matches(facts, who, c.auth.identity))) {
        uses.push({ kind: 'externalTable', where: d.name, name: t.name, detail: `${t.tableType} external table` });
      }
    }
    for (const c of d.dataConnections ?? []) {
      if (matchesResource(facts, who, c.identityResourceId))
        uses.push({ kind: 'dataConnection', where: d.name, name: c.name, detail: `${c.kind} data connection` });
    }
  }
  return uses;
}

const NEEDS: Record<'export' | 'updatePolicy' | 'externalTable' | 'dataConnection', readonly string[]> = {
  export: ['AutomatedFlows'],
  updatePolicy: ['AutomatedFlows'],
  externalTable: ['ExternalTable'],
  dataConnection: ['DataConnection', 'NativeIngestion'],
};

function allows(
  entries: readonly { objectId: string; usages: readonly string[]; isSystem?: boolean }[],
  facts: ClusterFacts,
  who: IdentityRef,
  usages: readonly string[],
): boolean {
  return entries.some(
    (e) =>
      matches(facts, who, e.isSystem ? 'system' : e.objectId) &&
      e.usages.some((u) => u === 'All' || usages.includes(u)),
  );
}

/**
 * Exports, update policies, external tables and data connections that would lose the usage they rely on after a policy change at `target`,
 * given the policy there afterwards (`after`) and the other level's policy, which may still allow it.
 */
export function impactOfLosses(
  facts: ClusterFacts,
  target: Target,
  losses: readonly PolicyChange[],
  after: readonly PolicyEntry[],
): IdentityUse[] {
  const out: IdentityUse[] = [];
  for (const loss of losses) {
    const who = identityOf(facts, loss.objectId);
    for (const use of usesOfIdentity(facts, who)) {
      if (use.kind === 'policy' || use.kind === 'principal') continue;
      if (target.scope === 'database' && !eq(use.where, target.database)) continue;
      const db = facts.databases.find((d) => eq(d.name, use.where));
      const need = NEEDS[use.kind];
      // Only a lost usage this use relies on (or All) can break it.
      if (!loss.removedUsages.some((u) => u === 'All' || need.includes(u))) continue;
      const afterHere = allows(after, facts, who, need);
      const other = target.scope === 'cluster' ? (db?.policy ?? []) : (facts.clusterPolicy ?? []);
      if (!afterHere && !allows(other, facts, who, need)) out.push(use);
    }
  }
  return out;
}

export function formatUses(uses: readonly IdentityUse[]): string[] {
  const label = {
    policy: 'Policy',
    principal: 'Role',
    export: 'Continuous export',
    updatePolicy: 'Update policy of',
    externalTable: 'External table',
    dataConnection: 'Data connection',
  } as const;
  return uses.map((u) => `${label[u.kind]} ${u.name}${u.where === 'cluster' ? '' : ` (${u.where})`}: ${u.detail}`);
}
