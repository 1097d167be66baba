// Rows of `.show functions`: each stored function's name and body (the text an update policy's query may call).
import { readRows } from './table';
import type { ResultTable } from './table';

export interface FunctionRow {
  readonly name: string;
  readonly parameters: string;
  /** With its braces, as the service returns it. */
  readonly body: string;
}

export function parseFunctionRows(table: ResultTable): FunctionRow[] {
  return readRows(table, 'functions', ['Name', 'Body'], (row) => ({
    name: row.string('Name'),
    parameters: row.string('Parameters'),
    body: row.string('Body'),
  }));
}
