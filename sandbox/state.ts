// Builds the live in-memory model from a scenario, and the lookups both servers share.
import { randomUUID } from 'node:crypto';
import { buildArmResources } from './armState';
import type {
  ClusterState,
  DatabaseState,
  PrincipalState,
  SandboxState,
  Scenario,
  ScenarioDatabase,
  ScenarioPrincipal,
  UserAssignedIdentityState,
} from './types';

export interface ScaleOptions {
  subscriptions: number;
  clustersPerSubscription: number;
  databasesPerCluster: number;
  /**
   * What each generated database holds: `empty` (default) nothing at all; `mixed` the deterministic mix of
   * SCALE_MIX (tables, external tables, exports, update policies, principals, policies, data connections).
   */
  contents?: 'empty' | 'mixed';
}

/**
 * The `mixed` contents, by database index d: every tenth database (d % 10 = 9) has no table; a third (d % 3 = 0) has
 * an external table written through the system identity, and every sixth (d % 6 = 0) a continuous export to it as the
 * system identity (which is Viewer there); every fifth (d % 5 = 1) an update policy running as the system identity;
 * every fourth (d % 4 = 2) an Event Hub data connection through the cluster's user-assigned identity, which that
 * database's policy allows and which is Ingestor there. Every database has an admin user; the cluster policy allows the
 * system identity AutomatedFlows and ExternalTable.
 */
export const SCALE_MIX =
  'all databases: an admin user; d%10=9: no table; d%3=0: an external table (managed_identity=system); ' +
  'd%6=0: a continuous export as system; d%5=1: an update policy as system; ' +
  'd%4=2: an Event Hub data connection through a user-assigned identity';

