// npm run bench: runs every bench/*.bench.ts module (or those named on the command line) and prints one Markdown table.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One measured number; a bench module returns a list of them. */
export interface BenchRow {
  readonly bench: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** What we aim for, in words (e.g. `≤ 3×`); informational, never asserted. */
  readonly target?: string;
}

/** What a `bench/NAME.bench.ts` module exports. */
export type BenchFunction = () => Promise<BenchRow[]>;

/** Median of `runs` timed calls after `warmup` untimed ones; `prepare` runs untimed before each call. */
export function medianMs<T>(fn: (input: T) => unknown, prepare: () => T, runs = 9, warmup = 3): number {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const input = prepare();
    const t0 = process.hrtime.bigint();
    fn(input);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i >= warmup) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = ['| bench | metric | value | target |', '|---|---|---:|---|'];
  for (const r of rows) lines.push(`| ${r.bench} | ${r.metric} | ${format(r.value)} ${r.unit} | ${r.target ?? ''} |`);
  return lines.join('\n');
}

function format(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')));
  const rows: BenchRow[] = [];
  for (const f of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(__dirname, f)) as { default?: BenchFunction };
    if (typeof mod.default !== 'function') throw new Error(`${f} must export a default async function returning rows`);
    process.stderr.write(`running ${f}…\n`);
    rows.push(...(await mod.default()));
  }
  process.stdout.write(`${markdownTable(rows)}\n\nNode ${process.version}, ${new Date().toISOString()}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
