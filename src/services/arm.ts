// Control plane: clusters, databases and data connections through @azure/arm-kusto, as plain models.
import type { Cluster, DataConnectionUnion, DatabaseUnion } from '@azure/arm-kusto';
import type { ClientFactory } from './factory';
import type {
  CloudAccount,
  ClusterInfo,
  DataConnectionInfo,
  DatabaseInfo,
  SubscriptionRef,
  UserIdentity,
} from './model';
import { lastSegment, resourceGroupOf } from './model';
import { toServiceError, type RequestContext } from './errors';

const READER = 'Reader on the subscription or cluster (Microsoft.Kusto/clusters/read)';

export class ArmService {
  constructor(
    private readonly factory: ClientFactory,
    private readonly account: CloudAccount,
  ) {}

  private async call<T>(ctx: RequestContext, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.factory.limit(() => work(AbortSignal.timeout(this.factory.timeoutMs)));
    } catch (e) {
      throw toServiceError(e, ctx);
    }
  }

  /** Every cluster in the subscription; the SDK follows nextLink pages. */
  listClusters(subscription: SubscriptionRef): Promise<ClusterInfo[]> {
    return this.call(
      { action: `list clusters in subscription ${subscription.name}`, permission: READER },
      async (abortSignal) => {
        const client = await this.factory.arm(this.account, subscription);
        const clusters: ClusterInfo[] = [];
        for await (const c of client.clusters.list({ abortSignal })) clusters.push(toClusterInfo(c, subscription));
        return clusters.sort((a, b) => a.name.localeCompare(b.name));
      },
    );
  }

  listDatabases(subscription: SubscriptionRef, cluster: ClusterInfo): Promise<DatabaseInfo[]> {
    return this.call({ action: `list databases of ${cluster.name}`, permission: READER }, async (abortSignal) => {
      const client = await this.factory.arm(this.account, subscription);
      const out: DatabaseInfo[] = [];
      for await (const d of client.databases.listByCluster(cluster.resourceGroup ?? '', cluster.name, { abortSignal }))
        out.push(toDatabaseInfo(d));
      return out.sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  listDataConnections(
    subscription: SubscriptionRef,
    cluster: ClusterInfo,
    database: string,
  ): Promise<DataConnectionInfo[]> {
    return this.call({ action: `list data connections of ${database}`, permission: READER }, async (abortSignal) => {
      const client = await this.factory.arm(this.account, subscription);
      const out: DataConnectionInfo[] = [];
      const pages = client.dataConnections.listByDatabase(cluster.resourceGroup ?? '', cluster.name, database, {
        abortSignal,
      });
      for await (const dc of pages) out.push(toDataConnectionInfo(dc));
      return out.sort((a, b) => a.name.localeCompare(b.name));
    });
  }
}

/** The database name ARM reports is `cluster/db`: keep the part after the slash. */
function shortName(name: string | undefined): string {
  return (name ?? '').split('/').pop() ?? '';
}

export function toClusterInfo(c: Cluster, subscription: SubscriptionRef): ClusterInfo {
  const id = c.id ?? '';
  const identity = c.identity;
  const type = identity?.type ?? 'None';
  const userAssigned: UserIdentity[] = Object.entries(identity?.userAssignedIdentities ?? {})
    .filter(([, v]) => v != null)
    .map(([resourceId, v]) => ({
      resourceId,
      name: lastSegment(resourceId),
      clientId: v.clientId ?? '',
      principalId: v.principalId ?? '',
    }));
  return {
    name: c.name ?? lastSegment(id),
    uri: c.uri ?? '',
    source: 'arm',
    resourceId: id,
    subscriptionId: subscription.subscriptionId,
    resourceGroup: id ? resourceGroupOf(id) : undefined,
    tenantId: identity?.tenantId ?? subscription.tenantId,
    location: c.location,
    sku: c.sku ? `${c.sku.name}${c.sku.capacity ? ` ×${c.sku.capacity}` : ''}` : undefined,
    state: c.state,
    streamingIngest: c.enableStreamingIngest,
    identities: {
      system:
        type.includes('SystemAssigned') && identity?.principalId
          ? { principalId: identity.principalId, tenantId: identity.tenantId ?? subscription.tenantId }
          : undefined,
      userAssigned: type.includes('UserAssigned') ? userAssigned : [],
    },
  };
}

export function toDatabaseInfo(d: DatabaseUnion): DatabaseInfo {
  return { name: shortName(d.name), kind: d.kind, readOnly: d.kind === 'ReadOnlyFollowing' };
}

export function toDataConnectionInfo(dc: DataConnectionUnion): DataConnectionInfo {
  const identityResourceId = 'managedIdentityResourceId' in dc ? dc.managedIdentityResourceId : undefined;
  const source =
    'eventHubResourceId' in dc
      ? dc.eventHubResourceId
      : 'iotHubResourceId' in dc
        ? dc.iotHubResourceId
        : 'cosmosDbAccountResourceId' in dc
          ? dc.cosmosDbAccountResourceId
          : undefined;
  return {
    name: shortName(dc.name),
    kind: dc.kind,
    identityResourceId,
    ...(source ? { sourceResourceId: source } : {}),
    ...('cosmosDbDatabase' in dc && dc.cosmosDbDatabase ? { cosmosDatabase: dc.cosmosDbDatabase } : {}),
    ...('cosmosDbContainer' in dc && dc.cosmosDbContainer ? { cosmosContainer: dc.cosmosDbContainer } : {}),
  };
}
