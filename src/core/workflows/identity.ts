// Who an identity is on this cluster (ARM when known, else what `.show policy` fills in), and what it is allowed and granted.
import { isGuid } from '../guid';
import type { DatabaseRole, PrincipalInput } from '../commands/principals';
import type { ManagedIdentityPolicyEntry } from '../results/policy';
import type { PrincipalRow } from '../results/principals';
import type { ClusterFacts, DatabaseFacts } from './types';

export interface ResolvedIdentity {
  /** How a person would name it: `system-assigned`, the identity's name, or its id. */
  readonly label: string;
  readonly system: boolean;
  /** The object (principal) id, when known: what principals and policies hold. */
  readonly objectId?: string;
  readonly clientId?: string;
  readonly resourceId?: string;
  readonly tenantId?: string;
  /** Whether the identity is assigned to the cluster; undefined when that cannot be seen. */
  readonly attached?: boolean;
  readonly attachedReason: string;
}

const eq = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** All policy entries of the cluster and of the databases read, for ids the service filled in. */
function policyEntries(facts: ClusterFacts): ManagedIdentityPolicyEntry[] {
  return [...(facts.clusterPolicy ?? []), ...facts.databases.flatMap((d) => d.policy ?? [])];
}

/** Resolves `system`, an object id, a client id, a resource id or a name against the cluster. */
export function resolveIdentity(facts: ClusterFacts, ref: string): ResolvedIdentity {
  const wantsSystem = ref.toLowerCase() === 'system' || eq(ref, facts.resourceId);
  if (facts.identities) return resolveFromArm(facts, ref, wantsSystem);
  const entry = policyEntries(facts).find((e) =>
    wantsSystem
      ? e.isSystem === true || e.objectId.toLowerCase() === 'system'
      : eq(e.objectId, ref) || eq(e.clientId, ref),
  );
  const noArm = 'only a Kusto URL is known (no ARM), so the identities assigned to the cluster cannot be listed';
  if (entry) {
    const objectId = isGuid(entry.objectId) ? entry.objectId : undefined;
    const filled = !!entry.clientId;
    return {
      label: wantsSystem ? 'system-assigned' : (entry.displayName ?? ref),
      system: wantsSystem,
      objectId,
      clientId: entry.clientId,
      tenantId: entry.tenantId,
      attached: filled ? true : undefined,
      attachedReason: filled
        ? 'the managed identity policy lists it with the client id the service fills in only for identities assigned to the cluster'
        : `${noArm}; the policy names it but the service filled in no client id`,
    };
  }
  return {
    label: wantsSystem ? 'system-assigned' : ref,
    system: wantsSystem,
    objectId: !wantsSystem && isGuid(ref) ? ref : undefined,
    attachedReason: `${noArm}, and no managed identity policy names it; check the cluster's Identity blade in the portal`,
  };
}

function resolveFromArm(facts: ClusterFacts, ref: string, wantsSystem: boolean): ResolvedIdentity {
  const ids = facts.identities!;
  if (wantsSystem) {
    const p = ids.system?.principalId;
    return {
      label: 'system-assigned',
      system: true,
      objectId: p,
      tenantId: facts.tenantId,
      resourceId: facts.resourceId,
      attached: !!p,
      attachedReason: p
        ? `ARM shows the system-assigned identity (principal ${p})`
        : 'ARM shows no system-assigned identity on the cluster',
    };
  }
  const u = ids.userAssigned.find(
    (x) => eq(x.principalId, ref) || eq(x.clientId, ref) || eq(x.resourceId, ref) || eq(x.name, ref),
  );
  if (u) {
    return {
      label: u.name,
      system: false,
      objectId: u.principalId,
      clientId: u.clientId,
      resourceId: u.resourceId,
      tenantId: facts.tenantId,
      attached: true,
      attachedReason: `ARM shows ${u.name} assigned to the cluster`,
    };
  }
  if (ids.system && eq(ids.system.principalId, ref)) return resolveFromArm(facts, 'system', true);
  return {
    label: ref.startsWith('/') ? (ref.split('/').pop() ?? ref) : ref,
    system: false,
    objectId: isGuid(ref) ? ref : undefined,
    resourceId: ref.startsWith('/') ? ref : undefined,
    tenantId: facts.tenantId,
    attached: false,
    attachedReason: 'ARM does not list it among the identities assigned to the cluster',
  };
}

/** The identity a data connection's `managedIdentityResourceId` names. */
export function identityOfResource(facts: ClusterFacts, resourceId: string): ResolvedIdentity {
  return eq(resourceId, facts.resourceId) ? resolveIdentity(facts, 'system') : resolveIdentity(facts, resourceId);
}

