// The one path every command takes, whatever starts it (palette, context menu, CodeLens, keybinding, status bar):
// logged (redacted), a cancel is quiet, a refusal is a warning, anything else an error with Show Log; progress and
// cancellation through one helper.
import * as vscode from 'vscode';
import { KqlInputError } from '../../core/kql';
import { CancelledError, RefusedError, redact } from '../../core/operations';
import { getLog, reportError } from '../log';

/** A command's work: its arguments are whatever VS Code passes (a tree node, a URI and offset, nothing). */
export type CommandFn = (...args: unknown[]) => unknown;

/** Runs one command's work with the shared outcome rules; resolves to its result, or undefined when it did not finish. */
export async function runCommand(id: string, work: CommandFn, args: unknown[]): Promise<unknown> {
  const log = getLog();
  log.info(`command ${id}`);
  try {
    return await work(...args);
  } catch (e) {
    if (e instanceof CancelledError) {
      log.info(`${id}: cancelled`);
      return undefined;
    }
    const message = redact(e instanceof Error ? e.message : String(e));
    if (e instanceof RefusedError || e instanceof KqlInputError) {
      log.warn(`${id}: refused: ${message}`);
      void vscode.window.showWarningMessage(message);
      return undefined;
    }
    // Not awaited: the notification waits for the user, the command does not.
    void reportError(message, e, id);
    return undefined;
  }
}

type CommandHost = (id: string, run: (...args: unknown[]) => unknown) => vscode.Disposable;

/** Where commands go: VS Code itself, or the activation shell that registered the manifest's ids before loading us. */
let host: CommandHost = (id, run) => vscode.commands.registerCommand(id, run);

/** Set once by the activation shell's loader (src/main.ts). */
export function setCommandHost(next: CommandHost): void {
  host = next;
}

/** Registers commands through the one path; the ids are the manifest's. */
export function registerCommands(table: Readonly<Record<string, CommandFn>>): vscode.Disposable[] {
  return Object.entries(table).map(([id, work]) => host(id, (...args: unknown[]) => runCommand(id, work, args)));
}

/**
 * Runs work under a cancellable notification. The token becomes the AbortSignal the services take, and the promise
 * rejects with CancelledError as soon as the user cancels (a change the cluster already received may still apply).
 */
export function withProgress<T>(
  title: string,
  work: (report: (message: string) => void, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) =>
      new Promise<T>((resolve, reject) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => {
          controller.abort();
          reject(new CancelledError());
        });
        if (token.isCancellationRequested) controller.abort();
        work((message) => progress.report({ message }), controller.signal)
          .then(resolve, reject)
          .finally(() => cancel.dispose());
      }),
  );
}

/** A quick pick or input box the user closed: the command stops quietly. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new CancelledError();
  return value;
}
