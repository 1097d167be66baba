// Rows of `.show functions`: each stored function's name and body (the text an update policy's query may call).
import { readAnswer, SHAPES } from './shapes';
import type { ResultTable } from './table';

export interface FunctionRow {
  readonly name: string;
  readonly parameters: string;
  /** With its braces, as the service returns it. */
  readonly body: string;
}

export function parseFunctionRows(table: ResultTable): FunctionRow[] {
  return readAnswer(table, SHAPES.functions, (row) => ({
    name: row.string('Name'),
    parameters: row.string('Parameters'),
    body: row.string('Body'),
  }));
}
