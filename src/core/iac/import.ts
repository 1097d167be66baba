// Infrastructure code back into a snapshot: the resources each reader found (cluster identity, principal assignments,
// scripts), whatever format they came from, become the data drift compares with a live cluster.
import type { DatabaseRole } from '../commands';
import type {
  ClusterSnapshot,
  SnapshotClusterPrincipal,
  SnapshotDatabase,
  SnapshotPrincipal,
} from '../workflows/snapshot';
import { CLUSTER_ROLES } from '../workflows/snapshot';
import {
  CLUSTER_PRINCIPAL_TYPE,
  CLUSTER_TYPE,
  DATABASE_PRINCIPAL_TYPE,
  DATABASE_TYPE,
  databaseRoleOfArm,
  SCRIPT_TYPE,
} from './model';
import { emptyParts, readScriptContent } from './scriptReader';

/** The cluster's system identity, wherever the code names it by an expression (`cluster.identity.principalId`…). */
export const SYSTEM_PRINCIPAL = Symbol('system principal');
/** A value the reader could not work out (an expression on something outside the file). */
export const UNKNOWN = Symbol('unknown value');
export type IacValue = string | number | boolean | typeof SYSTEM_PRINCIPAL | typeof UNKNOWN | undefined;

/** One Microsoft.Kusto resource as a reader found it, whatever the format. */
export interface IacResource {
  /** `Microsoft.Kusto/clusters`, `…/principalAssignments`, `…/databases/principalAssignments`, `…/databases/scripts`. */
  readonly type: string;
  /** The database of a database child (undefined when it could not be worked out). */
  readonly database?: IacValue;
  readonly name?: IacValue;
  /** Clusters: the identity block. */
  readonly identity?: { readonly type: IacValue; readonly userAssigned: readonly IacValue[] };
  /** Principal assignments: principalId, role, tenantId, principalType; scripts: scriptContent, scriptLevel. */
  readonly properties: Readonly<Record<string, IacValue>>;
  /** Where in the file (for notes), e.g. `resource grant1`. */
  readonly where: string;
}

export interface ImportedSnapshot {
  readonly snapshot: ClusterSnapshot;
  /** What was left out or read in another form, one line each. */
  readonly notes: readonly string[];
}

const text = (v: IacValue): string | undefined => (typeof v === 'string' ? v : undefined);

