// The first-five-minutes suite: the packed VSIX installed into a fresh code-server (fresh user data and extensions)
// on an empty workspace in the temp folder, with no repository around it; Playwright drives it (test/vscode/vsix).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, installVsix, sandboxEnv, sandboxFolders, startCodeServer, workbenchUrl } from './host.mjs';
import { findBrowser, root } from './paths.mjs';

/** Runs the suite; returns true when it passed. `cleanups` receives what to stop at the end. */
export async function runVsixSuite({ vsix, results, cleanups }) {
  // Outside the checkout: nothing the extension finds may come from the repository.
  const base = mkdtempSync(join(tmpdir(), 'adxi-vsix-'));
  cleanups.push(async () => rmSync(base, { recursive: true, force: true }));
  const f = sandboxFolders(join(base, 'host'));
  cleanups.push(async () => f.dispose());
  const workspace = join(base, 'workspace');
  mkdirSync(workspace);
  const env = sandboxEnv(f);
  installVsix(f, vsix, env);
  const port = await freePort();
  const server = await startCodeServer({ f, env, logFile: join(results, 'server-vsix.log'), workspace, port });
  cleanups.push(async () => server.stop());
  console.log(`fresh code-server on http://127.0.0.1:${port} (pid ${server.pid}), workspace ${workspace}`);
  const testEnv = sandboxEnv(f, {
    ADX_VSCODE_URL: workbenchUrl(port, workspace),
    ADX_VSCODE_LOGS: join(f.userData, 'logs'),
    ADX_VSCODE_EXTENSIONS: f.extensions,
    ADX_IDENTITY_TEST_RESULTS: results,
    CHROME_PATH: findBrowser(),
    FORCE_COLOR: '0',
    PATH: process.env.PATH, // the runner stays on the project's Node, not code-server's
  });
  const mocha = join(root, 'node_modules', '.bin', 'mocha');
  const code = await new Promise((resolve) => {
    const child = spawn(mocha, ['--timeout', '120000', '--no-color', 'test/vscode/vsix/**/*.test.ts'], {
      cwd: root,
      env: testEnv,
      stdio: 'inherit',
    });
    cleanups.push(async () => child.kill());
    child.on('close', (c) => resolve(c ?? 1));
  });
  return code === 0;
}
