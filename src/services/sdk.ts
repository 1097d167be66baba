// The Azure SDK bundle (dist/sdk.js). The extension loads it with `import('./sdk')` on first use,
// so activation never parses these modules. Only src/services imports it.
export { Client as KustoClient, KustoConnectionStringBuilder, ClientRequestProperties, kustoTrustedEndpoints } from 'azure-kusto-data';
export { KustoManagementClient } from '@azure/arm-kusto';
export { ManagedServiceIdentityClient } from '@azure/arm-msi';
