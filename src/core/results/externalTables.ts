// Rows of `.show external tables`, with each connection's authentication read from what stays visible. Secrets are never kept.
import { isGuid } from '../guid';
import { dropUndefined } from './continuousExports';
import { readRows, type ResultTable } from './table';

export type ExternalTableAuth =
  | { readonly mode: 'impersonate' }
  | { readonly mode: 'managedIdentity'; readonly identity: string }
  | { readonly mode: 'keyOrSas' }
  | { readonly mode: 'none' };

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
}

export function parseExternalTableRows(table: ResultTable): ExternalTableRow[] {
  return readRows(table, 'external tables', ['TableName', 'TableType', 'ConnectionStrings'], (row) => {
    const raw = row.dynamic('ConnectionStrings');
    const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
    return dropUndefined({
      name: row.string('TableName'),
      tableType: row.string('TableType'),
      folder: row.optionalString('Folder') || undefined,
      docString: row.optionalString('DocString') || undefined,
      connections: list.filter((c): c is string => typeof c === 'string').map(describeConnection),
    });
  });
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
  // Anything else after the path (`?sv=…` SAS, `;<account key>`, `;token=…`, or the service's `;*****` mask) is a secret.
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
  const hasSecret = parts.has('password') || parts.has('pwd') || parts.has('user id') || parts.has('uid') || /\*{3,}/.test(text);
  return { location, auth: hasSecret ? { mode: 'keyOrSas' } : { mode: 'none' } };
}

function identityOf(value: string): string {
  return isGuid(value) ? value : value.toLowerCase() === 'system' ? 'system' : 'unknown';
}
