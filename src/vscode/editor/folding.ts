// Folds each multi-line command block (taken from the document's incremental model) and each `// #region`.
import * as vscode from 'vscode';
import { foldingRanges } from '../../core/editor/folding';
import type { KustoDocuments } from './documents';

export class KustoFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly documents: KustoDocuments) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const model = this.documents.get(document);
    const blocks = model.analysis().commands.map((c) => ({ start: c.blockStart, end: c.end }));
    return foldingRanges(model.text, blocks).map(
      (r) =>
        new vscode.FoldingRange(
          r.startLine,
          r.endLine,
          r.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined,
        ),
    );
  }
}
