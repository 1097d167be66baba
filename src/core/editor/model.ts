// One open .kql document as the editor features see it: the scanner's blocks, kept up to date edit by edit, and each
// block's command (with its diagnostics) made when asked. The rules themselves live in src/core/scanner and policy.
import { diagnostic } from '../policy/make';
import type { ClusterIdentities, Diagnostic } from '../policy/types';
import { BlockEntry, DocumentScanner, type BlockChanges, type CommandAnalysis } from '../scanner';
import type { EditorCommand } from './lenses';

export interface DocumentAnalysis {
  readonly commands: readonly EditorCommand[];
  /** Every diagnostic, document offsets, sorted by offset. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Where each command of `analysis().commands` sits, for editor features that keep results from one edit to the
 * next: its block (the same object while the block's text is unchanged, wherever it moved) and the block's line.
 */
export interface CommandLayout {
  readonly blocks: readonly BlockEntry[];
  readonly lines: readonly number[];
}

export class KustoDocumentModel {
  private readonly scanner: DocumentScanner;
  private cached: DocumentAnalysis | undefined;
  private cachedLayout: CommandLayout | undefined;
  /** Each block's command as last made: kept while the block is the same object at the same offset. */
  private readonly commands = new WeakMap<BlockEntry, Command>();
  private readonly unclosed = new WeakMap<BlockEntry, { readonly command: Command; readonly last: boolean }>();

  constructor(text: string, cluster?: ClusterIdentities) {
    this.scanner = new DocumentScanner(text, { cluster });
  }

  /** The whole text (built on demand: an edit does not build it). */
  get text(): string {
    return this.scanner.text;
  }

  get length(): number {
    return this.scanner.length;
  }

  /** `length` characters from `offset`, without building the whole text when one block holds them. */
  slice(offset: number, length: number): string {
    return this.scanner.slice(offset, length);
  }

  /** An edit as the editor reports it: offset and length in the text before the edit. */
  applyEdit(offset: number, removedLength: number, insertedText: string): void {
    this.scanner.applyEdit(offset, removedLength, insertedText);
    this.cached = undefined;
    this.cachedLayout = undefined;
  }

  setCluster(cluster: ClusterIdentities | undefined): void {
    // Everything is read again: every block is a new object, and `changesSince` tells nothing from before.
    this.scanner.setCluster(cluster);
    this.cached = undefined;
    this.cachedLayout = undefined;
  }

  /** Every command and every diagnostic of the document: built whole when asked (an edit never builds it). */
  analysis(): DocumentAnalysis {
    if (this.cached === undefined) {
      const blocks = this.scanner.blocks;
      const commands: EditorCommand[] = [];
      const diagnostics: Diagnostic[] = [];
      for (let i = 0; i < blocks.length; i++) {
        const c = this.commandOfIndex(i);
        if (c === undefined) this.scanner.appendDiagnostics(i, diagnostics);
        else {
          commands.push(c);
          for (const d of c.diagnostics) diagnostics.push(d);
        }
      }
      this.cached = { commands, diagnostics };
    }
    return this.cached;
  }

  /** The block and line of each command of `analysis()`, in the same order. */
  layout(): CommandLayout {
    if (this.cachedLayout === undefined) {
      const blocks: BlockEntry[] = [];
      const lines: number[] = [];
      const all = this.scanner.blocks;
      const allLines = this.scanner.blockLines;
      for (let i = 0; i < all.length; i++) {
        if (all[i].analysis === undefined) continue;
        blocks.push(all[i]);
        lines.push(allLines[i]);
      }
      this.cachedLayout = { blocks, lines };
    }
    return this.cachedLayout;
  }

  /** Changes with every edit: a mark for `changesSince`. */
  get revision(): number {
    return this.scanner.revision;
  }

  /** What changed among the blocks since `revision` (see DocumentScanner.changesSince). */
  changesSince(revision: number): BlockChanges | undefined {
    return this.scanner.changesSince(revision);
  }

  /** Every block (comment-only ones too), in document order: the same array from one edit to the next. */
  get blocks(): readonly BlockEntry[] {
    return this.scanner.blocks;
  }

  /** Where each block starts. */
  get blockStarts(): readonly number[] {
    return this.scanner.blockStarts;
  }

  /** The line of each block's first character. */
  get blockLines(): readonly number[] {
    return this.scanner.blockLines;
  }

