// The CLI's way into ARM: an account over one TokenCredential (ARM tokens for ARM, Kusto tokens for Kusto), and the
// cluster found by resource id or by URL through Resource Graph, with the ARM facts the extension's tree reads.
import type { Cluster } from '@azure/arm-kusto';
import type { TokenCredential } from '@azure/core-auth';
import { clusterByUriQuery, normalClusterUri } from '../core/resourceGraph';
import { toClusterInfo } from './arm';
import { listSubscriptionsViaArm, queryResourceGraph, type ClusterRow } from './armRest';
import type { Catalog, ClusterRef } from './catalog';
import { toServiceError } from './errors';
import type { ClientFactory } from './factory';
import type { CloudAccount, ClusterInfo, SubscriptionRef } from './model';

export interface CredentialAccountOptions {
  readonly kind: CloudAccount['kind'];
  readonly credential: TokenCredential;
  readonly armEndpoint: string;
  readonly armScope: string;
  readonly kustoScope: string;
  readonly portalUrl: string;
  readonly ca?: string;
}

/** A CloudAccount over one credential: the same credential, asked for the ARM scope or the Kusto scope. */
export function credentialAccount(factory: ClientFactory, o: CredentialAccountOptions): CloudAccount {
  let subscriptions: Promise<SubscriptionRef[]> | undefined;
  const account: CloudAccount = {
    kind: o.kind,
    endpoints: {
      armEndpoint: o.armEndpoint.replace(/\/+$/, ''),
      armScopes: [o.armScope],
      portalUrl: o.portalUrl,
      ...(o.ca ? { ca: o.ca } : {}),
    },
    isSignedIn: async () => true,
    listSubscriptions: () => {
      subscriptions ??= listSubscriptionsViaArm(factory, account);
      return subscriptions;
    },
    armCredential: () => o.credential,
    kustoToken: async () => {
      const token = await o.credential.getToken(o.kustoScope);
      if (!token) throw new Error(`no Kusto token for ${o.kustoScope}`);
      return token.token;
    },
  };
  return account;
}

const CLUSTER_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Kusto\/clusters\/([^/]+)$/i;

/** Whether text is a Kusto cluster's ARM resource id. */
export function isClusterResourceId(text: string): boolean {
  return CLUSTER_ID.test(text.trim());
}

/** The cluster by its ARM resource id: GET through @azure/arm-kusto, mapped exactly as the tree maps a listed cluster. */
export async function clusterRefById(catalog: Catalog, account: CloudAccount, resourceId: string): Promise<ClusterRef> {
  const m = CLUSTER_ID.exec(resourceId.trim());
  if (!m)
    throw new Error(
      `'${resourceId}' is not a cluster resource id (/subscriptions/…/providers/Microsoft.Kusto/clusters/NAME)`,
    );
  const [, subscriptionId, resourceGroup, name] = m;
  const subscription = (await account.listSubscriptions()).find(
    (s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase(),
  );
  if (!subscription) throw new Error(`subscription ${subscriptionId} is not visible to this credential`);
  const client = await catalog.factory.arm(account, subscription);
  try {
    const cluster = await catalog.factory.limit(() => client.clusters.get(resourceGroup, name));
    return { account, subscription, cluster: toClusterInfo(cluster, subscription) };
  } catch (e) {
    throw toServiceError(e, {
      action: `read cluster ${name}`,
      permission: 'Reader on the cluster (Microsoft.Kusto/clusters/read)',
    });
  }
}

/** The cluster whose URI this is, found through Resource Graph across every subscription the credential sees. */
export async function clusterRefByUri(catalog: Catalog, account: CloudAccount, uri: string): Promise<ClusterRef> {
  const rows = await queryResourceGraph<ClusterRow>(catalog.factory, account, clusterByUriQuery(uri));
  const exact = rows.filter((r) => normalClusterUri(r.properties?.uri ?? '') === normalClusterUri(uri));
  if (exact.length === 0)
    throw new Error(`no cluster with URI ${uri} in the subscriptions this credential can see (pass --resource-id)`);
  if (exact.length > 1) throw new Error(`${exact.length} clusters have URI ${uri}: pass --resource-id`);
  return clusterRefById(catalog, account, exact[0].id);
}

/**
 * A Resource Graph row as the cluster the tree would list: the row's `properties` flattened as @azure/arm-kusto does,
 * then the same mapping (for inventories of many clusters, without one GET each).
 */
export function clusterInfoFromRow(row: ClusterRow, subscription: SubscriptionRef): ClusterInfo {
  const p = row.properties ?? {};
  const cluster = {
    id: row.id,
    name: row.name,
    location: row.location ?? '',
    sku: row.sku as Cluster['sku'],
    identity: row.identity as Cluster['identity'],
    uri: p.uri,
    state: p.state as Cluster['state'],
    enableStreamingIngest: p.enableStreamingIngest,
  };
  return toClusterInfo(cluster, subscription);
}
