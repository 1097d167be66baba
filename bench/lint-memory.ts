// Peak memory of `adx-identity lint` on a 50 MB file, against the same process on a one-line file (the constant):
// `npx tsx bench/lint-memory.ts`. Each run is a fresh process; its peak resident set size is the kernel's maxRSS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeIo, runCli } from '../src/cli/main';
import { generateCorpus } from './kql-corpus';

async function child(file: string): Promise<void> {
  const io = { ...nodeIo(), stdout: () => undefined };
  const code = await runCli(['lint', file], io);
  process.stdout.write(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));
}

function measure(file: string): { code: number; maxRssKb: number } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, 'child', file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { code: number; maxRssKb: number };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'lint-memory-'));
  try {
    let commands = 140_000;
    let corpus = generateCorpus(commands);
    while (corpus.text.length < 50e6) corpus = generateCorpus((commands = Math.ceil(commands * 1.02)));
    const big = join(dir, 'big.kql');
    const tiny = join(dir, 'tiny.kql');
    writeFileSync(big, corpus.text);
    writeFileSync(tiny, '.show cluster policy managed_identity\n');
    const size = corpus.text.length;
    const base = measure(tiny);
    const peak = measure(big);
    const above = (peak.maxRssKb - base.maxRssKb) * 1024;
    console.log(`file: ${(size / 1e6).toFixed(1)} MB, ${commands} commands`);
    console.log(`peak RSS, one-line file (the constant): ${(base.maxRssKb / 1024).toFixed(0)} MiB`);
    console.log(`peak RSS, 50 MB file: ${(peak.maxRssKb / 1024).toFixed(0)} MiB`);
    console.log(
      `above the constant: ${(above / 1e6).toFixed(0)} MB = ${(above / size).toFixed(2)} × the file (goal ≤ 2×)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') void child(process.argv[3]);
else main();
