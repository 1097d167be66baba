// A cluster's identity configuration as data, and the idempotent .kql script that recreates it (the data rides along in a comment).
import {
  buildAddPrincipalCommand,
  buildAlterPolicyCommand,
  buildAlterUpdatePolicyCommand,
  buildCreateSqlExternalTableCommand,
  buildCreateStorageExternalTableCommand,
  buildDeletePolicyCommand,
  buildDisableContinuousExportCommand,
  buildEnableContinuousExportCommand,
  sqlConnectionString,
  STORAGE_FORMATS,
  type ColumnInput,
  type ContinuousExportInput,
  type DatabaseRole,
  type ManagementCommand,
  type PrincipalInput,
  type StorageAuth,
  type Target,
  type UpdatePolicyInput,
} from '../commands';
import type { ManagedIdentityPolicyEntry } from '../results/policy';
import type { ExternalTableAuth, ExternalTableRow } from '../results/externalTables';
import { updatePolicyInput } from '../results/updatePolicies';
import { exportCommandFromInput, exportInput } from './exportCommand';
import { resolveIdentity, roleName } from './identity';
import { clusterIdentities } from './report';
import type { ClusterFacts } from './types';

export interface SnapshotPolicyEntry {
  readonly objectId: string;
  readonly usages: readonly string[];
}
export interface SnapshotPrincipal {
  readonly role: DatabaseRole;
  /** The object id, the system identity's too (snapshots before 0.2 hold `system` there). */
  readonly objectId: string;
  readonly system: boolean;
  readonly tenant: string;
  readonly label: string;
}
/** What `.create-or-alter external table` needs; connection strings are rebuilt from locations and the identity. */
export type ExternalTableDefinition =
  | {
      readonly kind: 'storage';
      readonly columns: readonly ColumnInput[];
      readonly format: string;
      readonly uris: readonly string[];
      readonly auth: StorageAuth;
      readonly folder?: string;
      readonly docString?: string;
    }
  | {
      readonly kind: 'sql';
      readonly columns: readonly ColumnInput[];
      readonly sqlTable: string;
      readonly location: string;
      readonly auth: StorageAuth;
      readonly folder?: string;
      readonly docString?: string;
    };

export interface SnapshotExternalTable {
  readonly name: string;
  readonly connections: readonly { readonly location: string; readonly auth: ExternalTableAuth }[];
  /** Present when the table can be recreated from what the cluster returns. */
  readonly definition?: ExternalTableDefinition;
  /** Otherwise, why not. */
  readonly notRecreatable?: string;
}
export interface SnapshotExport {
  readonly input: ContinuousExportInput;
  readonly isDisabled: boolean;
}
/** A table's whole update policy, kept when one of its entries runs as a managed identity. */
export interface SnapshotUpdatePolicy {
  readonly table: string;
  readonly entries: readonly UpdatePolicyInput[];
}

export interface SnapshotDatabase {
  readonly name: string;
  readonly policy: readonly SnapshotPolicyEntry[];
  readonly principals: readonly SnapshotPrincipal[];
  readonly externalTables: readonly SnapshotExternalTable[];
  readonly exports: readonly SnapshotExport[];
  /** Absent in snapshots taken before update policies were read. */
  readonly updatePolicies?: readonly SnapshotUpdatePolicy[];
}

export const CLUSTER_ROLES = ['AllDatabasesAdmin', 'AllDatabasesViewer', 'AllDatabasesMonitor'] as const;
export type ClusterRole = (typeof CLUSTER_ROLES)[number];

/** A cluster-level role (`.show cluster principals`) held by one of the cluster's identities. */
export interface SnapshotClusterPrincipal {
  readonly role: ClusterRole;
  readonly objectId: string;
  readonly system: boolean;
  readonly tenant: string;
  readonly label: string;
}

/** The identities ARM shows on the cluster: the system one, and user-assigned ones by resource id. */
export interface SnapshotIdentity {
  readonly system: boolean;
  readonly userAssigned: readonly { readonly resourceId: string; readonly principalId?: string }[];
}

export interface ClusterSnapshot {
  readonly version: 1;
  readonly cluster: string;
  readonly takenAt: string;
  readonly clusterPolicy: readonly SnapshotPolicyEntry[];
  /** The object id of the cluster's system identity when it was taken (ARM, or the policy's IsSystem entry). */
  readonly systemObjectId?: string;
  /** With ARM only: the identity block (absent without ARM, and in older snapshots: then not compared). */
  readonly identity?: SnapshotIdentity;
  /** Cluster roles of the cluster's identities (absent when they were not read: then not compared). */
  readonly clusterPrincipals?: readonly SnapshotClusterPrincipal[];
  /** Writable databases only: followers refuse every change. */
  readonly databases: readonly SnapshotDatabase[];
}

