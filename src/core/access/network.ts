// Judges the network path from the cluster to a storage account (the account's firewall, networkAcls, and its public
// access) or to an Event Hubs namespace (networkRuleSets/default), the cluster's managed private endpoints, and the
// cluster's own outbound restriction.
//
// Trusted services: the storage docs (section "Trusted access for resources registered in your Microsoft Entra tenant";
// MicrosoftDocs/azure-docs articles/storage/common/storage-network-security-manage-exceptions.md) list Azure Data
// Explorer (`Microsoft.Kusto`: read data for ingestion and external tables, write data to external tables) among the
// services whose resources, registered in a subscription of the storage account's tenant, pass when the exception
// "Allow Azure services on the trusted services list" (`bypass` containing `AzureServices`) is on; a resource instance
// rule naming the cluster admits it explicitly. IP and virtual network rules cannot be judged: a cluster's outbound addresses are not in ARM.
import { isGuid } from '../guid';

export interface StorageNetworkFacts {
  readonly id: string;
  readonly name: string;
  readonly tenantId?: string;
  readonly publicNetworkAccess?: string;
  readonly networkAcls?: {
    readonly defaultAction?: string;
    readonly bypass?: string;
    readonly ipRules?: readonly unknown[];
    readonly virtualNetworkRules?: readonly unknown[];
    readonly resourceAccessRules?: readonly { readonly tenantId?: string; readonly resourceId?: string }[];
  };
}

export interface ManagedPrivateEndpointFacts {
  readonly name: string;
  readonly privateLinkResourceId: string;
  readonly groupId?: string;
  readonly provisioningState?: string;
}

export interface ClusterNetworkFacts {
  readonly resourceId: string;
  readonly tenantId?: string;
  readonly restrictOutboundNetworkAccess?: string;
  readonly allowedFqdnList?: readonly string[];
  /** undefined when they could not be read. */
  readonly managedPrivateEndpoints?: readonly ManagedPrivateEndpointFacts[];
}

export type NetworkRemedy =
  | { readonly kind: 'resourceAccessRule'; readonly tenantId: string; readonly resourceId: string }
  | { readonly kind: 'trustedServiceAccess' }
  | { readonly kind: 'allowedFqdn'; readonly fqdn: string }
  | { readonly kind: 'privateEndpoint'; readonly groupId: string };

export interface NetworkEvaluation {
  readonly verdict: 'passed' | 'failed' | 'unknown';
  readonly reason: string;
  readonly remedy?: NetworkRemedy;
}

export const TRUSTED_SERVICES_SOURCE =
  'Azure Storage docs, "Trusted access for resources registered in your Microsoft Entra tenant" (storage-network-security-manage-exceptions.md): Azure Data Explorer, Microsoft.Kusto';

