// Readiness checks in the real extension host through the API object, against a sandbox of their own: check, fix, check again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CheckResult } from '../../../src/core/workflows';
import { api, treePath as path, useSandbox, waitFor } from './helpers';

const key = (c: CheckResult): string => `${c.id}${c.subject ? `(${c.subject})` : ''}`;

describe('readiness checks (extension host, sandbox)', () => {
  useSandbox('Contoso Analytics Prod');

  it('continuous export: the failing export fails, its offered fixes run, and the re-check passes what they fixed', async function () {
    this.timeout(90_000);
    const { workflows } = await api();
    const node = await path(
      'Contoso Analytics Prod',
      'adxfull',
      'Databases',
      'Analytics',
      'Continuous exports',
      'ArchiveJoin',
    );
    const before = await workflows.check(node, {
      flow: 'continuous-export',
      database: 'Analytics',
      exportName: 'ArchiveJoin',
    });
    assert.equal(before.verdict, 'failed');
    assert.equal(workflows.current?.report, before, 'the view shows the verdict');
    const fixable = before.checks.filter((c) => c.verdict === 'failed' && c.fixes.length);
    assert.ok(
      fixable.some((c) => key(c) === 'role-viewer(Archive)'),
      before.checks.map(key).join(', '),
    );
    assert.match(
      fixable
        .flatMap((c) => c.fixes)
        .map((f) => f.text)
        .join('\n'),
      /^\.add database Archive viewers \('aadapp=0e000001-/m,
    );

    // A snapshot taken before the fixes: afterwards, drift names what they changed.
    const cluster = await path('Contoso Analytics Prod', 'adxfull');
    const saved = await workflows.snapshot(cluster);

    const { plan, after } = await workflows.runFixes();
    assert.equal(plan.failed, undefined, plan.failed?.message);
    assert.equal(plan.cancelled, false);
    assert.deepEqual(plan.notRun, []);
    assert.ok(plan.ran.length >= fixable.length);
    for (const c of fixable)
      assert.equal(after.checks.find((x) => key(x) === key(c))?.verdict, 'passed', `${key(c)} after the fixes`);
    // The view now shows the re-check with the run that led to it.
    assert.equal(workflows.current?.report, after);
    assert.equal(workflows.current?.plan, plan);

    const drift = await workflows.drift(cluster, saved);
    const added = drift.find((d) => d.what === 'Archive principals');
    assert.match(added?.detail ?? '', /was added to viewers/, drift.map((d) => `${d.what}: ${d.detail}`).join('\n'));
    assert.match(added?.commands[0]?.text ?? '', /^\.drop database Archive viewers/);
    await waitFor('the reconciling script in a kusto editor', () =>
      /^\.drop database Archive viewers/m.test(vscode.window.activeTextEditor?.document.getText() ?? ''),
    );
  });

  it('Check Readiness… on an update policy node checks that table, following the function its query calls, without asking anything', async function () {
    this.timeout(60_000);
    const { workflows } = await api();
    const node = await path(
      'Contoso Analytics Prod',
      'adxfull',
      'Databases',
      'Analytics',
      'Update policies',
      'Devices',
    );
    assert.equal(node.contextValue, 'adxIdentity.updatePolicy;usesIdentity');
    await vscode.commands.executeCommand('adxIdentity.checkReadiness', node);
    await waitFor('the update policy verdict', () => workflows.current?.report.flow === 'update-policy');
    const report = workflows.current!.report;
    assert.deepEqual(
      [...new Set(report.checks.map((c) => c.id))],
      [
        'update-policy-exists',
        'source-exists',
        'policy-enabled',
        'identity-set',
        'identity-attached',
        'policy-allows',
        'role-viewer',
      ],
    );
    assert.deepEqual(
      report.checks.filter((c) => c.id === 'role-viewer').map((c) => c.subject),
      ['Analytics', 'Archive'],
    );
    assert.match(report.checks.find((c) => c.id === 'identity-set')!.reason, /id-adx-export/);
  });

  it('the cluster report opens as Markdown and the snapshot as a .kql script', async function () {
    this.timeout(60_000);
    const { workflows } = await api();
    const cluster = await path('Contoso Analytics Prod', 'adxfull');
    const markdown = await workflows.report(cluster);
    assert.match(markdown, /## id-adx-export/);
    await waitFor('the report in a Markdown document', () =>
      vscode.workspace.textDocuments.some((d) => d.languageId === 'markdown' && d.getText() === markdown),
    );
    const script = await workflows.snapshot(cluster);
    assert.match(script, /^\/\/ adx-identity-snapshot: /m);
    await waitFor(
      'the snapshot in a kusto editor',
      () =>
        vscode.window.activeTextEditor?.document.languageId === 'kusto' &&
        vscode.window.activeTextEditor.document.getText() === script,
    );
  });

  it('contributes the commands on cluster, database, export and data-connection nodes', async () => {
    const all = await vscode.commands.getCommands(true);
    const ids = [
      'adxIdentity.checkReadiness',
      'adxIdentity.clusterReport',
      'adxIdentity.snapshotCluster',
      'adxIdentity.compareWithSnapshot',
    ];
    for (const id of ids) assert.ok(all.includes(id), `${id} is registered`);
    const manifest = vscode.extensions.getExtension('adx-identity.adx-identity')?.packageJSON as {
      contributes: { menus: { 'view/item/context': { command: string; when: string }[] } };
    };
    const when = manifest.contributes.menus['view/item/context']
      .filter((m) => m.command === 'adxIdentity.checkReadiness')
      .map((m) => m.when)
      .join('\n');
    for (const kind of ['cluster', 'database', 'continuousExport', 'dataConnection']) {
      const viewItem = `adxIdentity.${kind};x`;
      const pattern = /viewItem =~ \/(.+)\/$/m.exec(when.split('\n')[0])?.[1] ?? '';
      assert.ok(new RegExp(pattern).test(viewItem), `Check Readiness… on ${kind} nodes`);
    }
  });
});
