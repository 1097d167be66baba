// Flows 4–6: another service's identity writing to or reading from a database (Stream Analytics, Functions, IoT Operations).
import { buildEnableStreamingIngestionCommand } from '../commands/database';
import type { ColumnInput } from '../commands/externalTables';
import { isGuid } from '../guid';
import { databaseMissing, roleCheck, tableCheck } from './common';
import {
  dataflowEndpointYaml,
  functionsConnectionString,
  functionsCSharpAttribute,
  functionsJsonBinding,
  type DataflowAuth,
  type FunctionsBindingInput,
} from './generators';
import type { ResolvedIdentity } from './identity';
import {
  check,
  findDatabase,
  overallVerdict,
  unread,
  type CheckResult,
  type ClusterFacts,
  type FlowName,
  type FlowReport,
  type GeneratedArtifact,
} from './types';

/** Another service's identity: known by its object id (and client id for bindings); not one of the cluster's identities. */
export interface ServiceIdentity {
  readonly objectId: string;
  readonly clientId?: string;
  readonly name?: string;
}

function asResolved(s: ServiceIdentity): ResolvedIdentity {
  return {
    label: s.name ?? s.objectId,
    system: false,
    objectId: isGuid(s.objectId) ? s.objectId : undefined,
    clientId: s.clientId,
    attachedReason: '',
  };
}

function flowReport(
  flow: FlowName,
  facts: ClusterFacts,
  database: string,
  checks: CheckResult[],
  artifacts?: GeneratedArtifact[],
): FlowReport {
  return {
    flow,
    cluster: facts.name,
    database,
    verdict: overallVerdict(checks),
    checks,
    ...(artifacts?.length ? { artifacts } : {}),
  };
}

export interface StreamAnalyticsRequest {
  readonly database: string;
  readonly identity: ServiceIdentity;
  readonly table: string;
  readonly columns?: readonly ColumnInput[];
  readonly tenant?: string;
}

/** Seed 000: the job's identity needs Database Ingestor and Database Monitor; the output table must exist. */
export function checkStreamAnalytics(facts: ClusterFacts, req: StreamAnalyticsRequest): FlowReport {
  const db = findDatabase(facts, req.database);
  if (!db) return flowReport('stream-analytics', facts, req.database, [databaseMissing(facts, req.database)]);
  const id = asResolved(req.identity);
  return flowReport('stream-analytics', facts, req.database, [
    roleCheck(facts, db, id, 'ingestor', {
      tenant: req.tenant,
      why: 'the Stream Analytics output ingests with Ingestor',
    }),
    roleCheck(facts, db, id, 'monitor', {
      tenant: req.tenant,
      why: 'the Stream Analytics output runs .show commands with Monitor',
    }),
    tableCheck(db, req.table, req.columns),
  ]);
}

export interface FunctionsRequest {
  readonly database: string;
  readonly identity: ServiceIdentity;
  readonly binding: 'input' | 'output' | 'both';
  readonly table?: string;
  /** Columns for the offered `.create table` of an output table. */
  readonly columns?: readonly ColumnInput[];
  readonly kqlCommand?: string;
  readonly connectionSetting?: string;
  readonly tenant?: string;
}

/** Seed 003: Viewer for the input binding, Ingestor for the output binding; bindings name the client id, the connection string no secret. */
export function checkFunctions(facts: ClusterFacts, req: FunctionsRequest): FlowReport {
  const db = findDatabase(facts, req.database);
  if (!db) return flowReport('functions', facts, req.database, [databaseMissing(facts, req.database)]);
  const id = asResolved(req.identity);
  const input = req.binding !== 'output';
  const output = req.binding !== 'input';
  const checks: CheckResult[] = [];
  if (input)
    checks.push(
      roleCheck(facts, db, id, 'viewer', { tenant: req.tenant, why: 'the input binding queries with Viewer' }),
    );
  if (output) {
    checks.push(
      roleCheck(facts, db, id, 'ingestor', { tenant: req.tenant, why: 'the output binding ingests with Ingestor' }),
    );
    if (req.table) checks.push(tableCheck(db, req.table, req.columns));
  }
  const artifacts: GeneratedArtifact[] = [];
  if (!req.identity.clientId) {
    checks.push(
      check(
        'client-id',
        "The identity's client id is known",
        'unknown',
        'the bindings name the identity by its client id, which was not given and could not be looked up',
        { advice: "Pass the user-assigned identity's client id." },
      ),
    );
  } else {
    const base = { database: db.name, clientId: req.identity.clientId, connectionSetting: req.connectionSetting };
    const bindings: FunctionsBindingInput[] = [];
    if (input)
      bindings.push({
        ...base,
        direction: 'input',
        kqlCommand: req.kqlCommand ?? (req.table ? `${req.table} | take 10` : 'print now()'),
      });
    if (output) bindings.push({ ...base, direction: 'output', tableName: req.table ?? '<table>' });
    for (const b of bindings) {
      artifacts.push({
        kind: `csharp-attribute-${b.direction}`,
        title: `C# ${b.direction} binding`,
        language: 'csharp',
        text: functionsCSharpAttribute(b),
      });
    }
    artifacts.push({
      kind: 'function-json',
      title: 'function.json bindings (JavaScript, Python, PowerShell, Java)',
      language: 'json',
      text: `${JSON.stringify({ bindings: bindings.map(functionsJsonBinding) }, null, 2)}\n`,
    });
  }
  artifacts.push({
    kind: 'connection-string',
    title: `App setting ${req.connectionSetting ?? 'KustoConnectionString'} (no secret)`,
    language: 'text',
    text: functionsConnectionString(facts.uri, db.name),
  });
  return flowReport('functions', facts, req.database, checks, artifacts);
}

