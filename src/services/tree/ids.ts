// The one place tree node ids are made: paths from the root, so caches and refreshes key on them. Nothing parses them.
import type { Target } from '../../core/commands';

export const ROOT_ID = 'root';

export type DatabaseBranch =
  'principals' | 'policy' | 'dataConnections' | 'externalTables' | 'continuousExports' | 'updatePolicies';

const database = (clusterId: string, name: string): string => `${clusterId}/databases/db:${name}`;

export const ids = {
  account: (kind: string): string => `${ROOT_ID}/${kind}`,
  subscription: (kind: string, tenantId: string, subscriptionId: string): string =>
    `${kind}|sub:${tenantId}/${subscriptionId}`,
  direct: (): string => 'direct',
  cluster: (parentId: string, name: string): string => `${parentId}/cluster:${name}`,
  /** The node a cluster node sits under (a subscription or Direct connections): ARM changes rebuild the cluster node. */
  clusterParent: (clusterId: string): string | undefined =>
    clusterId.slice(0, clusterId.lastIndexOf('/cluster:')) || undefined,
  identities: (clusterId: string): string => `${clusterId}/identities`,
  systemIdentity: (clusterId: string): string => `${clusterId}/identities/system`,
  userIdentity: (clusterId: string, name: string): string => `${clusterId}/identities/user:${name}`,
  clusterPrincipals: (clusterId: string): string => `${clusterId}/principals`,
  databases: (clusterId: string): string => `${clusterId}/databases`,
  database,
  databaseBranch: (clusterId: string, db: string, branch: DatabaseBranch): string =>
    `${database(clusterId, db)}/${branch}`,
  /** The branch of a cluster or database managed identity policy. */
  policy: (clusterId: string, target: Target): string =>
    target.scope === 'cluster' ? `${clusterId}/policy` : `${database(clusterId, target.database)}/policy`,
  policyEntry: (policyId: string, objectId: string): string => `${policyId}/entry:${objectId}`,
  principal: (parentId: string, index: number, role: string, who: string): string =>
    `${parentId}/p${index}:${role}:${who}`,
  dataConnection: (parentId: string, name: string): string => `${parentId}/dc:${name}`,
  externalTable: (parentId: string, name: string): string => `${parentId}/et:${name}`,
  updatePolicy: (parentId: string, table: string): string => `${parentId}/up:${table}`,
  continuousExport: (parentId: string, name: string): string => `${parentId}/ce:${name}`,
  exportFailure: (exportId: string, index: number): string => `${exportId}/failure:${index}`,
  info: (parentId: string, label: string): string => `${parentId}/info:${label}`,
  error: (parentId: string): string => `${parentId}/error`,
  /** True when `id` is `ancestor` or lies below it. */
  isUnder: (id: string, ancestor: string): boolean => id === ancestor || id.startsWith(`${ancestor}/`),
};
