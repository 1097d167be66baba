// Continuous export: create-or-alter with every documented property (managedIdentity always quoted), show, failures, artifacts,
// enable, disable, drop. Every command is sent to the database that owns the export.
import { KqlInputError, inField } from '../kql/errors';
import { checkEntityName, quoteName } from '../kql/names';
import { checkBoolean, checkIntegerInRange, checkObjectId, checkPositiveInteger, parseTimespan } from '../kql/values';
import { databaseCommand, type ManagementCommand } from './command';
import { singleCommandQuery } from './oneCommand';

export const EXPORT_DISTRIBUTIONS = ['single', 'per_node', 'per_shard'] as const;
export type ExportDistribution = (typeof EXPORT_DISTRIBUTIONS)[number];

/** The documented range for sizeLimit: 100 MB (the default) to 1 GB. */
export const MIN_EXPORT_SIZE_LIMIT = 100 * 1024 * 1024;
export const MAX_EXPORT_SIZE_LIMIT = 1024 * 1024 * 1024;
const MIN_INTERVAL_MS = 60_000;

export interface ContinuousExportInput {
  readonly database: string;
  readonly name: string;
  readonly externalTable: string;
  /** The user's KQL, written verbatim after `<|`. */
  readonly query: string;
  /** Fact tables for `over (T1, T2)`. */
  readonly overTables?: readonly string[];
  /** `system` or an object id; `system` when omitted, so the export never runs without an identity. */
  readonly managedIdentity?: string;
  readonly intervalBetweenRuns?: string;
  readonly forcedLatency?: string;
  readonly sizeLimit?: number;
  readonly distributed?: boolean;
  readonly distribution?: ExportDistribution;
  readonly parquetRowGroupSize?: number;
  readonly isDisabled?: boolean;
}

export function buildCreateOrAlterContinuousExportCommand(input: ContinuousExportInput): ManagementCommand {
  const database = checkEntityName(input.database, 'database', 'database');
  const name = quoteName(input.name, 'continuous export', 'name');
  const table = quoteName(input.externalTable, 'external table', 'externalTable');
  const over = input.overTables === undefined ? '' : ` over (${overText(input.overTables)})`;
  const text = `.create-or-alter continuous-export ${name}${over} to table ${table} with (${propertiesText(input).join(', ')}) <| ${checkQuery(input.query)}`;
  return databaseCommand(text, database);
}

function overText(tables: readonly string[]): string {
  if (!Array.isArray(tables) || tables.length === 0)
    throw new KqlInputError('must list at least one table when given', 'overTables');
  return tables.map((t, i) => quoteName(t, 'table', `overTables[${i}]`)).join(', ');
}

function checkQuery(query: unknown): string {
  if (typeof query !== 'string' || query.trim() === '')
    throw new KqlInputError('must be the KQL query to export', 'query');
  return singleCommandQuery(query);
}

function propertiesText(input: ContinuousExportInput): string[] {
  // The parser rejects managedIdentity=system unquoted (as some docs print it): always write a string literal.
  const identity = checkObjectId(input.managedIdentity ?? 'system', { allowSystem: true }, 'managedIdentity');
  const props = [`managedIdentity="${identity}"`];
  if (input.intervalBetweenRuns !== undefined) {
    const interval = parseTimespan(input.intervalBetweenRuns, 'intervalBetweenRuns');
    if (interval.milliseconds <= MIN_INTERVAL_MS) {
      throw new KqlInputError(`must be more than 1 minute, got ${input.intervalBetweenRuns}`, 'intervalBetweenRuns');
    }
    props.push(`intervalBetweenRuns=${interval.text}`);
  }
  if (input.forcedLatency !== undefined)
    props.push(`forcedLatency=${parseTimespan(input.forcedLatency, 'forcedLatency').text}`);
  if (input.sizeLimit !== undefined)
    props.push(
      `sizeLimit=${checkIntegerInRange(input.sizeLimit, MIN_EXPORT_SIZE_LIMIT, MAX_EXPORT_SIZE_LIMIT, 'sizeLimit')}`,
    );
  if (input.distributed !== undefined) props.push(`distributed=${checkBoolean(input.distributed, 'distributed')}`);
  if (input.distribution !== undefined) {
    inField('distribution', () => {
      if (!(EXPORT_DISTRIBUTIONS as readonly string[]).includes(input.distribution as string)) {
        throw new KqlInputError(
          `${JSON.stringify(input.distribution)} is not one of ${EXPORT_DISTRIBUTIONS.join(', ')}`,
        );
      }
    });
    props.push(`distribution="${input.distribution}"`);
  }
  if (input.parquetRowGroupSize !== undefined) {
    props.push(
      `parquetRowGroupSize=${checkPositiveInteger(input.parquetRowGroupSize, 2 ** 31 - 1, 'parquetRowGroupSize')}`,
    );
  }
  if (input.isDisabled !== undefined) props.push(`isDisabled=${checkBoolean(input.isDisabled, 'isDisabled')}`);
  return props;
}

function exportCommand(
  database: string,
  text: (name: string) => string,
  name: string,
  destructive = false,
): ManagementCommand {
  const db = checkEntityName(database, 'database', 'database');
  return databaseCommand(text(quoteName(name, 'continuous export', 'name')), db, destructive);
}

export function buildShowContinuousExportsCommand(database: string): ManagementCommand {
  return databaseCommand('.show continuous-exports', checkEntityName(database, 'database', 'database'));
}

export function buildShowContinuousExportCommand(database: string, name: string): ManagementCommand {
  return exportCommand(database, (n) => `.show continuous-export ${n}`, name);
}

export function buildShowExportFailuresCommand(database: string, name: string): ManagementCommand {
  return exportCommand(database, (n) => `.show continuous-export ${n} failures`, name);
}

export function buildShowExportedArtifactsCommand(database: string, name: string): ManagementCommand {
  return exportCommand(database, (n) => `.show continuous-export ${n} exported-artifacts`, name);
}

export function buildEnableContinuousExportCommand(database: string, name: string): ManagementCommand {
  return exportCommand(database, (n) => `.enable continuous-export ${n}`, name);
}

export function buildDisableContinuousExportCommand(database: string, name: string): ManagementCommand {
  return exportCommand(database, (n) => `.disable continuous-export ${n}`, name);
}

export function buildDropContinuousExportCommand(database: string, name: string): ManagementCommand {
  return exportCommand(database, (n) => `.drop continuous-export ${n}`, name, true);
}
