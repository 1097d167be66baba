// The first five minutes of a new user, on the packed VSIX installed into a fresh code-server whose workspace is an
// empty temp folder: "Try It on the Built-in Sandbox" from the empty view, every walkthrough step done as a user does
// it, the sandbox stopped from its status bar item, and no sandbox process left behind.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { answer, clickDialogButton, dialog, notification, runFromContextMenu } from '../ui/commandsView';
import { expandPath, treeRow } from '../ui/treeView';
import { useWorkbench } from '../ui/workbench';

const VIEW = '#workbench\\.view\\.extension\\.adxIdentity';

/** The parts of a DOM <img> the checks read (the tests compile without the DOM library). */
interface ImageLike {
  readonly src: string;
  readonly complete: boolean;
  readonly naturalWidth: number;
  addEventListener(event: 'load' | 'error', listener: () => void): void;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through \`node scripts/vscode/run.mjs\``);
  return value;
}

/** Processes running the installed extension's dist/sandbox.js (Linux /proc), with their parent's pid. */
function sandboxProcesses(): { pid: number; ppid: number }[] {
  const extensions = required('ADX_VSCODE_EXTENSIONS');
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (!args.some((a) => a.startsWith(extensions) && a.endsWith(join('dist', 'sandbox.js')))) return [];
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return [{ pid: Number(pid), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) }];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** Waits for a state of this machine; the deadline only turns a hang into a readable failure. */
async function until(
  what: string,
  check: () => boolean,
  deadlineMs = 30_000,
  poll?: () => Promise<void>,
): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    await poll?.();
    if (check()) return;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A step of the walkthrough in its page, by the step id in package.json. */
function step(page: Page, id: string): Locator {
  return page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="${id}"]`);
}

async function stepDone(page: Page, id: string): Promise<void> {
  await page
    .locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="${id}"][aria-checked="true"]`)
    .waitFor({ timeout: 30_000 });
}

/** Brings the walkthrough's editor tab to the front. */
async function toWalkthrough(page: Page): Promise<void> {
  await page.locator('.part.editor .tab', { hasText: 'Welcome' }).first().click();
  await page.locator('.gettingStartedContainer').waitFor();
}

const STEPS = ['connect', 'explore', 'fix', 'run', 'readiness', 'script'];

