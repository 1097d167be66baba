// One entry point for every flow: what it needs read, and its checks over the gathered facts.
import { checkContinuousExport, type ContinuousExportRequest } from './continuousExport';
import {
  checkExternalTables,
  checkNativeIngestion,
  type ExternalTableRequest,
  type NativeIngestionRequest,
} from './externalTables';
import {
  checkFunctions,
  checkIotOperations,
  checkStreamAnalytics,
  type FunctionsRequest,
  type IotOperationsRequest,
  type StreamAnalyticsRequest,
} from './otherServices';
import { databasesReadBy } from './continuousExport';
import { checkUpdatePolicy, queryReads, type UpdatePolicyRequest } from './updatePolicy';
import type { ClusterFacts, FlowReport } from './types';

export type FlowRequest =
  | ({ readonly flow: 'continuous-export' } & Omit<ContinuousExportRequest, 'now'>)
  | ({ readonly flow: 'external-table' } & ExternalTableRequest)
  | ({ readonly flow: 'native-ingestion' } & NativeIngestionRequest)
  | ({ readonly flow: 'stream-analytics' } & StreamAnalyticsRequest)
  | ({ readonly flow: 'functions' } & FunctionsRequest)
  | ({ readonly flow: 'iot-operations' } & IotOperationsRequest)
  | ({ readonly flow: 'update-policy' } & UpdatePolicyRequest);

/** What to read for a flow; the gatherer always reads the cluster policy and principals. */
export interface FactNeeds {
  readonly databases: readonly string[];
  readonly externalTables: boolean;
  /** Also the columns of each external table that a snapshot can recreate (one more command per table). */
  readonly externalTableColumns?: boolean;
  readonly exports: boolean;
  /** The tables' update policies (what runs as an identity besides exports). */
  readonly updatePolicies?: boolean;
  /** The stored functions' bodies (what an update policy's query calls). */
  readonly functions?: boolean;
  /** Export names whose failures to read. */
  readonly exportFailures: readonly string[];
  readonly tables: boolean;
  readonly streamingIngestion: boolean;
  readonly dataConnections: boolean;
}

const NONE: Omit<FactNeeds, 'databases'> = {
  externalTables: false,
  exports: false,
  exportFailures: [],
  tables: false,
  streamingIngestion: false,
  dataConnections: false,
};

export function needsOf(request: FlowRequest): FactNeeds {
  const databases = [request.database];
  switch (request.flow) {
    case 'continuous-export':
      return { ...NONE, databases, externalTables: true, exports: true, exportFailures: [request.exportName] };
    case 'external-table':
      return { ...NONE, databases, externalTables: true, externalTableColumns: true };
    case 'native-ingestion':
      return { ...NONE, databases, dataConnections: true };
    case 'stream-analytics':
    case 'functions':
      return { ...NONE, databases, tables: true };
    case 'iot-operations':
      return { ...NONE, databases, tables: true, streamingIngestion: true };
    case 'update-policy':
      return { ...NONE, databases, tables: true, updatePolicies: true, functions: true };
  }
}

/** Databases an export's query reads (read only after the export itself is known). */
export function moreDatabasesFor(request: FlowRequest, facts: ClusterFacts): string[] {
  const known = (n: string): boolean => facts.databases.some((d) => d.name.toLowerCase() === n.toLowerCase());
  if (request.flow === 'update-policy') {
    const db = facts.databases.find((d) => d.name.toLowerCase() === request.database.toLowerCase());
    const entries = (db?.updatePolicies ?? []).filter((u) => u.table.toLowerCase() === request.table.toLowerCase());
    const names = entries.flatMap((u) => queryReads(u.query, request.database, db?.functions).databases);
    return names.filter((n, i) => !known(n) && names.findIndex((x) => x.toLowerCase() === n.toLowerCase()) === i);
  }
  if (request.flow !== 'continuous-export') return [];
  const db = facts.databases.find((d) => d.name.toLowerCase() === request.database.toLowerCase());
  const e = db?.exports?.find((x) => x.name.toLowerCase() === request.exportName.toLowerCase());
  if (!e) return [];
  return databasesReadBy(e.query, request.database).filter(
    (n) => !facts.databases.some((d) => d.name.toLowerCase() === n.toLowerCase()),
  );
}

export function runChecks(facts: ClusterFacts, request: FlowRequest, now: Date = new Date()): FlowReport {
  switch (request.flow) {
    case 'continuous-export':
      return checkContinuousExport(facts, { ...request, now });
    case 'external-table':
      return checkExternalTables(facts, request);
    case 'native-ingestion':
      return checkNativeIngestion(facts, request);
    case 'stream-analytics':
      return checkStreamAnalytics(facts, request);
    case 'functions':
      return checkFunctions(facts, request);
    case 'iot-operations':
      return checkIotOperations(facts, request);
    case 'update-policy':
      return checkUpdatePolicy(facts, request);
  }
}
