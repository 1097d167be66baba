// Plain data the services hand out: no SDK types leak past src/services.
import type { TokenCredential } from '@azure/core-auth';

/** One Azure subscription reachable through an account (Azure sign-in or the sandbox). */
export interface SubscriptionRef {
  readonly subscriptionId: string;
  readonly name: string;
  readonly tenantId: string;
}

/** Where ARM lives and how to trust it: public Azure, a sovereign cloud, or the local sandbox. */
export interface CloudEndpoints {
  readonly armEndpoint: string;
  readonly armScopes: string[];
  readonly portalUrl: string;
  /** PEM of an extra CA to trust (the sandbox's self-signed certificate). */
  readonly ca?: string;
}

/** A source of subscriptions and tokens: the VS Code Azure account or the sandbox, behind one shape. */
export interface CloudAccount {
  readonly kind: 'azure' | 'sandbox';
  readonly endpoints: CloudEndpoints;
  isSignedIn(): Promise<boolean>;
  listSubscriptions(): Promise<SubscriptionRef[]>;
  /** The credential ARM accepts for this subscription. */
  armCredential(subscription: SubscriptionRef): TokenCredential;
  /** A token whose audience is Kusto, for this tenant and cluster; never the ARM token. */
  kustoToken(tenantId: string, clusterUri: string): Promise<string>;
}

export interface SystemIdentity {
  readonly principalId: string;
  readonly tenantId: string;
}
export interface UserIdentity {
  readonly resourceId: string;
  readonly name: string;
  readonly clientId: string;
  readonly principalId: string;
}

export interface ClusterIdentities {
  readonly system?: SystemIdentity;
  readonly userAssigned: UserIdentity[];
}

/** A cluster known through ARM, or a direct connection (no ARM facts then). */
export interface ClusterInfo {
  readonly name: string;
  readonly uri: string;
  readonly source: 'arm' | 'direct';
  readonly resourceId?: string;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  readonly tenantId?: string;
  readonly location?: string;
  readonly sku?: string;
  readonly state?: string;
  readonly streamingIngest?: boolean;
  readonly identities?: ClusterIdentities;
  /** Direct connections: whether requests carry the signed-in account's token or none. */
  readonly auth?: 'account' | 'none';
}

export interface DatabaseInfo {
  readonly name: string;
  readonly readOnly: boolean;
  readonly kind?: string;
}

export interface DataConnectionInfo {
  readonly name: string;
  readonly kind: string;
  readonly identityResourceId?: string;
  /** The Event Hub, IoT Hub or Cosmos DB account it reads. */
  readonly sourceResourceId?: string;
  readonly cosmosDatabase?: string;
  readonly cosmosContainer?: string;
}

/** The core's result-table shape: parsed by column name downstream. */
export interface ResultTable {
  columns: { name: string; type?: string }[];
  rows: unknown[][];
}

export function resourceGroupOf(resourceId: string): string {
  const m = /\/resourceGroups\/([^/]+)/i.exec(resourceId);
  if (!m) throw new Error(`no resource group in resource id ${resourceId}`);
  return m[1];
}

export function lastSegment(resourceId: string): string {
  return resourceId.split('/').filter(Boolean).pop() ?? resourceId;
}
