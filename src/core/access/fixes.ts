// Fixes outside Kusto as data: an ARM request to apply, and the same change as an `az` command and a Bicep snippet for
// users who cannot change ARM themselves.
import { BUILT_IN_ROLES, COSMOS_BUILT_IN, roleDefinitionResourceId, type BuiltInRoleKey } from './builtInRoles';
import { parseArmId, topLevelId } from './armId';
import type { EventHubNetworkFacts, StorageNetworkFacts } from './network';

export interface ArmRequest {
  readonly method: 'PUT' | 'PATCH';
  /** The resource path (no host, no api-version: the applier's SDK client picks it). */
  readonly path: string;
  readonly body: unknown;
}

interface FixBase {
  /** One line for a button or a modal: what changes where. */
  readonly title: string;
  readonly request: ArmRequest;
  readonly az: string;
  readonly bicep: string;
}

export interface RoleAssignmentFix extends FixBase {
  readonly kind: 'roleAssignment';
  readonly scope: string;
  readonly roleName: string;
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly principalType: 'ServicePrincipal';
  /** The assignment's name (a guid derived from scope, role and principal: the same fix always has the same name). */
  readonly assignmentName: string;
  /** Who it is for, as the report names the identity. */
  readonly identityLabel: string;
}

export interface CosmosRoleAssignmentFix extends FixBase {
  readonly kind: 'cosmosSqlRoleAssignment';
  readonly accountId: string;
  readonly scope: string;
  readonly roleName: string;
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly assignmentName: string;
  readonly identityLabel: string;
}

export interface StorageNetworkRuleFix extends FixBase {
  readonly kind: 'storageResourceAccessRule';
  readonly accountId: string;
  readonly rule: { readonly tenantId: string; readonly resourceId: string };
}

export interface EventHubTrustedServicesFix extends FixBase {
  readonly kind: 'eventHubTrustedServices';
  readonly namespaceId: string;
  /** The whole rule set after the change (PUT replaces it), with every IP and virtual network rule it had. */
  readonly ruleSet: {
    readonly defaultAction: string;
    readonly publicNetworkAccess: string;
    readonly trustedServiceAccessEnabled: true;
    readonly ipRules: readonly { readonly ipMask?: string; readonly action: string }[];
    readonly virtualNetworkRules: readonly {
      readonly subnet: { readonly id?: string };
      readonly ignoreMissingVnetServiceEndpoint?: boolean;
    }[];
  };
}

export interface ClusterFqdnFix extends FixBase {
  readonly kind: 'clusterAllowedFqdn';
  readonly clusterId: string;
  readonly fqdn: string;
  /** The whole list after the change (ARM replaces the list). */
  readonly allowedFqdnList: readonly string[];
}

export type ArmFix =
  RoleAssignmentFix | CosmosRoleAssignmentFix | StorageNetworkRuleFix | EventHubTrustedServicesFix | ClusterFqdnFix;

/** The control-plane action the caller needs to apply each kind of fix (checked before it is offered and applied). */
export const FIX_WRITE_ACTION: Readonly<Record<ArmFix['kind'], string>> = {
  roleAssignment: 'Microsoft.Authorization/roleAssignments/write',
  cosmosSqlRoleAssignment: 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/write',
  storageResourceAccessRule: 'Microsoft.Storage/storageAccounts/write',
  eventHubTrustedServices: 'Microsoft.EventHub/namespaces/networkRuleSets/write',
  clusterAllowedFqdn: 'Microsoft.Kusto/clusters/write',
};

/** A name-based guid (FNV-1a over the text, four lanes), so re-offering a fix names the same assignment. */
export function nameGuid(text: string): string {
  const lanes = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x7f4a7c15].map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  });
  const hex = lanes.join('');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const BICEP_TYPES: Record<string, string> = {
  'microsoft.storage/storageaccounts': 'Microsoft.Storage/storageAccounts@2023-05-01',
  'microsoft.storage/storageaccounts/blobservices': 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01',
  'microsoft.storage/storageaccounts/blobservices/containers':
    'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01',
  'microsoft.eventhub/namespaces': 'Microsoft.EventHub/namespaces@2024-01-01',
  'microsoft.eventhub/namespaces/eventhubs': 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01',
  'microsoft.cognitiveservices/accounts': 'Microsoft.CognitiveServices/accounts@2024-10-01',
  'microsoft.devices/iothubs': 'Microsoft.Devices/IotHubs@2023-06-30',
};

