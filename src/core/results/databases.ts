// Rows of `.show databases`.
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
