// The extension behind the activation shell (src/extension.ts): builds the services and registers every contribution
// when a command, the tree, a .kql document or a language model tool first needs them. Azure SDKs load later still.
import * as vscode from 'vscode';
import { getLog } from './vscode/log';
import { registerKustoEditor } from './vscode/editor';
import { KustoDocuments } from './vscode/editor/documents';
import { registerRun } from './vscode/run';
import { registerTree, type TreeApi } from './vscode/tree/register';
import { registerChangeCommands } from './vscode/commands';
import { registerCommands, setCommandHost } from './vscode/commands/registry';
import type { ShellHooks } from './vscode/shell/lazy';
import type { Operations } from './services/operations/operations';
import type { ResultsView } from './vscode/results/view';
import { registerWorkflows, type WorkflowsApi } from './vscode/workflows/register';
import type { AgentHost, LanguageModelToolsApi } from './vscode/lm/register';
import { clusterNamed } from './vscode/lm/clusters';

/** What activate() hands to every other extension: facts about this one, nothing that reads or changes a cluster. */
export interface AdxIdentityApi {
  readonly apiVersion: 1;
  readonly activatedAt: number;
  readonly activationMs: number;
}

/** Only in ExtensionMode.Test (the in-host tests): the layers the commands use, reached without their modals. */
export interface AdxIdentityTestApi extends AdxIdentityApi {
  /** Folder of the extension's log files, so tests can read what the log channel wrote. */
  readonly logUri: vscode.Uri;
  /** The identity tree: its children and refresh (invalidate) by node id. */
  readonly tree: TreeApi;
  /** The operations behind the change commands, and the results view. */
  readonly operations: { readonly ops: Operations; readonly results: ResultsView };
  /** Readiness checks: check a flow, run its fixes, show the verdict. */
  readonly workflows: WorkflowsApi;
  /** The language model tools' registered implementations. */
  readonly agents: LanguageModelToolsApi;
  /** The contributed command ids whose work the loaded part took over from the activation shell's proxies. */
  readonly handledCommands: () => readonly string[];
}

/** What the shell gets back: the test API's layers (used only in ExtensionMode.Test) and what the tools run on. */
export interface Features {
  readonly activationMs: number;
  readonly layers: Omit<AdxIdentityTestApi, keyof AdxIdentityApi | 'agents' | 'handledCommands'>;
  readonly agentHost: AgentHost;
}

export function activateFeatures(context: vscode.ExtensionContext, shell: ShellHooks): Features {
  const started = performance.now();
  // The shell registered every contributed command id already: the registry hands the handlers to it.
  setCommandHost(shell.command);
  const log = getLog();
  context.subscriptions.push(log, ...registerCommands({ 'adxIdentity.showLog': () => log.show(true) }));
  const steps: string[] = [];
  const timed = <T>(name: string, register: () => T): T => {
    const t0 = performance.now();
    const result = register();
    steps.push(`${name} ${(performance.now() - t0).toFixed(1)} ms`);
    return result;
  };
  const tree = timed('tree', () => registerTree(context, shell));
  const commands = timed('commands', () => registerChangeCommands(context, tree));
  const workflows = timed('workflows', () => registerWorkflows(context, tree, commands.ops));
  // One model per .kql document, shared by the editor features and Run (which feeds it the target's identities).
  const documents = new KustoDocuments();
  context.subscriptions.push(...timed('editor', () => registerKustoEditor(log, documents, context.extensionUri)));
  context.subscriptions.push(
    ...timed('run', () => registerRun(context, tree, documents, commands.results, log, commands.ops)),
  );
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms (${steps.join(', ')})`);
  const operations = { ops: commands.ops, results: commands.results };
  const agentHost: AgentHost = { catalog: tree.catalog, ops: commands.ops, cluster: (n) => clusterNamed(tree, n) };
  return { activationMs, layers: { logUri: context.logUri, tree, operations, workflows }, agentHost };
}