/** `existing` declarations down to the scope resource; the last one is named `target`. */
function existingChain(scope: string): { lines: string[]; ref?: string; targetScope?: 'subscription' } {
  const p = parseArmId(scope);
  if (!p.provider) return p.resourceGroup ? { lines: [] } : { lines: [], targetScope: 'subscription' };
  const lines: string[] = [];
  let type = p.provider.toLowerCase();
  p.resources.forEach(([t, name], i) => {
    type += `/${t.toLowerCase()}`;
    const bicepType =
      BICEP_TYPES[type] ??
      `${p.provider}/${p.resources
        .slice(0, i + 1)
        .map((r) => r[0])
        .join('/')}@2023-01-01`;
    const symbol = i === p.resources.length - 1 ? 'target' : `parent${i}`;
    lines.push(
      `resource ${symbol} '${bicepType}' existing = {`,
      `  name: '${name}'`,
      ...(i > 0 ? [`  parent: ${i === 1 ? 'parent0' : `parent${i - 1}`}`] : []),
      '}',
    );
  });
  return { lines, ref: 'target' };
}

export function roleAssignmentFix(input: {
  scope: string;
  role: BuiltInRoleKey;
  principalId: string;
  identityLabel: string;
  /** The subscription the role definition id names (the scope's own, when it has one). */
  subscriptionId?: string;
}): RoleAssignmentFix {
  const role = BUILT_IN_ROLES[input.role];
  const sub = input.subscriptionId ?? parseArmId(input.scope).subscriptionId ?? '';
  const roleDefinitionId = roleDefinitionResourceId(sub, role.id);
  const assignmentName = nameGuid(`${input.scope.toLowerCase()}|${role.id}|${input.principalId.toLowerCase()}`);
  const chain = existingChain(input.scope);
  const bicep = [
    ...(chain.targetScope ? [`targetScope = '${chain.targetScope}'`, ''] : []),
    ...chain.lines,
    ...(chain.lines.length ? [''] : []),
    `// ${role.roleName} for ${input.identityLabel}`,
    "resource grant 'Microsoft.Authorization/roleAssignments@2022-04-01' = {",
    `  name: guid(${chain.ref ? `${chain.ref}.id` : chain.targetScope ? 'subscription().id' : 'resourceGroup().id'}, '${input.principalId}', '${role.id}')`,
    ...(chain.ref ? [`  scope: ${chain.ref}`] : []),
    '  properties: {',
    `    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${role.id}')`,
    `    principalId: '${input.principalId}'`,
    "    principalType: 'ServicePrincipal'",
    '  }',
    '}',
  ].join('\n');
  return {
    kind: 'roleAssignment',
    title: `Grant ${role.roleName} to ${input.identityLabel} at ${input.scope}`,
    scope: input.scope,
    roleName: role.roleName,
    roleDefinitionId,
    principalId: input.principalId,
    principalType: 'ServicePrincipal',
    assignmentName,
    identityLabel: input.identityLabel,
    request: {
      method: 'PUT',
      path: `${input.scope}/providers/Microsoft.Authorization/roleAssignments/${assignmentName}`,
      body: { properties: { roleDefinitionId, principalId: input.principalId, principalType: 'ServicePrincipal' } },
    },
    az: `az role assignment create --assignee-object-id ${input.principalId} --assignee-principal-type ServicePrincipal --role "${role.roleName}" --scope "${input.scope}"`,
    bicep,
  };
}

