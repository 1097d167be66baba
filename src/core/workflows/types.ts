// Readiness checks as data: the facts gathered from ARM and Kusto, and the verdict of each prerequisite.
import type { ArmFixOffer, OtherEndFacts } from '../access/judge';
import type { ManagementCommand } from '../commands/command';
import type { ContinuousExportRow, ExportFailureRow } from '../results/continuousExports';
import type { ExternalTableRow } from '../results/externalTables';
import type { UpdatePolicyRow } from '../results/updatePolicies';
import type { FunctionRow } from '../results/functions';
import type { ManagedIdentityPolicyEntry } from '../results/policy';
import type { PrincipalRow } from '../results/principals';

export type Verdict = 'passed' | 'failed' | 'unknown';

export const FLOWS = [
  'continuous-export',
  'external-table',
  'native-ingestion',
  'stream-analytics',
  'functions',
  'iot-operations',
  'update-policy',
] as const;
export type FlowName = (typeof FLOWS)[number];

/** One prerequisite: its verdict, why, and the exact commands that fix it when it failed. */
export interface CheckResult {
  /** Stable id, e.g. `policy-allows`; the same id may repeat per database or per table, with `subject` telling them apart. */
  readonly id: string;
  readonly title: string;
  readonly verdict: Verdict;
  readonly reason: string;
  /** What this check is about: a database, an external table, a data connection. */
  readonly subject?: string;
  /** Commands built by the core builders; run in order. Empty when the fix is outside Kusto. */
  readonly fixes: readonly ManagementCommand[];
  /** What to do or check outside Kusto (ARM, storage RBAC, another service), when there is something. */
  readonly advice?: string;
  /** Changes outside Kusto (a role assignment, a firewall rule), each also as `az` and Bicep text. */
  readonly armFixes?: readonly ArmFixOffer[];
}

export interface FlowReport {
  readonly flow: FlowName;
  readonly cluster: string;
  readonly database?: string;
  /** failed if any check failed, else unknown if any is unknown, else passed. */
  readonly verdict: Verdict;
  readonly checks: readonly CheckResult[];
  /** Configuration for the other service (binding, YAML, connection string), when the flow makes one. */
  readonly artifacts?: readonly GeneratedArtifact[];
}

export interface GeneratedArtifact {
  /** e.g. `csharp-attribute`, `function-json`, `connection-string`, `dataflow-endpoint-yaml`. */
  readonly kind: string;
  readonly title: string;
  readonly language: 'csharp' | 'json' | 'yaml' | 'text';
  readonly text: string;
}

export interface UserAssignedFacts {
  readonly resourceId: string;
  readonly name: string;
  readonly principalId: string;
  readonly clientId: string;
}

/** The identities ARM shows on the cluster; absent when only a Kusto URL is known. */
export interface ClusterIdentityFacts {
  readonly system?: { readonly principalId: string };
  readonly userAssigned: readonly UserAssignedFacts[];
}

export interface DataConnectionFacts {
  readonly name: string;
  readonly kind: string;
  /** The Event Hub, IoT Hub or Cosmos DB account (with database/container) the connection reads. */
  readonly sourceResourceId?: string;
  readonly cosmosDatabase?: string;
  readonly cosmosContainer?: string;
  /** The cluster's resource id for its system identity, a user-assigned identity's resource id, or absent (keys). */
  readonly identityResourceId?: string;
}

/** What was read of one database; a field is undefined when it was not read (see `errors`). */
export interface DatabaseFacts {
  readonly name: string;
  readonly readOnly?: boolean;
  readonly policy?: readonly ManagedIdentityPolicyEntry[];
  readonly principals?: readonly PrincipalRow[];
  readonly tables?: readonly string[];
  /** The database streaming ingestion policy: true/false, or false when none is set. */
  readonly streamingIngestion?: boolean;
  readonly externalTables?: readonly ExternalTableRow[];
  /** Columns of external tables (by name), read only for snapshots: `.show external tables` does not list them. */
  readonly externalTableColumns?: Readonly<Record<string, readonly { readonly name: string; readonly type: string }[]>>;
  readonly exports?: readonly ContinuousExportRow[];
  /** Update policies of the database's tables (one row per policy entry). */
  readonly updatePolicies?: readonly UpdatePolicyRow[];
  /** Stored functions with their bodies (an update policy's query may call them). */
  readonly functions?: readonly FunctionRow[];
  readonly exportFailures?: Readonly<Record<string, readonly ExportFailureRow[]>>;
  readonly dataConnections?: readonly DataConnectionFacts[];
  /** Why a field is missing: key = field name, value = the error message. */
  readonly errors: Readonly<Record<string, string>>;
}

/** `targets`/`network`: what ARM shows at the other end of the identity (storage, Event Hubs, Cosmos DB). */
export interface ClusterFacts extends OtherEndFacts {
  readonly name: string;
  readonly uri: string;
  /** True when the facts include ARM (identities, data connections, cluster settings). */
  readonly arm: boolean;
  readonly resourceId?: string;
  readonly tenantId?: string;
  readonly identities?: ClusterIdentityFacts;
  /** ARM `enableStreamingIngest`. */
  readonly streamingIngestEnabled?: boolean;
  readonly clusterPolicy?: readonly ManagedIdentityPolicyEntry[];
  readonly clusterPrincipals?: readonly PrincipalRow[];
  readonly databases: readonly DatabaseFacts[];
  readonly errors: Readonly<Record<string, string>>;
}

export function check(
  id: string,
  title: string,
  verdict: Verdict,
  reason: string,
  extra: {
    subject?: string;
    fixes?: readonly ManagementCommand[];
    armFixes?: readonly ArmFixOffer[];
    advice?: string;
  } = {},
): CheckResult {
  return {
    id,
    title,
    verdict,
    reason,
    ...(extra.subject !== undefined ? { subject: extra.subject } : {}),
    fixes: extra.fixes ?? [],
    ...(extra.armFixes?.length ? { armFixes: extra.armFixes } : {}),
    ...(extra.advice !== undefined ? { advice: extra.advice } : {}),
  };
}

export function overallVerdict(checks: readonly CheckResult[]): Verdict {
  if (checks.some((c) => c.verdict === 'failed')) return 'failed';
  return checks.some((c) => c.verdict === 'unknown') ? 'unknown' : 'passed';
}

export function findDatabase(facts: ClusterFacts, name: string): DatabaseFacts | undefined {
  return facts.databases.find((d) => d.name.toLowerCase() === name.toLowerCase());
}

/** The reason a fact is missing, for an `unknown` verdict. */
export function unread(what: string, errors: Readonly<Record<string, string>>, key: string): string {
  return errors[key] ? `could not read ${what}: ${errors[key]}` : `${what} was not read`;
}
