// Publishes the scanner's diagnostics (the same rules as `adx-identity lint`) for .kql documents:
// at once on open, debounced while typing.
import * as vscode from 'vscode';
import { keepItems, type KeptItems } from '../../core/editor/keptItems';
import { uncheckedDocument } from '../../core/editor/model';
import type { Diagnostic, Severity } from '../../core/policy/types';
import { KustoDocuments, moveLines, toRange } from './documents';
import { ruleCode } from './ruleDocs';

export const DIAGNOSTIC_SOURCE = 'adx-identity';
const DEBOUNCE_MS = 200;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toVscodeDiagnostic(document: vscode.TextDocument, d: Diagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(document, d.offset, d.length), d.message, SEVERITY[d.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = ruleCode(d.code);
  return diagnostic;
}

export class KustoDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('adx-identity');
  /** One debounce timer per document, kept once it fired: each keystroke starts it again. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Last time's diagnostics per document: an edit converts again only those of the blocks it changed. */
  private readonly published = new WeakMap<vscode.TextDocument, KeptItems<vscode.Diagnostic>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly documents: KustoDocuments,
    private readonly onError: (e: unknown) => void,
  ) {
    this.subscriptions = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.publish(d)),
      documents.onDidChange((d) => this.schedule(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d);
        this.published.delete(d);
        this.collection.delete(d.uri);
      }),
    ];
    for (const d of vscode.workspace.textDocuments) this.publish(d);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.timers.get(key);
    // Pending or not, the timer starts its wait again (no new timer for each keystroke).
    if (timer !== undefined) timer.refresh();
    else
      this.timers.set(
        key,
        setTimeout(() => this.publish(document), DEBOUNCE_MS),
      );
  }

  private cancel(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private publish(document: vscode.TextDocument): void {
    if (document.languageId !== 'kusto' || document.isClosed) return;
    try {
      let diagnostics: vscode.Diagnostic[];
      try {
        const model = this.documents.get(document);
        const now = keepItems(model, this.published.get(document), {
          mayHave: (m, i) => m.hasDiagnostics(i),
          make: (i, out) => {
            for (const d of model.diagnosticsOf(i)) out.push(toVscodeDiagnostic(document, d));
          },
          moveLines: moved,
        });
        this.published.set(document, now);
        diagnostics = now.items;
      } catch (e) {
        // A document is never shown as clean by mistake: one diagnostic says why it was not checked.
        this.published.delete(document);
        const reason = uncheckedDocument(e);
        diagnostics = [toVscodeDiagnostic(document, reason)];
        this.onError(new Error(reason.message));
      }
      this.collection.set(document.uri, diagnostics);
    } catch (e) {
      this.onError(e);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}

/** A copy of `d`, `lines` lines further. */
function moved(d: vscode.Diagnostic, lines: number): vscode.Diagnostic {
  const copy = new vscode.Diagnostic(moveLines(d.range, lines), d.message, d.severity);
  copy.source = d.source;
  copy.code = d.code;
  return copy;
}
