// Checks made before sending a change: follower databases refuse everything; the cluster policy needs AllDatabasesAdmin.
import type { PrincipalRow } from '../results/principals';

export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

export function followerRefusal(database: string, cluster: string): string {
  return `${database} on ${cluster} is a follower database: it is read-only, so nothing was sent. Make the change on the leader database.`;
}

/** Undefined when the caller holds AllDatabasesAdmin (or cannot be seen); otherwise the problem, said before trying. */
export function clusterAdminProblem(
  principals: readonly PrincipalRow[],
  callerObjectId: string | undefined,
): string | undefined {
  if (!callerObjectId) return undefined;
  const mine = principals.filter((p) => p.objectId.toLowerCase() === callerObjectId.toLowerCase());
  if (mine.some((p) => /alldatabasesadmin/i.test(p.role.replace(/\s+/g, '')))) return undefined;
  const held = mine.map((p) => p.role).join(', ');
  // Group membership is invisible here: say what is known, and let the user decide.
  return `Changing the cluster policy needs AllDatabasesAdmin; .show cluster principals lists you (${callerObjectId}) ${held ? `only as ${held}` : 'in no cluster role'} (a group you belong to may still grant it).`;
}

/** The `oid` claim of a JWT (the signed-in caller), read without verifying: only to compare with principal rows. */
export function callerObjectIdOf(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid?: unknown };
    return typeof claims.oid === 'string' ? claims.oid : undefined;
  } catch {
    return undefined;
  }
}

/** The cluster's identities as ARM shows them, for checks before a policy names one. */
export interface AttachedIdentities {
  readonly systemPrincipalId?: string;
  readonly user: readonly { readonly name: string; readonly principalId: string; readonly clientId: string }[];
}

/** Why a policy may not name these ids: each must be `system` (when on) or an identity attached to the cluster. */
export function unattachedProblem(
  attached: AttachedIdentities,
  objectIds: readonly string[],
  cluster: string,
): string | undefined {
  const eq = (a: string, b: string | undefined): boolean => !!b && a.toLowerCase() === b.toLowerCase();
  const bad = objectIds.filter((id) => {
    if (id.toLowerCase() === 'system' || eq(id, attached.systemPrincipalId)) return !attached.systemPrincipalId;
    return !attached.user.some((u) => eq(id, u.principalId) || eq(id, u.clientId));
  });
  if (!bad.length) return undefined;
  const names = bad
    .map((id) => (id.toLowerCase() === 'system' ? 'the system-assigned identity (it is off)' : id))
    .join(', ');
  return `${names} ${bad.length === 1 ? 'is' : 'are'} not assigned to ${cluster} in Azure, so the service would refuse the policy. Attach ${bad.length === 1 ? 'it' : 'them'} first (Enable / Attach Identity); nothing was sent.`;
}
