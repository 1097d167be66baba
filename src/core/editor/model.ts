// One open .kql document as the editor features see it: the scanner's commands and diagnostics, kept up to date
// edit by edit, and grouped per command for the lenses. The rules themselves live in src/core/scanner and policy.
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
    let lo = 0, hi = commands.length - 1;
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

/** Hands each diagnostic to the command whose block holds it (both lists are in document order). */
function group(
  scanned: readonly { start: number; end: number; commandStart: number; kind: string; scope?: EditorCommand['scope']; database?: string;
    policyName?: string; payload?: EditorCommand['payload'] }[],
  diagnostics: readonly Diagnostic[],
): DocumentAnalysis {
  // The scanner reports block by block, nearly always already in order: sort only when needed.
  const inOrder = diagnostics.every((d, i) => i === 0 || diagnostics[i - 1].offset <= d.offset);
  const sorted = inOrder ? diagnostics : [...diagnostics].sort((a, b) => a.offset - b.offset);
  const commands: EditorCommand[] = [];
  let d = 0;
  for (const c of scanned) {
    while (d < sorted.length && sorted[d].offset < c.start) d++;
    const mine: Diagnostic[] = [];
    for (let k = d; k < sorted.length && sorted[k].offset <= c.end; k++) mine.push(sorted[k]);
    commands.push({
      kind: c.kind, blockStart: c.start, start: c.commandStart, end: c.end, scope: c.scope, database: c.database,
      policyName: c.policyName, payload: c.payload, diagnostics: mine,
    });
  }
  return { commands, diagnostics: sorted };
}
