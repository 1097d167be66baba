// Connect commands: sign in to Azure, add or remove a cluster by URL, open the local sandbox.
import * as vscode from 'vscode';
import { readSandboxInfo } from '../../services/sandboxAccount';
import { registerCommands } from '../commands/registry';
import { nodeOf } from '../commands/targets';
import { getConnections, setConnections, setSandbox } from '../settings';
import type { Accounts } from './accounts';

/** Checks a cluster URL the user typed; returns a message when it is not usable. */
export function checkClusterUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use an http:// or https:// URL';
    return undefined;
  } catch {
    return 'Not a URL, e.g. https://mycluster.westeurope.kusto.windows.net or http://localhost:8080';
  }
}

export function registerConnectionCommands(accounts: Accounts, refresh: () => void): vscode.Disposable[] {
  const signIn = async (): Promise<void> => {
    const azure = await accounts.azureAccount();
    if (await azure.signIn()) refresh();
  };

  return registerCommands({
    'adxIdentity.signIn': signIn,
    'adxIdentity.addConnection': async () => {
      const uri = await vscode.window.showInputBox({
        title: 'Add a cluster by URL',
        prompt: 'Cluster URL',
        placeHolder: 'https://mycluster.westeurope.kusto.windows.net or http://localhost:8080',
        validateInput: checkClusterUrl,
        ignoreFocusOut: true,
      });
      if (!uri) return;
      const pick = await vscode.window.showQuickPick(
        [
          {
            label: 'Signed-in Azure account',
            description: 'a Kusto token from your VS Code account',
            auth: 'account' as const,
          },
          { label: 'No authentication', description: 'e.g. the Kusto emulator', auth: 'none' as const },
        ],
        { title: 'How to authenticate', ignoreFocusOut: true },
      );
      if (!pick) return;
      const clean = uri.trim().replace(/\/+$/, '');
      const rest = getConnections().filter((c) => c.uri.replace(/\/+$/, '') !== clean);
      await setConnections([...rest, { uri: clean, auth: pick.auth }]);
      refresh();
    },
    'adxIdentity.removeConnection': async (node) => {
      const list = getConnections();
      // From the tree the node names the cluster; from the palette, pick one.
      let uri = nodeOf(node)?.model?.ref.cluster.uri;
      if (!uri) {
        const pick = await vscode.window.showQuickPick(
          list.map((c) => ({ label: c.name ?? c.uri, description: c.auth === 'none' ? 'no auth' : '', uri: c.uri })),
          { title: 'Remove a direct connection' },
        );
        uri = pick?.uri;
      }
      if (!uri) return;
      const target = uri.replace(/\/+$/, '');
      await setConnections(list.filter((c) => c.uri.replace(/\/+$/, '') !== target));
      refresh();
    },
    'adxIdentity.openSandbox': async () => {
      const value = await vscode.window.showInputBox({
        title: 'Open the local sandbox',
        prompt: 'The JSON line `npm run sandbox` prints, or the path of a file holding it',
        ignoreFocusOut: true,
        validateInput: (v) => {
          try {
            readSandboxInfo(v);
            return undefined;
          } catch (e) {
            return e instanceof Error ? e.message : String(e);
          }
        },
      });
      if (!value) return;
      await setSandbox(value.trim());
      refresh();
    },
  });
}
