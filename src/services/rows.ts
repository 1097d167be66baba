// What the tree shows of each Kusto result: the core's parsed shapes.
export type { ManagedIdentityPolicyEntry as PolicyRow } from '../core/results/policy';
export type { PrincipalRow } from '../core/results/principals';
export type { DatabaseRow } from '../core/results/databases';
export type { ContinuousExportRow, ExportFailureRow } from '../core/results/continuousExports';
export type { ExternalTableRow, ExternalTableAuth, ExternalTableSchemaRow } from '../core/results/externalTables';
export type { UpdatePolicyRow } from '../core/results/updatePolicies';
export type { FunctionRow } from '../core/results/functions';
