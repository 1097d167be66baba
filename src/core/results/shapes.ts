// The declared shape of every Kusto answer the product reads: each documented layout with its columns, types and value
// formats. The parsers take their required columns from here, and `probe` compares live answers with the same table.
import { readRows, ResultShapeError, type ResultTable, type RowReader } from './table';

/** What a cell's value must look like, beyond its type. */
export type ValueFormat = 'guid' | 'json-array' | 'json-object' | 'fqn';

export interface ColumnShape {
  readonly name: string;
  /** Kusto types the column may arrive as (the docs' type first); `dynamic` and `string` both carry JSON. */
  readonly types: readonly string[];
  /** Required by the parser: without it the layout is not this one. */
  readonly required?: boolean;
  readonly format?: ValueFormat;
}

export interface Layout {
  /** e.g. `policy table (5 columns)`. */
  readonly name: string;
  /** The page or source that documents it. */
  readonly source: string;
  readonly columns: readonly ColumnShape[];
}

export interface AnswerShape {
  /** What the answer is, in the user's words (also the parsers' error prefix). */
  readonly what: string;
  /** The first layout is the primary one; the others are documented variants, read too. */
  readonly layouts: readonly Layout[];
}

const col = (name: string, types: string | readonly string[], extra: Partial<ColumnShape> = {}): ColumnShape => ({
  name,
  types: typeof types === 'string' ? [types] : types,
  ...extra,
});
const req = (name: string, types: string | readonly string[], extra: Partial<ColumnShape> = {}): ColumnShape =>
  col(name, types, { ...extra, required: true });

const JSON_TEXT = ['string', 'dynamic'];
const DOCS = 'https://learn.microsoft.com/azure/data-explorer/kusto/management';

/** The `.show … policy …` result every policy command returns (show-policy pages). */
const policyTable = (format: ValueFormat): Layout => ({
  name: 'policy table (5 columns)',
  source: `${DOCS}/show-table-update-policy-command (and every .show … policy page)`,
  columns: [
    col('PolicyName', 'string'),
    req('EntityName', 'string'),
    req('Policy', JSON_TEXT, { format }),
    col('ChildEntities', JSON_TEXT),
    col('EntityType', 'string'),
  ],
});

export const SHAPES = {
  managedIdentityPolicy: {
    what: 'managed identity policy',
    layouts: [
      policyTable('json-array'),
      {
        name: 'entity policies (EntityName, Policies)',
        source: `${DOCS}/show-managed-identity-policy-command`,
        columns: [req('EntityName', 'string'), req('Policies', JSON_TEXT, { format: 'json-array' })],
      },
    ],
  },
  principals: {
    what: 'principals',
    layouts: [
      {
        name: 'principals',
        source: `${DOCS}/show-principals`,
        columns: [
          req('Role', 'string'),
          req('PrincipalType', 'string'),
          req('PrincipalDisplayName', 'string'),
          req('PrincipalObjectId', 'string'),
          req('PrincipalFQN', 'string', { format: 'fqn' }),
          req('Notes', 'string'),
          col('RoleAssignmentIdentifier', 'string'),
        ],
      },
    ],
  },
  databases: {
    what: 'databases',
    layouts: [
      {
        name: 'databases',
        source: `${DOCS}/show-databases`,
        columns: [
          req('DatabaseName', 'string'),
          col('PersistentStorage', 'string'),
          col('Version', 'string'),
          col('IsCurrent', ['bool', 'sbyte']),
          col('DatabaseAccessMode', 'string'),
          col('PrettyName', 'string'),
        ],
      },
    ],
  },
  databaseDetails: {
    what: 'database details',
    layouts: [
      {
        name: 'databases details',
        source: `${DOCS}/show-databases (details option)`,
        columns: [
          req('DatabaseName', 'string'),
          req('NumberOfTables', ['int', 'long']),
          req('NumberOfExternalTables', ['int', 'long']),
        ],
      },
    ],
  },
  tables: {
    what: 'tables',
    layouts: [
      {
        name: 'tables',
        source: `${DOCS}/show-tables-command`,
        columns: [req('TableName', 'string'), col('DatabaseName', 'string'), col('Folder', 'string')],
      },
    ],
  },
  streamingIngestionPolicy: { what: 'streaming ingestion policy', layouts: [policyTable('json-object')] },
  updatePolicies: { what: 'update policies', layouts: [policyTable('json-array')] },
  externalTables: {
    what: 'external tables',
    layouts: [
      {
        name: 'external tables with connection strings',
        source: `${DOCS}/external-tables-azure-storage (output of .create external table)`,
        columns: [
          req('TableName', 'string'),
          req('TableType', 'string'),
          col('Folder', 'string'),
          col('DocString', 'string'),
          col('Properties', JSON_TEXT, { format: 'json-object' }),
          req('ConnectionStrings', JSON_TEXT, { format: 'json-array' }),
          col('Partitions', JSON_TEXT),
          col('PathFormat', 'string'),
        ],
      },
      {
        name: 'external tables (5 columns; SQL tables name their connection in Properties)',
        source: `${DOCS}/show-external-tables, ${DOCS}/external-sql-tables`,
        columns: [
          req('TableName', 'string'),
          req('TableType', 'string'),
          col('Folder', 'string'),
          col('DocString', 'string'),
          req('Properties', JSON_TEXT, { format: 'json-object' }),
        ],
      },
    ],
  },
  externalTableSchema: {
    what: 'external table schema',
    layouts: [
      {
        name: 'cslschema',
        source: `${DOCS}/show-external-table-cslschema`,
        columns: [req('TableName', 'string'), req('Schema', 'string'), col('DatabaseName', 'string')],
      },
    ],
  },
  functions: {
    what: 'functions',
    layouts: [
      {
        name: 'functions',
        source: `${DOCS}/show-functions`,
        columns: [req('Name', 'string'), col('Parameters', 'string'), req('Body', 'string'), col('Folder', 'string')],
      },
    ],
  },
  continuousExports: {
    what: 'continuous exports',
    layouts: [
      {
        name: 'continuous exports',
        source: `${DOCS}/data-export/show-continuous-export`,
        columns: [
          req('Name', 'string'),
          req('ExternalTableName', 'string'),
          req('Query', 'string'),
          col('ForcedLatency', 'timespan'),
          col('IntervalBetweenRuns', 'timespan'),
          col('CursorScopedTables', JSON_TEXT, { format: 'json-array' }),
          col('ExportProperties', JSON_TEXT, { format: 'json-object' }),
          col('LastRunTime', 'datetime'),
          col('StartCursor', 'string'),
          req('IsDisabled', ['bool', 'sbyte']),
          col('LastRunResult', 'string'),
          col('ExportedTo', 'datetime'),
          col('IsRunning', ['bool', 'sbyte']),
        ],
      },
    ],
  },
  exportFailures: {
    what: 'continuous export failures',
    layouts: [
      {
        name: 'failures',
        source: `${DOCS}/data-export/show-continuous-failures`,
        columns: [
          req('Timestamp', 'datetime'),
          col('OperationId', ['string', 'guid']),
          req('Name', 'string'),
          col('LastSuccessRun', 'datetime'),
          req('FailureKind', 'string'),
          req('Details', 'string'),
        ],
      },
    ],
  },
  exportedArtifacts: {
    what: 'exported artifacts',
    layouts: [
      {
        name: 'exported artifacts',
        source: `${DOCS}/data-export/show-continuous-artifacts`,
        columns: [
          req('Timestamp', 'datetime'),
          req('ExternalTableName', 'string'),
          req('Path', 'string'),
          req('NumRecords', ['long', 'int']),
        ],
      },
    ],
  },
} as const satisfies Record<string, AnswerShape>;

