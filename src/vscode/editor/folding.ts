// Folds each multi-line command block (taken from the document's incremental model) and each `// #region`.
import * as vscode from 'vscode';
import { FoldingCache, type LineRange } from '../../core/editor/folding';
import type { KustoDocuments } from './documents';

interface Previous {
  readonly cache: FoldingCache;
  /** Never changed once given (a change makes a new list). */
  ranges: vscode.FoldingRange[];
}

export class KustoFoldingProvider implements vscode.FoldingRangeProvider {
  /** The last answer per document: a keystroke rarely moves a fold, and then the same ranges are given again. */
  private readonly previous = new WeakMap<vscode.TextDocument, Previous>();

  constructor(private readonly documents: KustoDocuments) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const model = this.documents.get(document);
    let before = this.previous.get(document);
    if (before === undefined) this.previous.set(document, (before = { cache: new FoldingCache(), ranges: [] }));
    const { ranges, same, splice } = before.cache.get(model);
    if (same) return before.ranges;
    if (splice === undefined) before.ranges = ranges.map(toFoldingRange);
    else {
      // Only the changed ranges are new objects; those after them too when they moved to other lines.
      const { lo, hi, count, lineDelta } = splice;
      const old = before.ranges;
      const tail = lineDelta === 0 ? old.slice(hi) : ranges.slice(lo + count).map(toFoldingRange);
      before.ranges = old.slice(0, lo).concat(ranges.slice(lo, lo + count).map(toFoldingRange), tail);
    }
    return before.ranges;
  }
}

function toFoldingRange(r: LineRange): vscode.FoldingRange {
  return new vscode.FoldingRange(
    r.startLine,
    r.endLine,
    r.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined,
  );
}
