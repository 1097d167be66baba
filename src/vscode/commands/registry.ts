// One registry for the commands that change things: errors logged with Show Log, refusals as warnings, progress with cancellation.
import * as vscode from 'vscode';
import { CancelledError, RefusedError, SavedStates } from '../../core/operations';
import { KqlInputError } from '../../core/kql';
import { Operations } from '../../services/operations/operations';
import type { TreeApi } from '../tree/register';
import { getLog, reportError, showWarning } from '../log';
import { ResultsView } from '../results/view';
import { Previews } from './confirm';

/** What every handler gets: the operations layer, the tree to refresh, the results view, the preview documents. */
export interface CommandContext {
  readonly ops: Operations;
  readonly tree: TreeApi;
  readonly results: ResultsView;
  readonly previews: Previews;
  readonly log: vscode.LogOutputChannel;
}

export type Handler = (ctx: CommandContext, ...args: unknown[]) => Promise<unknown>;

/** Runs work under a cancellable notification; the token becomes the AbortSignal the services take. */
export function withProgress<T>(
  title: string,
  work: (report: (message: string) => void, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return work((message) => progress.report({ message }), controller.signal);
    },
  );
}

/** Wraps a handler: a refusal is a warning (nothing was sent), a cancellation is quiet, anything else is logged with Show Log. */
export function wrap(ctx: CommandContext, id: string, handler: Handler): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]) => {
    ctx.log.info(`command ${id}`);
    try {
      return await handler(ctx, ...args);
    } catch (e) {
      if (e instanceof CancelledError) {
        ctx.log.info(`${id}: cancelled`);
        return undefined;
      }
      if (e instanceof RefusedError || e instanceof KqlInputError) {
        ctx.log.warn(`${id}: ${e.message}`);
        showWarning(e.message);
        return undefined;
      }
      await reportError(e instanceof Error ? e.message : String(e), e);
      return undefined;
    }
  };
}

/** The operations API the extension exposes (in-host tests drive the same layer the commands use). */
export interface OperationsApi {
  readonly ops: Operations;
  readonly results: ResultsView;
}

export function registerOperationCommands(
  context: vscode.ExtensionContext,
  tree: TreeApi,
  groups: Record<string, Handler>[],
): { disposables: vscode.Disposable[]; api: OperationsApi } {
  const log = getLog();
  const ops = new Operations(tree.catalog, new SavedStates(context.globalState), log);
  const results = new ResultsView();
  const previews = new Previews();
  const ctx: CommandContext = { ops, tree, results, previews, log };
  const disposables: vscode.Disposable[] = [results, previews.register()];
  for (const group of groups) {
    for (const [id, handler] of Object.entries(group))
      disposables.push(vscode.commands.registerCommand(id, wrap(ctx, id, handler)));
  }
  return { disposables, api: { ops, results } };
}
