// Judges a live answer against the declared shapes: ok (the primary layout), variant (a documented variant, read), or
// unknown (the parsers cannot read it, with the reason). `probe` reports this per command.
import { isGuid } from '../guid';
import { parseTableNames, parseStreamingIngestionEnabled } from '../workflows/results';
import { parseContinuousExportRows, parseExportFailureRows, parseExportedArtifactRows } from './continuousExports';
import { parseDatabaseDetailsRows, parseDatabaseRows } from './databases';
import { NOT_RETURNED, parseExternalTableRows, parseExternalTableSchema } from './externalTables';
import { parseFunctionRows } from './functions';
import { parsePolicyRows } from './policy';
import { parsePrincipalRows } from './principals';
import { kustoType, matchLayout, SHAPES, type Layout, type ShapeId } from './shapes';
import type { ResultTable } from './table';
import { parseUpdatePolicyRows } from './updatePolicies';

/** The parser the product runs on each answer: `probe` runs the very same one. */
export const PARSERS: Readonly<Record<ShapeId, (table: ResultTable) => unknown>> = {
  managedIdentityPolicy: parsePolicyRows,
  principals: parsePrincipalRows,
  databases: parseDatabaseRows,
  databaseDetails: parseDatabaseDetailsRows,
  tables: parseTableNames,
  streamingIngestionPolicy: parseStreamingIngestionEnabled,
  updatePolicies: parseUpdatePolicyRows,
  externalTables: parseExternalTableRows,
  externalTableSchema: parseExternalTableSchema,
  functions: parseFunctionRows,
  continuousExports: parseContinuousExportRows,
  exportFailures: parseExportFailureRows,
  exportedArtifacts: parseExportedArtifactRows,
};

export type AnswerStatus = 'ok' | 'variant' | 'unknown';

export interface AnswerVerdict {
  readonly status: AnswerStatus;
  /** The documented layout it matched. */
  readonly layout?: string;
  /** Why it is a variant or unknown; empty when ok. */
  readonly notes: readonly string[];
}

/** Whether a cell holds what the column's declared format says (empty and null cells always do). */
function formatProblem(value: unknown, format: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let v: unknown = value;
  if (typeof v === 'string' && format.startsWith('json')) {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return 'expected JSON';
    }
    if (v === null) return undefined;
  }
  switch (format) {
    case 'guid':
      return typeof v === 'string' && isGuid(v) ? undefined : 'expected a GUID';
    case 'json-array':
      return Array.isArray(v) ? undefined : 'expected a JSON array';
    case 'json-object':
      return typeof v === 'object' && !Array.isArray(v) ? undefined : 'expected a JSON object';
    case 'fqn':
      return typeof v === 'string' && /^[a-z]+=/i.test(v) ? undefined : 'expected kind=id;tenant';
    default:
      return undefined;
  }
}

/** Variants inside the values that the parsers read but a user should know of (they change what checks can see). */
function valueNotes(id: ShapeId, parsed: unknown): string[] {
  if (id === 'externalTables') {
    const rows = parsed as ReturnType<typeof parseExternalTableRows>;
    const hidden = rows.filter((t) => t.connections.some((c) => c.auth.mode === 'hidden'));
    const absent = rows.filter((t) => t.connections.some((c) => c.location === NOT_RETURNED));
    return [
      ...(absent.length
        ? [`${absent.length} table(s) without connection strings in the answer (auth mode hidden)`]
        : []),
      ...(hidden.length > absent.length
        ? [`${hidden.length - absent.length} table(s) with connection strings masked after ";" (auth mode hidden)`]
        : []),
    ];
  }
  if (id === 'continuousExports') {
    const rows = parsed as ReturnType<typeof parseContinuousExportRows>;
    const pascal = rows.filter((e) => Object.keys(e.exportProperties).some((k) => /^[A-Z]/.test(k)));
    return pascal.length ? [`ExportProperties written PascalCase in ${pascal.length} export(s)`] : [];
  }
  return [];
}

/** The verdict on one answer; never throws. */
export function judgeAnswer(table: ResultTable, id: ShapeId): AnswerVerdict {
  let layout: Layout;
  try {
    layout = matchLayout(table, SHAPES[id]);
  } catch (e) {
    return { status: 'unknown', notes: [e instanceof Error ? e.message : String(e)] };
  }
  const notes: string[] = [];
  const problems: string[] = [];
  if (layout !== SHAPES[id].layouts[0]) notes.push(`documented variant: ${layout.name} (${layout.source})`);
  for (const c of layout.columns) {
    const i = table.columns.findIndex((x) => x.name.toLowerCase() === c.name.toLowerCase());
    if (i < 0) continue;
    const type = table.columns[i].type;
    if (type && !c.types.includes(kustoType(type)))
      notes.push(`column ${c.name} arrives as ${type} (declared ${c.types.join(' or ')})`);
    const format = c.format;
    if (!format) continue;
    table.rows.forEach((row, r) => {
      const problem = formatProblem(row[i], format);
      if (problem) problems.push(`row ${r}, column ${c.name}: ${problem}`);
    });
  }
  let parsed: unknown;
  try {
    parsed = PARSERS[id](table);
  } catch (e) {
    problems.push(`the product's parser refuses it: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (problems.length) return { status: 'unknown', layout: layout.name, notes: [...problems.slice(0, 5), ...notes] };
  notes.push(...valueNotes(id, parsed));
  return { status: notes.length ? 'variant' : 'ok', layout: layout.name, notes };
}
