// Tree commands: refresh, retry, copy ids, open in the portal. Each takes the node it was invoked on.
import * as vscode from 'vscode';
import type { CopyValues } from '../../services/tree/node';
import { registerCommands, type CommandFn } from '../commands/registry';
import { nodeOf } from '../commands/targets';
import { getLog } from '../log';
import type { IdentityTreeProvider } from './provider';

const COPY: { command: string; key: keyof CopyValues; what: string }[] = [
  { command: 'adxIdentity.tree.copyObjectId', key: 'objectId', what: 'object id' },
  { command: 'adxIdentity.tree.copyClientId', key: 'clientId', what: 'client id' },
  { command: 'adxIdentity.tree.copyUri', key: 'uri', what: 'URI' },
  { command: 'adxIdentity.tree.copyResourceId', key: 'resourceId', what: 'resource id' },
];

export function registerTreeCommands(provider: IdentityTreeProvider, signIn: () => Promise<void>): vscode.Disposable[] {
  const table: Record<string, CommandFn> = {
    'adxIdentity.refresh': () => provider.refresh(),
    'adxIdentity.tree.refreshNode': (node) => provider.refresh(nodeOf(node)),
    'adxIdentity.tree.retry': (node) => {
      const error = nodeOf(node)?.error;
      return error ? provider.refreshById(error.retryId) : provider.refresh();
    },
    'adxIdentity.tree.signIn': async (node) => {
      await signIn();
      const error = nodeOf(node)?.error;
      if (error) provider.refreshById(error.retryId);
      else provider.refresh();
    },
    'adxIdentity.tree.showLog': () => getLog().show(true),
    'adxIdentity.tree.openInPortal': async (node) => {
      const url = nodeOf(node)?.portalUrl;
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    },
  };
  for (const { command, key, what } of COPY)
    table[command] = async (node) => {
      const value = nodeOf(node)?.copy?.[key];
      if (!value) return;
      await vscode.env.clipboard.writeText(value);
      vscode.window.setStatusBarMessage(`Copied ${what}: ${value}`, 3000);
    };
  return registerCommands(table);
}
