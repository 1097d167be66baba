// Activation as the user pays it: a fresh Node process loads the production bundle and calls activate(), each time;
// once with nothing open (the shell alone) and once with a .kql document open (the shell loads the rest at once).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeJson, summarize } from './measure';
import type { BenchResult } from './run';

interface Activation {
  loadCpuMs: number;
  activateCpuMs: number;
  cpuMs: number;
  wallMs: number;
  modules: string[];
  sdkModules: number;
}

export default async function activationBench(): Promise<BenchResult> {
  const runs = Array.from({ length: 15 }, () =>
    nodeJson<Activation>(['bench/host/extension-host.cjs', 'activate', 'dist/extension.js']),
  );
  // Opening a .kql file activates the extension with the document there: the editor features load at once.
  const dir = mkdtempSync(join(tmpdir(), 'adxi-activation-'));
  const file = join(dir, 'policy.kql');
  writeFileSync(
    file,
    '.alter-merge cluster policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"AutomatedFlows"}]```\n',
  );
  const withKql = Array.from({ length: 15 }, () =>
    nodeJson<Activation>(['bench/host/extension-host.cjs', 'activate', 'dist/extension.js', file]),
  );
  rmSync(dir, { recursive: true, force: true });
  const total = summarize(runs.map((r) => r.cpuMs));
  const sdk = Math.max(...runs.map((r) => r.sdkModules));
  const bench = 'activation (dist/extension.js, production, fresh Node process with a vscode stand-in)';
  return {
    rows: [
      { bench, metric: 'load the bundle, CPU', summary: summarize(runs.map((r) => r.loadCpuMs)), unit: 'ms' },
      { bench, metric: 'activate(), CPU', summary: summarize(runs.map((r) => r.activateCpuMs)), unit: 'ms' },
      { bench, metric: 'load + activate(), CPU', summary: total, unit: 'ms' },
      { bench, metric: 'load + activate(), wall', summary: summarize(runs.map((r) => r.wallMs)), unit: 'ms' },
      { bench, metric: 'modules loaded besides Node and the stand-in', text: runs[0].modules.join(', ') },
      {
        bench,
        metric: 'load + activate() with a .kql document open (the rest loads at once), CPU',
        summary: summarize(withKql.map((r) => r.cpuMs)),
        unit: 'ms',
      },
      { bench, metric: 'modules loaded with a .kql document open', text: withKql[0].modules.join(', ') },
    ],
    goals: [
      {
        what: 'load + `activate()` of `dist/extension.js`, CPU, fresh process',
        goal: '≤ 15 ms; 0 SDK modules loaded',
        figure: `${total.median.toFixed(1)} ms (min ${total.min.toFixed(1)}, ${total.runs} runs); ${sdk} SDK modules`,
        met: total.median <= 15 && sdk === 0,
      },
    ],
  };
}