export type ShapeId = keyof typeof SHAPES;

/** The column names a layout needs. */
export function requiredColumns(layout: Layout): string[] {
  return layout.columns.filter((c) => c.required).map((c) => c.name);
}

const hasColumn = (table: ResultTable, name: string): boolean =>
  table.columns.some((c) => c.name === name || c.name.toLowerCase() === name.toLowerCase());

/**
 * The first documented layout whose required columns the table has. An unknown shape throws a ResultShapeError that
 * names each layout it is not, so the caller shows why instead of an empty answer.
 */
export function matchLayout(table: ResultTable, shape: AnswerShape): Layout {
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows))
    throw new ResultShapeError(`${shape.what}: expected a table with columns and rows`);
  const found = shape.layouts.find((l) => requiredColumns(l).every((c) => hasColumn(table, c)));
  if (found) return found;
  const present = table.columns.map((c) => c.name).join(', ') || 'none';
  const missing = (l: Layout): string[] => requiredColumns(l).filter((c) => !hasColumn(table, c));
  const list = (m: string[]): string => `missing column${m.length > 1 ? 's' : ''} ${m.join(', ')}`;
  if (shape.layouts.length === 1)
    throw new ResultShapeError(`${shape.what}: ${list(missing(shape.layouts[0]))} (got: ${present})`);
  const each = shape.layouts.map((l) => `not the ${l.name}: ${list(missing(l))}`).join('; ');
  throw new ResultShapeError(`${shape.what}: unknown shape (${each}; got: ${present})`);
}

/** .NET type names (v1 DataType) and Kusto type names alike, as Kusto names. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  boolean: 'bool',
  'system.boolean': 'bool',
  'system.sbyte': 'sbyte',
  datetime: 'datetime',
  'system.datetime': 'datetime',
  date: 'datetime',
  timespan: 'timespan',
  time: 'timespan',
  'system.timespan': 'timespan',
  int64: 'long',
  'system.int64': 'long',
  int32: 'int',
  'system.int32': 'int',
  object: 'dynamic',
  'system.object': 'dynamic',
  'system.string': 'string',
  'system.guid': 'guid',
  uniqueid: 'guid',
  double: 'real',
  'system.double': 'real',
};

export function kustoType(type: string): string {
  const t = type.trim().toLowerCase();
  return TYPE_ALIASES[t] ?? t;
}

/** Reads each row of an answer by the layout it matches (see matchLayout). */
export function readAnswer<T>(table: ResultTable, shape: AnswerShape, map: (row: RowReader, layout: Layout) => T): T[] {
  const layout = matchLayout(table, shape);
  return readRows(table, shape.what, requiredColumns(layout), (row) => map(row, layout));
}
