// One typed view of the extension's settings (adxIdentity.*).
import * as vscode from 'vscode';
import type { DirectConnection } from '../services/tree/cluster';

const SECTION = 'adxIdentity';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** Clusters added by URL; malformed entries are dropped rather than breaking the tree. */
export function getConnections(): DirectConnection[] {
  const raw = config().get<unknown[]>('connections', []);
  return (Array.isArray(raw) ? raw : []).flatMap((c): DirectConnection[] => {
    const x = c as { uri?: unknown; name?: unknown; auth?: unknown };
    if (typeof x?.uri !== 'string') return [];
    return [
      {
        uri: x.uri,
        ...(typeof x.name === 'string' ? { name: x.name } : {}),
        auth: x.auth === 'none' ? 'none' : 'account',
      },
    ];
  });
}

export async function setConnections(list: readonly DirectConnection[]): Promise<void> {
  await config().update('connections', list, vscode.ConfigurationTarget.Global);
}

let builtInSandbox: string | undefined;

/** The built-in sandbox's JSON line while it runs: it takes the setting's place without being written to settings. */
export function setBuiltInSandbox(line: string | undefined): void {
  builtInSandbox = line;
}

/** The sandbox to browse: the built-in one while it runs, else the setting, else env ADX_IDENTITY_SANDBOX (JSON line or a file path). */
export function getSandbox(): string | undefined {
  const value =
    builtInSandbox || config().get<string>('sandbox', '').trim() || process.env.ADX_IDENTITY_SANDBOX?.trim();
  return value || undefined;
}

export async function setSandbox(value: string | undefined): Promise<void> {
  await config().update('sandbox', value, vscode.ConfigurationTarget.Global);
}

export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (
      e.affectsConfiguration(`${SECTION}.connections`) ||
      e.affectsConfiguration(`${SECTION}.sandbox`) ||
      e.affectsConfiguration('azureResourceGroups.selectedSubscriptions') ||
      e.affectsConfiguration('microsoft-sovereign-cloud')
    )
      listener();
  });
}
