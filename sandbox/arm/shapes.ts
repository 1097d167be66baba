// The JSON shapes ARM returns for each resource (api-version 2023-08-15 for Microsoft.Kusto).
import { clusterResourceId, describePrincipal } from '../state';
import type {
  ClusterState,
  DatabaseState,
  PrincipalState,
  SandboxState,
  ScenarioDataConnection,
  ScenarioManagedPrivateEndpoint,
  UserAssignedIdentityState,
} from '../types';

export function identityType(c: ClusterState): string {
  const user = c.userAssigned.size > 0;
  if (c.systemAssigned && user) return 'SystemAssigned, UserAssigned';
  if (c.systemAssigned) return 'SystemAssigned';
  return user ? 'UserAssigned' : 'None';
}

export function tenantOfSubscription(state: SandboxState, subscriptionId: string): string {
  return (
    state.subscriptions.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())?.tenantId ?? ''
  );
}

/** Without an identity the cluster has no `identity` key; with a system one, `userAssignedIdentities: {}` (spec examples). */
export function clusterIdentityJson(state: SandboxState, c: ClusterState): Record<string, unknown> | undefined {
  if (!c.systemAssigned && !c.userAssigned.size) return undefined;
  const tenantId = tenantOfSubscription(state, c.subscriptionId);
  const identity: Record<string, unknown> = { type: identityType(c) };
  if (c.systemAssigned) Object.assign(identity, { principalId: c.systemAssigned.principalId, tenantId });
  identity.tenantId = tenantId;
  identity.userAssignedIdentities = Object.fromEntries(
    [...c.userAssigned.keys()].map((id) => {
      const uai = state.userAssignedIdentities.find((i) => i.id.toLowerCase() === id);
      return [uai?.id ?? id, { principalId: uai?.principalId, clientId: uai?.clientId }];
    }),
  );
  return identity;
}

export function clusterJson(state: SandboxState, c: ClusterState) {
  const identity = clusterIdentityJson(state, c);
  const host = new URL(c.uri || 'http://127.0.0.1').host;
  return {
    id: clusterResourceId(c),
    name: c.name,
    type: 'Microsoft.Kusto/Clusters',
    location: c.location,
    tags: {},
    etag: `"${c.name}-${identityType(c)}"`,
    sku: c.sku,
    ...(identity ? { identity } : {}),
    properties: {
      provisioningState: 'Succeeded',
      state: c.state,
      uri: c.uri,
      dataIngestionUri: c.uri.replace(host, `ingest-${host}`),
      enableStreamingIngest: c.enableStreamingIngest,
      trustedExternalTenants: c.trustedExternalTenants.map((value) => ({ value })),
      enableDiskEncryption: false,
      enablePurge: false,
      engineType: 'V3',
      publicNetworkAccess: 'Enabled',
      restrictOutboundNetworkAccess: c.restrictOutboundNetworkAccess ?? 'Disabled',
      ...(c.allowedFqdnList?.length ? { allowedFqdnList: c.allowedFqdnList } : {}),
    },
  };
}

export function databaseJson(c: ClusterState, d: DatabaseState) {
  const base = {
    id: `${clusterResourceId(c)}/Databases/${d.name}`,
    name: `${c.name}/${d.name}`,
    type: 'Microsoft.Kusto/Clusters/Databases',
    location: c.location,
    kind: d.kind,
  };
  if (d.kind === 'ReadOnlyFollowing') {
    return {
      ...base,
      properties: {
        provisioningState: 'Succeeded',
        softDeletePeriod: 'P365D',
        hotCachePeriod: 'P31D',
        statistics: { size: 0 },
        leaderClusterResourceId: d.leaderClusterResourceId,
        attachedDatabaseConfigurationName: d.attachedDatabaseConfigurationName,
        principalsModificationKind: 'Union',
      },
    };
  }
  return {
    ...base,
    properties: {
      provisioningState: 'Succeeded',
      softDeletePeriod: 'P365D',
      hotCachePeriod: 'P31D',
      statistics: { size: 0 },
      isFollowed: false,
    },
  };
}

/** ARM role names are the principal's stored role; Kusto shows the same principals with "Database X Role". */
export function principalAssignmentJson(state: SandboxState, c: ClusterState, d: DatabaseState, p: PrincipalState) {
  const known = describePrincipal(state, c, p.principalId);
  const uai = state.userAssignedIdentities.find((i) => i.principalId.toLowerCase() === p.principalId.toLowerCase());
  const app =
    state.directory.find((e) => e.objectId.toLowerCase() === p.principalId.toLowerCase())?.appId ?? uai?.clientId;
  return {
    id: `${clusterResourceId(c)}/Databases/${d.name}/PrincipalAssignments/${p.name}`,
    name: `${c.name}/${d.name}/${p.name}`,
    type: 'Microsoft.Kusto/Clusters/Databases/PrincipalAssignments',
    properties: {
      principalId: p.principalType === 'App' ? (app ?? p.principalId) : p.principalId,
      role: p.role,
      tenantId: p.tenantId,
      principalType: p.principalType,
      tenantName: p.tenantId,
      principalName: known?.displayName ?? p.displayName,
      provisioningState: 'Succeeded',
      aadObjectId: p.principalId,
    },
  };
}

/** `managedIdentityObjectId` is filled from the identity `managedIdentityResourceId` names, as the spec examples show. */
export function dataConnectionJson(state: SandboxState, c: ClusterState, d: DatabaseState, dc: ScenarioDataConnection) {
  const named = String(dc.properties.managedIdentityResourceId ?? '').toLowerCase();
  const objectId = !named
    ? undefined
    : named === clusterResourceId(c).toLowerCase()
      ? c.systemAssigned?.principalId
      : state.userAssignedIdentities.find((i) => i.id.toLowerCase() === named)?.principalId;
  return {
    id: `${clusterResourceId(c)}/Databases/${d.name}/DataConnections/${dc.name}`,
    name: `${c.name}/${d.name}/${dc.name}`,
    type: 'Microsoft.Kusto/Clusters/Databases/DataConnections',
    location: dc.location ?? c.location,
    kind: dc.kind,
    properties: {
      ...dc.properties,
      ...(objectId ? { managedIdentityObjectId: objectId } : {}),
      provisioningState: 'Succeeded',
    },
  };
}

export function identityJson(i: UserAssignedIdentityState) {
  return {
    id: i.id,
    name: i.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: i.location,
    tags: {},
    properties: { tenantId: i.tenantId, principalId: i.principalId, clientId: i.clientId },
  };
}

/** A managed private endpoint as the 2023-08-15 examples show it. */
export function managedPrivateEndpointJson(c: ClusterState, m: ScenarioManagedPrivateEndpoint) {
  return {
    id: `${clusterResourceId(c)}/managedPrivateEndpoints/${m.name}`,
    name: `${c.name}/${m.name}`,
    type: 'Microsoft.Kusto/Clusters/ManagedPrivateEndpoints',
    properties: {
      privateLinkResourceId: m.privateLinkResourceId,
      groupId: m.groupId,
      ...(m.privateLinkResourceRegion ? { privateLinkResourceRegion: m.privateLinkResourceRegion } : {}),
      requestMessage: m.requestMessage ?? 'Please approve.',
      provisioningState: m.provisioningState ?? 'Succeeded',
    },
  };
}
