// Probe Cluster…: the CLI's `probe` on a tree cluster (Kusto reads, plus ARM GETs when the cluster is known through ARM),
// read-only; the redacted report opens in an editor, ready to attach to a bug report.
import * as vscode from 'vscode';
import { probeCluster } from '../../services/probe';
import type { Handler } from './context';
import { withProgress } from './registry';
import { clusterOf, modelOf } from './targets';

export const probeCommands: Record<string, Handler> = {
  'adxIdentity.probeCluster': async (ctx, node) => {
    const c = await clusterOf(ctx.tree, node);
    const database = modelOf(node)?.database?.name;
    const arm = c.ref.cluster.source === 'arm';
    const report = await withProgress(`Probing ${c.ref.cluster.name} (read-only)`, () =>
      probeCluster(ctx.tree.catalog, c.ref, {
        ...(database ? { database } : {}),
        arm,
        notProbed: arm ? [] : ['ARM GETs: the cluster was added by URL, so ARM is not known for it'],
      }),
    );
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(report, null, 2) });
    await vscode.window.showTextDocument(doc);
    const s = report.summary;
    const line = `Probe of ${c.ref.cluster.name}: ${s.ok} ok, ${s.variant} variant (read), ${s.unknown} unknown shape, ${s.error} not read. The report (names and ids redacted) is open.`;
    ctx.log.info(line);
    if (s.unknown) void vscode.window.showWarningMessage(line);
    else void vscode.window.showInformationMessage(line);
  },
};
