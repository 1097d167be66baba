// Rows of `.show databases` and `.show databases details`.
import { readAnswer, SHAPES } from './shapes';
import type { ResultTable } from './table';

export interface DatabaseRow {
  readonly name: string;
  readonly prettyName?: string;
  /** e.g. `ReadWrite`, `ReadOnly`. */
  readonly accessMode?: string;
  readonly isCurrent?: boolean;
  readonly version?: string;
}

export function parseDatabaseRows(table: ResultTable): DatabaseRow[] {
  return readAnswer(table, SHAPES.databases, (row) => {
    const prettyName = row.optionalString('PrettyName');
    const accessMode = row.optionalString('DatabaseAccessMode');
    const isCurrent = row.boolean('IsCurrent');
    const version = row.optionalString('Version');
    return {
      name: row.string('DatabaseName'),
      ...(prettyName ? { prettyName } : {}),
      ...(accessMode ? { accessMode } : {}),
      ...(isCurrent !== undefined ? { isCurrent } : {}),
      ...(version ? { version } : {}),
    };
  });
}

/** What `.show databases details` says of one database: enough to know that some reads would come back empty. */
export interface DatabaseDetailsRow {
  readonly name: string;
  /** `NumberOfTables` (no table, no update policy); undefined when the cell is not a count. */
  readonly tables?: number;
  /** `NumberOfExternalTables` (none: `.show external tables` lists nothing); undefined when the cell is not a count. */
  readonly externalTables?: number;
}

export function parseDatabaseDetailsRows(table: ResultTable): DatabaseDetailsRow[] {
  return readAnswer(table, SHAPES.databaseDetails, (row) => {
    // A cell that is not a count leaves the database to be read in full, as if the batch had not named it.
    const count = (column: string): number | undefined => {
      const v = row.get(column);
      const n =
        typeof v === 'number' || typeof v === 'bigint'
          ? Number(v)
          : typeof v === 'string' && /^\d+$/.test(v)
            ? Number(v)
            : NaN;
      return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
    };
    const tables = count('NumberOfTables');
    const externalTables = count('NumberOfExternalTables');
    return {
      name: row.string('DatabaseName'),
      ...(tables !== undefined ? { tables } : {}),
      ...(externalTables !== undefined ? { externalTables } : {}),
    };
  });
}
