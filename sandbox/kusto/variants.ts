// `--variant docs`: answers in the forms the docs pages print, where they differ from the sandbox's default reading.
import type { ServerResponse } from 'node:http';
import type { ExternalTableState, SandboxState } from '../types';
import { Schema, V1Table, v1Table } from './results';

export const docsVariant = (state: SandboxState) => state.variant === 'docs';

/** show-managed-identity-policy page: one row `(EntityName, Policies)`; a policy never set shows as `[]`. */
export function policiesTable(entityName: string, policyJson: string): V1Table {
  return v1Table(
    [
      ['EntityName', 'string'],
      ['Policies', 'string'],
    ],
    [[entityName, policyJson === 'null' ? '[]' : policyJson]],
  );
}

/** external-tables-azure-storage page sample: everything after the location is `;*******`, the auth mode included. */
export function maskAfterLocation(cs: string): string {
  const text = cs.trim();
  const location = text.split(/[?;]/, 1)[0];
  return location.length < text.length ? `${location};*******` : text;
}

/** Secrets inside a SQL connection string, for the TargetEntityConnectionString property. */
const maskSqlSecrets = (cs: string) => cs.replace(/(password|pwd)\s*=\s*[^;]*/gi, '$1=*******');

// Data format names as the docs' Properties sample prints them (`"Format":"Csv"`).
const FORMATS: Record<string, string> = {
  csv: 'Csv',
  tsv: 'Tsv',
  json: 'Json',
  multijson: 'MultiJson',
  parquet: 'Parquet',
  avro: 'Avro',
  orc: 'Orc',
  txt: 'Txt',
  psv: 'Psv',
  scsv: 'Scsv',
  sohsv: 'SohSv',
  tsve: 'TsvE',
  w3clogfile: 'W3CLogFile',
  apacheavro: 'ApacheAvro',
};

/** Properties as the storage page (Format, Compressed, …) or the SQL page (TargetEntityKind, …) prints them. */
export function externalTableProperties(t: ExternalTableState): Record<string, unknown> {
  if (t.kind === 'sql') {
    return {
      TargetEntityKind: 'sqltable',
      TargetEntityName: t.sqlTable ?? null,
      TargetEntityConnectionString: maskSqlSecrets(t.connectionStrings[0] ?? ''),
    };
  }
  const format = t.dataFormat?.toLowerCase();
  return {
    Format: format ? (FORMATS[format] ?? format) : null,
    Compressed: false,
    CompressionType: null,
    FileExtension: null,
    IncludeHeaders: 'None',
    Encoding: null,
    NamePrefix: null,
  };
}

// Export properties as create-alter-continuous prints them: PascalCase keys, numbers and booleans as JSON values.
const EXPORT_KEYS: Record<string, string> = {
  sizelimit: 'SizeLimit',
  distributed: 'Distributed',
  distribution: 'Distribution',
  distributionkind: 'DistributionKind',
  parquetrowgroupsize: 'ParquetRowGroupSize',
  usenativeparquetwriter: 'UseNativeParquetWriter',
  managedidentity: 'ManagedIdentity',
};

export function exportProperties(raw: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = k.toLowerCase();
    if (key === 'intervalbetweenruns' || key === 'forcedlatency' || key === 'isdisabled') continue;
    const text = v.startsWith('"') ? (JSON.parse(v) as string) : v;
    out[EXPORT_KEYS[key] ?? k[0].toUpperCase() + k.slice(1)] = /^-?\d+$/.test(text)
      ? Number(text)
      : /^(true|false)$/i.test(text)
        ? text.toLowerCase() === 'true'
        : text;
  }
  return out;
}

/** show-continuous-export page: CursorScopedTables and ExportProperties are `string` columns (JSON serialized). */
export function exportSchema(schema: Schema): Schema {
  return schema.map(([n, t]) => [n, n === 'CursorScopedTables' || n === 'ExportProperties' ? 'string' : t]);
}

/** REST response page: a 401's body is not a JSON document. */
export function sendUnauthorizedText(res: ServerResponse, why: string): void {
  res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
  res.end(`401 Unauthorized: ${why}`);
}
