// Run from the editor inside the real extension host, against a sandbox: a target set from a tree node, the Run lens,
// Shift+Enter's command changing the sandbox, live facts following runs and changes made outside the editor.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, codeValue, treePath as path, useSandbox, waitFor } from './helpers';

const EXPORT_ID = '0e000001-0000-4000-8000-000000000001';
const INGEST_ID = '0e000002-0000-4000-8000-000000000002';
const UNKNOWN_ID = '11111111-1111-4111-8111-111111111111';

const MERGE = `.alter-merge database Analytics policy managed_identity \`\`\`[{"ObjectId":"${EXPORT_ID}","AllowedUsages":"NativeIngestion"}]\`\`\``;
const ALTER = `.alter database Analytics policy managed_identity \`\`\`[{"ObjectId":"${INGEST_ID}","AllowedUsages":"NativeIngestion, DataConnection"}]\`\`\``;
const UNKNOWN = `.alter-merge database Analytics policy managed_identity \`\`\`[{"ObjectId":"${UNKNOWN_ID}","AllowedUsages":"NativeIngestion"}]\`\`\``;
const SECRET =
  ".create-or-alter external table SecretLake (a:string) kind=storage dataformat=csv ( h@'https://lake.blob.core.windows.net/c;SECRETKEY123' )";
const DOCUMENT = ['// run from the editor', MERGE, '', ALTER, '', UNKNOWN, '', SECRET, ''].join('\n');

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses.map((l) => l.command?.title ?? '');
}

/** Waits until some lens title matches, and returns the titles seen last (for the failure message). */
async function waitForLens(uri: vscode.Uri, title: RegExp): Promise<string[]> {
  let seen: string[] = [];
  await waitFor(`a lens ${title}`, async () => (seen = await lensTitles(uri)).some((t) => title.test(t))).catch(
    (e: Error) => {
      throw new Error(`${e.message}; lenses: ${seen.join(' | ')}`);
    },
  );
  return seen;
}

