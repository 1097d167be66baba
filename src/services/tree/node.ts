// The vscode-free tree model: what a node shows and what its children are. The VS Code provider only maps it.
import type { ClusterRef } from '../catalog';
import type { ErrorKind } from '../errors';
import { ServiceError } from '../errors';

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
  /** Cluster nodes: the cluster and how it is reached, so commands invoked on any node below can act on it. */
  readonly ref?: ClusterRef;
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
    id: `${parentId}/info:${label}`,
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
    id: `${parentId}/error`,
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
