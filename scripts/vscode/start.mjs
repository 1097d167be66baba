#!/usr/bin/env node
// `npm start`: packages the extension, starts the local sandbox (when sandbox/main.ts exists) and a code-server with
// the VSIX installed on a copy of samples/, then prints the URL to open. Ctrl+C stops everything.
// Usage: node scripts/vscode/start.mjs [--port N] [--no-sandbox] [--scenario NAME]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, relative } from 'node:path';
import {
  copyWorkspace,
  freePort,
  installVsix,
  packageExtension,
  sandboxEnv,
  sandboxFolders,
  startCodeServer,
  workbenchUrl,
} from './host.mjs';
import { requireHost, root } from './paths.mjs';

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const stops = [];
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  while (stops.length) {
    try {
      await stops.pop()();
    } catch {
      /* keep stopping the rest */
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => {
  console.log('\nstopping ...');
  stopAll(0);
});
process.on('SIGTERM', () => stopAll(0));

/** Starts the sandbox in its own process group and resolves with the JSON line it prints first. */
function startSandbox(logDir) {
  const args = ['tsx', 'sandbox/main.ts', ...(option('scenario') ? ['--scenario', option('scenario')] : [])];
  const child = spawn('npx', args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const kill = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  stops.push(async () => kill());
  process.on('exit', kill);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    let first = true;
    lines.on('line', (line) => {
      if (first) {
        first = false;
        try {
          resolve({ line, info: JSON.parse(line) });
        } catch (e) {
          reject(new Error(`sandbox's first line is not JSON: ${line} (${e.message})`));
        }
      } else {
        console.log(`[sandbox] ${line}`);
      }
    });
    child.on('exit', (code) =>
      reject(new Error(`sandbox exited (code ${code}) before printing its JSON line; logs in ${logDir}`)),
    );
    setTimeout(() => reject(new Error('sandbox printed nothing within 60 s')), 60_000);
  });
}

async function main() {
  requireHost();
  const base = join(root, '.cache', 'vscode-start');
  mkdirSync(base, { recursive: true });
  const vsix = await packageExtension();
  const extra = {};
  if (existsSync(join(root, 'sandbox', 'main.ts')) && !argv.includes('--no-sandbox')) {
    const { line, info } = await startSandbox(base);
    // The extension reads the sandbox's JSON line from this variable; its self-signed certificate must be trusted.
    extra.ADX_IDENTITY_SANDBOX = line;
    if (info.certificate) extra.NODE_EXTRA_CA_CERTS = info.certificate;
    console.log(`sandbox: ${info.arm ?? line}`);
  } else {
    console.log('no sandbox: only the sample workspace');
  }
  // A fresh profile each start: what a new user sees, with the VSIX just built.
  const f = sandboxFolders(join(base, `run-${Date.now()}`));
  stops.push(async () => {
    (await import('node:fs')).rmSync(f.base, { recursive: true, force: true });
    f.dispose();
  });
  const env = sandboxEnv(f, extra);
  installVsix(f, vsix, env);
  const workspace = copyWorkspace(join(f.base, 'samples'));
  const port = option('port') ? Number(option('port')) : await freePort();
  const server = await startCodeServer({ f, env, logFile: join(f.base, 'server.log'), workspace, port });
  stops.push(async () => server.stop());
  console.log(`\ncode-server ready (log: ${relative(root, join(f.base, 'server.log'))})`);
  console.log(`open ${workbenchUrl(port, workspace)}`);
  console.log('Ctrl+C stops code-server and the sandbox.');
}

main().catch((e) => {
  console.error(`start failed: ${e.message}`);
  stopAll(1);
});
