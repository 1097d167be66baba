// Adapts the core's result parsers to the rows the tree shows.
import { parseDatabaseRows } from '../core/results/databases';
import { parsePolicyRows } from '../core/results/policy';
import { parsePrincipalRows } from '../core/results/principals';
import { readRows } from '../core/results/table';
import type { ResultTable } from './model';
import type { ContinuousExportRow, DatabaseRow, ExportFailureRow, ExternalTableRow, PolicyRow, PrincipalRow } from './rows';

export const policy = (t: ResultTable): PolicyRow[] => parsePolicyRows(t).flatMap((r) => r.entries);
export const principals = (t: ResultTable): PrincipalRow[] => parsePrincipalRows(t);
export const databases = (t: ResultTable): DatabaseRow[] => parseDatabaseRows(t);

export const externalTables = (t: ResultTable): ExternalTableRow[] =>
  readRows(t, 'external tables', ['TableName'], (r) => ({ name: r.string('TableName'), kind: r.string('TableType'), auth: 'unknown' as const }));

export const continuousExports = (t: ResultTable): ContinuousExportRow[] =>
  readRows(t, 'continuous exports', ['Name'], (r) => ({
    name: r.string('Name'), externalTable: r.string('ExternalTableName'), disabled: r.boolean('IsDisabled') ?? false,
    lastRunTime: r.date('LastRunTime'), lastRunResult: r.optionalString('LastRunResult'), exportedTo: r.date('ExportedTo'), running: r.boolean('IsRunning'),
  }));

export const exportFailures = (t: ResultTable): ExportFailureRow[] =>
  readRows(t, 'export failures', ['Details'], (r) => ({ timestamp: r.date('Timestamp'), kind: r.string('FailureKind'), details: r.string('Details') }));