const same = (a: string | undefined, b: string | undefined): boolean =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** A resource instance rule's resourceId may use `*` for a segment (e.g. any cluster of a resource group). */
function ruleNames(ruleId: string, clusterId: string): boolean {
  const re = new RegExp(
    `^${ruleId
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
    'i',
  );
  return re.test(clusterId);
}

/** `blob` or `dfs` from an endpoint host (`{account}.blob.core.windows.net`, `{account}.dfs.…`). */
export function storageGroupOf(host: string): 'blob' | 'dfs' {
  return /\.dfs\./i.test(host) ? 'dfs' : 'blob';
}

export function evaluateStorageNetwork(
  storage: StorageNetworkFacts,
  cluster: ClusterNetworkFacts,
  host: string,
): NetworkEvaluation {
  const group = storageGroupOf(host);
  const endpoints = cluster.managedPrivateEndpoints?.filter((e) => same(e.privateLinkResourceId, storage.id)) ?? [];
  const ready = endpoints.find((e) => same(e.groupId, group) && /^succeeded$/i.test(e.provisioningState ?? ''));
  if (ready)
    return {
      verdict: 'passed',
      reason: `the cluster reaches ${storage.name} through managed private endpoint ${ready.name} (${group})`,
    };
  const pending = endpoints.find((e) => same(e.groupId, group));
  if (/^disabled$/i.test(storage.publicNetworkAccess ?? '')) {
    if (pending)
      return {
        verdict: 'failed',
        reason: `${storage.name} allows no public access, and managed private endpoint ${pending.name} is ${pending.provisioningState ?? 'in an unknown state'} (approve its connection on the storage account)`,
      };
    return {
      verdict: cluster.managedPrivateEndpoints ? 'failed' : 'unknown',
      reason: `${storage.name} allows no public network access${cluster.managedPrivateEndpoints ? ' and the cluster has no managed private endpoint to it' : ", and the cluster's managed private endpoints could not be read"}`,
      remedy: { kind: 'privateEndpoint', groupId: group },
    };
  }
  const acls = storage.networkAcls;
  if (!acls || !/^deny$/i.test(acls.defaultAction ?? 'Allow'))
    return { verdict: 'passed', reason: `${storage.name}'s firewall allows all networks (defaultAction Allow)` };
  const rule = acls.resourceAccessRules?.find((r) => r.resourceId && ruleNames(r.resourceId, cluster.resourceId));
  if (rule)
    return {
      verdict: 'passed',
      reason: `a resource instance rule on ${storage.name} names the cluster (${rule.resourceId})`,
    };
  const bypass = (acls.bypass ?? '').split(',').map((s) => s.trim().toLowerCase());
  const tenant = storage.tenantId ?? cluster.tenantId;
  if (
    bypass.includes('azureservices') &&
    (!storage.tenantId || !cluster.tenantId || same(storage.tenantId, cluster.tenantId))
  )
    return {
      verdict: 'passed',
      reason: `${storage.name}'s firewall lets trusted Azure services through (bypass AzureServices), which includes Azure Data Explorer with a managed identity (${TRUSTED_SERVICES_SOURCE})`,
    };
  const remedy: NetworkRemedy | undefined =
    tenant && isGuid(tenant)
      ? { kind: 'resourceAccessRule', tenantId: tenant, resourceId: cluster.resourceId }
      : undefined;
  const why = `${storage.name}'s firewall denies by default (defaultAction Deny), no resource instance rule names the cluster, and bypass is ${acls.bypass || 'None'}`;
  if ((acls.ipRules?.length ?? 0) + (acls.virtualNetworkRules?.length ?? 0) > 0)
    return {
      verdict: 'unknown',
      reason: `${why}; its IP or virtual network rules might admit the cluster's outbound addresses, which ARM does not show`,
      ...(remedy ? { remedy } : {}),
    };
  return { verdict: 'failed', reason: why, ...(remedy ? { remedy } : {}) };
}

/** An allowed FQDN entry matches a host exactly, or as `*.suffix`. */
export function fqdnAllowed(list: readonly string[], host: string): string | undefined {
  const h = host.toLowerCase();
  return list.find((entry) => {
    const e = entry.trim().toLowerCase();
    return e === h || (e.startsWith('*.') && h.endsWith(e.slice(1)));
  });
}

/** The cluster's restrictOutboundNetworkAccess: the host must be allowed, or reached through a managed private endpoint. */
export function evaluateOutbound(cluster: ClusterNetworkFacts, host: string, targetId?: string): NetworkEvaluation {
  if (!/^enabled$/i.test(cluster.restrictOutboundNetworkAccess ?? ''))
    return { verdict: 'passed', reason: 'the cluster does not restrict outbound network access' };
  const entry = fqdnAllowed(cluster.allowedFqdnList ?? [], host);
  if (entry) return { verdict: 'passed', reason: `outbound access is restricted and ${entry} is in allowedFqdnList` };
  const mpe = targetId
    ? cluster.managedPrivateEndpoints?.find(
        (e) => same(e.privateLinkResourceId, targetId) && /^succeeded$/i.test(e.provisioningState ?? ''),
      )
    : undefined;
  if (mpe)
    return {
      verdict: 'passed',
      reason: `outbound access is restricted, and ${host} is reached through managed private endpoint ${mpe.name}`,
    };
  return {
    verdict: 'failed',
    reason: `the cluster restricts outbound network access (restrictOutboundNetworkAccess Enabled) and ${host} is not in allowedFqdnList${cluster.allowedFqdnList?.length ? ` (${cluster.allowedFqdnList.join(', ')})` : ''}`,
    remedy: { kind: 'allowedFqdn', fqdn: host },
  };
}

/** An Event Hubs namespace's `publicNetworkAccess` and its `networkRuleSets/default`, as ARM returns them. */
export interface EventHubNetworkFacts {
  readonly id: string;
  readonly name: string;
  readonly tenantId?: string;
  readonly publicNetworkAccess?: string;
  /** undefined when `networkRuleSets/default` could not be read (`ruleSetError` says why). */
  readonly ruleSet?: {
    readonly defaultAction?: string;
    readonly trustedServiceAccessEnabled?: boolean;
    readonly publicNetworkAccess?: string;
    readonly ipRules?: readonly { readonly ipMask?: string; readonly action?: string }[];
    readonly virtualNetworkRules?: readonly {
      readonly subnet?: { readonly id?: string };
      readonly ignoreMissingVnetServiceEndpoint?: boolean;
    }[];
  };
  readonly ruleSetError?: string;
}

// The Event Hubs docs' "Trusted Microsoft services" table (MicrosoftDocs/azure-docs
// articles/event-hubs/includes/event-hubs-trusted-services.md, included by event-hubs-ip-filtering.md and
// event-hubs-service-endpoints.md) lists Azure Data Explorer: it receives events with the cluster's managed identity
// when "Allow trusted Microsoft services to bypass this firewall" (`trustedServiceAccessEnabled`) is on, for services
// in the same tenant as the namespace; the identity still needs Azure Event Hubs Data Receiver.
export const EVENT_HUBS_TRUSTED_SERVICES_SOURCE =
  'Azure Event Hubs docs, "Trusted Microsoft services" (event-hubs-ip-filtering.md): Azure Data Explorer receives events with the managed identity of the cluster, same tenant';

/** The network path from the cluster to an Event Hubs namespace (a data connection's source). */
export function evaluateEventHubNetwork(ns: EventHubNetworkFacts, cluster: ClusterNetworkFacts): NetworkEvaluation {
  const endpoints = cluster.managedPrivateEndpoints?.filter((e) => same(e.privateLinkResourceId, ns.id)) ?? [];
  const ready = endpoints.find((e) => same(e.groupId, 'namespace') && /^succeeded$/i.test(e.provisioningState ?? ''));
  if (ready)
    return {
      verdict: 'passed',
      reason: `the cluster reaches ${ns.name} through managed private endpoint ${ready.name} (namespace)`,
    };
  const pending = endpoints.find((e) => same(e.groupId, 'namespace'));
  const rules = ns.ruleSet;
  const publicAccess = rules?.publicNetworkAccess ?? ns.publicNetworkAccess ?? 'Enabled';
  if (/^disabled$/i.test(publicAccess)) {
    if (pending)
      return {
        verdict: 'failed',
        reason: `${ns.name} allows no public access, and managed private endpoint ${pending.name} is ${pending.provisioningState ?? 'in an unknown state'} (approve its connection on the namespace)`,
      };
    return {
      verdict: cluster.managedPrivateEndpoints ? 'failed' : 'unknown',
      reason: `${ns.name} allows no public network access (publicNetworkAccess Disabled)${cluster.managedPrivateEndpoints ? ' and the cluster has no managed private endpoint to it' : ", and the cluster's managed private endpoints could not be read"}`,
      remedy: { kind: 'privateEndpoint', groupId: 'namespace' },
    };
  }
  if (/^securedbyperimeter$/i.test(publicAccess))
    return {
      verdict: 'unknown',
      reason: `${ns.name} is secured by a network security perimeter (publicNetworkAccess SecuredByPerimeter), whose access rules ARM does not show on the namespace`,
    };
  if (!rules)
    return {
      verdict: 'unknown',
      reason: `the network rules of ${ns.name} (networkRuleSets/default) could not be read${ns.ruleSetError ? `: ${ns.ruleSetError}` : ''}; Reader on the namespace would show them`,
    };
  if (!/^deny$/i.test(rules.defaultAction ?? 'Allow'))
    return { verdict: 'passed', reason: `${ns.name} accepts all networks (defaultAction Allow, public access on)` };
  if (rules.trustedServiceAccessEnabled) {
    if (ns.tenantId && cluster.tenantId && !same(ns.tenantId, cluster.tenantId))
      return {
        verdict: 'failed',
        reason: `${ns.name} lets trusted Microsoft services through, but only those in its own tenant (${ns.tenantId}), and the cluster is in ${cluster.tenantId} (${EVENT_HUBS_TRUSTED_SERVICES_SOURCE})`,
        remedy: { kind: 'privateEndpoint', groupId: 'namespace' },
      };
    return {
      verdict: 'passed',
      reason: `${ns.name} denies by default but lets trusted Microsoft services through (trustedServiceAccessEnabled), which include Azure Data Explorer with the cluster's managed identity (${EVENT_HUBS_TRUSTED_SERVICES_SOURCE})`,
    };
  }
  const why = `${ns.name} denies by default (defaultAction Deny) and does not let trusted Microsoft services through (trustedServiceAccessEnabled false)`;
  const ip = rules.ipRules?.length ?? 0;
  const vnet = rules.virtualNetworkRules?.length ?? 0;
  if (ip + vnet > 0)
    return {
      verdict: 'unknown',
      reason: `${why}; its ${ip} IP and ${vnet} virtual network rule(s) might admit the cluster's outbound addresses, which ARM does not show`,
      remedy: { kind: 'trustedServiceAccess' },
    };
  return { verdict: 'failed', reason: why, remedy: { kind: 'trustedServiceAccess' } };
}
