// External tables over Azure Storage (identity appended to each URI) or SQL, created in one database.
import { KqlInputError, inField } from '../kql/errors';
import { checkEntityName, quoteName } from '../kql/names';
import { obfuscatedStringLiteral, stringLiteral } from '../kql/literals';
import { checkColumnType, checkObjectId } from '../kql/values';
import { databaseCommand, type ManagementCommand } from './command';

export interface ColumnInput {
  readonly name: string;
  readonly type: string;
}

/** How storage is reached: the caller's own identity, or a managed identity (`system` or an object id). */
export type StorageAuth = 'impersonate' | { readonly managedIdentity: string };

export const STORAGE_FORMATS = [
  'csv',
  'tsv',
  'json',
  'multijson',
  'parquet',
  'avro',
  'apacheavro',
  'orc',
  'txt',
  'raw',
  'psv',
  'scsv',
  'sohsv',
  'tsve',
  'w3clogfile',
] as const;

/** What both kinds share: `.create-or-alter` instead of `.create`, and the table's folder and description. */
interface ExternalTableCommon {
  readonly database: string;
  readonly name: string;
  readonly columns: readonly ColumnInput[];
  /** `.create-or-alter external table`: creates it, or replaces the definition of the table with this name. */
  readonly orAlter?: boolean;
  readonly folder?: string;
  readonly docString?: string;
}

export interface StorageExternalTableInput extends ExternalTableCommon {
  readonly format: string;
  readonly uris: readonly string[];
  readonly auth: StorageAuth;
}

export interface SqlExternalTableInput extends ExternalTableCommon {
  readonly sqlTable: string;
  readonly connectionString: string;
}

/** `(a:int, ['b c']:string)` */
export function columnsText(columns: readonly ColumnInput[]): string {
  if (!Array.isArray(columns) || columns.length === 0)
    throw new KqlInputError('must list at least one column', 'columns');
  const seen = new Set<string>();
  const parts = columns.map((column, i) =>
    inField(`columns[${i}]`, () => {
      const name = quoteName(column.name, 'column', 'name');
      if (seen.has(column.name))
        throw new KqlInputError(`column ${JSON.stringify(column.name)} is declared twice`, 'name');
      seen.add(column.name);
      return `${name}:${checkColumnType(column.type, 'type')}`;
    }),
  );
  return `(${parts.join(', ')})`;
}

function authSuffix(auth: StorageAuth): string {
  if (auth === 'impersonate') return ';impersonate';
  if (typeof auth === 'object' && auth !== null) {
    return `;managed_identity=${checkObjectId(auth.managedIdentity, { allowSystem: true }, 'auth.managedIdentity')}`;
  }
  throw new KqlInputError('must be "impersonate" or {"managedIdentity": "system" | <objectId>}', 'auth');
}

// scheme://… without spaces, `;` or `?` (where a key or SAS would go); `fs@account` is ADLS's form, `user:key@` is not.
const STORAGE_URI = /^[a-z][a-z0-9+.-]*:\/\/[^\s;?]+$/i;
const USER_INFO = /^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i;

function checkUri(uri: unknown): string {
  if (typeof uri === 'string' && USER_INFO.test(uri)) {
    throw new KqlInputError(
      'carries credentials (user:key@host); give the storage URI alone, the identity reaches storage without a key',
    );
  }
  if (typeof uri !== 'string' || !STORAGE_URI.test(uri)) {
    throw new KqlInputError(
      `${JSON.stringify(uri)} is not a storage URI without credentials (https://account.blob.core.windows.net/container)`,
    );
  }
  return uri;
}

/** `.create external table NAME (columns)` or its `-or-alter` form. */
function head(input: ExternalTableCommon): string {
  return `.${input.orAlter ? 'create-or-alter' : 'create'} external table ${quoteName(input.name, 'external table', 'name')} ${columnsText(input.columns)}`;
}

/** ` with (folder="…", docString="…")`, or nothing. */
function withText(input: ExternalTableCommon): string {
  const props: string[] = [];
  for (const key of ['folder', 'docString'] as const) {
    const value = input[key];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw new KqlInputError('must be a string', key);
    props.push(`${key}=${stringLiteral(value)}`);
  }
  return props.length ? ` with (${props.join(', ')})` : '';
}

/**
 * The SQL connection string for a server and database (`Server=…;Initial Catalog=…`, no credentials) and an identity:
 * `Active Directory Integrated` (impersonation), or `Active Directory Managed Identity` with the object id of a
 * user-assigned identity as `User Id` (none for the system-assigned one).
 */
export function sqlConnectionString(location: string, auth: StorageAuth): string {
  const base = location.replace(/;+\s*$/, '');
  if (auth === 'impersonate') return `${base};Authentication=Active Directory Integrated;`;
  const id = checkObjectId(auth.managedIdentity, { allowSystem: true }, 'auth.managedIdentity');
  return `${base};Authentication="Active Directory Managed Identity";${id === 'system' ? '' : `User Id=${id};`}`;
}

export function buildCreateStorageExternalTableCommand(input: StorageExternalTableInput): ManagementCommand {
  const database = checkEntityName(input.database, 'database', 'database');
  const format = input.format;
  if (!(STORAGE_FORMATS as readonly string[]).includes(format)) {
    throw new KqlInputError(
      `${JSON.stringify(format)} is not a data format; use one of ${STORAGE_FORMATS.join(', ')}`,
      'format',
    );
  }
  if (!Array.isArray(input.uris) || input.uris.length === 0)
    throw new KqlInputError('must list at least one URI', 'uris');
  const suffix = authSuffix(input.auth);
  const uris = input.uris.map((uri, i) => inField(`uris[${i}]`, () => obfuscatedStringLiteral(checkUri(uri) + suffix)));
  const text = `${head(input)} kind=storage dataformat=${format} (${uris.join(', ')})${withText(input)}`;
  return databaseCommand(text, database);
}

export function buildCreateSqlExternalTableCommand(input: SqlExternalTableInput): ManagementCommand {
  const database = checkEntityName(input.database, 'database', 'database');
  if (typeof input.connectionString !== 'string' || input.connectionString.trim() === '') {
    throw new KqlInputError('must be a SQL connection string', 'connectionString');
  }
  const text = `${head(input)} kind=sql table=${quoteName(input.sqlTable, 'SQL table', 'sqlTable')} (${obfuscatedStringLiteral(input.connectionString)})${withText(input)}`;
  return databaseCommand(text, database);
}

/** `.show external tables`, sent to the database whose tables are listed. */
export function buildShowExternalTablesCommand(database: string): ManagementCommand {
  return databaseCommand('.show external tables', checkEntityName(database, 'database', 'database'));
}

/** `.show external table NAME cslschema`: its columns as `name:type, …`. */
export function buildShowExternalTableSchemaCommand(database: string, name: string): ManagementCommand {
  return databaseCommand(
    `.show external table ${quoteName(name, 'external table', 'name')} cslschema`,
    checkEntityName(database, 'database', 'database'),
  );
}