export function cosmosRoleAssignmentFix(input: {
  accountId: string;
  scope?: string;
  principalId: string;
  identityLabel: string;
}): CosmosRoleAssignmentFix {
  const { accountId, principalId } = input;
  const scope = input.scope ?? accountId;
  const p = parseArmId(accountId);
  const name = p.resources[0]?.[1] ?? '';
  const roleDefinitionId = `${accountId}/sqlRoleDefinitions/${COSMOS_BUILT_IN.dataReader.id}`;
  const assignmentName = nameGuid(
    `${scope.toLowerCase()}|${COSMOS_BUILT_IN.dataReader.id}|${principalId.toLowerCase()}`,
  );
  const relative = scope.slice(accountId.length) || '/';
  return {
    kind: 'cosmosSqlRoleAssignment',
    title: `Grant ${COSMOS_BUILT_IN.dataReader.roleName} (Cosmos DB data plane) to ${input.identityLabel} on ${name}`,
    accountId,
    scope,
    roleName: COSMOS_BUILT_IN.dataReader.roleName,
    roleDefinitionId,
    principalId,
    assignmentName,
    identityLabel: input.identityLabel,
    request: {
      method: 'PUT',
      path: `${accountId}/sqlRoleAssignments/${assignmentName}`,
      body: { properties: { roleDefinitionId, scope, principalId } },
    },
    az: `az cosmosdb sql role assignment create --account-name ${name} --resource-group ${p.resourceGroup ?? '<resource group>'} --scope "${relative}" --principal-id ${principalId} --role-definition-id ${COSMOS_BUILT_IN.dataReader.id}`,
    bicep: [
      `resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = {`,
      `  name: '${name}'`,
      '}',
      '',
      `// ${COSMOS_BUILT_IN.dataReader.roleName} for ${input.identityLabel}`,
      "resource dataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {",
      '  parent: account',
      `  name: guid(account.id, '${principalId}', '${COSMOS_BUILT_IN.dataReader.id}')`,
      '  properties: {',
      `    roleDefinitionId: '\${account.id}/sqlRoleDefinitions/${COSMOS_BUILT_IN.dataReader.id}'`,
      `    scope: ${relative === '/' ? 'account.id' : `'\${account.id}${relative}'`}`,
      `    principalId: '${principalId}'`,
      '  }',
      '}',
    ].join('\n'),
  };
}

/** Adds a resource instance rule for the cluster to the account's firewall, keeping every rule it has. */
export function storageResourceRuleFix(
  storage: StorageNetworkFacts,
  rule: { tenantId: string; resourceId: string },
): StorageNetworkRuleFix {
  const acls = storage.networkAcls ?? {};
  const p = parseArmId(storage.id);
  const networkAcls = {
    ...acls,
    defaultAction: acls.defaultAction ?? 'Deny',
    resourceAccessRules: [...(acls.resourceAccessRules ?? []), rule],
  };
  return {
    kind: 'storageResourceAccessRule',
    title: `Let cluster ${parseArmId(rule.resourceId).resources[0]?.[1] ?? rule.resourceId} through the firewall of ${storage.name} (resource instance rule)`,
    accountId: storage.id,
    rule,
    request: { method: 'PATCH', path: topLevelId(storage.id), body: { properties: { networkAcls } } },
    az: `az storage account network-rule add --account-name ${storage.name} --resource-group ${p.resourceGroup ?? '<resource group>'} --resource-id "${rule.resourceId}" --tenant-id ${rule.tenantId}`,
    bicep: [
      `resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {`,
      `  name: '${storage.name}'`,
      '  // … the account as it is declared today, with:',
      '  properties: {',
      '    networkAcls: {',
      `      defaultAction: '${networkAcls.defaultAction}'`,
      `      bypass: '${acls.bypass ?? 'None'}'`,
      '      resourceAccessRules: [',
      ...networkAcls.resourceAccessRules.flatMap((r) => [
        '        {',
        `          tenantId: '${r.tenantId ?? ''}'`,
        `          resourceId: '${r.resourceId ?? ''}'`,
        '        }',
      ]),
      '      ]',
      '    }',
      '  }',
      '}',
    ].join('\n'),
  };
}

/** The api-version of the az rest call: the one the Event Hubs REST reference documents for networkRuleSets. */
export const EVENT_HUB_API_VERSION = '2024-01-01';

/**
 * Turns on "Allow trusted Microsoft services to bypass this firewall" on an Event Hubs namespace: a PUT of
 * `networkRuleSets/default` that carries the default action, public access, IP and virtual network rules it has today.
 */