  /**
   * The command of block `i` (undefined for a block of comments only), with document offsets and its diagnostics.
   * Made when first asked and kept while the block stays where it is: an edit elsewhere costs nothing here.
   */
  commandOfIndex(i: number): EditorCommand | undefined {
    const block = this.scanner.blocks[i];
    const a = block?.analysis;
    if (a === undefined) return undefined;
    const start = this.scanner.blockStarts[i];
    if (block.unterminatedAt === undefined) {
      const kept = this.commands.get(block);
      if (kept !== undefined && kept.blockStart === start) return kept;
      const made = this.make(i, start, a);
      this.commands.set(block, made);
      return made;
    }
    // An unclosed literal's diagnostic depends on whether a block follows: such a (rare) command is kept apart.
    const last = i + 1 === this.scanner.blocks.length;
    const kept = this.unclosed.get(block);
    if (kept !== undefined && kept.command.blockStart === start && kept.last === last) return kept.command;
    const made = this.make(i, start, a);
    this.unclosed.set(block, { command: made, last });
    return made;
  }

  private make(i: number, start: number, a: CommandAnalysis): Command {
    const diagnostics: Diagnostic[] = [];
    this.scanner.appendDiagnostics(i, diagnostics);
    return new Command(start, this.scanner.blocks[i].text.length, a, diagnostics.length === 0 ? NONE : diagnostics);
  }

  /** Whether block `i` has diagnostics (without making its command). */
  hasDiagnostics(i: number): boolean {
    const block = this.scanner.blocks[i];
    return (
      block.unterminatedAt !== undefined || (block.analysis !== undefined && block.analysis.diagnostics.length > 0)
    );
  }

  /** The diagnostics of block `i`, document offsets, in text order (a block of comments only may have some too). */
  diagnosticsOf(i: number): readonly Diagnostic[] {
    const c = this.commandOfIndex(i);
    if (c !== undefined) return c.diagnostics;
    const out: Diagnostic[] = [];
    this.scanner.appendDiagnostics(i, out);
    return out;
  }

  /** The command of `block` now (found near `line`, a line at or after the block's first), if the block is still there. */
  commandOfBlock(block: BlockEntry, line: number): EditorCommand | undefined {
    const blocks = this.scanner.blocks;
    const lines = this.scanner.blockLines;
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    const i = blocks[lo] === block ? lo : blocks.indexOf(block);
    return i < 0 ? undefined : this.commandOfIndex(i);
  }

  /** The command whose block holds `offset` (its end included), if any. */
  commandAt(offset: number): EditorCommand | undefined {
    const i = this.scanner.blockIndexAt(offset);
    if (i < 0) return undefined;
    const c = this.commandOfIndex(i);
    return c !== undefined && offset <= c.end ? c : undefined;
  }

  /** The diagnostics that may touch `length` characters from `offset` (a superset: those of the blocks there). */
  diagnosticsNear(offset: number, length: number): Diagnostic[] {
    const out: Diagnostic[] = [];
    const starts = this.scanner.blockStarts;
    for (let i = Math.max(this.scanner.blockIndexAt(offset), 0); i < starts.length && starts[i] <= offset + length; i++)
      for (const d of this.diagnosticsOf(i)) out.push(d);
    return out;
  }
}

const NONE: readonly Diagnostic[] = Object.freeze([]);

/** The one diagnostic of a document whose check failed with `e`: it says why, so it is never shown as clean. */
export function uncheckedDocument(e: unknown): Diagnostic {
  const why = e instanceof Error ? e.message : String(e);
  return diagnostic('KQL000', 0, 0, `This document could not be checked (${why}): nothing in it was checked.`);
}

/** One class, so the thousands of commands of a big document share one object shape. */
class Command implements EditorCommand {
  readonly kind: string;
  readonly blockStart: number;
  readonly start: number;
  readonly end: number;
  readonly scope: EditorCommand['scope'];
  readonly database: string | undefined;
  readonly policyName: string | undefined;
  readonly payload: EditorCommand['payload'];

  constructor(
    s: number,
    length: number,
    a: CommandAnalysis,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    this.kind = a.kind;
    this.blockStart = s;
    this.start = s + a.commandStart;
    this.end = s + length;
    this.scope = a.scope;
    this.database = a.database;
    this.policyName = a.policyName;
    this.payload = a.payload && { start: s + a.payload.start, end: s + a.payload.end, value: a.payload.value };
  }
}
