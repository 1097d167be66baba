// A snapshot as infrastructure code: what each format declares (identity, principal assignments, scripts), built once.
import type { DatabaseRole, ManagementCommand } from '../commands';
import { exportCommandFromInput } from '../workflows/exportCommand';
import {
  externalTableCommands,
  externalTableNotes,
  policyCommand,
  updatePolicyCommand,
  type ClusterRole,
  type ClusterSnapshot,
} from '../workflows/snapshot';

/** Microsoft.Kusto 2024-04-13: the first api-version whose scripts take `scriptLevel` and `principalPermissionsAction`. */
export const KUSTO_API_VERSION = '2024-04-13';
export const CLUSTER_TYPE = 'Microsoft.Kusto/clusters';
export const DATABASE_TYPE = 'Microsoft.Kusto/clusters/databases';
export const CLUSTER_PRINCIPAL_TYPE = 'Microsoft.Kusto/clusters/principalAssignments';
export const DATABASE_PRINCIPAL_TYPE = 'Microsoft.Kusto/clusters/databases/principalAssignments';
export const SCRIPT_TYPE = 'Microsoft.Kusto/clusters/databases/scripts';
/** Scripts run as the deploying principal; it keeps no extra rights once they ran. */
export const PRINCIPAL_PERMISSIONS_ACTION = 'RemovePermissionOnScriptCompletion';

/** The ARM `role` of a principal assignment for a database role of `.add database`. */
export const ARM_DATABASE_ROLE: Readonly<Record<DatabaseRole, string>> = {
  admins: 'Admin',
  users: 'User',
  viewers: 'Viewer',
  unrestrictedviewers: 'UnrestrictedViewer',
  ingestors: 'Ingestor',
  monitors: 'Monitor',
};

export function databaseRoleOfArm(role: string): DatabaseRole | undefined {
  return (Object.keys(ARM_DATABASE_ROLE) as DatabaseRole[]).find(
    (r) => ARM_DATABASE_ROLE[r].toLowerCase() === role.toLowerCase(),
  );
}

/** Who a principal assignment names: the cluster's system identity (an expression in the code) or an object id. */
export type IacPrincipalId = { readonly system: true } | { readonly system: false; readonly objectId: string };

export interface IacPrincipalAssignment {
  /** The resource name, unique in its cluster or database. */
  readonly name: string;
  /** Absent for a cluster-level assignment. */
  readonly database?: string;
  /** `Admin`…`Viewer`, or `AllDatabasesAdmin`…. */
  readonly role: string;
  readonly principal: IacPrincipalId;
  readonly tenantId: string;
}

export interface IacScript {
  readonly name: string;
  /** The database the script resource sits under (a cluster-level script too: scripts are database children). */
  readonly database: string;
  readonly level: 'Cluster' | 'Database';
  /** Commands separated by a blank line, as the builders write them. */
  readonly content: string;
  readonly commands: readonly ManagementCommand[];
}

export interface IacModel {
  readonly cluster: string;
  readonly identity?: { readonly system: boolean; readonly userAssigned: readonly string[] };
  readonly principalAssignments: readonly IacPrincipalAssignment[];
  /** The cluster-level script (the cluster policy) first, then one script per database. */
  readonly scripts: readonly IacScript[];
  /** What the code cannot say, as comment lines. */
  readonly notes: readonly string[];
}

/** A resource name from free text: letters, digits and dashes. */
export function resourceName(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

const principalName = (role: string, p: { system: boolean; objectId: string }): string =>
  resourceName('adxid', role, p.system ? 'system' : p.objectId);

/** The export as a script can hold it: a script refuses `.enable|.disable`, so the state rides in `isDisabled`. */
export function scriptExportCommand(input: ClusterSnapshot['databases'][number]['exports'][number]): ManagementCommand {
  return exportCommandFromInput({ ...input.input, isDisabled: input.isDisabled });
}

/** The commands of one database's script: policy, external tables, update policies, exports (the snapshot's order). */
function databaseCommands(d: ClusterSnapshot['databases'][number]): ManagementCommand[] {
  return [
    // A script may only create or alter: an empty policy is left out (there is nothing to declare).
    ...(d.policy.length ? [policyCommand({ scope: 'database', database: d.name }, d.policy)] : []),
    ...externalTableCommands(d.name, d.externalTables),
    ...(d.updatePolicies ?? []).map((u) => updatePolicyCommand(d.name, u)),
    ...d.exports.map(scriptExportCommand),
  ];
}

export const scriptContent = (commands: readonly ManagementCommand[]): string =>
  `${commands.map((c) => c.text).join('\n\n')}\n`;

/** The model every format writes; principals come from the snapshot (identities of the cluster only). */
export function iacModel(s: ClusterSnapshot): IacModel {
  const notes: string[] = [];
  const assignments: IacPrincipalAssignment[] = [];
  for (const p of s.clusterPrincipals ?? [])
    assignments.push({
      name: principalName(p.role, p),
      role: p.role,
      principal: p.system ? { system: true } : { system: false, objectId: p.objectId },
      tenantId: p.tenant,
    });
  for (const d of s.databases)
    for (const p of d.principals)
      assignments.push({
        name: principalName(ARM_DATABASE_ROLE[p.role], p),
        database: d.name,
        role: ARM_DATABASE_ROLE[p.role],
        principal: p.system ? { system: true } : { system: false, objectId: p.objectId },
        tenantId: p.tenant,
      });
  const scripts: IacScript[] = [];
  const host = s.databases[0]?.name;
  if (s.clusterPolicy.length && host) {
    const commands = [policyCommand({ scope: 'cluster' }, s.clusterPolicy)];
    scripts.push({
      name: 'adxid-cluster-policy',
      database: host,
      level: 'Cluster',
      content: scriptContent(commands),
      commands,
    });
  } else if (s.clusterPolicy.length) {
    notes.push('the cluster policy needs a database to hold its script, and the snapshot has none');
  }
  const used = new Set<string>();
  for (const d of s.databases) {
    const commands = databaseCommands(d);
    notes.push(...externalTableNotes(d.name, d.externalTables).map((n) => n.replace(/^\/\/ /, '')));
    if (!commands.length) continue;
    let name = resourceName('adxid', d.name);
    for (let i = 2; used.has(name); i++) name = resourceName('adxid', d.name, String(i));
    used.add(name);
    scripts.push({ name, database: d.name, level: 'Database', content: scriptContent(commands), commands });
  }
  return {
    cluster: s.cluster,
    ...(s.identity
      ? { identity: { system: s.identity.system, userAssigned: s.identity.userAssigned.map((u) => u.resourceId) } }
      : {}),
    principalAssignments: assignments,
    scripts,
    notes,
  };
}

/** `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned` or `None`. */
export function identityType(identity: NonNullable<IacModel['identity']>): string {
  const kinds = [identity.system ? 'SystemAssigned' : '', identity.userAssigned.length ? 'UserAssigned' : ''].filter(
    Boolean,
  );
  return kinds.length ? kinds.join(', ') : 'None';
}

export const isClusterRole = (role: string): role is ClusterRole => /^AllDatabases/i.test(role);

/** The header every format prints, as lines without a comment marker. */
export function headerLines(s: ClusterSnapshot, model: IacModel): string[] {
  return [
    `Identity configuration of ${s.cluster}, taken ${s.takenAt} by adx-identity (Microsoft.Kusto ${KUSTO_API_VERSION}).`,
    'Deploying it declares the cluster resource: give the same location and SKU it has, or the deployment changes them.',
    ...model.notes.map((n) => `Not here: ${n}`),
  ];
}
