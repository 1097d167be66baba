// What the activation shell (src/extension.ts, dist/extension.js) registers before the rest of the extension is loaded:
// a proxy for every contributed command, the tree view with a provider that loads on first use, and the hooks the
// loaded part (src/main.ts, dist/main.js) takes them over with. No import here but `vscode` types: this file is the
// whole activation cost.
import * as vscode from 'vscode';

export type CommandRunner = (...args: unknown[]) => unknown;

/** What the shell hands to the loaded part: where its commands go, and the view it already created. */
export interface ShellHooks {
  /** Takes over a command id the shell registered (the registry calls it instead of registering the id again). */
  readonly command: (id: string, run: CommandRunner) => vscode.Disposable;
  /** The identity tree's view, created at activation; the loaded part provides its data. */
  readonly view: vscode.TreeView<unknown>;
  /** The command ids the loaded part has taken over so far. */
  readonly handled: () => string[];
  /** Hands the real tree provider to the view's proxy. */
  readonly provideTree: (provider: vscode.TreeDataProvider<unknown>) => vscode.Disposable;
}

/** The ids of `contributes.commands`: every one is registered at activation, its work loaded on first use. */
export function contributedCommands(manifest: unknown): string[] {
  const commands = (manifest as { contributes?: { commands?: { command?: unknown }[] } }).contributes?.commands ?? [];
  return commands.map((c) => c.command).filter((id): id is string => typeof id === 'string');
}

/**
 * One proxy per id. A call loads the rest of the extension (synchronously, once), then runs the handler the loaded
 * part registered for the id through the one command registry; an id nothing took over reports it, never hangs.
 */
export function registerCommandProxies(
  ids: readonly string[],
  load: () => void,
): { disposables: vscode.Disposable[]; command: ShellHooks['command']; handled: () => string[] } {
  const runners = new Map<string, CommandRunner>();
  const disposables = ids.map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => {
      load();
      const run = runners.get(id);
      if (!run) throw new Error(`The command ${id} is not available in this version of ADX Identity.`);
      return run(...args);
    }),
  );
  const command = (id: string, run: CommandRunner): vscode.Disposable => {
    // An id the manifest does not contribute (an internal one, e.g. a lens's) is registered the usual way.
    if (!ids.includes(id)) return vscode.commands.registerCommand(id, run);
    runners.set(id, run);
    return new vscode.Disposable(() => runners.delete(id));
  };
  return { disposables, command, handled: () => [...runners.keys()] };
}

/** The tree view's provider until the loaded part provides the real one: asking for children loads it. */
export class TreeProxy implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<unknown>();
  readonly onDidChangeTreeData = this.changed.event;
  private target: vscode.TreeDataProvider<unknown> | undefined;

  constructor(private readonly load: () => void) {}

  provide(provider: vscode.TreeDataProvider<unknown>): vscode.Disposable {
    this.target = provider;
    const forward = provider.onDidChangeTreeData?.((e) => this.changed.fire(e));
    // Rows drawn before (none: the view asked for children, which loaded it) are drawn again by the real provider.
    this.changed.fire(undefined);
    return new vscode.Disposable(() => forward?.dispose());
  }

  private provider(): vscode.TreeDataProvider<unknown> {
    if (!this.target) this.load();
    if (!this.target) throw new Error('The identity tree could not be loaded: see the ADX Identity log.');
    return this.target;
  }

  getTreeItem(element: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.provider().getTreeItem(element);
  }

  getChildren(element?: unknown): vscode.ProviderResult<unknown[]> {
    return this.provider().getChildren(element);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
