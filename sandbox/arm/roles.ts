// The built-in Azure role definitions the other end of an identity needs, with their real ids, names and permissions
// (learn.microsoft.com/azure/role-based-access-control/built-in-roles). Ids are the same in every tenant.
import type { RolePermission } from '../types';

export interface BuiltInRole {
  /** the role definition GUID (the resource name) */
  name: string;
  roleName: string;
  description: string;
  permissions: RolePermission[];
}

const BLOB = 'Microsoft.Storage/storageAccounts/blobServices';
const OPENAI = 'Microsoft.CognitiveServices/accounts/OpenAI';

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  {
    name: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    permissions: [{ actions: ['*'] }],
  },
  {
    name: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    description:
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    permissions: [
      {
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
          'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
          'Microsoft.Subscription/cancel/action',
          'Microsoft.Subscription/enable/action',
        ],
      },
    ],
  },
  {
    name: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    roleName: 'Reader',
    description: 'View all resources, but does not allow you to make any changes.',
    permissions: [{ actions: ['*/read'] }],
  },
  {
    name: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    roleName: 'User Access Administrator',
    description: 'Lets you manage user access to Azure resources.',
    permissions: [{ actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'] }],
  },
  {
    name: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
    roleName: 'Role Based Access Control Administrator',
    description:
      'Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.',
    permissions: [
      {
        actions: [
          'Microsoft.Authorization/roleAssignments/write',
          'Microsoft.Authorization/roleAssignments/delete',
          '*/read',
          'Microsoft.Support/*',
        ],
      },
    ],
  },
  {
    name: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
    roleName: 'Storage Blob Data Owner',
    description:
      'Provides full access to Azure Storage blob containers and data, including assigning POSIX access control.',
    permissions: [
      {
        actions: [`${BLOB}/containers/*`, `${BLOB}/generateUserDelegationKey/action`],
        dataActions: [`${BLOB}/containers/blobs/*`],
      },
    ],
  },
  {
    name: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    roleName: 'Storage Blob Data Contributor',
    description: 'Allows for read, write and delete access to Azure Storage blob containers and data',
    permissions: [
      {
        actions: [
          `${BLOB}/containers/delete`,
          `${BLOB}/containers/read`,
          `${BLOB}/containers/write`,
          `${BLOB}/generateUserDelegationKey/action`,
        ],
        dataActions: [
          `${BLOB}/containers/blobs/delete`,
          `${BLOB}/containers/blobs/read`,
          `${BLOB}/containers/blobs/write`,
          `${BLOB}/containers/blobs/move/action`,
          `${BLOB}/containers/blobs/add/action`,
        ],
      },
    ],
  },
  {
    name: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    roleName: 'Storage Blob Data Reader',
    description: 'Allows for read access to Azure Storage blob containers and data',
    permissions: [
      {
        actions: [`${BLOB}/containers/read`, `${BLOB}/generateUserDelegationKey/action`],
        dataActions: [`${BLOB}/containers/blobs/read`],
      },
    ],
  },
  {
    name: 'f526a384-b230-433a-b45c-95f59c4a2dec',
    roleName: 'Azure Event Hubs Data Owner',
    description: 'Allows for full access to Azure Event Hubs resources.',
    permissions: [{ actions: ['Microsoft.EventHub/*'], dataActions: ['Microsoft.EventHub/*'] }],
  },
  {
    name: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde',
    roleName: 'Azure Event Hubs Data Receiver',
    description: 'Allows receive access to Azure Event Hubs resources.',
    permissions: [
      {
        actions: ['Microsoft.EventHub/*/eventhubs/consumergroups/read'],
        dataActions: ['Microsoft.EventHub/*/receive/action'],
      },
    ],
  },
  {
    name: '2b629674-e913-4c01-ae53-ef4638d8f975',
    roleName: 'Azure Event Hubs Data Sender',
    description: 'Allows send access to Azure Event Hubs resources.',
    permissions: [
      { actions: ['Microsoft.EventHub/*/eventhubs/read'], dataActions: ['Microsoft.EventHub/*/send/action'] },
    ],
  },
  {
    name: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
    roleName: 'Cognitive Services OpenAI User',
    description:
      'Read access to view files, models, deployments. The ability to create completion and embedding calls.',
    permissions: [
      {
        actions: [
          'Microsoft.CognitiveServices/*/read',
          'Microsoft.Authorization/roleAssignments/read',
          'Microsoft.Authorization/roleDefinitions/read',
        ],
        dataActions: [
          `${OPENAI}/*/read`,
          `${OPENAI}/engines/completions/action`,
          `${OPENAI}/engines/search/action`,
          `${OPENAI}/engines/generate/action`,
          `${OPENAI}/deployments/audio/action`,
          `${OPENAI}/deployments/search/action`,
          `${OPENAI}/deployments/completions/action`,
          `${OPENAI}/deployments/chat/completions/action`,
          `${OPENAI}/deployments/extensions/chat/completions/action`,
          `${OPENAI}/deployments/embeddings/action`,
          `${OPENAI}/images/generations/action`,
        ],
      },
    ],
  },
  {
    name: 'a001fd3d-188f-4b5d-821b-7da978bf7442',
    roleName: 'Cognitive Services OpenAI Contributor',
    description: 'Full access including the ability to fine-tune, deploy and generate text',
    permissions: [
      {
        actions: [
          'Microsoft.CognitiveServices/*/read',
          'Microsoft.CognitiveServices/accounts/deployments/write',
          'Microsoft.CognitiveServices/accounts/deployments/delete',
          'Microsoft.CognitiveServices/accounts/raiPolicies/read',
          'Microsoft.CognitiveServices/accounts/raiPolicies/write',
          'Microsoft.CognitiveServices/accounts/raiPolicies/delete',
          'Microsoft.CognitiveServices/accounts/commitmentplans/read',
          'Microsoft.CognitiveServices/accounts/commitmentplans/write',
          'Microsoft.CognitiveServices/accounts/commitmentplans/delete',
          'Microsoft.Authorization/roleAssignments/read',
          'Microsoft.Authorization/roleDefinitions/read',
        ],
        dataActions: [`${OPENAI}/*`],
      },
    ],
  },
];

/** Cosmos DB's built-in SQL (data-plane) role definitions: ids fixed, names as the service lists them. */
export const COSMOS_BUILT_IN_SQL_ROLES = [
  {
    name: '00000000-0000-0000-0000-000000000001',
    roleName: 'Cosmos DB Built-in Data Reader',
    dataActions: [
      'Microsoft.DocumentDB/databaseAccounts/readMetadata',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read',
    ],
  },
  {
    name: '00000000-0000-0000-0000-000000000002',
    roleName: 'Cosmos DB Built-in Data Contributor',
    dataActions: [
      'Microsoft.DocumentDB/databaseAccounts/readMetadata',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/*',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/*',
    ],
  },
] as const;
