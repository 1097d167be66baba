// Folds each multi-line command block (taken from the document's incremental model) and each `// #region`.
import * as vscode from 'vscode';
import { foldingFromBlocks, type LineRange } from '../../core/editor/folding';
import type { KustoDocuments } from './documents';

interface Previous {
  readonly lines: readonly LineRange[];
  readonly ranges: readonly vscode.FoldingRange[];
}

export class KustoFoldingProvider implements vscode.FoldingRangeProvider {
  /** The last answer per document: a keystroke rarely moves a fold, and then the same ranges are given again. */
  private readonly previous = new WeakMap<vscode.TextDocument, Previous>();

  constructor(private readonly documents: KustoDocuments) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const { blocks, lines } = this.documents.get(document).blocks;
    const found = foldingFromBlocks(blocks, lines);
    const before = this.previous.get(document);
    if (before !== undefined && sameRanges(before.lines, found)) return [...before.ranges];
    const ranges = found.map(
      (r) =>
        new vscode.FoldingRange(
          r.startLine,
          r.endLine,
          r.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined,
        ),
    );
    this.previous.set(document, { lines: found, ranges });
    return [...ranges];
  }
}

function sameRanges(a: readonly LineRange[], b: readonly LineRange[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].startLine !== b[i].startLine || a[i].endLine !== b[i].endLine || a[i].kind !== b[i].kind) return false;
  }
  return true;
}
