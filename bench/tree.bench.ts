// Tree load: 200 clusters × 10 databases behind 50 ms per request, fully expanded through the real SDK clients in a
// fresh process each run (auth metadata and tokens not cached, and counted), against the ideal for our bound.
import { clientRun, sandboxProcess } from './host/sandbox-process';
import { summarize } from './measure';
import type { BenchResult } from './run';

const LATENCY_MS = 50;
const SCALE = { subscriptions: 4, clustersPerSubscription: 50, databasesPerCluster: 10 };
const RUNS = 3;
/** Hops that must precede the last level: cluster list → auth metadata → database list → (database branches). */
const HOPS = 3;

interface Load {
  ms: number;
  nodes: number;
  errors: string[];
  requests: number;
  metadata: number;
  tokens: number;
  bound: number;
}

async function measure(latencyMs: number): Promise<Load[]> {
  const sandbox = await sandboxProcess({ latencyMs, scale: SCALE, withDefault: false });
  try {
    return Array.from({ length: RUNS }, () => clientRun<Load>('tree-client.ts', [JSON.stringify(sandbox.info)]));
  } finally {
    sandbox.stop();
  }
}

export default async function treeBench(): Promise<BenchResult> {
  const clusters = SCALE.subscriptions * SCALE.clustersPerSubscription;
  const bench = `tree (${clusters} clusters × ${SCALE.databasesPerCluster} databases, ${LATENCY_MS} ms/request, cold process)`;
  const loads = await measure(LATENCY_MS);
  const floor = await measure(0);
  const m = summarize(loads.map((l) => l.ms));
  const first = loads[0];
  const errors = [...loads, ...floor].reduce((n, l) => n + l.errors.length, 0);
  for (const e of [...loads, ...floor].flatMap((l) => l.errors).slice(0, 3)) process.stderr.write(`${e}\n`);
  const ideal = (HOPS + Math.ceil(first.requests / first.bound)) * LATENCY_MS;
  const ratio = m.median / ideal;
  return {
    rows: [
      { bench, metric: 'nodes when fully loaded', value: first.nodes, unit: 'nodes' },
      { bench, metric: `error rows (all ${RUNS * 2} runs; must be 0)`, value: errors, unit: 'rows' },
      {
        bench,
        metric: 'HTTP requests per load (everything on the wire)',
        text: `${first.requests} (${first.metadata} auth metadata, ${first.tokens} token requests; the sandbox account mints its tokens in process)`,
      },
      { bench, metric: 'concurrency bound', value: first.bound, unit: 'requests' },
      { bench, metric: 'fully loaded', summary: m, unit: 'ms' },
      {
        bench,
        metric: 'CPU floor: the same load at 0 ms latency',
        summary: summarize(floor.map((l) => l.ms)),
        unit: 'ms',
      },
      { bench, metric: `ideal: (${HOPS} hops + ⌈requests / bound⌉) × latency`, value: ideal, unit: 'ms' },
    ],
    goals: [
      {
        what: `tree: ${clusters} clusters × ${SCALE.databasesPerCluster} databases, ${LATENCY_MS} ms latency, tokens and auth metadata counted`,
        goal: '≤ 1.3× the ideal (sequential hops + ⌈requests / bound⌉) × latency',
        figure: `${ratio.toFixed(2)}× (${m.median.toFixed(0)} ms against ${ideal} ms; ${first.requests} requests${errors ? `; ${errors} error rows` : ''})`,
        met: ratio <= 1.3 && errors === 0,
      },
    ],
  };
}
