// External tables and continuous exports, with the managed identity rules of the continuous export docs.
import type { ClusterState, ContinuousExportState, DatabaseState, ExternalTableState, SandboxState } from '../types';
import type { Command } from './commands';
import { assignedIdentity, policyAllows } from './identity';
import { canRead } from './principals';
import { badRequest, formatTimespan, notFound, parseTimespan, Schema, v1Table } from './results';
import { findDatabase } from '../state';
import { docsVariant, exportProperties, exportSchema, externalTableProperties, maskAfterLocation } from './variants';

type CreateExternal = Extract<Command, { op: 'createExternalTable' }>;
type CreateExport = Extract<Command, { op: 'createExport' }>;

export const EXTERNAL_SCHEMA: Schema = [
  ['TableName', 'string'],
  ['TableType', 'string'],
  ['Folder', 'string'],
  ['DocString', 'string'],
  ['Properties', 'string'],
  ['ConnectionStrings', 'dynamic'],
  ['Partitions', 'dynamic'],
  ['PathFormat', 'string'],
];

/**
 * Secrets never leave in the clear: keys, SAS and passwords become `*******` (the docs sample's mask); the auth-mode
 * markers `;impersonate` and `;managed_identity=…` are not secrets and stay readable (see docs/REAL-AZURE.md).
 */
export function maskConnectionString(cs: string): string {
  const storage = /^https?:\/\//i.test(cs.trim());
  return (
    storage
      ? cs.replace(/\?[^;]*/, '?*******').replace(/;(?!\s*(?:impersonate|managed_identity=|token=))[^;]+$/i, ';*******')
      : cs
  )
    .replace(/(password|pwd|accountkey|sharedaccesskey)\s*=\s*[^;]*/gi, '$1=*******')
    .replace(/;token=[^;]*/i, ';token=*******');
}

export function externalTablesTable(state: SandboxState, db: DatabaseState, name?: string) {
  const list = name ? db.externalTables.filter((t) => t.name.toLowerCase() === name.toLowerCase()) : db.externalTables;
  if (name && !list.length) throw notFound('External table', name);
  const docs = docsVariant(state);
  return v1Table(
    EXTERNAL_SCHEMA,
    list.map((t) => [
      t.name,
      t.kind === 'sql' ? 'Sql' : 'Blob',
      t.folder,
      t.docString,
      JSON.stringify(
        docs
          ? externalTableProperties(t)
          : { Format: t.dataFormat ?? null, Compressed: false, SqlTable: t.sqlTable ?? null },
      ),
      t.connectionStrings.map(docs ? maskAfterLocation : maskConnectionString),
      [],
      '',
    ]),
  );
}

const SCHEMA_SCHEMA: Schema = [
  ['TableName', 'string'],
  ['Schema', 'string'],
  ['DatabaseName', 'string'],
  ['Folder', 'string'],
  ['DocString', 'string'],
];

// .NET type names in the JSON form of a schema.
const CLR: Record<string, string> = {
  bool: 'System.SByte',
  boolean: 'System.SByte',
  datetime: 'System.DateTime',
  date: 'System.DateTime',
  decimal: 'System.Data.SqlTypes.SqlDecimal',
  dynamic: 'System.Object',
  guid: 'System.Guid',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  double: 'System.Double',
  string: 'System.String',
  timespan: 'System.TimeSpan',
  time: 'System.TimeSpan',
};
const CSL: Record<string, string> = {
  boolean: 'bool',
  date: 'datetime',
  double: 'real',
  time: 'timespan',
  int32: 'int',
  int64: 'long',
  uniqueid: 'guid',
};

