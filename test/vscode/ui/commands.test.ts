// What a user does: run a change command from the palette (quick picks fill in the target) and from a tree context menu.
import * as assert from 'node:assert/strict';
import {
  answer,
  clickDialogButton,
  dialog,
  editorTab,
  notification,
  pickQuickItem,
  runCommandToPick,
  runFromContextMenu,
} from './commandsView';
import { expand, expandPath, openSandboxFromPalette, treeRow, useUiSandbox } from './treeView';
import { useWorkbench } from './workbench';

describe('change commands (UI)', () => {
  const wb = useWorkbench();
  const sandbox = useUiSandbox();

  it('runs "Show Database Principals" from the palette, picking cluster and database', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await wb().activityBarItem('ADX Identity').click();
    await openSandboxFromPalette(page, JSON.stringify(sandbox().info()));
    await treeRow(page, 'Contoso Analytics Prod').waitFor({ timeout: 30_000 });
    await runCommandToPick(page, 'ADX Identity: Show Database Principals', 'Cluster');
    await pickQuickItem(page, 'adxfull');
    await pickQuickItem(page, 'Analytics');
    await editorTab(page, 'Principals · adxfull · Analytics').waitFor({ timeout: 30_000 });
  });

  it('removes a policy entry from its context menu: diff, what relies on it, run, then Restore puts it back', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await expandPath(page, 'Contoso Analytics Dev', 'adxsystem', 'Managed identity policy', 'System-assigned');
    await runFromContextMenu(page, 'System-assigned', 'Remove Identity from Managed Identity Policy');
    await dialog(page).waitFor({ timeout: 30_000 });
    const text = await dialog(page).innerText();
    assert.match(text, /\.delete cluster policy managed_identity/);
    assert.match(text, /Data connection .*EventHub/);
    await editorTab(page, 'Managed identity policy (cluster): now').waitFor();
    await wb().screenshot('commands-remove-policy');
    await clickDialogButton(page, 'Run now');
    await treeRow(page, 'No managed identity policy').waitFor({ timeout: 30_000 });
    const done = await notification(page, /previous policy of the cluster was saved/);
    await done.locator('.monaco-button', { hasText: 'Restore' }).click();
    // A restore replaces the live policy too: it is compared, saved first and asked for.
    await dialog(page).waitFor({ timeout: 30_000 });
    const restoring = await dialog(page).innerText();
    assert.match(restoring, /Restore adxsystem · cluster policy/);
    assert.match(restoring, /The live policy is saved first/);
    await editorTab(page, 'Managed identity policy (cluster): now ↔ restored').waitFor();
    await clickDialogButton(page, 'Restore');
    await notification(page, /Restore .*: done/);
    await treeRow(page, 'System-assigned').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    // Collapse the subscription so the next test's labels are unique in the view.
    await treeRow(page, 'Contoso Analytics Dev').click();
    await treeRow(page, 'adxsystem').waitFor({ state: 'hidden' });
  });

  it('runs "Show Continuous Export Details" from an export\'s context menu', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await expandPath(
      page,
      'Contoso Analytics Prod',
      'adxfull',
      'Databases',
      'Analytics',
      'Continuous exports',
      'EventsToLake',
    );
    await runFromContextMenu(page, 'EventsToLake', 'Show Continuous Export Details');
    await editorTab(page, 'Continuous export EventsToLake · details').waitFor({ timeout: 30_000 });
  });

  it("takes adxnoid from no identity to a continuous export with the wizard, from the database's context menu", async function () {
    this.timeout(120_000);
    const page = wb().page;
    await treeRow(page, 'Contoso Analytics Prod').click();
    await treeRow(page, 'adxfull').waitFor({ state: 'hidden' });
    await expand(page, 'Contoso Analytics Dev', 'adxnoid');
    // The view remembers adxsystem open from an earlier test: fold it so "Databases" is adxnoid's only.
    const adxsystem = treeRow(page, 'adxsystem');
    if ((await adxsystem.getAttribute('aria-expanded')) === 'true') await adxsystem.click();
    await treeRow(page, 'Cluster principals').waitFor({ state: 'hidden' });
    await expandPath(page, 'adxnoid', 'Databases', 'Sales');
    await runFromContextMenu(page, 'Sales', 'Create Continuous Export');
    await answer(page, 'to which external table?', 'Create an external table', { pick: true });
    await answer(page, 'External table name', 'SalesLake');
    await answer(page, 'Kind of SalesLake', 'Azure Storage', { pick: true });
    await answer(page, 'Columns of SalesLake', 'Id:long, Amount:real');
    await answer(page, 'Storage URL', 'https://lake.blob.core.windows.net/sales');
    await answer(page, 'Data format', 'parquet', { pick: true });
    await answer(page, 'Authentication', 'Impersonate', { pick: true });
    await answer(page, 'Name of the continuous export', 'SalesToLake');
    await answer(page, 'What to export from Sales?', 'Orders', { pick: true });
    await answer(page, 'Fact tables for over', '');
    await answer(page, 'Interval between runs', '1h');
    await answer(page, 'Run the export as which managed identity?', 'System-assigned', { pick: true });
    await dialog(page).waitFor({ timeout: 30_000 });
    const plan = await dialog(page).innerText();
    assert.match(plan, /Turn on the cluster's system-assigned identity/);
    assert.match(plan, /Allow AutomatedFlows for system-assigned/);
    assert.match(plan, /Grant Viewer on Sales/);
    await wb().screenshot('commands-export-wizard');
    await clickDialogButton(page, 'Run 4 fixes and create');
    await notification(page, /Continuous export SalesToLake: done \(5 steps\)/);
    await page.keyboard.press('Escape');
    await expandPath(
      page,
      'Contoso Analytics Dev',
      'adxnoid',
      'Databases',
      'Sales',
      'Continuous exports',
      'SalesToLake',
    );
  });
});
