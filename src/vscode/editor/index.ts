// Registers the .kql editor features: diagnostics (and, opted in, the official parser's), quick fixes, validation lenses
// and folding.
import * as vscode from 'vscode';
import { KustoCodeActionProvider } from './codeActions';
import { PolicyCodeLensProvider, REVEAL_PROBLEM_COMMAND, revealProblem } from './codeLens';
import { KustoDiagnostics } from './diagnostics';
import { KUSTO_SELECTOR, KustoDocuments } from './documents';
import { KustoFoldingProvider } from './folding';
import { OfficialParserDiagnostics } from './officialParser';
import { setRuleDocs } from './ruleDocs';
import { registerCommands } from '../commands/registry';

export function registerKustoEditor(
  log: vscode.LogOutputChannel,
  documents: KustoDocuments,
  extensionUri: vscode.Uri,
): vscode.Disposable[] {
  setRuleDocs(extensionUri);
  return [
    documents,
    new KustoDiagnostics(documents, (e) => log.error('checking a .kql document failed', e)),
    new OfficialParserDiagnostics(documents, extensionUri, log),
    vscode.languages.registerCodeLensProvider(KUSTO_SELECTOR, new PolicyCodeLensProvider(documents)),
    vscode.languages.registerCodeActionsProvider(
      KUSTO_SELECTOR,
      new KustoCodeActionProvider(documents),
      KustoCodeActionProvider.metadata,
    ),
    vscode.languages.registerFoldingRangeProvider(KUSTO_SELECTOR, new KustoFoldingProvider(documents)),
    ...registerCommands({
      [REVEAL_PROBLEM_COMMAND]: (uri, range) => revealProblem(uri as vscode.Uri, range as vscode.Range),
    }),
  ];
}