/** Whether a policy entry is about this identity. */
export function entryMatches(entry: ManagedIdentityPolicyEntry, id: ResolvedIdentity): boolean {
  if (id.system && (entry.objectId.toLowerCase() === 'system' || entry.isSystem === true)) return true;
  return eq(entry.objectId, id.objectId) || (!!entry.clientId && eq(entry.clientId, id.clientId));
}

const allows = (entry: ManagedIdentityPolicyEntry, usage: string): boolean =>
  entry.usages.some((u) => u.toLowerCase() === 'all' || u.toLowerCase() === usage.toLowerCase());

export interface PolicyGrant {
  /** Where the usage is allowed, or undefined when neither policy allows it. */
  readonly at?: 'cluster' | 'database';
  /** True when a policy that matters could not be read. */
  readonly unreadable: boolean;
}

/** Whether the database or the cluster policy allows `usage` (or All) for the identity. */
export function policyGrant(
  facts: ClusterFacts,
  db: DatabaseFacts | undefined,
  id: ResolvedIdentity,
  usage: string,
): PolicyGrant {
  const hit = (entries: readonly ManagedIdentityPolicyEntry[] | undefined) =>
    (entries ?? []).some((e) => entryMatches(e, id) && allows(e, usage));
  if (db && hit(db.policy)) return { at: 'database', unreadable: false };
  if (hit(facts.clusterPolicy)) return { at: 'cluster', unreadable: false };
  return { unreadable: facts.clusterPolicy === undefined || (db !== undefined && db.policy === undefined) };
}

/** `Database X Viewer` → `Viewer`; `AllDatabasesAdmin` stays. */
export function roleName(role: string): string {
  return role.trim().split(/\s+/).pop() ?? role;
}

/** The roles an object id holds in a database, plus the cluster-wide ones. */
export function rolesOf(objectId: string, db: DatabaseFacts, cluster: ClusterFacts): string[] {
  const mine = (rows: readonly PrincipalRow[] | undefined) =>
    (rows ?? []).filter((p) => eq(p.objectId, objectId)).map((p) => roleName(p.role));
  return [...new Set([...mine(db.principals), ...mine(cluster.clusterPrincipals)])];
}

/** Roles that satisfy a requirement, by requirement (a database Admin can do everything in it). */
export const ROLE_SATISFIERS: Readonly<Record<'viewer' | 'ingestor' | 'monitor', readonly string[]>> = {
  viewer: ['Viewer', 'User', 'UnrestrictedViewer', 'Admin', 'AllDatabasesAdmin', 'AllDatabasesViewer'],
  ingestor: ['Ingestor', 'Admin', 'AllDatabasesAdmin'],
  monitor: ['Monitor', 'Admin', 'AllDatabasesAdmin', 'AllDatabasesMonitor'],
};

export const ROLE_COMMAND: Readonly<Record<keyof typeof ROLE_SATISFIERS, DatabaseRole>> = {
  viewer: 'viewers',
  ingestor: 'ingestors',
  monitor: 'monitors',
};

/** The tenant to write into `aadapp=…;<tenant>`: ARM's, the policy's, or read from existing principal FQNs. */
export function tenantOf(facts: ClusterFacts, id?: ResolvedIdentity, given?: string): string | undefined {
  if (given) return given;
  if (id?.tenantId) return id.tenantId;
  if (facts.tenantId) return facts.tenantId;
  const fromPolicy = policyEntries(facts).find((e) => e.tenantId)?.tenantId;
  if (fromPolicy) return fromPolicy;
  const rows = [...(facts.clusterPrincipals ?? []), ...facts.databases.flatMap((d) => d.principals ?? [])];
  for (const r of rows) {
    const t = /;\s*([0-9a-f-]{36})\s*$/i.exec(r.fqn)?.[1];
    if (t && isGuid(t)) return t;
  }
  return undefined;
}

/** The principal to add, named by its resolved object id (the system identity too); undefined while that is unknown. */
export function principalInput(id: ResolvedIdentity, tenant: string): PrincipalInput | undefined {
  if (!id.objectId || !isGuid(id.objectId)) return undefined;
  return { kind: id.system ? 'system' : 'app', objectId: id.objectId, tenant };
}

/** The id a policy entry must hold: `system` or the object id. */
export function policyObjectId(id: ResolvedIdentity): string | undefined {
  return id.system ? 'system' : id.objectId;
}
