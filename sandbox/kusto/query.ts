// Just enough query language for tests: `T`, `T | take N`, `T | limit N`, `T | count`, `database('X').T …`, `print x=1`.
import { findDatabase } from '../state';
import type { ClusterState } from '../types';
import { KustoError, notFound, Schema, semanticError } from './results';

export interface QueryResult {
  schema: Schema;
  rows: unknown[][];
  inBandError?: { code: string; message: string };
}

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
  if (!db) throw notFound('Database', dbName ?? '');
  const tableName = m[2].replace(/^\[\s*['"]|['"]\s*\]$/g, '');
  const table = db.tables.find((t) => t.name.toLowerCase() === tableName.toLowerCase());
  if (!table)
    throw semanticError('SEM0100', `'table' operator: Failed to resolve table expression named '${tableName}'`);
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
