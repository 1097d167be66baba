// What a user sees: "Check Readiness…" from a failing export's context menu opens the verdict, and its fixes open in an editor.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { pickQuickItem, runCommandToPick, runFromContextMenu } from './commandsView';
import { expandPath, openSandboxFromPalette, treeRow, useUiSandbox } from './treeView';
import { useWorkbench } from './workbench';

const ASA_ID = 'a5a00000-0000-4000-8000-0000000000c1';
const EXPORT_ID = '0e000001-0000-4000-8000-000000000001';

/** Waits for the next quick pick or input box, by its title (the previous one may still be closing). */
async function nextQuickInput(page: Page, title: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
}

/** The verdict webview's document: VS Code nests the extension's page in an inner frame of the webview element. */
function verdictFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

describe('readiness checks (UI)', () => {
  const wb = useWorkbench();
  const sandbox = useUiSandbox();

  it('"Check Readiness…" on a failing export\'s context menu shows each prerequisite with ✓ / ✗ / ? and the fix', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await wb().activityBarItem('ADX Identity').click();
    await openSandboxFromPalette(page, JSON.stringify(sandbox().info()));
    await treeRow(page, 'Contoso Analytics Prod').waitFor({ timeout: 30_000 });
    await expandPath(
      page,
      'Contoso Analytics Prod',
      'adxfull',
      'Databases',
      'Analytics',
      'Continuous exports',
      'ArchiveJoin',
    );
    await runFromContextMenu(page, 'ArchiveJoin', 'Check Readiness…');

    const view = verdictFrame(page);
    await view
      .locator('h2', { hasText: 'Continuous export ArchiveJoin — adxfull/Analytics' })
      .waitFor({ timeout: 60_000 });
    assert.match(await view.locator('.verdict').innerText(), /^✗ not ready — \d+ passed · \d+ failed · \d+ unknown$/);
    const viewer = view.locator('li.check.failed', { hasText: 'Archive' }).filter({ has: view.locator('pre') });
    assert.equal(await viewer.locator('.mark').innerText(), '✗');
    assert.match(
      await viewer.locator('pre').first().innerText(),
      /^\.add database Archive viewers \('aadapp=0e000001-/,
    );
    assert.ok((await view.locator('li.check.passed .mark').count()) > 0, 'passed prerequisites carry ✓');
    // The storage behind the export is judged from ARM: its role is ✗ with a Grant and the texts to copy.
    const storageRole = view.locator('li.check.failed[data-id="target-role"]');
    assert.equal(await storageRole.locator('.mark').innerText(), '✗');
    for (const name of ['Grant…', 'Copy az', 'Copy Bicep'])
      assert.equal(await storageRole.getByRole('button', { name }).count(), 1, name);

    // "Open in editor" puts the fix into an untitled kusto document.
    await viewer.getByRole('button', { name: 'Open in editor' }).click();
    await page
      .locator('.part.editor .monaco-editor .view-lines', { hasText: '.add database Archive viewers' })
      .first()
      .waitFor({ timeout: 30_000 });
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
    const archive = view
      .locator('li.check[data-id="role-viewer"]')
      .filter({ has: view.locator('.title', { hasText: /Viewer on Archive$/ }) });
    assert.equal(await archive.getAttribute('class'), 'check passed');
    assert.equal(await archive.locator('.mark').innerText(), '✓');
  });

  it('"Grant…" names the role, the scope and the identity in a modal, grants it, and the re-check passes', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await page.locator('.part.editor .tab[aria-label*="Readiness:"]').click();
    const view = verdictFrame(page);
    const storageRole = view.locator('li.check[data-id="target-role"]');
    await storageRole.getByRole('button', { name: 'Grant…' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.match(text, /Role: Storage Blob Data Contributor/);
    assert.match(text, /Scope: \/subscriptions\/.+\/storageAccounts\/contosoexports/);
    assert.match(text, /Identity: .*object id 0e000001-/);
    await dialog.getByRole('button', { name: 'Grant', exact: true }).click();
    // The check runs again by itself once the role assignment is in.
    await view.locator('li.check.passed[data-id="target-role"]').waitFor({ timeout: 60_000 });
    assert.equal(await view.locator('li.check[data-id="target-role"] .mark').innerText(), '✓');
    assert.equal(await view.getByRole('button', { name: 'Undo Last Azure Change…' }).count(), 1);
  });

  it("from the palette: picks the flow, cluster and database, validates the job's principal id, and shows the verdict", async function () {
    this.timeout(120_000);
    const page = wb().page;
    await runCommandToPick(page, 'ADX Identity: Check Readiness…', 'Check Readiness');
    await pickQuickItem(page, 'Azure Stream Analytics output');
    await nextQuickInput(page, 'Cluster');
    await pickQuickItem(page, 'adxfull');
    await nextQuickInput(page, 'Database on adxfull');
    await pickQuickItem(page, 'Analytics');
    await nextQuickInput(page, 'Stream Analytics job');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('not-a-guid');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: /not-a-guid/ }).waitFor();
    await input.fill(ASA_ID);
    await page.keyboard.press('Enter');
    await nextQuickInput(page, 'Output table');
    await input.fill('Events');
    await page.keyboard.press('Enter');

    const view = verdictFrame(page);
    await view
      .locator('h2', { hasText: 'Azure Stream Analytics output Events — adxfull/Analytics' })
      .waitFor({ timeout: 60_000 });
    const ingestor = view.locator('li.check.failed[data-id="role-ingestor"]');
    assert.equal(await ingestor.locator('.mark').innerText(), '✗');
    assert.match(await ingestor.locator('pre').innerText(), /^\.add database Analytics ingestors \('aadapp=a5a00000-/);
  });

  it("a Functions input binding from the database's context menu: ✓ ready, and the generated C# binding opens in an editor", async function () {
    this.timeout(120_000);
    const page = wb().page;
    await runFromContextMenu(page, 'Analytics', 'Check Readiness…');
    await nextQuickInput(page, 'Check Readiness');
    await pickQuickItem(page, 'Azure Functions Kusto binding');
    await nextQuickInput(page, 'Function');
    await page.locator('.quick-input-widget .quick-input-box input').fill(EXPORT_ID);
    await page.keyboard.press('Enter');
    await nextQuickInput(page, 'Kusto binding');
    await pickQuickItem(page, 'input');

    const view = verdictFrame(page);
    await view
      .locator('h2', { hasText: 'Azure Functions Kusto binding — adxfull/Analytics' })
      .waitFor({ timeout: 60_000 });
    assert.match(await view.locator('.verdict').innerText(), /^✓ ready/);
    // The client id was looked up among the subscription's user-assigned identities (ARM).
    const csharp = view.locator('section.artifact', { hasText: 'C# input binding' });
    assert.match(
      await csharp.locator('pre').innerText(),
      /ManagedServiceIdentity = "0c000001-0000-4000-8000-000000000001"/,
    );
    assert.equal(
      await view.locator('section.artifact', { hasText: 'no secret' }).count(),
      1,
      'the connection string is offered',
    );
    await csharp.getByRole('button', { name: 'Open' }).click();
    await page
      .locator('.part.editor .monaco-editor .view-lines', { hasText: 'ManagedServiceIdentity' })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.locator('#status\\.editor\\.mode').filter({ hasText: 'C#' }).waitFor();
  });
});
