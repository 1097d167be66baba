// Hand-built facts for the pure checks: one healthy cluster (ARM-known), changed per test with small overrides.
import { describeConnection } from '../../../src/core/results/externalTables';
import type { ContinuousExportRow, ExportFailureRow } from '../../../src/core/results/continuousExports';
import type { PrincipalRow } from '../../../src/core/results/principals';
import type { ClusterFacts, DatabaseFacts } from '../../../src/core/workflows/types';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const SYSTEM = '5e000003-0000-4000-8000-000000000003';
export const EXPORT_ID = '0e000001-0000-4000-8000-000000000001';
export const EXPORT_CLIENT = '0c000001-0000-4000-8000-000000000001';
export const INGEST_ID = '0e000002-0000-4000-8000-000000000002';
export const ASA_ID = 'a5a00000-0000-4000-8000-0000000000c1';
export const CLUSTER_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kusto/clusters/adxfull';
export const EXPORT_RESOURCE =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-adx-export';
export const INGEST_RESOURCE =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-adx-ingest';

export function principal(db: string, role: string, objectId: string, name = objectId): PrincipalRow {
  return {
    role: `Database ${db} ${role}`,
    principalType: 'AAD Application',
    displayName: name,
    objectId,
    fqn: `aadapp=${objectId};${TENANT}`,
    notes: '',
  };
}

export function exportRow(over: Partial<ContinuousExportRow> = {}): ContinuousExportRow {
  return {
    name: 'EventsToLake',
    externalTableName: 'ExportedEvents',
    query: 'Events',
    intervalBetweenRuns: '01:00:00',
    cursorScopedTables: ["['Analytics'].['Events']"],
    exportProperties: { managedIdentity: 'system' },
    managedIdentity: 'system',
    isDisabled: false,
    lastRunResult: 'Completed',
    lastRunTime: new Date('2026-11-27T22:00:00Z'),
    ...over,
  };
}

export function failure(
  timestamp: string,
  details = 'not authorized',
  lastSuccess = '2026-11-20T08:00:00Z',
): ExportFailureRow {
  return {
    timestamp: new Date(timestamp),
    name: 'EventsToLake',
    failureKind: 'Failure',
    details,
    lastSuccessRun: new Date(lastSuccess),
  };
}

export function analytics(over: Partial<DatabaseFacts> = {}): DatabaseFacts {
  return {
    name: 'Analytics',
    errors: {},
    policy: [
      {
        objectId: INGEST_ID,
        usages: ['NativeIngestion'],
        clientId: '0c000002-0000-4000-8000-000000000002',
        tenantId: TENANT,
      },
    ],
    principals: [
      principal('Analytics', 'Viewer', SYSTEM),
      principal('Analytics', 'Viewer', EXPORT_ID),
      principal('Analytics', 'Ingestor', INGEST_ID),
      principal('Analytics', 'Ingestor', ASA_ID),
      principal('Analytics', 'Monitor', ASA_ID),
    ],
    tables: ['Events', 'thermostat'],
    streamingIngestion: true,
    externalTables: [
      {
        name: 'ExportedEvents',
        tableType: 'Blob',
        connections: [describeConnection('https://acct.blob.core.windows.net/events;impersonate')],
      },
      {
        name: 'Lake',
        tableType: 'Blob',
        connections: [describeConnection('https://acct.blob.core.windows.net/lake;managed_identity=system')],
      },
    ],
    exports: [exportRow()],
    exportFailures: { EventsToLake: [] },
    dataConnections: [{ name: 'events-eh', kind: 'EventHub', identityResourceId: INGEST_RESOURCE }],
    ...over,
  };
}

export function archive(over: Partial<DatabaseFacts> = {}): DatabaseFacts {
  return {
    name: 'Archive',
    errors: {},
    policy: [],
    principals: [principal('Archive', 'Viewer', EXPORT_ID)],
    tables: ['Logs'],
    ...over,
  };
}

export function cluster(over: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    name: 'adxfull',
    uri: 'https://adxfull.westeurope.kusto.windows.net',
    arm: true,
    resourceId: CLUSTER_ID,
    tenantId: TENANT,
    identities: {
      system: { principalId: SYSTEM },
      userAssigned: [
        { resourceId: EXPORT_RESOURCE, name: 'id-adx-export', principalId: EXPORT_ID, clientId: EXPORT_CLIENT },
        {
          resourceId: INGEST_RESOURCE,
          name: 'id-adx-ingest',
          principalId: INGEST_ID,
          clientId: '0c000002-0000-4000-8000-000000000002',
        },
      ],
    },
    streamingIngestEnabled: false,
    clusterPolicy: [
      {
        objectId: SYSTEM,
        isSystem: true,
        usages: ['AutomatedFlows', 'ExternalTable'],
        clientId: 'c1a00000-0000-4000-8000-000000000003',
        tenantId: TENANT,
      },
      {
        objectId: EXPORT_ID,
        usages: ['AutomatedFlows'],
        clientId: EXPORT_CLIENT,
        tenantId: TENANT,
        displayName: 'id-adx-export',
      },
    ],
    clusterPrincipals: [],
    databases: [analytics(), archive()],
    errors: {},
    ...over,
  };
}

/** The same cluster seen through a Kusto URL only: no ARM facts. */
export function direct(over: Partial<ClusterFacts> = {}): ClusterFacts {
  const { identities: _i, resourceId: _r, tenantId: _t, streamingIngestEnabled: _s, ...rest } = cluster();
  return { ...rest, arm: false, databases: [analytics({ dataConnections: undefined }), archive()], ...over };
}

export function byId<T extends { id: string; subject?: string }>(
  checks: readonly T[],
  id: string,
  subject?: string,
): T {
  const found = checks.find((c) => c.id === id && (subject === undefined || c.subject === subject));
  if (!found)
    throw new Error(
      `no check ${id}${subject ? ` (${subject})` : ''} in ${checks.map((c) => `${c.id}${c.subject ? `(${c.subject})` : ''}`).join(', ')}`,
    );
  return found;
}
