// What each flow needs on the resource at the other end of the identity.
import { COSMOS_BUILT_IN, COSMOS_READER_DATA_ACTIONS } from './builtInRoles';
import type { AccessNeed } from './rbac';

const BLOBS = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs';

export const NEEDS = {
  /** A continuous export (or `.export`) writes blobs. */
  storageWrite: {
    title: 'writing blobs',
    dataActions: [`${BLOBS}/write`],
    grant: 'storageBlobDataContributor',
  },
  /** External table queries and ingestion from storage read blobs. */
  storageRead: {
    title: 'reading blobs',
    dataActions: [`${BLOBS}/read`],
    grant: 'storageBlobDataReader',
  },
  /** An Event Hub data connection receives events. */
  eventHubReceive: {
    title: 'receiving events',
    dataActions: ['Microsoft.EventHub/namespaces/messages/receive/action'],
    grant: 'eventHubsDataReceiver',
  },
  /** The ai_embeddings / ai_chat_completion plugins call a deployment. */
  openAiUse: {
    title: 'calling Azure OpenAI deployments',
    dataActions: [
      'Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action',
      'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action',
    ],
    grant: 'openAiUser',
  },
} as const satisfies Record<string, AccessNeed>;

export type NeedKey = keyof typeof NEEDS;

/** A Cosmos DB data connection reads with a data-plane (sqlRoleAssignments) role: the built-in Data Reader or more. */
export const COSMOS_NEED = {
  title: 'reading the Cosmos DB change feed',
  dataActions: COSMOS_READER_DATA_ACTIONS,
  grant: COSMOS_BUILT_IN.dataReader,
} as const;
