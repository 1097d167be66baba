// Measuring helpers: whole processes (CPU and peak memory, read by the process itself at exit), in-process CPU,
// and the summary every figure is given as (min and median of N runs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
const CPU_AT_EXIT = join(__dirname, 'host', 'cpu-at-exit.cjs');

export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly runs: number;
}

export function summarize(xs: readonly number[]): Summary {
  const sorted = [...xs].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], runs: xs.length };
}

export interface ProcessCost {
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly wallMs: number;
  readonly status: number | null;
  readonly stdout: string;
}

/** Runs `node ARGS` in a fresh process (Node 20, no loader) and reads what it cost from inside. */
export function nodeProcess(args: readonly string[]): ProcessCost {
  const dir = mkdtempSync(join(tmpdir(), 'adxi-bench-'));
  const out = join(dir, 'cost.json');
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['-r', CPU_AT_EXIT, ...args], {
      cwd: ROOT,
      env: { ...process.env, ADXI_BENCH_OUT: out, NODE_OPTIONS: '' },
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    const wallMs = performance.now() - t0;
    if (r.error) throw r.error;
    const cost = JSON.parse(readFileSync(out, 'utf8')) as { cpuMs: number; maxRssKb: number };
    return { cpuMs: cost.cpuMs, maxRssMb: cost.maxRssKb / 1024, wallMs, status: r.status, stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU time (user + system) of `fn` in this process; on shared cores wall time mostly measures the neighbours. */
export function cpuMs(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** A node script's single JSON line of output. */
export function nodeJson<T>(args: readonly string[]): T {
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as T;
}
