// Folding for .kql files: one range per multi-line command block (blank-line separated, as Kusto tools run them)
// and per `// #region` … `// #endregion` pair. A folding provider replaces marker folding, so regions live here too.
import { allBlocks } from '../scanner/blocks';
import { LineIndex } from './lineIndex';

export interface LineRange {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind?: 'region';
}

/** A block as [start, end) offsets: the scanner's blocks, or the commands a document model already holds. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const REGION = /^[ \t]*\/\/[ \t]*#(end)?region\b/gm;

export function foldingRanges(
  text: string,
  blocks: Iterable<Span> = allBlocks(text),
  index: LineIndex = new LineIndex(text),
): LineRange[] {
  const ranges: LineRange[] = [];
  for (const block of blocks) {
    const startLine = index.lineAt(block.start);
    const endLine = index.lineAt(Math.max(block.start, block.end - 1));
    if (endLine > startLine) ranges.push({ startLine, endLine });
  }
  const open: number[] = [];
  for (const m of text.matchAll(REGION)) {
    const line = index.lineAt(m.index);
    if (m[1] === undefined) open.push(line);
    else {
      const start = open.pop();
      if (start !== undefined && line > start) ranges.push({ startLine: start, endLine: line, kind: 'region' });
    }
  }
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
