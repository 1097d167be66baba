// Validation as a user pays for it: the whole `adx-identity lint` process on the mixed file against a process that only
// reads it and parses its payloads; the same check warm in process; and how cost and memory grow from 1k to 100k commands.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCommand, checkDocument } from '../src/core/scanner';
import { nextBlock, skipBlankLines } from '../src/core/scanner/blocks';
import { readBlock } from '../src/core/scanner/document';
import { fastBlock } from '../src/core/scanner/fast';
import { blockEnd } from '../src/core/scanner/fast/end';
import { describeComposition, generateCorpus } from './corpus';
import { cpuMs, nodeProcess, summarize } from './measure';
import type { BenchResult } from './run';

const FLOOR_SOURCE = 'bench/host/floor.cjs';
const PROCESS_RUNS = 11;
const SIZES = [1000, 5000, 20000, 100000];

/** V8's own default interrupt budget, as this Node reports it: what lint would run with without src/cli/shortRun.ts. */
function v8DefaultInterruptBudget(): number {
  const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
  const m = /--interrupt-budget \(.*\)\s+type: int\s+default: --interrupt-budget=(\d+)/.exec(options);
  if (m === null) throw new Error('node --v8-options names no default interrupt budget');
  return Number(m[1]);
}

/**
 * The command line as a user installs it: the npm package (`npm run pack:cli`) unpacked into `dir`, with its own small
 * package.json (Node reads the nearest one when it loads a script). The floor script goes beside it, so both processes
 * start from the same place. Returns the paths of the CLI and of the floor script.
 */
function installCli(dir: string): { cli: string; floor: string } {
  const tgz = execFileSync(process.execPath, ['scripts/pack-cli.mjs', '--out', dir], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  const floor = join(dir, 'package', 'floor.cjs');
  copyFileSync(FLOOR_SOURCE, floor);
  return { cli: join(dir, 'package', 'dist', 'cli.js'), floor };
}

/**
 * Each piece of work timed once a round, in the order given, 30 rounds; the first 5 rounds warm up and are not kept.
 * Returns each piece's CPU times, by its name.
 */
function warmRounds<K extends string>(work: Record<K, () => unknown>): Record<K, number[]> {
  const names = Object.keys(work) as K[];
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < 30; round++) {
    for (const n of names) {
      const t = cpuMs(work[n]);
      if (round >= 5) times[n].push(t);
    }
  }
  return times;
}

/**
 * Parts of the warm check, each on its own: finding where every block ends, the fast readers on the blocks they
 * answer for, and the general reader on the others. What is left of the full check is its loop's own bookkeeping
 * (each block's record and text, the diagnostics in document order) and the garbage collection of what it allocates.
 */
function warmParts(text: string): {
  ends: number[];
  fast: number[];
  general: number[];
  fastBlocks: number;
  generalBlocks: number;
} {
  const fastStarts: number[] = [];
  const generalTexts: string[] = [];
  for (let pos = 0; ;) {
    const b = readBlock(text, pos);
    if (b === undefined) break;
    if (fastBlock(text, b.block.start) !== undefined) fastStarts.push(b.block.start);
    else generalTexts.push(b.text);
    pos = b.block.end;
  }
  const times = warmRounds({
    ends: () => {
      for (let pos = skipBlankLines(text, 0); pos < text.length;)
        pos = skipBlankLines(text, blockEnd(text, pos) ?? nextBlock(text, pos)?.end ?? text.length);
    },
    fast: () => {
      for (const start of fastStarts) fastBlock(text, start);
    },
    general: () => {
      for (const blockText of generalTexts) analyzeCommand(blockText);
    },
  });
  return { ...times, fastBlocks: fastStarts.length, generalBlocks: generalTexts.length };
}

