// The plain result table every parser reads; the services layer adapts SDK results to it. Columns are found by NAME.

export interface ResultColumn {
  readonly name: string;
  readonly type?: string;
}

export interface ResultTable {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly unknown[])[];
}

/** The table lacks a column the parser needs, or a cell has the wrong type. */
export class ResultShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultShapeError';
  }
}

/** One row, read by column name. */
export interface RowReader {
  readonly index: number;
  /** The raw cell; undefined when the column is absent (only possible for optional columns). */
  get(column: string): unknown;
  string(column: string): string;
  optionalString(column: string): string | undefined;
  boolean(column: string): boolean | undefined;
  number(column: string): number | undefined;
  date(column: string): Date | undefined;
  /** A dynamic cell: already-parsed JSON, or JSON text. */
  dynamic(column: string): unknown;
}

/**
 * Reads each row of `table` by column name. Missing `required` columns throw a ResultShapeError naming them;
 * extra columns are ignored; column names match exactly first, then without regard to case.
 */
export function readRows<T>(
  table: ResultTable,
  what: string,
  required: readonly string[],
  map: (row: RowReader) => T,
): T[] {
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) {
    throw new ResultShapeError(`${what}: expected a table with columns and rows`);
  }
  const index = columnIndex(table.columns);
  const missing = required.filter((c) => index(c) === undefined);
  if (missing.length) {
    const present = table.columns.map((c) => c.name).join(', ') || 'none';
    throw new ResultShapeError(
      `${what}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (got: ${present})`,
    );
  }
  return table.rows.map((cells, rowIndex) => map(rowReader(cells, rowIndex, index, what)));
}

function columnIndex(columns: readonly ResultColumn[]): (name: string) => number | undefined {
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!exact.has(c.name)) exact.set(c.name, i);
    if (!folded.has(c.name.toLowerCase())) folded.set(c.name.toLowerCase(), i);
  });
  return (name) => exact.get(name) ?? folded.get(name.toLowerCase());
}

function rowReader(
  cells: readonly unknown[],
  rowIndex: number,
  index: (n: string) => number | undefined,
  what: string,
): RowReader {
  const get = (column: string): unknown => {
    const i = index(column);
    return i === undefined ? undefined : cells[i];
  };
  const bad = (column: string, expected: string, value: unknown): never => {
    throw new ResultShapeError(
      `${what}: row ${rowIndex}, column ${column}: expected ${expected}, got ${JSON.stringify(value)}`,
    );
  };
  const optionalString = (column: string): string | undefined => {
    const v = get(column);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return bad(column, 'text', v);
  };
  return {
    index: rowIndex,
    get,
    optionalString,
    string: (column) => optionalString(column) ?? '',
    boolean: (column) => {
      const v = get(column);
      if (v === undefined || v === null || v === '') return undefined;
      if (typeof v === 'boolean') return v;
      if (v === 'True' || v === 'true' || v === 1) return true;
      if (v === 'False' || v === 'false' || v === 0) return false;
      return bad(column, 'a boolean', v);
    },
    number: (column) => {
      const v = get(column);
      if (v === undefined || v === null || v === '') return undefined;
      const n = typeof v === 'number' ? v : typeof v === 'bigint' || typeof v === 'string' ? Number(v) : NaN;
      return Number.isFinite(n) ? n : bad(column, 'a number', v);
    },
    date: (column) => {
      const v = get(column);
      if (v === undefined || v === null || v === '') return undefined;
      const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
      return d && !Number.isNaN(d.getTime()) ? d : bad(column, 'a datetime', v);
    },
    dynamic: (column) => {
      const v = get(column);
      if (typeof v !== 'string') return v ?? undefined;
      if (v.trim() === '') return undefined;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return bad(column, 'JSON', v.length > 80 ? `${v.slice(0, 80)}…` : v);
      }
    },
  };
}
