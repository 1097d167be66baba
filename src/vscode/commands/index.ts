// Every command that changes things, in groups, bound to one context and registered through the one registry.
import type * as vscode from 'vscode';
import { SavedStates } from '../../core/operations';
import { Operations } from '../../services/operations/operations';
import { getLog } from '../log';
import { ResultsView } from '../results/view';
import type { TreeApi } from '../tree/register';
import { Previews } from './confirm';
import { bind, type CommandContext, type Handler } from './context';
import { databaseCommands } from './database';
import { exportCommands } from './exports';
import { exportWizardCommands } from './exportWizard';
import { identityCommands } from './identity';
import { registerOnboarding } from '../onboarding';
import { policyCommands } from './policy';
import { principalCommands } from './principals';
import { probeCommands } from './probe';
import { registerCommands } from './registry';
import { scriptCommands } from './script';

const GROUPS: readonly Record<string, Handler>[] = [
  policyCommands,
  principalCommands,
  exportCommands,
  exportWizardCommands,
  identityCommands,
  databaseCommands,
  scriptCommands,
  probeCommands,
];

export function registerChangeCommands(context: vscode.ExtensionContext, tree: TreeApi): CommandContext {
  const log = getLog();
  const ops = new Operations(tree.catalog, new SavedStates(context.globalState), { log });
  const results = new ResultsView();
  const previews = new Previews();
  const ctx: CommandContext = { ops, tree, results, previews, log };
  context.subscriptions.push(
    results,
    previews.register(),
    ...registerCommands(
      // The built-in sandbox and the walkthrough join the change commands for the registry's errors and logging.
      bind(ctx, [...GROUPS, registerOnboarding(context, tree, log)]),
    ),
  );
  return ctx;
}
