// Every command that changes things, in groups; the registry wraps each with logging, errors and cancellation.
import type * as vscode from 'vscode';
import type { TreeApi } from '../tree/register';
import { databaseCommands } from './database';
import { exportCommands } from './exports';
import { exportWizardCommands } from './exportWizard';
import { identityCommands } from './identity';
import { getLog } from '../log';
import { registerOnboarding } from '../onboarding';
import { policyCommands } from './policy';
import { principalCommands } from './principals';
import { probeCommands } from './probe';
import { registerOperationCommands, type OperationsApi } from './registry';
import { scriptCommands } from './script';

export type { OperationsApi };

export function registerCommands(context: vscode.ExtensionContext, tree: TreeApi): OperationsApi {
  const { disposables, api } = registerOperationCommands(context, tree, [
    policyCommands,
    principalCommands,
    exportCommands,
    exportWizardCommands,
    identityCommands,
    databaseCommands,
    scriptCommands,
    probeCommands,
    // The built-in sandbox and the walkthrough (not change commands; here for the registry's errors and logging).
    registerOnboarding(context, tree, getLog()),
  ]);
  context.subscriptions.push(...disposables);
  return api;
}

/** Every command id registered here (the manifest lists the same). */
export const COMMAND_IDS: readonly string[] = [
  policyCommands,
  principalCommands,
  exportCommands,
  exportWizardCommands,
  identityCommands,
  databaseCommands,
  scriptCommands,
  probeCommands,
].flatMap((g) => Object.keys(g));
