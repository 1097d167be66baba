// Checks made before sending a change: follower databases refuse policy, schema and data changes (principals go through
// `.add|.drop follower database`); the managed identity policy needs AllDatabasesAdmin at both scopes.
import { FOLLOWER_ROLES } from '../commands/principals';
import type { PrincipalRow } from '../results/principals';

export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

export function followerRefusal(database: string, cluster: string, command?: string): string {
  const form = command === undefined ? undefined : followerPrincipalForm(command);
  if (form)
    return `${database} on ${cluster} is a follower database: its principals are changed with the follower form, so nothing was sent. Run instead:\n${form}`;
  return `${database} on ${cluster} is a follower database: its policies, schema and data are the leader's, so nothing was sent. Make the change on the leader database (principals can be changed here with .add|.drop follower database).`;
}

const PRINCIPAL_CHANGE = /^(\s*\.(?:add|drop))\s+database\s+(\['[^']*'\]|\["[^"]*"\]|\S+)\s+(\w+)\b/i;
const FOLLOWER_FORM = /^\s*\.(?:add|drop)\s+follower\s+database\s/i;

/** Whether the command changes a follower database's principals through the form the follower accepts. */
export function isFollowerPrincipalCommand(text: string): boolean {
  return FOLLOWER_FORM.test(text);
}

/** `.add database DB viewers (…)` → `.add follower database DB viewers (…)`, for roles a follower takes; else undefined. */
export function followerPrincipalForm(text: string): string | undefined {
  const m = PRINCIPAL_CHANGE.exec(text);
  if (!m || !(FOLLOWER_ROLES as readonly string[]).includes(m[3].toLowerCase())) return undefined;
  return `${m[1]} follower database${text.slice(m[1].length).replace(/^\s+database/i, '')}`;
}

/** The role a management command needs, as the docs state it: named in 403 messages and before trying. */
export function permissionFor(text: string): string {
  // Bracketed names may hold spaces: fold them into one token first.
  const t = text.trimStart().replace(/\[(?:'[^']*'|"[^"]*")\]/g, 'N');
  if (/^\.show\s+cluster\s+policy\s+managed_identity\b/i.test(t)) return 'AllDatabasesMonitor on the cluster';
  if (/^\.show\s+database\s+\S+\s+policy\s+managed_identity\b/i.test(t))
    return 'Database User, Viewer or Monitor on the database';
  if (/^\.(alter|alter-merge|delete)\s+(cluster|database\s+\S+)\s+policy\s+managed_identity\b/i.test(t))
    return 'AllDatabasesAdmin on the cluster (the docs require it for the database-level policy too)';
  if (/^\.show\s+(cluster\s+)?databases\s+details\b/i.test(t)) return 'AllDatabasesMonitor on the cluster';
  if (/^\.show\s+cluster\s/i.test(t))
    return 'AllDatabasesMonitor (or AllDatabasesViewer / AllDatabasesAdmin) on the cluster';
  if (/^\.show\s/i.test(t)) return 'Database Viewer (or higher) on the database';
  if (FOLLOWER_FORM.test(t)) return 'Database Admin on the follower database';
  return 'Database Admin on the database (AllDatabasesAdmin for cluster-level changes)';
}

/**
 * Undefined when the caller holds AllDatabasesAdmin (or cannot be seen); otherwise the problem, said before trying.
 * The docs require AllDatabasesAdmin to alter, alter-merge or delete the managed identity policy at either scope.
 */
export function clusterAdminProblem(
  principals: readonly PrincipalRow[],
  callerObjectId: string | undefined,
  scope: 'cluster' | 'database' = 'cluster',
): string | undefined {
  if (!callerObjectId) return undefined;
  const mine = principals.filter((p) => p.objectId.toLowerCase() === callerObjectId.toLowerCase());
  if (mine.some((p) => /alldatabasesadmin/i.test(p.role.replace(/\s+/g, '')))) return undefined;
  const held = mine.map((p) => p.role).join(', ');
  // Group membership is invisible here: say what is known, and let the user decide.
  const what = scope === 'cluster' ? 'the cluster policy' : 'a database managed identity policy (like the cluster one)';
  return `Changing ${what} needs AllDatabasesAdmin; .show cluster principals lists you (${callerObjectId}) ${held ? `only as ${held}` : 'in no cluster role'} (a group you belong to may still grant it).`;
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