const ROLE_OF: Readonly<Record<string, DatabaseRole>> = {
  admin: 'admins',
  user: 'users',
  viewer: 'viewers',
  unrestrictedviewer: 'unrestrictedviewers',
  ingestor: 'ingestors',
  monitor: 'monitors',
};

/** `system` for the cluster's own identity (portable to a recreated cluster), else the object id. */
function policyEntries(entries: readonly ManagedIdentityPolicyEntry[] | undefined): SnapshotPolicyEntry[] {
  return (entries ?? []).map((e) => ({
    objectId: e.isSystem || e.objectId.toLowerCase() === 'system' ? 'system' : e.objectId.toLowerCase(),
    usages: [...e.usages].sort(),
  }));
}

/** An external table whose connections use an identity (the caller's or a managed one): part of the identity configuration. */
export function usesIdentity(t: ExternalTableRow): boolean {
  // A masked connection may hide one: kept, with why it cannot be recreated, rather than silently left out.
  return t.connections.some((c) => ['managedIdentity', 'impersonate', 'hidden'].includes(c.auth.mode));
}

/** Whether `.create-or-alter` could recreate the table once its columns are known (so they are worth reading). */
export function wantsColumns(t: ExternalTableRow): boolean {
  return t.notRecreatable === undefined;
}

function authOf(a: ExternalTableAuth): StorageAuth | undefined {
  if (a.mode === 'impersonate') return 'impersonate';
  return a.mode === 'managedIdentity' && a.identity !== 'unknown'
    ? { managedIdentity: a.identity.toLowerCase() }
    : undefined;
}

export type DefinitionOrWhyNot = { readonly definition: ExternalTableDefinition } | { readonly notRecreatable: string };

/** The table's definition with every connection on `auth`, or why it cannot be recreated from what was read. */
export function tableDefinition(
  t: ExternalTableRow,
  columns: readonly ColumnInput[] | undefined,
  auth: StorageAuth,
  columnsError?: string,
): DefinitionOrWhyNot {
  if (t.notRecreatable) return { notRecreatable: t.notRecreatable };
  if (!columns?.length)
    return { notRecreatable: `its columns could not be read${columnsError ? ` (${columnsError})` : ''}` };
  const extra = { ...(t.folder ? { folder: t.folder } : {}), ...(t.docString ? { docString: t.docString } : {}) };
  if (/sql/i.test(t.tableType)) {
    if (t.connections.length !== 1 || !t.sqlTable || !t.connections[0].location)
      return { notRecreatable: 'its SQL table or server could not be read' };
    return {
      definition: { kind: 'sql', columns, sqlTable: t.sqlTable, location: t.connections[0].location, auth, ...extra },
    };
  }
  if (!t.format || !(STORAGE_FORMATS as readonly string[]).includes(t.format))
    return { notRecreatable: `its data format (${t.format ?? 'none'}) could not be read` };
  return {
    definition: {
      kind: 'storage',
      columns,
      format: t.format,
      uris: t.connections.map((c) => c.location),
      auth,
      ...extra,
    },
  };
}

/** The definition as the table is, when all its connections use the same identity. */
function definitionOf(
  t: ExternalTableRow,
  columns: readonly ColumnInput[] | undefined,
  columnsError: string | undefined,
): DefinitionOrWhyNot {
  if (t.connections.some((c) => c.auth.mode === 'hidden'))
    return { notRecreatable: 'the service masks its connection strings, so its auth mode cannot be read back' };
  const auths = t.connections.map((c) => authOf(c.auth));
  const auth = auths[0];
  if (auth === undefined || auths.some((a) => JSON.stringify(a) !== JSON.stringify(auth))) {
    return t.notRecreatable
      ? { notRecreatable: t.notRecreatable }
      : { notRecreatable: 'its connections do not all use the same identity' };
  }
  return tableDefinition(t, columns, auth, columnsError);
}

