// Lenses kept from one keystroke to the next: VS Code asks for every lens of the document after each edit, and only
// the blocks the edit changed get new lens objects (see keptItems).
import type * as vscode from 'vscode';
import { keepItems, type KeptItems } from '../../core/editor/keptItems';
import type { EditorCommand } from '../../core/editor/lenses';
import type { KustoDocumentModel } from '../../core/editor/model';
import type { BlockEntry } from '../../core/scanner';

/** A lens placed above a command; resolving it asks the model for the block's command as it is then. */
export interface PlacedLens extends vscode.CodeLens {
  readonly block: BlockEntry;
}

/** What a provider gave for one document last time: `items` in document order, never changed once given. */
export type PlacedLenses<L extends PlacedLens> = KeptItems<L>;

/** How a provider makes its lenses. */
export interface LensMaker<L extends PlacedLens> {
  /** Whether a command gets lenses at all. */
  readonly wants: (c: EditorCommand) => boolean;
  /** The lenses of a command, unresolved. */
  readonly make: (c: EditorCommand, block: BlockEntry) => readonly L[];
  /** A lens like `lens` (unresolved), `lines` lines further: without it, moved lenses are made again. */
  readonly moveLines?: (lens: L, lines: number) => L;
}

/**
 * The lenses of every command `maker.wants`, in document order. A block that did not change keeps its lens objects
 * (resolved or not: a lens holds no offset, and its command is found from its block); any other gets `maker.make`'s.
 */
export function placeLenses<L extends PlacedLens>(
  model: KustoDocumentModel,
  previous: PlacedLenses<L> | undefined,
  maker: LensMaker<L>,
): PlacedLenses<L> {
  return keepItems(model, previous, {
    mayHave: (m, i) => m.blocks[i].analysis !== undefined,
    make: (i, out) => {
      const c = model.commandOfIndex(i);
      if (c !== undefined && maker.wants(c)) for (const lens of maker.make(c, model.blocks[i])) out.push(lens);
    },
    moveLines: maker.moveLines,
  });
}
