// What a user sees: open the sandbox from the palette, expand the tree down to a database's continuous exports.
import * as assert from 'node:assert/strict';
import { expand, expandPath, openSandboxFromPalette, treeRow, useUiSandbox, widenSideBar } from './treeView';
import { useWorkbench } from './workbench';

describe('identity tree (UI)', () => {
  const wb = useWorkbench();
  const sandbox = useUiSandbox();

  it('shows the sandbox subscriptions after "Open Local Sandbox…"', async () => {
    await wb().activityBarItem('ADX Identity').click();
    await wb()
      .sideBarTitle()
      .filter({ hasText: /Clusters/i })
      .waitFor();
    await openSandboxFromPalette(wb().page, JSON.stringify(sandbox().info()));
    await treeRow(wb().page, 'Contoso Analytics Prod').waitFor({ timeout: 30_000 });
    await treeRow(wb().page, 'Contoso Analytics Dev').waitFor();
  });

  it("expands to a database's continuous exports and sees the failing one marked", async () => {
    const page = wb().page;
    await expandPath(
      page,
      'Contoso Analytics Prod',
      'adxfull',
      'Databases',
      'Analytics',
      'Continuous exports',
      'ArchiveJoin',
    );
    const failing = treeRow(page, 'ArchiveJoin');
    assert.match(await failing.locator('.label-description').innerText(), /^failing · /);
    assert.equal(await failing.locator('.codicon-error').count(), 1, 'the failing export carries the error icon');
    const healthy = treeRow(page, 'EventsToLake');
    assert.doesNotMatch(await healthy.locator('.label-description').innerText(), /failing/);
    // Its failures are its children.
    await expand(
      page,
      'ArchiveJoin',
      "Principal 'aadapp=0e000001-0000-4000-8000-000000000001;11111111-1111-4111-8111-111111111111' is not authorized to access database 'Archive'.",
    );
    await widenSideBar(page, 620);
    await wb().settled();
    await wb().screenshot('tree');
  });
});
