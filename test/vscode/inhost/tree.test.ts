// The identity tree inside the real extension host, reached through the API activate() returns, against a sandbox.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSandbox, type RunningSandbox, type Scenario } from '../../../sandbox';
import defaultScenario from '../../../sandbox/scenarios/default.json';
import type { ModelNode } from '../../../src/services/tree/node';
import { api, waitFor } from './helpers';

async function child(parent: ModelNode | undefined, label: string): Promise<ModelNode> {
  const tree = (await api()).tree;
  const children = await tree.getChildren(parent);
  const found = children.find((c) => c.label === label);
  if (!found)
    throw new Error(`no "${label}" under ${parent?.id ?? 'root'}: ${children.map((c) => c.label).join(' | ')}`);
  return found;
}

async function path(...labels: string[]): Promise<ModelNode> {
  let node: ModelNode | undefined;
  for (const label of labels) node = await child(node, label);
  if (!node) throw new Error('empty path');
  return node;
}

describe('identity tree (extension host, sandbox)', () => {
  let sandbox: RunningSandbox;
  const settings = () => vscode.workspace.getConfiguration('adxIdentity');

  before(async function () {
    this.timeout(120_000);
    // The bundled test carries the scenario: the sandbox's own default path points into the source tree.
    sandbox = await startSandbox({ scenario: defaultScenario as unknown as Scenario });
    await settings().update('sandbox', JSON.stringify(sandbox.info()), vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    // Settings are shared with the UI suite's windows: leave them as found.
    await settings().update('sandbox', undefined, vscode.ConfigurationTarget.Global);
    await sandbox?.stop();
  });

  it('shows the sandbox subscriptions once the setting names the sandbox', async () => {
    const tree = (await api()).tree;
    await waitFor('the sandbox subscriptions at the root', async () => {
      tree.refresh();
      const roots = await tree.getChildren();
      return roots.some((r) => r.label === 'Contoso Analytics Dev');
    });
    const roots = await tree.getChildren();
    assert.deepEqual(
      roots.filter((r) => r.kind === 'subscription').map((r) => r.label),
      ['Contoso Analytics Dev', 'Contoso Analytics Prod'],
    );
  });

  it('lists clusters with identities read from ARM over https (the sandbox certificate trusted)', async () => {
    const ids = await (await api()).tree.getChildren(await path('Contoso Analytics Prod', 'adxfull', 'Identities'));
    assert.deepEqual(
      ids.map((n) => n.label),
      ['System-assigned', 'id-adx-export', 'id-adx-ingest'],
    );
  });

  it("reaches a database's continuous exports through Kusto and marks the failing one", async () => {
    const exports = await (
      await api()
    ).tree.getChildren(await path('Contoso Analytics Prod', 'adxfull', 'Databases', 'Analytics', 'Continuous exports'));
    const failing = exports.find((e) => e.label === 'ArchiveJoin');
    assert.ok(failing, exports.map((e) => e.label).join(', '));
    assert.match(failing.contextValue, /;failing/);
    assert.match(failing.description ?? '', /^failing/);
    const failures = await (await api()).tree.getChildren(failing);
    assert.match(failures[0].label, /not authorized to access database 'Archive'/);
  });

  it("copies an identity's object and client ids from its node", async () => {
    const ids = await (await api()).tree.getChildren(await path('Contoso Analytics Prod', 'adxfull', 'Identities'));
    const user = ids.find((n) => n.label === 'id-adx-export');
    assert.ok(user);
    await vscode.commands.executeCommand('adxIdentity.tree.copyObjectId', user);
    assert.equal(await vscode.env.clipboard.readText(), '0e000001-0000-4000-8000-000000000001');
    await vscode.commands.executeCommand('adxIdentity.tree.copyClientId', user);
    assert.equal(await vscode.env.clipboard.readText(), '0c000001-0000-4000-8000-000000000001');
  });

  it('shows an error row (not a popup) for a forbidden branch, and recovers on refresh', async () => {
    const tree = (await api()).tree;
    const node = await path('Contoso Analytics Prod', 'adxuser', 'Cluster principals');
    sandbox.faults.add({ path: '/adxuser/v1/rest/mgmt', status: 403, times: 1 });
    tree.refresh(node.id);
    const rows = await tree.getChildren(node);
    assert.equal(rows[0].kind, 'error');
    assert.match(rows[0].label, /permission denied \(403\)/);
    assert.match(rows[0].contextValue, /^adxIdentity\.error;retry;showLog$/);
    // The Retry action refreshes the branch the error row belongs to.
    await vscode.commands.executeCommand('adxIdentity.tree.retry', rows[0]);
    const again = await tree.getChildren(node);
    assert.deepEqual(
      again.map((n) => n.label),
      ['AllDatabasesAdmin → Ada Admin'],
    );
  });

  it('shows a cluster added by URL with no auth under "Direct connections", and removes it from its context menu command', async () => {
    const tree = (await api()).tree;
    const uri = sandbox.clusters.adxuser;
    await settings().update(
      'connections',
      [{ uri, name: 'emulator-like', auth: 'none' }],
      vscode.ConfigurationTarget.Global,
    );
    try {
      await waitFor('the direct connection in the tree', async () => {
        tree.refresh();
        return (await tree.getChildren()).some((r) => r.label === 'Direct connections');
      });
      const cluster = await path('Direct connections', 'emulator-like');
      assert.match(cluster.contextValue, /^adxIdentity\.cluster;direct;removable;/);
      const dbs = await tree.getChildren(await path('Direct connections', 'emulator-like', 'Databases'));
      assert.deepEqual(
        dbs.map((d) => d.label),
        ['Ingest'],
      );
      await vscode.commands.executeCommand('adxIdentity.removeConnection', cluster);
      assert.deepEqual(settings().get('connections'), []);
      await waitFor('the direct connections root to go', async () => {
        tree.refresh();
        return !(await tree.getChildren()).some((r) => r.label === 'Direct connections');
      });
    } finally {
      await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('contributes the tree commands, hiding node-only ones from the palette', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of [
      'adxIdentity.refresh',
      'adxIdentity.signIn',
      'adxIdentity.addConnection',
      'adxIdentity.removeConnection',
      'adxIdentity.openSandbox',
      'adxIdentity.tree.retry',
      'adxIdentity.tree.copyObjectId',
      'adxIdentity.tree.openInPortal',
    ]) {
      assert.ok(all.includes(id), `${id} is registered`);
    }
    const manifest = vscode.extensions.getExtension('adx-identity.adx-identity')?.packageJSON as {
      contributes: { menus: { commandPalette: { command: string; when: string }[] } };
    };
    const hidden = manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command);
    assert.ok(hidden.includes('adxIdentity.tree.copyObjectId') && hidden.includes('adxIdentity.tree.retry'));
  });
});
