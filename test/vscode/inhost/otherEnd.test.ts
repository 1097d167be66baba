// The other end of the identity in the real extension host, against an in-process sandbox: Explain Failure on the
// export's failure node, the storage role's Azure fix applied through the readiness view's path, the re-check and the
// sandbox's next export run completing (read back through the tree), then undo.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelNode } from '../../../src/services/tree/node';
import { api, treePath as path, useSandbox, waitFor } from './helpers';

const EXPORT_PATH = ['Contoso Analytics Prod', 'adxfull', 'Databases', 'Analytics', 'Continuous exports'];
const REQUEST = { flow: 'continuous-export' as const, database: 'Analytics', exportName: 'ArchiveJoin' };

describe('the other end of the identity (extension host, sandbox)', () => {
  const sandbox = useSandbox('Contoso Analytics Prod');

  /** ArchiveJoin read afresh from the cluster (the tree caches what it read). */
  async function archiveJoin(): Promise<ModelNode> {
    (await api()).tree.refresh();
    return path(...EXPORT_PATH, 'ArchiveJoin');
  }

  async function failureNodes(): Promise<ModelNode[]> {
    const { tree } = await api();
    const node = await archiveJoin();
    return (await tree.getChildren(node)).filter((c) => c.kind === 'exportFailure');
  }

  it('Explain Failure on a failure node names the broken link; granting the storage role passes and the next run completes', async function () {
    this.timeout(120_000);
    const { workflows } = await api();

    // The scenario's recorded failure: the identity could not read the Archive database.
    const [seeded] = await failureNodes();
    assert.ok(seeded, 'ArchiveJoin is failing and lists its failures');
    assert.match(seeded.contextValue ?? '', /^adxIdentity\.exportFailure(;|$)/);
    await vscode.commands.executeCommand('adxIdentity.explainFailure', seeded);
    await waitFor('the explained verdict', () => workflows.current?.explanation !== undefined);
    assert.equal(workflows.current?.explanation?.link, 'databaseRole');
    assert.deepEqual(
      workflows.current?.explanation?.checks.map((c) => `${c.id}(${c.subject ?? ''})`),
      ['role-viewer(Archive)'],
    );

    // Fix the Kusto side first: the export's next run then fails at the storage account instead.
    await workflows.check(await archiveJoin(), REQUEST);
    const kusto = await workflows.runFixes();
    assert.equal(kusto.plan.failed, undefined, kusto.plan.failed?.message);
    assert.ok(
      kusto.arm.some((o) => o.status === 'applied'),
      'runFixes also applied the Azure fix',
    );
    // Undo the Azure change so the storage role is missing again, as a user would find it.
    await workflows.undoLastAzureChange();
    assert.equal(workflows.current?.report.checks.find((c) => c.id === 'target-role')?.verdict, 'failed');

    const [run] = sandbox()
      .runContinuousExports('adxfull')
      .filter((r) => r.name === 'ArchiveJoin');
    assert.equal(run.result, 'Failed');
    const storage = (await failureNodes()).find((f) => /AuthorizationPermissionMismatch/.test(String(f.label)));
    assert.ok(storage, 'the storage failure is listed under the export');
    const explanation = await workflows.explain(storage);
    assert.equal(explanation.link, 'targetRole');
    assert.deepEqual(
      explanation.checks.map((c) => c.id),
      ['target-role'],
    );
    assert.equal(workflows.current?.explanation, explanation, 'the verdict shown is headed by the explanation');

    // The readiness view's path: the storage role check fails with a grant the caller may apply.
    const before = await workflows.check(await archiveJoin(), REQUEST);
    const role = before.checks.find((c) => c.id === 'target-role');
    assert.equal(role?.verdict, 'failed');
    const offer = role?.armFixes?.[0];
    assert.equal(offer?.canApply, 'yes');
    assert.equal(offer?.fix.kind, 'roleAssignment');
    assert.match(offer?.fix.title ?? '', /^Grant Storage Blob Data Contributor to id-adx-export at \/subscriptions\//);

    const { after, arm } = await workflows.runFixes();
    assert.deepEqual(
      arm.map((o) => o.status),
      ['applied'],
    );
    assert.equal(after.checks.find((c) => c.id === 'target-role')?.verdict, 'passed');
    assert.match(workflows.azureChanges()[0]?.title ?? '', /^Grant Storage Blob Data Contributor/);

    // The sandbox's next export run completes; the tree reads it back from Kusto.
    const [next] = sandbox()
      .runContinuousExports('adxfull')
      .filter((r) => r.name === 'ArchiveJoin');
    assert.equal(next.result, 'Completed');
    await waitFor('ArchiveJoin completed in the tree', async () => {
      const node = await archiveJoin();
      return node.model?.export?.lastRunResult === 'Completed';
    });
    assert.doesNotMatch((await archiveJoin()).contextValue ?? '', /;failing(;|$)/);
  });
});