export default async function lintBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'adxi-lint-'));
  try {
    const installed = installCli(dir);
    const corpus = generateCorpus(5000);
    const file = join(dir, 'mixed-5000.kql');
    writeFileSync(file, corpus.text);
    const bench = `lint, mixed 5,000 commands (${(corpus.text.length / 1e6).toFixed(2)} M chars; the CLI as installed from its npm package)`;

    // Whole processes, cold every time: start-up, module load, JIT, scan, print. CLI and floor alternate.
    const cli: number[] = [];
    const floor: number[] = [];
    const empty: number[] = [];
    // What the whole process pays before it reads a command: Node's start-up, the front door and the linter's bundle.
    const emptyFile = join(dir, 'empty.kql');
    writeFileSync(emptyFile, '');
    const startup: number[] = [];
    // The same lint with V8's default interrupt budget (its own flag wins over the one lint sets for a short run).
    const defaultJit: number[] = [];
    const defaultBudget = v8DefaultInterruptBudget();
    for (let i = 0; i < PROCESS_RUNS; i++) {
      const e = nodeProcess([installed.cli, 'lint', emptyFile]);
      if (e.status !== 0) throw new Error(`lint of an empty file exited ${e.status}`);
      startup.push(e.cpuMs);
      const c = nodeProcess([installed.cli, 'lint', file]);
      if (c.status !== 1) throw new Error(`lint exited ${c.status}; the mixed file has errors, so 1 is expected`);
      cli.push(c.cpuMs);
      defaultJit.push(nodeProcess([`--interrupt-budget=${defaultBudget}`, installed.cli, 'lint', file]).cpuMs);
      floor.push(nodeProcess([installed.floor, file]).cpuMs);
      empty.push(nodeProcess(['-e', '0']).cpuMs);
    }
    const processRatios = cli.map((c, i) => c / floor[i]);

    // In process, warm: the full check against JSON.parse of the same payloads, alternating within each round.
    let findings = 0;
    const { floor: warmFloor, full: warmFull } = warmRounds({
      floor: () => {
        for (const p of corpus.payloads) JSON.parse(p);
      },
      full: () => (findings = checkDocument(corpus.text).length),
    });
    const warmRatios = warmFull.map((c, i) => c / warmFloor[i]);
    const parts = warmParts(corpus.text);

    // Growth: the whole process at four sizes; memory as peak RSS above an empty Node process.
    const baseRss = nodeProcess(['-e', '0']).maxRssMb;
    const growth = SIZES.map((n) => {
      const f = join(dir, `mixed-${n}.kql`);
      writeFileSync(f, generateCorpus(n).text);
      const runs = Array.from({ length: n >= 100000 ? 2 : 3 }, () => nodeProcess([installed.cli, 'lint', f]));
      const mb = statSync(f).size / 2 ** 20;
      const cpu = summarize(runs.map((r) => r.cpuMs)).min;
      const rss = Math.min(...runs.map((r) => r.maxRssMb));
      return { n, mb, cpu, rss };
    });
    // Linear: the cost of each further 1k commands does not grow with the file (20k → 100k against 1k → 20k);
    // memory: peak RSS grows by at most 2 MB per MB of file beyond what the smallest run needed (the constant).
    const [small, , mid, large] = growth;
    const marginal = (a: (typeof growth)[number], b: (typeof growth)[number]) => ((b.cpu - a.cpu) / (b.n - a.n)) * 1000;
    const linearity = marginal(mid, large) / marginal(small, mid);
    const memorySlope = (large.rss - small.rss) / (large.mb - small.mb);
    const p = summarize(processRatios);
    const w = summarize(warmRatios);
    return {
      rows: [
        { bench, metric: 'corpus', text: describeComposition(corpus.composition) },
        { bench, metric: 'findings in the file', value: findings, unit: '' },
        { bench, metric: '`adx-identity lint` whole process, CPU', summary: summarize(cli), unit: 'ms' },
        {
          bench,
          metric: 'floor process (read + JSON.parse of the payloads), CPU',
          summary: summarize(floor),
          unit: 'ms',
        },
        {
          bench,
          metric: '`adx-identity lint` with V8’s default interrupt budget (not the one lint sets), CPU',
          summary: summarize(defaultJit),
          unit: 'ms',
        },
        { bench, metric: 'empty Node process, CPU', summary: summarize(empty), unit: 'ms' },
        {
          bench,
          metric: '`adx-identity lint` of an empty file (start-up and loading, no command), CPU',
          summary: summarize(startup),
          unit: 'ms',
        },
        { bench, metric: 'whole process / floor process', summary: p, unit: '×' },
        { bench, metric: 'in process, warm: full check, CPU', summary: summarize(warmFull), unit: 'ms' },
        { bench, metric: 'in process, warm: JSON.parse floor, CPU', summary: summarize(warmFloor), unit: 'ms' },
        { bench, metric: 'in process, warm: full check / floor', summary: w, unit: '×' },
        {
          bench,
          metric:
            'in process, warm, part: where every block ends (the one regex that finds it; nothing else read), CPU',
          summary: summarize(parts.ends),
          unit: 'ms',
        },
        {
          bench,
          metric: `in process, warm, part: the fast readers on the ${parts.fastBlocks} blocks they answer for, CPU`,
          summary: summarize(parts.fast),
          unit: 'ms',
        },
        {
          bench,
          metric: `in process, warm, part: the general reader on the ${parts.generalBlocks} other blocks (those with a finding), CPU`,
          summary: summarize(parts.general),
          unit: 'ms',
        },
        ...growth.map((g) => ({
          bench: 'lint growth (whole process, min of runs)',
          metric: `${g.n.toLocaleString('en-US')} commands, ${g.mb.toFixed(1)} MB`,
          text: `${g.cpu.toFixed(0)} ms CPU · peak RSS ${g.rss.toFixed(0)} MB (an empty Node process: ${baseRss.toFixed(0)} MB)`,
        })),
      ],
      goals: [
        {
          what: '`lint` whole process, mixed 5,000 commands, CPU',
          goal: '≤ 2× a process that reads the file and JSON.parses its payloads',
          figure: `${p.median.toFixed(2)}× (min ${p.min.toFixed(2)}×, ${p.runs} runs)`,
          met: p.median <= 2,
        },
        {
          what: 'full validation in process, mixed file, warm',
          goal: '≤ 3× the JSON.parse floor of its payloads',
          figure: `${w.median.toFixed(2)}× (min ${w.min.toFixed(2)}×, ${w.runs} runs)`,
          met: w.median <= 3,
        },
        {
          what: 'cost growth 1k → 100k commands',
          goal: 'linear; peak memory ≤ 2× the file + a constant',
          figure:
            `CPU per further 1k commands, 20k → 100k against 1k → 20k: ${linearity.toFixed(2)}×; ` +
            `peak RSS grows ${memorySlope.toFixed(2)} MB per MB of file (1k → 100k)`,
          met: linearity <= 1.25 && memorySlope <= 2,
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