/** The thermostat table of seed 004, used when no columns are given. */
export const SEED_THERMOSTAT_COLUMNS: readonly ColumnInput[] = [
  { name: 'externalAssetId', type: 'string' },
  { name: 'assetName', type: 'string' },
  { name: 'CurrentTemperature', type: 'real' },
  { name: 'Pressure', type: 'real' },
  { name: 'MqttTopic', type: 'string' },
  { name: 'Timestamp', type: 'datetime' },
];

export interface IotOperationsRequest {
  readonly database: string;
  readonly table: string;
  readonly columns?: readonly ColumnInput[];
  /** The IoT Operations extension's identity (or the user-assigned one the endpoint uses). */
  readonly identity: ServiceIdentity;
  readonly auth: DataflowAuth;
  readonly endpointName?: string;
  readonly latencySeconds?: number;
  readonly maxMessages?: number;
  readonly apiVersion?: string;
  readonly tenant?: string;
}

/** Seed 004: streaming ingestion on (database or cluster), the table exists, the extension's identity is Ingestor. */
export function checkIotOperations(facts: ClusterFacts, req: IotOperationsRequest): FlowReport {
  const db = findDatabase(facts, req.database);
  if (!db) return flowReport('iot-operations', facts, req.database, [databaseMissing(facts, req.database)]);
  const checks = [
    streamingCheck(facts, db.name, db.streamingIngestion, db.errors),
    tableCheck(db, req.table, req.columns ?? SEED_THERMOSTAT_COLUMNS),
    roleCheck(facts, db, asResolved(req.identity), 'ingestor', {
      tenant: req.tenant,
      why: 'the dataflow endpoint ingests with Ingestor',
    }),
  ];
  const yaml = dataflowEndpointYaml({
    clusterUri: facts.uri,
    database: db.name,
    auth: req.auth,
    name: req.endpointName,
    latencySeconds: req.latencySeconds,
    maxMessages: req.maxMessages,
    apiVersion: req.apiVersion,
  });
  return flowReport('iot-operations', facts, req.database, checks, [
    { kind: 'dataflow-endpoint-yaml', title: 'DataflowEndpoint resource', language: 'yaml', text: yaml },
  ]);
}

function streamingCheck(
  facts: ClusterFacts,
  database: string,
  dbOn: boolean | undefined,
  errors: Readonly<Record<string, string>>,
): CheckResult {
  const title = `Streaming ingestion is on for ${database} or the cluster`;
  const fixes = [buildEnableStreamingIngestionCommand(database)];
  const clusterAdvice =
    'Or turn it on for the whole cluster: portal → cluster → Configurations → Streaming ingestion (ARM properties.enableStreamingIngest).';
  if (dbOn === true)
    return check('streaming-ingestion', title, 'passed', `the streaming ingestion policy of ${database} is enabled`);
  if (facts.streamingIngestEnabled === true)
    return check('streaming-ingestion', title, 'passed', 'ARM shows streaming ingestion enabled on the cluster');
  if (dbOn === undefined)
    return check(
      'streaming-ingestion',
      title,
      'unknown',
      unread(`the streaming ingestion policy of ${database}`, errors, 'streamingIngestion'),
      { fixes },
    );
  if (facts.streamingIngestEnabled === undefined) {
    return check(
      'streaming-ingestion',
      title,
      'unknown',
      `the policy of ${database} is off, and only a Kusto URL is known, so the cluster setting cannot be seen`,
      { fixes, advice: clusterAdvice },
    );
  }
  return check(
    'streaming-ingestion',
    title,
    'failed',
    `the policy of ${database} is off and ARM shows it off for the cluster`,
    { fixes, advice: clusterAdvice },
  );
}
