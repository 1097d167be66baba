// What a user sees, polished (issue 15): principals read "Viewer → System-assigned", a policy in the results view shows
// its entries, Copy as Script copies and offers the editor, and a policy that is not JSON is one problem.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { editorTab, notification, runFromContextMenu } from './commandsView';
import { expandPath, openSandboxFromPalette, treeRow, useUiSandbox } from './treeView';
import { useWorkbench, workspaceFolder } from './workbench';

const NOT_JSON = 'not-json-policy.kql';

/** The results webview's document (VS Code nests the extension's page in an inner frame). */
function resultsFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

describe('what a user sees (UI)', () => {
  // Written before the window opens, so Quick Open finds it at once.
  before(() =>
    writeFileSync(
      join(workspaceFolder(), NOT_JSON),
      '// A payload that is not JSON at all: one root cause.\n.alter cluster policy managed_identity ```not json at all```\n',
    ),
  );
  const wb = useWorkbench();
  const sandbox = useUiSandbox();

  // First, before any webview opens: a webview holding the focus eats Quick Open's keys.
  it('a policy that is not JSON shows one problem, not one per word', async () => {
    await wb().openFile(NOT_JSON);
    const lenses = wb().page.locator('.part.editor .monaco-editor .codelens-decoration');
    await lenses.filter({ hasText: '✗ 1 problem' }).first().waitFor({ timeout: 30_000 });
    const texts = await lenses.allTextContents();
    assert.ok(!texts.some((t) => /✗ [2-9] problems/.test(t)), texts.join(' | '));
  });

  it('shows a policy in the results view as its entries: identity, object id, usages, the JSON folded', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await wb().activityBarItem('ADX Identity').click();
    await openSandboxFromPalette(page, JSON.stringify(sandbox().info()));
    await treeRow(page, 'Contoso Analytics Prod').waitFor({ timeout: 30_000 });
    await expandPath(page, 'Contoso Analytics Prod', 'adxfull', 'Managed identity policy');
    await runFromContextMenu(page, 'Managed identity policy', 'Show Managed Identity Policy');
    await editorTab(page, 'Managed identity policy · adxfull · the cluster').waitFor({ timeout: 30_000 });
    const cell = resultsFrame(page).locator('td.policy');
    await cell.waitFor({ timeout: 30_000 });
    const entries = await cell.locator('li').allInnerTexts();
    assert.equal(entries.length, 2, entries.join(' | '));
    assert.match(entries[0], /^System-assigned .* · AutomatedFlows, ExternalTable$/);
    assert.match(entries[1], /0e000001-0000-4000-8000-000000000001 · AutomatedFlows$/);
    // The whole JSON is one click away, not cut at 120 characters.
    await cell.locator('summary', { hasText: 'JSON' }).click();
    assert.match(await cell.locator('pre').innerText(), /"AllowedUsages": "AutomatedFlows, ExternalTable"/);
  });

  it('labels database principals by role and identity: "Viewer → System-assigned"', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await expandPath(page, 'adxfull', 'Databases', 'Analytics', 'Principals', 'Viewer → System-assigned');
    await treeRow(page, 'Ingestor → id-adx-ingest').waitFor();
    assert.equal(await treeRow(page, 'Database Analytics Viewer → System-assigned').count(), 0);
  });

  it('Copy Identity Configuration as Script copies it and offers to open it in an editor', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await runFromContextMenu(page, 'Analytics', 'Copy Identity Configuration as Script');
    const copied = await notification(page, /Copied the identity configuration of database Analytics as a script/);
    await copied.locator('.monaco-button', { hasText: 'Open in Editor' }).click();
    await page
      .locator('.part.editor .view-lines', { hasText: 'Identity configuration of database Analytics' })
      .waitFor({ timeout: 30_000 });
    // Closed unsaved, so no later window restores it.
    await wb().runCommand('View: Revert and Close Editor');
    await page
      .locator('.part.editor .view-lines', { hasText: 'Identity configuration of database Analytics' })
      .waitFor({
        state: 'hidden',
      });
  });
});
