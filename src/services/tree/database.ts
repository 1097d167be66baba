// A database and its branches: principals, policy, data connections, external tables, continuous exports, update policies.
import type { ContinuousExportRow, ExportFailureRow } from '../../core/results/continuousExports';
import type { ExternalTableAuth, ExternalTableRow } from '../../core/results/externalTables';
import type { UpdatePolicyRow } from '../../core/results/updatePolicies';
import type { Catalog } from '../catalog';
import type { ClusterInfo, DataConnectionInfo, DatabaseInfo } from '../model';
import { lastSegment } from '../model';
import { ids, type DatabaseBranch } from './ids';
import { contextValue, infoNode, type ModelNode, type NodeModel } from './node';
import { branch, policyChildren, principalChildren, resolveIdentity } from './shared';

export function databaseNode(catalog: Catalog, cluster: NodeModel, db: DatabaseInfo): ModelNode {
  const id = ids.database(cluster.clusterId, db.name);
  const ref = cluster.ref;
  const c = ref.cluster;
  const arm = c.source === 'arm';
  const name = db.name;
  const model: NodeModel = { ref, clusterId: cluster.clusterId, database: db };
  const target = { scope: 'database', database: name } as const;
  const at = (b: DatabaseBranch): string => ids.databaseBranch(cluster.clusterId, name, b);
  return {
    id,
    kind: 'database',
    label: name,
    description: db.readOnly ? 'read-only (follower)' : undefined,
    tooltip: `Database ${name} on ${c.name}\nKind: ${db.kind ?? 'unknown'}${db.readOnly ? '\nFollower database: read-only, changes are refused' : ''}`,
    icon: { id: db.readOnly ? 'lock' : 'database' },
    contextValue: contextValue('database', db.readOnly ? 'readOnly' : 'readWrite', 'refreshable'),
    collapsible: 'collapsed',
    model,
    load: async () => {
      const empty = (label: string) => (rows: ModelNode[]) => (rows.length ? rows : [infoNode(id, label)]);
      const policy = { ...model, policy: target };
      return [
        branch(at('principals'), 'databasePrincipals', 'Principals', 'organization', model, async () =>
          principalChildren(at('principals'), model, target, await catalog.databasePrincipals(ref, name)),
        ),
        branch(
          at('policy'),
          'databasePolicy',
          'Managed identity policy',
          'shield',
          policy,
          async () => policyChildren(at('policy'), policy, await catalog.databasePolicy(ref, name)),
          'database',
        ),
        ...(arm
          ? [
              branch(at('dataConnections'), 'dataConnections', 'Data connections', 'plug', model, async () =>
                empty('No data connections')(
                  dataConnectionChildren(at('dataConnections'), model, await catalog.dataConnections(ref, name)),
                ),
              ),
            ]
          : []),
        branch(at('externalTables'), 'externalTables', 'External tables', 'table', model, async () =>
          empty('No external tables')(
            externalTableChildren(at('externalTables'), model, await catalog.externalTables(ref, name)),
          ),
        ),
        branch(at('continuousExports'), 'continuousExports', 'Continuous exports', 'export', model, async () =>
          empty('No continuous exports')(
            continuousExportChildren(
              catalog,
              at('continuousExports'),
              model,
              await catalog.continuousExports(ref, name),
            ),
          ),
        ),
        branch(at('updatePolicies'), 'updatePolicies', 'Update policies', 'arrow-swap', model, async () =>
          empty('No update policies')(
            updatePolicyChildren(at('updatePolicies'), model, await catalog.updatePolicies(ref, name)),
          ),
        ),
      ];
    },
  };
}

/** Event Hub / IoT Hub connections name their identity by resource id: the cluster's own id means its system identity. */
function identityText(cluster: ClusterInfo, resourceId: string | undefined): string {
  if (!resourceId) return 'no managed identity';
  if (cluster.resourceId && resourceId.toLowerCase() === cluster.resourceId.toLowerCase()) return 'system-assigned';
  return lastSegment(resourceId);
}

export function dataConnectionChildren(parentId: string, model: NodeModel, rows: DataConnectionInfo[]): ModelNode[] {
  return rows.map((d) => {
    const who = identityText(model.ref.cluster, d.identityResourceId);
    return {
      id: ids.dataConnection(parentId, d.name),
      model: { ...model, dataConnection: d },
      kind: 'dataConnection',
      label: d.name,
      description: `${d.kind} · ${who}`,
      tooltip: `Data connection ${d.name}\nKind: ${d.kind}\nIdentity: ${who}${d.identityResourceId ? `\n${d.identityResourceId}` : ''}`,
      icon: { id: 'plug' },
      contextValue: contextValue('dataConnection', d.kind, d.identityResourceId ? 'usesIdentity' : 'noIdentity'),
      collapsible: 'none',
    };
  });
}

/** Only the auth mode is shown, never the connection string: it may hold a secret. */
function authText(cluster: ClusterInfo, auth: ExternalTableAuth): string {
  if (auth.mode === 'impersonate') return 'impersonate';
  if (auth.mode === 'managedIdentity') return `managed identity ${resolveIdentity(cluster, auth.identity).name}`;
  if (auth.mode === 'keyOrSas') return 'key or SAS (secret hidden)';
  if (auth.mode === 'hidden') return 'auth hidden (masked by the service)';
  return 'no credentials';
}

function authModes(cluster: ClusterInfo, t: ExternalTableRow): string {
  const modes = [...new Set(t.connections.map((c) => authText(cluster, c.auth)))];
  return modes.join(', ') || 'no connection';
}

