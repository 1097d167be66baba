// What a user sees: "Check Readiness…" from a failing export's context menu opens the verdict, and its fixes open in an editor.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { expand, openSandboxFromPalette, removeUserSetting, treeRow } from './treeView';
import { useWorkbench } from './workbench';

/** The verdict webview's document: VS Code nests the extension's page in an inner frame of the webview element. */
function verdictFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

describe('readiness checks (UI)', () => {
  const wb = useWorkbench();
  let sandbox: RunningSandbox;

  before(async function () {
    this.timeout(60_000);
    sandbox = await startSandbox();
  });

  after(async () => {
    removeUserSetting('adxIdentity.sandbox');
    await sandbox?.stop();
  });

  it('"Check Readiness…" on a failing export\'s context menu shows each prerequisite with ✓ / ✗ / ? and the fix', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await wb().activityBarItem('ADX Identity').click();
    await openSandboxFromPalette(page, JSON.stringify(sandbox.info()));
    await treeRow(page, 'Contoso Analytics Prod').waitFor({ timeout: 30_000 });
    await expand(page, 'Contoso Analytics Prod', 'adxfull');
    await expand(page, 'adxfull', 'Databases');
    await expand(page, 'Databases', 'Analytics');
    await expand(page, 'Analytics', 'Continuous exports');
    await expand(page, 'Continuous exports', 'ArchiveJoin');
    await treeRow(page, 'ArchiveJoin').click({ button: 'right' });
    await page.locator('.context-view .action-item', { hasText: 'Check Readiness…' }).click();

    const view = verdictFrame(page);
    await view.locator('h2', { hasText: 'Continuous export ArchiveJoin — adxfull/Analytics' }).waitFor({ timeout: 60_000 });
    assert.match(await view.locator('.verdict').innerText(), /^✗ not ready — \d+ passed · \d+ failed · \d+ unknown$/);
    const viewer = view.locator('li.check.failed', { hasText: 'Archive' }).filter({ has: view.locator('pre') });
    assert.equal(await viewer.locator('.mark').innerText(), '✗');
    assert.match(await viewer.locator('pre').first().innerText(), /^\.add database Archive viewers \('aadapp=0e000001-/);
    assert.ok(await view.locator('li.check.passed .mark').count() > 0, 'passed prerequisites carry ✓');
    assert.ok(await view.locator('li.check.unknown .mark').count() > 0, 'what cannot be seen carries ?');

    // "Open in editor" puts the fix into an untitled kusto document.
    await viewer.getByRole('button', { name: 'Open in editor' }).click();
    await page.locator('.part.editor .monaco-editor .view-lines', { hasText: '.add database Archive viewers' }).first().waitFor({ timeout: 30_000 });
    await page.locator('#status\\.editor\\.mode').filter({ hasText: 'Kusto' }).waitFor();
  });

  it('"Run fixes" names the command in a modal, runs it, and the verdict shows what ran and the prerequisite passing', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await page.locator('.part.editor .tab[aria-label*="Readiness:"]').click();
    const view = verdictFrame(page);
    const viewer = view.locator('li.check.failed', { hasText: 'Archive' }).filter({ has: view.locator('pre') });
    await viewer.getByRole('button', { name: 'Run fixes' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /\.add database Archive viewers/);
    await dialog.getByRole('button', { name: 'Run 1 command' }).click();
    await view.locator('.plan', { hasText: '✓ .add database Archive viewers' }).waitFor({ timeout: 60_000 });
    const archive = view.locator('li.check[data-id="role-viewer"]').filter({ has: view.locator('.title', { hasText: /Viewer on Archive$/ }) });
    assert.equal(await archive.getAttribute('class'), 'check passed');
    assert.equal(await archive.locator('.mark').innerText(), '✓');
  });
});
