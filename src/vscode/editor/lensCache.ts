// Lenses kept from one keystroke to the next: VS Code asks for every lens of the document after each edit, and a
// block the edit did not touch (the same block object, while no edit moved lines) keeps its lens objects.
import type * as vscode from 'vscode';
import type { EditorCommand } from '../../core/editor/lenses';
import type { KustoDocumentModel } from '../../core/editor/model';
import type { BlockEntry } from '../../core/scanner';

/** A lens placed above a command; resolving it asks the model for the block's command as it is then. */
export interface PlacedLens extends vscode.CodeLens {
  readonly block: BlockEntry;
}

/** What a provider gave for one document last time: its lenses, and the block of each (same length). */
export interface PlacedLenses<L extends PlacedLens> {
  readonly model: KustoDocumentModel;
  readonly epoch: number;
  /** The model's edit count then. */
  readonly mark: number;
  readonly lenses: readonly L[];
  readonly blocks: readonly BlockEntry[];
}

// How far to look ahead among the previous lenses when the one in line is not the block's (blocks removed).
const LOOK_AHEAD = 32;

/**
 * The lenses of every command `wants`, in document order: a block seen last time keeps its lenses (without
 * touching them, but for `afterChange` on those an edit moved to other offsets), any other gets `make`'s.
 */
export function placeLenses<L extends PlacedLens>(
  model: KustoDocumentModel,
  previous: PlacedLenses<L> | undefined,
  wants: (c: EditorCommand) => boolean,
  make: (c: EditorCommand, block: BlockEntry) => readonly L[],
  afterChange?: (lens: L) => void,
): PlacedLenses<L> {
  const { commands } = model.analysis();
  const { blocks } = model.layout();
  const epoch = model.layoutEpoch;
  const same = previous !== undefined && previous.model === model && previous.epoch === epoch;
  const oldBlocks = same ? previous.blocks : [];
  const oldLenses = same ? previous.lenses : [];
  // Lenses of blocks from here on moved (to other offsets, on the same lines): `afterChange` updates them.
  const moved = same ? model.movedFrom(previous.mark) : 0;
  const lenses: L[] = [];
  const lensBlocks: BlockEntry[] = [];
  let j = 0;
  for (let i = 0; i < commands.length; i++) {
    const block = blocks[i];
    let k = j;
    if (k >= oldBlocks.length || oldBlocks[k] !== block) {
      const c = commands[i];
      if (!wants(c)) continue;
      // Not in line: a block seen a little further on (blocks before it were removed), or a new one.
      const end = Math.min(j + LOOK_AHEAD, oldBlocks.length);
      while (k < end && oldBlocks[k] !== block) k++;
      if (k >= end) {
        for (const lens of make(c, block)) {
          lenses.push(lens);
          lensBlocks.push(block);
        }
        continue;
      }
    }
    const update = afterChange !== undefined && commands[i].blockStart >= moved;
    for (j = k; j < oldBlocks.length && oldBlocks[j] === block; j++) {
      if (update) afterChange(oldLenses[j]);
      lenses.push(oldLenses[j]);
      lensBlocks.push(block);
    }
  }
  return { model, epoch, mark: model.editCount, lenses, blocks: lensBlocks };
}
