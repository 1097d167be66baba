// Runs `probe` on a live cluster: every Kusto read the product relies on, through the one client, read-only.
import {
  clusterReads,
  databaseReads,
  errorEntry,
  firstText,
  followUpReads,
  probeEntry,
  probeReport,
  Redactor,
  type ProbeEntry,
  type ProbeRead,
  type ProbeReport,
} from '../core/workflows/probe';
import { permissionFor } from '../core/operations/preflight';
import type { Catalog, ClusterRef } from './catalog';
import { probeArm } from './probeArm';
import type { ResultTable } from './model';

export interface ProbeOptions {
  /** The database to probe; default: the first one `.show databases` lists. */
  readonly database?: string;
  /** Also the ARM GETs (tree clusters known through ARM). */
  readonly arm?: boolean;
  /** What is not probed and why (e.g. ARM reads without ARM access). */
  readonly notProbed?: readonly string[];
  readonly now?: Date;
}

/** Only `.show` commands are ever sent: asserted here before each one, and by a test on the wire. */
function assertRead(read: ProbeRead): void {
  if (!/^\.show\s/i.test(read.command.text)) throw new Error(`probe refuses to send a non-read: ${read.command.text}`);
}

export async function probeCluster(
  catalog: Catalog,
  ref: ClusterRef,
  options: ProbeOptions = {},
): Promise<ProbeReport> {
  const redactor = new Redactor(ref.cluster.uri);
  const entries: ProbeEntry[] = [];
  const run = async (read: ProbeRead): Promise<ResultTable | undefined> => {
    assertRead(read);
    try {
      const table = await catalog.kusto.run(catalog.target(ref), read.command, {
        action: `run ${read.command.text}`,
        permission: permissionFor(read.command.text),
      });
      entries.push(probeEntry(read, table, redactor));
      return table;
    } catch (e) {
      entries.push(errorEntry(read, e instanceof Error ? e.message : String(e), redactor));
      return undefined;
    }
  };
  let databases: ResultTable | undefined;
  for (const read of clusterReads()) {
    const table = await run(read);
    if (read.shape === 'databases') databases = table;
  }
  const db = options.database ?? (databases && firstText(databases, 'DatabaseName'));
  if (db) {
    redactor.name(db, 'database');
    const answers = new Map<string, ResultTable | undefined>();
    for (const read of databaseReads(db)) answers.set(read.shape, await run(read));
    const external = answers.get('externalTables') && firstText(answers.get('externalTables')!, 'TableName');
    const exportName = answers.get('continuousExports') && firstText(answers.get('continuousExports')!, 'Name');
    if (external) redactor.name(external, 'table');
    if (exportName) redactor.name(exportName, 'export');
    for (const read of followUpReads(db, external, exportName)) await run(read);
  }
  if (options.arm) entries.push(...(await probeArm(catalog, ref, db, redactor)));
  // Names learnt late are redacted in every entry, not only in those after them.
  const redacted = entries.map((e) => ({
    ...e,
    command: redactor.text(e.command),
    notes: e.notes.map((n) => redactor.text(n)),
  }));
  const notProbed = [...(options.notProbed ?? []), ...(db ? [] : ['database reads: no database could be listed'])];
  return probeReport(redacted, notProbed, options.now ?? new Date());
}
