// A cluster's identity configuration as data, and the idempotent .kql script that recreates it (the data rides along in a comment).
import {
  buildAddPrincipalCommand, buildAlterPolicyCommand, buildDeletePolicyCommand, buildDisableContinuousExportCommand,
  buildEnableContinuousExportCommand, type ContinuousExportInput, type DatabaseRole, type ManagementCommand, type Target,
} from '../commands';
import type { ManagedIdentityPolicyEntry } from '../results/policy';
import type { ExternalTableAuth } from '../results/externalTables';
import { exportCommandFromInput, exportInput } from './exportCommand';
import { roleName } from './identity';
import { clusterIdentities } from './report';
import type { ClusterFacts } from './types';

export interface SnapshotPolicyEntry { readonly objectId: string; readonly usages: readonly string[] }
export interface SnapshotPrincipal { readonly role: DatabaseRole; readonly objectId: string; readonly system: boolean; readonly tenant: string; readonly label: string }
export interface SnapshotExternalTable { readonly name: string; readonly connections: readonly { readonly location: string; readonly auth: ExternalTableAuth }[] }
export interface SnapshotExport { readonly input: ContinuousExportInput; readonly isDisabled: boolean }

export interface SnapshotDatabase {
  readonly name: string;
  readonly policy: readonly SnapshotPolicyEntry[];
  readonly principals: readonly SnapshotPrincipal[];
  readonly externalTables: readonly SnapshotExternalTable[];
  readonly exports: readonly SnapshotExport[];
}

export interface ClusterSnapshot {
  readonly version: 1;
  readonly cluster: string;
  readonly takenAt: string;
  readonly clusterPolicy: readonly SnapshotPolicyEntry[];
  /** Writable databases only: followers refuse every change. */
  readonly databases: readonly SnapshotDatabase[];
}

const ROLE_OF: Readonly<Record<string, DatabaseRole>> = {
  admin: 'admins', user: 'users', viewer: 'viewers', unrestrictedviewer: 'unrestrictedviewers', ingestor: 'ingestors', monitor: 'monitors',
};

/** `system` for the cluster's own identity (portable to a recreated cluster), else the object id. */
function policyEntries(entries: readonly ManagedIdentityPolicyEntry[] | undefined): SnapshotPolicyEntry[] {
  return (entries ?? []).map((e) => ({ objectId: e.isSystem || e.objectId.toLowerCase() === 'system' ? 'system' : e.objectId.toLowerCase(), usages: [...e.usages].sort() }));
}

/** Takes the snapshot from facts gathered with every database, its external tables and exports. */
export function takeSnapshot(facts: ClusterFacts, takenAt: Date): ClusterSnapshot {
  const identities = clusterIdentities(facts);
  const databases = facts.databases.filter((d) => !d.readOnly).map((d): SnapshotDatabase => ({
    name: d.name,
    policy: policyEntries(d.policy),
    principals: (d.principals ?? []).flatMap((p): SnapshotPrincipal[] => {
      const id = identities.find((i) => i.objectId && i.objectId.toLowerCase() === p.objectId.toLowerCase());
      const role = ROLE_OF[roleName(p.role).toLowerCase()];
      const tenant = /;\s*([^;]+?)\s*$/.exec(p.fqn)?.[1];
      if (!id || !role || !tenant) return [];
      return [{ role, objectId: id.system ? 'system' : p.objectId.toLowerCase(), system: id.system, tenant, label: id.label }];
    }).sort((a, b) => `${a.role}${a.objectId}`.localeCompare(`${b.role}${b.objectId}`)),
    externalTables: (d.externalTables ?? []).filter((t) => t.connections.some((c) => c.auth.mode === 'managedIdentity' || c.auth.mode === 'impersonate'))
      .map((t) => ({ name: t.name, connections: t.connections.map((c) => ({ location: c.location, auth: c.auth })) })),
    exports: (d.exports ?? []).map((e) => ({ input: exportInput(d.name, e), isDisabled: e.isDisabled })),
  }));
  return { version: 1, cluster: facts.name, takenAt: takenAt.toISOString(), clusterPolicy: policyEntries(facts.clusterPolicy), databases };
}

export function policyCommand(target: Target, entries: readonly SnapshotPolicyEntry[]): ManagementCommand {
  return entries.length ? buildAlterPolicyCommand(target, entries.map((e) => ({ objectId: e.objectId, usages: e.usages }))) : buildDeletePolicyCommand(target);
}

export function principalCommand(database: string, p: SnapshotPrincipal): ManagementCommand {
  const principal = p.system ? { kind: 'system' as const, tenant: p.tenant } : { kind: 'app' as const, objectId: p.objectId, tenant: p.tenant };
  return buildAddPrincipalCommand(database, p.role, principal);
}

export function exportCommands(database: string, e: SnapshotExport): ManagementCommand[] {
  const create = exportCommandFromInput(e.input);
  const state = e.isDisabled ? buildDisableContinuousExportCommand(database, e.input.name) : buildEnableContinuousExportCommand(database, e.input.name);
  return [create, state];
}

/** Every command, in the order they can run: policies, then principals, then exports (which need both). */
export function snapshotCommands(s: ClusterSnapshot): ManagementCommand[] {
  return [
    policyCommand({ scope: 'cluster' }, s.clusterPolicy),
    ...s.databases.map((d) => policyCommand({ scope: 'database', database: d.name }, d.policy)),
    ...s.databases.flatMap((d) => d.principals.map((p) => principalCommand(d.name, p))),
    ...s.databases.flatMap((d) => d.exports.flatMap((e) => exportCommands(d.name, e))),
  ];
}

export const SNAPSHOT_MARKER = '// adx-identity-snapshot: ';

/** The .kql script: one command per paragraph, a database comment before commands that do not name their database. */
export function formatSnapshotScript(s: ClusterSnapshot): string {
  const out = [`// Identity configuration of ${s.cluster}, taken ${s.takenAt} by adx-identity. Running it again changes nothing.`,
    `${SNAPSHOT_MARKER}${JSON.stringify(s)}`, ''];
  for (const c of snapshotCommands(s)) {
    if (c.scope === 'database' && !/^\.(alter|add|delete|drop) database /.test(c.text)) out.push(`// run in database ${c.database}`);
    out.push(c.text, '');
  }
  for (const d of s.databases) {
    for (const t of d.externalTables) {
      const modes = t.connections.map((c) => `${c.location} → ${c.auth.mode === 'managedIdentity' ? `managed_identity=${c.auth.identity}` : c.auth.mode}`).join('; ');
      out.push(`// external table ${d.name}.${t.name}: ${modes} (its columns are not readable here; recreate it with .create-or-alter external table)`);
    }
  }
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

