// Adapts the core's result parsers to the rows the tree shows.
import {
  parseContinuousExportRows,
  parseDatabaseRows,
  parseExportFailureRows,
  parseExternalTableRows,
  parseExternalTableSchema,
  parsePolicyRows,
  parsePrincipalRows,
  parseUpdatePolicyRows,
  parseFunctionRows,
} from '../core/results';
import type { ResultTable } from './model';
import type {
  ContinuousExportRow,
  DatabaseRow,
  ExportFailureRow,
  ExternalTableRow,
  ExternalTableSchemaRow,
  FunctionRow,
  PolicyRow,
  PrincipalRow,
  UpdatePolicyRow,
} from './rows';

/** One `.show … policy managed_identity` row per entity: the tree lists the entries. */
export const policy = (t: ResultTable): PolicyRow[] => parsePolicyRows(t).flatMap((r) => r.entries);
export const principals = (t: ResultTable): PrincipalRow[] => parsePrincipalRows(t);
export const databases = (t: ResultTable): DatabaseRow[] => parseDatabaseRows(t);
export const externalTables = (t: ResultTable): ExternalTableRow[] => parseExternalTableRows(t);
export const externalTableSchema = (t: ResultTable): ExternalTableSchemaRow[] => [parseExternalTableSchema(t)];
export const functions = (t: ResultTable): FunctionRow[] => parseFunctionRows(t);
export const updatePolicies = (t: ResultTable): UpdatePolicyRow[] => parseUpdatePolicyRows(t);
export const continuousExports = (t: ResultTable): ContinuousExportRow[] => parseContinuousExportRows(t);
export const exportFailures = (t: ResultTable): ExportFailureRow[] => parseExportFailureRows(t);
