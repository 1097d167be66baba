// Rows of `.show external tables`, with each connection's authentication read from what stays visible. Secrets are never kept.
import { isGuid } from '../guid';
import { dropUndefined } from './continuousExports';
import { readAnswer, SHAPES } from './shapes';
import { ResultShapeError, type ResultTable } from './table';

export type ExternalTableAuth =
  | { readonly mode: 'impersonate' }
  | { readonly mode: 'managedIdentity'; readonly identity: string }
  | { readonly mode: 'keyOrSas' }
  /** The service masked everything after `;` (the docs' sample): the mode is not visible in this answer. */
  | { readonly mode: 'hidden' }
  | { readonly mode: 'none' };

/** Where to find an auth mode the service masks, for the `unknown` verdicts that need it. */
export const HIDDEN_AUTH_ADVICE =
  'the service masks the connection string after ";", so its auth mode is hidden here: read it in the .kql script that created the table (keep it in git and pass it with --script), or in the portal / ARM view of the table';

export interface ExternalConnection {
  /** The URI (storage) or server and database (SQL), with every credential removed. */
  readonly location: string;
  readonly auth: ExternalTableAuth;
}

export interface ExternalTableRow {
  readonly name: string;
  /** e.g. `Blob`, `Adl`, `Sql`. */
  readonly tableType: string;
  readonly folder?: string;
  readonly docString?: string;
  readonly connections: readonly ExternalConnection[];
  /** The storage data format, lower case as `dataformat=` takes it. */
  readonly format?: string;
  /** The SQL table a SQL external table reads. */
  readonly sqlTable?: string;
  /**
   * Why a `.create-or-alter` made from this row would not give the same table (partitions, a path format, or
   * properties beyond the format), or undefined when it would.
   */
  readonly notRecreatable?: string;
}

/** Properties that a recreated table has anyway (their defaults), or that are read into the row. */
const CARRIED = new Set(['format', 'sqltable', 'targetentityname', 'targetentitykind', 'targetentityconnectionstring']);
const DEFAULTS: Readonly<Record<string, unknown>> = {
  compressed: false,
  includeheaders: 'None',
  encoding: 'UTF8NoBOM',
  firetriggers: false,
  createifnotexists: false,
};

/** Stands for the connections of a table whose answer lists none (the 5-column layout of a storage table). */
export const NOT_RETURNED = '(connection strings not returned)';

/** A property by name, without regard to case (the docs print them PascalCase, some services camelCase). */
function propertyOf(properties: Record<string, unknown> | undefined, name: string): unknown {
  const key = properties && Object.keys(properties).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : properties![key];
}