export function clusterResourceId(c: Pick<ClusterState, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/Microsoft.Kusto/clusters/${c.name}`;
}

export function identityResourceId(i: { subscriptionId: string; resourceGroup: string; name: string }): string {
  return `/subscriptions/${i.subscriptionId}/resourceGroups/${i.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${i.name}`;
}

/** Catches the scenario mistakes that would otherwise surface as puzzling 404s later. */
export function validateScenario(s: Scenario): void {
  const problems: string[] = [];
  for (const key of ['tenants', 'subscriptions', 'clusters'] as const)
    if (!Array.isArray(s[key])) problems.push(`"${key}" must be an array`);
  if (problems.length) throw new Error(`invalid sandbox scenario: ${problems.join('; ')}`);
  const subs = new Set(s.subscriptions.map((x) => x.subscriptionId.toLowerCase()));
  const uais = new Set((s.userAssignedIdentities ?? []).map((i) => identityResourceId(i).toLowerCase()));
  const names = new Set<string>();
  for (const c of s.clusters) {
    if (names.has(c.name.toLowerCase())) problems.push(`cluster "${c.name}" appears twice`);
    names.add(c.name.toLowerCase());
    if (!subs.has(String(c.subscriptionId).toLowerCase()))
      problems.push(`cluster "${c.name}": unknown subscription "${c.subscriptionId}"`);
    for (const id of c.userAssignedIdentities ?? [])
      if (!uais.has(id.toLowerCase()))
        problems.push(`cluster "${c.name}": no userAssignedIdentities entry for "${id}"`);
  }
  if (problems.length) throw new Error(`invalid sandbox scenario: ${problems.join('; ')}`);
}

export function buildState(scenario: Scenario, principalVisibilityDelayMs: number, scale?: ScaleOptions): SandboxState {
  validateScenario(scenario);
  const s = scale ? withScale(scenario, scale) : scenario;
  const tenantOf = (sub: string) =>
    s.subscriptions.find((x) => x.subscriptionId === sub)?.tenantId ?? s.tenants[0]?.tenantId ?? '';
  const identities: UserAssignedIdentityState[] = (s.userAssignedIdentities ?? []).map((i) => ({
    ...i,
    id: identityResourceId(i),
    location: i.location ?? 'westeurope',
    tenantId: i.tenantId ?? tenantOf(i.subscriptionId),
  }));
  const directory = s.directory ?? [];
  const state: SandboxState = {
    tenants: s.tenants,
    subscriptions: s.subscriptions,
    userAssignedIdentities: identities,
    directory,
    clusters: [],
    callerObjectId:
      s.callerObjectId ?? directory.find((d) => d.type === 'User')?.objectId ?? '00000000-0000-0000-0000-0000000000aa',
    pageSize: s.pageSize ?? 50,
    principalVisibilityDelayMs,
    startedAt: Date.now(),
    arm: buildArmResources(s),
  };
  const longAgo = 0; // seeded identities have been visible for ages
  for (const c of s.clusters) {
    const tenantId = tenantOf(c.subscriptionId);
    const cluster: ClusterState = {
      name: c.name,
      subscriptionId: c.subscriptionId,
      resourceGroup: c.resourceGroup,
      location: c.location ?? 'westeurope',
      sku: c.sku ?? { name: 'Dev(No SLA)_Standard_E2a_v4', tier: 'Basic', capacity: 1 },
      state: c.state ?? 'Running',
      enableStreamingIngest: c.enableStreamingIngest ?? false,
      trustedExternalTenants: c.trustedExternalTenants ?? [],
      uri: '',
      systemAssigned: c.systemAssignedPrincipalId
        ? { principalId: c.systemAssignedPrincipalId, enabledAt: longAgo }
        : null,
      userAssigned: new Map((c.userAssignedIdentities ?? []).map((id) => [id.toLowerCase(), longAgo])),
      principals: [],
      managedIdentityPolicy: c.managedIdentityPolicy ?? null,
      databases: [],
      restrictOutboundNetworkAccess: c.restrictOutboundNetworkAccess,
      allowedFqdnList: c.allowedFqdnList ? [...c.allowedFqdnList] : undefined,
      managedPrivateEndpoints: (c.managedPrivateEndpoints ?? []).map((m) => ({ ...m })),
    };
    cluster.principals = (c.principals ?? []).map((p) => toPrincipal(state, cluster, p, tenantId));
    cluster.databases = (c.databases ?? []).map((d): DatabaseState => ({
      name: d.name,
      kind: d.kind ?? 'ReadWrite',
      leaderClusterResourceId: d.leaderClusterResourceId,
      attachedDatabaseConfigurationName: d.attachedDatabaseConfigurationName,
      principals: (d.principals ?? []).map((p) => toPrincipal(state, cluster, p, tenantId)),
      managedIdentityPolicy: d.managedIdentityPolicy ?? null,
      streamingIngestion: d.streamingIngestion ?? null,
      tables: (d.tables ?? []).map((t) => ({
        ...t,
        rows: t.rows ?? [],
        ...(t.updatePolicy ? { updatePolicy: structuredClone(t.updatePolicy) } : {}),
      })),
      externalTables: (d.externalTables ?? []).map((e) => ({
        ...e,
        folder: e.folder ?? '',
        docString: e.docString ?? '',
      })),
      continuousExports: (d.continuousExports ?? []).map((e) => ({
        name: e.name,
        externalTable: e.externalTable,
        query: e.query,
        over: e.over ?? [],
        properties: e.properties ?? {},
        managedIdentity: e.properties?.managedIdentity?.replace(/^"|"$/g, ''),
        isDisabled: e.isDisabled ?? false,
        lastRunTime: e.lastRunTime,
        lastRunResult: e.lastRunResult,
        exportedTo: e.exportedTo,
        failures: e.failures ?? [],
        artifacts: e.artifacts ?? [],
      })),
      dataConnections: d.dataConnections ?? [],
      functions: (d.functions ?? []).map((f) => ({ ...f })),
    }));
    state.clusters.push(cluster);
  }
  return state;
}

/** Turns a scenario principal into a row: resolves names from the directory and the identities. */
export function toPrincipal(
  state: SandboxState,
  cluster: ClusterState,
  p: ScenarioPrincipal<string>,
  defaultTenant: string,
): PrincipalState {
  const tenantId = p.tenantId ?? defaultTenant;
  const known = describePrincipal(state, cluster, p.principalId);
  const type = p.principalType ?? known?.type ?? 'App';
  const objectId = known?.objectId ?? p.principalId;
  const prefix = type === 'User' ? 'aaduser' : type === 'Group' ? 'aadgroup' : 'aadapp';
  return {
    name: p.name ?? randomUUID(),
    role: p.role,
    principalId: objectId,
    principalType: type,
    tenantId,
    displayName: p.displayName ?? known?.displayName ?? objectId,
    notes: p.notes ?? '',
    fqn: `${prefix}=${objectId};${tenantId}`,
  };
}

export interface KnownPrincipal {
  objectId: string;
  displayName: string;
  type: 'App' | 'User' | 'Group';
  visibleAt: number;
}

/** What the directory knows about an id: a cluster's system identity, a user-assigned identity, or a directory entry. */
export function describePrincipal(state: SandboxState, cluster: ClusterState, id: string): KnownPrincipal | undefined {
  const key = id.toLowerCase();
  if (key === 'system') {
    return cluster.systemAssigned
      ? {
          objectId: cluster.systemAssigned.principalId,
          displayName: cluster.name,
          type: 'App',
          visibleAt: cluster.systemAssigned.enabledAt,
        }
      : undefined;
  }
  for (const c of state.clusters) {
    if (c.systemAssigned?.principalId.toLowerCase() === key)
      return {
        objectId: c.systemAssigned.principalId,
        displayName: c.name,
        type: 'App',
        visibleAt: c.systemAssigned.enabledAt,
      };
  }
  const uai = state.userAssignedIdentities.find(
    (i) => i.principalId.toLowerCase() === key || i.clientId.toLowerCase() === key,
  );
  if (uai) {
    const attachedAt = Math.max(0, ...state.clusters.map((c) => c.userAssigned.get(uai.id.toLowerCase()) ?? 0));
    return {
      objectId: uai.principalId,
      displayName: uai.name,
      type: 'App',
      visibleAt: Math.max(attachedAt, bornAt(state, uai)),
    };
  }
  const d = state.directory.find((e) => [e.objectId, e.appId, e.upn].some((v) => v?.toLowerCase() === key));
  return d
    ? { objectId: d.objectId, displayName: d.displayName, type: d.type, visibleAt: bornAt(state, d) }
    : undefined;
}

/** When an entry with `visibleAfterMs` reaches the directory (0: it always was there). */
function bornAt(state: SandboxState, e: { visibleAfterMs?: number }): number {
  return e.visibleAfterMs ? (state.startedAt ?? 0) + e.visibleAfterMs : 0;
}

export function findCluster(state: SandboxState, name: string): ClusterState | undefined {
  return state.clusters.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

export function findDatabase(cluster: ClusterState, name: string): DatabaseState | undefined {
  return cluster.databases.find((d) => d.name.toLowerCase() === name.toLowerCase());
}

export function findIdentity(state: SandboxState, resourceId: string): UserAssignedIdentityState | undefined {
  return state.userAssignedIdentities.find((i) => i.id.toLowerCase() === resourceId.toLowerCase());
}

/** Adds generated subscriptions × clusters × databases (named scale-sNNN-cNNN) for benchmarks. */
function withScale(base: Scenario, k: ScaleOptions): Scenario {
  const tenantId = base.tenants[0]?.tenantId ?? '72f988bf-0000-0000-0000-000000000001';
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const out: Scenario = {
    ...base,
    tenants: base.tenants.length ? base.tenants : [{ tenantId, displayName: 'Scale' }],
    subscriptions: [...base.subscriptions],
    userAssignedIdentities: [...(base.userAssignedIdentities ?? [])],
    clusters: [...base.clusters],
  };
  for (let s = 0; s < k.subscriptions; s++) {
    const subscriptionId = `5ca1e000-0000-4000-8000-${hex(s, 12)}`;
    out.subscriptions.push({ subscriptionId, displayName: `Scale subscription ${s}`, tenantId });
    for (let c = 0; c < k.clustersPerSubscription; c++) {
      const name = `scale-s${hex(s, 3)}-c${hex(c, 3)}`;
      const resourceGroup = `rg-scale-${s}`;
      const systemAssignedPrincipalId = `5ca1e000-0000-4000-9000-${hex(s * 4096 + c, 12)}`;
      if (k.contents !== 'mixed') {
        out.clusters.push({
          name,
          subscriptionId,
          resourceGroup,
          systemAssignedPrincipalId,
          databases: Array.from({ length: k.databasesPerCluster }, (_, d) => ({ name: `db${d}` })),
        });
        continue;
      }
      const ingest = {
        subscriptionId,
        resourceGroup,
        name: `id-${name}-ingest`,
        principalId: `5ca1e000-0000-4000-a000-${hex(s * 4096 + c, 12)}`,
        clientId: `5ca1e000-0000-4000-b000-${hex(s * 4096 + c, 12)}`,
      };
      out.userAssignedIdentities!.push(ingest);
      out.clusters.push({
        name,
        subscriptionId,
        resourceGroup,
        systemAssignedPrincipalId,
        userAssignedIdentities: [identityResourceId(ingest)],
        managedIdentityPolicy: [{ ObjectId: 'system', AllowedUsages: 'AutomatedFlows, ExternalTable' }],
        databases: Array.from({ length: k.databasesPerCluster }, (_, d) => mixedDatabase(d, s, ingest)),
      });
    }
  }
  return out;
}

const EVENTS = [
  { name: 'Timestamp', type: 'datetime' },
  { name: 'Name', type: 'string' },
  { name: 'Value', type: 'long' },
];

/** Database d of a `mixed` scale cluster (see SCALE_MIX). */
function mixedDatabase(
  d: number,
  s: number,
  ingest: { subscriptionId: string; resourceGroup: string; name: string; principalId: string },
): ScenarioDatabase {
  const tables = d % 10 !== 9;
  const lake = d % 3 === 0;
  const exported = tables && lake && d % 6 === 0;
  const enriched = tables && d % 5 === 1;
  const connected = d % 4 === 2;
  const principals: ScenarioDatabase['principals'] = [
    { role: 'Admin', principalId: 'ad000000-0000-4000-8000-00000000ad00', principalType: 'User' },
  ];
  if (exported) principals.push({ role: 'Viewer', principalId: 'system', notes: 'continuous export' });
  if (connected) principals.push({ role: 'Ingestor', principalId: ingest.principalId, notes: 'Event Hub' });
  return {
    name: `db${d}`,
    principals,
    ...(connected
      ? { managedIdentityPolicy: [{ ObjectId: ingest.principalId, AllowedUsages: 'NativeIngestion, DataConnection' }] }
      : {}),
    tables: tables
      ? [
          { name: 'Events', columns: EVENTS },
          ...(enriched
            ? [
                {
                  name: 'Enriched',
                  columns: EVENTS,
                  updatePolicy: [
                    {
                      IsEnabled: true,
                      Source: 'Events',
                      Query: 'Events',
                      IsTransactional: false,
                      PropagateIngestionProperties: false,
                      ManagedIdentity: 'system',
                    },
                  ],
                },
              ]
            : []),
        ]
      : [],
    externalTables: lake
      ? [
          {
            name: 'Lake',
            kind: 'storage',
            dataFormat: 'csv',
            columns: EVENTS,
            connectionStrings: [`https://scalelake${s}.blob.core.windows.net/db${d};managed_identity=system`],
          },
        ]
      : [],
    continuousExports: exported
      ? [
          {
            name: 'EventsToLake',
            externalTable: 'Lake',
            query: 'Events',
            over: ['Events'],
            properties: { managedIdentity: '"system"', intervalBetweenRuns: '1h' },
          },
        ]
      : [],
    dataConnections: connected
      ? [
          {
            name: 'events-eh',
            kind: 'EventHub',
            properties: {
              eventHubResourceId: `/subscriptions/${ingest.subscriptionId}/resourceGroups/${ingest.resourceGroup}/providers/Microsoft.EventHub/namespaces/ehns-scale/eventhubs/db${d}`,
              consumerGroup: 'adx',
              tableName: 'Events',
              dataFormat: 'JSON',
              managedIdentityResourceId: identityResourceId(ingest),
              managedIdentityObjectId: ingest.principalId,
            },
          },
        ]
      : [],
  };
}
