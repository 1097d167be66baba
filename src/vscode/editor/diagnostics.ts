// Publishes the scanner's diagnostics (the same rules as `adx-identity lint`) for .kql documents:
// at once on open, debounced while typing.
import * as vscode from 'vscode';
import { diagnosticsOrReason } from '../../core/editor/model';
import type { Diagnostic, Severity } from '../../core/policy/types';
import { KustoDocuments, toRange } from './documents';
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
  private readonly timers = new Map<string, NodeJS.Timeout>();
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
        this.collection.delete(d.uri);
      }),
    ];
    for (const d of vscode.workspace.textDocuments) this.publish(d);
  }

  private schedule(document: vscode.TextDocument): void {
    this.cancel(document);
    this.timers.set(
      document.uri.toString(),
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
    this.timers.delete(document.uri.toString());
    try {
      const found = diagnosticsOrReason(() => this.documents.get(document).analysis().diagnostics);
      this.collection.set(
        document.uri,
        found.map((d) => toVscodeDiagnostic(document, d)),
      );
      if (found.length === 1 && found[0].code === 'KQL000') this.onError(new Error(found[0].message));
    } catch (e) {
      this.onError(e);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}
