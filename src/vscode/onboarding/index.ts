// "The first five minutes": the built-in sandbox (start, stop, status bar) and the walkthrough's commands.
import * as vscode from 'vscode';
import type { Handler } from '../commands/context';
import { withProgress } from '../commands/registry';
import type { TreeApi } from '../tree/register';
import { BuiltInSandbox, STOP_SANDBOX_COMMAND } from './launcher';
import { openSample, watchSample } from './walkthrough';

export const START_SANDBOX_COMMAND = 'adxIdentity.sandbox.start';
export const OPEN_SAMPLE_COMMAND = 'adxIdentity.walkthrough.openSample';

/** The launcher and listeners (disposed with the extension) and the commands for the registry to wrap. */
export function registerOnboarding(
  context: vscode.ExtensionContext,
  tree: TreeApi,
  log: vscode.LogOutputChannel,
): Record<string, Handler> {
  const sandbox = new BuiltInSandbox(context.asAbsolutePath('dist/sandbox.js'), log, () => tree.refresh());
  context.subscriptions.push(sandbox, watchSample(context));
  return {
    [START_SANDBOX_COMMAND]: async () => {
      const info = sandbox.info ?? (await withProgress('Starting the built-in sandbox…', () => sandbox.start()));
      await vscode.commands.executeCommand('adxIdentity.explorer.focus');
      return info;
    },
    [STOP_SANDBOX_COMMAND]: async () => {
      const stopped = await sandbox.stop();
      if (!stopped) void vscode.window.showInformationMessage('The built-in sandbox is not running.');
      return stopped;
    },
    [OPEN_SAMPLE_COMMAND]: async () => {
      await openSample(context);
    },
  };
}
