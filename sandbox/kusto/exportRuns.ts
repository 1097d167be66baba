// Continuous export runs, judged from ARM state: the export's identity needs a role whose data actions write blobs
// at the container or a scope above it, and the storage account's network rules must let the cluster through. A
// failed run records the storage service's own error code and text, as Kusto reports the failure.
import { randomUUID } from 'node:crypto';
import { isPermitted } from '../arm/rbac';
import { storageAccountId } from '../arm/storage';
import { clusterResourceId } from '../state';
import type { ClusterState, ContinuousExportState, DatabaseState, SandboxState } from '../types';
import { assignedIdentity } from './identity';

const BLOB_WRITE = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write';

/** The storage service's answers (Azure Storage REST error codes), with their HTTP status. */
export const STORAGE_ERRORS = {
  AuthorizationPermissionMismatch: {
    status: 403,
    message: 'This request is not authorized to perform this operation using this permission.',
  },
  AuthorizationFailure: { status: 403, message: 'This request is not authorized to perform this operation.' },
} as const;

export interface ExportRun {
  cluster: string;
  database: string;
  name: string;
  result: 'Completed' | 'Failed';
  /** the failure's Details, when it failed */
  details?: string;
}

/** The account and container of a storage connection string: https blob/dfs URLs and abfss:// URIs. */
export function storageTarget(cs: string): { account: string; container: string; host: string } | undefined {
  const url = cs.split(';')[0].trim();
  const abfs = /^abfss?:\/\/([^@/]+)@([a-z0-9]+)\.dfs\.core\.windows\.net/i.exec(url);
  if (abfs) return { account: abfs[2].toLowerCase(), container: abfs[1], host: `${abfs[2]}.dfs.core.windows.net` };
  const http = /^https?:\/\/([a-z0-9]+)\.(blob|dfs)\.core\.windows\.net\/([^/?;]+)/i.exec(url);
  return http
    ? { account: http[1].toLowerCase(), container: http[3], host: `${http[1]}.${http[2]}.core.windows.net` }
    : undefined;
}

/**
 * Whether the cluster's traffic reaches the account: public access on and the firewall open, or a resource access rule
 * naming the cluster, or the trusted-services exception (`bypass` AzureServices) for the cluster's system-assigned
 * identity (the storage docs' "trusted access based on a managed identity"); or else a managed private endpoint of the
 * cluster to the account in state Succeeded.
 */
function networkAllows(
  cluster: ClusterState,
  accountId: string,
  acct: NonNullable<SandboxState['arm']>['storageAccounts'][number],
  systemIdentity: boolean,
): boolean {
  const viaPrivateEndpoint = (cluster.managedPrivateEndpoints ?? []).some(
    (m) =>
      m.privateLinkResourceId.toLowerCase() === accountId.toLowerCase() &&
      (m.provisioningState ?? 'Succeeded') === 'Succeeded',
  );
  if (viaPrivateEndpoint) return true;
  if (acct.publicNetworkAccess === 'Disabled') return false;
  const acls = acct.networkAcls ?? {};
  if ((acls.defaultAction ?? 'Allow') === 'Allow') return true;
  const id = clusterResourceId(cluster).toLowerCase();
  if ((acls.resourceAccessRules ?? []).some((r) => r.resourceId.toLowerCase() === id)) return true;
  const bypass = (acls.bypass ?? 'AzureServices').split(',').map((b) => b.trim().toLowerCase());
  return systemIdentity && bypass.includes('azureservices');
}

function storageFailure(code: keyof typeof STORAGE_ERRORS, table: string, uri: string): string {
  const e = STORAGE_ERRORS[code];
  return `Failed to write to external table '${table}' (${uri}): Azure Storage returned status ${e.status} (${e.message}), ErrorCode: ${code}.`;
}

/** Judges one export's next run; undefined when it would succeed. */
function judge(state: SandboxState, cluster: ClusterState, db: DatabaseState, exp: ContinuousExportState) {
  const ext = db.externalTables.find((t) => t.name.toLowerCase() === exp.externalTable.toLowerCase());
  if (!ext) return `External table '${exp.externalTable}' was not found in database '${db.name}'.`;
  if (ext.kind !== 'storage') return undefined;
  const target = ext.connectionStrings.map(storageTarget).find((t) => t);
  if (!target) return undefined;
  let principal: string | undefined;
  let system = false;
  if (exp.managedIdentity) {
    const id = assignedIdentity(state, cluster, exp.managedIdentity);
    if (!id) return `Managed identity '${exp.managedIdentity}' is not assigned to cluster '${cluster.name}'.`;
    principal = id.objectId;
    system = id.isSystem;
  }
  const acct = state.arm?.storageAccounts.find((a) => a.name.toLowerCase() === target.account);
  if (!acct) return `The storage account '${target.account}' (${target.host}) could not be reached: no such account.`;
  const uri = `https://${target.host}/${target.container}`;
  const accountId = storageAccountId(acct);
  if (!networkAllows(cluster, accountId, acct, system)) return storageFailure('AuthorizationFailure', ext.name, uri);
  // A key or SAS in the connection string needs no role; impersonation and managed identities need one.
  if (!principal) return undefined;
  const container = `${accountId}/blobServices/default/containers/${target.container}`;
  if (!isPermitted(state, principal, container, BLOB_WRITE, true))
    return storageFailure('AuthorizationPermissionMismatch', ext.name, uri);
  return undefined;
}

/** Runs every enabled continuous export (of one cluster, or of all) once now, and records the outcome. */
export function runContinuousExports(state: SandboxState, clusterName?: string, now = new Date()): ExportRun[] {
  const runs: ExportRun[] = [];
  const at = now.toISOString();
  for (const cluster of state.clusters) {
    if (clusterName && cluster.name.toLowerCase() !== clusterName.toLowerCase()) continue;
    for (const db of cluster.databases) {
      if (db.kind === 'ReadOnlyFollowing') continue;
      for (const exp of db.continuousExports) {
        if (exp.isDisabled) continue;
        const failure = judge(state, cluster, db, exp);
        exp.lastRunTime = at;
        if (failure) {
          exp.lastRunResult = 'Failed';
          exp.failures = [
            ...exp.failures,
            { timestamp: at, operationId: randomUUID(), failureKind: 'Failure', details: failure },
          ];
        } else {
          exp.lastRunResult = 'Completed';
          exp.exportedTo = at;
          const ext = db.externalTables.find((t) => t.name.toLowerCase() === exp.externalTable.toLowerCase());
          const target = ext?.connectionStrings.map(storageTarget).find((t) => t);
          const source = db.tables.find((t) => exp.over.some((o) => o.toLowerCase() === t.name.toLowerCase()));
          const folder = at.slice(0, 13).replace(/[-T]/g, '/');
          const part = String(exp.artifacts.length + 1).padStart(4, '0');
          exp.artifacts = [
            ...exp.artifacts,
            {
              timestamp: at,
              path: target
                ? `https://${target.host}/${target.container}/${folder}/part-${part}.${ext?.dataFormat ?? 'csv'}`
                : `${exp.externalTable}/${folder}/part-${part}`,
              numRecords: source?.rows.length ?? 0,
            },
          ];
        }
        runs.push({
          cluster: cluster.name,
          database: db.name,
          name: exp.name,
          result: failure ? 'Failed' : 'Completed',
          ...(failure ? { details: failure } : {}),
        });
      }
    }
  }
  return runs;
}
