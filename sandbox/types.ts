// The scenario file format (what a test or `--scenario` gives) and the live model built from it.

export interface ScenarioTenant {
  tenantId: string;
  displayName: string;
  defaultDomain?: string;
}
export interface ScenarioSubscription {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
}

export interface ScenarioUserAssignedIdentity {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location?: string;
  principalId: string;
  clientId: string;
  tenantId?: string;
  /** created as the sandbox starts: the directory resolves it only this many ms later (a pipeline's new identity) */
  visibleAfterMs?: number;
}

/** Someone the directory knows, so `.add database … ('aadapp=…')` can resolve it. */
export interface ScenarioDirectoryEntry {
  objectId: string;
  appId?: string;
  upn?: string;
  displayName: string;
  type: 'App' | 'User' | 'Group';
  tenantId: string;
  /** resolvable only this many ms after the sandbox starts, like a just-created app */
  visibleAfterMs?: number;
}

export interface ScenarioPolicyEntry {
  ObjectId: string;
  AllowedUsages: string;
}

export type DatabaseRole = 'Admin' | 'Ingestor' | 'Monitor' | 'User' | 'UnrestrictedViewer' | 'Viewer';
export type ClusterRole = 'AllDatabasesAdmin' | 'AllDatabasesViewer' | 'AllDatabasesMonitor';

export interface ScenarioPrincipal<R extends string> {
  role: R;
  /** object id (or app id) of an identity/app/user, or `system` for the cluster's own identity */
  principalId: string;
  principalType?: 'App' | 'User' | 'Group';
  tenantId?: string;
  displayName?: string;
  notes?: string;
  /** the ARM principal assignment name; generated when absent */
  name?: string;
}

export interface ScenarioTable {
  name: string;
  columns: { name: string; type: string }[];
  rows?: unknown[][];
  /** queries over this table answer 200 with this error in-band (v2 OneApiErrors) */
  inBandError?: string;
  /** the table's update policy as `.show table T policy update` prints it (IsEnabled, Source, Query, …) */
  updatePolicy?: object[];
}

export interface ScenarioExternalTable {
  name: string;
  kind: 'storage' | 'sql';
  columns: { name: string; type: string }[];
  dataFormat?: string;
  sqlTable?: string;
  connectionStrings: string[];
  folder?: string;
  docString?: string;
}

/** A stored function: `parameters` as `(name:type, …)`, `body` with its braces, as `.show functions` prints them. */
export interface ScenarioFunction {
  name: string;
  parameters: string;
  body: string;
  folder?: string;
  docString?: string;
}

export interface ScenarioExportFailure {
  timestamp: string;
  operationId?: string;
  failureKind?: 'Failure' | 'PartialFailure';
  details: string;
}
export interface ScenarioArtifact {
  timestamp: string;
  path: string;
  numRecords: number;
}

export interface ScenarioContinuousExport {
  name: string;
  externalTable: string;
  query: string;
  over?: string[];
  /** raw `with (…)` properties, as the user wrote them */
  properties?: Record<string, string>;
  isDisabled?: boolean;
  lastRunTime?: string;
  lastRunResult?: 'Completed' | 'Failed' | string;
  exportedTo?: string;
  failures?: ScenarioExportFailure[];
  artifacts?: ScenarioArtifact[];
}

export interface ScenarioDataConnection {
  name: string;
  kind: 'EventHub' | 'IotHub';
  location?: string;
  /** the ARM `properties` object, e.g. eventHubResourceId, consumerGroup, tableName, managedIdentityResourceId */
  properties: Record<string, unknown>;
}

export interface ScenarioDatabase {
  name: string;
  kind?: 'ReadWrite' | 'ReadOnlyFollowing';
  leaderClusterResourceId?: string;
  attachedDatabaseConfigurationName?: string;
  principals?: ScenarioPrincipal<DatabaseRole>[];
  managedIdentityPolicy?: ScenarioPolicyEntry[];
  streamingIngestion?: boolean;
  tables?: ScenarioTable[];
  externalTables?: ScenarioExternalTable[];
  continuousExports?: ScenarioContinuousExport[];
  dataConnections?: ScenarioDataConnection[];
  functions?: ScenarioFunction[];
}

export interface ScenarioCluster {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  sku?: { name: string; tier: 'Basic' | 'Standard'; capacity?: number };
  state?: string;
  enableStreamingIngest?: boolean;
  trustedExternalTenants?: string[];
  /** system-assigned identity principal id; absent = no system identity */
  systemAssignedPrincipalId?: string;
  /** resource ids of user-assigned identities attached to the cluster */
  userAssignedIdentities?: string[];
  principals?: ScenarioPrincipal<ClusterRole>[];
  managedIdentityPolicy?: ScenarioPolicyEntry[];
  databases?: ScenarioDatabase[];
  /** `properties.restrictOutboundNetworkAccess`; default Disabled */
  restrictOutboundNetworkAccess?: 'Enabled' | 'Disabled';
  /** `properties.allowedFqdnList` */
  allowedFqdnList?: string[];
  managedPrivateEndpoints?: ScenarioManagedPrivateEndpoint[];
}

