// What a user does: run a change command from the palette (quick picks fill in the target) and from a tree context menu.
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { editorTab, pickQuickItem, runFromContextMenu } from './commandsView';
import { expand, openSandboxFromPalette, removeUserSetting, treeRow } from './treeView';
import { useWorkbench } from './workbench';

describe('change commands (UI)', () => {
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

  it('runs "Show Database Principals" from the palette, picking cluster and database', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await wb().activityBarItem('ADX Identity').click();
    await openSandboxFromPalette(page, JSON.stringify(sandbox.info()));
    await treeRow(page, 'Contoso Analytics Prod').waitFor({ timeout: 30_000 });
    await wb().runCommand('ADX Identity: Show Database Principals');
    await pickQuickItem(page, 'adxfull');
    await pickQuickItem(page, 'Analytics');
    await editorTab(page, 'Principals · adxfull · Analytics').waitFor({ timeout: 30_000 });
  });

  it('runs "Show Continuous Export Details" from an export\'s context menu', async function () {
    this.timeout(120_000);
    const page = wb().page;
    await expand(page, 'Contoso Analytics Prod', 'adxfull');
    await expand(page, 'adxfull', 'Databases');
    await expand(page, 'Databases', 'Analytics');
    await expand(page, 'Analytics', 'Continuous exports');
    await expand(page, 'Continuous exports', 'EventsToLake');
    await runFromContextMenu(page, 'EventsToLake', 'Show Continuous Export Details');
    await editorTab(page, 'Continuous export EventsToLake · details').waitFor({ timeout: 30_000 });
  });
});
