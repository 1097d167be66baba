// Wires the identity tree: one client factory, the catalog, the vscode-free model, the view and its commands.
import * as vscode from 'vscode';
import { Catalog } from '../../services/catalog';
import { ClientFactory } from '../../services/factory';
import { TreeModel } from '../../services/tree/model';
import type { ModelNode } from '../../services/tree/node';
import { Accounts } from '../connections/accounts';
import { registerConnectionCommands } from '../connections/commands';
import { getLog } from '../log';
import { CLUSTER_EXPANDED_CONTEXT } from '../onboarding/walkthrough';
import { onDidChangeSettings } from '../settings';
import { registerTreeCommands } from './commands';
import { IdentityTreeProvider } from './provider';
import type { ShellHooks } from '../shell/lazy';

/** What the API object exposes of the tree (later commands invalidate through it; in-host tests read it). */
export interface TreeApi {
  getChildren(node?: ModelNode): Promise<ModelNode[]>;
  /** Drops cached children under a node id (or all) and redraws. */
  refresh(id?: string): void;
  readonly catalog: Catalog;
}

export function registerTree(context: vscode.ExtensionContext, shell?: ShellHooks): TreeApi {
  const log = getLog();
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0');
  const factory = new ClientFactory({ version });
  const catalog = new Catalog(factory);
  // Accounts call back on sign-in; the provider exists by then.
  const refreshAll = (): void => tree.refresh();
  const accounts = new Accounts(log, refreshAll);
  const model = new TreeModel(
    catalog,
    () => accounts.sources(),
    // Picks the view's welcome for an account that is signed in but has no cluster.
    (yes) => void vscode.commands.executeCommand('setContext', 'adxIdentity.signedInNoClusters', yes),
  );
  const tree = new IdentityTreeProvider(model);
  // The shell created the view at activation; it gets its rows from this provider from now on.
  const view =
    (shell?.view as vscode.TreeView<ModelNode> | undefined) ??
    vscode.window.createTreeView('adxIdentity.explorer', { treeDataProvider: tree, showCollapseAll: true });
  const signIn = async (): Promise<void> => {
    await (await accounts.azureAccount()).signIn();
  };
  context.subscriptions.push(
    accounts,
    tree,
    shell ? shell.provideTree(tree as vscode.TreeDataProvider<unknown>) : view,
    onDidChangeSettings(refreshAll),
    // The walkthrough's "explore" step is done once a cluster has been opened.
    view.onDidExpandElement((e) => {
      if (e.element.kind === 'cluster')
        void vscode.commands.executeCommand('setContext', CLUSTER_EXPANDED_CONTEXT, true);
    }),
    ...registerTreeCommands(tree, signIn),
    ...registerConnectionCommands(accounts, refreshAll),
    { dispose: () => void factory.dispose() },
  );
  return {
    getChildren: (node) => tree.getChildren(node),
    refresh: (id) => (id ? tree.refreshById(id) : tree.refresh()),
    catalog,
  };
}
