// One LogOutputChannel for the whole extension, and the "Show Log" action every error message offers.
import * as vscode from 'vscode';
import { redact } from '../core/operations/redact';

let channel: vscode.LogOutputChannel | undefined;

export function getLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('ADX Identity', { log: true });
  return channel;
}

const SHOW_LOG = 'Show Log';

/** The error as the log shows it: its stack (or text), with secrets redacted. */
function details(error: unknown): string {
  if (error instanceof Error) return redact(error.stack ?? `${error.name}: ${error.message}`);
  return redact(String(error));
}

/** Logs the whole error (redacted) and shows a short message with a "Show Log" action. */
export async function reportError(message: string, error?: unknown, source?: string): Promise<void> {
  const text = redact(message);
  getLog().error(`${source ? `${source}: ` : ''}${text}${error === undefined ? '' : `\n${details(error)}`}`);
  const choice = await vscode.window.showErrorMessage(text, SHOW_LOG);
  if (choice === SHOW_LOG) getLog().show(true);
}
