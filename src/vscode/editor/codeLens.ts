// The validation lens above each managed identity policy command. It never runs anything:
// its only click reveals the first problem.
import * as vscode from 'vscode';
import { hasLens, lensFor, type EditorCommand } from '../../core/editor/lenses';
import { KustoDocuments, toRange } from './documents';

export const REVEAL_PROBLEM_COMMAND = 'adxIdentity.editor.revealProblem';

/** A lens placed cheaply for every policy command; its title is computed when it scrolls into view. */
class PolicyLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly document: vscode.TextDocument,
    readonly scanned: EditorCommand,
  ) {
    super(range);
  }
}

export class PolicyCodeLensProvider implements vscode.CodeLensProvider<PolicyLens> {
  constructor(private readonly documents: KustoDocuments) {}

  provideCodeLenses(document: vscode.TextDocument): PolicyLens[] {
    const { commands } = this.documents.get(document).analysis();
    const lenses: PolicyLens[] = [];
    for (const c of commands) {
      if (hasLens(c)) lenses.push(new PolicyLens(toRange(document, c.start, 0), document, c));
    }
    return lenses;
  }

  resolveCodeLens(lens: PolicyLens): PolicyLens {
    const model = lensFor(lens.scanned);
    if (model === undefined) return lens;
    const { document } = lens;
    lens.command = model.reveal
      ? {
          title: model.title,
          tooltip: model.tooltip,
          command: REVEAL_PROBLEM_COMMAND,
          arguments: [document.uri, toRange(document, model.reveal.offset, model.reveal.length)],
        }
      : // An empty command id shows the title as plain text: nothing to click.
        { title: model.title, tooltip: model.tooltip, command: '' };
    return lens;
  }
}

/** Selects the problem's range, scrolls to it and shows its hover. */
export async function revealProblem(uri: vscode.Uri, range: vscode.Range): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.showHover');
}