/** Takes the snapshot from facts gathered with every database, its external tables and exports. */
export function takeSnapshot(facts: ClusterFacts, takenAt: Date): ClusterSnapshot {
  const identities = clusterIdentities(facts);
  const databases = facts.databases
    .filter((d) => !d.readOnly)
    .map((d): SnapshotDatabase => ({
      name: d.name,
      policy: policyEntries(d.policy),
      principals: (d.principals ?? [])
        .flatMap((p): SnapshotPrincipal[] => {
          const id = identities.find((i) => i.objectId && i.objectId.toLowerCase() === p.objectId.toLowerCase());
          const role = ROLE_OF[roleName(p.role).toLowerCase()];
          const tenant = /;\s*([^;]+?)\s*$/.exec(p.fqn)?.[1];
          if (!id || !role || !tenant) return [];
          return [
            {
              role,
              objectId: p.objectId.toLowerCase(),
              system: id.system,
              tenant,
              label: id.label,
            },
          ];
        })
        .sort((a, b) => `${a.role}${a.objectId}`.localeCompare(`${b.role}${b.objectId}`)),
      externalTables: (d.externalTables ?? []).filter(usesIdentity).map((t) => ({
        name: t.name,
        connections: t.connections.map((c) => ({ location: c.location, auth: c.auth })),
        ...definitionOf(t, d.externalTableColumns?.[t.name], d.errors[`columns:${t.name}`]),
      })),
      exports: (d.exports ?? []).map((e) => ({ input: exportInput(d.name, e), isDisabled: e.isDisabled })),
      ...(d.updatePolicies ? { updatePolicies: updatePolicies(facts, d.updatePolicies) } : {}),
    }));
  const systemObjectId = identities.find((i) => i.system)?.objectId?.toLowerCase();
  const clusterPrincipals = facts.clusterPrincipals && clusterRoles(identities, facts.clusterPrincipals);
  return {
    version: 1,
    cluster: facts.name,
    takenAt: takenAt.toISOString(),
    clusterPolicy: policyEntries(facts.clusterPolicy),
    ...(systemObjectId ? { systemObjectId } : {}),
    ...(facts.identities
      ? {
          identity: {
            system: facts.identities.system !== undefined,
            userAssigned: facts.identities.userAssigned
              .map((u) => ({ resourceId: u.resourceId, principalId: u.principalId.toLowerCase() }))
              .sort((a, b) => a.resourceId.toLowerCase().localeCompare(b.resourceId.toLowerCase())),
          },
        }
      : {}),
    ...(clusterPrincipals ? { clusterPrincipals } : {}),
    databases,
  };
}

/** The cluster roles (`AllDatabases…`) the cluster's identities hold. */
function clusterRoles(
  identities: ReturnType<typeof clusterIdentities>,
  rows: NonNullable<ClusterFacts['clusterPrincipals']>,
): SnapshotClusterPrincipal[] {
  return rows
    .flatMap((p): SnapshotClusterPrincipal[] => {
      const id = identities.find((i) => i.objectId && i.objectId.toLowerCase() === p.objectId.toLowerCase());
      const role = CLUSTER_ROLES.find((r) => p.role.replace(/\s+/g, '').toLowerCase().endsWith(r.toLowerCase()));
      const tenant = /;\s*([^;]+?)\s*$/.exec(p.fqn)?.[1];
      if (!id || !role || !tenant) return [];
      return [{ role, objectId: p.objectId.toLowerCase(), system: id.system, tenant, label: id.label }];
    })
    .sort((a, b) => `${a.role}${a.objectId}`.localeCompare(`${b.role}${b.objectId}`));
}

/** Per table, in table order, the update policies that name a managed identity (`system` for the cluster's own). */
function updatePolicies(
  facts: ClusterFacts,
  rows: NonNullable<ClusterFacts['databases'][number]['updatePolicies']>,
): SnapshotUpdatePolicy[] {
  const tables = [...new Set(rows.filter((r) => r.managedIdentity).map((r) => r.table))].sort();
  return tables.map((table) => ({
    table,
    entries: rows
      .filter((r) => r.table === table)
      .map((r) =>
        updatePolicyInput(
          r,
          r.managedIdentity &&
            (resolveIdentity(facts, r.managedIdentity).system ? 'system' : r.managedIdentity.toLowerCase()),
        ),
      ),
  }));
}

export function updatePolicyCommand(database: string, u: SnapshotUpdatePolicy): ManagementCommand {
  return buildAlterUpdatePolicyCommand(database, u.table, u.entries);
}

export function policyCommand(target: Target, entries: readonly SnapshotPolicyEntry[]): ManagementCommand {
  return entries.length
    ? buildAlterPolicyCommand(
        target,
        entries.map((e) => ({ objectId: e.objectId, usages: e.usages })),
      )
    : buildDeletePolicyCommand(target);
}

