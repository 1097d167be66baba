// The .kql editor features in a real extension host: lenses, diagnostics with exact ranges, quick fixes, folding, snippets.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { generateCorpus } from '../../../bench/kql-corpus';
import { readFileSync } from 'node:fs';
import { api, codeValue, record, waitFor } from './helpers';

const TEXT = [
  '.alter cluster policy managed_identity ```[',
  '  { "ObjectId": "system", "AllowedUsages": "AutomatedFlows" },',
  '  { "ObjectId": "1f3a3c2e-8d2b-4b57-9f6e-0c1d2e3f4a5b", "AllowedUsages": "NativeIngestion" }',
  ']```',
  '',
  '.alter-merge database Db policy managed_identity ```[{ "ObjectId": "system_assigned", "AllowedUsages": "AutomatedFlows, NativeIngestoin" }]```',
  '',
  '.create-or-alter continuous-export E to table X with (managedIdentity=system) <| T',
].join('\n');

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'adx-identity');
}

function rangeOf(doc: vscode.TextDocument, needle: string): vscode.Range {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the document`);
  return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + needle.length));
}

async function open(content: string): Promise<vscode.TextDocument> {
  await api();
  const doc = await vscode.workspace.openTextDocument({ language: 'kusto', content });
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('.kql editor', () => {
  it('shows a validation lens above each alter policy command', async () => {
    const doc = await open(TEXT);
    let titles: string[] = [];
    await waitFor('code lenses', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        doc.uri,
        10,
      );
      titles = lenses.map((l) => l.command?.title ?? '').filter((t) => /policy valid|problem/.test(t));
      return titles.length === 2;
    });
    assert.deepEqual(titles, [
      '✓ policy valid — 2 identities: system (AutomatedFlows), 1f3… (NativeIngestion)',
      '✗ 2 problems',
    ]);
  });

  it('reveals the first problem when its lens is clicked, and runs nothing else', async () => {
    const doc = await open(TEXT);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      doc.uri,
      10,
    );
    const problem = lenses.find((l) => l.command?.title === '✗ 2 problems');
    assert.ok(problem?.command, 'no problem lens');
    assert.equal(problem.command.command, 'adxIdentity.editor.revealProblem');
    const valid = lenses.find((l) => l.command?.title.startsWith('✓'));
    assert.equal(valid?.command?.command, '', 'a valid lens must have nothing to run');
    await vscode.commands.executeCommand(problem.command.command, ...(problem.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document, doc);
    assert.equal(doc.getText(editor.selection), 'system_assigned');
  });

  it('reports diagnostics with exact ranges inside the JSON, with their codes', async () => {
    const started = performance.now();
    const doc = await open(TEXT);
    await waitFor('diagnostics', () => ours(doc.uri).length === 3);
    record('editor: open .kql -> diagnostics shown (ms)', Math.round(performance.now() - started));
    const found = ours(doc.uri).map((d) => ({ code: codeValue(d), text: doc.getText(d.range), severity: d.severity }));
    assert.deepEqual(found, [
      { code: 'MIP009', text: 'system_assigned', severity: vscode.DiagnosticSeverity.Error },
      { code: 'MIP013', text: 'NativeIngestoin', severity: vscode.DiagnosticSeverity.Error },
      { code: 'KQL001', text: 'system', severity: vscode.DiagnosticSeverity.Warning },
    ]);
    assert.deepEqual(ours(doc.uri)[0].range, rangeOf(doc, 'system_assigned'));
    // The code links to its rule's row in docs/lint.md, shipped in the package.
    const code = ours(doc.uri)[0].code;
    assert.ok(typeof code === 'object', 'the code carries a link');
    const line = /^L(\d+)$/.exec(code.target.fragment)?.[1];
    assert.ok(line, `no line in ${code.target.toString()}`);
    assert.match(code.target.path, /\/docs\/lint\.md$/);
    const row = readFileSync(code.target.fsPath, 'utf8').split('\n')[Number(line) - 1];
    assert.match(row, /^\| `MIP009` \| error \|/);
  });

  it('applies a quick fix and the diagnostic goes away', async () => {
    const doc = await open(TEXT);
    await waitFor('diagnostics', () => ours(doc.uri).length === 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      rangeOf(doc, 'NativeIngestoin'),
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === "Replace with 'NativeIngestion'");
    assert.ok(fix?.edit, `no fix; got ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /"AllowedUsages": "AutomatedFlows, NativeIngestion" }\]```/);
    await waitFor('the fixed diagnostic to disappear', () => ours(doc.uri).length === 2);
    assert.deepEqual(
      ours(doc.uri).map((d) => codeValue(d)),
      ['MIP009', 'KQL001'],
    );
  });

  it('rewrites .alter to .alter-merge', async () => {
    const doc = await open(TEXT);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      rangeOf(doc, 'AutomatedFlows'),
      vscode.CodeActionKind.RefactorRewrite.value,
    );
    const rewrite = actions.find((a) => a.title.startsWith('Use .alter-merge'));
    assert.ok(rewrite?.edit, `no rewrite; got ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(rewrite.edit));
    assert.ok(doc.getText().startsWith('.alter-merge cluster policy managed_identity ```['));
  });

  it('keeps diagnostics right while typing (incremental rescans)', async () => {
    const doc = await open(TEXT);
    await waitFor('diagnostics', () => ours(doc.uri).length === 3);
    const editor = await vscode.window.showTextDocument(doc);
    // Typing a blank line before the first command shifts every range; the squiggles must follow.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// note\n\n'));
    await waitFor('shifted diagnostics', () => ours(doc.uri)[0]?.range.start.line === 7);
    assert.equal(doc.getText(ours(doc.uri)[0].range), 'system_assigned');
  });

  it('folds each multi-line command block', async () => {
    const doc = await open(TEXT);
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>(
      'vscode.executeFoldingRangeProvider',
      doc.uri,
    );
    assert.ok(
      ranges.some((r) => r.start === 0 && r.end === 3),
      JSON.stringify(ranges),
    );
  });

  it('offers the snippets by the words a user types', async () => {
    const doc = await open('polic');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(0, 5),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('policy-alter-merge-cluster'), labels.slice(0, 30).join(', '));
  });

  it('auto-closes quotes, and ``` as one pair when typed', async () => {
    const doc = await open('');
    const editor = await vscode.window.showTextDocument(doc);
    for (const ch of '.alter cluster policy managed_identity ```')
      await vscode.commands.executeCommand('type', { text: ch });
    assert.equal(doc.getText(), '.alter cluster policy managed_identity ``````');
    assert.equal(editor.selection.active.character, '.alter cluster policy managed_identity ```'.length);
    await vscode.commands.executeCommand('type', { text: '[' });
    await vscode.commands.executeCommand('type', { text: '"' });
    assert.equal(doc.getText(), '.alter cluster policy managed_identity ```[""]```');
  });

  it('keeps up with a 5,000-command document (numbers recorded, not asserted)', async () => {
    const { text } = generateCorpus(5000);
    let started = performance.now();
    const doc = await open(text);
    // The generated corpus carries a few dozen problems; they are all published at once on open.
    await waitFor('diagnostics of the big document', () => ours(doc.uri).length > 0);
    const expected = ours(doc.uri).length;
    record('editor: open 5,000 commands -> diagnostics shown (ms)', Math.round(performance.now() - started));
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(text.indexOf('"AllowedUsages"', text.length >> 1) + '"AllowedUsages": "'.length);
    started = performance.now();
    await editor.edit((b) => b.insert(at, 'x'));
    record('editor: one edit in 5,000 commands, edit applied (ms)', Math.round(performance.now() - started));
    await waitFor('the typo to be reported', () => ours(doc.uri).length === expected + 1);
    record(
      'editor: one edit in 5,000 commands -> diagnostics updated, 200 ms debounce included (ms)',
      Math.round(performance.now() - started),
    );
    // A second keystroke, once the first has settled: the first one also pays for the editor warming up.
    const second = doc.positionAt(
      doc.getText().indexOf('"AllowedUsages"', text.length >> 2) + '"AllowedUsages": "'.length,
    );
    started = performance.now();
    await editor.edit((b) => b.insert(second, 'x'));
    record('editor: a second edit in 5,000 commands, edit applied (ms)', Math.round(performance.now() - started));
    await waitFor('the second typo to be reported', () => ours(doc.uri).length === expected + 2);
    record(
      'editor: a second edit in 5,000 commands -> diagnostics updated (ms)',
      Math.round(performance.now() - started),
    );
    started = performance.now();
    // No resolve count: every lens placed, none resolved (titles are resolved only for those on screen).
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    record('editor: code lenses of 5,000 commands placed after an edit (ms)', Math.round(performance.now() - started));
    // Two lenses per command: the validation summary and the Run lens (no target set, so "▶ Run…").
    const perLine = new Map<number, number>();
    for (const lens of lenses) perLine.set(lens.range.start.line, (perLine.get(lens.range.start.line) ?? 0) + 1);
    assert.equal(perLine.size, 5000);
    assert.ok(
      [...perLine.values()].every((n) => n === 2),
      'every command has its validation and its Run lens',
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("with the setting on, adds the official parser's syntax errors (from its worker thread); off again, they go", async function () {
    this.timeout(90_000);
    const fromParser = (uri: vscode.Uri) =>
      vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Kusto parser');
    // Only the files on screen are parsed; start from an empty editor area so nothing else is.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const doc = await open(
      '.show databases\n\n// a typo the policy checks do not look at\n.show databses\n\nEvents | where x >',
    );
    const config = vscode.workspace.getConfiguration('adxIdentity');
    assert.equal(config.get('editor.officialParser'), false, 'off by default');
    let started = performance.now();
    await config.update('editor.officialParser', true, vscode.ConfigurationTarget.Global);
    try {
      await waitFor("the parser's diagnostics", () => fromParser(doc.uri).length >= 2, 60_000);
      record(
        'editor: official parser on -> its first diagnostics (worker start + parser load included) (ms)',
        Math.round(performance.now() - started),
      );
      const lines = [...new Set(fromParser(doc.uri).map((d) => d.range.start.line))];
      assert.deepEqual(
        lines,
        [3, 5],
        fromParser(doc.uri)
          .map((d) => `${d.range.start.line}: ${d.message}`)
          .join('\n'),
      );
      assert.ok(fromParser(doc.uri).every((d) => d.severity === vscode.DiagnosticSeverity.Error));
      // An edit re-parses only the command it touched: fixing the typo clears its error and keeps the other.
      const editor = await vscode.window.showTextDocument(doc);
      const typo = doc.getText().indexOf('databses');
      started = performance.now();
      await editor.edit((b) =>
        b.replace(new vscode.Range(doc.positionAt(typo), doc.positionAt(typo + 'databses'.length)), 'databases'),
      );
      await waitFor(
        'the fixed command to lose its error',
        () => fromParser(doc.uri).every((d) => d.range.start.line !== 3),
        30_000,
      );
      record(
        'editor: official parser, one command edited -> diagnostics updated (500 ms debounce included) (ms)',
        Math.round(performance.now() - started),
      );
      assert.deepEqual([...new Set(fromParser(doc.uri).map((d) => d.range.start.line))], [5]);
    } finally {
      await config.update('editor.officialParser', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor("the parser's diagnostics to go once it is turned off", () => fromParser(doc.uri).length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
