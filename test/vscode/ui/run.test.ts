// Run from the editor as a user does it: set the file's target from the status bar's command, read the Run and
// live-facts lenses, click Run, and see the sandbox changed, the result shown and the live facts read again.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { answer, clickDialogButton, dialog, runCommandToPick } from './commandsView';
import { removeUserSetting, setUserSetting } from './treeView';
import { useWorkbench, workspaceFolder } from './workbench';

const FILE = 'run-demo.kql';
const EXPORT_ID = '0e000001-0000-4000-8000-000000000001';
const text = (viewerFqn: string): string =>
  [
    '// Let the export identity ingest into Analytics as well.',
    `.alter-merge database Analytics policy managed_identity \`\`\`[{ "ObjectId": "${EXPORT_ID}", "AllowedUsages": "NativeIngestion" }]\`\`\``,
    '',
    '// Start again from nothing.',
    '.delete database Analytics policy managed_identity',
    '',
    '// Loses the export and its cursor: asked first, with the export as it is now.',
    '.drop continuous-export EventsToLake',
    '',
    '// Takes Viewer on Analytics away from the export identity: asked first, saved for Restore.',
    `.drop database Analytics viewers ('${viewerFqn}')`,
    '',
  ].join('\n');

/** Types into the open quick pick titled `title` until `label` is the focused row, then accepts it. */
/** Polls the sandbox state (changed by the extension host over the wire); the deadline only turns a hang into a failure. */
async function waitUntil(check: () => boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('gave up waiting for the sandbox to change');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const analyticsOf = (sandbox: RunningSandbox) =>
  sandbox.state.clusters.find((c) => c.name === 'adxfull')?.databases.find((d) => d.name === 'Analytics');

describe('run from the editor (UI)', () => {
  let sandbox: RunningSandbox;

  // The sandbox and the file exist before the window opens, so the tree and Quick Open find them at once.
  before(async function () {
    this.timeout(60_000);
    sandbox = await startSandbox();
    setUserSetting('adxIdentity.sandbox', JSON.stringify(sandbox.info()));
    const viewer = analyticsOf(sandbox)?.principals.find((p) => p.principalId === EXPORT_ID && p.role === 'Viewer');
    assert.ok(viewer, 'the export identity is a Viewer of Analytics in the scenario');
    writeFileSync(join(workspaceFolder(), FILE), text(viewer.fqn));
  });
  const wb = useWorkbench();

  after(async () => {
    removeUserSetting('adxIdentity.sandbox');
    await sandbox?.stop();
  });

  const lenses = () => wb().page.locator('.part.editor .monaco-editor .codelens-decoration');

  it('asks for a target with quick picks and shows it in the status bar and the Run lens', async () => {
    await wb().openFile(FILE);
    await lenses().filter({ hasText: '▶ Run…' }).first().waitFor();
    await wb().runCommand('Set Target Cluster and Database…');
    await answer(wb().page, 'Set Target Cluster and Database (1/2)', 'adxfull', { pick: true });
    await answer(wb().page, 'Set Target Cluster and Database (2/2)', 'Analytics', { pick: true });
    await wb().page.locator('.part.statusbar').getByText('adxfull / Analytics').waitFor();
    await lenses().locator('a').filter({ hasText: '▶ Run on adxfull / Analytics' }).first().waitFor();
    await lenses().filter({ hasText: 'live: adds 0e0… (NativeIngestion)' }).first().waitFor({ timeout: 30_000 });
  });

  it('runs the command when its Run lens is clicked: the sandbox changed, the result is shown, the live facts follow', async () => {
    const analytics = () =>
      sandbox.state.clusters.find((c) => c.name === 'adxfull')?.databases.find((d) => d.name === 'Analytics');
    assert.doesNotMatch(JSON.stringify(analytics()?.managedIdentityPolicy), new RegExp(EXPORT_ID));
    await lenses().locator('a').filter({ hasText: '▶ Run on adxfull / Analytics' }).first().click();
    await wb()
      .page.locator('.part.editor .tab', { hasText: 'adxfull / Analytics' })
      .first()
      .waitFor({ timeout: 30_000 });
    const entry = analytics()?.managedIdentityPolicy?.find((e) => e.ObjectId === EXPORT_ID);
    assert.match(entry?.AllowedUsages ?? '', /NativeIngestion/);
    // The results view holds the focus (a webview eats F1): go back through the file's tab.
    await wb().page.locator('.part.editor .tab', { hasText: FILE }).first().click();
    await lenses()
      .filter({ hasText: 'live: already has 0e0… (NativeIngestion); changes nothing' })
      .first()
      .waitFor({ timeout: 30_000 });
  });

  it('asks before a .delete with what it removes from the policy read again; Cancel sends nothing, Run deletes', async () => {
    const page = wb().page;
    const analytics = () =>
      sandbox.state.clusters.find((c) => c.name === 'adxfull')?.databases.find((d) => d.name === 'Analytics');
    await lenses()
      .filter({ hasText: '⚠ deletes the current policy: removes 2 entries' })
      .first()
      .waitFor({ timeout: 30_000 });
    const runDelete = () => lenses().locator('a').filter({ hasText: '▶ Run on adxfull / Analytics' }).nth(1).click();
    await runDelete();
    await dialog(page).waitFor({ timeout: 30_000 });
    const text = await dialog(page).innerText();
    assert.match(text, /Delete the managed identity policy of database Analytics on adxfull \/ Analytics\?/);
    assert.match(text, /It removes 2 entries/);
    assert.match(text, new RegExp(`- ${EXPORT_ID}: NativeIngestion \\(identity removed\\)`));
    assert.match(text, /The current policy is saved first/);
    await clickDialogButton(page, 'Cancel');
    assert.equal(analytics()?.managedIdentityPolicy?.length, 2);
    await runDelete();
    await dialog(page).waitFor({ timeout: 30_000 });
    await clickDialogButton(page, 'Run');
    await page
      .locator('.part.editor .tab', { hasText: '.delete database Analytics' })
      .first()
      .waitFor({ timeout: 30_000 });
    assert.ok(!analytics()?.managedIdentityPolicy?.length, JSON.stringify(analytics()?.managedIdentityPolicy));
  });

  it('saved the deleted policy: "Restore Previous Policy / Principals…" puts it back', async function () {
    this.timeout(60_000);
    const page = wb().page;
    const analytics = () =>
      sandbox.state.clusters.find((c) => c.name === 'adxfull')?.databases.find((d) => d.name === 'Analytics');
    await page.locator('.part.editor .tab', { hasText: FILE }).first().click();
    // The command opens its own quick pick at once, so the palette never closes: wait for the pick instead.
    await runCommandToPick(page, 'Restore Previous Policy / Principals…', 'Cluster');
    await answer(page, 'Cluster', 'adxfull', { pick: true });
    await answer(page, 'Restore previous policy / principals', 'policy of Analytics', { pick: true });
    await dialog(page).waitFor({ timeout: 30_000 });
    const text = await dialog(page).innerText();
    assert.match(text, /Nothing in the live policy is lost/);
    assert.match(text, /The live policy is saved first/);
    await clickDialogButton(page, 'Restore');
    await waitUntil(() => analytics()?.managedIdentityPolicy?.length === 2);
    assert.ok(analytics()?.managedIdentityPolicy?.some((e) => e.ObjectId === EXPORT_ID));
  });

  it('asks before a .drop with what it loses, read live; Cancel sends nothing', async () => {
    const page = wb().page;
    const exports = () =>
      sandbox.state.clusters
        .find((c) => c.name === 'adxfull')
        ?.databases.find((d) => d.name === 'Analytics')
        ?.continuousExports.map((e) => e.name);
    await page.locator('.part.editor .tab', { hasText: FILE }).first().click();
    await lenses().locator('a').filter({ hasText: '▶ Run on adxfull / Analytics' }).nth(2).click();
    await dialog(page).waitFor({ timeout: 30_000 });
    const text = await dialog(page).innerText();
    assert.match(text, /This loses continuous export EventsToLake and its cursor/);
    assert.match(text, /Now \(just read\): EventsToLake → ExportedEvents/);
    await clickDialogButton(page, 'Cancel');
    assert.ok(exports()?.includes('EventsToLake'));
  });

  it('asks before a .drop of a principal with the principal read live, saves it, and Restore adds it back', async function () {
    this.timeout(90_000);
    const page = wb().page;
    const isViewer = () =>
      !!analyticsOf(sandbox)?.principals.some((p) => p.principalId === EXPORT_ID && p.role === 'Viewer');
    await page.locator('.part.editor .tab', { hasText: FILE }).first().click();
    await lenses().locator('a').filter({ hasText: '▶ Run on adxfull / Analytics' }).nth(3).click();
    await dialog(page).waitFor({ timeout: 30_000 });
    const asked = await dialog(page).innerText();
    assert.match(asked, /loses viewers on Analytics/);
    assert.match(asked, /Now \(just read\):\n− .*Viewer: /);
    assert.match(asked, /They are saved first/);
    await clickDialogButton(page, 'Run');
    await waitUntil(() => !isViewer());
    // The results view holds the focus (a webview eats F1): go back through the file's tab.
    await page.locator('.part.editor .tab', { hasText: FILE }).first().click();
    await runCommandToPick(page, 'Restore Previous Policy / Principals…', 'Cluster');
    await answer(page, 'Cluster', 'adxfull', { pick: true });
    await answer(page, 'Restore previous policy / principals', 'principals of Analytics', { pick: true });
    await dialog(page).waitFor({ timeout: 30_000 });
    assert.match(await dialog(page).innerText(), /Adds back: aadapp=/);
    await clickDialogButton(page, 'Restore');
    await waitUntil(isViewer);
  });
});
