// What the tree shows of each Kusto result: the core's parsed shapes.
export type { ManagedIdentityPolicyEntry as PolicyRow } from '../core/results/policy';
export type { PrincipalRow } from '../core/results/principals';
export type { DatabaseRow } from '../core/results/databases';

export type ExternalAuth = 'impersonate' | 'managedIdentity' | 'key' | 'unknown';
export interface ExternalTableRow { name: string; kind: string; auth: ExternalAuth; identity?: string }
export interface ContinuousExportRow {
  name: string;
  externalTable: string;
  disabled: boolean;
  lastRunTime?: Date;
  lastRunResult?: string;
  exportedTo?: Date;
  running?: boolean;
  managedIdentity?: string;
}
export interface ExportFailureRow { timestamp?: Date; kind: string; details: string }
