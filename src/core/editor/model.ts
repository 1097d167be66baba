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
    this.scanner.setCluster(cluster);
    this.cached = undefined;
    this.cachedLayout = undefined;
  }

  analysis(): DocumentAnalysis {
    this.cached ??= this.group();
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

  /** Every block (comment-only ones too), where each starts and its line: folding reads them. */
  get blocks(): { readonly blocks: readonly BlockEntry[]; readonly lines: readonly number[] } {
    return { blocks: this.scanner.blocks, lines: this.scanner.blockLines };
  }

  /** One command per block with a command, holding its block's diagnostics (both in document order). */
  private group(): DocumentAnalysis {
    const blocks = this.scanner.blocks;
    const starts = this.scanner.blockStarts;
    const commands: EditorCommand[] = [];
    const diagnostics: Diagnostic[] = [];
    for (let i = 0; i < blocks.length; i++) {
      const first = diagnostics.length;
      this.scanner.appendDiagnostics(i, diagnostics);
      const a = blocks[i].analysis;
      if (a !== undefined)
        commands.push(
          new Command(
            starts[i],
            blocks[i].text.length,
            a,
            first === diagnostics.length ? NONE : diagnostics.slice(first),
          ),
        );
    }
    return { commands, diagnostics };
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
