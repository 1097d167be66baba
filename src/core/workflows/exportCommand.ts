// Rebuilds a continuous export's `.create-or-alter` from what `.show continuous-exports` returns, through the core builder.
import {
  buildCreateOrAlterContinuousExportCommand,
  EXPORT_DISTRIBUTIONS,
  type ContinuousExportInput,
} from '../commands/continuousExport';
import type { ManagementCommand } from '../commands/command';
import { parseTimespan } from '../kql/values';
import type { ContinuousExportRow } from '../results/continuousExports';

/** `01:00:00` → `1h`: the unit form every parser accepts as a property value. */
export function compactTimespan(text: string): string | undefined {
  let ms: number;
  try {
    ms = parseTimespan(text).milliseconds;
  } catch {
    return undefined;
  }
  if (ms <= 0) return undefined;
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms)}ms`;
}

/** `['Db'].['T']`, `[Db].[T]` or `T` → `T`. */
export function tableOfCursor(scoped: string): string {
  const parts = [...scoped.matchAll(/\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[([^\]'"]*)\]|([^.[\]\s]+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? m[4],
  );
  return parts[parts.length - 1] ?? scoped;
}

const prop = (e: ContinuousExportRow, key: string): unknown => {
  const k = Object.keys(e.exportProperties).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : e.exportProperties[k];
};

const asNumber = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
const asBool = (v: unknown): boolean | undefined =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;

export interface ExportOverrides {
  readonly managedIdentity?: string;
  readonly intervalBetweenRuns?: string;
}

/** The export as a builder input; properties the builder cannot carry over are left out. */
export function exportInput(
  database: string,
  e: ContinuousExportRow,
  overrides: ExportOverrides = {},
): ContinuousExportInput {
  const interval =
    overrides.intervalBetweenRuns ?? (e.intervalBetweenRuns ? compactTimespan(e.intervalBetweenRuns) : undefined);
  const latency = e.forcedLatency ? compactTimespan(e.forcedLatency) : undefined;
  const sizeLimit = asNumber(prop(e, 'sizeLimit'));
  const distributed = asBool(prop(e, 'distributed'));
  const rowGroup = asNumber(prop(e, 'parquetRowGroupSize'));
  // Services may print the value PascalCase (`PerNode`): compared without case or underscores.
  const fold = (v: unknown): string => String(v).replace(/_/g, '').toLowerCase();
  const distribution = EXPORT_DISTRIBUTIONS.find((d) => fold(d) === fold(prop(e, 'distribution')));
  const over = e.cursorScopedTables.map(tableOfCursor).filter(Boolean);
  const identity = overrides.managedIdentity ?? e.managedIdentity;
  return {
    database,
    name: e.name,
    externalTable: e.externalTableName,
    query: e.query,
    ...(over.length ? { overTables: over } : {}),
    ...(identity ? { managedIdentity: identity } : {}),
    ...(interval ? { intervalBetweenRuns: interval } : {}),
    ...(latency ? { forcedLatency: latency } : {}),
    ...(sizeLimit ? { sizeLimit } : {}),
    ...(distributed !== undefined ? { distributed } : {}),
    ...(rowGroup ? { parquetRowGroupSize: rowGroup } : {}),
    ...(distribution ? { distribution } : {}),
  };
}

/** `.create-or-alter continuous-export` recreating the export (with overrides), identity quoted. */
export function buildRecreateExportCommand(
  database: string,
  e: ContinuousExportRow,
  overrides: ExportOverrides = {},
): ManagementCommand {
  return exportCommandFromInput(exportInput(database, e, overrides));
}

/** The builder's command, except that an export stored without an identity stays without one (the builder defaults to "system"). */
export function exportCommandFromInput(input: ContinuousExportInput): ManagementCommand {
  const command = buildCreateOrAlterContinuousExportCommand(input);
  if (input.managedIdentity !== undefined) return command;
  const text = command.text
    .replace(/ with \(managedIdentity="system"\)/, '')
    .replace(/ with \(managedIdentity="system", /, ' with (');
  return { ...command, text };
}
