// Run from the editor: per-file target (status bar, quick picks, tree "Use as Target for Editor"), Run lens and
// Shift+Enter, live facts (lens text and the known-cluster diagnostics) from the target cluster.
import * as vscode from 'vscode';
import { clusterIdentitiesOf, targetText } from '../../core/editor/live';
import type { Operations } from '../../services/operations/operations';
import { registerCommands } from '../commands/registry';
import { onDidChangeSettings } from '../settings';
import { KUSTO_SELECTOR, type KustoDocuments } from '../editor/documents';
import type { TreeApi } from '../tree/register';
import { REFRESH_FACTS_COMMAND, RUN_COMMAND, RunCodeLensProvider } from './codeLens';
import { LiveFacts } from './facts';
import { runCommandUnderCursor, type ResultsSink, type RunContext } from './runCommand';
import { editorTarget, pickTarget, TargetStore, targetOfNode, type StoredTarget } from './targets';

export const PICK_TARGET_COMMAND = 'adxIdentity.pickTarget';
export const USE_AS_TARGET_COMMAND = 'adxIdentity.tree.useAsTarget';

export function registerRun(
  context: vscode.ExtensionContext,
  tree: TreeApi,
  documents: KustoDocuments,
  results: ResultsSink,
  log: vscode.LogOutputChannel,
  ops: Operations,
): vscode.Disposable[] {
  const targets = new TargetStore(context.workspaceState);
  const facts = new LiveFacts(tree, ops, log);
  const lenses = new RunCodeLensProvider(documents, targets, facts);
  const status = vscode.window.createStatusBarItem('adxIdentity.target', vscode.StatusBarAlignment.Left, 50);
  status.name = 'ADX Identity: target of this .kql file';
  status.command = PICK_TARGET_COMMAND;

  /** Feeds the target cluster's identities to the validator (known-cluster rules) for one document. */
  const applyIdentities = async (document: vscode.TextDocument, fresh = false): Promise<void> => {
    const t = targets.get(document.uri);
    if (document.languageId !== 'kusto') return;
    if (!t) return documents.setCluster(document, undefined);
    try {
      const known = await facts.loadIdentities(t, fresh);
      documents.setCluster(document, known && clusterIdentitiesOf(known));
    } catch (e) {
      log.warn(`live facts: identities of ${t.cluster}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const updateStatus = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.languageId !== 'kusto') return status.hide();
    const t = targets.get(document.uri);
    status.text = t ? `$(database) ${targetText(editorTarget(t))}` : '$(database) Set target…';
    status.tooltip = t
      ? `Commands of this file run on ${t.uri}${t.database ? `, database ${t.database}` : ''}. Click to change.`
      : 'Pick the cluster and database this file runs on';
    status.show();
  };

  const setTarget = async (document: vscode.TextDocument, t: StoredTarget | undefined): Promise<void> => {
    await targets.set(document.uri, t);
    updateStatus();
    await applyIdentities(document);
  };

  const askTarget = async (document: vscode.TextDocument): Promise<StoredTarget | undefined> => {
    const t = await pickTarget(tree, targets.get(document.uri));
    if (t) await setTarget(document, t);
    return t;
  };

  /** The .kql file a tree command means: the active editor, else a visible one. */
  const kustoDocument = (): vscode.TextDocument | undefined =>
    [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find(
      (e) => e?.document.languageId === 'kusto',
    )?.document;

  const ctx: RunContext = { documents, targets, facts, tree, results, ops, askTarget };
  for (const d of vscode.workspace.textDocuments) void applyIdentities(d);
  updateStatus();

  return [
    targets,
    facts,
    lenses,
    status,
    vscode.languages.registerCodeLensProvider(KUSTO_SELECTOR, lenses),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    // New accounts or connections: the clusters resolved so far may be gone or reached another way.
    onDidChangeSettings(() => facts.forgetClusters()),
    vscode.workspace.onDidOpenTextDocument((d) => void applyIdentities(d)),
    ...registerCommands({
      [RUN_COMMAND]: (uri, offset) => runCommandUnderCursor(ctx, uri, offset),
      // From the palette, the status bar or the tree (a database or cluster node): sets the target of the .kql file in front.
      [PICK_TARGET_COMMAND]: async (node) => {
        const document = kustoDocument();
        if (!document)
          return void vscode.window.showInformationMessage(
            'Open a .kql file first: the target is remembered per file.',
          );
        const fromNode = targetOfNode(node);
        return fromNode ? setTarget(document, fromNode) : askTarget(document);
      },
      [USE_AS_TARGET_COMMAND]: (node) => vscode.commands.executeCommand(PICK_TARGET_COMMAND, node),
      [REFRESH_FACTS_COMMAND]: async () => {
        facts.invalidate();
        await Promise.all(vscode.workspace.textDocuments.map((d) => applyIdentities(d, true)));
      },
    }),
  ];
}
