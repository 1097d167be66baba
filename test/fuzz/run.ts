// The long fuzz run: `npm run fuzz -- --runs 10000 [--workers 2] [--seed N]`. Splits the cases over worker threads,
// prints cases, failures (with counterexamples and seeds to replay) and time; exits 1 on any failure.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerJob, WorkerResult } from './worker';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`--${name} needs a positive whole number`);
    process.exit(2);
  }
  return value;
}

function runWorker(job: WorkerJob): Promise<WorkerResult[]> {
  return new Promise((resolve, reject) => {
    // A worker cannot start from a .ts file: a small CommonJS bootstrap registers tsx, then loads the TypeScript worker.
    const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(path.join(__dirname, 'worker.ts'))});`;
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    worker.once('message', (m: WorkerResult[]) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`fuzz worker exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const runs = option('runs', 1000);
  const workers = Math.min(option('workers', 2), runs);
  const seed = option('seed', Date.now() % 2 ** 31);
  const started = Date.now();
  console.log(`fuzz: ${runs} cases on ${workers} worker(s), seed ${seed}`);
  const share = (i: number) => Math.floor(runs / workers) + (i < runs % workers ? 1 : 0);
  const all = await Promise.all(
    Array.from({ length: workers }, (_, i) => runWorker({ runs: share(i), seed: seed + i })),
  );
  let cases = 0;
  const failures: string[] = [];
  const perProperty = new Map<string, number>();
  for (const results of all) {
    for (const { name, run } of results) {
      cases += run.numRuns;
      perProperty.set(name, (perProperty.get(name) ?? 0) + run.numRuns);
      if (run.failed) failures.push(`${name} (seed ${run.seed}): ${run.counterexample}\n    ${run.error ?? ''}`);
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const [name, n] of perProperty) console.log(`  ${name}: ${n} cases`);
  console.log(`cases: ${cases}, failures: ${failures.length}, time: ${seconds}s`);
  for (const f of failures) console.log(`FAIL ${f}`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
