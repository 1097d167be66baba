// Folding for .kql files: one range per multi-line command block (blank-line separated, as Kusto tools run them)
// and per `// #region` … `// #endregion` pair. A folding provider replaces marker folding, so regions live here too.
import { allBlocks } from '../scanner/blocks';
import type { BlockChanges, BlockEntry } from '../scanner';
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

/** A `// #region` (false) or `// #endregion` (true) line, from the block's first line. */
type Marker = readonly [line: number, end: boolean];
const markers = new WeakMap<BlockEntry, readonly Marker[]>();
const NO_MARKERS: readonly Marker[] = [];
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** The region markers of a block, read once per block (blocks keep their identity while their text is unchanged). */
function markersOf(block: BlockEntry, first: boolean): readonly Marker[] {
  let found = markers.get(block);
  if (found === undefined) {
    const text = block.text;
    found = NO_MARKERS;
    if (text.includes('#')) {
      const list: Marker[] = [];
      for (const m of text.matchAll(REGION)) {
        // At the block's start the match is a line start only if what comes before it on its line is spaces or tabs.
        if (m.index === 0 && !lineStartBefore(block.gap, first)) continue;
        list.push([countLines(text, m.index), m[1] !== undefined]);
      }
      if (list.length) found = list;
    }
    markers.set(block, found);
  }
  return found;
}

function lineStartBefore(gap: string, first: boolean): boolean {
  let i = gap.length;
  while (i > 0 && (gap[i - 1] === ' ' || gap[i - 1] === '\t')) i--;
  return i === 0 ? first : LINE_BREAK.test(gap[i - 1]);
}

function countLines(text: string, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The same ranges as `foldingRanges(text, command blocks)`, from a document model's blocks and their lines: an edit
 * does not make it read the whole text again, only the blocks it has not seen.
 */
export function foldingFromBlocks(blocks: readonly BlockEntry[], lines: readonly number[]): LineRange[] {
  const ranges: LineRange[] = [];
  let regions: LineRange[] | undefined;
  const open: number[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const line = lines[i];
    if (b.analysis !== undefined && b.lineEnds > 0) ranges.push({ startLine: line, endLine: line + b.lineEnds });
    const found = markersOf(b, i === 0);
    for (const [at, end] of found) {
      if (!end) open.push(line + at);
      else {
        const start = open.pop();
        if (start !== undefined && line + at > start)
          (regions ??= []).push({ startLine: start, endLine: line + at, kind: 'region' });
      }
    }
  }
  if (regions === undefined) return ranges;
  return ranges.concat(regions).sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** Where a FoldingCache reads blocks: a document model. */
export interface FoldingSource {
  readonly revision: number;
  changesSince(revision: number): BlockChanges | undefined;
  readonly blocks: readonly BlockEntry[];
  readonly blockLines: readonly number[];
}

/**
 * The ranges of a model's blocks, kept between calls: when the edits since the last call moved no line, left as many
 * blocks, and every block they changed folds alike (same line, same line count, a command or not, same regions),
 * the last answer stands, and the whole document is not walked block by block again.
 */
export class FoldingCache {
  private owner: FoldingSource | undefined;
  private revision = -1;
  /** The blocks and lines of the last answer. */
  private blocks: BlockEntry[] = [];
  private lines: number[] = [];
  private ranges: LineRange[] = [];

  /** The ranges, and whether they are the very ones given last time. */
  get(source: FoldingSource): { ranges: readonly LineRange[]; same: boolean } {
    const blocks = source.blocks;
    const lines = source.blockLines;
    const changes = source === this.owner ? source.changesSince(this.revision) : undefined;
    this.owner = source;
    this.revision = source.revision;
    if (
      changes !== undefined &&
      changes.lineDelta === 0 &&
      changes.oldEnd === changes.newEnd &&
      this.foldAlike(blocks, lines, changes.from, changes.newEnd)
    ) {
      for (let i = changes.from; i < changes.newEnd; i++) this.blocks[i] = blocks[i];
      return { ranges: this.ranges, same: true };
    }
    this.blocks = blocks.slice();
    this.lines = lines.slice();
    this.ranges = foldingFromBlocks(blocks, lines);
    return { ranges: this.ranges, same: false };
  }

  private foldAlike(blocks: readonly BlockEntry[], lines: readonly number[], from: number, to: number): boolean {
    for (let i = from; i < to; i++) {
      const a = blocks[i];
      const b = this.blocks[i];
      if (lines[i] !== this.lines[i]) return false;
      if (a === b) continue;
      if (
        (a.analysis === undefined) !== (b.analysis === undefined) ||
        a.lineEnds !== b.lineEnds ||
        !sameMarkers(markersOf(a, i === 0), markersOf(b, i === 0))
      )
        return false;
    }
    return true;
  }
}

function sameMarkers(a: readonly Marker[], b: readonly Marker[]): boolean {
  return a.length === b.length && a.every((m, i) => m[0] === b[i][0] && m[1] === b[i][1]);
}
