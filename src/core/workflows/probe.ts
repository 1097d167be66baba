// `probe`: every Kusto read the product relies on (only `.show` commands), each answer judged against the declared
// shapes, and a report a user can attach to a bug report (names, ids and secrets redacted).
import {
  buildShowClusterPrincipalsCommand,
  buildShowContinuousExportCommand,
  buildShowContinuousExportsCommand,
  buildShowDatabasePrincipalsCommand,
  buildShowDatabasesCommand,
  buildShowDatabasesDetailsCommand,
  buildShowExportedArtifactsCommand,
  buildShowExportFailuresCommand,
  buildShowExternalTablesCommand,
  buildShowExternalTableSchemaCommand,
  buildShowFunctionsCommand,
  buildShowPolicyCommand,
  buildShowStreamingIngestionPolicyCommand,
  buildShowUpdatePoliciesCommand,
  databaseCommand,
  type ManagementCommand,
} from '../commands';
import { redact } from '../operations/redact';
import { judgeAnswer, type AnswerStatus } from '../results/conformance';
import type { ShapeId } from '../results/shapes';
import type { ResultTable } from '../results/table';

export interface ProbeRead {
  readonly command: ManagementCommand;
  readonly shape: ShapeId;
}

/** The reads of the cluster itself. */
export function clusterReads(): ProbeRead[] {
  return [
    { command: buildShowPolicyCommand({ scope: 'cluster' }), shape: 'managedIdentityPolicy' },
    { command: buildShowClusterPrincipalsCommand(), shape: 'principals' },
    { command: buildShowDatabasesCommand(), shape: 'databases' },
    { command: buildShowDatabasesDetailsCommand(), shape: 'databaseDetails' },
  ];
}

/** The reads of one database the tree, the readiness checks and the report make. */
export function databaseReads(db: string): ProbeRead[] {
  return [
    { command: buildShowPolicyCommand({ scope: 'database', database: db }), shape: 'managedIdentityPolicy' },
    { command: buildShowDatabasePrincipalsCommand(db), shape: 'principals' },
    { command: databaseCommand('.show tables', db), shape: 'tables' },
    { command: buildShowStreamingIngestionPolicyCommand(db), shape: 'streamingIngestionPolicy' },
    { command: buildShowExternalTablesCommand(db), shape: 'externalTables' },
    { command: buildShowFunctionsCommand(db), shape: 'functions' },
    { command: buildShowUpdatePoliciesCommand(db), shape: 'updatePolicies' },
    { command: buildShowContinuousExportsCommand(db), shape: 'continuousExports' },
  ];
}

/** Reads that need a name from an earlier answer: one external table's columns, one export's details and history. */
export function followUpReads(db: string, externalTable?: string, exportName?: string): ProbeRead[] {
  return [
    ...(externalTable
      ? [{ command: buildShowExternalTableSchemaCommand(db, externalTable), shape: 'externalTableSchema' as const }]
      : []),
    ...(exportName
      ? [
          { command: buildShowContinuousExportCommand(db, exportName), shape: 'continuousExports' as const },
          { command: buildShowExportFailuresCommand(db, exportName), shape: 'exportFailures' as const },
          { command: buildShowExportedArtifactsCommand(db, exportName), shape: 'exportedArtifacts' as const },
        ]
      : []),
  ];
}

/** A first cell of a column by name, as text (to find a database, an external table or an export to follow up). */
export function firstText(table: ResultTable, column: string): string | undefined {
  const i = table.columns.findIndex((c) => c.name.toLowerCase() === column.toLowerCase());
  const v = i < 0 ? undefined : table.rows[0]?.[i];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export type ProbeStatus = AnswerStatus | 'error';

export interface ProbeEntry {
  /** The command with names replaced by placeholders. */
  readonly command: string;
  /** The declared Kusto shape, or `arm` for an ARM GET. */
  readonly shape: ShapeId | 'arm';
  readonly status: ProbeStatus;
  readonly layout?: string;
  readonly notes: readonly string[];
  readonly columns?: readonly string[];
  readonly rows?: number;
  /** The kind of each value of the first row (never the value). */
  readonly sample?: Readonly<Record<string, string>>;
}

export interface ProbeReport {
  readonly tool: 'adx-identity probe';
  readonly version: 1;
  readonly takenAt: string;
  readonly summary: Readonly<Record<ProbeStatus, number>>;
  /** What was not probed and why (ARM reads when the caller has no ARM access). */
  readonly notProbed: readonly string[];
  readonly reads: readonly ProbeEntry[];
}

/** Replaces the names a report must not carry (cluster host, database, tables, exports), GUIDs and secrets. */
export class Redactor {
  private readonly names = new Map<string, string>();
  constructor(clusterUri: string) {
    const host = /^[a-z]+:\/\/([^/]+)/i.exec(clusterUri)?.[1];
    if (host) this.names.set(host, '<cluster>');
  }
  name(value: string, kind: string): void {
    if (value && !this.names.has(value)) this.names.set(value, `<${kind}${this.names.size}>`);
  }
  text(value: string): string {
    let out = redact(value).replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<guid>');
    // Whole names only, longest first: a database called `a` must not eat every letter a.
    for (const [name, placeholder] of [...this.names].sort((a, b) => b[0].length - a[0].length)) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, 'g'), placeholder);
    }
    return out;
  }
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    if (value === '') return 'string(empty)';
    const t = value.trim();
    if (/^[[{]/.test(t)) {
      try {
        const j = JSON.parse(t) as unknown;
        return Array.isArray(j) ? `json-array(${j.length})` : 'json-object';
      } catch {
        return `string(${value.length})`;
      }
    }
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(t)) return 'guid';
    return `string(${value.length})`;
  }
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}

