// The managed identity policy: validation against the cluster's identities in ARM, replace/merge, and its `.show` form.
import { createHash } from 'node:crypto';
import type { ClusterState, DatabaseState, SandboxState, ScenarioPolicyEntry } from '../types';
import { badRequest } from './results';

/** Kept in one place: newer docs list ten usages, older ones six. */
export const USAGES = [
  'All',
  'AutomatedFlows',
  'AzureAI',
  'DataConnection',
  'ExportRequest',
  'ExternalDataRequest',
  'ExternalTable',
  'NativeIngestion',
  'SandboxArtifacts',
  'SqlRequest',
];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AssignedIdentity {
  objectId: string;
  clientId: string;
  tenantId: string;
  displayName: string;
  isSystem: boolean;
}

/** The identity an ObjectId (or `system`) names among those assigned to the cluster in ARM, if any. */
export function assignedIdentity(
  state: SandboxState,
  cluster: ClusterState,
  objectId: string,
): AssignedIdentity | undefined {
  const tenantId = state.subscriptions.find((s) => s.subscriptionId === cluster.subscriptionId)?.tenantId ?? '';
  const key = objectId.toLowerCase();
  const sys = cluster.systemAssigned;
  if (sys && (key === 'system' || key === sys.principalId.toLowerCase())) {
    const clientId = derivedGuid(sys.principalId);
    return { objectId: sys.principalId, clientId, tenantId, displayName: cluster.name, isSystem: true };
  }
  for (const id of cluster.userAssigned.keys()) {
    const uai = state.userAssignedIdentities.find((i) => i.id.toLowerCase() === id);
    if (uai && uai.principalId.toLowerCase() === key) {
      return {
        objectId: uai.principalId,
        clientId: uai.clientId,
        tenantId: uai.tenantId,
        displayName: uai.name,
        isSystem: false,
      };
    }
  }
  return undefined;
}

/** A stable made-up client id for a system-assigned identity (ARM does not report one). */
function derivedGuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Parses and checks a policy payload; errors read like the service's. */
export function parsePolicy(
  payload: string,
  state: SandboxState,
  cluster: ClusterState,
  db: DatabaseState | undefined,
): ScenarioPolicyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch (e) {
    throw badRequest(`Failed to parse the managed identity policy: invalid JSON (${(e as Error).message}).`);
  }
  if (!Array.isArray(json))
    throw badRequest('The managed identity policy must be a JSON array of {ObjectId, AllowedUsages}.');
  return json.map((raw, i) => {
    const e = raw as Record<string, unknown>;
    const objectId = typeof e?.ObjectId === 'string' ? e.ObjectId : '';
    if (objectId.toLowerCase() !== 'system' && !GUID.test(objectId)) {
      throw badRequest(`Managed identity policy entry ${i}: ObjectId '${objectId}' must be a GUID or 'system'.`);
    }
    if (typeof e.AllowedUsages !== 'string' || !e.AllowedUsages.trim()) {
      throw badRequest(`Managed identity policy entry ${i}: AllowedUsages is required.`);
    }
    const usages = e.AllowedUsages.split(',')
      .map((u) => u.trim())
      .map((u) => {
        const known = USAGES.find((k) => k.toLowerCase() === u.toLowerCase());
        if (!known)
          throw badRequest(
            `Managed identity policy entry ${i}: unknown usage '${u}'. Valid usages: ${USAGES.join(', ')}.`,
          );
        return known;
      });
    // The SandboxArtifacts usage can only be set on the cluster-level policy (managed identities overview).
    if (db && usages.includes('SandboxArtifacts')) {
      throw badRequest(`The 'SandboxArtifacts' usage is only allowed in the cluster-level managed identity policy.`);
    }
    if (!assignedIdentity(state, cluster, objectId)) {
      throw badRequest(
        objectId.toLowerCase() === 'system'
          ? `The cluster '${cluster.name}' has no system-assigned managed identity.`
          : `Managed identity with ObjectId '${objectId}' is not assigned to cluster '${cluster.name}'.`,
      );
    }
    return { ObjectId: objectId, AllowedUsages: usages.join(', ') };
  });
}

const same = (state: SandboxState, cluster: ClusterState, a: string, b: string) =>
  a.toLowerCase() === b.toLowerCase() ||
  (assignedIdentity(state, cluster, a)?.objectId ?? a).toLowerCase() ===
    (assignedIdentity(state, cluster, b)?.objectId ?? b).toLowerCase();

/** `.alter-merge`: usages of an ObjectId already in the policy are added to. */
export function mergePolicy(
  state: SandboxState,
  cluster: ClusterState,
  current: ScenarioPolicyEntry[] | null,
  add: ScenarioPolicyEntry[],
): ScenarioPolicyEntry[] {
  const out = (current ?? []).map((e) => ({ ...e }));
  for (const e of add) {
    const existing = out.find((x) => same(state, cluster, x.ObjectId, e.ObjectId));
    if (!existing) {
      out.push({ ...e });
      continue;
    }
    const usages = existing.AllowedUsages.split(',').map((u) => u.trim());
    for (const u of e.AllowedUsages.split(',').map((x) => x.trim())) if (!usages.includes(u)) usages.push(u);
    existing.AllowedUsages = usages.join(', ');
  }
  return out;
}

/** The policy as `.show` prints it, with the fields the service fills in. */
export function showPolicyJson(
  state: SandboxState,
  cluster: ClusterState,
  policy: ScenarioPolicyEntry[] | null,
): string {
  if (!policy) return 'null';
  return JSON.stringify(
    policy.map((e) => {
      const id = assignedIdentity(state, cluster, e.ObjectId);
      return {
        ObjectId: id?.objectId ?? e.ObjectId,
        ClientId: id?.clientId ?? null,
        TenantId: id?.tenantId ?? null,
        DisplayName: id?.displayName ?? null,
        IsSystem: id?.isSystem ?? e.ObjectId.toLowerCase() === 'system',
        AllowedUsages: e.AllowedUsages,
      };
    }),
  );
}

/** Whether the cluster or database policy lets this identity be used for `usage` (`All` covers everything). */
export function policyAllows(
  state: SandboxState,
  cluster: ClusterState,
  db: DatabaseState,
  objectId: string,
  usage: string,
): boolean {
  return [db.managedIdentityPolicy, cluster.managedIdentityPolicy].some((p) =>
    (p ?? []).some(
      (e) =>
        same(state, cluster, e.ObjectId, objectId) &&
        e.AllowedUsages.split(',')
          .map((u) => u.trim().toLowerCase())
          .some((u) => u === 'all' || u === usage.toLowerCase()),
    ),
  );
}
