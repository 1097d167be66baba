#!/usr/bin/env node
// Runs every test suite in turn, streams their output, and closes with one total line.
// Usage: node scripts/test.mjs [unit] [integration] [vscode]   (no argument: all of them)
import { spawn } from 'node:child_process';

const suites = {
  unit: ['npx', ['mocha', 'test/unit/**/*.test.ts']],
  integration: ['npx', ['mocha', 'test/integration/**/*.test.ts']],
  vscode: ['node', ['scripts/vscode/run.mjs']],
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(suites);
let passed = 0,
  failed = 0,
  skipped = 0,
  broken = [];

for (const name of names) {
  const [cmd, args] = suites[name] ?? [];
  if (!cmd) {
    console.error(`unknown suite: ${name}`);
    process.exit(2);
  }
  console.log(`\n=== ${name} tests ===`);
  const { code, out } = await run(cmd, args);
  const count = (word) =>
    [...out.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  const p = count('passing'),
    f = count('failing'),
    s = count('pending');
  passed += p;
  failed += f;
  skipped += s;
  // A suite that exits non-zero without reporting a failing test (crash, harness error) still fails the run.
  if (code !== 0 && f === 0) {
    failed += 1;
    broken.push(`${name} (exit ${code}, no test counted as failing)`);
  }
  if (code === 0 && p === 0) {
    failed += 1;
    broken.push(`${name} (ran no test)`);
  }
}
if (broken.length) console.log(`\nsuites that broke: ${broken.join('; ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}
