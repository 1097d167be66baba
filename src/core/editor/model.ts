// One open .kql document as the editor features see it: the scanner's commands and diagnostics, kept up to date
// edit by edit, and grouped per command for the lenses. The rules themselves live in src/core/scanner and policy.
import { diagnostic } from '../policy/make';
import type { ClusterIdentities, Diagnostic } from '../policy/types';
import { BlockEntry, DocumentScanner, type CommandAnalysis } from '../scanner';
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
  private edits = 0;
  /** Offsets of the last edits that moved the text after them. */
  private readonly shifts: { readonly edit: number; readonly offset: number }[] = [];
  /** The last edit no longer in `shifts`. */
  private forgotten = 0;
  /** The last analysis, kept across edits: the part before the first changed block is taken from it. */
  private previous: { readonly analysis: DocumentAnalysis; readonly layout: CommandLayout } | undefined;

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
    this.edits++;
    if (insertedText.length !== removedLength) {
      this.shifts.push({ edit: this.edits, offset });
      if (this.shifts.length > MAX_SHIFTS) this.forgotten = this.shifts.shift()?.edit ?? this.forgotten;
    }
    this.cached = undefined;
    this.cachedLayout = undefined;
  }

  setCluster(cluster: ClusterIdentities | undefined): void {
    this.scanner.setCluster(cluster);
    // Everything was read again: nothing kept from before can be trusted to be where it was.
    this.edits++;
    this.forgotten = this.edits;
    this.cached = undefined;
    this.cachedLayout = undefined;
  }

  analysis(): DocumentAnalysis {
    if (this.cached === undefined) this.group();
    return this.cached as DocumentAnalysis;
  }

  /** The block and line of each command of `analysis()`, in the same order. */
  layout(): CommandLayout {
    if (this.cachedLayout === undefined) this.group();
    return this.cachedLayout as CommandLayout;
  }

  /** How many edits the model took: a mark for `movedFrom`. */
  get editCount(): number {
    return this.edits;
  }

  /**
   * The lowest offset from which text moved (an edit of another length) in the edits after `mark` (an `editCount`):
   * what is before it kept its offsets. 0 when that is no longer known, Infinity when nothing moved.
   */
  movedFrom(mark: number): number {
    if (mark < this.forgotten) return 0;
    let from = Infinity;
    for (let i = this.shifts.length - 1; i >= 0 && this.shifts[i].edit > mark; i--)
      from = Math.min(from, this.shifts[i].offset);
    return from;
  }

  /** See DocumentScanner.layoutEpoch. */
  get layoutEpoch(): number {
    return this.scanner.layoutEpoch;
  }

  /** The command of `block` now (found near `line`, a line at or after the block's first), if the block is still there. */
  commandOfBlock(block: BlockEntry, line: number): EditorCommand | undefined {
    const { blocks, lines } = this.layout();
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    const i = blocks[lo] === block ? lo : blocks.indexOf(block);
    return i < 0 ? undefined : this.analysis().commands[i];
  }

  /** Every block (comment-only ones too), where each starts and its line: folding reads them. */
  get blocks(): { readonly blocks: readonly BlockEntry[]; readonly lines: readonly number[] } {
    return { blocks: this.scanner.blocks, lines: this.scanner.blockLines };
  }

  /**
   * One command per block with a command, holding its block's diagnostics (both in document order), and the layout.
   * What the blocks before the first one an edit changed gave last time is kept as it is (same offsets, same objects).
   */
  private group(): void {
    const blocks = this.scanner.blocks;
    const starts = this.scanner.blockStarts;
    const lines = this.scanner.blockLines;
    const from = Math.min(this.scanner.takeChangedFrom(), blocks.length);
    const before = this.previous;
    let commands: EditorCommand[] = [];
    let diagnostics: Diagnostic[] = [];
    let layoutBlocks: BlockEntry[] = [];
    let layoutLines: number[] = [];
    if (before !== undefined && from > 0) {
      const lastStart = starts[from - 1];
      const lastEnd = lastStart + blocks[from - 1].text.length;
      const k = countUpTo(before.analysis.commands, (c) => c.blockStart <= lastStart);
      commands = before.analysis.commands.slice(0, k);
      diagnostics = before.analysis.diagnostics.slice(
        0,
        countUpTo(before.analysis.diagnostics, (d) => d.offset <= lastEnd),
      );
      layoutBlocks = before.layout.blocks.slice(0, k);
      layoutLines = before.layout.lines.slice(0, k);
    }
    for (let i = before === undefined ? 0 : from; i < blocks.length; i++) {
      const first = diagnostics.length;
      this.scanner.appendDiagnostics(i, diagnostics);
      const a = blocks[i].analysis;
      if (a === undefined) continue;
      commands.push(
        new Command(
          starts[i],
          blocks[i].text.length,
          a,
          first === diagnostics.length ? NONE : diagnostics.slice(first),
        ),
      );
      layoutBlocks.push(blocks[i]);
      layoutLines.push(lines[i]);
    }
    this.cached = { commands, diagnostics };
    this.cachedLayout = { blocks: layoutBlocks, lines: layoutLines };
    this.previous = { analysis: this.cached, layout: this.cachedLayout };
  }

  /** The command whose block holds `offset`, if any. */
  commandAt(offset: number): EditorCommand | undefined {
    const commands = this.analysis().commands;
    let lo = 0,
      hi = commands.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = commands[mid];
      if (offset < c.blockStart) hi = mid - 1;
      else if (offset > c.end) lo = mid + 1;
      else return c;
    }
    return undefined;
  }
}

const NONE: readonly Diagnostic[] = Object.freeze([]);
const MAX_SHIFTS = 64;

/** How many items from the start of a list hold `inside` (the list is ordered so that they come first). */
function countUpTo<T>(items: readonly T[], inside: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (inside(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The diagnostics `check` gives, or, when it throws, one KQL000 saying why: a document is never shown as clean by mistake. */
export function diagnosticsOrReason(check: () => readonly Diagnostic[]): readonly Diagnostic[] {
  try {
    return check();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return [diagnostic('KQL000', 0, 0, `This document could not be checked (${why}): nothing in it was checked.`)];
  }
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
