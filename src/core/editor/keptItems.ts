// What an editor feature made for each block of a document (lenses, diagnostics), kept from one edit to the next:
// VS Code asks for the whole document's after each keystroke, and only the blocks the edits changed get new items.
// Those after the edits keep theirs, or, when the edits added or removed lines, get them moved by as many lines; the
// whole document is never read again for it.
import { firstAtLeast, replaceRange } from '../lists';
import type { BlockEntry } from '../scanner';
import type { KustoDocumentModel } from './model';

/** What a feature made for one document last time, in document order. */
export interface KeptItems<T> {
  readonly model: KustoDocumentModel;
  /** The model's revision then. */
  readonly revision: number;
  /**
   * Never changed once made: an update makes new lists. (VS Code keeps the array a provider gave and resolves a lens
   * from it by its index, even after the next keystroke asked for new ones.)
   */
  readonly items: T[];
  /** For each item, its block and the block's index then. */
  readonly blocks: readonly BlockEntry[];
  readonly index: readonly number[];
}

/** How a feature makes its items. */
export interface ItemMaker<T> {
  /** Whether block `i` may have items at all (a cheap test that spares `make` most blocks). */
  readonly mayHave: (model: KustoDocumentModel, i: number) => boolean;
  /** Appends the items of block `i`. */
  readonly make: (i: number, out: T[]) => void;
  /** An item like `item`, `lines` lines further: without it, the items of blocks that moved are made again. */
  readonly moveLines?: (item: T, lines: number) => T;
}

// How far to look ahead among the old items of the changed blocks for those of a block that is still there.
const LOOK_AHEAD = 32;

/** The items of every block of `model`, made again only for the blocks the edits since `previous` changed. */
export function keepItems<T>(
  model: KustoDocumentModel,
  previous: KeptItems<T> | undefined,
  maker: ItemMaker<T>,
): KeptItems<T> {
  const changes =
    previous !== undefined && previous.model === model ? model.changesSince(previous.revision) : undefined;
  const blocks = model.blocks;
  // The new items: of every block, or of the blocks the edits changed.
  const made = new Making(model, maker);
  if (previous === undefined || changes === undefined) {
    made.makeFrom(0, blocks.length);
    return made.done(model);
  }
  const { from, oldEnd, newEnd, offsetDelta, lineDelta } = changes;
  if (from === oldEnd && from === newEnd && offsetDelta === 0 && lineDelta === 0) return previous;
  const old = previous;
  const lo = firstAtLeast(old.index, from);
  const hi = firstAtLeast(old.index, oldEnd);
  // After one edit, a changed block that is the same object as before (nearly always the one before the edit, read
  // again) is where it was: it keeps its items. After more, it may have moved in between: all are made again. (An
  // unclosed literal's message depends on what follows the block: such a block's items are always made again.)
  const oneEdit = model.revision === old.revision + 1;
  let k = lo;
  for (let i = from; i < newEnd; i++) {
    const block = blocks[i];
    if (!maker.mayHave(model, i)) continue;
    let found = k;
    const end = oneEdit && block.unterminatedAt === undefined ? Math.min(hi, k + LOOK_AHEAD) : k;
    while (found < end && old.blocks[found] !== block) found++;
    if (found < end) {
      for (k = found; k < hi && old.blocks[k] === block; k++) made.push(old.items[k], i);
    } else made.makeFrom(i, i + 1);
  }
  // The blocks after the edits: the same objects, moved. Without a way to move items to other lines, new ones.
  if (lineDelta !== 0 && maker.moveLines === undefined) {
    made.makeFrom(newEnd, blocks.length);
    return made.after(old, lo, old.items.length, [], 0).done(model);
  }
  let tail: T[] | undefined;
  if (lineDelta !== 0) {
    const move = maker.moveLines as (item: T, lines: number) => T;
    tail = new Array<T>(old.items.length - hi);
    for (let j = hi; j < old.items.length; j++) tail[j - hi] = move(old.items[j], lineDelta);
  }
  return made.after(old, lo, hi, tail, newEnd - oldEnd).done(model);
}

/** The lists of an update, filled in document order. */
class Making<T> {
  items: T[] = [];
  blocks: BlockEntry[] = [];
  index: number[] = [];
  private readonly out: T[] = [];

  constructor(
    private readonly model: KustoDocumentModel,
    private readonly maker: ItemMaker<T>,
  ) {}

  push(item: T, i: number): void {
    this.items.push(item);
    this.blocks.push(this.model.blocks[i]);
    this.index.push(i);
  }

  /** New items for the blocks from `from` to `to`. */
  makeFrom(from: number, to: number): void {
    const { model, maker, out } = this;
    for (let i = from; i < to; i++) {
      if (!maker.mayHave(model, i)) continue;
      maker.make(i, out);
      for (const item of out) this.push(item, i);
      out.length = 0;
    }
  }

  /**
   * Puts the items of `old` before `lo` first, then `tail` (by default the items of `old` from `hi`, as they are) last,
   * in place of the items of `old` from `hi`, whose blocks moved by `shift` places.
   */
  after(old: KeptItems<T>, lo: number, hi: number, tail: T[] | undefined, shift: number): this {
    this.items =
      tail === undefined ? replaced(old.items, lo, hi, this.items) : old.items.slice(0, lo).concat(this.items, tail);
    this.blocks = replaced(old.blocks, lo, hi, this.blocks);
    const index = replaced(old.index, lo, hi, this.index);
    if (shift !== 0) for (let j = lo + this.index.length; j < index.length; j++) index[j] += shift;
    this.index = index;
    return this;
  }

  done(model: KustoDocumentModel): KeptItems<T> {
    const { items, blocks, index } = this;
    return { model, revision: model.revision, items, blocks, index };
  }
}

/** A copy of `list` with `middle` in place of its items from `lo` to `hi`. */
function replaced<T>(list: readonly T[], lo: number, hi: number, middle: readonly T[]): T[] {
  const out = list.slice();
  replaceRange(out, lo, hi - lo, middle);
  return out;
}
