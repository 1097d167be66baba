// Continuous export operations: details, failures, exported artifacts (results view); enable; disable; drop (asks first).
import * as vscode from 'vscode';
import { buildDropContinuousExportCommand } from '../../core/commands';
import { parseContinuousExportRows } from '../../core/results';
import { openInEditor } from './confirm';
import type { CommandContext, Handler } from './context';
import { withProgress } from './registry';
import { databaseOf, modelOf, refreshDatabase, required, type ClusterTarget } from './targets';

type ExportTarget = ClusterTarget & { database: string; name: string };

async function exportOf(ctx: CommandContext, node: unknown): Promise<ExportTarget> {
  const c = await databaseOf(ctx.tree, node);
  const name = modelOf(node)?.export?.name;
  if (name) return { ...c, name };
  const rows = parseContinuousExportRows(
    await ctx.ops.run.command(c.ref, {
      text: '.show continuous-exports',
      scope: 'database',
      database: c.database,
      destructive: false,
    }),
  );
  if (!rows.length) throw new Error(`No continuous exports in ${c.database}.`);
  const pick = required(
    await vscode.window.showQuickPick(
      rows.map((r) => ({
        label: r.name,
        description: `${r.isDisabled ? 'disabled' : 'enabled'} → ${r.externalTableName}`,
      })),
      { title: 'Continuous export' },
    ),
  );
  return { ...c, name: pick.label };
}

function show(what: 'details' | 'failures' | 'artifacts'): Handler {
  return async (ctx, node) => {
    const e = await exportOf(ctx, node);
    const read = {
      details: ctx.ops.exportDetails,
      failures: ctx.ops.exportFailures,
      artifacts: ctx.ops.exportArtifacts,
    }[what].bind(ctx.ops);
    const table = await withProgress(`Reading ${what} of ${e.name}`, () => read(e.ref, e.database, e.name));
    ctx.results.show(`Continuous export ${e.name} · ${what} · ${e.ref.cluster.name}/${e.database}`, table);
  };
}

function toggle(enable: boolean): Handler {
  return async (ctx, node) => {
    const e = await exportOf(ctx, node);
    await withProgress(`${enable ? 'Enabling' : 'Disabling'} ${e.name}`, () =>
      enable ? ctx.ops.enableExport(e.ref, e.database, e.name) : ctx.ops.disableExport(e.ref, e.database, e.name),
    );
    refreshDatabase(ctx.tree, e, e.database, 'continuousExports');
    void vscode.window.showInformationMessage(`Continuous export ${e.name} ${enable ? 'enabled' : 'disabled'}.`);
  };
}

export const exportCommands: Record<string, Handler> = {
  'adxIdentity.export.details': show('details'),
  'adxIdentity.export.failures': show('failures'),
  'adxIdentity.export.artifacts': show('artifacts'),
  'adxIdentity.export.enable': toggle(true),
  'adxIdentity.export.disable': toggle(false),
  'adxIdentity.export.drop': async (ctx, node) => {
    const e = await exportOf(ctx, node);
    await ctx.ops.run.assertWritable(e.ref, e.database);
    const command = buildDropContinuousExportCommand(e.database, e.name);
    const choice = await vscode.window.showWarningMessage(
      `Drop continuous export ${e.name}?`,
      {
        modal: true,
        detail: `${command.text}\n\nThe export and its cursor are gone: recreating it starts exporting from now, not where it stopped. Copy as Script on the database first keeps its definition.`,
      },
      'Drop',
      'Open in editor',
    );
    if (choice === 'Open in editor') return void (await openInEditor(command.text));
    if (choice !== 'Drop') return;
    await withProgress(`Dropping ${e.name}`, () => ctx.ops.dropExport(e.ref, e.database, e.name));
    refreshDatabase(ctx.tree, e, e.database, 'continuousExports');
    void vscode.window.showInformationMessage(`Continuous export ${e.name} dropped.`);
  },
};
