// The validation lens above each managed identity policy command. It never runs anything:
// its only click reveals the first problem.
import * as vscode from 'vscode';
import { lensesFor } from '../../core/editor/lenses';
import { KustoDocuments, toRange } from './documents';

export const REVEAL_PROBLEM_COMMAND = 'adxIdentity.editor.revealProblem';

export class PolicyCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly documents: KustoDocuments) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const { commands } = this.documents.get(document).analysis();
    return lensesFor(commands).map((lens) => {
      const at = toRange(document, lens.offset, 0);
      const command: vscode.Command = lens.reveal
        ? { title: lens.title, tooltip: lens.tooltip, command: REVEAL_PROBLEM_COMMAND, arguments: [document.uri, toRange(document, lens.reveal.offset, lens.reveal.length)] }
        // An empty command id shows the title as plain text: nothing to click.
        : { title: lens.title, tooltip: lens.tooltip, command: '' };
      return new vscode.CodeLens(at, command);
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Selects the problem's range, scrolls to it and shows its hover. */
export async function revealProblem(uri: vscode.Uri, range: vscode.Range): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.showHover');
}
