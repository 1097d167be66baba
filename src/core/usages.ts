// The usages a managed identity policy may allow. Kept in one place: the docs have grown this list over time.
import type { PolicyScope } from './scope';

export interface UsageInfo {
  readonly name: ManagedIdentityUsage;
  /** One line a person can read in a picker. */
  readonly description: string;
  /** False when only the cluster-level policy may allow it. */
  readonly allowedAtDatabaseScope: boolean;
}

export type ManagedIdentityUsage =
  | 'All'
  | 'AutomatedFlows'
  | 'AzureAI'
  | 'DataConnection'
  | 'ExportRequest'
  | 'ExternalDataRequest'
  | 'ExternalTable'
  | 'NativeIngestion'
  | 'SandboxArtifacts'
  | 'SqlRequest';

export const USAGES: readonly UsageInfo[] = [
  { name: 'All', description: 'Every usage below, now and in the future', allowedAtDatabaseScope: true },
  {
    name: 'AutomatedFlows',
    description: 'Continuous export and update policies run as this identity',
    allowedAtDatabaseScope: true,
  },
  {
    name: 'AzureAI',
    description: 'Calls to Azure OpenAI / AI plugins authenticate as this identity',
    allowedAtDatabaseScope: true,
  },
  {
    name: 'DataConnection',
    description: 'Data connections (e.g. Event Hub) authenticate as this identity',
    allowedAtDatabaseScope: true,
  },
  {
    name: 'ExportRequest',
    description: 'One-off `.export` commands write to storage as this identity',
    allowedAtDatabaseScope: true,
  },
  {
    name: 'ExternalDataRequest',
    description: 'The externaldata operator reads storage as this identity',
    allowedAtDatabaseScope: true,
  },
  {
    name: 'ExternalTable',
    description: 'External tables read storage or SQL as this identity',
    allowedAtDatabaseScope: true,
  },
  {
    name: 'NativeIngestion',
    description: 'Event Hub / IoT Hub native ingestion authenticates as this identity',
    allowedAtDatabaseScope: true,
  },
  {
    name: 'SandboxArtifacts',
    description: 'Python / R sandboxes load artifacts as this identity (cluster policy only)',
    allowedAtDatabaseScope: false,
  },
  {
    name: 'SqlRequest',
    description: 'The sql_request plugin connects to SQL as this identity',
    allowedAtDatabaseScope: true,
  },
];

/** The one scope rule: a database policy may not allow a cluster-only usage (SandboxArtifacts). */
export function usageAllowedAt(usage: UsageInfo, scope: PolicyScope): boolean {
  return scope === 'cluster' || usage.allowedAtDatabaseScope;
}

/** The usages a policy at this scope may allow, in list order. */
export function usagesAllowedAt(scope: PolicyScope): readonly UsageInfo[] {
  return USAGES.filter((u) => usageAllowedAt(u, scope));
}

const byLowerName = new Map(USAGES.map((u) => [u.name.toLowerCase(), u]));

/** The usage with exactly this spelling, or undefined. */
export function findUsage(name: string): UsageInfo | undefined {
  const u = byLowerName.get(name.toLowerCase());
  return u && u.name === name ? u : undefined;
}

/** The usage spelled with other casing, e.g. `automatedflows`, or undefined. */
export function findUsageIgnoringCase(name: string): UsageInfo | undefined {
  return byLowerName.get(name.toLowerCase());
}

export function isManagedIdentityUsage(name: string): name is ManagedIdentityUsage {
  return findUsage(name) !== undefined;
}