export function eventHubTrustedServicesFix(ns: EventHubNetworkFacts): EventHubTrustedServicesFix {
  const now = ns.ruleSet ?? {};
  const ruleSet: EventHubTrustedServicesFix['ruleSet'] = {
    defaultAction: now.defaultAction ?? 'Deny',
    publicNetworkAccess: now.publicNetworkAccess ?? ns.publicNetworkAccess ?? 'Enabled',
    trustedServiceAccessEnabled: true,
    ipRules: (now.ipRules ?? []).map((r) => ({ ipMask: r.ipMask, action: r.action ?? 'Allow' })),
    virtualNetworkRules: (now.virtualNetworkRules ?? []).map((r) => ({
      subnet: { id: r.subnet?.id },
      ...(r.ignoreMissingVnetServiceEndpoint !== undefined
        ? { ignoreMissingVnetServiceEndpoint: r.ignoreMissingVnetServiceEndpoint }
        : {}),
    })),
  };
  const namespaceId = topLevelId(ns.id);
  const path = `${namespaceId}/networkRuleSets/default`;
  const body = { properties: ruleSet };
  const quote = (x: unknown): string => `'${String(x).replace(/'/g, "\\'")}'`;
  return {
    kind: 'eventHubTrustedServices',
    title: `Let trusted Microsoft services (Azure Data Explorer) through the network rules of ${ns.name}`,
    namespaceId,
    ruleSet,
    request: { method: 'PUT', path, body },
    // `az rest` prefixes an id with the current cloud's ARM endpoint; the body keeps today's rules (PUT replaces them).
    az: `az rest --method put --url "${path}?api-version=${EVENT_HUB_API_VERSION}" --body '${JSON.stringify(body)}'`,
    bicep: [
      `resource namespace 'Microsoft.EventHub/namespaces@${EVENT_HUB_API_VERSION}' existing = {`,
      `  name: '${ns.name}'`,
      '}',
      '',
      '// Azure Data Explorer is a trusted Microsoft service for Event Hubs (same tenant, cluster managed identity)',
      `resource rules 'Microsoft.EventHub/namespaces/networkRuleSets@${EVENT_HUB_API_VERSION}' = {`,
      '  parent: namespace',
      "  name: 'default'",
      '  properties: {',
      `    defaultAction: ${quote(ruleSet.defaultAction)}`,
      `    publicNetworkAccess: ${quote(ruleSet.publicNetworkAccess)}`,
      '    trustedServiceAccessEnabled: true',
      '    ipRules: [',
      ...ruleSet.ipRules.flatMap((r) => [
        '      {',
        `        ipMask: ${quote(r.ipMask)}`,
        `        action: ${quote(r.action)}`,
        '      }',
      ]),
      '    ]',
      '    virtualNetworkRules: [',
      ...ruleSet.virtualNetworkRules.flatMap((r) => [
        '      {',
        `        subnet: { id: ${quote(r.subnet.id)} }`,
        ...(r.ignoreMissingVnetServiceEndpoint !== undefined
          ? [`        ignoreMissingVnetServiceEndpoint: ${r.ignoreMissingVnetServiceEndpoint}`]
          : []),
        '      }',
      ]),
      '    ]',
      '  }',
      '}',
    ].join('\n'),
  };
}

/** Adds the host to the cluster's allowedFqdnList (ARM replaces the whole list, so it carries the current entries). */
export function clusterFqdnFix(clusterId: string, current: readonly string[], fqdn: string): ClusterFqdnFix {
  const p = parseArmId(clusterId);
  const name = p.resources[0]?.[1] ?? '';
  const allowedFqdnList = [...current, fqdn];
  return {
    kind: 'clusterAllowedFqdn',
    title: `Allow the cluster ${name} to reach ${fqdn} (allowedFqdnList)`,
    clusterId,
    fqdn,
    allowedFqdnList,
    request: { method: 'PATCH', path: clusterId, body: { properties: { allowedFqdnList } } },
    az: `az kusto cluster update --name ${name} --resource-group ${p.resourceGroup ?? '<resource group>'} --allowed-fqdn-list ${allowedFqdnList.join(' ')}`,
    bicep: [
      `resource cluster 'Microsoft.Kusto/clusters@2024-04-13' = {`,
      `  name: '${name}'`,
      '  // … the cluster as it is declared today, with:',
      '  properties: {',
      "    restrictOutboundNetworkAccess: 'Enabled'",
      `    allowedFqdnList: [${allowedFqdnList.map((f) => `'${f}'`).join(', ')}]`,
      '  }',
      '}',
    ].join('\n'),
  };
}
