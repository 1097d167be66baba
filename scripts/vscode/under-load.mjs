#!/usr/bin/env node
// The real-VS-Code suite under load: starts a CPU hog per core, runs scripts/vscode/run.mjs N times, reports each run.
// Usage: node scripts/vscode/under-load.mjs [--runs N] [--hogs N] [run.mjs options, e.g. --ui-only]
// Exit 0 only when every run passed. The hogs are this script's own children and stop with it.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { root } from './paths.mjs';

function numberOption(argv, name, fallback) {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return { value: fallback, rest: argv };
  const value = Number(argv[i + 1]);
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`--${name} needs a whole number above 0`);
    process.exit(2);
  }
  return { value, rest: [...argv.slice(0, i), ...argv.slice(i + 2)] };
}

const runsOption = numberOption(process.argv.slice(2), 'runs', 3);
const hogsOption = numberOption(runsOption.rest, 'hogs', availableParallelism());
const runs = runsOption.value;
const passThrough = hogsOption.rest;

/** One busy loop per core, at normal priority, so the suite competes for every core. */
function startHogs(count) {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) Math.sqrt(Math.random());'], { stdio: 'ignore' }),
  );
}

function stopHogs(hogs) {
  for (const hog of hogs) if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
}

/** One whole real-VS-Code run, its output passed through and its mocha summary lines collected. */
function runSuite() {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(root, 'scripts', 'vscode', 'run.mjs'), ...passThrough], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const keep = (chunk, sink) => {
      text += chunk.toString();
      sink.write(chunk);
    };
    child.stdout.on('data', (c) => keep(c, process.stdout));
    child.stderr.on('data', (c) => keep(c, process.stderr));
    child.on('close', (code) => {
      // eslint-disable-next-line no-control-regex -- mocha may colour its summary
      const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
      const count = (word) => [...plain.matchAll(new RegExp(`^\\s*(\\d+) ${word}`, 'gm'))].map((m) => Number(m[1]));
      const sum = (xs) => xs.reduce((a, b) => a + b, 0);
      // mocha: "  1) suite" then "       test:" on the next line.
      const failingTitles = [...plain.matchAll(/^\s+\d+\) (.+)\n\s+(.+):$/gm)].map(
        (m) => `${m[1].trim()} › ${m[2].trim()}`,
      );
      resolve({
        code: code ?? 1,
        seconds: (Date.now() - started) / 1000,
        passing: sum(count('passing')),
        failing: sum(count('failing')),
        failingTitles: [...new Set(failingTitles)],
      });
    });
  });
}

const hogs = startHogs(hogsOption.value);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopHogs(hogs);
    process.exit(130);
  });
}
console.log(`under load: ${hogs.length} CPU hog(s) (pids ${hogs.map((h) => h.pid).join(', ')}), ${runs} run(s)`);
const reports = [];
try {
  for (let i = 1; i <= runs; i++) {
    console.log(`\n##### run ${i}/${runs} under load #####`);
    const r = await runSuite();
    reports.push(r);
    const verdict = r.code === 0 && r.failing === 0 ? 'PASSED' : 'FAILED';
    console.log(
      `\n##### run ${i}/${runs}: ${verdict} — ${r.passing} passing, ${r.failing} failing, exit ${r.code}, ${r.seconds.toFixed(0)} s #####`,
    );
    for (const t of r.failingTitles) console.log(`  failed: ${t}`);
  }
} finally {
  stopHogs(hogs);
}
console.log('\nunder-load summary:');
reports.forEach((r, i) =>
  console.log(
    `  run ${i + 1}: ${r.code === 0 && r.failing === 0 ? 'passed' : 'FAILED'} (${r.passing} passing, ${r.failing} failing, ${r.seconds.toFixed(0)} s)`,
  ),
);
const failed = reports.filter((r) => r.code !== 0 || r.failing > 0).length;
console.log(`${reports.length - failed}/${reports.length} runs passed with ${hogs.length} CPU hog(s)`);
process.exit(failed ? 1 : 0);
