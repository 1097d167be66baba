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
const SUBSCRIPTIONS = 4;
const CLUSTERS_PER_SUBSCRIPTION = 50;
const DATABASES_PER_CLUSTER = 1;
const RUNS = 3;

/** "Fully loaded": every node expanded, as a user expanding everything would see it; each level in parallel. */
async function expandAll(model: TreeModel, node?: ModelNode): Promise<ModelNode[]> {
  const children = await model.getChildren(node);
  const below = await Promise.all(children.map((c) => (c.collapsible === 'none' ? [] : expandAll(model, c))));
  return [...children, ...below.flat()];
}

const SCALE = { subscriptions: SUBSCRIPTIONS, clustersPerSubscription: CLUSTERS_PER_SUBSCRIPTION, databasesPerCluster: DATABASES_PER_CLUSTER };

type Reply = { info: SandboxInfo } | { hits: number };

/** The sandbox runs in its own process, as it would for a user: its CPU does not eat into the client's event loop. */
function sandboxProcess(): Promise<{ info: SandboxInfo; child: ChildProcess; ask(msg: string): Promise<Reply> }> {
  const child = fork(__filename, ['--serve-sandbox'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (): Promise<Reply> => new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as Reply));
    child.once('exit', (code) => reject(new Error(`sandbox process exited (${code})`)));
  });
  const ask = (msg: string): Promise<Reply> => { const r = next(); child.send(msg); return r; };
  return next().then((r) => ({ info: (r as { info: SandboxInfo }).info, child, ask }));
}

async function serveSandbox(): Promise<void> {
  const sandbox = await startSandbox({ scenario: { tenants: [], subscriptions: [], clusters: [] }, scale: SCALE, latencyMs: LATENCY_MS });
  process.on('message', (m) => {
    if (m === 'reset') { sandbox.faults.clear(); sandbox.faults.add({ path: '/' }); process.send?.({ hits: 0 }); }
    if (m === 'hits') process.send?.({ hits: sandbox.faults.hits[0] ?? 0 });
    if (m === 'stop') void sandbox.stop().then(() => process.exit(0));
  });
  process.send?.({ info: sandbox.info() });
}

export default async function treeBench(): Promise<BenchRow[]> {
  const sandbox = await sandboxProcess();
  const bench = `tree (${SUBSCRIPTIONS * CLUSTERS_PER_SUBSCRIPTION} clusters, ${LATENCY_MS} ms/request)`;
  try {
    const account = createSandboxAccount(sandbox.info);
    const times: number[] = [];
    let requests = 0;
    let nodes = 0;
    let errors = 0;
    for (let run = 0; run < RUNS; run++) {
      // A pass-through fault rule on every path only counts requests (ARM and each cluster's Kusto endpoint).
      await sandbox.ask('reset');
      // Fresh clients each run: the Kusto client's first-contact metadata request is part of a real first load.
      const factory = new ClientFactory({ concurrency: DEFAULT_CONCURRENCY });
      const model = new TreeModel(new Catalog(factory), () => ({ accounts: [account], direct: [] }));
      const t0 = performance.now();
      const all = await expandAll(model);
      times.push(performance.now() - t0);
      nodes = all.length;
      // A fully loaded tree has no error rows; count them so a number from a broken run cannot pass unnoticed.
      errors += all.filter((n) => n.kind === 'error').length;
      for (const e of all.filter((n) => n.kind === 'error').slice(0, 3)) process.stderr.write(`${e.label}\n`);
      requests = ((await sandbox.ask('hits')) as { hits: number }).hits;
      await factory.dispose();
    }
    times.sort((a, b) => a - b);
    const measured = times[Math.floor(times.length / 2)];
    // Critical path: cluster list → databases list → database branches: 2 hops precede the last level.
    const hops = 2;
    const ideal = (hops + Math.ceil(requests / DEFAULT_CONCURRENCY)) * LATENCY_MS;
    return [
      { bench, metric: 'nodes when fully loaded', value: nodes, unit: 'nodes' },
      { bench, metric: `error rows (all ${RUNS} runs)`, value: errors, unit: 'rows', target: '0' },
      { bench, metric: 'HTTP requests per load (ARM + Kusto; auth metadata already cached)', value: requests, unit: 'requests' },
      { bench, metric: 'concurrency bound', value: DEFAULT_CONCURRENCY, unit: 'requests' },
      { bench, metric: `fully loaded, median of ${RUNS}`, value: measured, unit: 'ms' },
      { bench, metric: '(2 hops + ⌈requests / bound⌉) × latency', value: ideal, unit: 'ms' },
      { bench, metric: 'measured / ideal', value: measured / ideal, unit: '×', target: '≤ 1.5×' },
    ];
  } finally {
    sandbox.child.send('stop');
  }
}

if (require.main === module && process.argv.includes('--serve-sandbox')) void serveSandbox();
