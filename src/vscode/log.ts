// One LogOutputChannel for the whole extension, seen only through redaction, and the "Show Log" action every error
// message offers. Every write (log lines, error objects, notifications) passes the one redaction module.
import * as vscode from 'vscode';
import { redact, redactingLogger, type LogLevel } from '../core/operations/redact';

let channel: vscode.LogOutputChannel | undefined;

const LEVELS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error'] satisfies LogLevel[];
const RAW_WRITES: readonly string[] = ['append', 'appendLine', 'replace'];

/** The channel with every writing method redacted, so no caller can put a secret in the log. */
function redacting(raw: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const logger = redactingLogger({
    trace: (m) => raw.trace(m),
    debug: (m) => raw.debug(m),
    info: (m) => raw.info(m),
    warn: (m) => raw.warn(m),
    error: (m) => raw.error(m),
  });
  return new Proxy(raw, {
    get(target, prop) {
      if (typeof prop === 'string' && LEVELS.includes(prop)) return logger[prop as LogLevel];
      if (typeof prop === 'string' && RAW_WRITES.includes(prop))
        return (text: string) => (target[prop as 'append'] as (t: string) => void).call(target, redact(String(text)));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function getLog(): vscode.LogOutputChannel {
  channel ??= redacting(vscode.window.createOutputChannel('ADX Identity', { log: true }));
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

/** A warning notification (a refusal, a precondition), redacted like the log. */
export function showWarning(message: string): void {
  void vscode.window.showWarningMessage(redact(message));
}
