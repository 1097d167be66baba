// Activation: registers what VS Code needs to know about now (the contributed commands, the identity tree's view, a
// watch for .kql documents) and loads the rest of the extension (dist/main.js) only when one of them is first used.
// This file and src/vscode/shell/ are the whole cost of activation; nothing else is imported at run time.
import * as vscode from 'vscode';
import type { AdxIdentityApi, AdxIdentityTestApi } from './main';
import { contributedCommands, registerCommandProxies, TreeProxy, type ShellHooks } from './vscode/shell/lazy';

export type { AdxIdentityApi, AdxIdentityTestApi } from './main';

type Main = typeof import('./main');

export function activate(context: vscode.ExtensionContext): AdxIdentityApi | AdxIdentityTestApi {
  const started = performance.now();
  let loaded: AdxIdentityTestApi | AdxIdentityApi | undefined;
  const load = (): AdxIdentityApi | AdxIdentityTestApi => {
    if (loaded) return loaded;
    // The second bundle, next to this one; esbuild keeps the require external (see esbuild.js).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require('./main') as Main;
    loaded = main.activateFeatures(context, hooks);
    return loaded;
  };
  const commands = registerCommandProxies(contributedCommands(context.extension.packageJSON), () => void load());
  const proxy = new TreeProxy(() => void load());
  const view = vscode.window.createTreeView<unknown>('adxIdentity.explorer', {
    treeDataProvider: proxy,
    showCollapseAll: true,
  });
  const hooks: ShellHooks = {
    command: commands.command,
    handled: commands.handled,
    view,
    provideTree: (p) => proxy.provide(p),
  };
  const isKusto = (d: vscode.TextDocument): boolean => d.languageId === 'kusto';
  context.subscriptions.push(
    ...commands.disposables,
    proxy,
    view,
    // A .kql document needs the editor features now (diagnostics, lenses, folding, Run).
    vscode.workspace.onDidOpenTextDocument((d) => void (isKusto(d) && load())),
  );
  // In the in-host tests the whole extension is there from the start (the test API reaches into it).
  if (context.extensionMode === vscode.ExtensionMode.Test || vscode.workspace.textDocuments.some(isKusto)) load();
  const activationMs = performance.now() - started;
  const api: AdxIdentityApi = { apiVersion: 1, activatedAt: Date.now(), activationMs };
  return loaded && context.extensionMode === vscode.ExtensionMode.Test ? { ...loaded, ...api } : api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