export function externalTableChildren(parentId: string, model: NodeModel, rows: ExternalTableRow[]): ModelNode[] {
  const cluster = model.ref.cluster;
  return rows.map((t) => ({
    id: ids.externalTable(parentId, t.name),
    model: { ...model, externalTable: t },
    kind: 'externalTable',
    label: t.name,
    description: `${t.tableType} · ${authModes(cluster, t)}`,
    tooltip: `External table ${t.name}\nKind: ${t.tableType}\nAuthentication: ${authModes(cluster, t)}${t.folder ? `\nFolder: ${t.folder}` : ''}`,
    icon: { id: 'table' },
    contextValue: contextValue(
      'externalTable',
      t.tableType.toLowerCase(),
      ...new Set(t.connections.map((c) => c.auth.mode)),
    ),
    collapsible: 'none',
  }));
}

/** One node per table with an update policy: where its data comes from, and which identity its query runs as. */
export function updatePolicyChildren(parentId: string, model: NodeModel, rows: UpdatePolicyRow[]): ModelNode[] {
  const cluster = model.ref.cluster;
  const tables = [...new Set(rows.map((r) => r.table))];
  return tables.map((table) => {
    const entries = rows.filter((r) => r.table === table);
    const who = (r: UpdatePolicyRow) =>
      r.managedIdentity ? resolveIdentity(cluster, r.managedIdentity).name : 'no managed identity';
    const usesIdentity = entries.some((r) => r.managedIdentity);
    return {
      id: ids.updatePolicy(parentId, table),
      model: { ...model, updatePolicy: { table } },
      kind: 'updatePolicy',
      label: table,
      description: entries.map((r) => `← ${r.source} · ${who(r)}${r.isEnabled ? '' : ' · disabled'}`).join('; '),
      tooltip: [
        `Update policy of ${table}`,
        ...entries.map((r) => `From ${r.source}${r.isEnabled ? '' : ' (disabled)'}, as ${who(r)}: ${r.query}`),
      ].join('\n'),
      icon: { id: entries.every((r) => !r.isEnabled) ? 'circle-slash' : 'arrow-swap' },
      contextValue: contextValue('updatePolicy', usesIdentity ? 'usesIdentity' : 'noIdentity'),
      collapsible: 'none',
    } satisfies ModelNode;
  });
}

/** "3h 5m": how far ExportedTo lags behind now. */
export function formatLag(ms: number): string {
  if (ms < 0) ms = 0;
  const m = Math.floor(ms / 60_000);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function isFailing(e: ContinuousExportRow): boolean {
  return !!e.lastRunResult && !/^(completed|succeeded|success)$/i.test(e.lastRunResult);
}

export function continuousExportChildren(
  catalog: Catalog,
  parentId: string,
  model: NodeModel,
  rows: ContinuousExportRow[],
  now = Date.now(),
): ModelNode[] {
  const { ref } = model;
  const db = model.database?.name ?? '';
  return rows.map((e) => {
    const id = ids.continuousExport(parentId, e.name);
    const failing = isFailing(e);
    const lag = e.exportedTo ? formatLag(now - e.exportedTo.getTime()) : undefined;
    const parts = [
      failing ? 'failing' : undefined,
      e.isDisabled ? 'disabled' : 'enabled',
      e.lastRunTime ? `last run ${e.lastRunTime.toISOString().slice(0, 16).replace('T', ' ')}` : 'never run',
      lag ? `lag ${lag}` : undefined,
    ];
    return {
      id,
      kind: 'continuousExport',
      label: e.name,
      description: parts.filter(Boolean).join(' · '),
      tooltip: [
        `Continuous export ${e.name} → ${e.externalTableName}`,
        `State: ${e.isDisabled ? 'disabled' : 'enabled'}${e.isRunning ? ' (running)' : ''}`,
        `Last run: ${e.lastRunTime?.toISOString() ?? 'never'} (${e.lastRunResult ?? 'no result'})`,
        `Exported to: ${e.exportedTo?.toISOString() ?? 'nothing yet'}${lag ? ` (lag ${lag})` : ''}`,
        ...(e.managedIdentity ? [`Managed identity: ${resolveIdentity(ref.cluster, e.managedIdentity).name}`] : []),
      ].join('\n'),
      icon: failing
        ? { id: 'error', color: 'errorForeground' }
        : e.isDisabled
          ? { id: 'circle-slash' }
          : { id: 'export' },
      contextValue: contextValue('continuousExport', failing && 'failing', e.isDisabled ? 'disabled' : 'enabled'),
      collapsible: failing ? 'collapsed' : 'none',
      model: { ...model, export: e },
      load: failing
        ? async () => failureChildren(id, { ...model, export: e }, await catalog.exportFailures(ref, db, e.name))
        : undefined,
    } satisfies ModelNode;
  });
}

function failureChildren(parentId: string, model: NodeModel, rows: ExportFailureRow[]): ModelNode[] {
  if (!rows.length) return [infoNode(parentId, 'No failures recorded')];
  return rows.map((f, i) => ({
    id: ids.exportFailure(parentId, i),
    model: { ...model, exportFailure: f },
    kind: 'exportFailure',
    label: f.details || f.failureKind,
    description: `${f.failureKind}${f.timestamp ? ` · ${f.timestamp.toISOString().slice(0, 16).replace('T', ' ')}` : ''}`,
    tooltip: `${f.failureKind} at ${f.timestamp?.toISOString() ?? 'unknown time'}\n${f.details}`,
    icon: { id: 'warning', color: 'problemsWarningIcon.foreground' },
    contextValue: contextValue('exportFailure', f.failureKind),
    collapsible: 'none',
  }));
}
