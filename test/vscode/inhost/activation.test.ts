// Activation smoke test: what the manifest promises happens in a real extension host.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, extension, record, sampleUri, waitFor } from './helpers';

interface ContributedCommand {
  readonly command: string;
}

// Module paths that mean an Azure SDK was loaded; dist/sdk.js is the bundle that holds them all.
const AZURE_MODULE = /[\\/](azure-kusto-data|@azure|@microsoft[\\/]vscode-azext-[^\\/]+)[\\/]|[\\/]dist[\\/]sdk\.js$/;

/** The event the extension host's own log says activated the extension, once it has logged one. */
async function activationEventFromHostLog(logUri: vscode.Uri): Promise<string> {
  const hostLogs = join(logUri.fsPath, '..');
  const line = /_doActivateExtension adx-identity\.adx-identity, startup: \w+, activationEvent: '([^']+)'/;
  let event: string | undefined;
  await waitFor('the activation line in the host log', () => {
    const text = readdirSync(hostLogs)
      .filter((f) => /exthost\.log$/.test(f))
      .map((f) => readFileSync(join(hostLogs, f), 'utf8'))
      .join('\n');
    event = line.exec(text)?.[1];
    return event !== undefined;
  });
  return event ?? '';
}

function azureModulesLoaded(): string[] {
  return Object.keys(require.cache).filter((p) => AZURE_MODULE.test(p));
}

// Order matters: one extension host per run, so the first test is the one that activates the extension.
describe('activation', () => {
  it('is not active before anything asks for it', () => {
    assert.equal(extension().isActive, false);
  });

  it('activates when a .kql file is opened, and the host says that was the reason', async () => {
    const started = performance.now();
    const doc = await vscode.workspace.openTextDocument(sampleUri('managed-identity-policy.kql'));
    await waitFor('activation after opening a .kql file', () => extension().isActive);
    const { activationMs, logUri } = await api();
    record('host: .kql opened -> extension active (ms)', Math.round(performance.now() - started));
    record('api.activationMs', Number(activationMs.toFixed(2)));
    assert.equal(doc.languageId, 'kusto');
    assert.equal(await activationEventFromHostLog(logUri), 'onLanguage:kusto');
  });

  it('loads no Azure SDK module at activation', () => {
    const main = join(extension().extensionPath, 'dist', 'extension.js');
    assert.ok(
      Object.keys(require.cache).includes(main),
      `expected ${main} in require.cache (is the check looking in the right place?)`,
    );
    const azure = azureModulesLoaded();
    record('Azure SDK modules loaded at activation', azure.length);
    assert.deepEqual(azure, []);
  });

  it('is the packaged build when the runner says which one', () => {
    const expected = process.env.ADX_IDENTITY_UNDER_TEST;
    const { extensionPath } = extension();
    assert.ok(existsSync(join(extensionPath, 'dist', 'extension.js')), 'dist/extension.js missing');
    if (expected) assert.equal(extensionPath, expected);
  });

  it('gives .csl documents the language id kusto too', async () => {
    const doc = await vscode.workspace.openTextDocument(sampleUri('principals.csl'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'kusto');
  });

  it('registers every command contributed in package.json, and the loaded part handles each one', async () => {
    const contributed = (extension().packageJSON.contributes.commands as ContributedCommand[]).map((c) => c.command);
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
    // The activation shell registers every id as a proxy; a proxy with no work behind it would fail on first use.
    const handled = new Set((await api()).handledCommands());
    assert.deepEqual(
      contributed.filter((c) => !handled.has(c)),
      [],
    );
  });

  it('opens its view from the activity bar container', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.adxIdentity');
    await vscode.commands.executeCommand('adxIdentity.explorer.focus');
    // Informational: the tree may load the SDK bundle on first use; activation alone must not (test above).
    record('Azure SDK modules loaded after the view opened', azureModulesLoaded().length);
  });

  it('logs its activation and no error', async () => {
    const { logUri } = await api();
    const files = readdirSync(logUri.fsPath).filter((f) => f.endsWith('.log'));
    const text = files.map((f) => readFileSync(join(logUri.fsPath, f), 'utf8')).join('\n');
    assert.match(text, /activated in/);
    assert.doesNotMatch(text, /\[error\]/);
  });
});
