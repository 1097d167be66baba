// `probe`: every Kusto read the product relies on (only `.show` commands), each answer judged against the declared
// shapes, and a report a user can attach to a bug report (names, ids and secrets redacted).
import {
  buildShowClusterPrincipalsCommand,
  buildShowContinuousExportCommand,
  buildShowContinuousExportsCommand,
  buildShowDatabasePrincipalsCommand,
  buildShowDatabasesCommand,
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
  readonly shape: ShapeId;
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
