// The Azure SDK bundle (dist/sdk.js). The extension loads it with `import('./sdk')` on first use,
// so activation never parses these modules. Only src/services imports it.
export {
  Client as KustoClient,
  KustoConnectionStringBuilder,
  ClientRequestProperties,
  kustoTrustedEndpoints,
  MatchRule,
  CloudSettings,
} from 'azure-kusto-data';
export { KustoManagementClient } from '@azure/arm-kusto';
export { ManagedServiceIdentityClient } from '@azure/arm-msi';
// The other end of the identity: role assignments, storage firewalls, Event Hubs namespaces, Cosmos DB data roles.
export { AuthorizationManagementClient } from '@azure/arm-authorization';
export { StorageManagementClient } from '@azure/arm-storage';
export { EventHubManagementClient } from '@azure/arm-eventhub';
export { CosmosDBManagementClient } from '@azure/arm-cosmosdb';
// The CLI's credentials (--auth) and its plain ARM requests (Resource Graph, subscriptions) through the same pipeline.
export {
  AzureCliCredential,
  AzurePipelinesCredential,
  DefaultAzureCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from '@azure/identity';
export { ServiceClient } from '@azure/core-client';
export { createPipelineRequest, RestError } from '@azure/core-rest-pipeline';

/** The auth helpers need `vscode` when they load: loaded only inside the extension host, never by plain-Node tests. */
export async function loadAzureAuth(): Promise<typeof import('@microsoft/vscode-azext-azureauth')> {
  return import('@microsoft/vscode-azext-azureauth');
}
