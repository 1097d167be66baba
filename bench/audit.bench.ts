// Fleet audit: 500 clusters in 50 subscriptions behind 50 ms per request, through `adx-identity audit --sandbox`, against
// the ideal for its request bound.
import { fork, type ChildProcess } from 'node:child_process';
import { startSandbox, type SandboxInfo } from '../sandbox';
import { runAudit } from '../src/cli/audit';
import type { CliIo } from '../src/cli/main';
import { DEFAULT_CONCURRENCY } from '../src/services/factory';
import type { BenchResult } from './run';

const LATENCY_MS = 50;
const SCALE = { subscriptions: 50, clustersPerSubscription: 10, databasesPerCluster: 1 };
const RUNS = 3;

type Reply = { info: SandboxInfo } | { hits: number };

/** The sandbox in its own process, as a user would run it: its 500 servers do not share the audit's event loop. */
function sandboxProcess(
  latencyMs: number,
): Promise<{ info: SandboxInfo; child: ChildProcess; ask(m: string): Promise<Reply> }> {
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
    // A pass-through rule on every path only counts requests (ARM, Resource Graph and every cluster's Kusto).
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
  clusters: number;
  unread: number;
}

async function measure(latencyMs: number): Promise<Measured> {
  const sandbox = await sandboxProcess(latencyMs);
  try {
    const times: number[] = [];
    const out = { requests: 0, clusters: 0, unread: 0 };
    for (let run = 0; run < RUNS; run++) {
      await sandbox.ask('reset');
      let json = '';
      const io: CliIo = {
        stdout: (t) => {
          json += t;
        },
        stderr: () => undefined,
        readStdin: async () => '',
        readFile: async () => '',
      };
      const t0 = performance.now();
      await runAudit(['--sandbox', JSON.stringify(sandbox.info), '--format', 'json'], io, { vars: {} });
      times.push(performance.now() - t0);
      out.requests = ((await sandbox.ask('hits')) as { hits: number }).hits;
      const report = JSON.parse(json) as { clusters: { error?: string }[]; findings: { rule: string }[] };
      out.clusters = report.clusters.length;
      // Clusters or parts not read would make a fast run meaningless: count them so they cannot pass unnoticed.
      out.unread +=
        report.clusters.filter((c) => c.error).length + report.findings.filter((f) => f.rule === 'AUD900').length;
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], ...out };
  } finally {
    sandbox.child.send('stop');
  }
}

export default async function auditBench(): Promise<BenchResult> {
  const clusters = SCALE.subscriptions * SCALE.clustersPerSubscription;
  const bench = `audit (${clusters} clusters in ${SCALE.subscriptions} subscriptions, ${LATENCY_MS} ms/request)`;
  const m = await measure(LATENCY_MS);
  const floor = await measure(0);
  // Critical path: Resource Graph inventory → each cluster's database list → the database reads: 2 hops precede the last.
  const hops = 2;
  const ideal = (hops + Math.ceil(m.requests / DEFAULT_CONCURRENCY)) * LATENCY_MS;
  const unread = m.unread + floor.unread;
  const ratio = m.median / ideal;
  return {
    rows: [
      { bench, metric: `clusters audited (of ${clusters})`, value: m.clusters, unit: 'clusters' },
      { bench, metric: `unread clusters or parts (all ${RUNS * 2} runs; must be 0)`, value: unread, unit: '' },
      { bench, metric: 'HTTP requests per audit (ARM + Resource Graph + Kusto)', value: m.requests, unit: 'requests' },
      { bench, metric: 'concurrency bound', value: DEFAULT_CONCURRENCY, unit: 'requests' },
      { bench, metric: `audit, median of ${RUNS}`, value: m.median, unit: 'ms' },
      { bench, metric: 'CPU floor: the same audit at 0 ms latency', value: floor.median, unit: 'ms' },
      { bench, metric: '(2 hops + ⌈requests / bound⌉) × latency', value: ideal, unit: 'ms' },
    ],
    goals: [
      {
        what: `audit: ${clusters} clusters in ${SCALE.subscriptions} subscriptions, ${LATENCY_MS} ms latency`,
        goal: '≤ 1.5× the ideal (2 hops + ⌈requests / bound⌉) × latency',
        figure: `${ratio.toFixed(2)}× (${m.median.toFixed(0)} ms against ${ideal} ms; ${m.requests} requests${unread ? `; ${unread} unread` : ''})`,
        met: ratio <= 1.5 && unread === 0,
      },
    ],
  };
}

if (require.main === module && process.argv.includes('--serve-sandbox'))
  void serveSandbox(Number(process.argv[process.argv.indexOf('--serve-sandbox') + 1]));
