// What every change command's handler gets, and how a group of handlers becomes a command table for the registry.
import type * as vscode from 'vscode';
import type { Operations } from '../../services/operations/operations';
import type { ResultsView } from '../results/view';
import type { TreeApi } from '../tree/register';
import type { CommandFn } from './registry';
import type { Previews } from './confirm';

/** The operations layer, the tree to refresh, the results view, the preview documents, the log. */
export interface CommandContext {
  readonly ops: Operations;
  readonly tree: TreeApi;
  readonly results: ResultsView;
  readonly previews: Previews;
  readonly log: vscode.LogOutputChannel;
}

export type Handler = (ctx: CommandContext, ...args: unknown[]) => Promise<unknown>;

/** Gives each handler the context; the registry then registers them. */
export function bind(ctx: CommandContext, groups: readonly Record<string, Handler>[]): Record<string, CommandFn> {
  const table: Record<string, CommandFn> = {};
  for (const group of groups)
    for (const [id, handler] of Object.entries(group)) table[id] = (...args: unknown[]) => handler(ctx, ...args);
  return table;
}
