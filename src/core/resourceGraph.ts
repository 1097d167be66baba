// The fixed Azure Resource Graph queries the CLI sends (the sandbox answers exactly these; the official parser judges them).
import { stringLiteral } from './kql';

/** The columns every cluster query projects: enough to build the cluster's ARM facts without a second read. */
export const CLUSTER_COLUMNS =
  'id, name, type, location, resourceGroup, subscriptionId, tenantId, sku, identity, properties';

const CLUSTERS = "resources\n| where type =~ 'microsoft.kusto/clusters'";

/** Every Kusto cluster the credential can see, in a stable order for paging. */
export const ALL_CLUSTERS_QUERY = `${CLUSTERS}\n| project ${CLUSTER_COLUMNS}\n| order by id asc`;

/** The form a cluster URI is compared in: lower case, no trailing slash. */
export function normalClusterUri(uri: string): string {
  return uri.trim().replace(/\/+$/, '').toLowerCase();
}

/** The cluster whose `properties.uri` is this URL. */
export function clusterByUriQuery(uri: string): string {
  return `${CLUSTERS}\n| where tolower(tostring(properties.uri)) == ${stringLiteral(normalClusterUri(uri))}\n| project ${CLUSTER_COLUMNS}`;
}

/** The resource types the other end of the identity is looked up by name in. */
export type LookupType =
  | 'microsoft.storage/storageaccounts'
  | 'microsoft.cognitiveservices/accounts'
  | 'microsoft.eventhub/namespaces'
  | 'microsoft.documentdb/databaseaccounts'
  | 'microsoft.devices/iothubs';

export const RESOURCE_COLUMNS =
  'id, name, type, location, resourceGroup, subscriptionId, tenantId, kind, identity, properties';

/** One resource of a type by name, across the subscriptions the caller sees (a storage account from its URL host). */
export function resourceByNameQuery(type: LookupType, name: string): string {
  return `resources\n| where type =~ ${stringLiteral(type)} and name =~ ${stringLiteral(name.toLowerCase())}\n| project ${RESOURCE_COLUMNS}`;
}
