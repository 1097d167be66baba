// Readiness of one workflow and the cluster report on 50 databases, as the extension runs them (cluster found through
// ARM first, then only the check's own requests counted): sequential waves, requests per database, duplicates. The 50
// databases hold the sandbox's deterministic `mixed` contents (SCALE_MIX), not 50 empty databases.
import { SCALE_MIX } from '../sandbox';
import { clientRun, sandboxProcess } from './host/sandbox-process';
import { summarize } from './measure';
import type { BenchResult } from './run';

const LATENCY_MS = 50;
const DATABASES = 50;
const RUNS = 3;

interface Checked {
  ms: number;
  requests: number;
  waves: number;
  duplicates: number;
  outcome: string;
  paths: string[];
}

/** How many times each string stands in the list, in order of first appearance. */
function tally(list: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of list) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}

/**
 * The requests of a run by what they read: each Kusto command with its database name replaced by DB, each ARM path
 * with its cluster and database replaced, most frequent first ("50× .show database DB principals; …").
 */
function byKind(paths: readonly string[]): string {
  const kinds = paths.map((p) => {
    const csl = /"csl":"((?:[^"\\]|\\.)*)"/.exec(p)?.[1];
    if (csl !== undefined) return csl.replace(/\bdatabase (?:\S+)/, 'database DB');
    const [method, path = ''] = p.split(' ');
    const where = path
      .replace(/\?.*$/, '')
      .replace(/^.*\/clusters\/[^/]+/, 'ARM cluster')
      .replace(/\/databases\/[^/]+/, '/databases/DB');
    return `${method} ${where}`;
  });
  return [...tally(kinds)]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n}× ${k}`)
    .join('; ');
}

export default async function readinessBench(): Promise<BenchResult> {
  const sandbox = await sandboxProcess({
    latencyMs: LATENCY_MS,
    scale: { subscriptions: 1, clustersPerSubscription: 1, databasesPerCluster: DATABASES, contents: 'mixed' },
    withDefault: true,
  });
  try {
    const info = JSON.stringify(sandbox.info);
    const flow = Array.from({ length: RUNS }, () =>
      clientRun<Checked>('readiness-client.ts', [info, 'flow', 'adxfull']),
    );
    const report = Array.from({ length: RUNS }, () =>
      clientRun<Checked>('readiness-client.ts', [info, 'report', 'scale-s000-c000']),
    );
    const f = flow[0];
    const r = report[0];
    const perDb = r.requests / DATABASES;
    const dupPaths = (c: Checked) => [...tally(c.paths)].filter(([, n]) => n > 1).map(([p, n]) => `${n}× ${p}`);
    const bench = `readiness (${LATENCY_MS} ms/request, fresh process)`;
    return {
      rows: [
        { bench, metric: 'continuous export ArchiveJoin on adxfull: outcome', text: f.outcome },
        {
          bench,
          metric: 'continuous export: requests / waves / duplicates',
          text: `${f.requests} / ${f.waves} / ${f.duplicates}`,
        },
        { bench, metric: 'continuous export: duplicated requests', text: dupPaths(f).join('; ') || 'none' },
        { bench, metric: 'continuous export: wall', summary: summarize(flow.map((c) => c.ms)), unit: 'ms' },
        { bench, metric: `cluster report, ${DATABASES} databases: what they hold`, text: SCALE_MIX },
        { bench, metric: `cluster report, ${DATABASES} databases: outcome`, text: r.outcome },
        {
          bench,
          metric: 'cluster report: requests / waves / duplicates',
          text: `${r.requests} / ${r.waves} / ${r.duplicates}`,
        },
        { bench, metric: 'cluster report: duplicated requests', text: dupPaths(r).join('; ') || 'none' },
        // Four reads a database have no documented all-databases form: its managed identity policy, its principals, its
        // continuous exports and (ARM) its data connections. The counts in `.show databases details` spare the others.
        { bench, metric: 'cluster report: requests by what they read', text: byKind(r.paths) },
        { bench, metric: 'cluster report: wall', summary: summarize(report.map((c) => c.ms)), unit: 'ms' },
      ],
      goals: [
        {
          what: 'readiness check of one workflow (continuous export)',
          goal: '≤ 5 sequential waves, no duplicate requests',
          figure: `${f.waves} waves, ${f.requests} requests, ${f.duplicates} duplicates`,
          met: f.waves <= 5 && f.duplicates === 0,
        },
        {
          what: `cluster report on ${DATABASES} databases`,
          goal: '≤ 5 sequential waves, ≤ 2 requests per database, no duplicate requests',
          figure: `${r.waves} waves, ${perDb.toFixed(2)} requests per database (${r.requests}), ${r.duplicates} duplicates`,
          met: r.waves <= 5 && perDb <= 2 && r.duplicates === 0,
        },
      ],
    };
  } finally {
    sandbox.stop();
  }
}
