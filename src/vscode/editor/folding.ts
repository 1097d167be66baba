// Folds each multi-line command block and each `// #region`.
import * as vscode from 'vscode';
import { foldingRanges } from '../../core/editor/folding';

export class KustoFoldingProvider implements vscode.FoldingRangeProvider {
  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return foldingRanges(document.getText()).map((r) =>
      new vscode.FoldingRange(r.startLine, r.endLine, r.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined));
  }
}
