// The continuous export wizard: what to export where and as whom; then the checks, each gap fixed as a step of one plan.
import * as vscode from 'vscode';
import { CancelledError, planSucceeded, stepsScript } from '../../core/operations';
import { entityNameProblem, quoteName } from '../../core/kql';
import { openInEditor, showPlanReport } from './confirm';
import { askExternalTable } from './database';
import { ask, validate } from './inputs';
import type { Handler } from './context';
import { withProgress } from './registry';
import { databaseOf, refreshClusterNode, refreshDatabase, required } from './targets';

const tableList = (v: string): string | undefined =>
  v.trim() === ''
    ? undefined
    : v
        .split(',')
        .map((t) => entityNameProblem(t.trim()))
        .find(Boolean);

export const exportWizardCommands: Record<string, Handler> = {
  'adxIdentity.export.create': async (ctx, node) => {
    const c = await databaseOf(ctx.tree, node, { writable: true });
    await ctx.ops.run.assertWritable(c.ref, c.database);
    const existing = await withProgress(`Reading the external tables of ${c.database}`, () =>
      ctx.tree.catalog.externalTables(c.ref, c.database),
    );
    const tablePick = required(
      await vscode.window.showQuickPick(
        [
          ...existing.map((t) => ({ label: t.name, description: t.tableType, create: false })),
          { label: 'Create an external table…', description: '', create: true },
        ],
        { title: `Continuous export from ${c.database}: to which external table?` },
      ),
    );
    const createExternalTable = tablePick.create ? await askExternalTable(c.ref, c.database) : undefined;
    const externalTable = createExternalTable
      ? /^\.create external table (\S+)/.exec(createExternalTable.text)![1].replace(/^\['|'\]$/g, '')
      : tablePick.label;
    const name = await ask('Name of the continuous export', validate.name);
    const tables = await ctx.ops.tables(c.ref, c.database).catch(() => []);
    const queryPick = required(
      await vscode.window.showQuickPick(
        [
          ...tables.map((t) => ({ label: t, detail: `every new row of ${t}`, query: quoteName(t, 'table') })),
          { label: 'Write a query…', detail: 'any KQL query over this database', query: '' },
        ],
        { title: `What to export from ${c.database}?` },
      ),
    );
    const query =
      queryPick.query ||
      (await ask(
        'Query to export (KQL after <|)',
        (v) => (v.trim() ? undefined : 'the query is required, e.g. MyTable'),
        { placeHolder: 'MyTable | project Id, Amount' },
      ));
    const over = await ask('Fact tables for over (…), comma-separated; empty for none', tableList, { value: '' });
    const interval = await ask('Interval between runs', validate.interval, { value: '1h' });
    const cluster = (c.ref.cluster.source === 'arm' ? await ctx.ops.run.reload(c.ref) : c.ref).cluster;
    const mine = await ctx.ops.userAssignedIdentities(c.ref).catch(() => []);
    const attached = new Set(cluster.identities?.userAssigned.map((u) => u.principalId.toLowerCase()));
    const idPick = required(
      await vscode.window.showQuickPick(
        [
          {
            label: 'System-assigned',
            description: cluster.identities?.system ? 'on' : 'off: the plan turns it on',
            objectId: 'system',
            rid: undefined as string | undefined,
          },
          ...(cluster.identities?.userAssigned ?? []).map((u) => ({
            label: u.name,
            description: 'attached',
            objectId: u.principalId,
            rid: u.resourceId,
          })),
          ...mine
            .filter((u) => !attached.has(u.principalId.toLowerCase()))
            .map((u) => ({
              label: u.name,
              description: 'not attached: the plan attaches it',
              objectId: u.principalId,
              rid: u.resourceId,
            })),
        ],
        { title: 'Run the export as which managed identity?' },
      ),
    );
    const plan = await withProgress('Checking identity, policy and roles', () =>
      ctx.ops.planExport(c.ref, {
        export: {
          database: c.database,
          name,
          externalTable,
          query,
          managedIdentity: idPick.objectId,
          intervalBetweenRuns: interval,
          ...(over ? { overTables: over.split(',').map((t) => t.trim()) } : {}),
        },
        ...(createExternalTable ? { createExternalTable } : {}),
        ...(idPick.rid ? { identityResourceId: idPick.rid } : {}),
      }),
    );
    const mark = { passed: '✓', failed: '✗', unknown: '?' } as const;
    const detail = [
      ...plan.checks.map((k) => `${mark[k.verdict]} ${k.title}: ${k.reason}`),
      '',
      'Plan:',
      ...plan.steps.map((s, i) => `${i + 1}. ${s.title}`),
    ].join('\n');
    if (plan.blockers.length) {
      await vscode.window.showErrorMessage('The export cannot be created from here yet.', {
        modal: true,
        detail: `${detail}\n\nBlocked: ${plan.blockers.join('; ')}`,
      });
      return;
    }
    const fixes = plan.steps.length - 1;
    const go = `Run ${fixes ? `${fixes} fix${fixes === 1 ? '' : 'es'} and create` : 'now'}`;
    const choice = await vscode.window.showInformationMessage(
      `Create continuous export ${name}?`,
      { modal: true, detail },
      go,
      'Open in editor',
    );
    if (choice === 'Open in editor') return void (await openInEditor(stepsScript(plan.steps)));
    if (choice !== go) throw new CancelledError();
    const report = await withProgress(`Creating ${name}`, (progress, signal) =>
      ctx.ops.runSteps(c.ref, plan.steps, {
        signal,
        onStep: (s, i, n) => progress(`${i + 1}/${n} ${s.title}`),
        onRetry: (n, wait) =>
          progress(
            `the new identity is not visible to the service yet (it can take minutes); retry ${n} in ${Math.round(wait / 1000)} s`,
          ),
      }),
    );
    if (plan.steps.some((s) => s.arm)) refreshClusterNode(ctx.tree, c);
    else refreshDatabase(ctx.tree, c, c.database);
    await showPlanReport(`Continuous export ${name}`, report);
    if (planSucceeded(report)) ctx.log.info(`continuous export ${name} created in ${c.database}`);
  },
};
