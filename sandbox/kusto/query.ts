// Just enough query language for tests: `T`, `T | take N`, `T | limit N`, `T | count`, `database('X').T …`, `print x=1`.
import { findDatabase } from '../state';
import type { ClusterState } from '../types';
import { KustoError, Schema } from './results';

export interface QueryResult {
  schema: Schema;
  rows: unknown[][];
  inBandError?: { code: string; message: string };
}

const semantic = (message: string) =>
  new KustoError(400, 'General_BadRequest', 'Kusto.Data.Exceptions.SemanticException', message);

export function runQuery(cluster: ClusterState, contextDb: string | undefined, text: string): QueryResult {
  const query = text
    .replace(/\/\/[^\n]*/g, '')
    .trim()
    .replace(/;\s*$/, '');
  const print = /^print\s+(?:(\w+)\s*=\s*)?(.+)$/is.exec(query);
  if (print) {
    const raw = print[2].trim();
    const value = /^-?\d+$/.test(raw) ? Number(raw) : raw.replace(/^(['"])(.*)\1$/s, '$2');
    return { schema: [[print[1] ?? 'print_0', typeof value === 'number' ? 'long' : 'string']], rows: [[value]] };
  }
  const m =
    /^(?:database\s*\(\s*['"]([^'"]+)['"]\s*\)\s*\.\s*)?(\[\s*['"][^'"]+['"]\s*\]|[A-Za-z_]\w*)\s*((?:\|\s*\w+[^|]*)*)$/s.exec(
      query,
    );
  if (!m)
    throw new KustoError(
      400,
      'BadRequest_SyntaxError',
      'Kusto.Data.Exceptions.SyntaxException',
      `Syntax error: the sandbox serves only 'T', 'T | take N', 'T | count' and 'print' queries.`,
    );
  const dbName = m[1] ?? contextDb;
  const db = dbName ? findDatabase(cluster, dbName) : undefined;
  if (!db)
    throw new KustoError(
      400,
      'BadRequest_EntityNotFound',
      'Kusto.Data.Exceptions.EntityNotFoundException',
      `Database '${dbName ?? ''}' was not found.`,
    );
  const tableName = m[2].replace(/^\[\s*['"]|['"]\s*\]$/g, '');
  const table = db.tables.find((t) => t.name.toLowerCase() === tableName.toLowerCase());
  if (!table)
    throw semantic(
      `Semantic error: SEM0100: 'take' operator: Failed to resolve table or column expression named '${tableName}'`,
    );
  let schema: Schema = table.columns.map((c) => [c.name, c.type]);
  let rows = table.rows;
  for (const op of m[3]
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const take = /^(?:take|limit)\s+(\d+)$/i.exec(op);
    if (take) {
      rows = rows.slice(0, Number(take[1]));
      continue;
    }
    if (/^count$/i.test(op)) {
      schema = [['Count', 'long']];
      rows = [[rows.length]];
      continue;
    }
    throw new KustoError(
      400,
      'BadRequest_SyntaxError',
      'Kusto.Data.Exceptions.SyntaxException',
      `Syntax error: the sandbox does not serve the operator '${op.split(/\s/)[0]}'.`,
    );
  }
  const failing = table.inBandError;
  return { schema, rows, inBandError: failing ? { code: 'LimitsExceeded', message: failing } : undefined };
}