/** The snapshot the resources declare; `cluster` and `takenAt` label it. */
export function snapshotFromResources(
  resources: readonly IacResource[],
  cluster: string,
  takenAt: string,
): ImportedSnapshot {
  const notes: string[] = [];
  const parts = emptyParts();
  const databases = new Map<string, { principals: SnapshotPrincipal[] }>();
  const db = (name: string) => {
    const key = [...databases.keys()].find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    if (!databases.has(key)) databases.set(key, { principals: [] });
    return { key, value: databases.get(key)! };
  };
  let identity: ClusterSnapshot['identity'];
  const clusterPrincipals: SnapshotClusterPrincipal[] = [];
  let sawClusterGrants = false;
  for (const r of resources) {
    const type = r.type.toLowerCase();
    if (type === CLUSTER_TYPE.toLowerCase()) {
      if (!r.identity) continue;
      const kind = text(r.identity.type) ?? '';
      identity = {
        system: /systemassigned/i.test(kind),
        userAssigned: r.identity.userAssigned.flatMap((id) => {
          if (typeof id === 'string') return [{ resourceId: id }];
          notes.push(`${r.where}: a user-assigned identity given by an expression, left out`);
          return [];
        }),
      };
      continue;
    }
    if (type === CLUSTER_PRINCIPAL_TYPE.toLowerCase() || type === DATABASE_PRINCIPAL_TYPE.toLowerCase()) {
      const p = r.properties;
      const principalId = p.principalId;
      const tenant = text(p.tenantId);
      const role = text(p.role) ?? '';
      // Name what the file leaves to the deployment (a parameter without a default, a deployer() or data source…).
      const unread = [
        ...(p.principalType === UNKNOWN ? ['principalType'] : []),
        ...(principalId !== SYSTEM_PRINCIPAL && typeof principalId !== 'string' ? ['principalId'] : []),
        ...(!tenant ? ['tenantId'] : []),
        ...(p.role === UNKNOWN ? ['role'] : []),
      ];
      if (p.principalType !== UNKNOWN && text(p.principalType)?.toLowerCase() !== 'app') {
        notes.push(`${r.where}: a ${text(p.principalType) ?? 'principal'} of another type than App, left out`);
        continue;
      }
      if (unread.length || !tenant) {
        notes.push(`${r.where}: its ${unread.join(', ')} cannot be read from the file (set at deployment), left out`);
        continue;
      }
      const system = principalId === SYSTEM_PRINCIPAL;
      const objectId = system ? 'system' : (principalId as string).toLowerCase();
      const label = system ? 'system-assigned' : objectId;
      if (type === CLUSTER_PRINCIPAL_TYPE.toLowerCase()) {
        sawClusterGrants = true;
        const clusterRole = CLUSTER_ROLES.find((x) => x.toLowerCase() === role.toLowerCase());
        if (!clusterRole) notes.push(`${r.where}: ${role} is not a cluster role, left out`);
        else clusterPrincipals.push({ role: clusterRole, objectId, system, tenant, label });
        continue;
      }
      const databaseRole = databaseRoleOfArm(role);
      const database = text(r.database);
      if (!databaseRole || !database) {
        notes.push(
          `${r.where}: ${databaseRole ? 'its database cannot be read here' : `${role} is not a database role`}`,
        );
        continue;
      }
      db(database).value.principals.push({ role: databaseRole, objectId, system, tenant, label });
      continue;
    }
    if (type === SCRIPT_TYPE.toLowerCase()) {
      const content = text(r.properties.scriptContent);
      const database = text(r.database);
      if (content === undefined) {
        notes.push(`${r.where}: a script from a URL or an expression, not read`);
        continue;
      }
      if (database) db(database);
      readScriptContent(content, database, parts);
      continue;
    }
    // A database declaration only holds the children above; anything else is not identity configuration.
    if (type !== DATABASE_TYPE.toLowerCase())
      notes.push(`${r.where}: ${r.type} is not part of the identity configuration, left out`);
  }
  for (const p of parts.principals)
    db(p.database).value.principals.push({
      role: p.role as DatabaseRole,
      objectId: p.objectId,
      system: false,
      tenant: p.tenant,
      label: p.objectId,
    });
  for (const name of [
    ...parts.policies.keys(),
    ...parts.externalTables.map((t) => t.database),
    ...parts.exports.map((e) => e.database),
    ...parts.updatePolicies.map((u) => u.database),
  ])
    db(name);
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const snapshotDatabases = [...databases.entries()].map(([name, value]): SnapshotDatabase => ({
    name,
    policy: [...parts.policies.entries()].find(([k]) => same(k, name))?.[1] ?? [],
    principals: value.principals.sort((a, b) => `${a.role}${a.objectId}`.localeCompare(`${b.role}${b.objectId}`)),
    externalTables: parts.externalTables.filter((t) => same(t.database, name)).map((t) => t.table),
    exports: parts.exports.filter((e) => same(e.database, name)).map((e) => e.export),
    updatePolicies: parts.updatePolicies
      .filter((u) => same(u.database, name))
      .map((u) => ({ table: u.table, entries: u.entries }))
      .sort((a, b) => a.table.localeCompare(b.table)),
  }));
  const snapshot: ClusterSnapshot = {
    version: 1,
    cluster,
    takenAt,
    clusterPolicy: parts.clusterPolicy ?? [],
    ...(identity ? { identity } : {}),
    ...(sawClusterGrants || identity
      ? {
          clusterPrincipals: clusterPrincipals.sort((a, b) =>
            `${a.role}${a.objectId}`.localeCompare(`${b.role}${b.objectId}`),
          ),
        }
      : {}),
    databases: snapshotDatabases,
  };
  return { snapshot, notes: [...notes, ...parts.notes] };
}