/** `name:type` with the name bracketed when it is not a plain identifier, as the service writes a CSL schema. */
function cslColumn(col: { name: string; type: string }): string {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(col.name)
    ? col.name
    : `['${col.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  return `${name}:${CSL[col.type] ?? col.type}`;
}

/** `.show external table T cslschema` / `schema as csl|json`. */
export function externalTableSchemaTable(db: DatabaseState, name: string, format: 'csl' | 'json') {
  const t = db.externalTables.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!t) throw notFound('External table', name);
  const schema =
    format === 'csl'
      ? t.columns.map(cslColumn).join(',')
      : JSON.stringify({
          Name: t.name,
          Folder: t.folder,
          DocString: t.docString,
          OrderedColumns: t.columns.map((col) => ({
            Name: col.name,
            Type: CLR[CSL[col.type] ?? col.type] ?? 'System.Object',
            CslType: CSL[col.type] ?? col.type,
            DocString: '',
          })),
        });
  return v1Table(SCHEMA_SCHEMA, [[t.name, schema, db.name, t.folder, t.docString]]);
}

export function createExternalTable(db: DatabaseState, c: CreateExternal): ExternalTableState {
  const existing = db.externalTables.find((t) => t.name.toLowerCase() === c.name.toLowerCase());
  if (existing && !c.orAlter) throw badRequest(`External table '${c.name}' already exists in database '${db.name}'.`);
  const table: ExternalTableState = {
    name: c.name,
    kind: c.kind,
    columns: c.columns,
    dataFormat: c.dataFormat,
    sqlTable: c.sqlTable,
    connectionStrings: c.connectionStrings,
    folder: unquote(c.properties.folder ?? ''),
    docString: unquote(c.properties.docString ?? ''),
  };
  db.externalTables = [...db.externalTables.filter((t) => t !== existing), table];
  return table;
}

/** A property value as `properties()` keeps it: a string literal's value JSON-encoded, a bare word as it is. */
const unquote = (v: string): string => (v.startsWith('"') ? (JSON.parse(v) as string) : v);

/** Impersonation: `;impersonate` in a storage string, or AAD Integrated in a SQL one. */
export function usesImpersonation(t: ExternalTableState): boolean {
  return t.connectionStrings.some(
    (cs) => /;\s*impersonate\s*$/i.test(cs) || /Authentication\s*=\s*"?Active Directory Integrated/i.test(cs),
  );
}

/** Databases a query reads through `database('X')`; `cluster('…')` is refused (cross-cluster is not supported). */
function databasesRead(query: string): { databases: string[]; crossCluster: boolean } {
  const databases = [...query.matchAll(/\bdatabase\s*\(\s*(?:@?['"])([^'"]+)['"]\s*\)/gi)].map((m) => m[1]);
  return { databases, crossCluster: /\bcluster\s*\(/i.test(query) };
}

export function createExport(
  state: SandboxState,
  cluster: ClusterState,
  db: DatabaseState,
  c: CreateExport,
): ContinuousExportState {
  const ext = db.externalTables.find((t) => t.name.toLowerCase() === c.externalTable.toLowerCase());
  if (!ext) throw notFound('External table', c.externalTable);
  for (const t of c.over)
    if (!db.tables.some((x) => x.name.toLowerCase() === t.toLowerCase())) throw notFound('Table', t);
  const props = Object.fromEntries(Object.entries(c.properties).map(([k, v]) => [k.toLowerCase(), unquote(v)]));
  const interval = props.intervalbetweenruns;
  if (interval !== undefined && !((parseTimespan(interval) ?? 0) >= 60)) {
    throw badRequest(`intervalBetweenRuns '${interval}' is invalid: the minimum is 1 minute.`);
  }
  const read = databasesRead(c.query);
  if (read.crossCluster) throw badRequest('Continuous export does not support cross-cluster queries.');
  const crossDb = read.databases.some((d) => d.toLowerCase() !== db.name.toLowerCase());
  const mi = props.managedidentity;
  // A managed identity is required when the external table uses impersonation or the query reads other databases (continuous export with managed identity).
  if (!mi && (usesImpersonation(ext) || crossDb)) {
    throw badRequest(
      `Continuous export '${c.name}' requires a managed identity: ${
        usesImpersonation(ext)
          ? `external table '${ext.name}' uses impersonation`
          : 'its query references other databases'
      }. Set managedIdentity in the with(...) properties.`,
    );
  }
  if (mi) {
    const id = assignedIdentity(state, cluster, mi);
    if (!id) throw badRequest(`Managed identity '${mi}' is not assigned to cluster '${cluster.name}'.`);
    if (!policyAllows(state, cluster, db, mi, 'AutomatedFlows')) {
      throw badRequest(
        `The managed identity policy of database '${db.name}' or of the cluster does not allow managed identity '${id.objectId}' for usage 'AutomatedFlows'.`,
      );
    }
    const names = [db.name, ...read.databases.filter((d) => d.toLowerCase() !== db.name.toLowerCase())];
    for (const name of names) {
      const target = findDatabase(cluster, name);
      if (!target) throw notFound('Database', name);
      if (!canRead(cluster, target, id.objectId)) {
        throw badRequest(
          `Managed identity '${id.objectId}' is not authorized to read database '${target.name}': it needs at least the Viewer role.`,
        );
      }
    }
  }
  const existing = db.continuousExports.find((e) => e.name.toLowerCase() === c.name.toLowerCase());
  const exp: ContinuousExportState = {
    name: existing?.name ?? c.name,
    externalTable: ext.name,
    query: c.query,
    over: c.over,
    properties: c.properties,
    managedIdentity: mi,
    isDisabled: props.isdisabled === 'true' ? true : (existing?.isDisabled ?? false),
    lastRunTime: existing?.lastRunTime,
    lastRunResult: existing?.lastRunResult,
    exportedTo: existing?.exportedTo,
    failures: existing?.failures ?? [],
    artifacts: existing?.artifacts ?? [],
  };
  db.continuousExports = [...db.continuousExports.filter((e) => e !== existing), exp];
  return exp;
}

export const EXPORT_SCHEMA: Schema = [
  ['Name', 'string'],
  ['ExternalTableName', 'string'],
  ['Query', 'string'],
  ['ForcedLatency', 'timespan'],
  ['IntervalBetweenRuns', 'timespan'],
  ['CursorScopedTables', 'dynamic'],
  ['ExportProperties', 'dynamic'],
  ['LastRunTime', 'datetime'],
  ['StartCursor', 'string'],
  ['IsDisabled', 'bool'],
  ['LastRunResult', 'string'],
  ['ExportedTo', 'datetime'],
  ['IsRunning', 'bool'],
];

export function exportsTable(state: SandboxState, db: DatabaseState, list: ContinuousExportState[]) {
  const docs = docsVariant(state);
  // The docs print both as JSON text in `string` columns; the default sends `dynamic` columns.
  const json = (v: unknown) => (docs ? JSON.stringify(v) : v);
  const ts = (v: string | undefined) => {
    const s = v === undefined ? undefined : parseTimespan(v.replace(/^"|"$/g, ''));
    return s === undefined ? null : formatTimespan(s);
  };
  return v1Table(
    docs ? exportSchema(EXPORT_SCHEMA) : EXPORT_SCHEMA,
    list.map((e) => {
      const p = Object.fromEntries(Object.entries(e.properties).map(([k, v]) => [k.toLowerCase(), v]));
      const exportProps = Object.fromEntries(
        Object.entries(e.properties)
          .filter(([k]) => !/^(intervalbetweenruns|forcedlatency)$/i.test(k))
          .map(([k, v]) => [k, unquote(v)]),
      );
      return [
        e.name,
        e.externalTable,
        e.query,
        ts(p.forcedlatency),
        ts(p.intervalbetweenruns) ?? '01:00:00',
        json((e.over.length ? e.over : []).map((t) => `['${db.name}'].['${t}']`)),
        json(docs ? exportProperties(e.properties) : exportProps),
        e.lastRunTime ?? null,
        '',
        e.isDisabled,
        e.lastRunResult ?? '',
        e.exportedTo ?? null,
        false,
      ];
    }),
  );
}

export function findExport(db: DatabaseState, name: string): ContinuousExportState {
  const e = db.continuousExports.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!e) throw notFound('Continuous export', name);
  return e;
}

export function failuresTable(e: ContinuousExportState) {
  return v1Table(
    [
      ['Timestamp', 'datetime'],
      ['OperationId', 'string'],
      ['Name', 'string'],
      ['LastSuccessRun', 'datetime'],
      ['FailureKind', 'string'],
      ['Details', 'string'],
    ],
    e.failures.map((f) => [
      f.timestamp,
      f.operationId ?? '',
      e.name,
      e.exportedTo ?? null,
      f.failureKind ?? 'Failure',
      f.details,
    ]),
  );
}

export function artifactsTable(e: ContinuousExportState) {
  return v1Table(
    [
      ['Timestamp', 'datetime'],
      ['ExternalTableName', 'string'],
      ['Path', 'string'],
      ['NumRecords', 'long'],
    ],
    e.artifacts.map((a) => [a.timestamp, e.externalTable, a.path, a.numRecords]),
  );
}