/** The principal by object id; the system identity's is the cluster's current one when known (it changes when recreated). */
export function snapshotPrincipal(p: SnapshotPrincipal, systemObjectId: string | undefined): PrincipalInput {
  if (!p.system) return { kind: 'app', objectId: p.objectId, tenant: p.tenant };
  return { kind: 'system', objectId: systemObjectId ?? p.objectId, tenant: p.tenant };
}

export function principalCommand(database: string, p: SnapshotPrincipal, systemObjectId?: string): ManagementCommand {
  return buildAddPrincipalCommand(database, p.role, snapshotPrincipal(p, systemObjectId));
}

export function externalTableCommand(database: string, name: string, d: ExternalTableDefinition): ManagementCommand {
  const common = { database, name, columns: d.columns, orAlter: true, folder: d.folder, docString: d.docString };
  return d.kind === 'storage'
    ? buildCreateStorageExternalTableCommand({ ...common, format: d.format, uris: d.uris, auth: d.auth })
    : buildCreateSqlExternalTableCommand({
        ...common,
        sqlTable: d.sqlTable,
        connectionString: sqlConnectionString(d.location, d.auth),
      });
}

/** The tables a script recreates, then a comment line for each it cannot (with the reason). */
export function externalTableCommands(database: string, tables: readonly SnapshotExternalTable[]): ManagementCommand[] {
  return tables.flatMap((t) => (t.definition ? [externalTableCommand(database, t.name, t.definition)] : []));
}

export function externalTableNotes(database: string | undefined, tables: readonly SnapshotExternalTable[]): string[] {
  return tables
    .filter((t) => !t.definition)
    .map((t) => {
      const modes = t.connections
        .map(
          (c) =>
            `${c.location} → ${c.auth.mode === 'managedIdentity' ? `managed_identity=${c.auth.identity}` : c.auth.mode}`,
        )
        .join('; ');
      return `// external table ${database ? `${database}.` : ''}${t.name}: ${modes} — not recreated here: ${t.notRecreatable ?? 'its definition was not read'}`;
    });
}

export function exportCommands(database: string, e: SnapshotExport): ManagementCommand[] {
  const create = exportCommandFromInput(e.input);
  const state = e.isDisabled
    ? buildDisableContinuousExportCommand(database, e.input.name)
    : buildEnableContinuousExportCommand(database, e.input.name);
  return [create, state];
}

/** Every command, in the order they can run: policies, principals, external tables, update policies, then exports. */
export function snapshotCommands(s: ClusterSnapshot): ManagementCommand[] {
  return [
    policyCommand({ scope: 'cluster' }, s.clusterPolicy),
    ...s.databases.map((d) => policyCommand({ scope: 'database', database: d.name }, d.policy)),
    ...s.databases.flatMap((d) => d.principals.map((p) => principalCommand(d.name, p, s.systemObjectId))),
    ...s.databases.flatMap((d) => externalTableCommands(d.name, d.externalTables)),
    ...s.databases.flatMap((d) => (d.updatePolicies ?? []).map((u) => updatePolicyCommand(d.name, u))),
    ...s.databases.flatMap((d) => d.exports.flatMap((e) => exportCommands(d.name, e))),
  ];
}

export const SNAPSHOT_MARKER = '// adx-identity-snapshot: ';

/** The .kql script: one command per paragraph, a database comment before commands that do not name their database. */
export function formatSnapshotScript(s: ClusterSnapshot): string {
  const out = [
    `// Identity configuration of ${s.cluster}, taken ${s.takenAt} by adx-identity. Running it again changes nothing.`,
    `${SNAPSHOT_MARKER}${JSON.stringify(s)}`,
    '',
  ];
  for (const c of snapshotCommands(s)) {
    if (c.scope === 'database' && !/^\.(alter|add|delete|drop) database /.test(c.text))
      out.push(`// run in database ${c.database}`);
    out.push(c.text, '');
  }
  for (const d of s.databases) out.push(...externalTableNotes(d.name, d.externalTables));
  return `${out.join('\n').trimEnd()}\n`;
}

/** The snapshot data of a script made by formatSnapshotScript. */
export function readSnapshotScript(text: string): ClusterSnapshot {
  const line = text.split(/\r?\n/).find((l) => l.startsWith(SNAPSHOT_MARKER));
  if (!line) throw new Error(`not an adx-identity snapshot: no line starting with "${SNAPSHOT_MARKER.trim()}"`);
  const data = JSON.parse(line.slice(SNAPSHOT_MARKER.length)) as ClusterSnapshot;
  if (data.version !== 1 || !Array.isArray(data.databases)) throw new Error('unsupported snapshot version');
  return data;
}
