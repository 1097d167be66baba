// Tree commands: refresh, retry, copy ids, open in the portal. Each takes the node it was invoked on.
import * as vscode from 'vscode';
import type { CopyValues, ModelNode } from '../../services/tree/node';
import { getLog, reportError } from '../log';
import type { IdentityTreeProvider } from './provider';

const COPY: { command: string; key: keyof CopyValues; what: string }[] = [
  { command: 'adxIdentity.tree.copyObjectId', key: 'objectId', what: 'object id' },
  { command: 'adxIdentity.tree.copyClientId', key: 'clientId', what: 'client id' },
  { command: 'adxIdentity.tree.copyUri', key: 'uri', what: 'URI' },
  { command: 'adxIdentity.tree.copyResourceId', key: 'resourceId', what: 'resource id' },
];

export function registerTreeCommands(provider: IdentityTreeProvider, signIn: () => Promise<void>): vscode.Disposable[] {
  const guard = (name: string, fn: (node?: ModelNode) => unknown) =>
    vscode.commands.registerCommand(name, async (node?: ModelNode) => {
      try {
        await fn(node);
      } catch (e) {
        await reportError(`${name}: ${e instanceof Error ? e.message : String(e)}`, e);
      }
    });
  return [
    guard('adxIdentity.refresh', () => provider.refresh()),
    guard('adxIdentity.tree.refreshNode', (node) => provider.refresh(node)),
    guard('adxIdentity.tree.retry', (node) =>
      node?.error ? provider.refreshById(node.error.retryId) : provider.refresh(),
    ),
    guard('adxIdentity.tree.signIn', async (node) => {
      await signIn();
      if (node?.error) provider.refreshById(node.error.retryId);
      else provider.refresh();
    }),
    guard('adxIdentity.tree.showLog', () => getLog().show(true)),
    ...COPY.map(({ command, key, what }) =>
      guard(command, async (node) => {
        const value = node?.copy?.[key];
        if (!value) return;
        await vscode.env.clipboard.writeText(value);
        vscode.window.setStatusBarMessage(`Copied ${what}: ${value}`, 3000);
      }),
    ),
    guard('adxIdentity.tree.openInPortal', async (node) => {
      if (node?.portalUrl) await vscode.env.openExternal(vscode.Uri.parse(node.portalUrl));
    }),
  ];
}
