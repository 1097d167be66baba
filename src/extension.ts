// Entry point: builds the services and registers every contribution. Azure SDKs load on first use, not here.
import * as vscode from 'vscode';
import { getLog } from './vscode/log';
import { registerKustoEditor } from './vscode/editor';
import { KustoDocuments } from './vscode/editor/documents';
import { registerRun } from './vscode/run';
import { registerTree, type TreeApi } from './vscode/tree/register';
import { registerCommands, type OperationsApi } from './vscode/commands';
import { registerWorkflows, type WorkflowsApi } from './vscode/workflows/register';

/** What activate() hands to other extensions and to the in-host tests. */
export interface AdxIdentityApi {
  readonly apiVersion: 1;
  readonly activatedAt: number;
  readonly activationMs: number;
  /** Folder of the extension's log files, so tests can read what the log channel wrote. */
  readonly logUri: vscode.Uri;
  /** The identity tree: its children and refresh (invalidate) by node id. */
  readonly tree: TreeApi;
  /** The operations behind the change commands (policies, principals, exports, identities) and the results view. */
  readonly operations: OperationsApi;
  /** Readiness checks: check a flow, run its fixes, show the verdict. */
  readonly workflows: WorkflowsApi;
}

export function activate(context: vscode.ExtensionContext): AdxIdentityApi {
  const started = performance.now();
  const log = getLog();
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('adxIdentity.showLog', () => log.show(true)),
  );
  const steps: string[] = [];
  const timed = <T>(name: string, register: () => T): T => {
    const t0 = performance.now();
    const result = register();
    steps.push(`${name} ${(performance.now() - t0).toFixed(1)} ms`);
    return result;
  };
  const tree = timed('tree', () => registerTree(context));
  const operations = timed('commands', () => registerCommands(context, tree));
  const workflows = timed('workflows', () => registerWorkflows(context, tree));
  // One model per .kql document, shared by the editor features and Run (which feeds it the target's identities).
  const documents = new KustoDocuments();
  context.subscriptions.push(...timed('editor', () => registerKustoEditor(log, documents, context.extensionUri)));
  context.subscriptions.push(
    ...timed('run', () => registerRun(context, tree, documents, operations.results, log, operations.ops.saved)),
  );
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms (${steps.join(', ')})`);
  return { apiVersion: 1, activatedAt: Date.now(), activationMs, logUri: context.logUri, tree, operations, workflows };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