describe('the first five minutes, from the installed VSIX (UI)', () => {
  const wb = useWorkbench();

  it('offers the built-in sandbox and the walkthrough in the empty view, and nothing of it runs yet', async () => {
    const page = wb().page;
    await wb().activityBarItem('ADX Identity').click();
    const welcome = page.locator(`${VIEW} .welcome-view-content`);
    await welcome.getByRole('button', { name: 'Try It on the Built-in Sandbox' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(sandboxProcesses(), []);
    await welcome.locator('a', { hasText: 'Open the walkthrough' }).click();
    await page.locator('.gettingStartedContainer', { hasText: 'Get Started with ADX Identity' }).waitFor();
    for (const id of STEPS) await step(page, id).waitFor();
    assert.equal(await step(page, 'connect').getAttribute('aria-checked'), 'false');
  });

  it('"Try It on the Built-in Sandbox" starts it, shows its clusters and a status bar item; connect is done', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await page
      .locator(`${VIEW} .welcome-view-content`)
      .getByRole('button', { name: 'Try It on the Built-in Sandbox' })
      .click();
    await treeRow(page, 'Contoso Analytics Prod').waitFor({ timeout: 60_000 });
    await treeRow(page, 'Contoso Analytics Dev').waitFor();
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Sandbox' }).waitFor();
    assert.equal(sandboxProcesses().length, 1, 'one sandbox process');
    await stepDone(page, 'connect');
  });

  it('explore: opening a cluster in the tree', async () => {
    const page = wb().page;
    await expandPath(page, 'Contoso Analytics Prod', 'adxfull', 'Databases');
    await stepDone(page, 'explore');
  });

  it('fix: the sample opens from the walkthrough, the lens leads to the problem, the quick fix repairs it', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await step(page, 'fix').click();
    await page.locator('.gettingStartedContainer').getByRole('button', { name: 'Open the Sample' }).click();
    await page.locator('.part.editor .tab.active', { hasText: 'first-steps.kql' }).waitFor();
    const lens = page.locator('.part.editor .monaco-editor .codelens-decoration a', { hasText: 'problem' });
    await lens.first().click();
    await page.locator('.part.editor .monaco-editor .squiggly-error').first().waitFor();
    // The lens selected the problem and opened its hover, which names the rule and offers the quick fix.
    const hover = page.locator('.monaco-hover', { hasText: 'MIP009' }).first();
    await hover.getByText('Quick Fix...').click();
    await page.locator('.action-widget').getByText("Replace with 'system'").first().click();
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: '"ObjectId": "system",' }).waitFor();
    await page.locator('.part.editor .monaco-editor .squiggly-error').waitFor({ state: 'detached' });
    await toWalkthrough(page);
    await stepDone(page, 'fix');
  });

  it('run: Shift+Enter on a command asks for the target and runs it there', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await page.locator('.part.editor .tab', { hasText: 'first-steps.kql' }).first().click();
    await page
      .locator('.part.editor .monaco-editor .view-line', { hasText: '.show cluster policy managed_identity' })
      .click();
    await page.keyboard.press('Shift+Enter');
    await answer(page, 'Set Target Cluster and Database (1/2)', 'adxfull', { pick: true });
    await answer(page, 'Set Target Cluster and Database (2/2)', 'No default database', { pick: true });
    await page.locator('.part.editor .tab', { hasText: 'adxfull' }).first().waitFor({ timeout: 60_000 });
    await toWalkthrough(page);
    await stepDone(page, 'run');
  });

  it("readiness: a failing export's check, then its fixes run after asking", async function () {
    this.timeout(120_000);
    const page = wb().page;
    await expandPath(page, 'Databases', 'Analytics', 'Continuous exports', 'ArchiveJoin');
    await runFromContextMenu(page, 'ArchiveJoin', 'Check Readiness…');
    const view = page
      .locator('iframe.webview.ready')
      .last()
      .contentFrame()
      .locator('iframe#active-frame')
      .contentFrame();
    const viewer = view.locator('li.check.failed', { hasText: 'Archive' }).filter({ has: view.locator('pre') });
    await viewer.getByRole('button', { name: 'Run fixes' }).click({ timeout: 60_000 });
    await dialog(page).waitFor();
    await clickDialogButton(page, 'Run 1 command');
    await view.locator('.plan', { hasText: '✓ .add database Archive viewers' }).waitFor({ timeout: 60_000 });
    await toWalkthrough(page);
    await stepDone(page, 'readiness');
  });

  it('script: the cluster configuration copied as a script; every step is done', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await runFromContextMenu(page, 'adxfull', 'Copy Identity Configuration as Script');
    // The script is on the clipboard; its notification opens it in an editor, and only then back to the walkthrough
    // (the editor would take the front again).
    const copied = await notification(page, /Copied the identity configuration of adxfull as a script/);
    await copied.locator('.monaco-button', { hasText: 'Open in Editor' }).click();
    await page.locator('.part.editor .tab.active', { hasText: 'Identity configuration of adxfull' }).waitFor();
    await toWalkthrough(page);
    for (const id of STEPS) await stepDone(page, id);
  });

  it('"Stop Sandbox" from the status bar ends the process; the view is empty again', async function () {
    this.timeout(60_000);
    const page = wb().page;
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Sandbox' }).click();
    await until('no sandbox process', () => sandboxProcesses().length === 0);
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Sandbox' }).waitFor({ state: 'hidden' });
    await page
      .locator(`${VIEW} .welcome-view-content`)
      .getByRole('button', { name: 'Try It on the Built-in Sandbox' })
      .waitFor({ timeout: 30_000 });
  });

  it('its details page shows the icon from the package and the README', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await wb().runCommand('Extensions: Show Installed Extensions');
    await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'ADX Identity' }).first().click();
    const header = page.locator('.extension-editor .header', { hasText: 'ADX Identity' });
    await header.waitFor({ timeout: 60_000 });
    const icon = header.locator('img.icon');
    let iconWidth = 0;
    await until(
      'the icon drawn',
      () => iconWidth > 0,
      30_000,
      async () => {
        iconWidth = await icon
          .evaluate((el) => {
            const img = el as unknown as ImageLike;
            return img.complete ? img.naturalWidth : 0;
          })
          .catch(() => 0);
      },
    );
    assert.match(
      decodeURIComponent((await icon.getAttribute('src')) ?? ''),
      /adx-identity\.adx-identity-[\d.]+\/media\/icon\.png/,
    );
    // The README is one webview among others (the readiness view stays loaded): find the frame that shows it.
    let readme = false;
    await until(
      'the README in the details page',
      () => readme,
      60_000,
      async () => {
        for (const frame of page.frames()) {
          const text = await frame
            .evaluate(
              () =>
                (globalThis as unknown as { document: { body?: { innerText: string } } }).document.body?.innerText ??
                '',
            )
            .catch(() => '');
          if (text.includes('Try It on the Built-in Sandbox')) readme = true;
        }
      },
    );
  });

  it('stops with the extension host, however it ends: started again, the host killed, no process left', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await wb().runCommand('Try It on the Built-in Sandbox');
    await treeRow(page, 'Contoso Analytics Prod').waitFor({ timeout: 60_000 });
    const [running] = sandboxProcesses();
    assert.ok(running, 'the sandbox runs again');
    // SIGKILL: no deactivate() runs; the pipe on the sandbox's stdin closing is what stops it.
    process.kill(running.ppid, 'SIGKILL');
    await until('no sandbox process after the host died', () => sandboxProcesses().length === 0);
  });
});
