#!/usr/bin/env node
// Real-VS-Code tests: packages the VSIX, starts one code-server, runs the in-host suite (mocha in the extension host,
// loading the UNPACKED VSIX) and then the UI suite (mocha + playwright in chromium). Prints mocha summary lines.
// Then the first-five-minutes suite on a fresh code-server with the packed VSIX installed (vsix.mjs).
// Usage: node scripts/vscode/run.mjs [--inhost-only|--ui-only|--vsix-only] [--keep] [--grep TEXT]
// --grep runs only the UI tests whose full title holds TEXT (mocha's --grep; the other suites are not filtered).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium } from 'playwright-core';
import { buildInhostTests } from './build-tests.mjs';
import {
  copyWorkspace,
  freePort,
  installVsix,
  packageExtension,
  sandboxEnv,
  sandboxFolders,
  startCodeServer,
  unpackVsix,
  workbenchUrl,
} from './host.mjs';
import { findBrowser, requireHost, root } from './paths.mjs';
import { runVsixSuite } from './vsix.mjs';

const argv = process.argv.slice(2);
const grepAt = argv.indexOf('--grep');
if (grepAt >= 0 && argv[grepAt + 1] === undefined) {
  console.error('--grep needs the text of a test title');
  process.exit(2);
}
const grep = grepAt >= 0 ? ['--grep', argv.splice(grepAt, 2)[1]] : [];
const args = new Set(argv);
const only = ['--inhost-only', '--ui-only', '--vsix-only'].find((a) => args.has(a));
const runInhost = !only || only === '--inhost-only';
const runUi = !only || only === '--ui-only';
const runVsix = !only || only === '--vsix-only';
const INHOST_DEADLINE_MS = 300_000;

const started = Date.now();
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
const results = join(root, 'test-results', `vscode-${stamp}`);
const cleanups = [];
let failed = false;

async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch {
      /* best effort: keep stopping the rest */
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.error(`\n${signal}: stopping code-server and the browser`);
    await cleanup();
    process.exit(130);
  });
}

/** In-host suite: one browser window whose payload makes the workbench load the tests into the extension host. */
async function inhost({ port, f, workspace, testsEntry, devPath }) {
  const url = workbenchUrl(port, workspace, { extensionDevelopmentPath: devPath, extensionTestsPath: testsEntry });
  const browser = await chromium.launch({ executablePath: findBrowser(), env: sandboxEnv(f) });
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  const consoleLog = [];
  page.on('console', (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLog.push(`[pageerror] ${e.message}`));
  let exit;
  const exited = new Promise((resolve) => {
    exit = resolve;
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
  await page.goto(url);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), INHOST_DEADLINE_MS))]);
  const reportFile = join(results, 'inhost-report.txt');
  const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
  console.log(report || '  (the in-host suite wrote no report)');
  if (code !== 0) {
    await page.screenshot({ path: join(results, 'inhost-failure.png') }).catch(() => undefined);
    // A run that ended before mocha summed up still has to count as a failing test.
    if (!/^\s*\d+ failing/m.test(report))
      console.log(
        `  1 failing (in-host run ended: ${code === 'timeout' ? 'no exit within 300 s' : `exit code ${code}`})`,
      );
  }
  writeFileSync(join(results, 'browser-inhost.log'), consoleLog.join('\n'));
  await browser.close();
  return code === 0;
}

/** UI suite: mocha on Node 20 in a child process; each suite opens its own window on a fresh workspace copy. */
async function ui({ port, f, workspace }) {
  const env = sandboxEnv(f, {
    ADX_VSCODE_URL: workbenchUrl(port, workspace),
    ADX_VSCODE_LOGS: join(f.userData, 'logs'),
    ADX_VSCODE_USER_DATA: f.userData,
    ADX_VSCODE_WORKSPACE: workspace,
    ADX_IDENTITY_TEST_RESULTS: results,
    CHROME_PATH: findBrowser(),
    FORCE_COLOR: '0',
    PATH: process.env.PATH, // the UI runner stays on the project's Node, not code-server's
  });
  const mocha = join(root, 'node_modules', '.bin', 'mocha');
  const code = await new Promise((resolve) => {
    const child = spawn(mocha, ['--timeout', '120000', '--no-color', ...grep, 'test/vscode/ui/**/*.test.ts'], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    cleanups.push(async () => child.kill());
    child.on('close', (c) => resolve(c ?? 1));
  });
  return code === 0;
}

function printMeasurements() {
  const file = join(results, 'measurements.jsonl');
  if (!existsSync(file)) return;
  console.log('\nmeasured in the real extension host:');
  for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
    const { name, value } = JSON.parse(line);
    console.log(`  ${name}: ${value}`);
  }
}

async function main() {
  requireHost();
  findBrowser();
  mkdirSync(results, { recursive: true });
  const vsix = await packageExtension();
  const f = sandboxFolders(join(results, 'sandbox'));
  cleanups.unshift(() => f.dispose());
  const devPath = join(f.base, 'vsix');
  const { entries, bytes } = await unpackVsix(vsix, devPath);
  console.log(`\nVSIX ${relative(root, vsix)}: ${(bytes / 1024).toFixed(0)} KiB, ${entries.length} files`);
  for (const e of entries) console.log(`  ${e.path} (${(e.size / 1024).toFixed(1)} KiB)`);
  const { entry: testsEntry } = await buildInhostTests();
  const env = sandboxEnv(f, {
    ADX_IDENTITY_TEST_RESULTS: results,
    ADX_IDENTITY_UNDER_TEST: join(devPath, 'extension'),
  });
  installVsix(f, vsix, env);
  // Separate copies: the UI windows must not inherit editors the in-host tests left open.
  const wsInhost = copyWorkspace(join(f.base, 'ws-inhost'));
  const wsUi = copyWorkspace(join(f.base, 'ws-ui'));
  const port = await freePort();
  const server = await startCodeServer({ f, env, logFile: join(results, 'server.log'), workspace: wsUi, port });
  cleanups.push(async () => server.stop());
  console.log(`code-server on http://127.0.0.1:${port} (pid ${server.pid}), logs in ${relative(root, results)}/`);

  if (runInhost) {
    console.log('\n=== in-host tests (mocha in the extension host) ===');
    if (!(await inhost({ port, f, workspace: wsInhost, testsEntry, devPath: join(devPath, 'extension') })))
      failed = true;
    printMeasurements();
  }
  if (runUi) {
    console.log('\n=== UI tests (playwright in chromium) ===');
    if (!(await ui({ port, f, workspace: wsUi }))) failed = true;
  }
  if (runVsix) {
    console.log('\n=== first five minutes: the VSIX in a fresh code-server, no repository around it ===');
    if (!(await runVsixSuite({ vsix, results, cleanups }))) failed = true;
  }
}

try {
  await main();
} catch (e) {
  failed = true;
  console.error(`\nreal-VS-Code run broke: ${e.stack ?? e}`);
} finally {
  await cleanup();
}
console.log(`\nreal-VS-Code run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failed || args.has('--keep')) {
  // Keep logs and screenshots; drop the bulky parts of the sandbox.
  for (const d of ['extensions', 'vsix', 'ws-inhost', 'ws-ui', 'cache'])
    rmSync(join(results, 'sandbox', d), { recursive: true, force: true });
  console.log(`logs, screenshots and the server's log folder kept in ${relative(root, results)}/`);
} else {
  rmSync(results, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
