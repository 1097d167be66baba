// Lenses kept from one keystroke to the next: VS Code asks for every lens of the document after each edit, and only
// the blocks the edit changed get new lens objects. Blocks after the edit keep theirs, or, when the edit added or
// removed lines, get them moved by that many lines; the whole document is never read again for it.
import type * as vscode from 'vscode';
import type { EditorCommand } from '../../core/editor/lenses';
import type { KustoDocumentModel } from '../../core/editor/model';
import type { BlockEntry } from '../../core/scanner';
import { firstAtLeast } from '../../core/editor/sorted';

/** A lens placed above a command; resolving it asks the model for the block's command as it is then. */
export interface PlacedLens extends vscode.CodeLens {
  readonly block: BlockEntry;
}

/** What a provider gave for one document last time: its lenses, and where the block of each was then. */
export interface PlacedLenses<L extends PlacedLens> {
  readonly model: KustoDocumentModel;
  /** The model's revision then. */
  readonly revision: number;
  /** In document order; never changed once given (the next keystroke makes a new list). */
  readonly lenses: L[];
  /** For each lens, its block's index, offset and line then. */
  readonly index: readonly number[];
  readonly starts: readonly number[];
  readonly lines: readonly number[];
}

/** How a provider makes its lenses. */
export interface LensMaker<L extends PlacedLens> {
  /** Whether a command gets lenses at all. */
  readonly wants: (c: EditorCommand) => boolean;
  /** The lenses of a command, unresolved. */
  readonly make: (c: EditorCommand, block: BlockEntry) => readonly L[];
  /** Called for a kept lens whose command moved to other offsets (on the same line and character). */
  readonly afterMove?: (lens: L) => void;
  /** A lens like `lens` (unresolved), `lines` lines further: without it, moved lenses are made again. */
  readonly moveLines?: (lens: L, lines: number) => L;
}

// How far to look ahead among the old lenses of the changed blocks for those of a block that is still there.
const LOOK_AHEAD = 32;

/**
 * The lenses of every command `maker.wants`, in document order. A block that did not change keeps its lens objects
 * (`afterMove` is told about those whose offsets moved); any other gets `maker.make`'s.
 */
export function placeLenses<L extends PlacedLens>(
  model: KustoDocumentModel,
  previous: PlacedLenses<L> | undefined,
  maker: LensMaker<L>,
): PlacedLenses<L> {
  const changes =
    previous !== undefined && previous.model === model ? model.changesSince(previous.revision) : undefined;
  const blocks = model.blocks;
  // The new lenses: of every block, or of the blocks the edits changed.
  const out = new Placing<L>(model, maker);
  if (previous === undefined || changes === undefined) {
    out.makeFrom(0, blocks.length);
    return out.done();
  }
  const { from, oldEnd, newEnd, offsetDelta, lineDelta } = changes;
  if (from === oldEnd && from === newEnd && offsetDelta === 0 && lineDelta === 0) return previous;
  const old = previous;
  const lo = firstAtLeast(old.index, from);
  const hi = firstAtLeast(old.index, oldEnd);
  // The changed blocks: a block still there, where it was, keeps its lenses; any other gets new ones.
  const starts = model.blockStarts;
  const lines = model.blockLines;
  let k = lo;
  for (let i = from; i < newEnd; i++) {
    const block = blocks[i];
    if (block.analysis === undefined) continue;
    let found = k;
    const end = Math.min(hi, k + LOOK_AHEAD);
    while (found < end && old.lenses[found].block !== block) found++;
    // (An unclosed literal's message depends on what follows the block: its lenses are always made again.)
    if (
      found < end &&
      old.starts[found] === starts[i] &&
      old.lines[found] === lines[i] &&
      block.unterminatedAt === undefined
    ) {
      for (k = found; k < hi && old.lenses[k].block === block; k++) out.push(old.lenses[k], i, starts[i], lines[i]);
    } else out.makeFrom(i, i + 1);
  }
  // The blocks after the edit: the same objects, moved. Without a way to move lenses to other lines, new ones.
  if (lineDelta !== 0 && maker.moveLines === undefined) {
    out.makeFrom(newEnd, blocks.length);
    return new Placing(model, maker).join(old, lo, out, old.lenses.length, 0, 0, 0, []).done();
  }
  let tail: L[];
  if (lineDelta !== 0) {
    const move = maker.moveLines as (lens: L, lines: number) => L;
    tail = new Array<L>(old.lenses.length - hi);
    for (let j = hi; j < old.lenses.length; j++) tail[j - hi] = move(old.lenses[j], lineDelta);
  } else {
    tail = old.lenses.slice(hi);
    const afterMove = offsetDelta === 0 ? undefined : maker.afterMove;
    if (afterMove !== undefined) for (const lens of tail) afterMove(lens);
  }
  return new Placing(model, maker).join(old, lo, out, hi, newEnd - oldEnd, offsetDelta, lineDelta, tail).done();
}

/** The lists of a new placement, filled in document order. */
class Placing<L extends PlacedLens> {
  lenses: L[] = [];
  index: number[] = [];
  starts: number[] = [];
  lines: number[] = [];

  constructor(
    private readonly model: KustoDocumentModel,
    private readonly maker: LensMaker<L>,
  ) {}

  push(lens: L, index: number, start: number, line: number): void {
    this.lenses.push(lens);
    this.index.push(index);
    this.starts.push(start);
    this.lines.push(line);
  }

  /** New lenses for the blocks from `from` to `to`. */
  makeFrom(from: number, to: number): void {
    const { model, maker } = this;
    const blocks = model.blocks;
    const starts = model.blockStarts;
    const lines = model.blockLines;
    for (let i = from; i < to; i++) {
      if (blocks[i].analysis === undefined) continue;
      const c = model.commandOfIndex(i);
      if (c === undefined || !maker.wants(c)) continue;
      for (const lens of maker.make(c, blocks[i])) this.push(lens, i, starts[i], lines[i]);
    }
  }

  /**
   * The lenses of `old` before `lo`, those of `middle`, then `tail` (in place of those of `old` from `hi`, whose
   * blocks moved by `shift` places, `offsetDelta` characters and `lineDelta` lines).
   */
  join(
    old: PlacedLenses<L>,
    lo: number,
    middle: Placing<L>,
    hi: number,
    shift: number,
    offsetDelta: number,
    lineDelta: number,
    tail: readonly L[],
  ): this {
    this.lenses = old.lenses.slice(0, lo).concat(middle.lenses, tail);
    this.index = joined(old.index, lo, middle.index, hi, shift);
    this.starts = joined(old.starts, lo, middle.starts, hi, offsetDelta);
    this.lines = joined(old.lines, lo, middle.lines, hi, lineDelta);
    return this;
  }

  done(): PlacedLenses<L> {
    const { model, lenses, index, starts, lines } = this;
    return { model, revision: model.revision, lenses, index, starts, lines };
  }
}

/** `list` before `lo`, then `middle`, then `list` from `hi` with `by` added to each. */
function joined(list: readonly number[], lo: number, middle: readonly number[], hi: number, by: number): number[] {
  const out = list.slice(0, lo).concat(middle, list.slice(hi));
  if (by !== 0) for (let j = lo + middle.length; j < out.length; j++) out[j] += by;
  return out;
}
