// The validation lens above each managed identity policy command. It never runs anything:
// its only click reveals the first problem.
import * as vscode from 'vscode';
import { hasLens, lensFor } from '../../core/editor/lenses';
import type { BlockEntry } from '../../core/scanner';
import { KustoDocuments, moveLines, toRange } from './documents';
import { placeLenses, type PlacedLens, type PlacedLenses } from './lensCache';

export const REVEAL_PROBLEM_COMMAND = 'adxIdentity.editor.revealProblem';

/** A lens placed cheaply for every policy command; its title is computed when it scrolls into view. */
class PolicyLens extends vscode.CodeLens implements PlacedLens {
  constructor(
    range: vscode.Range,
    readonly document: vscode.TextDocument,
    readonly block: BlockEntry,
  ) {
    super(range);
  }
}

export class PolicyCodeLensProvider implements vscode.CodeLensProvider<PolicyLens> {
  /** Last time's lenses per document: a resolved lens stays right while its block stays where it was. */
  private readonly previous = new WeakMap<vscode.TextDocument, PlacedLenses<PolicyLens>>();

  constructor(private readonly documents: KustoDocuments) {}

  provideCodeLenses(document: vscode.TextDocument): PolicyLens[] {
    const placed = placeLenses(this.documents.get(document), this.previous.get(document), {
      wants: hasLens,
      make: (c, block) => [new PolicyLens(toRange(document, c.start, 0), document, block)],
      moveLines: (lens, lines) => new PolicyLens(moveLines(lens.range, lines), document, lens.block),
    });
    this.previous.set(document, placed);
    return placed.items;
  }

  resolveCodeLens(lens: PolicyLens): PolicyLens {
    const { document } = lens;
    const scanned = this.documents.get(document).commandOfBlock(lens.block, lens.range.start.line);
    const model = scanned && lensFor(scanned);
    if (model === undefined) return lens;
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