describe('run from the editor (extension host, sandbox)', () => {
  const sandbox = useSandbox('Contoso Analytics Prod');
  let editor: vscode.TextEditor;
  const analytics = () => {
    const db = sandbox()
      .state.clusters.find((c) => c.name === 'adxfull')
      ?.databases.find((d) => d.name === 'Analytics');
    assert.ok(db, 'adxfull/Analytics in the sandbox');
    return db;
  };

  before(async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'kusto', content: DOCUMENT });
    editor = await vscode.window.showTextDocument(doc);
  });

  it('offers "▶ Run…" before a target is set, and no live facts', async () => {
    const titles = await lensTitles(editor.document.uri);
    assert.equal(titles.filter((t) => t === '▶ Run…').length, 4, titles.join(' | '));
    assert.ok(!titles.some((t) => t.startsWith('live') || /current policy/.test(t)), titles.join(' | '));
  });

  it("takes a database node of the tree as the file's target: the Run lens names it", async () => {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand(
      'adxIdentity.tree.useAsTarget',
      await path('Contoso Analytics Prod', 'adxfull', 'Databases', 'Analytics'),
    );
    const titles = await waitForLens(editor.document.uri, /^▶ Run on adxfull \/ Analytics$/);
    assert.equal(titles.filter((t) => t === '▶ Run on adxfull / Analytics').length, 4, titles.join(' | '));
  });

  it('shows live facts: what the .alter would remove from the live policy', async () => {
    await waitForLens(editor.document.uri, /^live: replaces the current policy, removes nothing$/);
    await waitForLens(editor.document.uri, /^live: adds 0e0… \(NativeIngestion\)$/);
  });

  it("flags an ObjectId that is not one of the target cluster's identities (MIP109)", async () => {
    await waitFor('MIP109 on the unknown id', () =>
      vscode.languages.getDiagnostics(editor.document.uri).some((d) => codeValue(d) === 'MIP109'),
    );
    const d = vscode.languages.getDiagnostics(editor.document.uri).find((x) => codeValue(x) === 'MIP109');
    assert.equal(editor.document.getText(d?.range), UNKNOWN_ID);
  });

  it('Shift+Enter runs the .alter-merge under the cursor on the sandbox and shows the result', async function () {
    this.timeout(60_000);
    editor = await vscode.window.showTextDocument(editor.document);
    const at = editor.document.positionAt(DOCUMENT.indexOf('AllowedUsages":"NativeIngestion"'));
    editor.selection = new vscode.Selection(at, at);
    const before = JSON.stringify(analytics().managedIdentityPolicy);
    assert.doesNotMatch(before, new RegExp(EXPORT_ID));
    await vscode.commands.executeCommand('adxIdentity.runCommand');
    const entry = analytics().managedIdentityPolicy?.find((e) => e.ObjectId.toLowerCase() === EXPORT_ID);
    assert.ok(entry, `the sandbox policy now: ${JSON.stringify(analytics().managedIdentityPolicy)}`);
    assert.match(entry.AllowedUsages, /NativeIngestion/);
    const shown = (await api()).operations.results.last;
    assert.ok(shown, 'the results view shows the result');
    assert.match(shown.title, /adxfull \/ Analytics/);
    assert.ok(shown.table.columns.some((c) => c.name === 'Policy'));
  });

  it('reads the live facts again after the run: the .alter now removes the merged identity', async () => {
    await waitForLens(editor.document.uri, /^⚠ replaces the current policy: removes 1 entry$/);
    await waitForLens(editor.document.uri, /^live: already has 0e0… \(NativeIngestion\); changes nothing$/);
  });

  it('follows a change made outside the editor once refreshed', async () => {
    analytics().managedIdentityPolicy = [
      { ObjectId: INGEST_ID, AllowedUsages: 'NativeIngestion' },
      { ObjectId: 'system', AllowedUsages: 'AutomatedFlows' },
      { ObjectId: EXPORT_ID, AllowedUsages: 'AutomatedFlows' },
    ];
    await vscode.commands.executeCommand('adxIdentity.refreshLiveFacts');
    await waitForLens(editor.document.uri, /^⚠ replaces the current policy: removes 2 entries$/);
    await waitForLens(editor.document.uri, /^live: adds 0e0… \(NativeIngestion\)$/);
  });

  /** Everything the extension's log channel wrote so far. */
  const logText = async (): Promise<string> => {
    const { logUri } = await api();
    return readdirSync(logUri.fsPath)
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(join(logUri.fsPath, f), 'utf8'))
      .join('\n');
  };

  const runAt = async (needle: string): Promise<unknown> => {
    editor = await vscode.window.showTextDocument(editor.document);
    const at = editor.document.positionAt(DOCUMENT.indexOf(needle));
    editor.selection = new vscode.Selection(at, at);
    return vscode.commands.executeCommand('adxIdentity.runCommand');
  };

  it('logs the request it ran', async () => {
    await waitFor('the run in the log', async () =>
      /→ adxfull\/Analytics: \.alter-merge database Analytics/.test(await logText()),
    );
  });

  it('redacts obfuscated strings in the logged request', async () => {
    await runAt('SECRETKEY123');
    await waitFor('the external table request in the log', async () =>
      /→ adxfull\/Analytics: \.create-or-alter external table SecretLake/.test(await logText()),
    );
    const text = await logText();
    assert.match(text, /h@'\*\*\*'/);
    assert.doesNotMatch(text, /SECRETKEY123/);
  });

  it("reports the service's refusal (logged, with Show Log) and changes nothing", async () => {
    const result = await runAt(UNKNOWN_ID);
    assert.equal(result, undefined);
    await waitFor('the failure in the log', async () => /\[error\] adxIdentity\.runCommand: /.test(await logText()));
    assert.ok(!analytics().managedIdentityPolicy?.some((e) => e.ObjectId === UNKNOWN_ID));
  });
});

describe('run from the editor: followers (extension host, sandbox)', () => {
  useSandbox('Contoso Analytics Prod');

  /** Everything the extension's log channel wrote so far. */
  const logText = async (): Promise<string> => {
    const { logUri } = await api();
    return readdirSync(logUri.fsPath)
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(join(logUri.fsPath, f), 'utf8'))
      .join('\n');
  };

  it('refuses a policy change to a follower database up front, as the tree does, sending nothing', async () => {
    const text = `.alter-merge database TelemetryFollower policy managed_identity \`\`\`[{"ObjectId":"system","AllowedUsages":"NativeIngestion"}]\`\`\``;
    const doc = await vscode.workspace.openTextDocument({ language: 'kusto', content: `${text}\n` });
    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand(
      'adxIdentity.tree.useAsTarget',
      await path('Contoso Analytics Prod', 'adxfull', 'Databases', 'Analytics'),
    );
    editor.selection = new vscode.Selection(new vscode.Position(0, 3), new vscode.Position(0, 3));
    assert.equal(await vscode.commands.executeCommand('adxIdentity.runCommand'), undefined);
    await waitFor('the refusal in the log', async () =>
      /adxIdentity\.runCommand: refused: TelemetryFollower on adxfull is a follower database/.test(await logText()),
    );
    assert.doesNotMatch(await logText(), /→ adxfull\/TelemetryFollower: \.alter-merge/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
