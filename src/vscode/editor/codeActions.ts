// Quick fixes the validator is certain about, plus `.alter` -> `.alter-merge` on managed identity policy commands.
import * as vscode from 'vscode';
import { codeActionsAt } from '../../core/editor/codeActions';
import { DIAGNOSTIC_SOURCE, toVscodeDiagnostic } from './diagnostics';
import { KustoDocuments, toRange } from './documents';
import { codeOf } from './ruleDocs';

export class KustoCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
  };

  constructor(private readonly documents: KustoDocuments) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const start = document.offsetAt(range.start);
    const found = codeActionsAt(this.documents.get(document), start, document.offsetAt(range.end) - start);
    return found
      .filter((a) => context.only === undefined || context.only.contains(kindOf(a.kind)))
      .map((a) => {
        const action = new vscode.CodeAction(a.title, kindOf(a.kind));
        action.edit = new vscode.WorkspaceEdit();
        for (const e of a.edits) action.edit.replace(document.uri, toRange(document, e.offset, e.length), e.newText);
        action.isPreferred = a.preferred;
        if (a.diagnostic)
          action.diagnostics = [matching(context, a.diagnostic.code) ?? toVscodeDiagnostic(document, a.diagnostic)];
        return action;
      });
  }
}

function kindOf(kind: 'quickfix' | 'refactor.rewrite'): vscode.CodeActionKind {
  return kind === 'quickfix' ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite;
}

/** The editor's own diagnostic object, so the problem disappears from the list once fixed. */
function matching(context: vscode.CodeActionContext, code: string): vscode.Diagnostic | undefined {
  return context.diagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === code);
}
