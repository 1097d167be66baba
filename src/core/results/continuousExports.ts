// Rows of `.show continuous-exports`, `… failures` and `… exported-artifacts`.
import { readAnswer, SHAPES } from './shapes';
import type { ResultTable, RowReader } from './table';

export interface ContinuousExportRow {
  readonly name: string;
  readonly externalTableName: string;
  readonly query: string;
  /** Timespans as the service prints them, e.g. `01:00:00`. */
  readonly forcedLatency?: string;
  readonly intervalBetweenRuns?: string;
  readonly cursorScopedTables: readonly string[];
  /** ExportProperties as an object (keys as the service writes them). */
  readonly exportProperties: Readonly<Record<string, unknown>>;
  /** From ExportProperties.ManagedIdentity: `system`, an object id, or undefined when the export runs without one. */
  readonly managedIdentity?: string;
  readonly lastRunTime?: Date;
  readonly startCursor?: string;
  readonly isDisabled: boolean;
  readonly lastRunResult?: string;
  readonly exportedTo?: Date;
  readonly isRunning?: boolean;
}

export function parseContinuousExportRows(table: ResultTable): ContinuousExportRow[] {
  return readAnswer(table, SHAPES.continuousExports, (row) => {
    const properties = objectOf(row.dynamic('ExportProperties'));
    const identityKey = Object.keys(properties).find((k) => k.toLowerCase() === 'managedidentity');
    const identity = identityKey ? properties[identityKey] : undefined;
    return dropUndefined({
      name: row.string('Name'),
      externalTableName: row.string('ExternalTableName'),
      query: row.string('Query'),
      forcedLatency: row.optionalString('ForcedLatency'),
      intervalBetweenRuns: row.optionalString('IntervalBetweenRuns'),
      cursorScopedTables: stringList(row, 'CursorScopedTables'),
      exportProperties: properties,
      managedIdentity: typeof identity === 'string' && identity !== '' ? identity : undefined,
      lastRunTime: row.date('LastRunTime'),
      startCursor: row.optionalString('StartCursor'),
      isDisabled: row.boolean('IsDisabled') ?? false,
      lastRunResult: row.optionalString('LastRunResult'),
      exportedTo: row.date('ExportedTo'),
      isRunning: row.boolean('IsRunning'),
    });
  });
}

export interface ExportFailureRow {
  readonly timestamp?: Date;
  readonly operationId?: string;
  readonly name: string;
  readonly lastSuccessRun?: Date;
  /** `Failure` or `PartialFailure`. */
  readonly failureKind: string;
  readonly details: string;
}

export function parseExportFailureRows(table: ResultTable): ExportFailureRow[] {
  return readAnswer(table, SHAPES.exportFailures, (row) =>
    dropUndefined({
      timestamp: row.date('Timestamp'),
      operationId: row.optionalString('OperationId'),
      name: row.string('Name'),
      lastSuccessRun: row.date('LastSuccessRun'),
      failureKind: row.string('FailureKind'),
      details: row.string('Details'),
    }),
  );
}

export interface ExportedArtifactRow {
  readonly timestamp?: Date;
  readonly externalTableName: string;
  readonly path: string;
  readonly numRecords: number;
}

export function parseExportedArtifactRows(table: ResultTable): ExportedArtifactRow[] {
  return readAnswer(table, SHAPES.exportedArtifacts, (row) =>
    dropUndefined({
      timestamp: row.date('Timestamp'),
      externalTableName: row.string('ExternalTableName'),
      path: row.string('Path'),
      numRecords: row.number('NumRecords') ?? 0,
    }),
  );
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A dynamic cell holding a list of names (JSON array or text), as strings. */
export function stringList(row: RowReader, column: string): string[] {
  const value = row.dynamic(column);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/** Leaves optional fields out instead of setting them to undefined, so models compare cleanly. */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
