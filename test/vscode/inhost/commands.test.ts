// The change commands inside the real extension host against a sandbox: commands invoked on tree nodes, and the operations
// layer reached through the API for the steps that ask with a modal.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { checkDocument } from '../../../src/core/scanner';
import { api, treePath as path, useSandbox, waitFor } from './helpers';

describe('change commands (extension host, sandbox)', () => {
  useSandbox('Contoso Analytics Dev');

  it('Enable System-Assigned Identity on a cluster node: ARM changes and the tree shows it', async function () {
    this.timeout(60_000);
    const cluster = await path('Contoso Analytics Dev', 'adxnoid');
    assert.doesNotMatch(cluster.contextValue, /hasSystemIdentity/);
    await vscode.commands.executeCommand('adxIdentity.identity.enableSystem', cluster);
    await waitFor('the system identity in the tree', async () =>
      /hasSystemIdentity/.test((await path('Contoso Analytics Dev', 'adxnoid')).contextValue),
    );
    const ids = await (await api()).tree.getChildren(await path('Contoso Analytics Dev', 'adxnoid', 'Identities'));
    assert.deepEqual(
      ids.map((n) => n.label),
      ['System-assigned'],
    );
  });

  it('Show Managed Identity Policy on a policy node fills the results view', async () => {
    await vscode.commands.executeCommand(
      'adxIdentity.policy.show',
      await path('Contoso Analytics Prod', 'adxfull', 'Managed identity policy'),
    );
    const shown = (await api()).operations.results.last;
    assert.ok(shown, 'the results view shows a table');
    assert.match(shown.title, /adxfull · the cluster/);
    assert.ok(shown.table.columns.some((c) => c.name === 'Policy'));
  });

  it('a policy change through the API: saved first, visible in the tree, then restored', async () => {
    const { ops } = (await api()).operations;
    const ref = (await path('Contoso Analytics Dev', 'adxsystem')).model!.ref;
    const proposal = await ops.proposePolicy(ref, { scope: 'cluster' }, { kind: 'delete' });
    assert.ok(proposal.impact.some((u) => u.kind === 'dataConnection'));
    const outcome = await ops.applyPolicy(ref, proposal);
    assert.ok(outcome.status === 'applied' && outcome.saved);
    const policyNode = await path('Contoso Analytics Dev', 'adxsystem', 'Managed identity policy');
    (await api()).tree.refresh(policyNode.id);
    assert.deepEqual(
      (await (await api()).tree.getChildren(policyNode)).map((n) => n.label),
      ['No managed identity policy'],
    );
    await ops.restore(ref, outcome.saved);
    (await api()).tree.refresh(policyNode.id);
    assert.deepEqual(
      (await (await api()).tree.getChildren(policyNode)).map((n) => n.label),
      ['System-assigned'],
    );
  });

  it('Disable / Enable Continuous Export on an export node, the tree updated', async function () {
    this.timeout(60_000);
    const labels = [
      'Contoso Analytics Prod',
      'adxfull',
      'Databases',
      'Analytics',
      'Continuous exports',
      'EventsToLake',
    ];
    await vscode.commands.executeCommand('adxIdentity.export.disable', await path(...labels));
    await waitFor('the export shown disabled', async () => /;disabled/.test((await path(...labels)).contextValue));
    await vscode.commands.executeCommand('adxIdentity.export.enable', await path(...labels));
    await waitFor('the export shown enabled', async () => /;enabled/.test((await path(...labels)).contextValue));
  });

  it('Copy Identity Configuration as Script copies an idempotent, error-free script to the clipboard', async function () {
    this.timeout(60_000);
    await vscode.env.clipboard.writeText('');
    const returned = await vscode.commands.executeCommand<string>(
      'adxIdentity.copyAsScript',
      await path('Contoso Analytics Prod', 'adxfull', 'Databases', 'Analytics'),
    );
    const copied = await vscode.env.clipboard.readText();
    assert.equal(copied, returned);
    assert.match(copied, /Identity configuration of database Analytics/);
    assert.match(copied, /\.alter database Analytics policy managed_identity/);
    assert.match(copied, /\.create-or-alter continuous-export EventsToLake/);
    // Its identity external tables come back whole (columns read from the cluster), before the export that writes to one.
    const table = copied.indexOf(
      ".create-or-alter external table ExportedEvents (Timestamp:datetime, Name:string, Value:long) kind=storage dataformat=csv (h@'https://contosoexports.blob.core.windows.net/events;impersonate')",
    );
    assert.ok(table > 0 && table < copied.indexOf('.create-or-alter continuous-export EventsToLake'), copied);
    // Pasted into a .kql file, the script has no error (the editor's own check, run here without opening an editor).
    assert.deepEqual(
      checkDocument(copied)
        .filter((d) => d.severity === 'error')
        .map((d) => d.message),
      [],
    );
  });

  it('Edit Update Policy opens the live policy as the .alter that sets it, checked and error-free', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand(
      'adxIdentity.updatePolicy.edit',
      await path('Contoso Analytics Prod', 'adxfull', 'Databases', 'Analytics', 'Update policies', 'Devices'),
    );
    // Its own header tells it from the previous test's script (which holds the same .alter), looked up among the open
    // documents: on a busy machine the host learns which editor is active well after the document exists.
    let found: vscode.TextDocument | undefined;
    await waitFor(
      'the update policy editor',
      () =>
        !!(found = vscode.workspace.textDocuments.find((d) => /^\/\/ The update policy of Devices/.test(d.getText()))),
      55_000,
    );
    const doc = found!;
    assert.equal(doc.languageId, 'kusto');
    assert.ok(
      doc
        .getText()
        .includes(
          '.alter table Devices policy update ```[\n  {\n    "IsEnabled": true,\n    "Source": "Events",\n    "Query": "EnrichDevices()",',
        ),
      doc.getText(),
    );
    assert.ok(
      doc.getText().includes('"ManagedIdentity": "0e000001-0000-4000-8000-000000000001"\n  }\n]```'),
      doc.getText(),
    );
    assert.deepEqual(
      vscode.languages.getDiagnostics(doc.uri).map((d) => d.message),
      [],
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('refuses a change on a follower database with a warning, sending nothing', async () => {
    const { ops } = (await api()).operations;
    const ref = (await path('Contoso Analytics Prod', 'adxfull')).model!.ref;
    await assert.rejects(
      ops.proposePolicy(ref, { scope: 'database', database: 'TelemetryFollower' }, { kind: 'delete' }),
      /follower/,
    );
  });
});
