// Tree load: 200 clusters behind 50 ms per request, fully expanded through the real SDK clients, against the ideal for our bound.
import { fork, type ChildProcess } from 'node:child_process';
import { startSandbox, type SandboxInfo } from '../sandbox';
import { Catalog } from '../src/services/catalog';
import { ClientFactory, DEFAULT_CONCURRENCY } from '../src/services/factory';
import { createSandboxAccount } from '../src/services/sandboxAccount';
import { TreeModel } from '../src/services/tree/model';
import type { ModelNode } from '../src/services/tree/node';
import type { BenchRow } from './run';

const LATENCY_MS = 50;
const SCALE = { subscriptions: 4, clustersPerSubscription: 50, databasesPerCluster: 1 };
const RUNS = 3;

/** "Fully loaded": every node expanded, as a user expanding everything would see it; each level in parallel. */
async function expandAll(model: TreeModel, node?: ModelNode): Promise<ModelNode[]> {
  const children = await model.getChildren(node);
  const below = await Promise.all(children.map((c) => (c.collapsible === 'none' ? [] : expandAll(model, c))));
  return [...children, ...below.flat()];
}

type Reply = { info: SandboxInfo } | { hits: number };

/** The sandbox runs in its own process, as it would for a user: its CPU does not eat into the client's event loop. */
function sandboxProcess(
  latencyMs: number,
): Promise<{ info: SandboxInfo; child: ChildProcess; ask(msg: string): Promise<Reply> }> {
  const child = fork(__filename, ['--serve-sandbox', String(latencyMs)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (): Promise<Reply> =>
    new Promise((resolve, reject) => {
      child.once('message', (m) => resolve(m as Reply));
      child.once('exit', (code) => reject(new Error(`sandbox process exited (${code})`)));
    });
  const ask = (msg: string): Promise<Reply> => {
    const r = next();
    child.send(msg);
    return r;
  };
  return next().then((r) => ({ info: (r as { info: SandboxInfo }).info, child, ask }));
}

async function serveSandbox(latencyMs: number): Promise<void> {
  const sandbox = await startSandbox({
    scenario: { tenants: [], subscriptions: [], clusters: [] },
    scale: SCALE,
    latencyMs,
  });
  process.on('message', (m) => {
    // A pass-through fault rule on every path only counts requests (ARM and each cluster's Kusto endpoint).
    if (m === 'reset') {
      sandbox.faults.clear();
      sandbox.faults.add({ path: '/' });
      process.send?.({ hits: 0 });
    }
    if (m === 'hits') process.send?.({ hits: sandbox.faults.hits[0] ?? 0 });
    if (m === 'stop') void sandbox.stop().then(() => process.exit(0));
  });
  process.send?.({ info: sandbox.info() });
}

interface Measured {
  median: number;
  requests: number;
  nodes: number;
  errors: number;
}

async function measure(latencyMs: number): Promise<Measured> {
  const sandbox = await sandboxProcess(latencyMs);
  try {
    const account = createSandboxAccount(sandbox.info);
    const times: number[] = [];
    const out = { requests: 0, nodes: 0, errors: 0 };
    for (let run = 0; run < RUNS; run++) {
      await sandbox.ask('reset');
      // Fresh clients each run; the Kusto client's auth metadata stays cached in the process after the first.
      const factory = new ClientFactory({ concurrency: DEFAULT_CONCURRENCY });
      const model = new TreeModel(new Catalog(factory), () => ({ accounts: [account], direct: [] }));
      const t0 = performance.now();
      const all = await expandAll(model);
      times.push(performance.now() - t0);
      out.nodes = all.length;
      out.requests = ((await sandbox.ask('hits')) as { hits: number }).hits;
      // A fully loaded tree has no error rows; count them so a number from a broken run cannot pass unnoticed.
      const errors = all.filter((n) => n.kind === 'error');
      out.errors += errors.length;
      for (const e of errors.slice(0, 3)) process.stderr.write(`${e.label}\n`);
      await factory.dispose();
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], ...out };
  } finally {
    sandbox.child.send('stop');
  }
}

export default async function treeBench(): Promise<BenchRow[]> {
  const bench = `tree (${SCALE.subscriptions * SCALE.clustersPerSubscription} clusters, ${LATENCY_MS} ms/request)`;
  const m = await measure(LATENCY_MS);
  const floor = await measure(0);
  // Critical path: cluster list → databases list → database branches: 2 hops precede the last level.
  const hops = 2;
  const ideal = (hops + Math.ceil(m.requests / DEFAULT_CONCURRENCY)) * LATENCY_MS;
  return [
    { bench, metric: 'nodes when fully loaded', value: m.nodes, unit: 'nodes' },
    { bench, metric: `error rows (all ${RUNS * 2} runs)`, value: m.errors + floor.errors, unit: 'rows', target: '0' },
    {
      bench,
      metric: 'HTTP requests per load (ARM + Kusto; auth metadata already cached)',
      value: m.requests,
      unit: 'requests',
    },
    { bench, metric: 'concurrency bound', value: DEFAULT_CONCURRENCY, unit: 'requests' },
    { bench, metric: `fully loaded, median of ${RUNS}`, value: m.median, unit: 'ms' },
    { bench, metric: 'CPU floor: the same load at 0 ms latency', value: floor.median, unit: 'ms' },
    { bench, metric: '(2 hops + ⌈requests / bound⌉) × latency', value: ideal, unit: 'ms' },
    { bench, metric: 'measured / ideal', value: m.median / ideal, unit: '×', target: '≤ 1.5×' },
  ];
}

if (require.main === module && process.argv.includes('--serve-sandbox'))
  void serveSandbox(Number(process.argv[process.argv.indexOf('--serve-sandbox') + 1]));
