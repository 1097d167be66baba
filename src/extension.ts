// Activation: registers what VS Code needs to know about now (the contributed commands, the identity tree's view, a
// watch for .kql documents, the language model tools and the MCP server) and loads the rest of the extension
// (dist/main.js) only when one of them is first used. This file, src/vscode/shell/ and src/vscode/lm/register.ts are
// the whole cost of activation.
import * as vscode from 'vscode';
import type { AdxIdentityApi, AdxIdentityTestApi, Features } from './main';
import { registerAgentTools } from './vscode/lm/register';
import { contributedCommands, registerCommandProxies, TreeProxy, type ShellHooks } from './vscode/shell/lazy';

export type { AdxIdentityApi, AdxIdentityTestApi } from './main';

type Main = typeof import('./main');

export function activate(context: vscode.ExtensionContext): AdxIdentityApi | AdxIdentityTestApi {
  const started = performance.now();
  let features: Features | undefined;
  const load = (): Features => {
    if (features) return features;
    // The second bundle, next to this one; esbuild keeps the require external (see esbuild.js).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require('./main') as Main;
    features = main.activateFeatures(context, hooks);
    return features;
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
  // The tools are registered now (an agent may call one first); what they run on loads with their first call.
  const agents = registerAgentTools(context, () => load().agentHost);
  // In the in-host tests the whole extension is there from the start (the test API reaches into it).
  if (context.extensionMode === vscode.ExtensionMode.Test || vscode.workspace.textDocuments.some(isKusto)) load();
  const activationMs = performance.now() - started;
  const api: AdxIdentityApi = { apiVersion: 1, activatedAt: Date.now(), activationMs };
  if (context.extensionMode !== vscode.ExtensionMode.Test || !features) return api;
  return { ...features.layers, ...api, agents, handledCommands: commands.handled } satisfies AdxIdentityTestApi;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
