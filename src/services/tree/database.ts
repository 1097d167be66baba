// A database and its branches: principals, policy, data connections, external tables, continuous exports, update policies.
import type { Catalog, ClusterRef } from '../catalog';
import type { ClusterInfo, DataConnectionInfo, DatabaseInfo } from '../model';
import { lastSegment } from '../model';
import type {
  ContinuousExportRow,
  ExportFailureRow,
  ExternalTableAuth,
  ExternalTableRow,
  UpdatePolicyRow,
} from '../rows';
import { branch, policyChildren, principalChildren, resolveIdentity } from './cluster';
import { contextValue, infoNode, type ModelNode } from './node';

export function databaseNode(catalog: Catalog, parentId: string, ref: ClusterRef, db: DatabaseInfo): ModelNode {
  const id = `${parentId}/db:${db.name}`;
  const c = ref.cluster;
  const arm = c.source === 'arm';
  const name = db.name;
  return {
    id,
    kind: 'database',
    label: name,
    description: db.readOnly ? 'read-only (follower)' : undefined,
    tooltip: `Database ${name} on ${c.name}\nKind: ${db.kind ?? 'unknown'}${db.readOnly ? '\nFollower database: read-only, changes are refused' : ''}`,
    icon: { id: db.readOnly ? 'lock' : 'database' },
    contextValue: contextValue('database', db.readOnly ? 'readOnly' : 'readWrite', 'refreshable'),
    collapsible: 'collapsed',
    load: async () => {
      const empty = (label: string) => (rows: ModelNode[]) => (rows.length ? rows : [infoNode(id, label)]);
      return [
        branch(`${id}/principals`, 'databasePrincipals', 'Principals', 'organization', async () =>
          principalChildren(`${id}/principals`, c, await catalog.databasePrincipals(ref, name)),
        ),
        branch(
          `${id}/policy`,
          'databasePolicy',
          'Managed identity policy',
          'shield',
          async () => policyChildren(`${id}/policy`, c, await catalog.databasePolicy(ref, name)),
          'database',
        ),
        ...(arm
          ? [
              branch(`${id}/dataConnections`, 'dataConnections', 'Data connections', 'plug', async () =>
                empty('No data connections')(
                  dataConnectionChildren(`${id}/dataConnections`, c, await catalog.dataConnections(ref, name)),
                ),
              ),
            ]
          : []),
        branch(`${id}/externalTables`, 'externalTables', 'External tables', 'table', async () =>
          empty('No external tables')(
            externalTableChildren(`${id}/externalTables`, c, await catalog.externalTables(ref, name)),
          ),
        ),
        branch(`${id}/continuousExports`, 'continuousExports', 'Continuous exports', 'export', async () =>
          empty('No continuous exports')(
            continuousExportChildren(
              catalog,
              `${id}/continuousExports`,
              ref,
              name,
              await catalog.continuousExports(ref, name),
            ),
          ),
        ),
        branch(`${id}/updatePolicies`, 'updatePolicies', 'Update policies', 'arrow-swap', async () =>
          empty('No update policies')(
            updatePolicyChildren(`${id}/updatePolicies`, c, await catalog.updatePolicies(ref, name)),
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

export function dataConnectionChildren(
  parentId: string,
  cluster: ClusterInfo,
  rows: DataConnectionInfo[],
): ModelNode[] {
  return rows.map((d) => {
    const who = identityText(cluster, d.identityResourceId);
    return {
      id: `${parentId}/dc:${d.name}`,
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

export function externalTableChildren(parentId: string, cluster: ClusterInfo, rows: ExternalTableRow[]): ModelNode[] {
  return rows.map((t) => ({
    id: `${parentId}/et:${t.name}`,
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
export function updatePolicyChildren(parentId: string, cluster: ClusterInfo, rows: UpdatePolicyRow[]): ModelNode[] {
  const tables = [...new Set(rows.map((r) => r.table))];
  return tables.map((table) => {
    const entries = rows.filter((r) => r.table === table);
    const who = (r: UpdatePolicyRow) =>
      r.managedIdentity ? resolveIdentity(cluster, r.managedIdentity).name : 'no managed identity';
    const usesIdentity = entries.some((r) => r.managedIdentity);
    return {
      id: `${parentId}/up:${table}`,
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
  ref: ClusterRef,
  db: string,
  rows: ContinuousExportRow[],
  now = Date.now(),
): ModelNode[] {
  return rows.map((e) => {
    const id = `${parentId}/ce:${e.name}`;
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
      load: failing ? async () => failureChildren(id, await catalog.exportFailures(ref, db, e.name)) : undefined,
    } satisfies ModelNode;
  });
}

function failureChildren(parentId: string, rows: ExportFailureRow[]): ModelNode[] {
  if (!rows.length) return [infoNode(parentId, 'No failures recorded')];
  return rows.map((f, i) => ({
    id: `${parentId}/failure:${i}`,
    kind: 'exportFailure',
    label: f.details || f.failureKind,
    description: `${f.failureKind}${f.timestamp ? ` · ${f.timestamp.toISOString().slice(0, 16).replace('T', ' ')}` : ''}`,
    tooltip: `${f.failureKind} at ${f.timestamp?.toISOString() ?? 'unknown time'}\n${f.details}`,
    icon: { id: 'warning', color: 'problemsWarningIcon.foreground' },
    contextValue: contextValue('exportFailure', f.failureKind),
    collapsible: 'none',
  }));
}