/** A cluster's managed private endpoint (Microsoft.Kusto `clusters/{c}/managedPrivateEndpoints/{name}`). */
export interface ScenarioManagedPrivateEndpoint {
  name: string;
  privateLinkResourceId: string;
  groupId: string;
  privateLinkResourceRegion?: string;
  requestMessage?: string;
  /** Succeeded lets the cluster's traffic reach the target whatever its firewall says (sandbox simplification) */
  provisioningState?: 'Running' | 'Creating' | 'Deleting' | 'Succeeded' | 'Failed' | 'Moving' | 'Canceled';
}

/** Where a resource lives (ARM resource group scope). */
export interface ScenarioPlacement {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
}

/** A management group: role assignments at its scope reach every subscription under it (and its child groups). */
export interface ScenarioManagementGroup {
  name: string;
  displayName?: string;
  parent?: string;
  subscriptions?: string[];
}

/** Storage `networkAcls` as ARM writes them. */
export interface StorageNetworkAcls {
  bypass?: string;
  defaultAction?: 'Allow' | 'Deny';
  ipRules?: { value: string; action?: 'Allow' }[];
  virtualNetworkRules?: { id: string; action?: 'Allow'; state?: string }[];
  resourceAccessRules?: { tenantId: string; resourceId: string }[];
}

export interface ScenarioStorageAccount extends ScenarioPlacement {
  kind?: 'StorageV2' | 'BlobStorage' | 'BlockBlobStorage' | 'Storage';
  sku?: string;
  isHnsEnabled?: boolean;
  allowSharedKeyAccess?: boolean;
  publicNetworkAccess?: 'Enabled' | 'Disabled';
  networkAcls?: StorageNetworkAcls;
  /** blob containers (ADLS file systems) of the account */
  containers?: string[];
}

export interface ScenarioEventHubNamespace extends ScenarioPlacement {
  eventHubs?: string[];
  publicNetworkAccess?: 'Enabled' | 'Disabled' | 'SecuredByPerimeter';
  disableLocalAuth?: boolean;
  /** `networkRuleSets/default` properties */
  networkRuleSet?: {
    defaultAction?: 'Allow' | 'Deny';
    trustedServiceAccessEnabled?: boolean;
    publicNetworkAccess?: 'Enabled' | 'Disabled' | 'SecuredByPerimeter';
    ipRules?: { ipMask: string; action?: 'Allow' }[];
    virtualNetworkRules?: { subnet: { id: string }; ignoreMissingVnetServiceEndpoint?: boolean }[];
  };
}

/** A Cosmos DB SQL (data-plane) role assignment; `roleDefinitionId` a GUID or a full id, `scope` relative or full. */
export interface ScenarioSqlRoleAssignment {
  name: string;
  roleDefinitionId: string;
  principalId: string;
  /** default: the account */
  scope?: string;
}

export interface ScenarioCosmosAccount extends ScenarioPlacement {
  publicNetworkAccess?: 'Enabled' | 'Disabled';
  disableLocalAuth?: boolean;
  sqlRoleAssignments?: ScenarioSqlRoleAssignment[];
}

export interface ScenarioCognitiveAccount extends ScenarioPlacement {
  kind?: string;
  customSubDomainName?: string;
  publicNetworkAccess?: 'Enabled' | 'Disabled';
  networkAcls?: {
    defaultAction?: 'Allow' | 'Deny';
    ipRules?: { value: string }[];
    virtualNetworkRules?: { id: string }[];
    bypass?: string;
  };
}

/** A Microsoft.Authorization role assignment. `roleDefinitionId`: a GUID, a full id, or give `roleName` of a built-in. */
export interface ScenarioRoleAssignment {
  name?: string;
  scope: string;
  roleDefinitionId?: string;
  roleName?: string;
  principalId: string;
  principalType?: 'User' | 'Group' | 'ServicePrincipal' | 'ForeignGroup' | 'Device';
  condition?: string;
  conditionVersion?: string;
  description?: string;
}

