// One open .kql document as the editor features see it: the scanner's commands and diagnostics, kept up to date
// edit by edit, and grouped per command for the lenses. The rules themselves live in src/core/scanner and policy.
import { diagnostic } from '../policy/make';
import type { ClusterIdentities, Diagnostic } from '../policy/types';
import { DocumentScanner } from '../scanner';
import type { EditorCommand } from './lenses';

export interface DocumentAnalysis {
  readonly commands: readonly EditorCommand[];
  /** Every diagnostic, document offsets, sorted by offset. */
  readonly diagnostics: readonly Diagnostic[];
}

export class KustoDocumentModel {
  private readonly scanner: DocumentScanner;
  private cached: DocumentAnalysis | undefined;

  constructor(text: string, cluster?: ClusterIdentities) {
    this.scanner = new DocumentScanner(text, { cluster });
  }

  get text(): string {
    return this.scanner.text;
  }

  /** An edit as the editor reports it: offset and length in the text before the edit. */
  applyEdit(offset: number, removedLength: number, insertedText: string): void {
    this.scanner.applyEdit(offset, removedLength, insertedText);
    this.cached = undefined;
  }

  setCluster(cluster: ClusterIdentities | undefined): void {
    this.scanner.setCluster(cluster);
    this.cached = undefined;
  }

  analysis(): DocumentAnalysis {
    this.cached ??= group(this.scanner.commands(), this.scanner.diagnostics());
    return this.cached;
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

type Scanned = ReturnType<DocumentScanner['commands']>[number];

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
    c: Scanned,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    this.kind = c.kind;
    this.blockStart = c.start;
    this.start = c.commandStart;
    this.end = c.end;
    this.scope = c.scope;
    this.database = c.database;
    this.policyName = c.policyName;
    this.payload = c.payload;
  }
}

/** Hands each diagnostic to the command whose block holds it (both lists are in document order). */
function group(scanned: readonly Scanned[], diagnostics: readonly Diagnostic[]): DocumentAnalysis {
  // The scanner reports block by block, nearly always already in order: sort only when needed.
  let inOrder = true;
  for (let i = 1; i < diagnostics.length && inOrder; i++) inOrder = diagnostics[i - 1].offset <= diagnostics[i].offset;
  const sorted = inOrder ? diagnostics : [...diagnostics].sort((a, b) => a.offset - b.offset);
  const commands: EditorCommand[] = new Array(scanned.length);
  let d = 0;
  for (let i = 0; i < scanned.length; i++) {
    const c = scanned[i];
    while (d < sorted.length && sorted[d].offset < c.start) d++;
    let k = d;
    while (k < sorted.length && sorted[k].offset <= c.end) k++;
    commands[i] = new Command(c, k === d ? NONE : sorted.slice(d, k));
  }
  return { commands, diagnostics: sorted };
}