export function parseExternalTableRows(table: ResultTable): ExternalTableRow[] {
  return readAnswer(table, SHAPES.externalTables, (row, layout) => {
    const properties = readProperties(() => row.dynamic('Properties'));
    const list = connectionList(row.dynamic, layout === SHAPES.externalTables.layouts[0], properties);
    const partitions = readProperties(() => row.dynamic('Partitions'));
    const pathFormat = row.optionalString('PathFormat')?.trim();
    const declared = propertyOf(properties, 'Format');
    const format = typeof declared === 'string' ? declared.toLowerCase() : undefined;
    const sqlTable = [propertyOf(properties, 'SqlTable'), propertyOf(properties, 'TargetEntityName')].find(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    const extra = properties
      ? Object.entries(properties)
          .filter(
            ([k, v]) => !CARRIED.has(k.toLowerCase()) && v !== null && v !== '' && DEFAULTS[k.toLowerCase()] !== v,
          )
          .map(([k]) => k)
      : [];
    const notRecreatable =
      properties === undefined
        ? 'its properties could not be read'
        : Array.isArray(partitions) && partitions.length > 0
          ? 'it is partitioned'
          : pathFormat
            ? 'it has a path format'
            : extra.length
              ? `its properties ${extra.join(', ')} would not be carried over`
              : undefined;
    return dropUndefined({
      name: row.string('TableName'),
      tableType: row.string('TableType'),
      folder: row.optionalString('Folder') || undefined,
      docString: row.optionalString('DocString') || undefined,
      connections: unmasked(
        list.map((c) =>
          c === NOT_RETURNED ? { location: NOT_RETURNED, auth: { mode: 'hidden' as const } } : describeConnection(c),
        ),
        propertyOf(properties, 'TargetEntityConnectionString'),
      ),
      format,
      sqlTable,
      notRecreatable,
    });
  });
}

/**
 * The connection strings: the ConnectionStrings column, else a SQL table's TargetEntityConnectionString property, else
 * one NOT_RETURNED stand-in, so a table is never read as having no connection at all.
 */
function connectionList(
  dynamic: (column: string) => unknown,
  hasColumn: boolean,
  properties: Record<string, unknown> | undefined,
): string[] {
  if (hasColumn) {
    const raw = dynamic('ConnectionStrings');
    const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
    return list.filter((c): c is string => typeof c === 'string');
  }
  const target = propertyOf(properties, 'TargetEntityConnectionString');
  return [typeof target === 'string' && target.trim() !== '' ? target : NOT_RETURNED];
}

/** A SQL table's one masked connection, read from TargetEntityConnectionString instead when that one shows its mode. */
function unmasked(connections: ExternalConnection[], target: unknown): ExternalConnection[] {
  if (connections.length !== 1 || connections[0].auth.mode !== 'hidden' || typeof target !== 'string')
    return connections;
  const read = describeConnection(target);
  return read.auth.mode === 'hidden' ? connections : [read];
}

/** A JSON object or array column, or undefined when it is absent or unreadable. */
function readProperties(read: () => unknown): Record<string, unknown> | undefined {
  try {
    const v = read();
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface ExternalTableSchemaRow {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/** `.show external table T cslschema`: the table's columns. */
export function parseExternalTableSchema(table: ResultTable): ExternalTableSchemaRow {
  const rows = readAnswer(table, SHAPES.externalTableSchema, (row) => ({
    name: row.string('TableName'),
    schema: row.string('Schema'),
  }));
  if (rows.length !== 1) throw new ResultShapeError(`external table schema: expected one row, got ${rows.length}`);
  return { name: rows[0].name, columns: parseCslSchema(rows[0].schema) };
}

/** `a:long, ['b c']:string, ["d"]:datetime` → columns; names in brackets are unquoted. */
export function parseCslSchema(schema: string): { name: string; type: string }[] {
  const columns: { name: string; type: string }[] = [];
  let p = 0;
  const fail = (why: string): never => {
    throw new ResultShapeError(`external table schema: ${why} at ${p} in ${JSON.stringify(schema)}`);
  };
  while (p < schema.length) {
    while (schema[p] === ' ' || schema[p] === ',') p++;
    if (p >= schema.length) break;
    let name: string;
    if (schema[p] === '[') {
      const quote = schema[p + 1];
      if (quote !== "'" && quote !== '"') fail('expected a quote after [');
      let q = p + 2;
      name = '';
      for (; q < schema.length && schema[q] !== quote; q++) {
        if (schema[q] === '\\') q++;
        name += schema[q];
      }
      if (schema[q + 1] !== ']') fail('expected ]');
      p = q + 2;
    } else {
      const m = /^[^:,\s]+/.exec(schema.slice(p));
      if (!m) fail('expected a column name');
      name = m![0];
      p += name.length;
    }
    while (schema[p] === ' ') p++;
    if (schema[p] !== ':') fail('expected :');
    p++;
    const type = /^[A-Za-z0-9_.]+/.exec(schema.slice(p))?.[0];
    if (!type) fail('expected a column type');
    columns.push({ name, type: type!.toLowerCase() });
    p += type!.length;
  }
  return columns;
}

/** Auth mode and a secret-free location for one connection string (storage URI or SQL). */
export function describeConnection(connection: string): ExternalConnection {
  const text = connection.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? describeStorage(text) : describeSql(text);
}

function describeStorage(text: string): ExternalConnection {
  const location = text.split(/[?;]/, 1)[0];
  const options = text.slice(location.length);
  const identity = /;\s*managed_identity\s*=\s*([^;]*)/i.exec(options)?.[1]?.trim();
  if (identity !== undefined) return { location, auth: { mode: 'managedIdentity', identity: identityOf(identity) } };
  if (/;\s*impersonate\s*(;|$)/i.test(options)) return { location, auth: { mode: 'impersonate' } };
  // The service's `;*****` mask hides whichever mode follows `;` (impersonate, managed_identity= or a key alike).
  if (/^;\s*\*+\s*$/.test(options)) return { location, auth: { mode: 'hidden' } };
  // Anything else after the path (`?sv=…` SAS, `;<account key>`, `;token=…`) is a secret.
  return { location, auth: options.replace(/[\s;]/g, '') === '' ? { mode: 'none' } : { mode: 'keyOrSas' } };
}

function describeSql(text: string): ExternalConnection {
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim().toLowerCase().replace(/\s+/g, ' '), part.slice(eq + 1).trim());
  }
  const server = parts.get('server') ?? parts.get('data source') ?? parts.get('address') ?? '';
  const database = parts.get('initial catalog') ?? parts.get('database') ?? '';
  const location = [server && `Server=${server}`, database && `Initial Catalog=${database}`].filter(Boolean).join(';');
  const authentication = (parts.get('authentication') ?? '').replace(/"/g, '').toLowerCase();
  const appended = parts.get('managed_identity');
  if (appended !== undefined) return { location, auth: { mode: 'managedIdentity', identity: identityOf(appended) } };
  if (authentication.includes('managed identity')) {
    return { location, auth: { mode: 'managedIdentity', identity: identityOf(parts.get('user id') ?? 'system') } };
  }
  if (authentication.includes('integrated')) return { location, auth: { mode: 'impersonate' } };
  const hasSecret = parts.has('password') || parts.has('pwd') || parts.has('user id') || parts.has('uid');
  if (hasSecret) return { location, auth: { mode: 'keyOrSas' } };
  // A masked part with no key name (`…;*****`) may hide the Authentication keyword itself.
  if (!authentication && text.split(';').some((p) => /^\s*\*{3,}\s*$/.test(p)))
    return { location, auth: { mode: 'hidden' } };
  return { location, auth: /\*{3,}/.test(text) ? { mode: 'keyOrSas' } : { mode: 'none' } };
}

function identityOf(value: string): string {
  return isGuid(value) ? value : value.toLowerCase() === 'system' ? 'system' : 'unknown';
}
