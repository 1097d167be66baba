// The vscode-free tree model: what a node shows and what its children are. The VS Code provider only maps it.
import type { Target } from '../../core/commands';
import type { ManagedIdentityPolicyEntry } from '../../core/results/policy';
import type { PrincipalRow } from '../../core/results/principals';
import type { ContinuousExportRow, ExportFailureRow } from '../../core/results/continuousExports';
import type { ExternalTableRow } from '../../core/results/externalTables';
import type { ClusterRef } from '../catalog';
import type { ErrorKind } from '../errors';
import { ServiceError } from '../errors';
import type { DataConnectionInfo, DatabaseInfo, UserIdentity } from '../model';
import { ids } from './ids';

export type NodeKind =
  | 'subscription'
  | 'directRoot'
  | 'cluster'
  | 'identities'
  | 'identity'
  | 'clusterPolicy'
  | 'policyEntry'
  | 'clusterPrincipals'
  | 'principal'
  | 'databases'
  | 'database'
  | 'databasePrincipals'
  | 'databasePolicy'
  | 'dataConnections'
  | 'dataConnection'
  | 'externalTables'
  | 'externalTable'
  | 'continuousExports'
  | 'continuousExport'
  | 'exportFailure'
  | 'updatePolicies'
  | 'updatePolicy'
  | 'info'
  | 'error';

export type ErrorAction = 'retry' | 'signIn' | 'showLog';

/** Values a node offers to copy; each present one adds a `copy…` part to the context value. */
export interface CopyValues {
  objectId?: string;
  clientId?: string;
  uri?: string;
  resourceId?: string;
}

/**
 * What a node stands for, typed: the cluster it belongs to and, below it, the database, policy, entry, principal, export…
 * Handlers read these fields; nothing is parsed back out of ids or context values.
 */
export interface NodeModel {
  readonly ref: ClusterRef;
  /** The id of the cluster's node (to refresh what a command changed, through `ids`). */
  readonly clusterId: string;
  readonly database?: DatabaseInfo;
  /** The managed identity policy a policy branch or entry belongs to. */
  readonly policy?: Target;
  readonly entry?: ManagedIdentityPolicyEntry;
  /** A principal row, and the policy scope (cluster or database) whose principals it lists. */
  readonly principal?: { readonly row: PrincipalRow; readonly target: Target };
  readonly identity?:
    { readonly system: true; readonly principalId: string } | ({ readonly system: false } & UserIdentity);
  readonly export?: ContinuousExportRow;
  /** One recorded failure of the export (a failure node). */
  readonly exportFailure?: ExportFailureRow;
  readonly externalTable?: ExternalTableRow;
  readonly dataConnection?: DataConnectionInfo;
  readonly updatePolicy?: { readonly table: string };
}

export interface ModelNode {
  /** Unique and stable: the path from the root, so caches and refreshes key on it. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** A codicon id, with an optional theme colour id. */
  readonly icon: { id: string; color?: string };
  readonly contextValue: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  readonly copy?: CopyValues;
  readonly portalUrl?: string;
  /** Every node at or below a cluster: what it stands for (see NodeModel). */
  readonly model?: NodeModel;
  /** Error children: the message and what the user can do next. */
  readonly error?: {
    readonly message: string;
    readonly kind: ErrorKind;
    readonly actions: ErrorAction[];
    readonly retryId: string;
  };
  /** Loads the children; absent for leaves. */
  readonly load?: () => Promise<ModelNode[]>;
}

/** `adxIdentity.<kind>;<part>;<part>`: menus match the parts with regex `when` clauses. */
export function contextValue(kind: NodeKind, ...parts: (string | false | undefined)[]): string {
  return [`adxIdentity.${kind}`, ...parts.filter((p): p is string => !!p)].join(';');
}

export function copyParts(copy: CopyValues | undefined, portalUrl?: string): string[] {
  const parts: string[] = [];
  if (copy?.objectId) parts.push('copyObjectId');
  if (copy?.clientId) parts.push('copyClientId');
  if (copy?.uri) parts.push('copyUri');
  if (copy?.resourceId) parts.push('copyResourceId');
  if (portalUrl) parts.push('portal');
  return parts;
}

export function infoNode(parentId: string, label: string, description?: string): ModelNode {
  return {
    id: ids.info(parentId, label),
    kind: 'info',
    label,
    description,
    icon: { id: 'info' },
    contextValue: contextValue('info'),
    collapsible: 'none',
  };
}

/** The child a failing branch shows instead of a popup; Retry reloads `retryId` (the branch that failed). */
export function errorNode(parentId: string, error: unknown, retryId = parentId): ModelNode {
  const e = error instanceof ServiceError ? error : undefined;
  const message = e?.message ?? (error instanceof Error ? error.message : String(error));
  const kind: ErrorKind = e?.kind ?? 'other';
  const actions: ErrorAction[] = kind === 'unauthenticated' ? ['signIn', 'retry', 'showLog'] : ['retry', 'showLog'];
  return {
    id: ids.error(parentId),
    kind: 'error',
    label: `Error: ${message}`,
    tooltip: message,
    icon: { id: 'error', color: 'errorForeground' },
    contextValue: contextValue('error', ...actions),
    collapsible: 'none',
    error: { message, kind, actions, retryId },
  };
}

export function portalLink(
  portalUrl: string,
  tenantId: string | undefined,
  resourceId: string | undefined,
): string | undefined {
  if (!resourceId) return undefined;
  return `${portalUrl}/#@${tenantId ?? ''}/resource${resourceId}`;
}

export const short = (id: string): string => (id.length > 13 ? `${id.slice(0, 8)}…` : id);
