// One LogOutputChannel for the whole extension, and the "Show Log" action every error message offers.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function getLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('ADX Identity', { log: true });
  return channel;
}

const SHOW_LOG = 'Show Log';

/** Logs the whole error and shows a short message with a "Show Log" action. */
export async function reportError(message: string, error?: unknown): Promise<void> {
  getLog().error(message, ...(error === undefined ? [] : [error]));
  const choice = await vscode.window.showErrorMessage(message, SHOW_LOG);
  if (choice === SHOW_LOG) getLog().show(true);
}
