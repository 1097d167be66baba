// Activation as the user pays it: a fresh Node process loads the production bundle and calls activate(), each time.
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
