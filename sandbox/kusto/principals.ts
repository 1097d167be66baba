// Cluster and database principals: `.show … principals`, `.add` / `.drop database DB <role> (…)`.
import { randomUUID } from 'node:crypto';
import { describePrincipal } from '../state';
import type { ClusterState, DatabaseState, PrincipalState, SandboxState } from '../types';
import { badRequest, KustoError, Schema, v1Table } from './results';

export const PRINCIPALS_SCHEMA: Schema = [
  ['Role', 'string'],
  ['PrincipalType', 'string'],
  ['PrincipalDisplayName', 'string'],
  ['PrincipalObjectId', 'string'],
  ['PrincipalFQN', 'string'],
  ['Notes', 'string'],
  ['RoleAssignmentIdentifier', 'string'],
];

const TYPE_NAMES = { App: 'AAD Application', User: 'AAD User', Group: 'AAD Group' };

export function principalsTable(rows: PrincipalState[], roleLabel: (p: PrincipalState) => string) {
  return v1Table(
    PRINCIPALS_SCHEMA,
    rows.map((p) => [roleLabel(p), TYPE_NAMES[p.principalType], p.displayName, p.principalId, p.fqn, p.notes, p.name]),
  );
}

/** Roles as the service prints them: "Database MyDb Viewer", "AllDatabasesAdmin". */
export const databaseRoleLabel = (db: DatabaseState) => (p: PrincipalState) => `Database ${db.name} ${p.role}`;

/**
 * Resolves `aadapp=<id>;<tenant>` (or aaduser / aadgroup) through the directory stand-in.
 * A principal created less than principalVisibilityDelayMs ago is not visible yet, as in AAD.
 */
export function resolveFqn(
  state: SandboxState,
  cluster: ClusterState,
  fqn: string,
): Omit<PrincipalState, 'role' | 'notes' | 'name'> {
  const m = /^\s*(aadapp|aaduser|aadgroup)\s*=\s*([^;]+?)\s*(?:;\s*(.+?)\s*)?$/i.exec(fqn);
  if (!m)
    throw badRequest(`Principal '${fqn}' is not a valid principal FQN (expected aadapp=…, aaduser=… or aadgroup=…).`);
  const kind = m[1].toLowerCase();
  const tenantId = m[3] ?? state.subscriptions.find((s) => s.subscriptionId === cluster.subscriptionId)?.tenantId ?? '';
  const known = describePrincipal(state, cluster, m[2]);
  const expected = kind === 'aadapp' ? 'App' : kind === 'aaduser' ? 'User' : 'Group';
  if (!known || known.type !== expected || Date.now() - known.visibleAt < state.principalVisibilityDelayMs) {
    throw new KustoError(
      400,
      'BadRequest',
      'Kusto.Data.Exceptions.KustoBadRequestException',
      `Principal '${fqn}' was not found in AAD tenant '${tenantId}'.`,
    );
  }
  return {
    principalId: known.objectId,
    principalType: known.type,
    tenantId,
    displayName: known.displayName,
    fqn: `${kind}=${known.objectId};${tenantId}`,
  };
}

/** `.show principal '…' roles`: every cluster and database role the (resolved) principal holds. */
export function principalRolesTable(cluster: ClusterState, who: { principalId: string; displayName: string }) {
  const id = who.principalId.toLowerCase();
  const mine = (list: PrincipalState[]) => list.filter((p) => p.principalId.toLowerCase() === id);
  const rows = [
    ...mine(cluster.principals).map((p) => [cluster.name, who.displayName, who.principalId, p.role]),
    ...cluster.databases.flatMap((db) =>
      mine(db.principals).map((p) => [db.name, who.displayName, who.principalId, `Database ${db.name} ${p.role}`]),
    ),
  ];
  return v1Table(
    [
      ['Scope', 'string'],
      ['DisplayName', 'string'],
      ['AADObjectID', 'string'],
      ['Role', 'string'],
    ],
    rows,
  );
}

/** `.add`: adding a principal that already holds the role changes nothing (idempotent). */
export function addPrincipals(
  state: SandboxState,
  cluster: ClusterState,
  list: PrincipalState[],
  role: string,
  fqns: string[],
  notes: string,
): PrincipalState[] {
  const resolved = fqns.map((f) => resolveFqn(state, cluster, f));
  const out = [...list];
  for (const r of resolved) {
    if (out.some((p) => p.role === role && p.principalId.toLowerCase() === r.principalId.toLowerCase())) continue;
    out.push({ ...r, role, notes, name: randomUUID() });
  }
  return out;
}

export function dropPrincipals(
  state: SandboxState,
  cluster: ClusterState,
  list: PrincipalState[],
  role: string,
  fqns: string[],
): PrincipalState[] {
  const ids = fqns.map((f) => {
    const m = /=\s*([^;]+)/.exec(f);
    const raw = (m?.[1] ?? f).trim();
    return (describePrincipal(state, cluster, raw)?.objectId ?? raw).toLowerCase();
  });
  return list.filter((p) => !(p.role === role && ids.includes(p.principalId.toLowerCase())));
}

const READ_ROLES = ['Admin', 'User', 'Viewer', 'UnrestrictedViewer'];
const CLUSTER_READ_ROLES = ['AllDatabasesAdmin', 'AllDatabasesViewer'];

/** At least Viewer on the database (continuous export needs it on every database it reads). */
export function canRead(cluster: ClusterState, db: DatabaseState, objectId: string): boolean {
  const id = objectId.toLowerCase();
  return (
    db.principals.some((p) => READ_ROLES.includes(p.role) && p.principalId.toLowerCase() === id) ||
    cluster.principals.some((p) => CLUSTER_READ_ROLES.includes(p.role) && p.principalId.toLowerCase() === id)
  );
}