export interface RolePermission {
  actions?: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

/** A custom role (`type: CustomRole`); built-ins come with the sandbox. */
export interface ScenarioRoleDefinition {
  name: string;
  roleName: string;
  description?: string;
  assignableScopes: string[];
  permissions: RolePermission[];
}

export interface ScenarioDenyAssignment {
  name: string;
  scope: string;
  denyAssignmentName: string;
  permissions: RolePermission[];
  principals: { id: string; type: string }[];
  excludePrincipals?: { id: string; type: string }[];
}

export interface Scenario {
  tenants: ScenarioTenant[];
  subscriptions: ScenarioSubscription[];
  userAssignedIdentities?: ScenarioUserAssignedIdentity[];
  directory?: ScenarioDirectoryEntry[];
  clusters: ScenarioCluster[];
  /** object id put in tokens made by `token()`; default: the first directory user */
  callerObjectId?: string;
  /** ARM list page size (lists the SDK pages through `nextLink`) */
  pageSize?: number;
  managementGroups?: ScenarioManagementGroup[];
  /**
   * Microsoft.Authorization role assignments. The caller's own (Owner on every subscription in the default scenario)
   * decide where it may write role assignments: remove them, or give it a lesser role, to see 403 AuthorizationFailed.
   */
  roleAssignments?: ScenarioRoleAssignment[];
  customRoleDefinitions?: ScenarioRoleDefinition[];
  denyAssignments?: ScenarioDenyAssignment[];
  storageAccounts?: ScenarioStorageAccount[];
  eventHubNamespaces?: ScenarioEventHubNamespace[];
  cosmosAccounts?: ScenarioCosmosAccount[];
  cognitiveAccounts?: ScenarioCognitiveAccount[];
  /** IoT hubs: only what Resource Graph returns (no Microsoft.Devices provider) */
  iotHubs?: ScenarioPlacement[];
}

// ---- live model ----

export interface UserAssignedIdentityState extends ScenarioUserAssignedIdentity {
  id: string;
  location: string;
  tenantId: string;
}

export interface PrincipalState {
  name: string;
  role: string;
  principalId: string;
  principalType: 'App' | 'User' | 'Group';
  tenantId: string;
  displayName: string;
  notes: string;
  fqn: string;
}

export interface ExternalTableState extends ScenarioExternalTable {
  folder: string;
  docString: string;
}

export interface ContinuousExportState {
  name: string;
  externalTable: string;
  query: string;
  over: string[];
  properties: Record<string, string>;
  managedIdentity?: string;
  isDisabled: boolean;
  lastRunTime?: string;
  lastRunResult?: string;
  exportedTo?: string;
  failures: ScenarioExportFailure[];
  artifacts: ScenarioArtifact[];
}

export interface DatabaseState {
  name: string;
  kind: 'ReadWrite' | 'ReadOnlyFollowing';
  leaderClusterResourceId?: string;
  attachedDatabaseConfigurationName?: string;
  principals: PrincipalState[];
  managedIdentityPolicy: ScenarioPolicyEntry[] | null;
  streamingIngestion: boolean | null;
  tables: (ScenarioTable & { rows: unknown[][] })[];
  externalTables: ExternalTableState[];
  continuousExports: ContinuousExportState[];
  dataConnections: ScenarioDataConnection[];
  /** always filled by buildState; optional so that a database made by hand needs none */
  functions?: ScenarioFunction[];
}

export interface ClusterState {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  sku: { name: string; tier: 'Basic' | 'Standard'; capacity?: number };
  state: string;
  enableStreamingIngest: boolean;
  trustedExternalTenants: string[];
  /** filled when its Kusto server listens */
  uri: string;
  systemAssigned: { principalId: string; enabledAt: number } | null;
  /** resource id → when it was attached (ms since epoch) */
  userAssigned: Map<string, number>;
  principals: PrincipalState[];
  managedIdentityPolicy: ScenarioPolicyEntry[] | null;
  databases: DatabaseState[];
  /** absent: Disabled */
  restrictOutboundNetworkAccess?: 'Enabled' | 'Disabled';
  allowedFqdnList?: string[];
  managedPrivateEndpoints?: ScenarioManagedPrivateEndpoint[];
}

export interface RoleAssignmentState {
  name: string;
  scope: string;
  /** full id: `/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}` (or `/providers/…` above subscriptions) */
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  condition?: string;
  conditionVersion?: string;
  description?: string;
  createdOn: string;
  updatedOn: string;
  createdBy?: string;
}

/** What lives in ARM besides the clusters: the other end of each identity. */
export interface ArmResourcesState {
  managementGroups: ScenarioManagementGroup[];
  roleAssignments: RoleAssignmentState[];
  customRoleDefinitions: ScenarioRoleDefinition[];
  denyAssignments: ScenarioDenyAssignment[];
  storageAccounts: ScenarioStorageAccount[];
  eventHubNamespaces: ScenarioEventHubNamespace[];
  cosmosAccounts: ScenarioCosmosAccount[];
  cognitiveAccounts: ScenarioCognitiveAccount[];
  iotHubs: ScenarioPlacement[];
}

/** `default`: the sandbox's own reading; `docs`: the variants the docs pages print (see docs/REAL-AZURE.md). */
export type SandboxVariant = 'default' | 'docs';

export interface SandboxState {
  /** which documented answer shapes the Kusto endpoints use; absent = `default` */
  variant?: SandboxVariant;
  tenants: ScenarioTenant[];
  subscriptions: ScenarioSubscription[];
  userAssignedIdentities: UserAssignedIdentityState[];
  directory: ScenarioDirectoryEntry[];
  clusters: ClusterState[];
  callerObjectId: string;
  pageSize: number;
  principalVisibilityDelayMs: number;
  /** when the state was built (ms since epoch): `visibleAfterMs` counts from here */
  startedAt?: number;
  /** role assignments, storage accounts, Event Hubs, Cosmos DB and OpenAI accounts; absent in a state made by hand */
  arm?: ArmResourcesState;
}
