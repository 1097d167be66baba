// One fuzz worker: runs its share of every property with its own seed and posts the results back.
import { parentPort, workerData } from 'node:worker_threads';
import { PROPERTIES, TOTAL_WEIGHT, type PropertyRun } from './properties';

export interface WorkerJob {
  readonly runs: number;
  readonly seed: number;
}
export interface WorkerResult {
  readonly name: string;
  readonly run: PropertyRun;
}

const job = workerData as WorkerJob;
const results: WorkerResult[] = [];
for (const [i, p] of PROPERTIES.entries()) {
  const runs = Math.max(1, Math.round((job.runs * p.weight) / TOTAL_WEIGHT));
  results.push({ name: p.name, run: p.run(runs, (job.seed + i * 7919) % 2 ** 31) });
}
parentPort?.postMessage(results);
