// Folding for .kql files: one range per multi-line command block (blank-line separated, as Kusto tools run them)
// and per `// #region` … `// #endregion` pair. A folding provider replaces marker folding, so regions live here too.
import { allBlocks } from '../scanner/blocks';
import { LineIndex } from './lineIndex';

export interface LineRange { readonly startLine: number; readonly endLine: number; readonly kind?: 'region' }

const REGION_START = /^\s*\/\/\s*#region\b/;
const REGION_END = /^\s*\/\/\s*#endregion\b/;

export function foldingRanges(text: string, index: LineIndex = new LineIndex(text)): LineRange[] {
  const ranges: LineRange[] = [];
  for (const block of allBlocks(text)) {
    const startLine = index.lineAt(block.start);
    const endLine = index.lineAt(Math.max(block.start, block.end - 1));
    if (endLine > startLine) ranges.push({ startLine, endLine });
  }
  const open: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (REGION_START.test(line)) open.push(i);
    else if (REGION_END.test(line)) {
      const start = open.pop();
      if (start !== undefined && i > start) ranges.push({ startLine: start, endLine: i, kind: 'region' });
    }
  });
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