/** One report entry: the verdict with names redacted, the columns and the kinds of the first row's values. */
export function probeEntry(read: ProbeRead, table: ResultTable, r: Redactor): ProbeEntry {
  const verdict = judgeAnswer(table, read.shape);
  return {
    command: r.text(read.command.text),
    shape: read.shape,
    status: verdict.status,
    ...(verdict.layout ? { layout: verdict.layout } : {}),
    notes: verdict.notes.map((n) => r.text(n)),
    columns: table.columns.map((c) => `${c.name}${c.type ? `:${c.type}` : ''}`),
    rows: table.rows.length,
    ...(table.rows.length
      ? { sample: Object.fromEntries(table.columns.map((c, i) => [c.name, kindOf(table.rows[0][i])])) }
      : {}),
  };
}

export function errorEntry(read: ProbeRead, message: string, r: Redactor): ProbeEntry {
  return { command: r.text(read.command.text), shape: read.shape, status: 'error', notes: [r.text(message)] };
}

export function probeReport(entries: readonly ProbeEntry[], notProbed: readonly string[], at: Date): ProbeReport {
  const count = (s: ProbeStatus): number => entries.filter((e) => e.status === s).length;
  return {
    tool: 'adx-identity probe',
    version: 1,
    takenAt: at.toISOString(),
    summary: { ok: count('ok'), variant: count('variant'), unknown: count('unknown'), error: count('error') },
    notProbed,
    reads: entries,
  };
}

const LABEL: Readonly<Record<ProbeStatus, string>> = {
  ok: 'ok',
  variant: 'variant (read)',
  unknown: 'UNKNOWN SHAPE',
  error: 'not read',
};

export function formatProbeText(report: ProbeReport): string {
  const lines = report.reads.map((e) =>
    [`${LABEL[e.status].padEnd(15)} ${e.command}`, ...e.notes.map((n) => `${' '.repeat(16)}${n}`)].join('\n'),
  );
  const s = report.summary;
  return `${[
    ...lines,
    '',
    `${s.ok} ok, ${s.variant} variant (read), ${s.unknown} unknown shape, ${s.error} not read.`,
    ...report.notProbed.map((n) => `Not probed: ${n}`),
  ].join('\n')}\n`;
}

const IDENTITY_TYPES = ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An ARM cluster's `identity` as the product reads it (api-version 2023-08-15): ok, variant or unknown, with why. */
export function judgeArmIdentity(identity: unknown): { status: AnswerStatus; notes: string[] } {
  if (identity === undefined || identity === null)
    return { status: 'variant', notes: ['no identity key (a cluster without identities): read as type None'] };
  const id = identity as {
    type?: unknown;
    principalId?: unknown;
    userAssignedIdentities?: Record<string, { principalId?: unknown; clientId?: unknown } | null>;
  };
  const problems: string[] = [];
  const type = typeof id.type === 'string' ? id.type : '';
  if (!IDENTITY_TYPES.includes(type))
    problems.push(`identity.type ${JSON.stringify(id.type)} is none of ${IDENTITY_TYPES.join(' | ')}`);
  if (type.includes('SystemAssigned') && !(typeof id.principalId === 'string' && GUID.test(id.principalId)))
    problems.push('identity.principalId is not a GUID although the type includes SystemAssigned');
  for (const [key, v] of Object.entries(id.userAssignedIdentities ?? {})) {
    if (v === null) continue;
    if (!(
      typeof v.principalId === 'string' &&
      GUID.test(v.principalId) &&
      typeof v.clientId === 'string' &&
      GUID.test(v.clientId)
    ))
      problems.push(`userAssignedIdentities[${key.split('/').pop()}] lacks a GUID principalId or clientId`);
  }
  return problems.length ? { status: 'unknown', notes: problems } : { status: 'ok', notes: [] };
}

/** A value ARM gives in a field the product reads: ok when it is one of those it knows. */
export function judgeArmValue(
  field: string,
  value: unknown,
  known: readonly string[],
): { status: AnswerStatus; notes: string[] } {
  return typeof value === 'string' && known.includes(value)
    ? { status: 'ok', notes: [] }
    : { status: 'unknown', notes: [`${field} ${JSON.stringify(value)} is none of ${known.join(' | ')}`] };
}

/** An ARM GET's entry in the report. */
export function armEntry(
  command: string,
  verdicts: readonly { status: AnswerStatus; notes: string[] }[],
  r: Redactor,
): ProbeEntry {
  const status: AnswerStatus = verdicts.some((v) => v.status === 'unknown')
    ? 'unknown'
    : verdicts.some((v) => v.status === 'variant')
      ? 'variant'
      : 'ok';
  return {
    command: r.text(command),
    shape: 'arm',
    status,
    notes: [...new Set(verdicts.flatMap((v) => v.notes))].map((n) => r.text(n)),
    rows: verdicts.length,
  };
}
