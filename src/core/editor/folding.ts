// Folding for .kql files: one range per multi-line command block (blank-line separated, as Kusto tools run them)
// and per `// #region` … `// #endregion` pair. A folding provider replaces marker folding, so regions live here too.
import { allBlocks } from '../scanner/blocks';
import type { BlockChanges, BlockEntry } from '../scanner';
import { LineIndex } from './lineIndex';
import { firstAtLeast, replaceRange } from '../lists';

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
 * How an answer differs from the one before: the ranges before `lo` are the same, those from `hi` on are the same
 * ranges moved by `lineDelta` lines, and `count` new ones stand in place of those between.
 */
export interface FoldingSplice {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  readonly lineDelta: number;
}

/**
 * The ranges of a model's blocks, kept between calls: only the blocks the edits since the last call changed are read
 * again. When a region marker is anywhere in the document (regions pair markers of different blocks), an edit that
 * moved no line and left every changed block folding alike keeps the last answer; any other reads every block.
 */
export class FoldingCache {
  private owner: FoldingSource | undefined;
  private revision = -1;
  /** The blocks and lines of the last answer. */
  private blocks: BlockEntry[] = [];
  private lines: number[] = [];
  /** How many of `blocks` hold a region marker. */
  private marked = 0;
  private ranges: LineRange[] = [];
  /** The block of each range, while no block holds a region marker (each range is then one block's, in order). */
  private rangeBlocks: number[] | undefined;

  /** The ranges; whether they are the very ones given last time, else how they differ from them, when known. */
  get(source: FoldingSource): { ranges: readonly LineRange[]; same: boolean; splice?: FoldingSplice } {
    const blocks = source.blocks;
    const lines = source.blockLines;
    const changes = source === this.owner ? source.changesSince(this.revision) : undefined;
    this.owner = source;
    this.revision = source.revision;
    if (changes === undefined) return this.readAll(blocks, lines);
    const { from, oldEnd, newEnd, lineDelta } = changes;
    const alike = lineDelta === 0 && oldEnd === newEnd && this.foldAlike(blocks, lines, from, newEnd);
    // The copies of the blocks and lines, and the count of marked blocks, follow the edits.
    let marked = this.marked;
    for (let i = from; i < oldEnd; i++) if (markersOf(this.blocks[i], i === 0).length > 0) marked--;
    for (let i = from; i < newEnd; i++) if (markersOf(blocks[i], i === 0).length > 0) marked++;
    this.marked = marked;
    if (oldEnd === newEnd)
      for (let i = from; i < newEnd; i++) {
        this.blocks[i] = blocks[i];
        this.lines[i] = lines[i];
      }
    else {
      replaceRange(this.blocks, from, oldEnd - from, blocks.slice(from, newEnd));
      replaceRange(this.lines, from, oldEnd - from, lines.slice(from, newEnd));
    }
    if (lineDelta !== 0) for (let i = newEnd; i < this.lines.length; i++) this.lines[i] += lineDelta;
    if (alike) return { ranges: this.ranges, same: true };
    const rangeBlocks = this.rangeBlocks;
    if (marked > 0 || rangeBlocks === undefined) return this.readAll(blocks, lines);
    const lo = firstAtLeast(rangeBlocks, from);
    const hi = firstAtLeast(rangeBlocks, oldEnd);
    const made: LineRange[] = [];
    const madeBlocks: number[] = [];
    blockRanges(blocks, lines, from, newEnd, made, madeBlocks);
    const old = this.ranges;
    const shift = newEnd - oldEnd;
    const tailBlocks = rangeBlocks.slice(hi);
    if (shift !== 0) for (let k = 0; k < tailBlocks.length; k++) tailBlocks[k] += shift;
    this.rangeBlocks = rangeBlocks.slice(0, lo).concat(madeBlocks, tailBlocks);
    const tail = old.slice(hi);
    if (lineDelta !== 0)
      for (let k = 0; k < tail.length; k++)
        tail[k] = { startLine: tail[k].startLine + lineDelta, endLine: tail[k].endLine + lineDelta };
    this.ranges = old.slice(0, lo).concat(made, tail);
    return { ranges: this.ranges, same: false, splice: { lo, hi, count: made.length, lineDelta } };
  }

  private readAll(blocks: readonly BlockEntry[], lines: readonly number[]): { ranges: LineRange[]; same: false } {
    this.blocks = blocks.slice();
    this.lines = lines.slice();
    this.marked = 0;
    for (let i = 0; i < blocks.length; i++) if (markersOf(blocks[i], i === 0).length > 0) this.marked++;
    if (this.marked > 0) {
      this.rangeBlocks = undefined;
      this.ranges = foldingFromBlocks(blocks, lines);
    } else {
      this.rangeBlocks = [];
      this.ranges = [];
      blockRanges(blocks, lines, 0, blocks.length, this.ranges, this.rangeBlocks);
    }
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

/** The ranges of the multi-line commands among blocks `from` to `to`, and the block of each. */
function blockRanges(
  blocks: readonly BlockEntry[],
  lines: readonly number[],
  from: number,
  to: number,
  ranges: LineRange[],
  index: number[],
): void {
  for (let i = from; i < to; i++) {
    const b = blocks[i];
    if (b.analysis === undefined || b.lineEnds === 0) continue;
    ranges.push({ startLine: lines[i], endLine: lines[i] + b.lineEnds });
    index.push(i);
  }
}

function sameMarkers(a: readonly Marker[], b: readonly Marker[]): boolean {
  return a.length === b.length && a.every((m, i) => m[0] === b[i][0] && m[1] === b[i][1]);
}
