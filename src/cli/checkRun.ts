// How `check` reads a cluster: a per-request timeout, a whole-run deadline, progress on stderr while it waits, and the
// reads that failed (each with the command and the role it needs), which make the verdict incomplete: exit 2.
import type { ClusterFacts } from '../core/workflows/types';
import type { CliIo } from './io';

export interface RunLimits {
  /** Per request (`--timeout`, seconds on the command line). */
  readonly timeoutMs: number;
  /** The whole run (`--deadline`). */
  readonly deadlineMs: number;
  /** How often "still reading" is printed while reads are pending. */
  readonly progressMs: number;
}

export const DEFAULT_TIMEOUT_S = 60;
export const DEFAULT_DEADLINE_S = 300;

/** `--timeout` / `--deadline` in seconds, or the problem with them. */
export function limitsFrom(o: Record<string, string>, progressMs = 10_000): RunLimits | { problem: string } {
  const seconds = (key: string, fallback: number): number | undefined => {
    const v = o[key];
    if (v === undefined) return fallback;
    return /^\d+(\.\d+)?$/.test(v) && Number(v) > 0 ? Number(v) : undefined;
  };
  const timeout = seconds('timeout', DEFAULT_TIMEOUT_S);
  if (timeout === undefined) return { problem: '--timeout must be a number of seconds above 0' };
  const deadline = seconds('deadline', Math.max(DEFAULT_DEADLINE_S, timeout));
  if (deadline === undefined) return { problem: '--deadline must be a number of seconds above 0' };
  return { timeoutMs: timeout * 1000, deadlineMs: deadline * 1000, progressMs };
}

export class DeadlineExceeded extends Error {}

/** Runs the reads with progress on stderr; rejects with DeadlineExceeded when the whole run takes too long. */
export async function readWithin<T>(io: CliIo, what: string, limits: RunLimits, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const secs = (ms: number): string => `${Math.round(ms / 1000)} s`;
  let stop = (): void => undefined;
  const expired = new Promise<never>((_, reject) => {
    const deadline = setTimeout(() => reject(new DeadlineExceeded()), limits.deadlineMs);
    const progress = setInterval(
      () =>
        io.stderr(
          `adx-identity check: still reading ${what} after ${secs(Date.now() - started)} ` +
            `(timeout ${secs(limits.timeoutMs)} per request, deadline ${secs(limits.deadlineMs)})\n`,
        ),
      limits.progressMs,
    );
    stop = () => {
      clearTimeout(deadline);
      clearInterval(progress);
    };
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    stop();
  }
}

export interface FailedRead {
  /** What was read, e.g. `.show database Archive principals`. */
  readonly read: string;
  /** The role the read needs. */
  readonly role: string;
  readonly error: string;
}

const VIEWER = (db: string): string => `Database Viewer (or higher) on ${db}`;
const MONITOR = 'AllDatabasesMonitor (or AllDatabasesViewer / Admin) on the cluster';

/** The command each fact is read with, and the role it needs. */
function describe(key: string, database?: string): { read: string; role: string } {
  if (database === undefined) {
    if (key === 'clusterPolicy') return { read: '.show cluster policy managed_identity', role: MONITOR };
    if (key === 'clusterPrincipals') return { read: '.show cluster principals', role: MONITOR };
    if (key === 'databases') return { read: '.show databases', role: 'any database role on the cluster' };
    return { read: key, role: MONITOR };
  }
  const [kind, name] = key.split(':');
  const reads: Record<string, string> = {
    policy: `.show database ${database} policy managed_identity`,
    principals: `.show database ${database} principals`,
    tables: `.show tables (in ${database})`,
    streamingIngestion: `.show database ${database} policy streamingingestion`,
    externalTables: `.show external tables (in ${database})`,
    exports: `.show continuous-exports (in ${database})`,
    updatePolicies: `.show table * policy update (in ${database})`,
    functions: `.show functions (in ${database})`,
    columns: `.show external table ${name} cslschema (in ${database})`,
    failures: `.show continuous-export ${name} failures (in ${database})`,
  };
  if (kind === 'dataConnections')
    return {
      read: `ARM data connections of ${database}`,
      role: 'Reader on the cluster (Microsoft.Kusto/clusters/databases/dataConnections/read)',
    };
  return { read: reads[kind] ?? `${key} of ${database}`, role: VIEWER(database) };
}

/** Every read that failed while gathering the facts (a 403, a 500, a timeout): not "unknown", an incomplete check. */
export function failedReads(facts: ClusterFacts): FailedRead[] {
  return [
    ...Object.entries(facts.errors).map(([k, error]) => ({ ...describe(k), error })),
    ...facts.databases.flatMap((d) =>
      Object.entries(d.errors).map(([k, error]) => ({ ...describe(k, d.name), error })),
    ),
  ];
}

export function formatFailedReads(reads: readonly FailedRead[]): string {
  const lines = [
    `adx-identity check: ${reads.length} read${reads.length === 1 ? '' : 's'} failed, so the verdict is incomplete (exit 2):`,
  ];
  for (const r of reads) lines.push(`  ${r.read}: ${r.error}`, `    needs ${r.role}`);
  return `${lines.join('\n')}\n`;
}
