// The Azure built-in role definitions the flows meet, with their real ids, names and (data) actions, as
// `az role definition list --name …` prints them. ARM's own definitions win when they can be read; these stand in when
// they cannot, and name the role a fix grants.

export interface RolePermission {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

export interface RoleDefinitionFacts {
  /** The definition's guid (the last segment of its resource id). */
  readonly id: string;
  readonly roleName: string;
  readonly type: 'BuiltInRole' | 'CustomRole';
  readonly permissions: readonly RolePermission[];
}

const perm = (p: Partial<RolePermission>): RolePermission => ({
  actions: p.actions ?? [],
  notActions: p.notActions ?? [],
  dataActions: p.dataActions ?? [],
  notDataActions: p.notDataActions ?? [],
});

const builtIn = (id: string, roleName: string, p: Partial<RolePermission>): RoleDefinitionFacts => ({
  id,
  roleName,
  type: 'BuiltInRole',
  permissions: [perm(p)],
});

const BLOBS = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs';
const OPENAI = 'Microsoft.CognitiveServices/accounts/OpenAI';

export const BUILT_IN_ROLES = {
  owner: builtIn('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', { actions: ['*'] }),
  contributor: builtIn('b24988ac-6180-42a0-ab88-20f7382dd24c', 'Contributor', {
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
    ],
  }),
  reader: builtIn('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', { actions: ['*/read'] }),
  userAccessAdministrator: builtIn('18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'User Access Administrator', {
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
  }),
  rbacAdministrator: builtIn('f58310d9-a9f6-439a-9e8d-f62e7b41a168', 'Role Based Access Control Administrator', {
    actions: [
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      '*/read',
      'Microsoft.Support/*',
    ],
  }),
  storageBlobDataOwner: builtIn('b7e6dc6d-f1e8-4753-8033-0f276bb0955b', 'Storage Blob Data Owner', {
    actions: [
      'Microsoft.Storage/storageAccounts/blobServices/containers/*',
      'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
    ],
    dataActions: [`${BLOBS}/*`],
  }),
  storageBlobDataContributor: builtIn('ba92f5b4-2d11-453d-a403-e96b0029c9fe', 'Storage Blob Data Contributor', {
    actions: [
      'Microsoft.Storage/storageAccounts/blobServices/containers/delete',
      'Microsoft.Storage/storageAccounts/blobServices/containers/read',
      'Microsoft.Storage/storageAccounts/blobServices/containers/write',
      'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
    ],
    dataActions: [`${BLOBS}/delete`, `${BLOBS}/read`, `${BLOBS}/write`, `${BLOBS}/move/action`, `${BLOBS}/add/action`],
  }),
  storageBlobDataReader: builtIn('2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'Storage Blob Data Reader', {
    actions: [
      'Microsoft.Storage/storageAccounts/blobServices/containers/read',
      'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
    ],
    dataActions: [`${BLOBS}/read`],
  }),
  eventHubsDataOwner: builtIn('f526a384-b230-433a-b45c-95f59c4a2dec', 'Azure Event Hubs Data Owner', {
    actions: ['Microsoft.EventHub/*'],
    dataActions: ['Microsoft.EventHub/*'],
  }),
  eventHubsDataReceiver: builtIn('a638d3c7-ab3a-418d-83e6-5f17a39d4fde', 'Azure Event Hubs Data Receiver', {
    actions: ['Microsoft.EventHub/*/eventhubs/consumergroups/read'],
    dataActions: ['Microsoft.EventHub/*/receive/action'],
  }),
  eventHubsDataSender: builtIn('2b629674-e913-4c01-ae53-ef4638d8f975', 'Azure Event Hubs Data Sender', {
    actions: ['Microsoft.EventHub/*/eventhubs/read'],
    dataActions: ['Microsoft.EventHub/*/send/action'],
  }),
  openAiUser: builtIn('5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', 'Cognitive Services OpenAI User', {
    actions: [
      'Microsoft.CognitiveServices/*/read',
      'Microsoft.Authorization/roleAssignments/read',
      'Microsoft.Authorization/roleDefinitions/read',
    ],
    // As the built-in roles page lists them (MicrosoftDocs/azure-docs, role-based-access-control/built-in-roles/
    // ai-machine-learning.md, "Cognitive Services OpenAI User").
    dataActions: [
      `${OPENAI}/*/read`,
      `${OPENAI}/engines/completions/action`,
      `${OPENAI}/engines/search/action`,
      `${OPENAI}/engines/generate/action`,
      `${OPENAI}/deployments/audio/action`,
      `${OPENAI}/deployments/chat/completions/action`,
      `${OPENAI}/deployments/completions/action`,
      `${OPENAI}/deployments/embeddings/action`,
      `${OPENAI}/deployments/extensions/chat/completions/action`,
      `${OPENAI}/deployments/search/action`,
      `${OPENAI}/images/generations/action`,
    ],
  }),
  openAiContributor: builtIn('a001fd3d-188f-4b5d-821b-7da978bf7442', 'Cognitive Services OpenAI Contributor', {
    actions: [
      'Microsoft.CognitiveServices/*/read',
      'Microsoft.Authorization/roleAssignments/read',
      'Microsoft.Authorization/roleDefinitions/read',
    ],
    dataActions: [`${OPENAI}/*`],
  }),
} as const satisfies Record<string, RoleDefinitionFacts>;

export type BuiltInRoleKey = keyof typeof BUILT_IN_ROLES;

/** The built-in definition with this guid, if it is one of those above. */
export function builtInRole(guid: string): RoleDefinitionFacts | undefined {
  const g = guid.toLowerCase();
  return Object.values(BUILT_IN_ROLES).find((r) => r.id === g);
}

/** The Cosmos DB data-plane built-in roles (Microsoft.DocumentDB sqlRoleDefinitions, not Microsoft.Authorization). */
export const COSMOS_BUILT_IN = {
  dataReader: { id: '00000000-0000-0000-0000-000000000001', roleName: 'Cosmos DB Built-in Data Reader' },
  dataContributor: { id: '00000000-0000-0000-0000-000000000002', roleName: 'Cosmos DB Built-in Data Contributor' },
} as const;

/** The Cosmos DB data actions the built-in reader grants (what Kusto's Cosmos DB connection reads). */
export const COSMOS_READER_DATA_ACTIONS = [
  'Microsoft.DocumentDB/databaseAccounts/readMetadata',
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery',
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed',
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read',
] as const;

/** `/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}` → the guid. */
export function roleGuidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase();
}

/** The id form an assignment names its role by. */
export function roleDefinitionResourceId(subscriptionId: string, guid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}
